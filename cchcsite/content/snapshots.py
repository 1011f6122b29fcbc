"""Index snapshots: the scores of many units on one date, kept as data files (`data/766/…/*.json`).

The national portal computes the 766 index continuously and shows only the current period;
`cchcsite import 766` keeps each snapshot it is given, by its Vietnam date, in one file of the
format below. The build reads them back with the same checks, so a file edited by hand is held
to what an imported one is. Facts behind the checks: the portal's group scores add up to the
total (to 0.01), ranks follow the scores (ties ordered by name, never sharing a rank), a score
may be above its group's nominal maximum (published as given, with a warning), 0.0 is a score
and null is no score.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from .. import vi
from ..errors import Problem, Severity, error
from ..sourcetext import decode

DATA_DIR = "data"
FORMAT = "cchcsite-snapshot/1"
SUM_TOLERANCE = 0.01  # the portal's group scores add up to its total within this
RANK_TOLERANCE = 0.005  # scores are published to two decimals: closer than this is a tie
TOTAL_MAX = 100.0
BLOCKS = {"so-nganh": "Sở, ban, ngành", "xa-phuong": "Xã, phường, đặc khu", "don-vi": "Đơn vị"}
PERIOD_TYPES = ("year", "half", "quarter", "month")
_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Group:
    """One group of the index: `key` stable in files and open data, `code` as the portal names it."""

    key: str
    label: str
    max: float | None = None
    code: str = ""


@dataclass(frozen=True)
class Period:
    """What the scores cover: a year, a half, a quarter or a month (the portal's `timeType`)."""

    type: str
    year: int
    number: int | None = None  # the half (1, 2), quarter (1–4) or month (1–12)

    @property
    def label(self) -> str:
        if self.type == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.type == "quarter":
            return f"Quý {_ROMAN[(self.number or 1) - 1]}/{self.year}"
        if self.type == "month":
            return f"Tháng {self.number}/{self.year}"
        return f"Năm {self.year}"

    @property
    def slug(self) -> str:
        if self.type == "year":
            return f"nam-{self.year}"
        prefix = {"half": "6-thang", "quarter": "quy", "month": "thang"}[self.type]
        return f"{prefix}-{self.number}-{self.year}"

    @property
    def order(self) -> tuple:
        return (self.year, PERIOD_TYPES.index(self.type), self.number or 0)


@dataclass(frozen=True)
class Score:
    """One unit's row: `groups` holds one value per group of the snapshot, None where not given."""

    name: str
    block: str
    total: float | None
    groups: tuple[float | None, ...]
    rank: int | None = None  # among all units of the province (the portal's `rank`)
    block_rank: int | None = None  # within its block (`groupRank`)
    code: str = ""
    portal_id: str = ""

    @property
    def key(self) -> str:
        """What identifies the unit from one snapshot to the next: its code, else its name."""
        return self.code or self.name


@dataclass(frozen=True)
class Overview:
    """The province's own result, as published (not the mean of its units)."""

    name: str
    total: float | None
    groups: tuple[float | None, ...]
    code: str = ""
    rank: int | None = None  # among the 34 provinces, when the file says
    rank_of: int | None = None
    units: int | None = None  # how many units the portal says it evaluated
    agencies: int | None = None
    communes: int | None = None


@dataclass(frozen=True)
class Snapshot:
    source: str  # `data/766/nam-2026/2026-10-10.json`; for a ranking made of index results, a key of its own
    index: str  # "766", "PAR INDEX"
    title: str
    period: Period
    date: date | None
    platform: str  # how the scores were computed ("2025", "2026"): where it changes the series breaks
    groups: tuple[Group, ...]
    rows: tuple[Score, ...]
    overview: Overview | None = None
    source_url: str = ""
    extracted_at: str = ""
    files: tuple[str, ...] = ()  # the files it was imported from
    pages: tuple[str, ...] = field(default=(), compare=False)  # index results it is made of (PAR INDEX, SIPAS)

    @cached_property
    def block_sizes(self) -> dict[str, int]:
        """How many units each block ranks (the "/14" of "thứ 3/14"): those with a score."""
        sizes: dict[str, int] = {}
        for row in self.rows:
            if row.total is not None:
                sizes[row.block] = sizes.get(row.block, 0) + 1
        return sizes

    @cached_property
    def by_key(self) -> dict[str, Score]:
        """Rows by code, or by name for a row without one."""
        return {row.key: row for row in self.rows}

    @property
    def index_slug(self) -> str:
        return vi.slugify(self.index)

    @property
    def date_slug(self) -> str:
        return self.date.isoformat() if self.date else ""


# --- checks, shared by the importer and the build --------------------------------------


@dataclass(frozen=True)
class Flaw:
    """What is wrong with one value: `unit` names the row (empty: the file), `field` the value
    (`total`, `rank`, `block_rank`, or a group key), in words the caller turns into its own field names."""

    severity: Severity
    unit: str
    field: str
    message: str


def unit_label(row: Score) -> str:
    return f"{row.name} ({row.code})" if row.code else row.name


def check_snapshot(snapshot: Snapshot) -> list[Flaw]:
    """Every value that cannot be right (an error) and every one worth a look (a warning)."""
    flaws: list[Flaw] = []
    seen: dict[str, Score] = {}
    for row in snapshot.rows:
        label = unit_label(row)
        if row.code and row.code in seen:
            flaws.append(
                Flaw(Severity.ERROR, label, "code", f"mã đơn vị {row.code} có hai lần trong cùng một ngày ({seen[row.code].name})")
            )
        seen.setdefault(row.code, row)
        flaws += _row_flaws(snapshot, row, label)
    flaws += _above_maximum(snapshot)
    flaws += _rank_flaws(snapshot.rows, "rank", "trong toàn tỉnh")
    for block in BLOCKS:
        flaws += _rank_flaws([row for row in snapshot.rows if row.block == block], "block_rank", f"trong khối {BLOCKS[block].lower()}")
    flaws += _count_flaws(snapshot)
    return flaws


def _row_flaws(snapshot: Snapshot, row: Score, label: str) -> list[Flaw]:
    flaws = []
    values = [("total", row.total), *((group.key, value) for group, value in zip(snapshot.groups, row.groups))]
    for name, value in values:
        if value is not None and value < 0:
            flaws.append(Flaw(Severity.ERROR, label, name, f"điểm {vi.format_number(value)} âm: không có điểm âm"))
    given = [value for value in row.groups if value is not None]
    if row.total is not None and given and len(given) == len(row.groups):
        added = sum(given)
        if abs(added - row.total) > SUM_TOLERANCE + 1e-9:
            parts = " + ".join(vi.format_number(value) for value in given)
            flaws.append(
                Flaw(
                    Severity.ERROR,
                    label,
                    "total",
                    f"tổng điểm {vi.format_number(row.total)} khác tổng các nhóm {parts} = {vi.format_number(round(added, 2))}",
                )
            )
    elif row.total is not None and snapshot.groups and not given:
        flaws.append(Flaw(Severity.WARNING, label, "groups", "không có điểm từng nhóm: bảng chỉ hiện tổng điểm"))
    if row.total is not None and row.total > TOTAL_MAX + SUM_TOLERANCE:
        flaws.append(
            Flaw(Severity.WARNING, label, "total", f"tổng điểm {vi.format_number(row.total)} lớn hơn 100: giữ nguyên như Cổng công bố")
        )
    if row.block not in BLOCKS:
        flaws.append(Flaw(Severity.ERROR, label, "block", f"khối `{row.block}` không có; chọn một trong: {', '.join(BLOCKS)}"))
    return flaws


def _above_maximum(snapshot: Snapshot) -> list[Flaw]:
    """Scores above a group's nominal maximum happen on the portal (MDHL 18,42 of 18): kept as
    given, one warning per group saying how many units and the highest value."""
    flaws = []
    for number, group in enumerate(snapshot.groups):
        if group.max is None:
            continue
        maximum = group.max
        over = [(value, row) for row in snapshot.rows if (value := row.groups[number]) is not None and value > maximum + 1e-9]
        if over:
            highest = max(value for value, _ in over)
            names = ", ".join(unit_label(row) for _, row in over[:3]) + (f" và {len(over) - 3} đơn vị khác" if len(over) > 3 else "")
            flaws.append(
                Flaw(
                    Severity.WARNING,
                    "",
                    group.key,
                    f"{len(over)} đơn vị có điểm nhóm {group.label} lớn hơn điểm tối đa {vi.format_number(group.max)} "
                    f"(cao nhất {vi.format_number(highest)}: {names}); trang đăng đúng như Cổng công bố, không sửa",
                )
            )
    return flaws


def _rank_flaws(rows: Sequence[Score], attribute: str, within: str) -> list[Flaw]:
    """Ranks follow the scores: a better rank never has a lower total; one rank is never shared by unequal totals."""
    ranked = sorted(
        ((rank, total, row) for row in rows if (rank := getattr(row, attribute)) is not None and (total := row.total) is not None),
        key=lambda item: item[0],  # by rank alone: rows of one rank stay in the file's order
    )
    flaws = []
    for (a, above_total, above), (b, below_total, below) in zip(ranked, ranked[1:]):
        if a == b and abs(above_total - below_total) > RANK_TOLERANCE:
            message = f"cùng xếp thứ {a} {within} với {above.name} nhưng điểm khác nhau ({vi.format_number(below_total)} và {vi.format_number(above_total)})"
            flaws.append(Flaw(Severity.ERROR, unit_label(below), attribute, message))
        elif above_total < below_total - RANK_TOLERANCE:
            message = (
                f"xếp thứ {b} {within} với {vi.format_number(below_total)} điểm, sau {above.name} "
                f"(thứ {a}) chỉ có {vi.format_number(above_total)} điểm: thứ hạng không khớp với điểm"
            )
            flaws.append(Flaw(Severity.ERROR, unit_label(below), attribute, message))
    for row in rows:
        value = getattr(row, attribute)
        if value is not None and value < 1:
            flaws.append(Flaw(Severity.ERROR, unit_label(row), attribute, f"thứ hạng {value} không hợp lệ (từ 1 trở lên)"))
    return flaws


def _count_flaws(snapshot: Snapshot) -> list[Flaw]:
    """Units missing from a snapshot: the portal's own counts against the rows the file holds."""
    overview = snapshot.overview
    if overview is None:
        return []
    flaws = []
    for block, expected in (("so-nganh", overview.agencies), ("xa-phuong", overview.communes)):
        present = sum(1 for row in snapshot.rows if row.block == block)
        if expected is not None and present and present < expected:
            flaws.append(
                Flaw(
                    Severity.WARNING,
                    "",
                    "rows",
                    f"Cổng ghi {expected} đơn vị khối {BLOCKS[block].lower()} nhưng số liệu chỉ có {present}: "
                    f"thiếu {expected - present} đơn vị (chưa có điểm, hoặc tệp lưu thiếu)",
                )
            )
    return flaws


# --- the stored file ----------------------------------------------------------------


def to_json(snapshot: Snapshot) -> str:
    """The file `cchcsite import` writes: keys in English, stable order, one unit per line group."""

    def scores(values: tuple[float | None, ...]) -> dict[str, float | None]:
        return {group.key: value for group, value in zip(snapshot.groups, values)}

    data: dict[str, Any] = {
        "format": FORMAT,
        "index": snapshot.index,
        "title": snapshot.title,
        "period": {"type": snapshot.period.type, "year": snapshot.period.year, "number": snapshot.period.number},
        "date": snapshot.date_slug,
        "platform": snapshot.platform,
        "source": {"url": snapshot.source_url, "extracted_at": snapshot.extracted_at, "files": list(snapshot.files)},
        "groups": [{"key": g.key, "code": g.code, "label": g.label, "max": g.max} for g in snapshot.groups],
    }
    if snapshot.overview:
        o = snapshot.overview
        data["province"] = {
            "name": o.name, "code": o.code, "total": o.total, "groups": scores(o.groups), "rank": o.rank, "rank_of": o.rank_of,
            "units": o.units, "agencies": o.agencies, "communes": o.communes,
        }  # fmt: skip
    data["units"] = [
        {
            "code": r.code, "id": r.portal_id, "name": r.name, "block": r.block, "total": r.total, "groups": scores(r.groups),
            "rank": r.rank, "block_rank": r.block_rank,
        }
        for r in snapshot.rows
    ]  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


class _Bad(Exception):
    """A stored value that cannot be read: `where` names it (`units[3].total`)."""

    def __init__(self, where: str, message: str):
        super().__init__(message)
        self.where = where


def read_snapshot(rel: str, raw: bytes) -> tuple[Snapshot | None, list[Problem]]:
    """A stored snapshot file → the record, or None and why: the checks' errors, with the line of the
    unit. Their warnings (a score above its maximum, units missing) were told when it was imported:
    every build would only repeat them."""
    text, problem = decode(raw, rel)
    if problem:
        return None, [problem]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [
            error(rel, exc.lineno, f"JSON không đọc được ở cột {exc.colno}: {exc.msg}; sửa tệp, hoặc nhập lại bằng `cchcsite import 766`")
        ]
    try:
        snapshot = _from_data(rel, data)
    except _Bad as bad:
        return None, [error(rel, _line_of(text, bad.where), f"`{bad.where}`: {bad}")]
    problems = []
    for flaw in check_snapshot(snapshot):
        if flaw.severity is not Severity.ERROR:
            continue
        at = _row_at(snapshot, flaw.unit)
        where = f"units[{at + 1}]" if at is not None else ""
        name = f"{where}.{flaw.field}" if where else flaw.field
        unit = f"{flaw.unit}: " if flaw.unit else ""
        line = _line_of(text, where, snapshot.rows[at].code if at is not None else "")
        problems.append(error(rel, line, f"{unit}`{name}`: {flaw.message}"))
    return (None if problems else snapshot), problems


def _row_at(snapshot: Snapshot, label: str) -> int | None:
    for number, row in enumerate(snapshot.rows):
        if label and unit_label(row) == label:
            return number
    return None


def _line_of(text: str, where: str, code: str = "") -> int:
    """The line a unit's entry starts on (found by its code), else 1."""
    if code:
        found = text.find(f'"code": {json.dumps(code, ensure_ascii=False)}')
        if found >= 0:
            return text.count("\n", 0, found) + 1
    match = re.match(r"units\[(\d+)\]", where)
    return 1 if not match else max(1, _nth_unit_line(text, int(match.group(1))))


def _nth_unit_line(text: str, number: int) -> int:
    start = text.find('"units"')
    for _ in range(number):
        start = text.find('"name"', start + 1)
        if start < 0:
            return 1
    return text.count("\n", 0, start) + 1


def _from_data(rel: str, data: Any) -> Snapshot:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Bad(
            "format",
            f'không phải tệp số liệu xếp hạng của cchcsite (cần `"format": "{FORMAT}"`); tệp tải từ Cổng hãy nhập bằng `cchcsite import 766 TỆP`',
        )
    period = mapping(data.get("period"))
    kind = period.get("type")
    if kind not in PERIOD_TYPES:
        raise _Bad("period.type", f"kỳ `{kind}` không có; chọn một trong: {', '.join(PERIOD_TYPES)}")
    year, number = _integer(period.get("year"), "period.year"), period.get("number")
    if kind != "year" and not isinstance(number, int):
        raise _Bad("period.number", "kỳ 6 tháng, quý hay tháng cần số thứ tự (`number`)")
    try:
        day = date.fromisoformat(str(data.get("date")))
    except ValueError:
        raise _Bad("date", f"`{data.get('date')}` không phải ngày dạng 2026-10-10") from None
    groups = tuple(_group(item, f"groups[{n + 1}]") for n, item in enumerate(_list(data.get("groups"), "groups")))
    keys = [group.key for group in groups]
    rows = tuple(_score(item, keys, f"units[{n + 1}]") for n, item in enumerate(_list(data.get("units"), "units")))
    province = data.get("province")
    overview = _overview(province, keys) if isinstance(province, dict) else None
    source = mapping(data.get("source"))
    return Snapshot(
        rel, _text(data.get("index"), "index", required=True), _text(data.get("title"), "title"), Period(kind, year, number if kind != "year" else None),
        day, _text(data.get("platform"), "platform"), groups, rows, overview, _text(source.get("url"), "source.url"),
        _text(source.get("extracted_at"), "source.extracted_at"), tuple(str(f) for f in source.get("files") or ()),
    )  # fmt: skip


def mapping(value: Any) -> dict[str, Any]:
    """A JSON object, or {} for anything else (a part a file may leave out)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise _Bad(where, "cần một danh sách [...]")
    return value


def _text(value: Any, where: str, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise _Bad(where, "thiếu giá trị")
        return ""
    if not isinstance(value, str):
        raise _Bad(where, "cần một đoạn chữ")
    return value


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(where, f"`{value}` không phải số nguyên")
    return value


def number(value: Any, where: str) -> float | None:
    """A score as stored: a number, or null (no score); 0 is a score."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Bad(where, f"`{json.dumps(value, ensure_ascii=False)}` không phải số")
    return float(value)


def _optional_integer(value: Any, where: str) -> int | None:
    return None if value is None else _integer(value, where)


def _group(item: Any, where: str) -> Group:
    if not isinstance(item, dict):
        raise _Bad(where, "cần một nhóm {key, label, max}")
    return Group(
        _text(item.get("key"), f"{where}.key", True),
        _text(item.get("label"), f"{where}.label"),
        number(item.get("max"), f"{where}.max"),
        _text(item.get("code"), f"{where}.code"),
    )


def _scores(value: Any, keys: list[str], where: str) -> tuple[float | None, ...]:
    if value is None:
        return tuple(None for _ in keys)
    if not isinstance(value, dict):
        raise _Bad(where, "cần các điểm nhóm {khóa: điểm}")
    unknown = [key for key in value if key not in keys]
    if unknown:
        raise _Bad(f"{where}.{unknown[0]}", f"nhóm `{unknown[0]}` không có trong `groups` của tệp")
    return tuple(number(value.get(key), f"{where}.{key}") for key in keys)


def _score(item: Any, keys: list[str], where: str) -> Score:
    if not isinstance(item, dict):
        raise _Bad(where, "cần một đơn vị {code, name, total, ...}")
    return Score(
        _text(item.get("name"), f"{where}.name", True), _text(item.get("block"), f"{where}.block", True),
        number(item.get("total"), f"{where}.total"), _scores(item.get("groups"), keys, f"{where}.groups"),
        _optional_integer(item.get("rank"), f"{where}.rank"), _optional_integer(item.get("block_rank"), f"{where}.block_rank"),
        _text(item.get("code"), f"{where}.code"), _text(item.get("id"), f"{where}.id"),
    )  # fmt: skip


def _overview(item: dict, keys: list[str]) -> Overview:
    return Overview(
        _text(item.get("name"), "province.name"), number(item.get("total"), "province.total"), _scores(item.get("groups"), keys, "province.groups"),
        _text(item.get("code"), "province.code"), _optional_integer(item.get("rank"), "province.rank"),
        _optional_integer(item.get("rank_of"), "province.rank_of"), _optional_integer(item.get("units"), "province.units"),
        _optional_integer(item.get("agencies"), "province.agencies"), _optional_integer(item.get("communes"), "province.communes"),
    )  # fmt: skip


def stored_path(snapshot: Snapshot) -> str:
    """`data/766/nam-2026/2026-10-10.json`: one file per index, period and date."""
    return f"{DATA_DIR}/{snapshot.index_slug}/{snapshot.period.slug}/{snapshot.date_slug}.json"


def is_snapshot_file(rel: str) -> bool:
    return rel.startswith(DATA_DIR + "/") and rel.endswith(".json")
