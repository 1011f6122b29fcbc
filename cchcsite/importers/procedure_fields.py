"""One procedure row (a table's cells, a JSON object of our field names, or a national detail
record) → front matter in the order of the publication form, or a ValueError saying why not.

Text is kept verbatim (a fee with its exemptions stays whole); choices are read as officers type
them ("Cấp xã", "Mức độ 4", "Trực tuyến"); legal numbers and dates go through `parse`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from .. import vi
from ..content.datasets import LIST_SEPARATOR
from ..content.kinds import PROCEDURE_CODE, ChannelMode, Common, OnlineLevel, Procedure, ProcedureStatus
from ..schema import field_specs
from . import parse, portal
from .readers import fold_label

# The fields an import may fill, in the order of the publication form: taken from the specs in kinds.py.
FIELDS = (
    "code",
    "title",
    *(n for n in field_specs(Procedure) if n != "code"),
    "summary",
    "tags",
    "slug",
    "updated",
    "changes",
)  # changes: kept when the site's own open data comes back
EXTRA_COLUMNS = ("duration", "fee", "body", "url", "updated")  # understood, not front-matter fields as such
LABELS = {"title": field_specs(Common)["title"].label, **{n: s.label for n, s in field_specs(Procedure).items()}}
LABELS["title"] = "Tên thủ tục"
REQUIRED = {name: LABELS[name] for name in ("code", "title", *(n for n, s in field_specs(Procedure).items() if s.required and n != "code"))}

_LEVELS = {
    "tinh": "tinh",
    "cap tinh": "tinh",
    "huyen": "huyen",
    "cap huyen": "huyen",
    "xa": "xa",
    "cap xa": "xa",
    "bo": "bo",
    "cap bo": "bo",
    "cap trung uong": "bo",
    "trung uong": "bo",
}


def _synonyms(words_of: dict[StrEnum, tuple[str, ...]]) -> dict[str, str]:
    """How officers write each value (folded, as `fold_label` gives them) → the value."""
    return {word: value.value for value, words in words_of.items() for word in words}


_ONLINE = _synonyms(
    {
        OnlineLevel.FULL: ("toan trinh", "dvc truc tuyen toan trinh", "muc do 4", "4"),
        OnlineLevel.PARTIAL: ("mot phan", "dvc truc tuyen mot phan", "muc do 3", "3"),
        OnlineLevel.NONE: ("khong", "muc do 2", "muc do 1", "2", "1", "cung cap thong tin"),
    }
)
_MODES = _synonyms(
    {
        ChannelMode.DIRECT: ("truc tiep", "nop truc tiep", "direct"),
        ChannelMode.ONLINE: ("truc tuyen", "nop truc tuyen", "online"),
        ChannelMode.POSTAL: ("buu chinh", "dich vu buu chinh", "qua buu chinh", "buu chinh cong ich", "postal"),
    }
)
_STATUS = _synonyms(
    {
        ProcedureStatus.CURRENT: ("hien hanh",),
        ProcedureStatus.AMENDED: ("sua doi", "sua doi bo sung"),
        ProcedureStatus.ABOLISHED: ("bai bo",),
    }
)
_RECORD_KEYS = {
    "channels": ("mode", "duration", "fee", "note"),
    "documents": ("name", "original", "copy", "form", "case"),
    "legal_basis": ("number", "title", "date", "issuer"),
    "internal_process": ("step", "owner", "duration"),
    "changes": ("date", "note"),
}
_PAPER_COUNTS = re.compile(
    r"^(?P<name>.*?)\s*\((?:(?P<original>\d+)\s*bản chính)?\s*[,;]?\s*(?:(?P<copy>\d+)\s*bản sao)?\)\s*$", re.IGNORECASE
)
# Where a portal record keeps each required fact: named when it is missing.
_PORTAL_KEYS = {
    "code": "code", "title": "name", "field": "category, categoriesDetails", "level": "isProvince, isWard, isMinistry",
    "steps": "executionSteps", "channels": "executionMethods", "documents": "executionCases[].profileComponents",
    "applicants": "subjectTypesDetails", "agency": "departmentsExecuting, unitGroupsExecuting", "result": "resultsDetails",
    "legal_basis": "legalBasisesDetails",
}  # fmt: skip


def front_matter(values: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A row's values → (front matter in the order of the publication form, Markdown body). Raises ValueError."""
    missing = [label for name, label in REQUIRED.items() if name not in values]
    if missing:
        raise ValueError("thiếu " + ", ".join(missing))
    front: dict[str, Any] = {}
    for name in FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "level":
            front[name] = _levels(value)
        elif name == "online":
            front[name] = _online(value)
        elif name == "status":
            front[name] = _choice(value, _STATUS, "tình trạng", vi.PROCEDURE_STATUS)
        elif name == "channels":
            front[name] = _channels(values)
        elif name == "documents":
            front[name] = _documents(value)
        elif name == "legal_basis":
            front[name] = _legal_basis(value)
        elif name == "internal_process":
            front[name] = _records(value, name, "step")
        elif name == "changes":
            front[name] = [_with_iso_date(c) for c in _records(value, name, "note")]
        elif name in ("steps", "applicants", "tags", "delivery", "keywords"):
            front[name] = [str(v) for v in _split_list(value)]
        elif name == "updated":
            front[name] = _iso_date(value)
        elif isinstance(value, str):
            front[name] = value.strip().replace("\r\n", "\n")
        else:
            front[name] = value
    _check_code(front["code"])
    front["code"] = str(front["code"]).strip()
    return front, str(values.get("body", "")).strip()


def portal_front_matter(record: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A national detail record → (front matter in the order of the publication form, notes). Raises ValueError."""
    mapped = portal.front_matter(record)
    values = mapped.values
    missing = [f"{label} (`{_PORTAL_KEYS.get(name, name)}`)" for name, label in REQUIRED.items() if name not in values]
    if missing:
        raise ValueError("hồ sơ không có " + ", ".join(missing))
    _check_code(values["code"])
    return {name: values[name] for name in FIELDS if name in values}, mapped.notes


def _check_code(code: Any) -> None:
    if not PROCEDURE_CODE.fullmatch(str(code).strip()):
        raise ValueError(f"mã thủ tục `{code}` không đúng dạng `1.001193` hoặc `2.000815.000.00.00.H55`")


def _iso_date(value: Any) -> Any:
    """`20/11/2014`, `ngày 20 tháng 11 năm 2014` → `2014-11-20`; anything else as typed, for the validator to name."""
    when = parse.parse_date(value) if isinstance(value, str) else None
    return when.isoformat() if when else value


def _with_iso_date(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "date": _iso_date(record["date"])} if "date" in record else record


def _split_list(value: Any) -> list[Any]:
    """A CSV cell holds a list as `a | b | c` or one item per line."""
    if isinstance(value, list):
        return [v for v in value if v not in (None, "")]
    text = str(value).replace("\r\n", "\n")
    parts = text.split(LIST_SEPARATOR.strip()) if LIST_SEPARATOR.strip() in text else text.split("\n")
    return [p.strip() for p in parts if p.strip()]


def _record_item(text: str, keys: tuple[str, ...]) -> dict[str, str] | None:
    """`name=Tờ khai; original=1` (the open-data CSV form) → a dict; None when not in that form."""
    if not re.match(rf"^\s*(?:{'|'.join(keys)})\s*=", text):
        return None
    pieces = re.split(rf";\s*(?=(?:{'|'.join(keys)})\s*=)", text)
    record = {}
    for piece in pieces:
        key, _, value = piece.partition("=")
        record[key.strip()] = value.strip()
    return record


def _choice(value: str, table: dict[str, str], what: str, keys: dict[str, str]) -> str:
    text = str(value).strip()
    if text in keys:
        return text
    folded = fold_label(text)
    if folded in table:
        return table[folded]
    raise ValueError(f"{what} `{text}` không nhận ra; dùng một trong: " + ", ".join(f"{label} (`{key}`)" for key, label in keys.items()))


def _levels(value: Any) -> list[str]:
    items = value if isinstance(value, list) else re.split(r"\s*(?:\||,|;|\n)\s*", str(value))
    return list(dict.fromkeys(_choice(v, _LEVELS, "cấp thực hiện", vi.PROCEDURE_LEVELS) for v in items if str(v).strip()))


def _online(value: Any) -> str:
    text = str(value).strip()
    if text.startswith("muc-do-"):
        text = text.replace("-", " ")
    return _choice(text, _ONLINE, "mức độ dịch vụ công trực tuyến", vi.ONLINE_LEVELS)


def _int_or_none(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"số bản `{value}` không phải số nguyên") from None


def _channels(values: dict[str, Any]) -> list[dict[str, Any]]:
    items = _split_list(values.get("channels", ""))
    channels = []
    for item in items:
        if isinstance(item, dict):
            record = dict(item)
        else:
            record = _record_item(str(item), _RECORD_KEYS["channels"]) or {"mode": str(item)}
        record["mode"] = _choice(record.get("mode", ""), _MODES, "cách thức nộp", vi.CHANNEL_MODES)
        channels.append(record)
    for name in ("duration", "fee"):  # columns of the national form: one text for every channel, or one per channel
        if name not in values:
            continue
        text = str(values[name]).strip()
        parts = [p.strip() for p in text.split(LIST_SEPARATOR)] if LIST_SEPARATOR in text else [text]
        per_channel = len(parts) == len(channels) and len(parts) > 1
        for index, channel in enumerate(channels):
            if not channel.get(name):
                channel[name] = parts[index] if per_channel else text
    return [{k: v for k, v in c.items() if v not in (None, "")} for c in channels]


def _documents(value: Any) -> list[dict[str, Any]]:
    papers = []
    case = ""
    for item in _split_list(value):
        if isinstance(item, dict):
            papers.append({k: v for k, v in item.items() if v not in (None, "")})
            continue
        text = str(item)
        found = _record_item(text, _RECORD_KEYS["documents"])
        record: dict[str, Any] | None = dict(found) if found is not None else None  # counts become numbers below
        if record is None:
            if text.endswith(":") and len(text) > 1:  # "Trường hợp cấp lại:" starts a group of papers
                case = text[:-1].strip()
                continue
            record = {"name": text}
            counts = _PAPER_COUNTS.match(text)
            if counts and (counts["original"] or counts["copy"]):
                record = {"name": counts["name"], "original": counts["original"] or 0, "copy": counts["copy"] or 0}
            if case:
                record["case"] = case
        for key in ("original", "copy"):
            if key in record:
                record[key] = _int_or_none(record[key])
        papers.append({k: v for k, v in record.items() if v not in (None, "")})
    return papers


def _legal_basis(value: Any) -> list[dict[str, Any]]:
    bases = []
    for item in _split_list(value):
        if isinstance(item, dict):
            record = dict(item)
            if "code" in record and "number" not in record:  # national records: {code, name}, codes with trailing spaces
                record = {"number": str(record.pop("code")).strip(), "title": str(record.pop("name", "")).strip()}
        else:
            text = str(item).strip()
            record = _record_item(text, _RECORD_KEYS["legal_basis"]) or parse.legal_basis(text) or {"number": text}
        record = _with_iso_date(record)
        if record.get("title") == record.get("number"):
            record.pop("title")
        bases.append({k: v for k, v in record.items() if v not in (None, "")})
    return bases


def _records(value: Any, name: str, bare: str) -> list[dict[str, Any]]:
    """A list of nested records: JSON objects, or `key=value; key=value` cells; a bare text fills `bare`."""
    items = []
    for item in _split_list(value):
        if isinstance(item, dict):
            items.append(dict(item))
        else:
            items.append(_record_item(str(item), _RECORD_KEYS[name]) or {bare: str(item)})
    return items
