"""`cchcsite serve`: live preview for officers, reloading the browser on every save."""

from __future__ import annotations

import argparse
import errno
import socket
from pathlib import Path

from ..errors import UsageError
from .build import add_markdown_argument

NAME = "serve"
HELP = "xem trước trang trên máy: dựng, phục vụ, tự dựng lại và tải lại trình duyệt khi lưu tệp"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này)")
    parser.add_argument("--drafts", action="store_true", help="hiện cả bản nháp")
    add_markdown_argument(parser)


def run(args: argparse.Namespace) -> int:
    from ..serve import DevServer  # here, not at the top: every other command starts faster without watchdog

    try:
        server = DevServer(Path(args.site), host=args.host, port=args.port, drafts=args.drafts, markdown=args.markdown)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES, getattr(errno, "WSAEADDRINUSE", -1)):
            taken = "đang được chương trình khác dùng" if exc.errno != errno.EACCES else "không được phép dùng"
            raise UsageError(f"cổng {args.port} {taken}; thử cổng khác, ví dụ: cchcsite serve --port {args.port + 1}") from exc
        if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            raise UsageError(f"không nghe được ở địa chỉ `{args.host}` trên máy này; bỏ --host để dùng 127.0.0.1") from exc
        raise
    server.start()
    print(f"Xem trước tại {server.url} — nhấn Ctrl+C để dừng.", flush=True)
    server.serve_forever()
    return 0
