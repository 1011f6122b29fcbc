"""`cchcsite serve`: live preview for officers, reloading the browser on every save."""
from __future__ import annotations

import argparse
from pathlib import Path

NAME = "serve"
HELP = "xem trước trang trên máy: dựng, phục vụ, tự dựng lại và tải lại trình duyệt khi lưu tệp"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này)")
    parser.add_argument("--drafts", action="store_true", help="hiện cả bản nháp")


def run(args: argparse.Namespace) -> int:
    from ..serve import DevServer  # here, not at the top: every other command starts faster without watchdog

    server = DevServer(Path(args.site), host=args.host, port=args.port, drafts=args.drafts)
    server.start()
    print(f"Xem trước tại {server.url} — nhấn Ctrl+C để dừng.", flush=True)
    server.serve_forever()
    return 0
