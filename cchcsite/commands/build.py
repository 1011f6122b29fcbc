"""`cchcsite build`: the whole pipeline into public/, swapped in only on success."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..pipeline import BuildOptions, build
from .summary import failure_counts, print_problems, summary

NAME = "build"
HELP = "dựng trang vào thư mục public/ (chỉ thay trang cũ khi dựng thành công)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", metavar="THƯ_MỤC", help="thư mục đầu ra; mặc định: public trong thư mục trang")
    parser.add_argument("--base-url", metavar="URL", help="thay base_url của config.yaml, ví dụ https://tinh.gov.vn/cchc/")
    parser.add_argument("--drafts", action="store_true", help="dựng cả bản nháp (draft: true)")
    parser.add_argument("--jobs", type=int, metavar="N", help="số tiến trình dựng song song; mặc định: số lõi CPU")
    parser.add_argument("--no-search", action="store_true", help="bỏ qua bước lập chỉ mục tìm kiếm (Pagefind)")
    parser.add_argument("--no-cache", action="store_true", help="dựng lại toàn bộ, không dùng bộ nhớ đệm .cchcsite-cache/")


def options_from(args: argparse.Namespace) -> BuildOptions:
    site = Path(args.site)
    output = Path(args.output) if getattr(args, "output", None) else None
    return BuildOptions(
        site_dir=site,
        output=output,
        base_url=getattr(args, "base_url", None),
        drafts=getattr(args, "drafts", False),
        jobs=getattr(args, "jobs", None),
        cache=not getattr(args, "no_cache", False),
        search=not getattr(args, "no_search", False),
    )


def show_progress(done: int, total: int) -> None:
    """A one-line counter on a terminal; logs and CI get only the summary line."""
    if done % 50 == 0 or done == total:
        end = "\n" if done == total else ""
        print(f"\rĐang dựng trang {done}/{total}…", end=end, file=sys.stderr, flush=True)


def show_stage(name: str) -> None:
    if name == "search":
        print("Đang lập chỉ mục tìm kiếm (Pagefind)…", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    tty = sys.stderr.isatty()
    result = build(options_from(args), progress=show_progress if tty else None, stage=show_stage if tty else None)
    print_problems(result)
    if not result.ok:
        print(f"Dựng trang thất bại: {failure_counts(result)}. Trang đã dựng lần trước được giữ nguyên.", file=sys.stderr)
        return 1
    print(summary(result, "Đã dựng"))
    return 0
