"""The files officers bring to `cchcsite import`: CSV, XLSX and JSON read into rows, or a clear refusal.

Shared by every source: a folder gives its files; a CSV's delimiter is guessed from its first
line; an XLSX is read from its first sheet; a header row is found below a title row and its
labels are matched without diacritics, case or punctuation. What a row means is the source's.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .. import vi
from ..sourcetext import decode

SUFFIXES = (".json", ".csv", ".xlsx")
HEADER_SEARCH_ROWS = 10  # the portal's exports put a title (and a blank row) above the header


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, syntax, shape): nothing of it is written."""


@dataclass(frozen=True)
class Table:
    """A CSV, or an XLSX's first sheet, as text: non-blank rows with the row number a spreadsheet shows."""

    rows: list[tuple[int, list[str]]]
    spreadsheet: bool  # from an XLSX: a number in a cell was typed as a number (and may have lost zeros)


@dataclass(frozen=True)
class JsonData:
    data: Any


@dataclass(frozen=True)
class Columns:
    """A source's header vocabulary: which labels name which field, and which fields mark the header row."""

    labels: Mapping[str, str]  # folded label ("ma thu tuc") → field name
    fields: frozenset[str]  # field names a header may also use as they are
    anchors: Mapping[str, str]  # field → label: the header row names at least one of them

    def key(self, header: Any) -> str | None:
        header = str(header).strip()
        if header in self.fields:
            return header
        folded = fold_label(header)
        return self.labels.get(folded) or (folded.replace(" ", "_") if folded.replace(" ", "_") in self.fields else None)


def fold_label(text: Any) -> str:
    """`Phí, lệ phí:` → `phi le phi` (headers are matched without marks, case or punctuation)."""
    folded = vi.without_marks(unicodedata.normalize("NFC", str(text))).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def source_files(paths: list[Path], suffixes: tuple[str, ...] = SUFFIXES) -> list[tuple[Path, str]]:
    """The files to read, each with the name messages show: a folder gives its files with these suffixes."""
    files = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
            files += [(p, f"{path.name}/{p.name}") for p in inside]
        else:
            files.append((path, path.name))
    return files


def read_source(path: Path, accepted: str, suffixes: tuple[str, ...] = SUFFIXES) -> Table | JsonData:
    """A CSV or XLSX table, or a JSON document. `accepted` ends the refusal of any other file:
    "chỉ nhận tệp JSON (…), CSV hoặc XLSX (…)"."""
    suffix = path.suffix.lower()
    raw = path.read_bytes()
    if suffix == ".xls" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("tệp Excel đời cũ (.xls) chưa đọc được; hãy mở bằng Excel và Lưu thành (Save As) dạng .xlsx")
    if suffix not in suffixes:
        raise ImportFileError(f"không nhập được tệp `{suffix or path.name}`: {accepted}")
    if suffix == ".xlsx":
        return Table(_xlsx_rows(path), spreadsheet=True)
    if raw.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            f"tệp này là tệp nén (Excel, Word, zip), không phải {suffix[1:].upper()}; nếu là bảng Excel hãy đặt đuôi .xlsx"
        )
    text, problem = decode(raw, path.name)
    if problem:
        raise ImportFileError(problem.message)
    if suffix == ".json" or text.lstrip().startswith(("[", "{")):
        return JsonData(parse_json(text))
    return Table(_csv_rows(text), spreadsheet=False)


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"JSON không đọc được ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}") from None


def unwrap(item: Any, is_record: Callable[[Any], bool]) -> Any:
    """`{"data": {...}}` (the portal's answer, maybe with `code`, `message` beside it) → the record inside."""
    if not isinstance(item, dict) or is_record(item):
        return item
    data = item.get("data")
    if isinstance(data, str) and data.lstrip().startswith(("{", "[")):  # an answer that carries its data as JSON text
        try:
            data = json.loads(data)
        except json.JSONDecodeError:
            return item
    return data if isinstance(data, (dict, list)) else item


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _non_blank(list(enumerate(reader, start=1)))  # the row number Excel shows, though a cell may span lines


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
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
        return _non_blank(
            [(number, [cell_text(c) for c in cells]) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        )
    finally:
        book.close()


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the officer reads it: `2` not `2.0`, a date as `2014-11-20`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return unicodedata.normalize("NFC", str(value))


def _non_blank(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    return [(n, v) for n, v in rows if any(str(c).strip() for c in v)]


def table_records(table: Table, columns: Columns) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The rows below the header as `{field: text}` (empty cells left out), each with its row number;
    plus the header labels nobody understood."""
    if not table.rows:
        raise ImportFileError(f"tệp rỗng: dòng đầu phải là tên cột ({', '.join(columns.anchors.values())}, ...)")
    at = next(
        (i for i, (_, values) in enumerate(table.rows[:HEADER_SEARCH_ROWS]) if {columns.key(v) for v in values} & set(columns.anchors)),
        -1,
    )
    if at < 0:
        named = " hay ".join(f"`{label}` ({name})" for name, label in columns.anchors.items())
        raise ImportFileError(f"không thấy dòng tên cột có {named}; dòng đầu phải là tên cột")
    header = table.rows[at][1]
    keys = [columns.key(h) for h in header]
    unknown = [h for h, k in zip(header, keys) if k is None and str(h).strip()]
    records = [(number, {k: v for k, v in zip(keys, values) if k and str(v).strip()}) for number, values in table.rows[at + 1 :]]
    return records, unknown
