"""`cchcsite check`: everything `build` validates, nothing written."""
from __future__ import annotations

import argparse
import sys

from ..pipeline import check
from .build import options_from
from .report import failure_counts, print_problems, summary

NAME = "check"
HELP = "kiểm tra nội dung, liên kết, ảnh và tệp đính kèm; không ghi gì"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="kiểm tra cả bản nháp như trang được đăng")


def run(args: argparse.Namespace) -> int:
    result = check(options_from(args))
    print_problems(result)
    if not result.ok:
        print(f"Kiểm tra thấy {failure_counts(result)}.", file=sys.stderr)
        return 1
    print(summary(result, "Đã kiểm tra"))
    return 0
