"""Vietnamese text helpers: slugs, folding, dates and numbers as Vietnamese readers expect."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def without_marks(text: str) -> str:
    """`Đường dây nóng` → `Duong day nong`: tone and vowel marks stripped, đ/Đ as d/D (U+0111 has no
    decomposition). The opposite of search.index_spelling, which keeps `đ` findable as `d` by adding a mark."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


@functools.lru_cache(maxsize=8192)  # tags and lĩnh vực repeat on thousands of pages
def slugify(text: str) -> str:
    """`Đường dây nóng` → `duong-day-nong`."""
    return _NOT_SLUG.sub("-", without_marks(text).lower()).strip("-")


def clip(text: str, length: int) -> str:
    """`text` cut at the last word that fits in `length` characters, with "…" when cut."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def format_date(value: date | datetime | None) -> str:
    """15/07/2024 — the form every Vietnamese official text uses."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.hour:02d}:{value.minute:02d}, {format_date(value)}"


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """500000 → `500.000`; 86.45 → `86,45` (dot groups thousands, comma marks decimals)."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if decimals is None:
        exponent = number.normalize().as_tuple().exponent  # an int for every finite number
        decimals = max(0, -exponent) if isinstance(exponent, int) and number % 1 else 0
    quantized = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if quantized < 0 else ""
    whole, _, fraction = f"{abs(quantized):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_percent(value: float | None, decimals: int = 1) -> str:
    return "" if value is None else f"{format_number(value, decimals)} %"


# In the order of NQ 76/NQ-CP (the 2021–2030 reform programme), after the steering work the
# PAR INDEX scores first: the order /tru-cot/ lists them in.
PILLARS: dict[str, str] = {
    "chi-dao-dieu-hanh": "Công tác chỉ đạo, điều hành",
    "the-che": "Cải cách thể chế",
    "thu-tuc-hanh-chinh": "Cải cách thủ tục hành chính",
    "to-chuc-bo-may": "Cải cách tổ chức bộ máy",
    "cong-vu": "Cải cách chế độ công vụ",
    "tai-chinh-cong": "Cải cách tài chính công",
    "chinh-quyen-so": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
}

KIND_LABELS: dict[str, str] = {
    "news": "Tin tức",
    "document": "Văn bản",
    "procedure": "Thủ tục hành chính",
    "index": "Chỉ số cải cách hành chính",
    "stats": "Thống kê giải quyết hồ sơ",
    "unit": "Đơn vị",
    "page": "Trang",
}

DOCUMENT_STATUS: dict[str, str] = {
    "con-hieu-luc": "Còn hiệu lực",
    "het-hieu-luc": "Hết hiệu lực",
    "het-hieu-luc-mot-phan": "Hết hiệu lực một phần",
    "chua-co-hieu-luc": "Chưa có hiệu lực",
}

PROCEDURE_LEVELS: dict[str, str] = {
    "tinh": "Cấp tỉnh",
    "huyen": "Cấp huyện",
    "xa": "Cấp xã",
    "bo": "Cấp bộ",
}

ONLINE_LEVELS: dict[str, str] = {
    "toan-trinh": "Toàn trình",
    "mot-phan": "Một phần",
    "khong": "Không",
}

PROCEDURE_STATUS: dict[str, str] = {
    "hien-hanh": "Hiện hành",
    "sua-doi": "Sửa đổi, bổ sung",
    "bai-bo": "Bãi bỏ",
}

# A province site serves many units; each unit file says which of these it is.
UNIT_TYPES: dict[str, str] = {
    "so-nganh": "Sở, ban, ngành",
    "xa-phuong": "Xã, phường, đặc khu",
    "ubnd-tinh": "Ủy ban nhân dân tỉnh",
    "mot-cua": "Trung tâm Phục vụ hành chính công",
    "khac": "Đơn vị khác",
}

CHANNEL_MODES: dict[str, str] = {
    "truc-tiep": "Trực tiếp",
    "truc-tuyen": "Trực tuyến",
    "buu-chinh": "Dịch vụ bưu chính",
}
CHANNEL_SHORT: dict[str, str] = {"truc-tiep": "Trực tiếp", "truc-tuyen": "Trực tuyến", "buu-chinh": "Bưu chính"}  # in one line of facts

# What a procedure page says where a record leaves a fact blank: never an empty cell, never a guess.
NO_FEE = "Chưa có thông tin phí, lệ phí — hỏi cơ quan thực hiện"
NO_DURATION = "Chưa có thông tin thời hạn giải quyết — hỏi cơ quan thực hiện"
