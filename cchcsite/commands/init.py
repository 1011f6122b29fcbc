"""`cchcsite init DIR --name "Sở …" --base-url URL`: start a site of one agency, ready to publish."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..errors import UsageError
from ..starter import Agency, starter_files, write_site

NAME = "init"
HELP = "tạo trang mới cho một cơ quan: cấu hình, trang chủ, trang Liên hệ, tệp xuất bản cho GitHub Pages, GitLab Pages, Netlify"
TAKES_SITE = False  # the folder to create is DIR itself

# What a terminal asks for when the command line left it out: (field, question, required).
QUESTIONS = (
    ("name", "Tên cơ quan (ví dụ: Sở Nội vụ tỉnh Gia Lai)", True),
    ("base_url", "Địa chỉ của chuyên mục trên mạng (ví dụ: https://snv.gialai.gov.vn/cchc/)", True),
    ("address", "Địa chỉ trụ sở", False),
    ("phone", "Điện thoại", False),
    ("hotline", "Đường dây nóng", False),
    ("email", "Thư điện tử", False),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="THƯ_MỤC", help="thư mục của trang mới (chưa có, hoặc đang trống)")
    parser.add_argument("--name", metavar="TÊN", help='tên cơ quan, ví dụ "Sở Nội vụ tỉnh Gia Lai"')
    parser.add_argument("--base-url", metavar="URL", help="địa chỉ của chuyên mục, ví dụ https://snv.gialai.gov.vn/cchc/")
    parser.add_argument(
        "--install",
        metavar="YÊU_CẦU",
        help="dòng cài cchcsite ghi vào requirements.txt của trang, thay cho thẻ phiên bản mặc định "
        '(ví dụ "cchcsite @ git+https://git.example.gov.vn/cchc/cchcsite@v0.1.0")',
    )


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{args.folder}: thư mục đã có tệp; init chỉ tạo trang trong thư mục mới hoặc trống, không ghi đè gì")
    answers = {"name": (args.name or "").strip(), "base_url": (args.base_url or "").strip()}
    interactive = sys.stdin.isatty()
    for field, question, required in QUESTIONS:
        if not answers.get(field) and interactive:
            answers[field] = _ask(question, required)
        if required and not answers.get(field):
            raise UsageError(
                f"thiếu --{field.replace('_', '-')}; ví dụ: "
                f'cchcsite init {args.folder} --name "Sở Nội vụ tỉnh Gia Lai" --base-url https://snv.gialai.gov.vn/cchc/'
            )
    base_url = _checked_base_url(answers["base_url"])
    contacts = {field: answers.get(field, "") for field in ("address", "phone", "hotline", "email")}
    agency = Agency(answers["name"], base_url, **contacts)
    files = starter_files(agency, datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date(), args.install)
    write_site(folder, files)
    shown = folder.as_posix()
    print(f"Đã tạo trang của {agency.name} trong {shown}/ ({len(files)} tệp).")
    print("Tiếp theo:")
    print(f"  1. Điền thông tin liên hệ trong {shown}/config.yaml (mục contact:).")
    print(f"  2. Xem trước: cchcsite serve --site {shown}")
    print(f"  3. Đưa lên kho Git riêng của trang và xuất bản: xem {shown}/README.md (GitHub Pages, GitLab Pages, Netlify, lịch dựng lại).")
    return 0


def _checked_base_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        raise UsageError(f"`{text}` không phải địa chỉ web đầy đủ; hãy viết dạng https://ten-mien.gov.vn/cchc/")
    return text if text.endswith("/") else text + "/"


def _ask(question: str, required: bool) -> str:
    """One question on the terminal; a required one is asked again until answered."""
    while True:
        try:
            answer = input(f"{question}{'' if required else ' (Enter để bỏ qua)'}: ").strip()
        except EOFError:
            raise UsageError("đã dừng: chưa tạo gì") from None
        if answer or not required:
            return answer
