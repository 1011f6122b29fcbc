"""Accessibility as assessors check it: axe-core (WCAG 2.2 A/AA) in real Chromium on one page
of every kind at 320 px (WCAG 1.4.10 reflow), phone and desktop widths, every page of the demo
without sideways scrolling at 320 px with the Android phones' fonts and with a wider fallback font,
a keyboard-only walk, and the site's own CSP (served
with the netlify.toml headers) reporting no violation."""

from __future__ import annotations

import pytest

from bench.page_kinds import PAGE_KINDS, first_url_per_kind

from .browser import FONT_SETS, axe_violations, csp_violations, describe_violations, new_page, rendered_fonts, serve_published

WIDTHS = (320, 360, 1280)


@pytest.fixture(scope="module")
def published(built_demo):
    site, result = built_demo
    assert result.ok
    urls = first_url_per_kind(result.routes.all)
    urls["trang 404"] = "/khong-co-trang-nay/"
    base, stop = serve_published(site / "public", prefix=result.site.config.base_path)  # as published: /cchc/
    yield base, urls, site / "public"
    stop()


@pytest.fixture(scope="module")
def tab(context):
    """One tab for the checks that load a page and measure it: loads in the same tab reuse the
    compiled scripts (on a new tab, compiling axe-core takes as long as running it)."""
    page = context.new_page()
    yield page
    page.close()


def load(page, url: str, width: int, height: int = 900):
    page.set_viewport_size({"width": width, "height": height})
    return page.goto(url, wait_until="load")


def open_page(context, url: str, width: int):
    page = new_page(context, width)
    response = page.goto(url, wait_until="load")
    return page, response


@pytest.mark.parametrize("kind", [*PAGE_KINDS, "trang 404"])
def test_no_wcag_violations_and_no_csp_violations(tab, axe_source, published, kind):
    """Each page is loaded once and checked at every width (the viewport is changed in place)."""
    base, urls, _ = published
    response = load(tab, base + urls[kind], WIDTHS[0])
    assert response.status == (404 if kind == "trang 404" else 200)
    tab.evaluate(axe_source)
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(tab)
        assert violations == [], f"{width}px:\n" + describe_violations(violations)
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    assert csp_violations(tab) == []


@pytest.fixture(scope="module")
def wide_font_tab(wide_font_browser):
    context = wide_font_browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("fonts", sorted(FONT_SETS))
def test_no_page_of_the_demo_scrolls_sideways_at_320_px(request, published, fonts):
    """WCAG 1.4.10: every page reflows at 320 CSS px; the header's "Tìm" button is not cut. Twice:
    with the fonts of Android phones, and with a wider font (a phone with none of the theme's)."""
    tab = request.getfixturevalue("tab" if fonts == "noto" else "wide_font_tab")
    base, _, output = published
    pages = sorted(p for p in output.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    assert len(pages) > 50
    wide = []
    for number, file in enumerate(pages):
        url = "/" + file.parent.relative_to(output).as_posix().strip(".") + "/"
        load(tab, base + url.replace("//", "/"), 320, 800)
        if number == 0:
            assert rendered_fonts(tab, ".header-main .search-row button") == {FONT_SETS[fonts].family}
        width, button = tab.evaluate(
            "[document.documentElement.scrollWidth, document.querySelector('.header-main .search-row button').getBoundingClientRect().right]"
        )
        if width > 320 or button > 320:
            wide.append((url, width, button))
    assert wide == []


def test_keyboard_alone_reaches_online_submission_with_a_visible_focus_ring(context, published):
    base, urls, _ = published
    page, _ = open_page(context, base + urls["thủ tục"], 1280)
    try:
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.textContent.trim()")
            if focused.startswith("Nộp hồ sơ trực tuyến"):  # "… trên Cổng Dịch vụ công quốc gia": which portal it opens
                break
        else:
            pytest.fail("Tab never reached the 'Nộp hồ sơ trực tuyến' link")
        ring = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return {outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }"""
        )
        assert ring["outline"] != "none 0px" or ring["shadow"] != "none", ring
    finally:
        page.close()


def test_skip_link_is_first_and_moves_focus_to_the_main_content(context, published):
    base, urls, _ = published
    page, _ = open_page(context, base + urls["tin tức"], 360)
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Bỏ qua, đến nội dung chính"
        assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # visible when focused
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#noi-dung"
    finally:
        page.close()


def test_the_axe_harness_does_report_violations(context, axe_source):
    """Guards the check above: a page with known faults must produce violations."""
    page = context.new_page()
    try:
        page.set_content('<html><body><img src="a.png"><a href="#"></a></body></html>')
        page.evaluate(axe_source)
        assert {"image-alt", "html-has-lang", "link-name"} <= {v["id"] for v in axe_violations(page)}
    finally:
        page.close()


def test_on_a_phone_each_procedures_summary_box_fits_one_screen(tab, published):
    base, _, output = published
    procedures = sorted(
        p.parent.name
        for p in (output / "thu-tuc").glob("*/index.html")
        if (p.parent / "index.html").read_text(encoding="utf-8").count('class="summary-box"')
    )
    assert len(procedures) >= 8
    heights = {}
    for name in procedures:
        load(tab, f"{base}/thu-tuc/{name}/", 360, 800)
        heights[name] = tab.evaluate("document.querySelector('.summary-box').getBoundingClientRect().height")
    assert max(heights.values()) <= 800, heights


def test_printed_procedure_keeps_form_and_legal_basis_addresses_the_date_and_the_hotline(context, published):
    base, _, _ = published
    page = context.new_page()
    try:
        page.goto(base + "/thu-tuc/dang-ky-khai-sinh/")
        page.emulate_media(media="print")
        after = page.evaluate(
            """() => [...document.querySelectorAll('.papers a[download], .legal-basis a')].map(a => getComputedStyle(a, '::after').content)"""
        )
        assert after and all(text.startswith('" (https://sotuphap.hungyen.gov.vn/cchc/') for text in after), after
        source = page.locator(".print-source")
        assert source.is_visible()
        assert "cập nhật 04/07/2025" in source.text_content() and "Đường dây nóng: 0221 3 555 868" in source.text_content()
        assert not page.locator("nav.toc").is_visible()
    finally:
        page.close()
