"""`cchcsite import procedures FILE... [--update] [--compare]`: procedure records → content files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...config import require_config
from ...errors import UsageError
from ...pipeline import build_date
from . import given_files, shown_path

NAME = "procedures"
HELP = "thủ tục hành chính: hồ sơ JSON của Cổng Dịch vụ công quốc gia, bảng CSV hoặc XLSX → các tệp content/thu-tuc/*.md"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        metavar="TỆP",
        nargs="+",
        help="hồ sơ JSON tải từ Cổng Dịch vụ công quốc gia (một hồ sơ, danh sách, hoặc thư mục chứa các tệp .json), "
        "hoặc bảng CSV (UTF-8) / XLSX có dòng tên cột: Mã thủ tục, Tên thủ tục, ...",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="cập nhật thủ tục đã có (cùng mã): làm mới phần của cơ sở dữ liệu, giữ phần cán bộ viết (ghi chú, tóm tắt, chủ đề)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="không nhập: đối chiếu trang với TỆP là danh sách thủ tục xuất từ Cổng (.xlsx hoặc .csv: Mã số, Tên, ...), "
        "in ra thủ tục trang còn thiếu và thủ tục trang có mà danh sách không có",
    )


def run(args: argparse.Namespace) -> int:
    from ..procedures import import_procedures
    from ..readers import ImportFileError

    site = Path(args.site)
    config, _ = require_config(site)
    sources = given_files(args.files)
    if args.compare:
        return _compare(site, config, sources)
    try:
        result = import_procedures(site, config, sources, build_date(config, None), update=args.update)
    except ImportFileError as exc:
        print(f"{exc}; không nhập gì", file=sys.stderr)
        return 1
    for problem in result.problems:
        print(problem, file=sys.stderr)

    def shown(path: Path) -> str:
        return shown_path(args.site, site, path)

    for path in result.written:
        print(f"đã tạo {shown(path)}")
    for change in result.updated:
        print(f"{change.code}: {'; '.join(change.words) or 'định dạng tệp thay đổi'} ({shown(change.path)})")
    for file, row, where, path in result.skipped:
        print(f"{file}:{row}: {where}: đã có {shown(path)} (cùng mã); không ghi đè — thêm --update để cập nhật", file=sys.stderr)
    print(result.summary("Nhập thủ tục"), file=sys.stderr if result.failed_rows else sys.stdout)
    return 1 if result.failed_rows else 0


def _compare(site: Path, config, listings: list[Path]) -> int:
    from ..readers import ImportFileError
    from ..reconcile import reconcile

    status = 0
    for listing in listings:
        if not listing.is_file():
            raise UsageError(f"{listing}: danh sách để đối chiếu phải là một tệp .xlsx hoặc .csv")
        try:
            report = reconcile(site, config, listing)
        except ImportFileError as exc:
            print(f"{listing.name}: {exc}", file=sys.stderr)
            status = 1
            continue
        for line in report.lines():
            print(line)
    return status
