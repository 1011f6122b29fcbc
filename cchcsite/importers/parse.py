"""What imported text means: cleaned text, số ký hiệu (legal numbers), Vietnamese dates and amounts.

One parser for every importer (the national portal's records, CSV and XLSX tables, the 766 data),
so "ngày 20 tháng 11 năm 2014" or a cut-off "118/2025/NĐ-C" reads the same whichever file brought it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Any

from ..content.kinds import normalise_number

VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving: the portal's midnight is 17:00 UTC the day before

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # Unicode's Cc, except the line break
# A số ký hiệu: `32/2026/NĐ-CP`, `66.18/2026/NQ-CP`, `01/VBHN-BTP`, `146/2025` (no type).
_NUMBER = re.compile(r"\d+(?:\.\d+)*(?:/\d{4})?(?:/[0-9A-ZĐa-zđ]+(?:-[0-9A-ZĐa-zđ]+)*)?")
# 20/11/2014, 20-11-2014, 20.11.2014, 20 tháng 11 năm 2014 (any case, any spacing).
_DAY_MONTH_YEAR = r"(\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(\d{1,2})\s*(?:[/.-]|\s+năm\s+)\s*(\d{4})"
_DATE_IN_TEXT = re.compile(rf"ngày\s+{_DAY_MONTH_YEAR}", re.IGNORECASE)
_DATE_VALUE = re.compile(rf"(?:ngày\s+)?{_DAY_MONTH_YEAR}", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EPOCH_MILLISECONDS = re.compile(r"\d{11,13}")  # 1990 onwards is 12 digits or more; 11 covers the 1970s


def clean(text: Any, one_line: bool = False) -> str:
    """NFC; tabs, double and trailing spaces gone; blank-line runs kept to one (Markdown paragraphs)."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    value = value.replace("\t", " ").replace("\u200b", "").replace("\ufeff", "")
    value = _CONTROL.sub("", value)  # control characters never reach a page
    if one_line:
        return " ".join(value.split())
    lines = [re.sub(r" {2,}", " ", line).strip() for line in value.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def legal_number(code: str, text: str = "") -> str:
    """`"số 32/2026/NĐ-CP "` → `32/2026/NĐ-CP`; a cut-off or untyped number is completed from the text when it holds it."""
    code = clean(code, one_line=True)
    found = next((m for m in _NUMBER.finditer(code) if "/" in m.group(0)), None)
    if not found:  # no số ký hiệu in the code: the text's, else the code as typed ("Luật Đất đai 2024")
        in_text = next((m.group(0) for m in _NUMBER.finditer(text) if "/" in m.group(0)), "")
        return in_text or code
    number = found.group(0)
    if text:
        key = normalise_number(number)
        for candidate in _NUMBER.findall(text):
            if len(candidate) > len(number) and normalise_number(candidate).startswith(key):
                return candidate
    return number


def legal_basis(text: str, code: str = "") -> dict[str, Any]:
    """One căn cứ pháp lý as typed ("Luật Hộ tịch số 60/2014/QH13 ngày 20 tháng 11 năm 2014") and,
    from the portal, its hand-typed code → `{number, title, date}`; `{}` when there is nothing."""
    text = clean(text, one_line=True)
    number = legal_number(code, text) or legal_number(text)
    if not number:
        return {}
    basis: dict[str, Any] = {"number": number}
    if title := _title(text, number):
        basis["title"] = title
    if when := find_date(text):
        basis["date"] = when.isoformat()
    return basis


def _title(text: str, number: str) -> str:
    """The trích yếu after "Nghị định số …/…:" when the text has one, else the whole text (unless it is only the number)."""
    if not text or normalise_number(text) == normalise_number(number):
        return ""
    head, colon, rest = text.partition(":")
    if colon and rest.strip() and _NUMBER.search(head):
        return rest.strip()
    return text


def _day(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # 31/02: not a date, whatever it looks like
        return None


def find_date(text: str) -> date | None:
    """The first date a text gives as "ngày 20/11/2014", "ngày 20-11-2014" or "ngày 20 tháng 11 năm 2014"."""
    found = _DATE_IN_TEXT.search(clean(text, one_line=True))
    return _day(*found.groups()) if found else None


def parse_date(value: Any) -> date | None:
    """A value that is a date: a date object (YAML, XLSX), epoch milliseconds (the portal's
    `decisionDate`, read as a Vietnam date), `2014-11-20`, `20/11/2014`, `20.11.2014`,
    `ngày 20-11-2014`, `20 tháng 11 năm 2014`. None when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _from_epoch_milliseconds(value)
    text = clean(value, one_line=True)
    if _EPOCH_MILLISECONDS.fullmatch(text):
        return _from_epoch_milliseconds(int(text))
    if iso := _ISO_DATE.fullmatch(text):
        return _day(iso[3], iso[2], iso[1])
    if found := _DATE_VALUE.fullmatch(text):
        return _day(*found.groups())
    return None


def _from_epoch_milliseconds(value: float) -> date | None:
    try:
        return datetime.fromtimestamp(value / 1000, VIETNAM).date()
    except (OverflowError, OSError, ValueError):
        return None


def number_of(value: Any) -> float:
    """A count or amount as records hold it: 200000, "05", "0.5", "1,5", "50.000" (a dot grouping thousands); 0 when none."""
    if isinstance(value, bool) or value in (None, ""):
        return 0.0
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return 0.0
