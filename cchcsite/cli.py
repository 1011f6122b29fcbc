"""Command line: argument parsing and dispatch only; each verb lives in `commands/`."""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback

from . import __version__
from .commands import build as build_command
from .commands import check as check_command
from .commands import fetch_cms as fetch_cms_command
from .commands import imports as import_command
from .commands import init as init_command
from .commands import new as new_command
from .commands import report as report_command
from .commands import serve as serve_command
from .errors import UsageError
from .stopping import Stopped, outcome_decided, stop_on_signals

COMMANDS = (
    init_command,
    build_command,
    check_command,
    serve_command,
    new_command,
    import_command,
    report_command,
    fetch_cms_command,
)
EXIT_INTERNAL = 3
EXIT_STOPPED = 130  # Ctrl-C; a signal `Stopped` exits with 128 + its number


# argparse speaks English; these are the messages an officer actually meets.
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), "thiếu {0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "không hiểu phần `{0}`"),
    (re.compile(r"argument (\S+): invalid int value: (.+)"), "{0} cần một số nguyên, không phải {1}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0} cần một giá trị đi kèm"),
    (re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)"), "lệnh {1} không có; chọn một trong: {2}"),
)


def vietnamese(message: str) -> str:
    for pattern, text in _ARGPARSE_MESSAGES:
        if match := pattern.fullmatch(message):
            return text.format(*match.groups())
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {vietnamese(message)} (xem `{self.prog} --help`)\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cchcsite", description="Dựng chuyên mục Cải cách hành chính thành trang web tĩnh.")
    parser.add_argument("--version", action="version", version=f"cchcsite {__version__}")
    verbs = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)
    verbs.required = True
    for command in COMMANDS:
        sub = verbs.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        if getattr(command, "TAKES_SITE", True):
            sub.add_argument(
                "--site", default=".", metavar="THƯ_MỤC", help="thư mục của trang (chứa config.yaml); mặc định: thư mục hiện tại"
            )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")  # Windows consoles
    args = make_parser().parse_args(argv)
    stop_on_signals()
    try:
        return args.run(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return EXIT_STOPPED
    except Stopped as stop:
        print("Đã dừng.", file=sys.stderr)
        return stop.exit_status
    except Exception as exc:  # a bug in cchcsite, not in the content: say so plainly
        if os.environ.get("CCHCSITE_DEBUG"):
            traceback.print_exc()
        print(
            f"Lỗi nội bộ của cchcsite ({type(exc).__name__}: {exc}). Đây không phải lỗi nội dung; "
            "trang cũ được giữ nguyên. Chạy lại với biến môi trường CCHCSITE_DEBUG=1 để xem chi tiết và báo cho nhóm phát triển.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        outcome_decided()


def entry() -> None:
    """The `cchcsite` command. A stopped command leaves at once: every `with` and `finally` has
    already run (staging removed, last output kept, workers ended), and the interpreter's exit
    handlers would then wake the stopped worker pool's thread through a pipe already closed
    (a traceback, or a hang when a worker was killed mid-reply: seen under load)."""
    status = main()
    if isinstance(status, int) and status > 128:  # EXIT_STOPPED, or 128 + the signal that stopped it
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
