"""Units as content: the unit list a citizen filters by kind and searches by name (old names
too, with or without JavaScript), and one page per unit with its counter, its procedures by level
(a xã-level procedure is one page, linked from every commune, never copied), its news."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from .browser import new_page, serve_published
from .conftest import PROCEDURE, build_site, messages, write_site

CONFIG = """\
title: Cải cách hành chính
organization: UBND tỉnh Gia Lai
base_url: https://example.gov.vn/cchc/
"""
UNITS = {
    "content/don-vi/_index.md": "---\ntitle: Cơ quan, đơn vị của tỉnh\n---\nNơi tiếp nhận hồ sơ của từng đơn vị.\n",
    "content/don-vi/so-cong-thuong.md": """\
---
title: Sở Công Thương
code: H21.17
unit_type: so-nganh
address: Số 2 đường Trần Phú, phường Pleiku
hours: Sáng 7h30–11h30
phone: 0269 3 822 123
email: sct@gialai.gov.vn
map: https://maps.example.vn/?q=so-cong-thuong
---
Sở tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh.
""",
    "content/don-vi/ubnd-xa-cho-long.md": """\
---
title: UBND xã Chơ Long
code: H21.227
unit_type: xa-phuong
address: Thôn 1, xã Chơ Long
merged_from:
  - name: UBND xã Ia Kreng
    date: 2025-07-01
  - name: UBND xã Đak Sơmei
    date: 2025-07-01
---
""",
    "content/don-vi/ubnd-phuong-hoai-nhon-bac.md": "---\ntitle: UBND phường Hoài Nhơn Bắc\nunit_type: xa-phuong\n---\n",
    "content/don-vi/trung-tam-phuc-vu-hanh-chinh-cong.md": "---\ntitle: Trung tâm Phục vụ hành chính công tỉnh\nunit_type: mot-cua\n---\n",
    "content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE,
    "content/thu-tuc/kinh-doanh-ruou.md": PROCEDURE.replace("Đăng ký khai sinh", "Cấp giấy phép bán lẻ rượu")
    .replace('"1.001193"', '"2.000633"')
    .replace("level: xa", "level: tinh")
    .replace("agency: UBND cấp xã", "agency: Sở Công thương tỉnh Gia Lai"),
    "content/thu-tuc/xac-nhan-rieng.md": PROCEDURE.replace("Đăng ký khai sinh", "Xác nhận tình trạng nhà ở tại Chơ Long")
    .replace('"1.001193"', '"1.009999"')
    .replace("agency: UBND cấp xã", "agency: UBND xã Chơ Long\nunits: [H21.227]"),
    "content/tin-tuc/mot-cua-cho-long.md": "---\ntitle: Chơ Long khai trương Bộ phận Một cửa\ndate: 2026-08-01\nunits: [UBND xã Chơ Long]\n---\nNội dung.\n",
    "content/tin-tuc/tin-khac.md": "---\ntitle: Tin của Sở\ndate: 2026-08-02\n---\nNội dung.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = write_site(tmp_path_factory.mktemp("units") / "site", UNITS, CONFIG)
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    return site, result


def read(site, url: str):
    return lxml_html.parse(str(site / "public" / url.strip("/") / "index.html")).getroot()


def words(node) -> str:
    return " ".join(" ".join(node.itertext()).split())


def test_the_unit_list_has_every_unit_by_kind_with_old_names_and_links(built):
    site, _ = built
    page = read(site, "/don-vi/")
    assert page.xpath("string(//h1)") == "Cơ quan, đơn vị của tỉnh"  # the folder's _index.md titles it
    sections = {
        s.xpath("string(.//h2)").split(" (")[0].strip(): s for s in page.xpath("//main//section[.//ul[contains(@class,'unit-list')]]")
    }
    assert list(sections) == ["Sở, ban, ngành", "Xã, phường, đặc khu", "Trung tâm Phục vụ hành chính công"]
    communes = [words(a) for a in sections["Xã, phường, đặc khu"].xpath(".//li/a")]
    assert communes == ["UBND xã Chơ Long", "UBND phường Hoài Nhơn Bắc"]  # by the place's name: Chơ Long before Hoài Nhơn
    assert "(từ UBND xã Ia Kreng, UBND xã Đak Sơmei)" in words(sections["Xã, phường, đặc khu"])
    assert page.xpath("//a[normalize-space()='UBND xã Chơ Long']/@href") == ["ubnd-xa-cho-long/"]
    assert "4 đơn vị: 1 sở, ban, ngành; 2 xã, phường, đặc khu; 1 trung tâm phục vụ hành chính công." in words(page)


def test_a_kind_has_its_own_page_that_works_without_javascript(built):
    site, _ = built
    page = read(site, "/don-vi/loai/xa-phuong/")
    assert [words(a) for a in page.xpath("//ul[contains(@class,'unit-list')]//li/a")] == ["UBND xã Chơ Long", "UBND phường Hoài Nhơn Bắc"]
    assert page.xpath("//nav[contains(@class,'filters')]//span[@aria-current='page']/text()") == ["Xã, phường, đặc khu (2)"]
    assert page.xpath("//nav[contains(@class,'filters')]//a[contains(., 'Sở, ban, ngành')]/@href") == ["../so-nganh/"]


def test_without_javascript_the_name_box_is_hidden_and_the_full_list_is_there_to_find_in(built):
    site, _ = built
    page = read(site, "/don-vi/")
    assert page.xpath("//div[@data-unit-search]/@hidden") == [""]
    assert "Tìm trong trang" in " ".join(page.xpath("//noscript//text()"))
    names = page.xpath("//li[a[normalize-space()='UBND xã Chơ Long']]/@data-unit-names")
    assert names == ["ubnd xa cho long | ubnd xa ia kreng | ubnd xa dak somei"]  # what the script compares, folded


def test_a_unit_page_shows_its_counter_and_its_own_procedures_by_level(built):
    site, _ = built
    page = read(site, "/don-vi/so-cong-thuong/")
    text = words(page.xpath("//main")[0])
    assert "Sở, ban, ngành · Mã đơn vị H21.17" in text
    assert "Số 2 đường Trần Phú, phường Pleiku" in text and "Sáng 7h30–11h30" in text
    assert page.xpath("//a[@href='tel:02693822123']") and page.xpath("//a[@href='mailto:sct@gialai.gov.vn']")
    assert page.xpath("//a[normalize-space()='xem bản đồ']/@href") == ["https://maps.example.vn/?q=so-cong-thuong"]
    assert "Sở tiếp nhận hồ sơ tại Trung tâm" in text
    assert page.xpath("//h3[starts-with(normalize-space(), 'Cấp tỉnh')]")
    assert [words(a) for a in page.xpath("//table[contains(@class,'procedure-table')]//a")] == ["Cấp giấy phép bán lẻ rượu"]


def test_a_commune_links_the_shared_commune_procedures_once_and_lists_only_its_own(built):
    site, _ = built
    page = read(site, "/don-vi/ubnd-xa-cho-long/")
    text = words(page.xpath("//main")[0])
    assert "Hình thành từ việc sáp nhập UBND xã Ia Kreng (ngày 01/07/2025), UBND xã Đak Sơmei (ngày 01/07/2025)." in text
    assert "2 thủ tục cấp xã thực hiện như nhau ở mọi xã, phường" in text
    assert page.xpath("//a[normalize-space()='xem danh sách thủ tục cấp xã']/@href") == ["../../thu-tuc/cap/xa/"]
    listed = [words(a) for a in page.xpath("//table[contains(@class,'procedure-table')]//a")]
    assert listed == ["Xác nhận tình trạng nhà ở tại Chơ Long"]  # named for this commune; "Đăng ký khai sinh" is not copied here
    other = read(site, "/don-vi/ubnd-phuong-hoai-nhon-bac/")
    assert not other.xpath("//table[contains(@class,'procedure-table')]")


def test_a_unit_page_lists_the_news_naming_it(built):
    site, _ = built
    news = [words(a) for a in read(site, "/don-vi/ubnd-xa-cho-long/").xpath("//ul[contains(@class,'item-list')]//h3/a")]
    assert news == ["Chơ Long khai trương Bộ phận Một cửa"]
    assert not read(site, "/don-vi/so-cong-thuong/").xpath("//ul[contains(@class,'item-list')]")


def test_a_unit_page_is_rendered_again_when_a_procedure_naming_it_changes(built, tmp_path):
    site = write_site(tmp_path / "site", UNITS, CONFIG)
    assert build_site(site, search=False).ok
    target = site / "content/thu-tuc/kinh-doanh-ruou.md"
    target.write_text(
        target.read_text(encoding="utf-8").replace("Cấp giấy phép bán lẻ rượu", "Cấp giấy phép bán buôn rượu"), encoding="utf-8"
    )
    again = build_site(site, search=False)
    assert "/don-vi/so-cong-thuong/" in again.rendered_urls and "/don-vi/ubnd-xa-cho-long/" not in again.rendered_urls
    assert "Cấp giấy phép bán buôn rượu" in words(read(site, "/don-vi/so-cong-thuong/"))


def test_unit_mistakes_are_clear_messages(tmp_path):
    site = write_site(
        tmp_path / "site",
        {
            "content/don-vi/a.md": "---\ntitle: Sở A\ncode: H21.17\nunit_type: so\nemail: khong-co\n---\n",
            "content/don-vi/b.md": "---\ntitle: Sở B\ncode: H21.17\nunit_type: so-nganh\n---\n",
            "content/don-vi/c.md": "---\ntitle: Sở C\ncode: Sở C\nunit_type: so-nganh\n---\n",
            "content/don-vi/d.md": "---\ntitle: Sở D\ncode: H21.18\nunit_type: so-nganh\n---\n",
            "content/don-vi/e.md": "---\ntitle: Sở E\ncode: H21.18\nunit_type: so-nganh\nemail: sai\n---\n",
        },
        CONFIG,
    )
    result = build_site(site, search=False)
    found = messages(result)
    assert any(m.startswith("content/don-vi/a.md:4:") and "`unit_type`: `so` không hợp lệ" in m and "`xa-phuong`" in m for m in found), (
        found
    )
    assert any(m.startswith("content/don-vi/c.md:3:") and "H21.17" in m for m in found), found
    assert any(m.startswith("content/don-vi/e.md:3:") and "trùng với content/don-vi/d.md" in m for m in found), found
    assert any(m.startswith("content/don-vi/e.md:5:") and "thư điện tử" in m for m in found), found


def test_the_name_box_finds_units_by_old_names_typed_without_marks(built, context):
    site, result = built
    base, stop = serve_published(site / "public", prefix=result.site.config.base_path)
    page = new_page(context, 360, 800)
    try:
        page.goto(base + "/don-vi/", wait_until="load")
        box = page.get_by_label("Tìm theo tên đơn vị, kể cả tên xã, phường cũ trước sáp nhập")
        box.fill("ia kreng")
        visible = page.evaluate(
            "[...document.querySelectorAll('[data-unit-names]')].filter(li => !li.hidden).map(li => li.querySelector('a').textContent)"
        )
        assert visible == ["UBND xã Chơ Long"]
        assert page.locator("#tim-don-vi-ket-qua").text_content() == "1 đơn vị có tên phù hợp"
        assert page.evaluate("[...document.querySelectorAll('main section')].filter(s => !s.hidden).length") == 1
        box.fill("không có xã này")
        assert page.locator("[data-unit-none]").is_visible()
        box.fill("")
        assert page.evaluate("document.querySelectorAll('[data-unit-names]:not([hidden])').length") == 4
    finally:
        page.close()
        stop()
