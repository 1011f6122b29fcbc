"""End-to-end builds of small sites: URLs, links under a sub-path, the failed-build
guarantee, determinism, feeds, open data."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from cchcsite.write import OutputWriter

from .conftest import BASE_CONFIG, DOCUMENT, NEWS, PROCEDURE, build_site, messages, run_cli_here, tree
from .htmlrefs import parse, resolve


def small_site(make_site, config=BASE_CONFIG, news_count=3):
    files = {
        f"content/tin-tuc/tin-{n}.md": NEWS.format(title=f"Tin số {n}").replace("2024-07-15", f"2024-07-{10 + n}")
        for n in range(news_count)
    }
    files.update(
        {
            "content/_index.md": "---\ntitle: Cải cách hành chính\n---\nChuyên mục cải cách hành chính của Sở.\n",
            "content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE,
            "content/van-ban/ke-hoach-2023.md": DOCUMENT,
            "content/lien-he.md": "---\ntitle: Liên hệ\n---\nGọi [đường dây nóng](/lien-he/#duong-day-nong) hoặc xem [thủ tục](/thu-tuc/dang-ky-khai-sinh/).\n\n"
            # relative references resolve against the page's own address, as the browser reads them
            "Xem [kế hoạch](../van-ban/ke-hoach-2023/) và [toàn văn](../files/ke-hoach.pdf).\n\n## Đường dây nóng\n\n0221 3 123 456\n",
            "static/files/ke-hoach.pdf": b"%PDF-1.4\n" + b"0" * 1300,
        }
    )
    return make_site(files, config=config)


def html_files(output):
    return sorted(p for p in output.rglob("*.html"))


def test_every_url_of_the_site_contract_is_built(make_site):
    site = small_site(make_site)
    result = build_site(site)
    assert result.ok, messages(result)
    out = site / "public"
    for path in [
        "index.html", "tin-tuc/index.html", "tin-tuc/tin-1/index.html", "van-ban/index.html", "van-ban/ke-hoach-2023/index.html",
        "thu-tuc/index.html", "thu-tuc/dang-ky-khai-sinh/index.html", "thu-tuc/linh-vuc/ho-tich/index.html", "chi-so/index.html",
        "thong-ke/index.html", "chu-de/index.html", "tru-cot/the-che/index.html", "tim-kiem/index.html", "lien-he/index.html",
        "404.html", "feed.xml", "sitemap.xml", "robots.txt", "du-lieu/thu-tuc.json", "du-lieu/thu-tuc.csv",
    ]:  # fmt: skip
        assert (out / path).is_file(), path


def test_links_resolve_inside_the_output_under_a_sub_path(make_site):
    site = small_site(make_site, config=BASE_CONFIG.replace("https://example.gov.vn/cchc/", "https://tinh.gov.vn/so/tu-phap/cchc/"))
    assert build_site(site).ok
    out = site / "public"
    checked = 0
    for page in html_files(out):
        if page.name == "404.html":
            continue
        for tag, attribute, ref in parse(page.read_text(encoding="utf-8")).refs:
            target = resolve(out, page, ref)
            if target is not None:
                assert target.is_file(), f"{page.relative_to(out)}: <{tag} {attribute}={ref!r}> → missing {target.relative_to(out)}"
                checked += 1
    assert checked > 200


def test_404_page_links_from_the_base_path_because_it_is_served_at_any_depth(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    html = (site / "public/404.html").read_text(encoding="utf-8")
    refs = [ref for _, _, ref in parse(html).refs]
    assert "/cchc/thu-tuc/" in refs
    assert any(ref.startswith("/cchc/assets/site.") for ref in refs)


def test_every_page_has_title_description_canonical_and_open_graph(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    out = site / "public"
    for page in html_files(out):
        if page.name == "404.html" or '<meta http-equiv="refresh"' in page.read_text(encoding="utf-8"):
            continue
        meta = parse(page.read_text(encoding="utf-8")).meta
        url = page.parent.relative_to(out).as_posix()
        expected = "https://example.gov.vn/cchc/" + ("" if url == "." else url + "/")
        assert meta["canonical"] == expected, page
        assert meta["og:url"] == expected
        assert meta["description"] and meta["og:title"] and meta["og:description"], page


def test_base_url_can_be_overridden_from_the_command_line(make_site):
    site = small_site(make_site)
    assert build_site(site, base_url="https://staging.example.vn/").ok
    meta = parse((site / "public/tin-tuc/tin-1/index.html").read_text(encoding="utf-8")).meta
    assert meta["canonical"] == "https://staging.example.vn/tin-tuc/tin-1/"


def test_failed_build_leaves_the_last_good_output_byte_identical(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    before = tree(site / "public")
    (site / "content/tin-tuc/tin-1.md").write_text("---\ntitle: Hỏng\ndate: 2024-13-45\n---\n", encoding="utf-8")
    (site / "content/tin-tuc/moi.md").write_text(NEWS.format(title="Tin mới"), encoding="utf-8")
    result = run_cli_here("build", "--site", str(site))
    assert result.returncode == 1
    assert "content/tin-tuc/tin-1.md:3: `date`: `2024-13-45` không có thật trên lịch" in result.stderr
    assert "Trang đã dựng lần trước được giữ nguyên" in result.stderr
    after = tree(site / "public")
    assert after == before
    assert not any(p.name.startswith(".public") for p in site.iterdir())


def test_template_error_is_reported_with_its_file_and_line_and_keeps_old_output(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    before = (site / "public/tin-tuc/tin-1/index.html").read_bytes()
    theme = site / "themes/hong/templates"
    theme.mkdir(parents=True)
    (theme / "news.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ page.khong_co_truong }}\n{% endblock %}\n', encoding="utf-8"
    )
    (site / "config.yaml").write_text(BASE_CONFIG + "theme: hong\n", encoding="utf-8")
    result = run_cli_here("build", "--site", str(site))
    assert result.returncode == 1
    assert "themes/hong/templates/news.html:3: lỗi giao diện khi dựng /tin-tuc/" in result.stderr
    assert (site / "public/tin-tuc/tin-1/index.html").read_bytes() == before


def test_template_syntax_error_names_the_file_and_line_and_keeps_old_output(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    before = tree(site / "public")
    theme = site / "themes/hong/templates"
    theme.mkdir(parents=True)
    (theme / "news.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% if page.title %}\n{{ page.title }\n{% endblock %}\n', encoding="utf-8"
    )
    (site / "config.yaml").write_text(BASE_CONFIG + "theme: hong\n", encoding="utf-8")
    result = run_cli_here("build", "--site", str(site))
    assert result.returncode == 1, result.stderr
    assert "Lỗi nội bộ" not in result.stderr
    assert "themes/hong/templates/news.html:4: lỗi cú pháp trong mẫu giao diện" in result.stderr
    after = tree(site / "public")
    assert after == before


def test_same_input_gives_byte_identical_output(make_site, tmp_path):
    site = small_site(make_site)
    assert build_site(site, output=tmp_path / "one").ok
    assert build_site(site, output=tmp_path / "two").ok
    one = tree(tmp_path / "one")
    two = tree(tmp_path / "two")
    assert one == two
    assert len(one) > 30


def test_writer_never_writes_outside_the_output(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    with OutputWriter(tmp_path / "out", site) as writer:
        with pytest.raises(ValueError):
            writer.write("../ngoai.html", b"x")
        with pytest.raises(ValueError):
            writer.write("/etc/passwd", b"x")
    assert not (tmp_path / "ngoai.html").exists()


@pytest.mark.parametrize("output", [".", "content", "..", "khong-trong"])
def test_dangerous_output_folders_are_refused(make_site, output):
    site = small_site(make_site)
    (site / "khong-trong").mkdir()
    (site / "khong-trong/ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    result = run_cli_here("build", "--site", str(site), "--output", str(site / output))
    assert result.returncode == 2, result.stderr
    assert "thư mục đầu ra" in result.stderr
    assert (site / "content/_index.md").exists()
    assert (site / "khong-trong/ghi-chu.txt").read_text(encoding="utf-8") == "của tôi"


def test_news_list_is_paginated(make_site):
    site = small_site(make_site, config=BASE_CONFIG + "per_page: 2\n", news_count=5)
    assert build_site(site).ok
    out = site / "public/tin-tuc"
    assert (out / "trang/3/index.html").exists()
    assert not (out / "trang/4").exists()
    first = (out / "index.html").read_text(encoding="utf-8")
    assert first.index("Tin số 4") < first.index("Tin số 3")  # newest first
    assert 'href="trang/2/"' in first
    last = (out / "trang/3/index.html").read_text(encoding="utf-8")
    assert "Tin số 0" in last and 'rel="prev"' in last


def test_atom_feed_sitemap_and_robots(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    out = site / "public"
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 4  # 3 news + 1 document
    assert "<id>https://example.gov.vn/cchc/tin-tuc/tin-2/</id>" in feed
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.gov.vn/cchc/thu-tuc/dang-ky-khai-sinh/</loc>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: https://example.gov.vn/cchc/sitemap.xml" in (out / "robots.txt").read_text()


def test_aliases_become_redirect_pages_and_netlify_redirects(make_site):
    site = make_site({"content/tin-tuc/moi.md": "---\ntitle: Tin mới\ndate: 2024-07-15\naliases: [/tin-cu/hoi-nghi/]\n---\nNội dung.\n"})
    assert build_site(site).ok
    redirect = (site / "public/tin-cu/hoi-nghi/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../tin-tuc/moi/">' in redirect
    assert (site / "public/_redirects").read_text() == "/tin-cu/hoi-nghi/ https://example.gov.vn/cchc/tin-tuc/moi/ 301\n"


def test_netlify_rules_name_paths_as_netlify_serves_the_output_folder(make_site):
    """Netlify serves public/ at its own root (a site under /cchc/ reaches it through the main host, prefix
    stripped): every `_headers` pattern and `_redirects` source is a path of the output folder, with no
    base path, and a redirect's target is the address visitors use. `_redirects` had `/cchc/` and `_headers` not."""
    files = {"content/tin-tuc/moi.md": "---\ntitle: Tin mới\ndate: 2024-07-15\naliases: [/tin-cu/hoi-nghi/]\n---\nNội dung.\n"}
    for base_url, target in (
        ("https://tinh.gov.vn/cchc/", "https://tinh.gov.vn/cchc/tin-tuc/moi/"),
        ("https://cchc.tinh.gov.vn/", "/tin-tuc/moi/"),
    ):
        site = make_site(
            files, config=BASE_CONFIG.replace("https://example.gov.vn/cchc/", base_url), name=base_url.split("//")[1].replace("/", "-")
        )
        assert build_site(site).ok
        out = site / "public"
        source, goes_to, status = (out / "_redirects").read_text().split()
        assert (out / source.strip("/") / "index.html").is_file() and (goes_to, status) == (target, "301")
        patterns = [line for line in (out / "_headers").read_text().splitlines() if line and not line[0].isspace()]
        assert "/tin-tuc/*" in patterns and "/tin-cu/*" in patterns
        assert all((out / pattern.strip("/*")).exists() for pattern in patterns), patterns


def test_procedure_open_data_json_and_csv(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    records = json.loads((site / "public/du-lieu/thu-tuc.json").read_text(encoding="utf-8"))
    assert records[0]["code"] == "1.001193"
    assert records[0]["channels"][0] == {"mode": "truc-tuyen", "duration": "Trong ngày", "fee": "Miễn lệ phí", "note": ""}
    assert records[0]["url"] == "https://example.gov.vn/cchc/thu-tuc/dang-ky-khai-sinh/"
    raw = (site / "public/du-lieu/thu-tuc.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["title"] == "Đăng ký khai sinh"
    assert rows[0]["level"] == "xa"
    assert rows[0]["applicants"] == "Công dân Việt Nam"


def test_procedure_page_shows_every_field(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    html = (site / "public/thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    for text in ["1.001193", "Hộ tịch", "Cấp xã", "Toàn trình", "Trong ngày", "Miễn lệ phí", "Nộp hồ sơ tại Bộ phận Một cửa",
                 "Tờ khai đăng ký khai sinh", "Công dân Việt Nam", "UBND cấp xã", "Giấy khai sinh", "60/2014/QH13", "Luật Hộ tịch",
                 '"@type": "GovernmentService"']:  # fmt: skip
        assert text in html, text


def test_document_status_is_derived_from_its_dates(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    html = (site / "public/van-ban/ke-hoach-2023/index.html").read_text(encoding="utf-8")
    assert "Hết hiệu lực" in html
    assert "(PDF, 1 KB)" in html


def test_contact_block_is_on_every_page(make_site):
    site = small_site(make_site)
    assert build_site(site).ok
    for page in html_files(site / "public"):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text:
            assert 'href="tel:02213123456"' in text and "cchc@example.gov.vn" in text, page


def test_the_pillars_page_lists_them_in_the_order_of_nq_76(built_demo):
    """NQ 76/NQ-CP orders the reform's pillars; sorted by slug, "Chính quyền số" came second and "Thể chế" fifth."""
    site, result = built_demo
    page = (site / "public/tru-cot/index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="count">', page.split('class="term-list"', 1)[1])
    assert listed == [
        "Công tác chỉ đạo, điều hành",
        "Cải cách thể chế",
        "Cải cách thủ tục hành chính",
        "Cải cách tổ chức bộ máy",
        "Cải cách chế độ công vụ",
        "Cải cách tài chính công",
        "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    ]
