"""The national portal's 766 evaluation data (JSON as saved) → snapshots by date (`data/766/…`).

Two shapes: the 2026 portal's answer as crawlers wrap it (`metadata`, `overview`, `agencies` or
`communes`), and the 2025 portal's `report_tinh_766_service` rows. A snapshot is one index,
period and Vietnam date; the agencies and the communes of one date usually come in two files
and are merged (with what an earlier import of that date stored). Every value is checked before
anything is written: one that cannot be right refuses the whole import, naming file, unit and
field; a score above its group's nominal maximum is kept as published, with a warning.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .. import vi
from ..content.snapshots import (
    BLOCKS,
    DATA_DIR,
    Flaw,
    Group,
    Overview,
    Period,
    Score,
    Snapshot,
    check_snapshot,
    mapping,
    read_snapshot,
    stored_path,
    to_json,
    unit_label,
)
from ..content.units import clean_name
from ..errors import Severity
from ..sourcetext import decode
from .parse import VIETNAM
from .readers import fold_label

INDEX = "766"
TITLE = "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp"
PLATFORM_2025, PLATFORM_2026 = "2025", "2026"  # the portal computed the index another way from 2026: a series break
SERVICE_2025 = "report_tinh_766_service"
# The groups of QĐ 766/QĐ-TTg (key, portal code, label, nominal maximum, the portal's names for it):
# the online-service group is `CLGQ` in the overview and the 2025 rows but `ONLINE` in 2026 rows.
GROUPS = (
    ("transparency", "CKMB", "Công khai, minh bạch", 18.0, ("CKMB", "cong khai minh bach")),
    ("progress", "TDGQ", "Tiến độ giải quyết", 20.0, ("TDGQ", "tien do giai quyet")),
    ("online_service", "ONLINE", "Dịch vụ công trực tuyến", 12.0, ("ONLINE", "CLGQ", "dich vu cong truc tuyen")),
    ("online_payment", "TTTT", "Thanh toán trực tuyến", 10.0, ("TTTT", "thanh toan truc tuyen")),
    ("satisfaction", "MDHL", "Mức độ hài lòng", 18.0, ("MDHL", "muc do hai long")),
    ("digitisation", "MDSH", "Mức độ số hóa hồ sơ", 22.0, ("MDSH", "muc do so hoa ho so", "so hoa ho so")),
)
GROUP_OF = {name: key for key, _, _, _, names in GROUPS for name in names}  # codes, and labels folded
BLOCK_2026 = {"AGENCY": "so-nganh", "COMMUNE": "xa-phuong"}
BLOCK_2025 = {"1": "so-nganh", "2": "xa-phuong"}
BLOCK_ORDER = list(BLOCKS)
TIME_TYPES = {"year": "year", "half": "half", "quarter": "quarter", "month": "month"}
_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?")
_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(?<!\d)(\d{2})(\d{2})(\d{4})(?!\d)")


class Refused(Exception):
    """A value that cannot be right: the message names the file, the unit and the field."""


@dataclass
class Part:
    """What one file holds: one block (or both) of one period and date."""

    file: str
    period: Period
    day: date
    platform: str
    groups: tuple[Group, ...]
    rows: list[Score]
    overview: Overview | None
    source_url: str = ""
    extracted_at: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # our field → the file's name for it ("total" → "totalScore")
    notes: list[str] = field(default_factory=list)


@dataclass
class Imported:
    written: list[tuple[Path, Snapshot]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files with no score at all (a period not started)


def import_766(
    site_dir: Path, files: list[tuple[Path, str]], given_date: date | None = None, given_period: Period | None = None
) -> Imported:
    """Read every file, check every value, then write: nothing is written unless all of it can be."""
    result = Imported()
    parts = []
    for path, shown in files:
        part = read_part(path, shown, given_date, given_period)
        result.warnings += [f"{shown}: {note}" for note in part.notes]
        if not any(row.total is not None for row in part.rows):
            result.skipped.append(f"{shown}: {part.period.label} chưa có điểm (mọi điểm là null, không phải 0): không lưu")
            continue
        parts.append(part)
    merged: dict[tuple, list[Part]] = {}
    for part in parts:
        merged.setdefault((part.period, part.day), []).append(part)
    snapshots = []
    for _, found in sorted(merged.items(), key=lambda item: (item[0][1], item[0][0].order)):
        snapshot, warnings = _merge(site_dir, found)
        result.warnings += warnings
        snapshots.append(snapshot)
    for snapshot in snapshots:
        target = site_dir / stored_path(snapshot)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(to_json(snapshot), encoding="utf-8", newline="\n")
        temporary.replace(target)
        result.written.append((target, snapshot))
    return result


def _merge(site_dir: Path, parts: list[Part]) -> tuple[Snapshot, list[str]]:
    """One date's files, and the blocks an earlier import stored for it that these files do not bring."""
    parts = sorted(parts, key=lambda part: (min((BLOCK_ORDER.index(row.block) for row in part.rows), default=0), part.file))
    first = parts[0]
    rows: list[Score] = []
    owners: dict[str, Part] = {}
    for part in parts:
        for row in part.rows:
            if row.key in owners:
                other = owners[row.key]
                raise Refused(
                    f"{part.file}: đơn vị {unit_label(row)} có cả trong {other.file} cùng ngày {vi.format_date(part.day)}; hãy bỏ một tệp"
                )
            owners[row.key] = part
            rows.append(row)
    blocks = {row.block for row in rows}
    snapshot = Snapshot(
        "", INDEX, TITLE, first.period, first.day, first.platform, first.groups, (), next((p.overview for p in parts if p.overview), None),
        first.source_url, first.extracted_at, tuple(p.file for p in parts),
    )  # fmt: skip
    stored = site_dir / stored_path(snapshot)
    if stored.is_file():
        earlier, _ = read_snapshot(stored.relative_to(site_dir).as_posix(), stored.read_bytes())
        if earlier is not None and earlier.platform == snapshot.platform:
            kept = [row for row in earlier.rows if row.block not in blocks and row.key not in owners]
            rows += kept
            files = tuple(dict.fromkeys([*(f for f in earlier.files if kept), *snapshot.files]))
            snapshot = replace(snapshot, files=files, overview=snapshot.overview or earlier.overview)
            if kept and BLOCK_ORDER.index(kept[0].block) < min(BLOCK_ORDER.index(block) for block in blocks):
                # the source named is the first block's, however the blocks came: one import or two
                snapshot = replace(snapshot, source_url=earlier.source_url, extracted_at=earlier.extracted_at)
    rows.sort(key=lambda row: BLOCK_ORDER.index(row.block))  # agencies, then communes, each as the portal listed them
    snapshot = replace(snapshot, source=stored_path(snapshot), rows=tuple(rows))
    warnings: list[str] = []
    errors: list[str] = []
    for flaw in check_snapshot(snapshot):
        owner = owners.get(_key_of(snapshot, flaw.unit)) if flaw.unit else None
        message = _say(owner or first, flaw, ", ".join(p.file for p in parts) if owner is None else owner.file)
        (errors if flaw.severity is Severity.ERROR else warnings).append(message)
    if errors:
        raise Refused("\n".join(errors))
    return snapshot, warnings


def _key_of(snapshot: Snapshot, label: str) -> str:
    return next((row.key for row in snapshot.rows if unit_label(row) == label), "")


def _say(part: Part, flaw: Flaw, files: str) -> str:
    """The message in the file's own field names: "gia-lai-xa.json: đơn vị UBND xã Chơ Long (H21.227): `totalScore`: …"."""
    name = part.fields.get(flaw.field) or part.fields.get("groups." + flaw.field) or flaw.field
    unit = f"đơn vị {flaw.unit}: " if flaw.unit else ""
    return f"{files}: {unit}`{name}`: {flaw.message}"


# --- reading one file ---------------------------------------------------------------------


def read_part(path: Path, shown: str, given_date: date | None, given_period: Period | None) -> Part:
    text, problem = decode(path.read_bytes(), shown)
    if problem:
        raise Refused(f"{shown}: {problem.message}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused(f"{shown}: JSON không đọc được ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}") from None
    if isinstance(data, dict) and isinstance(data.get("data"), (dict, list)) and not ({"agencies", "communes", SERVICE_2025} & data.keys()):
        data = data["data"]  # the API's own answer, `{"data": …}`
    if isinstance(data, list) and data and all(isinstance(r, dict) and "departmentName" in r for r in data):
        data = {"units": data}  # the API's rows alone, as a browser's "save response" keeps them
    if isinstance(data, dict) and _unit_lists(data):
        return _read_2026(data, path, shown, given_date, given_period)
    rows = data.get(SERVICE_2025) if isinstance(data, dict) else data
    if isinstance(rows, list) and all(isinstance(r, dict) for r in rows) and rows and "TONG_SCORE" in rows[0]:
        return _read_2025(rows, data if isinstance(data, dict) else {}, path, shown, given_date, given_period)
    if isinstance(data, dict) and "format" in data:
        raise Refused(f"{shown}: đây là tệp số liệu cchcsite đã lưu (thư mục {DATA_DIR}/), không phải tệp tải từ Cổng: không cần nhập lại")
    keys = ", ".join(f"`{k}`" for k in list(data)[:8]) if isinstance(data, dict) else "một danh sách"
    raise Refused(
        f"{shown}: không phải số liệu Bộ chỉ số 766 ({keys}); cần tệp JSON lưu từ Cổng Dịch vụ công quốc gia có "
        "`metadata`, `overview` và `agencies` (sở, ngành) hoặc `communes` (xã, phường), hoặc các dòng `report_tinh_766_service`"
    )


def _unit_lists(data: dict) -> list[tuple[str, list]]:
    """The lists of unit rows: `agencies` and `communes` as crawlers save them, or any list of rows
    with `departmentName` (the API's own answer, as a browser saves it)."""
    named = [(name, data[name]) for name in ("agencies", "communes") if name in data]
    if named:
        return named
    return [
        (key, value)
        for key, value in data.items()
        if isinstance(value, list) and value and isinstance(value[0], dict) and "departmentName" in value[0]
    ]


def _read_2026(data: dict, path: Path, shown: str, given_date: date | None, given_period: Period | None) -> Part:
    meta = mapping(data.get("metadata"))
    day = given_date or _vietnam_date(meta, shown, path.name)
    period = given_period or _period_2026(meta, day, shown)
    rows_in = _unit_lists(data)
    groups_seen: dict[str, str] = {}
    read: list[tuple[Score, dict[str, float | None]]] = []
    notes: list[str] = []
    for list_name, items in rows_in:
        if not isinstance(items, list):
            raise Refused(f"{shown}: `{list_name}` phải là một danh sách đơn vị")
        for number, item in enumerate(items, start=1):
            read.append(_row_2026(item, f"{list_name}[{number}]", shown, groups_seen))
    groups = _groups(groups_seen, notes)
    rows = [_aligned(row, values, groups) for row, values in read]
    overview = _overview_2026(data.get("overview"), meta, groups, shown)
    count = data.get("count")
    if isinstance(count, int) and count != len(rows):
        notes.append(f"tệp ghi `count` {count} nhưng có {len(rows)} đơn vị: có thể tệp lưu thiếu trang; kiểm tra lại")
    fields = {"total": "totalScore", "rank": "rank", "block_rank": "groupRank", "code": "departmentCode", "block": "childGroup"}
    fields.update({f"groups.{key}": f"groupScores.{name}" for key, name in groups_seen.items()})
    return Part(
        shown,
        period,
        day,
        PLATFORM_2026,
        groups,
        rows,
        overview,
        str(meta.get("sourceUrl") or ""),
        str(meta.get("extractedAt") or ""),
        fields,
        notes,
    )


def _vietnam_date(meta: dict, shown: str, name: str) -> date:
    """`runDateStr` ("24092026") is the Vietnam date; `extractedAt` is UTC (the evening before); a
    file saved by hand has neither: the date in its name ("766-2026-10-10.json"), else `--date`."""
    run = str(meta.get("runDateStr") or "").strip()
    if run:
        try:
            return datetime.strptime(run, "%d%m%Y").date()
        except ValueError:
            raise Refused(f"{shown}: `metadata.runDateStr` `{run}` không phải ngày dạng ngày-tháng-năm liền nhau (24092026)") from None
    extracted = str(meta.get("extractedAt") or "").strip()
    if extracted:
        try:
            moment = datetime.fromisoformat(extracted.replace("Z", "+00:00"))
        except ValueError:
            raise Refused(f"{shown}: `metadata.extractedAt` `{extracted}` không phải thời điểm ISO") from None
        if moment.tzinfo is not None:
            return moment.astimezone(VIETNAM).date()
        return moment.date()
    named = _date_in_name(name)
    if named:
        return named
    raise Refused(
        f"{shown}: không biết số liệu của ngày nào (tệp không ghi `metadata.runDateStr`, tên tệp không có ngày): "
        "đặt tên tệp có ngày lưu, như 766-so-nganh-2026-10-10.json, hoặc thêm `--date 2026-10-10`"
    )


def _period_2026(meta: dict, day: date, shown: str) -> Period:
    kind = TIME_TYPES.get(str(meta.get("timeType") or "year").lower())
    if kind is None:
        raise Refused(f"{shown}: `metadata.timeType` `{meta.get('timeType')}` không nhận ra (year, quarter, month)")
    given_year = meta.get("year")
    year = given_year if isinstance(given_year, int) else day.year
    number = meta.get("period") if kind != "year" else None
    if kind != "year" and not isinstance(number, int):
        raise Refused(f"{shown}: `metadata.period` phải là số thứ tự của quý hoặc tháng")
    return Period(kind, year, number)


def _number(value: Any, shown: str, unit: str, name: str, text_ok: bool = False) -> float | None:
    """A score: a number, or null (no score); 0.0 is a score. Text is a number only in the 2025 rows."""
    if value is None or (text_ok and value == ""):
        return None
    if text_ok and isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        return float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
        shown_value = json.dumps(value, ensure_ascii=False)
        hint = " (dùng dấu chấm cho phần thập phân)" if isinstance(value, str) and re.fullmatch(r"-?\d+,\d+", value.strip()) else ""
        raise Refused(f"{shown}: đơn vị {unit}: `{name}` là {shown_value}, không phải số{hint}; tệp không được nhập")
    return float(value)


def _rank(value: Any, shown: str, unit: str, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise Refused(f"{shown}: đơn vị {unit}: `{name}` là {json.dumps(value, ensure_ascii=False)}, không phải thứ hạng (số nguyên)")
    return int(value)


def _group_key(name: str) -> str:
    """`ONLINE`, `CLGQ`, "Dịch vụ công trực tuyến" → `online_service`: groups mapped by meaning; "" when unknown."""
    return GROUP_OF.get(name.strip().upper()) or GROUP_OF.get(fold_label(name)) or ""


def _unknown_group_key(name: str) -> str:
    return vi.slugify(name).replace("-", "_")


def _row_2026(item: Any, where: str, shown: str, groups_seen: dict[str, str]) -> tuple[Score, dict[str, float | None]]:
    if not isinstance(item, dict):
        raise Refused(f"{shown}: `{where}` không phải một đơn vị {{...}}")
    name = clean_name(item.get("departmentName") or "")
    code = str(item.get("departmentCode") or "").strip()
    unit = f"{name} ({code})" if code else (name or where)
    if not name:
        raise Refused(f"{shown}: `{where}`: thiếu tên đơn vị (`departmentName`)")
    block = BLOCK_2026.get(str(item.get("childGroup") or "").upper())
    if block is None:
        raise Refused(f"{shown}: đơn vị {unit}: `childGroup` `{item.get('childGroup')}` không nhận ra (AGENCY hoặc COMMUNE)")
    scores = item.get("groupScores")
    values: dict[str, float | None] = {}
    if scores is not None:
        if not isinstance(scores, dict):
            raise Refused(f"{shown}: đơn vị {unit}: `groupScores` phải là các điểm nhóm {{CKMB: …}}")
        for raw, value in scores.items():
            key = _group_key(str(raw)) or _unknown_group_key(str(raw))
            if key in values:
                if values[key] != _number(value, shown, unit, f"groupScores.{raw}"):
                    raise Refused(f"{shown}: đơn vị {unit}: `groupScores` có cả `{groups_seen[key]}` và `{raw}` với điểm khác nhau")
                continue
            groups_seen.setdefault(key, str(raw))
            values[key] = _number(value, shown, unit, f"groupScores.{raw}")
    score = Score(
        name, block, _number(item.get("totalScore"), shown, unit, "totalScore"), (),
        _rank(item.get("rank"), shown, unit, "rank"), _rank(item.get("groupRank"), shown, unit, "groupRank"), code,
        str(item.get("departmentId") or ""),
    )  # fmt: skip
    return score, values


def _groups(seen: dict[str, str], notes: list[str]) -> tuple[Group, ...]:
    """The index's groups in the decision's order, then any the portal added (kept, without a maximum)."""
    known = [Group(key, label, maximum, code) for key, code, label, maximum, _ in GROUPS if key in seen or not seen]
    extra = [Group(key, name, None, name) for key, name in seen.items() if key not in {g.key for g in known}]
    for group in extra:
        notes.append(f"nhóm điểm `{group.code}` chưa biết: giữ nguyên như Cổng công bố, không có điểm tối đa")
    return tuple(known + extra)


def _aligned(row: Score, values: dict[str, float | None], groups: tuple[Group, ...]) -> Score:
    """The row's group scores in the snapshot's group order (None: the file gave none)."""
    return replace(row, groups=tuple(values.get(group.key) for group in groups))


def _overview_2026(item: Any, meta: dict, groups: tuple[Group, ...], shown: str) -> Overview | None:
    if not isinstance(item, dict):
        return None
    name = str(item.get("provinceName") or meta.get("province") or "")
    scores = mapping(item.get("groupScores"))
    values = {_group_key(str(k)) or _unknown_group_key(str(k)): v for k, v in scores.items()}
    unit = f"tỉnh {name}" if name else "tỉnh"

    def count(key: str) -> int | None:
        value = item.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return Overview(
        name, _number(item.get("totalScore"), shown, unit, "overview.totalScore"),
        tuple(_number(values.get(g.key), shown, unit, f"overview.groupScores.{g.code}") for g in groups),
        str(meta.get("provinceCode") or ""), count("rank") or count("provinceRank"), count("rankOf") or count("provinceCount"),
        count("totalUnitsCount"), count("agencyCount"), count("communeCount"),
    )  # fmt: skip


def _read_2025(rows: list[dict], wrapper: dict, path: Path, shown: str, given_date: date | None, given_period: Period | None) -> Part:
    """The 2025 service's rows: text numbers; ROW_STT is the place within the rows of one block."""
    day = given_date or _date_in_wrapper(wrapper) or _date_in_name(path.name)
    if day is None:
        raise Refused(f"{shown}: số liệu cổng cũ (2025) không ghi ngày: thêm `--date 2025-12-20` (ngày lưu số liệu)")
    params = mapping(wrapper.get("params"))
    period = given_period or _period_2025(params, day)
    levels = {str(row.get("CAPDONVIID") or "").strip() for row in rows}
    if not levels <= BLOCK_2025.keys() or not levels:
        raise Refused(
            f"{shown}: các dòng không có `CAPDONVIID` 1 (sở, ngành) hay 2 (xã, phường): có phải bảng xếp hạng các tỉnh? "
            "Cần số liệu các đơn vị của tỉnh"
        )
    groups_seen: dict[str, str] = {}
    read = []
    for number, row in enumerate(rows, start=1):
        name = clean_name(row.get("TEN") or "")
        code = str(row.get("MA_COQUAN") or "").strip()
        unit = f"{name} ({code})" if code else (name or f"dòng {number}")
        values = {}
        for raw in row:
            key = _group_key(str(raw))
            if key:
                groups_seen.setdefault(key, str(raw))
                values[key] = _number(row[raw], shown, unit, raw, text_ok=True)
        stt = _rank(row.get("ROW_STT"), shown, unit, "ROW_STT")
        one_block = len(levels) == 1
        score = Score(
            name, BLOCK_2025[str(row.get("CAPDONVIID")).strip()], _number(row.get("TONG_SCORE"), shown, unit, "TONG_SCORE", text_ok=True),
            (), None if one_block else stt, stt if one_block else None, code, str(row.get("ID") or ""),
        )  # fmt: skip
        read.append((score, values))
    notes: list[str] = []
    groups = _groups(groups_seen, notes)
    fields = {"total": "TONG_SCORE", "rank": "ROW_STT", "block_rank": "ROW_STT", "code": "MA_COQUAN", "block": "CAPDONVIID"}
    fields.update({f"groups.{key}": name for key, name in groups_seen.items()})
    return Part(shown, period, day, PLATFORM_2025, groups, [_aligned(s, values, groups) for s, values in read], None, "", "", fields, notes)


def _date_in_wrapper(wrapper: dict) -> date | None:
    for key in ("runDateStr", "date", "ngay"):
        value = str(wrapper.get(key) or "")
        found = _DATE_IN_NAME.search(value)
        if found:
            return _found_date(found)
    return None


def _date_in_name(name: str) -> date | None:
    found = _DATE_IN_NAME.search(name)
    return _found_date(found) if found else None


def _found_date(found: re.Match) -> date | None:
    try:
        if found[1]:
            return date(int(found[1]), int(found[2]), int(found[3]))
        return date(int(found[6]), int(found[5]), int(found[4]))
    except ValueError:
        return None


def _period_2025(params: dict, day: date) -> Period:
    def value(key: str) -> int:
        try:
            return int(params.get(key) or 0)
        except (TypeError, ValueError):
            return 0

    year = value("p_nam") or day.year
    if value("p_thang"):
        return Period("month", year, value("p_thang"))
    if value("p_quy"):
        return Period("quarter", year, value("p_quy"))
    if value("p_6thang"):
        return Period("half", year, value("p_6thang"))
    return Period("year", year)


def parse_period(text: str) -> Period | None:
    """`nam-2025`, `quy-3-2026`, `thang-9-2026`, `6-thang-1-2026` (the site's own period names)."""
    slug = vi.slugify(text)
    patterns = (
        (r"nam-(\d{4})", "year"),
        (r"quy-(\d)-(\d{4})", "quarter"),
        (r"thang-(\d{1,2})-(\d{4})", "month"),
        (r"6-thang-([12])-(\d{4})", "half"),
    )
    for pattern, kind in patterns:
        found = re.fullmatch(pattern, slug)
        if found:
            if kind == "year":
                return Period("year", int(found[1]))
            return Period(kind, int(found[2]), int(found[1]))
    return None
