"""Accessibility as assessors check it: axe-core (WCAG 2.1 A/AA) in real Chromium on one page
of every kind at phone and desktop widths, a keyboard-only walk, and the site's own CSP
(served with the netlify.toml headers) reporting no violation."""
from __future__ import annotations

import pytest

from bench.page_kinds import PAGE_KINDS, first_url_per_kind

from .browser import serve_published
from .conftest import build_site
from .test_theme import copy_demo

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    site = copy_demo(tmp_path_factory.mktemp("a11y"))
    result = build_site(site)
    assert result.ok
    urls = first_url_per_kind(result.site.routes)
    urls["trang 404"] = "/khong-co-trang-nay/"
    base, stop = serve_published(site / "public", prefix=result.site.config.base_path)  # as published: /cchc/
    yield base, urls
    stop()


def open_page(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    response = page.goto(url, wait_until="load")
    return page, response


def describe(violations) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("kind", [*PAGE_KINDS, "trang 404"])
def test_no_wcag_violations_and_no_csp_violations(browser, axe_source, published, kind, width):
    base, urls = published
    page, response = open_page(browser, base + urls[kind], width)
    try:
        assert response.status == (404 if kind == "trang 404" else 200)
        page.evaluate(axe_source)
        result = page.evaluate("options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": WCAG}})
        assert result["violations"] == [], describe(result["violations"])
        assert page.evaluate("window.__cspViolations") == []
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    finally:
        page.close()


def test_keyboard_alone_reaches_online_submission_with_a_visible_focus_ring(browser, published):
    base, urls = published
    page, _ = open_page(browser, base + urls["thủ tục"], 1280)
    try:
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.textContent.trim()")
            if focused == "Nộp hồ sơ trực tuyến":
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


def test_skip_link_is_first_and_moves_focus_to_the_main_content(browser, published):
    base, urls = published
    page, _ = open_page(browser, base + urls["tin tức"], 360)
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Bỏ qua, đến nội dung chính"
        assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # visible when focused
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#noi-dung"
    finally:
        page.close()


def test_the_axe_harness_does_report_violations(browser, axe_source):
    """Guards the check above: a page with known faults must produce violations."""
    page = browser.new_page()
    try:
        page.set_content('<html><body><img src="a.png"><a href="#"></a></body></html>')
        page.evaluate(axe_source)
        result = page.evaluate("options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": WCAG}})
        assert {"image-alt", "html-has-lang", "link-name"} <= {v["id"] for v in result["violations"]}
    finally:
        page.close()
