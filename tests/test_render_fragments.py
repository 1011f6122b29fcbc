"""The header and footer are rendered once for the pages that see them alike (`fragment` in
base.html): every page must still read exactly as if each were rendered on its own, links from
its own depth and folder, the menu marking the page it is on, the 404 page linking from the base."""

from __future__ import annotations

from cchcsite.render.pages import Renderer

from .conftest import NEWS, build_site, copy_demo, messages, tree, write_site

DEEP_MENU = """\
title: Cải cách hành chính
organization: Sở Thử nghiệm tỉnh Hưng Yên
base_url: https://example.gov.vn/cchc/
brand:
  logo: /images/logo.svg
menu:
  - title: Tin tức
    url: /tin-tuc/
  - title: Tin chuyển đổi số
    url: /tin-tuc/tin-chuyen-doi-so/
  - title: Văn bản
    url: /van-ban/
  - title: Chủ đề
    url: /chu-de/
  - title: Một cửa
    url: /chu-de/mot-cua/
per_page: 2
"""


def without_fragments(monkeypatch) -> None:
    monkeypatch.setattr(Renderer, "_fragment", lambda self, name, *, caller: caller())


def test_every_page_reads_as_if_its_header_and_footer_were_rendered_for_it(tmp_path, monkeypatch):
    files = {
        f"content/tin-tuc/tin-{n}.md": NEWS.format(title=f"Tin {n}").replace(
            "---\nNội", f"tags: [{'Một cửa' if n % 2 else 'Dịch vụ công'}]\n---\nNội"
        )
        for n in range(6)
    }  # two pages of each topic: /chu-de/mot-cua/trang-2/ sees the menu's /chu-de/mot-cua/ unlike /chu-de/dich-vu-cong/trang-2/
    files["content/tin-tuc/tin-chuyen-doi-so.md"] = NEWS.format(title="Tin chuyển đổi số")
    files["static/images/logo.svg"] = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
    site = write_site(tmp_path / "site", files, DEEP_MENU)
    demo = copy_demo(tmp_path)
    for folder in (site, demo):
        cached = build_site(folder, output=folder / "cached", search=False, cache=False)
        assert cached.ok, messages(cached)
        with monkeypatch.context() as patch:
            without_fragments(patch)
            alone = build_site(folder, output=folder / "alone", search=False, cache=False)
        assert alone.ok
        assert tree(folder / "cached") == tree(folder / "alone"), folder
    page = (site / "cached/tin-tuc/tin-chuyen-doi-so/index.html").read_text(encoding="utf-8")
    assert 'href="./" aria-current="page">Tin chuyển đổi số' in page  # a menu entry two folders deep: not shared
