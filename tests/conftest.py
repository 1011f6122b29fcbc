"""Shared helpers: tiny site folders written to tmp, built through the real pipeline or CLI."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchcsite.pipeline import BuildOptions, BuildResult, build, check

from .browser import axe_source, browser, context, phone, playwright_driver, wide_font_browser  # noqa: F401  (shared fixtures: one Chromium per font set for the whole run)

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
# The build date as SOURCE_DATE_EPOCH (noon UTC that day), for CLI runs.
TODAY_EPOCH = "1795435200"

BASE_CONFIG = """\
title: Cải cách hành chính
organization: Sở Thử nghiệm tỉnh Hưng Yên
base_url: https://example.gov.vn/cchc/
contact:
  hotline: "0221 3 123 456"
  email: cchc@example.gov.vn
"""

NEWS = """\
---
title: {title}
date: 2024-07-15
---
Nội dung tin.
"""

PROCEDURE = """\
---
title: Đăng ký khai sinh
code: "1.001193"
field: Hộ tịch
level: xa
online: toan-trinh
steps:
  - Nộp hồ sơ tại Bộ phận Một cửa
channels:
  - mode: truc-tuyen
    duration: Trong ngày
    fee: Miễn lệ phí
documents:
  - name: Tờ khai đăng ký khai sinh
    original: 1
applicants: [Công dân Việt Nam]
agency: UBND cấp xã
result: Giấy khai sinh
legal_basis:
  - number: 60/2014/QH13
    title: Luật Hộ tịch
---
"""


def write_site(root: Path, files: dict[str, str | bytes], config: str = BASE_CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(config, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path):
    def make(files: dict[str, str | bytes], config: str = BASE_CONFIG, name: str = "site") -> Path:
        return write_site(tmp_path / name, files, config)

    return make


def copy_demo(tmp_path: Path) -> Path:
    """This repository's demo site (config, content, data files, static files, themes), copied to edit or build."""
    site = tmp_path / "demo"
    for name in ("content", "data", "static", "themes"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "config.yaml", site / "config.yaml")
    return site


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory) -> tuple[Path, BuildResult]:
    """The demo site built once per run, for the tests that only read it (its pages, feeds,
    open data, search index): a test that edits the site or builds it otherwise copies its own."""
    site = copy_demo(tmp_path_factory.mktemp("built-demo"))
    result = build_site(site)
    assert result.ok, messages(result)
    return site, result


def build_site(site: Path, **options) -> BuildResult:
    options.setdefault("today", TODAY)
    return build(BuildOptions(site_dir=site, **options))


def check_site(site: Path, **options) -> BuildResult:
    options.setdefault("today", TODAY)
    return check(BuildOptions(site_dir=site, **options))


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` by its relative path: to compare two outputs byte for byte."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def messages(result: BuildResult) -> list[str]:
    return [str(p) for p in [*result.report.errors, *result.report.warnings]]


def run_cli_here(*args: str) -> subprocess.CompletedProcess:
    """The same command line, in this process: for tests where a new interpreter proves nothing
    (argument handling, messages, files written), it saves the start-up of one each time."""
    from cchcsite.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = TODAY_EPOCH
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit:  # argparse's own exits (usage errors, --help)
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
        # main() installed its stop handlers, then ignored stop signals once done: give pytest its own back
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
    return subprocess.CompletedProcess(["cchcsite", *args], code, out.getvalue(), err.getvalue())


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "cchcsite", *args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8")
