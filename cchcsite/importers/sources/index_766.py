"""`cchcsite import 766 FILE... [--date D] [--period P]`: the portal's 766 data → snapshots by date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ... import vi
from ...config import require_config
from ...errors import UsageError
from . import given_files, shown_path

NAME = "766"
HELP = "số liệu Bộ chỉ số 766 (JSON lưu từ Cổng Dịch vụ công quốc gia) → mỗi ngày một tệp data/766/…, giữ mọi lần công bố"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        metavar="TỆP",
        nargs="+",
        help="tệp JSON lưu từ Cổng (có `metadata`, `overview`, `agencies` hoặc `communes`; hoặc các dòng "
        "`report_tinh_766_service` của Cổng cũ năm 2025), hoặc thư mục chứa các tệp đó",
    )
    parser.add_argument("--date", metavar="NGÀY", help="ngày của số liệu (2025-12-20), khi tệp không ghi ngày (số liệu Cổng cũ)")
    parser.add_argument("--period", metavar="KỲ", help="kỳ đánh giá khi tệp không ghi: nam-2025, quy-3-2025, thang-9-2025")


def run(args: argparse.Namespace) -> int:
    from ...content.snapshots import BLOCKS
    from ..index766 import Refused, import_766, parse_period
    from ..parse import parse_date
    from ..readers import source_files

    site = Path(args.site)
    require_config(site)
    files = given_files(args.files)
    given_date = parse_date(args.date) if args.date else None
    if args.date and given_date is None:
        raise UsageError(f"--date {args.date}: không phải ngày; viết dạng 2025-12-20")
    given_period = parse_period(args.period) if args.period else None
    if args.period and given_period is None:
        raise UsageError(f"--period {args.period}: không nhận ra kỳ; viết nam-2025, quy-3-2025 hoặc thang-9-2025")
    try:
        imported = import_766(site, source_files(files, (".json",)), given_date, given_period)
    except Refused as exc:
        print(
            f"{exc}\nKhông lưu số liệu nào: hãy tải lại tệp từ Cổng Dịch vụ công quốc gia (hoặc sửa giá trị trên) rồi nhập lại.",
            file=sys.stderr,
        )
        return 1
    for line in imported.warnings + imported.skipped:
        print(f"cảnh báo: {line}", file=sys.stderr)
    for target, snapshot in imported.written:
        blocks = "; ".join(
            f"{sum(1 for row in snapshot.rows if row.block == block)} {label.lower()}"
            for block, label in BLOCKS.items()
            if any(row.block == block for row in snapshot.rows)
        )
        print(f"đã lưu {shown_path(args.site, site, target)}: {snapshot.period.label}, ngày {vi.format_date(snapshot.date)} ({blocks})")
    print(f"Nhập số liệu 766: lưu {len(imported.written)} lần công bố. Chạy `cchcsite build` để cập nhật bảng xếp hạng.")
    return 0
