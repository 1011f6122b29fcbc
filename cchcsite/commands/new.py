"""`cchcsite new KIND "Tiêu đề"`: start a content file from a filled-in, commented template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import vi
from ..config import require_config
from ..content.kinds import Kind
from ..content.load import front_matters, site_procedures
from ..content.sections import kind_choices, resolve_kind
from ..errors import UsageError
from ..pipeline import build_date
from ..scaffold import new_file_path, scaffold

NAME = "new"
HELP = "tạo tệp nội dung mới có đủ các trường, kèm ghi chú tiếng Việt; in ra đường dẫn tệp"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind",
        metavar="LOẠI",
        help="tin-tuc, van-ban, thu-tuc, chi-so, thong-ke, trang (hoặc news, document, procedure, index, stats, page)",
    )
    # nargs="+": `new tin-tuc Hội nghị tổng kết` without quotes is what officers type; the words are the title.
    parser.add_argument("title", metavar="TIÊU_ĐỀ", nargs="+", help='tiêu đề, nên đặt trong dấu ngoặc kép: "Đường dây nóng"')


def run(args: argparse.Namespace) -> int:
    site = Path(args.site)
    config, _ = require_config(site)
    kind = resolve_kind(args.kind, config.sections)
    if kind is None:
        raise UsageError(f"loại `{args.kind}` không có; hãy chọn một trong: {kind_choices(config.sections)}")
    title = " ".join(" ".join(args.title).split())
    if not vi.slugify(title):
        raise UsageError(f'tiêu đề "{title}" không có chữ cái hay chữ số nào để đặt tên tệp; hãy viết tiêu đề bằng chữ')
    path = new_file_path(site, kind, title, config.sections)
    shown = path.relative_to(site).as_posix() if args.site == "." else path.as_posix()
    if path.exists():
        print(
            f"{shown}: đã có tệp này; lệnh new không ghi đè. Hãy mở tệp đó để sửa, hoặc đặt tiêu đề khác (tên tệp được lấy từ tiêu đề).",
            file=sys.stderr,
        )
        return 1
    codes = set(site_procedures(path.parent)) if kind == Kind.PROCEDURE else set()
    indexes = [str(front["index"]) for _, front in front_matters(path.parent) if front.get("index")] if kind == Kind.INDEX else []
    text = scaffold(kind, title, build_date(config, None), codes, organization=config.organization, index_names=indexes)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite, even in a race
        out.write(text)
    print(shown)
    return 0
