"""`cchcsite import procedures`: a CSV/JSON procedure list → one `content/thu-tuc/*.md` per row.

Columns (or JSON keys) are the front-matter field names, or the Vietnamese labels
printed on the national publication form ("Mã thủ tục", "Thời hạn giải quyết", ...).
Text is kept verbatim (a fee with its exemptions stays whole). Each row is checked
with the same validator as `build`, so what is written passes `cchcsite check`;
a row that cannot be used is reported with its row number and the reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import portal, vi
from .config import Config
from .content.kinds import DEFAULT_SECTIONS, PROCEDURE_CODE, Channel, Common, Procedure
from .content.load import SiteProcedure, SourceFile, site_procedures, split_front_matter
from .content.validate import ValidateContext, validate_source
from .errors import Problem, Severity, error, warning
from .markdown import MarkdownRenderer
from .schema import field_specs
from .sourcetext import decode

LIST_SEPARATOR = " | "
FOLDER = "content/thu-tuc"
SUFFIXES = (".json", ".csv", ".xlsx")
SLUG_LIMIT = 80

# Header label (folded: no diacritics, lower case, single spaces, no punctuation) → field name.
_LABELS = {
    "ma thu tuc": "code",
    "ma tthc": "code",
    "ma so": "code",
    "ten thu tuc": "title",
    "ten tthc": "title",
    "linh vuc": "field",
    "cap thuc hien": "level",
    "muc do": "online",
    "muc do dvc": "online",
    "muc do dich vu cong truc tuyen": "online",
    "dich vu cong truc tuyen": "online",
    "dvc truc tuyen": "online",
    "quyet dinh cong bo": "decision",
    "tinh trang": "status",
    "loai thu tuc": "procedure_type",
    "trinh tu thuc hien": "steps",
    "cach thuc thuc hien": "channels",
    "hinh thuc nop": "channels",
    "thanh phan ho so": "documents",
    "thoi han giai quyet": "duration",
    "phi le phi": "fee",
    "phi": "fee",
    "le phi": "fee",
    "doi tuong thuc hien": "applicants",
    "co quan thuc hien": "agency",
    "co quan giai quyet": "agency",
    "co quan co tham quyen": "authority",
    "co quan duoc uy quyen": "delegated",
    "co quan phoi hop": "coordinating",
    "ket qua thuc hien": "result",
    "ket qua": "result",
    "can cu phap ly": "legal_basis",
    "yeu cau dieu kien": "requirements",
    "yeu cau dieu kien thuc hien": "requirements",
    "nop ho so truc tuyen": "online_url",
    "duong dan nop truc tuyen": "online_url",
    "quy trinh noi bo": "internal_process",
    "ghi chu": "body",
    "thu tuc thay the": "replaced_by",
    "thay the boi": "replaced_by",
    "tieu de": "title",
    "ten": "title",
    "dia chi tiep nhan": "receiving_address",
    "noi tiep nhan ho so": "receiving_address",
    "cach thuc nhan ket qua": "delivery",
    "tu khoa": "keywords",
    "tu khoa tim kiem": "keywords",
}
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
# The portal's list export ("DANH SÁCH THỦ TỤC HÀNH CHÍNH": Mã số, Tên, Cơ quan ban hành, Cơ quan thực hiện, Lĩnh vực).
LIST_EXPORT_COLUMNS = frozenset({"code", "title", "agency", "field"})
LIST_EXPORT_MESSAGE = (
    "tệp này là danh sách thủ tục (Mã số, Tên, Cơ quan, Lĩnh vực): không đủ để tạo trang thủ tục, nên không nhập gì. "
    "Để đối chiếu với trang, chạy `cchcsite import procedures --compare TỆP`; để nhập, tải hồ sơ chi tiết (JSON) của từng thủ tục"
)
# Written by the officer, never replaced by `--update` once the file has them.
OFFICER_FIELDS = ("summary", "tags", "keywords")
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
_ONLINE = {
    "toan trinh": "toan-trinh", "dvc truc tuyen toan trinh": "toan-trinh", "muc do 4": "toan-trinh", "4": "toan-trinh",
    "mot phan": "mot-phan", "dvc truc tuyen mot phan": "mot-phan", "muc do 3": "mot-phan", "3": "mot-phan",
    "khong": "khong", "muc do 2": "khong", "muc do 1": "khong", "2": "khong", "1": "khong", "cung cap thong tin": "khong",
}  # fmt: skip
_MODES = {"truc tiep": "truc-tiep", "nop truc tiep": "truc-tiep", "direct": "truc-tiep", "truc tuyen": "truc-tuyen", "nop truc tuyen": "truc-tuyen", "online": "truc-tuyen",
          "buu chinh": "buu-chinh", "dich vu buu chinh": "buu-chinh", "qua buu chinh": "buu-chinh", "buu chinh cong ich": "buu-chinh", "postal": "buu-chinh"}  # fmt: skip
_STATUS = {"hien hanh": "hien-hanh", "sua doi": "sua-doi", "sua doi bo sung": "sua-doi", "bai bo": "bai-bo"}
_RECORD_KEYS = {
    "channels": ("mode", "duration", "fee", "note"),
    "documents": ("name", "original", "copy", "form", "case"),
    "legal_basis": ("number", "title", "date", "issuer"),
    "internal_process": ("step", "owner", "duration"),
    "changes": ("date", "note"),
}
_NUMBER = re.compile(r"\d+(?:/\d{4})?/[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)*")
_DATE = re.compile(r"ngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.IGNORECASE)
_PAPER_COUNTS = re.compile(
    r"^(?P<name>.*?)\s*\((?:(?P<original>\d+)\s*bản chính)?\s*[,;]?\s*(?:(?P<copy>\d+)\s*bản sao)?\)\s*$", re.IGNORECASE
)


def fold_label(text: str) -> str:
    """`Phí, lệ phí:` → `phi le phi` (headers are matched without marks, case or punctuation)."""
    folded = vi.fold(unicodedata.normalize("NFC", str(text))).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


# Every label the site shows for a procedure field ("Địa chỉ tiếp nhận hồ sơ") names its column too.
_LABELS = {**{fold_label(s.label): n for n, s in field_specs(Procedure).items() if s.label}, **_LABELS}


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, syntax, shape): nothing of it is written."""


@dataclass
class Row:
    number: int  # the spreadsheet row (header = 1) or the JSON item (first = 1)
    values: dict[str, Any]
    portal: bool = False  # a national detail record (raw keys), mapped by `portal.front_matter`
    unit: str = "dòng"  # what `number` counts: "dòng" (a spreadsheet row) or "mục" (a JSON item)

    @property
    def where(self) -> str:
        return f"{self.unit} {self.number}"


@dataclass
class Change:
    code: str
    path: Path
    words: list[str]  # "phí, lệ phí thay đổi", "thêm 1 giấy tờ"


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # --update, nothing new: file left byte-identical
    skipped: list[tuple[str, int, str, Path]] = field(default_factory=list)  # (file, row, "dòng 2") already there, no --update
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed_rows(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def procedure_folder(config: Config) -> str:
    """`content/thu-tuc`, or the folder `sections:` gives procedures."""
    sections = {**DEFAULT_SECTIONS, **config.sections}
    named = [folder for folder, kind in config.sections.items() if kind == "procedure"]
    if named:
        return f"content/{named[0]}"
    if sections.get("thu-tuc") == "procedure":
        return FOLDER
    raise ImportFileError(
        "`sections:` trong config.yaml không có thư mục nào cho thủ tục (`procedure`); hãy thêm ví dụ `thu-tuc: procedure`"
    )


def source_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """The files to read, each with the name messages show: a folder gives its .json, .csv and .xlsx files."""
    files = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            files += [(p, f"{path.name}/{p.name}") for p in inside]
        else:
            files.append((path, path.name))
    return files


def read_rows(path: Path) -> tuple[list[Row], list[str]]:
    """Rows of a CSV, XLSX or JSON file, keys mapped to field names; plus the columns nobody understood."""
    suffix = path.suffix.lower()
    raw = path.read_bytes()
    if suffix == ".xls" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("tệp Excel đời cũ (.xls) chưa đọc được; hãy mở bằng Excel và Lưu thành (Save As) dạng .xlsx")
    if suffix not in SUFFIXES:
        raise ImportFileError(
            f"không nhập được tệp `{suffix or path.name}`: chỉ nhận tệp JSON (hồ sơ thủ tục tải từ Cổng Dịch vụ công quốc gia), "
            "CSV hoặc XLSX (bảng danh sách thủ tục)"
        )
    if suffix == ".xlsx":
        return _table_rows(_xlsx_table(path))
    if raw.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            f"tệp này là tệp nén (Excel, Word, zip), không phải {suffix[1:].upper()}; nếu là bảng Excel hãy đặt đuôi .xlsx"
        )
    text, problem = decode(raw, path.name)
    if problem:
        raise ImportFileError(problem.message)
    if suffix == ".json" or text.lstrip().startswith(("[", "{")):
        return _json_rows(text)
    return _csv_rows(text)


def _map_key(key: str) -> str | None:
    key = str(key).strip()
    if key in FIELDS or key in EXTRA_COLUMNS:
        return key
    return _LABELS.get(fold_label(key)) or (fold_label(key).replace(" ", "_") if fold_label(key).replace(" ", "_") in FIELDS else None)


def _csv_rows(text: str) -> tuple[list[Row], list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _table_rows(list(enumerate(reader, start=1)))  # the row number Excel shows, though a cell may span lines


def _xlsx_table(path: Path) -> list[tuple[int, list[str]]]:
    """The first sheet's rows as text (a code Excel turned into a number gets its six decimals back)."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency of the package
        raise ImportFileError("cần gói openpyxl để đọc tệp .xlsx; chạy `python build.py` để cài lại") from None
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(f"tệp .xlsx không mở được ({exc.__class__.__name__}); hãy mở bằng Excel và lưu lại") from None
    try:
        sheet = book.worksheets[0]
        table = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            table.append((number, [_cell_text(c) for c in cells]))
        return table
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and 1 <= value < 4 and round(value, 6) == value:
        return f"{value:.6f}"  # `1.00011` typed as a number was the code 1.000110
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date,)):
        return value.isoformat()[:10]
    return unicodedata.normalize("NFC", str(value))


def _header_at(table: list[tuple[int, list[str]]]) -> int:
    """The header is the first row naming a code or title column (the portal's export has a title row above it)."""
    for index, (_, values) in enumerate(table[:10]):
        keys = [_map_key(v) for v in values]
        if "code" in keys or "title" in keys:
            return index
    return -1


def _table_rows(table: list[tuple[int, list[str]]]) -> tuple[list[Row], list[str]]:
    table = [(n, v) for n, v in table if any(str(c).strip() for c in v)]
    if not table:
        raise ImportFileError("tệp rỗng: dòng đầu phải là tên cột (Mã thủ tục, Tên thủ tục, ...)")
    at = _header_at(table)
    if at < 0:
        raise ImportFileError("không thấy dòng tên cột có `Mã thủ tục` (code) hay `Tên thủ tục` (title); dòng đầu phải là tên cột")
    header = table[at][1]
    keys = [_map_key(h) for h in header]
    unknown = [h for h, k in zip(header, keys) if k is None and str(h).strip()]
    rows = []
    for row_number, values in table[at + 1 :]:  # the row number Excel shows (a cell may span lines)
        record = {k: v for k, v in zip(keys, values) if k and str(v).strip()}
        rows.append(Row(row_number, record))
    return rows, unknown


def _unwrap(item: Any) -> Any:
    """`{"data": {...}}` (the portal's answer, maybe with `code`, `message` beside it) → the record inside."""
    if not isinstance(item, dict) or portal.is_portal_record(item):
        return item
    data = item.get("data")
    if isinstance(data, str) and data.lstrip().startswith(("{", "[")):  # an answer that carries its data as JSON text
        try:
            data = json.loads(data)
        except json.JSONDecodeError:
            return item
    return data if isinstance(data, (dict, list)) else item


def _json_rows(text: str) -> tuple[list[Row], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"JSON không đọc được ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}") from None
    data = _unwrap(data)
    if isinstance(data, dict) and not portal.is_portal_record(data):  # a page of results: {"content": [...], "total": 80}
        data = next((data[k] for k in ("procedures", "content", "items", "records", "list") if isinstance(data.get(k), list)), data)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ImportFileError(
            'JSON phải là hồ sơ thủ tục `{...}`, danh sách `[ {...}, {...} ]` hoặc `{"data": ...}` như Cổng Dịch vụ công trả về'
        )
    items = [_unwrap(item) for item in data]
    if items and not any(
        portal.is_portal_record(i) or (isinstance(i, dict) and {"code", "title"} & {_map_key(k) for k in i}) for i in items
    ):
        keys = sorted({str(k) for i in items if isinstance(i, dict) for k in i})[:8]
        shown = ", ".join(f"`{k}`" for k in keys) or "không có khóa nào"
        raise ImportFileError(
            f"JSON này không phải hồ sơ thủ tục ({shown}); cần hồ sơ chi tiết của Cổng Dịch vụ công quốc gia "
            "(có `code`, `name`, `executionMethods`, ...) hoặc các trường của trang (`code`, `title`, ...)"
        )
    rows, unknown = [], set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append(Row(number, {"__invalid__": f"mục {number} không phải một đối tượng {{...}}"}, unit="mục"))
            continue
        if portal.is_portal_record(item):
            rows.append(Row(number, item, portal=True, unit="mục"))
            continue
        record = {}
        for key, value in item.items():
            mapped = _map_key(key)
            if mapped is None:
                unknown.add(str(key))
            elif value not in (None, "", []):
                record[mapped] = value
        rows.append(Row(number, record, unit="mục"))
    return rows, sorted(unknown)


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
        record = _record_item(text, _RECORD_KEYS["documents"])
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
            record = _record_item(text, _RECORD_KEYS["legal_basis"])
            if record is None:
                found = _NUMBER.search(text)
                record = {"number": found.group(0), "title": text} if found else {"number": text}
                when = _DATE.search(text)
                if when:
                    try:
                        record["date"] = date(int(when[3]), int(when[2]), int(when[1])).isoformat()
                    except ValueError:
                        pass
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


def front_matter(values: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A row's values → (front matter in the order of the publication form, Markdown body). Raises ValueError."""
    if "__invalid__" in values:
        raise ValueError(values["__invalid__"])
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
            front[name] = _records(value, name, "note")
        elif name in ("steps", "applicants", "tags", "delivery", "keywords"):
            front[name] = [str(v) for v in _split_list(value)]
        elif isinstance(value, str):
            front[name] = value.strip().replace("\r\n", "\n")
        else:
            front[name] = value
    _check_code(front["code"])
    front["code"] = str(front["code"]).strip()
    return front, str(values.get("body", "")).strip()


# Where a portal record keeps each required fact: named when it is missing.
_PORTAL_KEYS = {
    "code": "code", "title": "name", "field": "category, categoriesDetails", "level": "isProvince, isWard, isMinistry",
    "steps": "executionSteps", "channels": "executionMethods", "documents": "executionCases[].profileComponents",
    "applicants": "subjectTypesDetails", "agency": "departmentsExecuting, unitGroupsExecuting", "result": "resultsDetails",
    "legal_basis": "legalBasisesDetails",
}  # fmt: skip


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


_FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when PyYAML has it: ten times faster
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_FAST_DUMPER):
    """Multi-line text as a `|` block, so an officer reads steps and addresses as written."""


def _represent_str(dumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text and not any(line != line.rstrip() for line in text.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def render_front(front: dict[str, Any]) -> str:
    """YAML written by a safe dumper: `1.001193` stays a string, Vietnamese stays readable."""
    return yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100000)


def render_file(front: dict[str, Any], body: str) -> str:
    return f"---\n{render_front(front)}---\n" + (f"\n{body}\n" if body else "")


def slug_for(title: str) -> str:
    slug = vi.slugify(title)
    if len(slug) > SLUG_LIMIT:
        slug = slug[:SLUG_LIMIT].rsplit("-", 1)[0]
    return slug


def existing_codes(folder: Path) -> dict[str, Path]:
    """Procedure code → the file that already holds it (whatever its file name)."""
    return {code: found.path for code, found in site_procedures(folder).items()}


def _split_raw(text: str) -> tuple[str, str]:
    """A content file → (its front matter's YAML, everything after the closing `---` exactly as written)."""
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return "", ""


def merge(old: dict[str, Any], new: dict[str, Any], owned: set[str]) -> dict[str, Any]:
    """The officer's file with the database's fields refreshed: order kept, officer-written fields untouched."""
    merged: dict[str, Any] = {}
    for key, value in old.items():
        if key in owned and key not in OFFICER_FIELDS:
            if key in new:
                merged[key] = new[key]
        else:
            merged[key] = value
    for key, value in new.items():
        if key not in merged and key not in old:
            merged[key] = value
    return merged


def _plain(front: dict[str, Any]) -> Any:
    """What a front matter means once written and read back (dates, quoting): how `--update` compares."""
    return yaml.load(render_front(front), Loader=_FAST_LOADER) if front else {}


def describe_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed, in the labels the page shows: `phí, lệ phí thay đổi`, `thêm 1 giấy tờ`."""
    words: list[str] = []
    for name in dict.fromkeys([*new, *old]):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        label = LABELS.get(name, name)
        label = label[0].lower() + label[1:] if label[:2] != "Mã" else label.lower()
        if name == "channels" and isinstance(before, list) and isinstance(after, list):
            words += _channel_changes(before, after)
        elif name in ("documents", "legal_basis") and isinstance(before, list) and isinstance(after, list):
            words += _list_changes(before, after, "giấy tờ" if name == "documents" else "căn cứ pháp lý", label)
        elif before is None:
            words.append(f"thêm {label}")
        elif after is None:
            words.append(f"bỏ {label}")
        else:
            words.append(f"{label} thay đổi")
    return words


def _channel_changes(before: list, after: list) -> list[str]:
    labels = {n: s.label for n, s in field_specs(Channel).items()}
    modes = [c.get("mode") for c in before], [c.get("mode") for c in after]
    if modes[0] != modes[1]:
        return ["cách thức thực hiện thay đổi"]
    words = []
    for key in ("duration", "fee", "note"):
        if [c.get(key) for c in before] != [c.get(key) for c in after]:
            words.append(f"{labels[key][0].lower()}{labels[key][1:]} thay đổi" if key != "note" else "mô tả cách thức thực hiện thay đổi")
    return words


def _list_changes(before: list, after: list, noun: str, label: str) -> list[str]:
    key = "name" if noun == "giấy tờ" else "number"
    names_before = [str(i.get(key)) if isinstance(i, dict) else str(i) for i in before]
    names_after = [str(i.get(key)) if isinstance(i, dict) else str(i) for i in after]
    added = len([n for n in names_after if n not in names_before])
    removed = len([n for n in names_before if n not in names_after])
    words = [f"thêm {added} {noun}"] * bool(added) + [f"bớt {removed} {noun}"] * bool(removed)
    kept_before = [i for i, n in zip(before, names_before) if n in names_after]
    kept_after = [i for i, n in zip(after, names_after) if n in names_before]
    if kept_before != kept_after or (not words and before != after):
        words.append(f"{label} thay đổi")
    return words


def import_procedures(site_dir: Path, config: Config, sources: list[Path] | Path, today: date, update: bool = False) -> ImportResult:
    folder = site_dir / procedure_folder(config)
    run = _Run(
        site_dir, folder, existing_codes(folder), ValidateContext(config.tz, today, False, MarkdownRenderer(config.embed_hosts)), update
    )
    for source, shown in source_files([sources] if isinstance(sources, Path) else list(sources)):
        run.file(source, shown)
    return run.result


@dataclass
class _Run:
    """One `import procedures`: the site's procedures by code, what this run has seen and written."""

    site_dir: Path
    folder: Path
    by_code: dict[str, Path]
    context: ValidateContext
    update: bool
    result: ImportResult = field(default_factory=ImportResult)
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (file, "mục 2") first seen
    taken: set[Path] = field(default_factory=set)

    def problem(self, make, shown: str, row: Row, message: str) -> None:
        self.result.problems.append(make(shown, row.number, message))

    def file(self, source: Path, shown: str) -> None:
        try:
            rows, unknown = read_rows(source)
        except ImportFileError as exc:
            self.result.problems.append(error(shown, 1, f"{exc}; không nhập gì từ tệp này"))
            return
        columns = {key for row in rows if not row.portal for key in row.values}
        if rows and not any(row.portal for row in rows) and columns <= LIST_EXPORT_COLUMNS:
            self.result.problems.append(error(shown, 1, LIST_EXPORT_MESSAGE))
            return
        if unknown:
            self.result.problems.append(warning(shown, 1, "bỏ qua các cột không nhận ra: " + ", ".join(f"`{u}`" for u in unknown)))
        if not rows:
            self.result.problems.append(error(shown, 1, "không có dòng thủ tục nào"))
        for row in rows:
            self.row(row, shown)

    def row(self, row: Row, shown: str) -> None:
        where = row.where
        try:
            if row.portal:
                front, notes = portal_front_matter(row.values)
                body = ""
            else:
                (front, body), notes = front_matter(row.values), []
        except ValueError as exc:
            code = str(row.values.get("code") or "").strip()
            named = f" (mã {code})" if code and row.portal else ""
            self.problem(error, shown, row, f"{where}{named}: {exc}; {row.unit} này không được nhập")
            return
        code = front["code"]
        for note in notes:
            self.problem(warning, shown, row, f"{where} (mã {code}): {note}")
        if code in self.seen:
            first_file, first = self.seen[code]
            other = first if first_file == shown else f"{first} của {first_file}"
            self.problem(error, shown, row, f"{where}: mã thủ tục `{code}` trùng với {other}; {row.unit} này không được nhập")
            return
        self.seen[code] = (shown, where)
        target = self.by_code.get(code) or self.new_target(front, shown, row)
        existed = target.exists()
        if existed and not self.update:
            self.taken.add(target)
            self.result.skipped.append((shown, row.number, where, target))
            return
        change: Change | None = None
        if existed:
            resynced = self.resync(target, front, body, row, shown)
            if resynced is None:
                return
            text, change = resynced
        else:
            text = render_file(self.dated(front, row), body)
        problems = _validate(self.site_dir, target, text, self.context)
        if problems:
            reasons = "; ".join(p.message for p in problems)
            self.problem(error, shown, row, f"{where} (mã {code}): {reasons}; {row.unit} này không được nhập")
            return
        self.taken.add(target)
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(target, "w" if existed else "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
        if change:
            self.result.updated.append(change)
        else:
            self.result.written.append(target)

    def new_target(self, front: dict[str, Any], shown: str, row: Row) -> Path:
        """`<slug of the title>.md`, or with the code when another procedure has that title."""
        code = front["code"]
        national = _NATIONAL.match(code).group(0)
        same = [f"{c} ({p.name})" for c, p in self.by_code.items() if c != code and (c == national or c.startswith(national + "."))]
        if same:
            self.problem(
                warning,
                shown,
                row,
                f"{row.where} (mã {code}): trang đã có thủ tục cùng mã quốc gia {national}: {', '.join(same)}; "
                "kiểm tra xem có phải cùng một thủ tục không",
            )
        slug = vi.slugify(str(front.get("slug") or "")) or slug_for(front["title"])  # never a path: nothing lands outside the folder
        target = self.folder / f"{slug}.md"
        if target.exists() or target in self.taken:  # a different procedure with the same title
            target = self.folder / f"{slug}-{vi.slugify(code)}.md"
        return target

    def dated(self, front: dict[str, Any], row: Row) -> dict[str, Any]:
        """A national record without a date of its own is "Cập nhật lần cuối" on the day it is imported
        (or re-imported with changes): citizens see how fresh the page is."""
        if row.portal and "updated" not in front:
            return {**front, "updated": self.context.today.isoformat()}
        return front

    def resync(self, target: Path, front: dict[str, Any], body: str, row: Row, shown: str) -> tuple[str, Change] | None:
        """`--update`: the file with the database's fields refreshed; None when nothing changed (file untouched) or unreadable."""
        old_text, problem = decode(target.read_bytes(), target.name)
        old_yaml, rest = _split_raw(old_text) if not problem else ("", "")
        try:
            old = yaml.load(old_yaml, Loader=_FAST_LOADER) or {} if old_yaml else {}
        except yaml.YAMLError:
            old = None
        if not isinstance(old, dict):
            message = f"{row.where} (mã {front['code']}): không đọc được phần đầu của {target.name}; hãy sửa tệp đó rồi nhập lại"
            self.problem(error, shown, row, message)
            return None
        owned = set(portal.OWNED if row.portal else front) | set(front)
        merged = merge(old, front, owned)
        kept = rest if rest.strip() or not body else f"\n{body}\n"  # the officer's notes win over the list's
        before, after = _plain(old), _plain(merged)
        if before == after and kept == rest:
            self.taken.add(target)
            self.result.unchanged.append(target)
            return None
        words = describe_changes(before, after) + (["thêm ghi chú"] if kept != rest else [])
        if row.portal and "updated" not in front:
            merged = {**merged, "updated": self.context.today.isoformat()}
        return f"---\n{render_front(merged)}---\n{kept}", Change(front["code"], target, words)


def _validate(site_dir: Path, target: Path, text: str, context: ValidateContext) -> list[Problem]:
    rel = target.relative_to(site_dir).as_posix()
    front, body, body_line, problems = split_front_matter(text, rel)
    if front is None:
        return problems
    source = SourceFile(
        rel, target.parent.relative_to(site_dir / "content").as_posix(), target.stem, "procedure", front, body, body_line, False
    )
    _, found = validate_source(source, context)
    return [p for p in problems + found if p.severity is Severity.ERROR]


@dataclass
class Reconciliation:
    """The portal's official list against the site's procedures, by code."""

    listing: str
    listed: dict[str, str]  # code → name, from the list
    site: dict[str, SiteProcedure]
    missing: list[tuple[str, str]]  # on the list, not on the site
    extra: list[SiteProcedure]  # on the site, not on the list
    by_national_code: list[tuple[str, str]]  # (list code, site code) matched by their national part only

    def lines(self) -> list[str]:
        out = [f"Đối chiếu danh sách {self.listing} ({len(self.listed)} thủ tục) với trang ({len(self.site)} thủ tục):"]
        if self.missing:
            out.append(f"Trang còn thiếu {len(self.missing)} thủ tục có trong danh sách:")
            out += [f"  {code} – {name}" for code, name in self.missing]
        if self.extra:
            out.append(f"Trang có {len(self.extra)} thủ tục không có trong danh sách:")
            out += [f"  {p.code} – {p.title} ({p.path.name}{', đã ghi bãi bỏ' if p.status == 'bai-bo' else ''})" for p in self.extra]
        for listed, ours in self.by_national_code:
            out.append(f"  Lưu ý: mã {listed} trong danh sách được coi là thủ tục {ours} của trang (cùng mã quốc gia)")
        if not self.missing and not self.extra:
            out.append("Trang có đủ các thủ tục của danh sách và không có thủ tục nào ngoài danh sách.")
        return out


_NATIONAL = re.compile(r"[123]\.\d{6}")


def reconcile(site_dir: Path, config: Config, listing: Path) -> Reconciliation:
    rows, _ = read_rows(listing)
    listed: dict[str, str] = {}
    for row in rows:
        found = re.search(PROCEDURE_CODE.pattern, str(row.values.get("code", "")))
        if found:
            listed.setdefault(found.group(0), portal.clean(row.values.get("title", ""), one_line=True))
    if not listed:
        raise ImportFileError("không thấy mã thủ tục nào trong cột `Mã số`; đây có phải danh sách thủ tục xuất từ Cổng không?")
    site = site_procedures(site_dir / procedure_folder(config))
    national_site = {}
    for code in site:
        national_site.setdefault(_NATIONAL.match(code).group(0), []).append(code)
    matched_site: set[str] = set()
    missing, by_national = [], []
    for code, name in listed.items():
        if code in site:
            matched_site.add(code)
            continue
        same = national_site.get(_NATIONAL.match(code).group(0), [])
        same = [c for c in same if c not in listed]
        if len(same) == 1:
            matched_site.add(same[0])
            by_national.append((code, same[0]))
        else:
            missing.append((code, name))
    extra = [found for code, found in site.items() if code not in matched_site]
    return Reconciliation(listing.name, listed, site, missing, extra, by_national)
