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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import vi
from .config import Config
from .content.kinds import PROCEDURE_CODE
from .content.load import SourceFile, decode, split_front_matter
from .content.validate import ValidateContext, validate_source
from .errors import Problem, Severity, error, warning
from .markdown import MarkdownRenderer

LIST_SEPARATOR = " | "
FOLDER = "content/thu-tuc"
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
}
FIELDS = (
    "code", "title", "field", "level", "online", "decision", "status", "procedure_type", "steps", "channels",
    "documents", "applicants", "agency", "authority", "delegated", "coordinating", "result", "legal_basis",
    "requirements", "online_url", "internal_process", "summary", "tags", "slug", "updated",
    "replaced_by",  # an abolished procedure's successor (code or path)
    "changes",  # public change notes {date, note}: kept when the site's own open data comes back
)  # fmt: skip
EXTRA_COLUMNS = ("duration", "fee", "body", "url", "updated")  # understood, not front-matter fields as such
REQUIRED = {
    "code": "Mã thủ tục", "title": "Tên thủ tục", "field": "Lĩnh vực", "level": "Cấp thực hiện",
    "online": "Mức độ / Dịch vụ công trực tuyến", "steps": "Trình tự thực hiện", "channels": "Cách thức thực hiện",
    "documents": "Thành phần hồ sơ", "applicants": "Đối tượng thực hiện", "agency": "Cơ quan thực hiện",
    "result": "Kết quả thực hiện", "legal_basis": "Căn cứ pháp lý",
}  # fmt: skip
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


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, syntax, shape): nothing is written."""


@dataclass
class Row:
    number: int  # the spreadsheet row (header = 1) or the JSON item (first = 1)
    values: dict[str, Any]


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    skipped: list[tuple[int, Path]] = field(default_factory=list)  # already there, no --update
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed_rows(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def read_rows(path: Path) -> tuple[list[Row], list[str]]:
    """Rows of a CSV or JSON file, keys mapped to field names; plus the columns nobody understood."""
    text, problem = decode(path.read_bytes(), path.name)
    if problem:
        raise ImportFileError(problem.message)
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
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
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("tệp rỗng: dòng đầu phải là tên cột (Mã thủ tục, Tên thủ tục, ...)") from None
    keys = [_map_key(h) for h in header]
    unknown = [h for h, k in zip(header, keys) if k is None and h.strip()]
    if "code" not in keys and "title" not in keys:
        raise ImportFileError("dòng đầu không có cột `Mã thủ tục` (code) hay `Tên thủ tục` (title); dòng đầu phải là tên cột")
    rows = []
    for row_number, values in enumerate(reader, start=2):  # the row number Excel shows (a cell may span lines)
        if not any(v.strip() for v in values):
            continue
        record = {k: v for k, v in zip(keys, values) if k and v.strip()}
        rows.append(Row(row_number, record))
    return rows, unknown


def _json_rows(text: str) -> tuple[list[Row], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"JSON không đọc được ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}") from None
    if isinstance(data, dict):
        data = data.get("data", data.get("procedures", [data]))
    if not isinstance(data, list):
        raise ImportFileError("JSON phải là một danh sách thủ tục `[ {...}, {...} ]`")
    rows, unknown = [], set()
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            rows.append(Row(number, {"__invalid__": f"mục {number} không phải một đối tượng {{...}}"}))
            continue
        record = {}
        for key, value in item.items():
            mapped = _map_key(key)
            if mapped is None:
                unknown.add(str(key))
            elif value not in (None, "", []):
                record[mapped] = value
        rows.append(Row(number, record))
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
        elif name in ("steps", "applicants", "tags"):
            front[name] = [str(v) for v in _split_list(value)]
        elif isinstance(value, str):
            front[name] = value.strip().replace("\r\n", "\n")
        else:
            front[name] = value
    code = str(front["code"]).strip()
    if not PROCEDURE_CODE.fullmatch(code):
        raise ValueError(f"mã thủ tục `{code}` không đúng dạng `1.001193` hoặc `2.000815.000.00.00.H55`")
    front["code"] = code
    return front, str(values.get("body", "")).strip()


def render_file(front: dict[str, Any], body: str) -> str:
    """YAML written by a safe dumper: `1.001193` stays a string, Vietnamese stays readable."""
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100000)
    return f"---\n{text}---\n" + (f"\n{body}\n" if body else "")


def slug_for(title: str) -> str:
    slug = vi.slugify(title)
    if len(slug) > SLUG_LIMIT:
        slug = slug[:SLUG_LIMIT].rsplit("-", 1)[0]
    return slug


def existing_codes(folder: Path) -> dict[str, Path]:
    """Procedure code → the file that already holds it (whatever its file name)."""
    found: dict[str, Path] = {}
    for file in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        if file.name.startswith("_"):
            continue
        text, problem = decode(file.read_bytes(), file.name)
        if problem:
            continue
        front, *_ = split_front_matter(text, file.name)
        if isinstance(front, dict) and front.get("code") not in (None, ""):
            found.setdefault(str(front["code"]).strip(), file)
    return found


def import_procedures(site_dir: Path, config: Config, source: Path, today: date, update: bool = False) -> ImportResult:
    rows, unknown = read_rows(source)
    result = ImportResult()
    shown = source.name
    if unknown:
        result.problems.append(warning(shown, 1, "bỏ qua các cột không nhận ra: " + ", ".join(f"`{u}`" for u in unknown)))
    if not rows:
        result.problems.append(error(shown, 1, "không có dòng thủ tục nào"))
        return result
    folder = site_dir / FOLDER
    by_code = existing_codes(folder)
    context = ValidateContext(config.tz, today, False, MarkdownRenderer(config.embed_hosts))
    seen: dict[str, int] = {}
    taken: set[Path] = set()
    for row in rows:
        where = f"dòng {row.number}"
        try:
            front, body = front_matter(row.values)
        except ValueError as exc:
            result.problems.append(error(shown, row.number, f"{where}: {exc}; dòng này không được nhập"))
            continue
        code = front["code"]
        if code in seen:
            result.problems.append(
                error(shown, row.number, f"{where}: mã thủ tục `{code}` trùng với dòng {seen[code]}; dòng này không được nhập")
            )
            continue
        seen[code] = row.number
        text = render_file(front, body)
        target = by_code.get(code)
        if target is None:
            slug = front.get("slug") or slug_for(front["title"])
            target = folder / f"{slug}.md"
            if target.exists() or target in taken:  # a different procedure with the same title
                target = folder / f"{slug}-{vi.slugify(code)}.md"
        problems = _validate(site_dir, target, text, context)
        if problems:
            reasons = "; ".join(p.message for p in problems)
            result.problems.append(error(shown, row.number, f"{where} (mã {code}): {reasons}; dòng này không được nhập"))
            continue
        taken.add(target)
        if target.exists() and not update:
            result.skipped.append((row.number, target))
            continue
        existed = target.exists()
        folder.mkdir(parents=True, exist_ok=True)
        with open(target, "w" if existed else "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
        (result.updated if existed else result.written).append(target)
    return result


def _validate(site_dir: Path, target: Path, text: str, context: ValidateContext) -> list[Problem]:
    rel = target.relative_to(site_dir).as_posix()
    front, body, body_line, problems = split_front_matter(text, rel)
    if front is None:
        return problems
    source = SourceFile(rel, "thu-tuc", target.stem, "procedure", front, body, body_line, False)
    _, found = validate_source(source, context)
    return [p for p in problems + found if p.severity is Severity.ERROR]
