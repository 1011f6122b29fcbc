"""`cchcsite report --quarter 2026-Q3 [--output bao-cao.xlsx|bao-cao.md]`: the periodic report of
what the site published, counted from its content (drafts and other periods left out)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from ..pipeline import BuildOptions, build_moment, check
from ..reporting import PeriodError, period_from, period_report, to_markdown, write_xlsx
from .summary import failure_counts, print_problems

NAME = "report"
HELP = (
    "báo cáo định kỳ (quý, 6 tháng, năm): số tin bài theo lĩnh vực cải cách hành chính, văn bản, thủ tục, chỉ số, số liệu giải quyết hồ sơ"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quarter", metavar="NĂM-QUÝ", help="một quý, ví dụ 2026-Q3")
    parser.add_argument("--half", metavar="NĂM-H", help="sáu tháng: 2026-H1 (đầu năm) hoặc 2026-H2 (cuối năm)")
    parser.add_argument("--year", metavar="NĂM", help="cả năm, ví dụ 2026")
    parser.add_argument("--from", dest="start", metavar="NGÀY", help="từ ngày (năm-tháng-ngày), đi cùng --to")
    parser.add_argument("--to", dest="end", metavar="NGÀY", help="đến ngày (năm-tháng-ngày), tính cả ngày này")
    parser.add_argument(
        "--output", metavar="TỆP", help="ghi báo cáo vào tệp .xlsx (Excel) hoặc .md; không có thì in bảng Markdown ra màn hình"
    )


def run(args: argparse.Namespace) -> int:
    try:
        period = period_from(args.start, args.end, args.quarter, args.half, args.year)
    except PeriodError as exc:
        raise UsageError(str(exc)) from None
    output = Path(args.output) if args.output else None
    if output and output.suffix.lower() not in (".xlsx", ".md"):
        raise UsageError(f"--output {args.output}: tệp báo cáo phải có đuôi .xlsx (Excel) hoặc .md")
    # Every item but drafts: an item published in the period and expired since still counts.
    result = check(BuildOptions(site_dir=Path(args.site), schedule=False, cache=False))
    site = result.site
    if not result.ok or site is None:
        print_problems(result)
        print(
            f"Chưa lập báo cáo: nội dung có {failure_counts(result)}. Báo cáo chỉ tính những gì trang đăng được; sửa các lỗi trên rồi chạy lại.",
            file=sys.stderr,
        )
        return 1
    report = period_report(site, period, build_moment(site.config, None))
    if output is None:
        print(to_markdown(report))
    elif output.suffix.lower() == ".md":
        output.write_text(to_markdown(report), encoding="utf-8", newline="\n")
    else:
        write_xlsx(report, output)
    if output:
        print(
            f"Đã ghi {output}: {report.period.label}, {len(report.items)} tin bài, {len(report.documents)} văn bản, {len(report.procedures)} thủ tục thay đổi."
        )
    return 0
