"""`cchcsite import don-vi FILE...`: units from the portal's 766 data or a province's list → content/don-vi/*.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...config import require_config
from . import given_files, shown_path

NAME = "don-vi"
HELP = "danh sách cơ quan, đơn vị (số liệu 766 của Cổng Dịch vụ công, bảng CSV hoặc XLSX) → các tệp content/don-vi/*.md"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        metavar="TỆP",
        nargs="+",
        help="tệp JSON số liệu 766 lưu từ Cổng (có `agencies` hoặc `communes`), hoặc bảng CSV / XLSX có cột Tên đơn vị "
        "(và Mã đơn vị, Loại đơn vị, Địa chỉ, Giờ tiếp nhận, Điện thoại, Thư điện tử, Hình thành từ...)",
    )


def run(args: argparse.Namespace) -> int:
    from ..readers import source_files
    from ..units import import_units

    site = Path(args.site)
    config, _ = require_config(site)
    done = import_units(site, config, source_files(given_files(args.files)))
    result = done.result
    for problem in result.problems:
        print(problem, file=sys.stderr)
    for note in done.notes:
        print(f"lưu ý: {note}", file=sys.stderr)

    for path in result.written:
        print(f"đã tạo {shown_path(args.site, site, path)}")
    for change in result.updated:
        print(f"{change.code}: {'; '.join(change.words)} ({shown_path(args.site, site, change.path)})")
    print(result.summary("Nhập đơn vị"), file=sys.stderr if result.failed_rows else sys.stdout)
    return 1 if result.failed_rows else 0
