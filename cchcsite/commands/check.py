"""`cchcsite check`: everything `build` validates, nothing written."""

from __future__ import annotations

import argparse
import sys

from ..pipeline import check
from .build import options_from
from .summary import failure_counts, print_problems, summary

NAME = "check"
HELP = "kiểm tra nội dung, liên kết, ảnh và tệp đính kèm; không ghi gì"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="kiểm tra cả bản nháp như trang được đăng")
    parser.add_argument("--external", action="store_true", help="kiểm tra cả liên kết ra trang web khác (cần mạng; chỉ báo cáo)")
    parser.add_argument("--timeout", type=float, default=10, metavar="GIÂY", help="thời gian chờ mỗi liên kết ngoài (mặc định 10)")


def run(args: argparse.Namespace) -> int:
    result = check(options_from(args))
    if args.external and result.site:
        from ..linkcheck import check_external, external_links  # urllib's HTTP stack only when asked for

        links = external_links(result.site)
        print(f"Đang kiểm tra {len({link.url for link in links})} liên kết ngoài…", file=sys.stderr, flush=True)
        result.report.extend(check_external(links, timeout=args.timeout))
    print_problems(result)
    if not result.ok:
        print(f"Kiểm tra thấy {failure_counts(result)}.", file=sys.stderr)
        return 1
    print(summary(result, "Đã kiểm tra"))
    return 0
