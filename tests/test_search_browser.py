"""Vietnamese search as citizens use it: real queries against the really built index of the demo
site, typed into the page in Debian's Chromium, served under the site's sub-path (/cchc/) with
the netlify.toml headers (CSP included). One build, one server, one browser tab for the module."""

from __future__ import annotations

import re

import pytest

from cchcsite.search import STROKE

from .browser import (  # the browser, context and axe_source fixtures come from conftest.py (one Chromium per run)
    axe_violations,
    csp_violations,
    found_and_kinds_counted,
    new_page,
    results,
    search,
    serve_published,
    wait_for_results,
    watched_page,
    without_script_errors,
)
from .conftest import DEO_PAGES, build_site, copy_demo, messages


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    site = copy_demo(tmp_path_factory.mktemp("search-browser"))
    for name, text in DEO_PAGES.items():
        (site / name).write_text(text, encoding="utf-8")
    result = build_site(site)
    assert result.ok, messages(result)
    assert result.site.config.base_path == "/cchc/"
    base, stop = serve_published(site / "public", prefix=result.site.config.base_path)
    yield base, result.site
    stop()


@pytest.fixture(scope="module")
def tab(context):
    """One tab for the module: each test loads its own pages in it, and the search's scripts and
    WebAssembly stay compiled from one test to the next."""
    watched = watched_page(context, 1280, 900)
    yield watched
    watched[0].close()


@pytest.fixture
def page(tab):
    """The module's tab at desktop width; after the test: no script error, nothing the CSP blocked."""
    yield from without_script_errors(tab, {"width": 1280, "height": 900})
    assert csp_violations(tab[0]) == []


@pytest.mark.parametrize(
    "query, first",
    [
        ("thu tuc dang ky khai sinh", "/thu-tuc/dang-ky-khai-sinh/"),
        ("dat dai", "/tin-tuc/phoi-hop-giai-quyet-thu-tuc-dat-dai/"),
        ("Đất đai", "/tin-tuc/phoi-hop-giai-quyet-thu-tuc-dat-dai/"),
        ("hoat dong khoa hoc", "/tin-tuc/hoi-thao-khoa-hoc-hoan-thien-the-che-cchc/"),
        ("ly lich tu phap", "/thu-tuc/cap-phieu-ly-lich-tu-phap/"),
        ("dang ky", "/thu-tuc/dang-ky-khai-sinh/"),
        ("PAR INDEX 2023", "/chi-so/par-index-2023/"),
        ("đèo", "/deo-hai-van/"),  # exact diacritics rank first: "đèo" before "dẻo"...
        ("dẻo", "/deo-dai/"),  # ...and "dẻo" before "đèo"
    ],
)
def test_query_finds_the_right_page_first(page, published, query, first):
    base, _ = published
    found = search(page, base, query)
    assert found, f"no result for {query!r}"
    assert found[0]["href"] == "/cchc" + first, [r["href"] for r in found[:5]]
    for result in found:
        # what people read is proper Vietnamese, never the index's folded spelling
        assert STROKE not in result["title"] + result["excerpt"] + result["meta"]
        assert result["title"] == result["title"].strip() and result["title"]
    assert found[0]["marks"], "the excerpt highlights the matched words"


def test_d_with_stroke_typed_finds_the_pages_titled_with_it(page, published):
    """ "đăng ký" is in the title of several pages: all of them come first, procedures among them."""
    base, _ = published
    found = search(page, base, "đăng ký")
    titled = [r for r in found if "đăng ký" in r["title"].lower()]
    assert len(titled) >= 5 and found[: len(titled)] == titled, [r["title"] for r in found[:8]]
    assert "/cchc/thu-tuc/dang-ky-khai-sinh/" in [r["href"] for r in found[:2]]
    assert all("đăng" in [m.lower() for m in r["marks"]] for r in found[:5])


def test_a_quoted_phrase_is_searched_as_its_words(page, published):
    """Pagefind's phrase search finds nothing for most Vietnamese phrases (accent variants)."""
    base, _ = published
    found = search(page, base, '"đăng ký khai sinh"')
    assert "/cchc/thu-tuc/dang-ky-khai-sinh/" in [r["href"] for r in found[:2]]


def test_results_show_title_kind_date_and_an_excerpt_highlighting_d_words(page, published):
    base, _ = published
    found = search(page, base, "dat dai")
    top = found[0]
    assert top["title"].startswith("Phối hợp rút ngắn thời gian giải quyết hồ sơ")
    assert top["meta"] == "Tin tức · 10/09/2025"
    assert {"đất", "đai"} <= {mark.lower().strip(".,;:") for mark in top["marks"]}
    assert page.locator("[data-search-status]").text_content() == f"Tìm thấy {len(found)} kết quả cho “dat dai”."


def test_both_spellings_of_d_find_both_pages(page, published):
    base, _ = published
    for query in ("deo", "Deo"):
        assert {r["href"] for r in search(page, base, query)} == {"/cchc/deo-hai-van/", "/cchc/deo-dai/"}
    # a filter in the address (a shared link) is applied and shown
    page.goto(f"{base}/tim-kiem/?q=deo&kind=Trang")
    wait_for_results(page)
    assert len(results(page)) == 2
    assert page.locator("input[name=kind][value=Trang]").is_checked()


def test_typing_in_the_header_box_lists_birth_registration_first(page, published):
    """The issue's "done when": typed without diacritics in the search box of the demo site."""
    base, _ = published
    page.goto(base + "/")
    page.get_by_label("Tìm kiếm trên trang").fill("thu tuc dang ky khai sinh")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cchc/tim-kiem/\?q=thu\+tuc\+dang\+ky\+khai\+sinh$"))
    wait_for_results(page)
    first = page.locator(".search-result a").first
    assert first.text_content() == "Đăng ký khai sinh"
    assert first.get_attribute("href") == "/cchc/thu-tuc/dang-ky-khai-sinh/"
    first.click()
    page.wait_for_url(base + "/thu-tuc/dang-ky-khai-sinh/")
    assert page.locator("h1").text_content().strip() == "Đăng ký khai sinh"


def test_typing_on_the_search_page_updates_results_and_the_address(page, published):
    base, _ = published
    page.goto(base + "/tim-kiem/")
    box = page.locator("#search-page")
    box.focus()
    page.keyboard.type("ly lich tu phap", delay=20)
    from playwright.sync_api import expect

    expect(page.locator("[data-search-status]")).to_have_text(re.compile(r"^Tìm thấy \d+ kết quả cho “ly lich tu phap”"), timeout=15_000)
    assert page.url.endswith("/cchc/tim-kiem/?q=ly+lich+tu+phap")  # a shareable address, without reloading
    assert results(page)[0]["href"] == "/cchc/thu-tuc/cap-phieu-ly-lich-tu-phap/"


def test_filter_by_linh_vuc(page, published):
    base, site = published
    civil_status = {p.url for p in site.pages.values() if p.kind == "procedure" and p.data.field == "Hộ tịch"}
    assert len(civil_status) >= 3
    search(page, base, "dang ky")
    before = {r["href"] for r in results(page)}
    assert any(not href.startswith("/cchc/thu-tuc/") for href in before)
    page.locator("summary", has_text="Lọc kết quả").click()  # the filters fold away below the results
    fieldset = page.locator("fieldset", has=page.locator("legend", has_text="Lĩnh vực"))
    fieldset.get_by_label(re.compile(r"^Hộ tịch \(\d+\)$")).check()
    page.wait_for_url(re.compile(r"field=H%E1%BB%99\+t%E1%BB%8Bch"))
    wait_for_results(page)
    after = {r["href"].removeprefix("/cchc") for r in results(page)}
    assert after and after <= civil_status, after
    assert "/thu-tuc/dang-ky-khai-sinh/" in after
    # the filter alone, without a query, lists the whole lĩnh vực
    page.locator("#search-page").fill("")
    page.locator("#search-page").press("Enter")
    wait_for_results(page)
    assert {r["href"].removeprefix("/cchc") for r in results(page)} == civil_status


def test_more_results_by_keyboard_moves_focus_to_the_first_new_result(page, published):
    base, _ = published
    found = search(page, base, "dang ky")
    assert len(found) == 10
    more = page.get_by_role("button", name="Xem thêm kết quả")
    more.focus()
    page.keyboard.press("Enter")
    page.locator(".search-result").nth(10).wait_for()
    assert page.evaluate("document.activeElement === document.querySelectorAll('.search-result a')[10]")
    count = int(re.search(r"Tìm thấy (\d+)", page.locator("[data-search-status]").text_content()).group(1))
    from playwright.sync_api import expect

    expect(page.locator(".search-result")).to_have_count(min(count, 20))  # the rest of the batch follows the first


def test_more_results_shows_only_while_there_are_more(page, published):
    """The "Xem thêm kết quả" button is there only while results are left to show: not for a search with
    fewer than ten results, and gone once the last ones are shown (the theme's `.button`
    display rule once beat the `hidden` attribute: a button always shown that did nothing)."""
    base, _ = published
    more = page.get_by_role("button", name="Xem thêm kết quả")
    few = search(page, base, "deo hai van")
    assert 0 < len(few) < 10 and not more.is_visible()
    assert page.locator("[data-search-more]").evaluate("button => getComputedStyle(button).display") == "none"
    search(page, base, "dang ky")
    count = int(re.search(r"Tìm thấy (\d+)", page.locator("[data-search-status]").text_content()).group(1))
    assert count > 10 and more.is_visible()
    from playwright.sync_api import expect

    for shown in range(20, count + 10, 10):
        more.click()
        expect(page.locator(".search-result")).to_have_count(min(shown, count))
        if shown >= count:
            break
    expect(more).to_be_hidden()


def test_search_page_with_results_has_no_wcag_violations(page, published, axe_source):
    base, _ = published
    search(page, base, "đăng ký")
    status = page.locator("[data-search-status]")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    page.evaluate(axe_source)
    for filters_open in (False, True):
        if filters_open:
            page.locator("summary", has_text="Lọc kết quả").click()
        violations = axe_violations(page)
        assert violations == [], [(v["id"], v["help"]) for v in violations]


def test_no_results_says_so_and_points_to_the_catalogue(page, published):
    base, _ = published
    search(page, base, "xyzqwv")
    assert page.locator("[data-search-status]").text_content().startswith("Không tìm thấy kết quả nào cho “xyzqwv”")
    assert page.get_by_role("link", name="Danh mục thủ tục hành chính").is_visible()


def test_without_javascript_the_page_offers_the_catalogue_and_lists(browser, published):
    base, _ = published
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "/tim-kiem/?q=dang+ky")
        assert page.locator("#search-app").is_hidden()
        for name in ("Danh mục thủ tục hành chính", "Văn bản chỉ đạo, điều hành", "Tin tức", "Chỉ số cải cách hành chính"):
            assert page.get_by_role("link", name=name, exact=True).first.is_visible(), name
            assert page.get_by_label("Nhập từ cần tìm (có dấu hoặc không dấu)").is_visible()
        message = page.locator(".search-nojs")
        assert message.is_visible() and "cần JavaScript" in message.text_content()
        assert message.get_by_role("link", name="danh mục thủ tục hành chính").get_attribute("href") == "../thu-tuc/"
        assert message.get_by_role("link", name="danh sách văn bản").is_visible()
        assert page.get_by_role("link", name="Hộ tịch").is_visible()  # the lĩnh vực lists
    finally:
        context.close()


def test_on_a_phone_the_results_come_first_and_the_counts_follow_the_results(context, published):
    base, _ = published
    page = new_page(context, 360, 800)
    try:
        search(page, base, "khai sinh")
        top = page.evaluate("document.querySelector('.search-result').getBoundingClientRect().top")
        assert top <= 800 - 60, f"the first result starts at y={top}"
        results_end = page.evaluate("document.querySelector('.search-results').getBoundingClientRect().bottom")
        filters = page.locator("details.search-filters-box")
        assert filters.evaluate("d => d.getBoundingClientRect().top") >= results_end and not filters.evaluate("d => d.open")
        filters.locator("summary").click()
        found, counted = found_and_kinds_counted(page)
        assert counted == found  # counts of the current results (not of the whole site), as soon as they show
    finally:
        page.close()


def test_a_commune_is_found_by_the_name_it_had_before_the_merger_typed_without_marks(page, published):
    """Citizens still search by the old names: "bao khe" (xã Bảo Khê, merged into phường Phố Hiến)."""
    base, _ = published
    found = search(page, base, "bao khe")
    assert found and found[0]["href"] == "/cchc/don-vi/ubnd-phuong-pho-hien/", [r["href"] for r in found[:5]]
    assert found[0]["meta"].startswith("Đơn vị")
