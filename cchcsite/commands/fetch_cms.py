"""`cchcsite fetch-cms`: the explicit, online step that puts the pinned Decap CMS in the cache.

`build`, `check` and `serve` never fetch it (they never open a connection); a site
repository's CI runs this before `cchcsite build`, and `python3 build.py` runs it in its set-up.
"""

from __future__ import annotations

import argparse
import sys

from .. import decap, vi

NAME = "fetch-cms"
HELP = (
    f"tải Decap CMS {decap.VERSION} (phiên bản ghim, kiểm tra mã sha512) cho trang quản trị /admin/ vào thư mục đệm của máy; "
    "cần mạng, chạy một lần trước `cchcsite build` (bản dựng không bao giờ tự tải)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    if decap.cached() is None:
        print(f"Đang tải Decap CMS {decap.VERSION} từ {decap.tarball_url(decap.registry())}…", file=sys.stderr, flush=True)
    try:
        found = decap.fetch()
    except decap.FetchFailed as exc:
        print(f"Decap CMS: {exc}", file=sys.stderr)
        return 1
    size = sum(path.stat().st_size for path in found.files.values())
    print(f"Decap CMS {decap.VERSION}: {len(found.files)} tệp ({vi.format_number(size / 2**20, 1)} MB) trong {decap.cache_folder()}")
    return 0
