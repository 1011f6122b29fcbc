"""Unit files (`content/don-vi/*.md`) from the national portal's 766 data or a province's list.

The portal's rows give each unit's name, national code and block; a province's XLSX/CSV list may
add the counter (address, hours, phone, email, map) and the units a merged one replaced. An
existing unit (same code, else same name) keeps everything the officer wrote: the import only
fills what its file leaves blank, so running it again changes nothing an officer edited. Names
are cleaned the way pages show them ("UBND Xã Chơ Long - Gia Lai" → "UBND xã Chơ Long"), odd
spellings the portal uses ("SRó") kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import vi
from ..config import Config
from ..content.kinds import UNIT_CODE, Kind
from ..content.sections import folder_of
from ..content.units import clean_name, name_key
from ..errors import error, warning
from .content_files import Change, ImportResult, read_existing, render_file, render_front, write_file
from .index766 import Refused, read_part
from .parse import parse_date
from .readers import Columns, ImportFileError, JsonData, Table, fold_label, read_source, table_records

FIELDS = ("title", "code", "unit_type", "address", "hours", "phone", "email", "map", "merged_from")
COLUMNS = Columns(
    labels={
        "ten don vi": "title", "ten co quan": "title", "ten": "title", "don vi": "title", "co quan": "title",
        "ma don vi": "code", "ma co quan": "code", "ma": "code", "ma dinh danh": "code",
        "loai don vi": "unit_type", "loai": "unit_type", "cap": "unit_type",
        "dia chi": "address", "dia chi tiep nhan ho so": "address", "noi tiep nhan ho so": "address",
        "gio tiep nhan": "hours", "gio tiep nhan ho so": "hours", "gio lam viec": "hours", "thoi gian tiep nhan": "hours",
        "dien thoai": "phone", "so dien thoai": "phone",
        "email": "email", "thu dien tu": "email",
        "ban do": "map", "duong dan ban do": "map",
        "hinh thanh tu": "merged_from", "sap nhap tu": "merged_from", "don vi cu": "merged_from", "ten cu": "merged_from",
        "ngay sap nhap": "merged_on",
    },
    fields=frozenset(FIELDS) | {"merged_on"},
    anchors={"title": "Tên đơn vị"},
)  # fmt: skip
_TYPE_WORDS = (  # a list's "Loại đơn vị" cell, or the name itself, → unit_type
    ("xa-phuong", ("xa", "phuong", "dac khu", "ubnd xa", "ubnd phuong", "uy ban nhan dan xa", "uy ban nhan dan phuong", "thi tran")),
    ("mot-cua", ("trung tam phuc vu hanh chinh cong", "mot cua")),
    ("ubnd-tinh", ("ubnd tinh", "uy ban nhan dan tinh")),
    ("so-nganh", ("so", "ban", "nganh", "so nganh", "thanh tra", "van phong", "cong an", "bo chi huy")),
)
_NAME_START = {
    "xa-phuong": ("uy ban nhan dan xa ", "uy ban nhan dan phuong ", "uy ban nhan dan dac khu ", "uy ban nhan dan thi tran "),
    "mot-cua": ("trung tam phuc vu hanh chinh cong",),
    "ubnd-tinh": ("uy ban nhan dan tinh",),
    "so-nganh": ("so ", "ban ", "thanh tra ", "van phong ", "cong an ", "bo chi huy "),
}
_OLD_NAME_DATE = re.compile(r"^(?P<name>.*?)\s*\((?:ngày\s*)?(?P<date>[\d/.\-]+)\)\s*$")


@dataclass
class UnitRow:
    file: str
    line: int  # the spreadsheet row, 1 for a JSON file
    where: str  # what messages call it: "dòng 5", or the unit's name in a JSON file
    values: dict[str, Any]


@dataclass
class _Known:
    path: Path
    front: dict[str, Any]


@dataclass
class UnitImport:
    result: ImportResult = field(default_factory=ImportResult)
    notes: list[str] = field(default_factory=list)


def unit_folder(config: Config) -> str:
    """`content/don-vi`, or the folder `sections:` gives units."""
    return f"content/{folder_of(Kind.UNIT, config.sections)}"


def import_units(site_dir: Path, config: Config, files: list[tuple[Path, str]]) -> UnitImport:
    folder = site_dir / unit_folder(config)
    run = UnitImport()
    known = _existing(folder)
    seen: set[str] = set()
    for path, shown in files:
        try:
            rows, unknown = _rows(path, shown)
        except (ImportFileError, Refused) as exc:
            text = str(exc)
            run.result.problems.append(error(shown, 1, f"{text.removeprefix(shown + ': ')}; không nhập gì từ tệp này"))
            continue
        if unknown:
            run.result.problems.append(warning(shown, 1, "bỏ qua các cột không nhận ra: " + ", ".join(f"`{u}`" for u in unknown)))
        for row in rows:
            _one(run, folder, known, seen, row)
    return run


def _rows(path: Path, shown: str) -> tuple[list[UnitRow], list[str]]:
    """The file's units, and the columns of a list nobody understood."""
    if path.suffix.lower() == ".json":
        part = read_part(path, shown, date.today(), None)  # only names, codes and blocks are used: any date does
        return [UnitRow(shown, 1, row.name, {"title": row.name, "code": row.code, "unit_type": row.block}) for row in part.rows], []
    source = read_source(path, "chỉ nhận số liệu 766 (JSON tải từ Cổng Dịch vụ công quốc gia), bảng CSV hoặc XLSX danh sách đơn vị")
    if isinstance(source, JsonData):
        raise ImportFileError("tệp này là JSON: hãy đặt đuôi .json")
    assert isinstance(source, Table)
    records, unknown = table_records(source, COLUMNS)
    return [UnitRow(shown, number, f"dòng {number}", values) for number, values in records], unknown


def _one(run: UnitImport, folder: Path, known: dict[str, _Known], seen: set[str], row: UnitRow) -> None:
    result = run.result
    try:
        front = _front(row.values)
    except ValueError as exc:
        result.problems.append(error(row.file, row.line, f"{row.where}: {exc}; đơn vị này không được nhập"))
        return
    identity = front.get("code") or name_key(front["title"])
    if identity in seen:
        return  # the same unit in two files (agencies of two dates): once is enough
    seen.add(identity)
    match = known.get(front.get("code", "")) or known.get(name_key(front["title"]))
    if match is None:
        target = _new_target(folder, front, known)
        write_file(target, render_file(front, ""), replace=False)
        result.written.append(target)
        entry = _Known(target, front)
        known[name_key(front["title"])] = entry
        if front.get("code"):
            known[front["code"]] = entry
        return
    existing = read_existing(match.path)
    if existing.front is None:
        result.problems.append(
            error(row.file, row.line, f"{row.where}: không đọc được phần đầu của {match.path.name}; hãy sửa tệp đó rồi nhập lại")
        )
        return
    filled = {key: value for key, value in front.items() if key not in ("title",) and _blank(existing.front.get(key))}
    if existing.front.get("title") and name_key(str(existing.front["title"])) != name_key(front["title"]):
        run.notes.append(
            f"{match.path.name}: tên trên Cổng là “{front['title']}”, trên trang là “{existing.front['title']}”: giữ tên trên trang"
        )
    if not filled:
        result.unchanged.append(match.path)
        return
    merged = {**existing.front, **filled}
    ordered = {key: merged[key] for key in [*FIELDS, *merged] if key in merged}
    write_file(match.path, f"---\n{render_front(ordered)}---\n{existing.rest}", replace=True)
    result.updated.append(_change(match.path, ordered.get("code") or ordered["title"], filled))


def _change(path: Path, code: str, filled: dict[str, Any]) -> Change:
    labels = {"code": "mã đơn vị", "unit_type": "loại đơn vị", "address": "địa chỉ", "hours": "giờ tiếp nhận", "phone": "điện thoại",
              "email": "thư điện tử", "map": "bản đồ", "merged_from": "đơn vị cũ"}  # fmt: skip
    return Change(str(code), path, [f"thêm {labels.get(key, key)}" for key in filled])


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _front(values: dict[str, Any]) -> dict[str, Any]:
    title = clean_name(values.get("title") or "")
    if not title:
        raise ValueError("thiếu tên đơn vị")
    front: dict[str, Any] = {"title": title}
    code = str(values.get("code") or "").strip()
    if code:
        if not UNIT_CODE.fullmatch(code):
            raise ValueError(f"mã đơn vị `{code}` không đúng dạng (như H21.17)")
        front["code"] = code
    front["unit_type"] = _unit_type(str(values.get("unit_type") or ""), title)
    for key in ("address", "hours", "phone", "email", "map"):
        text = " ".join(str(values.get(key) or "").split())
        if text:
            front[key] = text
    if values.get("merged_from"):
        front["merged_from"] = _merged(str(values["merged_from"]), values.get("merged_on"))
    return front


def _unit_type(given: str, title: str) -> str:
    if given in vi.UNIT_TYPES:
        return given
    folded = fold_label(given)
    for unit_type, words in _TYPE_WORDS:
        if folded and (folded in words or any(folded.startswith(w + " ") for w in words)):
            return unit_type
    key = name_key(title) + " "
    for unit_type, starts in _NAME_START.items():
        if any(key.startswith(start) for start in starts):
            return unit_type
    return "khac"


def _merged(text: str, merged_on: Any) -> list[dict[str, Any]]:
    """`UBND xã Ia Kreng; UBND xã Đak Sơmei (01/07/2025)` → [{name, date}, …]."""
    on = parse_date(merged_on) if merged_on else None
    found = []
    for part in re.split(r"\s*[;\n]\s*", text):
        if not part.strip():
            continue
        dated = _OLD_NAME_DATE.match(part)
        name, when = (dated["name"], parse_date(dated["date"])) if dated else (part, None)
        item: dict[str, Any] = {"name": clean_name(name)}
        merged_on = when or on
        if merged_on:
            item["date"] = merged_on.isoformat()
        found.append(item)
    return found


def _existing(folder: Path) -> dict[str, _Known]:
    """The site's unit files by code and by name key."""
    known: dict[str, _Known] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        if path.name.startswith("_"):
            continue
        front = read_existing(path).front or {}
        entry = _Known(path, front)
        if front.get("title"):
            known.setdefault(name_key(str(front["title"])), entry)
        if front.get("code"):
            known.setdefault(str(front["code"]).strip(), entry)
    return known


def _new_target(folder: Path, front: dict[str, Any], known: dict[str, _Known]) -> Path:
    slug = vi.slugify(front["title"])[:80].rstrip("-") or vi.slugify(front.get("code", "don-vi"))
    target = folder / f"{slug}.md"
    taken = {entry.path for entry in known.values()}
    if target.exists() or target in taken:
        target = folder / f"{slug}-{vi.slugify(front.get('code') or 'moi')}.md"
    return target
