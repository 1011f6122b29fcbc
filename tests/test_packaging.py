"""The package as users install it: a wheel, installed on its own, builds the demo site.

The wheel is built from a copy of the source (as a packager would from a clean
checkout) and installed into a fresh folder with no link back to this tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO, TODAY_EPOCH

SKIP = shutil.ignore_patterns(
    ".git", ".venv", "public", ".public.*", ".cchcsite-cache", "node_modules", "__pycache__", "*.egg-info", "build", "dist"
)
DEMO = ("config.yaml", "content", "data", "static", "themes")


def test_an_installed_wheel_builds_the_demo(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=SKIP)
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    scratch = tmp_path / "pip-tam"
    scratch.mkdir()
    pip_env = {**os.environ, "TMPDIR": str(scratch)}  # pip leaves empty pip-* folders behind: here, not in /tmp
    made = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), str(source)],
        env=pip_env,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    (wheel,) = dist.glob("cchcsite-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "cchcsite/theme/templates/home.html" in names and "cchcsite/theme/static/css/site.css" in names

    installed = tmp_path / "installed"
    done = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--target", str(installed), str(wheel)], env=pip_env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr

    site = tmp_path / "site"
    site.mkdir()
    for name in DEMO:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, site / name)
        else:
            shutil.copy2(REPO / name, site / name)
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONPATH": str(installed)}
    where = subprocess.run(
        [sys.executable, "-c", "import cchcsite; print(cchcsite.__file__)"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert Path(where.stdout.strip()).is_relative_to(installed), "the test must use the installed copy, not the source tree"

    build = subprocess.run(
        [str(installed / ("Scripts" if os.name == "nt" else "bin") / "cchcsite"), "build", "--site", str(site)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert "0 cảnh báo" in build.stdout
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert "Sở Tư pháp" in home and (site / "public" / "pagefind" / "pagefind.js").is_file()
    assert (site / "public" / "thu-tuc" / "index.html").is_file()

    # the installed copy starts a new agency's site too: the starter files are in the wheel
    started = subprocess.run(
        [
            str(installed / ("Scripts" if os.name == "nt" else "bin") / "cchcsite"),
            "init",
            str(tmp_path / "moi"),
            "--name",
            "Sở Nội vụ tỉnh Gia Lai",
            "--base-url",
            "https://snv.gialai.gov.vn/cchc/",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert started.returncode == 0, started.stdout + started.stderr
    assert (tmp_path / "moi/.github/workflows/pages.yml").is_file() and (tmp_path / "moi/netlify/plugins/cchcsite-cache/index.js").is_file()
