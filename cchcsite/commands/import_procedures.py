"""`cchcsite import procedures FILE [--update]`: a CSV/JSON procedure list → content/thu-tuc/*.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import require_config
from ..errors import UsageError
from ..pipeline import build_date

NAME = "import"
HELP = "nhập danh sách thủ tục hành chính từ tệp CSV hoặc JSON thành các tệp content/thu-tuc/*.md"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what", choices=["procedures"], metavar="procedures", help="loại dữ liệu nhập; hiện có: procedures (thủ tục hành chính)"
    )
    parser.add_argument("file", metavar="TỆP", help="tệp CSV (UTF-8, dòng đầu là tên cột: Mã thủ tục, Tên thủ tục, ...) hoặc JSON")
    parser.add_argument("--update", action="store_true", help="ghi đè tệp của thủ tục đã có (cùng mã); mặc định không ghi đè")


def run(args: argparse.Namespace) -> int:
    from ..importer import ImportFileError, import_procedures  # only this command needs it

    site = Path(args.site)
    config, _ = require_config(site)
    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"{args.file}: không tìm thấy tệp để nhập")
    try:
        result = import_procedures(site, config, source, build_date(config, None), update=args.update)
    except ImportFileError as exc:
        print(f"{source.name}: {exc}; không nhập gì", file=sys.stderr)
        return 1
    for problem in result.problems:
        print(problem, file=sys.stderr)

    def shown(path: Path) -> str:
        return path.relative_to(site).as_posix() if args.site == "." else path.as_posix()

    for path in result.written:
        print(f"đã tạo {shown(path)}")
    for path in result.updated:
        print(f"đã cập nhật {shown(path)}")
    for row, path in result.skipped:
        print(f"{source.name}:{row}: dòng {row}: đã có {shown(path)} (cùng mã); không ghi đè — thêm --update để cập nhật", file=sys.stderr)
    failed = len(result.failed_rows)
    parts = [
        f"tạo mới {len(result.written)}",
        f"cập nhật {len(result.updated)}",
        f"giữ nguyên {len(result.skipped)}",
        f"{failed} dòng không nhập được",
    ]
    print(
        "Nhập thủ tục: " + " · ".join(parts) + (". Chạy `cchcsite check` để kiểm tra." if not failed else "."),
        file=sys.stderr if failed else sys.stdout,
    )
    return 1 if failed else 0
