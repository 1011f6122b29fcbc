"""`cchcsite import SOURCE ...`: other systems' files → content files, one module per source
(`cchcsite/importers/sources/`): a new source is a new module there, nothing to add here."""

from __future__ import annotations

import argparse

from ..importers.sources import discover

NAME = "import"
HELP = "nhập dữ liệu có sẵn (thủ tục hành chính từ Cổng Dịch vụ công, bảng CSV hoặc XLSX) thành các tệp nội dung"
SITE_HELP = "thư mục của trang (chứa config.yaml); mặc định: thư mục hiện tại"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sources = parser.add_subparsers(dest="source", metavar="NGUỒN", parser_class=type(parser))
    sources.required = True
    for source in discover():
        sub = sources.add_parser(source.NAME, help=source.HELP, description=source.HELP)
        # SUPPRESS: `import --site X procedures …` keeps X; `import procedures --site X …` sets it here.
        sub.add_argument("--site", default=argparse.SUPPRESS, metavar="THƯ_MỤC", help=SITE_HELP)
        source.add_arguments(sub)
        sub.set_defaults(run_source=source.run)


def run(args: argparse.Namespace) -> int:
    return args.run_source(args)
