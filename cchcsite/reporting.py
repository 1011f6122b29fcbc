"""The periodic report of CCHC communication (`cchcsite report`): what the site published in a
quarter, half-year or year, counted as the unit's report needs it ("định kỳ hàng quý, 6 tháng,
năm báo cáo … kết quả thực hiện"), instead of by hand.

Counted from the site's own records: an item counts in the period it was published (`date`, or
its `publish_date` when later), drafts and items not yet published never; documents by their
date of issue; procedures by the decision that announced them (a document of the site with the
procedure's `decision` number), else by their change notes or `date`; statistics by the period
they describe. The same `PeriodReport` is written as XLSX (to paste into the unit's report) and
as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from . import vi
from .content.kinds import normalise_number
from .content.page import Page
from .content.site import Site

ROMAN = ("I", "II", "III", "IV")
UNPILLARED = "Chưa gắn trụ cột"
# Kinds without a `pillar` field that belong to one by what they are: procedures and the results of
# handling their dossiers are administrative-procedure reform.
KIND_PILLAR = {"procedure": "thu-tuc-hanh-chinh", "stats": "thu-tuc-hanh-chinh"}
COUNTED_KINDS = ("news", "document", "index", "stats")  # what is published with a date of its own
PROCEDURE_CHANGE = {"hien-hanh": "Công bố mới", "sua-doi": "Sửa đổi, bổ sung", "bai-bo": "Bãi bỏ"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str  # "Quý III năm 2026"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def dates(self) -> str:
        return f"từ ngày {vi.format_date(self.start)} đến ngày {vi.format_date(self.end)}"


class PeriodError(ValueError):
    """A period the command line cannot mean; the message says what to write."""


def period_from(start: str | None, end: str | None, quarter: str | None, half: str | None, year: str | None) -> Period:
    """One period from the command line: --from/--to, or --quarter 2026-Q3, --half 2026-H2, --year 2026."""
    given = [name for name, value in (("--from/--to", start or end), ("--quarter", quarter), ("--half", half), ("--year", year)) if value]
    if len(given) != 1:
        raise PeriodError(
            "hãy chọn đúng một kỳ báo cáo: --quarter 2026-Q3, --half 2026-H2, --year 2026, hoặc --from 2026-07-01 --to 2026-09-30"
        )
    if quarter:
        found = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", quarter.strip())
        if not found:
            raise PeriodError(f"--quarter `{quarter}`: hãy viết năm-quý, ví dụ 2026-Q3 (quý III năm 2026)")
        year_number, number = int(found[1]), int(found[2])
        first = date(year_number, 3 * number - 2, 1)
        return Period(first, _month_end(year_number, 3 * number), f"Quý {ROMAN[number - 1]} năm {year_number}")
    if half:
        found = re.fullmatch(r"(\d{4})-?[Hh]([12])", half.strip())
        if not found:
            raise PeriodError(f"--half `{half}`: hãy viết năm-nửa năm, ví dụ 2026-H1 (6 tháng đầu năm) hoặc 2026-H2 (6 tháng cuối năm)")
        year_number, number = int(found[1]), int(found[2])
        label = f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year_number}"
        return Period(date(year_number, 6 * number - 5, 1), _month_end(year_number, 6 * number), label)
    if year:
        if not re.fullmatch(r"\d{4}", year.strip()):
            raise PeriodError(f"--year `{year}`: hãy viết năm, ví dụ 2026")
        return Period(date(int(year), 1, 1), date(int(year), 12, 31), f"Năm {int(year)}")
    if not (start and end):
        raise PeriodError("--from và --to đi cùng nhau, ví dụ --from 2026-07-01 --to 2026-09-30")
    first, last = _day(start, "--from"), _day(end, "--to")
    if last < first:
        raise PeriodError(f"--to {vi.format_date(last)} trước --from {vi.format_date(first)}")
    return Period(first, last, f"Từ ngày {vi.format_date(first)} đến ngày {vi.format_date(last)}")


def _day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{flag} `{text}`: hãy viết ngày dạng năm-tháng-ngày, ví dụ 2026-07-01") from None


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


@dataclass(frozen=True)
class Item:
    """One published item: what its row in a list says."""

    kind: str
    pillar: str  # a key of vi.PILLARS, or "" for none
    title: str
    day: date
    url: str  # absolute


@dataclass(frozen=True)
class ProcedureChange:
    code: str
    title: str
    change: str  # Công bố mới / Sửa đổi, bổ sung / Bãi bỏ
    day: date
    basis: str  # the decision, or the change notes of the period
    url: str


@dataclass(frozen=True)
class PeriodReport:
    organization: str
    period: Period
    items: tuple[Item, ...]  # every item published in the period, by date
    documents: tuple[Page, ...]  # issued in the period
    procedures: tuple[ProcedureChange, ...]
    indexes: tuple[Page, ...]  # results published in the period
    stats: tuple[Page, ...]  # whose period lies within the report's
    absolute: dict[str, str]  # page source → absolute URL

    def counts(self) -> list[tuple[str, dict[str, int]]]:
        """(pillar label, {kind: number}) for every pillar, then the items of no pillar."""
        rows = [(label, self._count(key)) for key, label in vi.PILLARS.items()]
        rows.append((UNPILLARED, self._count("")))
        return rows

    def _count(self, pillar: str) -> dict[str, int]:
        return {kind: sum(1 for item in self.items if item.kind == kind and item.pillar == pillar) for kind in COUNTED_KINDS}

    def procedure_counts(self) -> dict[str, int]:
        return {change: sum(1 for one in self.procedures if one.change == change) for change in PROCEDURE_CHANGE.values()}


def published_on(page: Page) -> date | None:
    """The day an item appeared on the site: its date, or its publish date when that is later."""
    moments = [moment for moment in (page.meta.date, page.meta.publish_date) if moment is not None]
    return max(moments).date() if moments else None


def period_report(site: Site, period: Period, now: datetime) -> PeriodReport:
    """What the site published in `period`, as far as it is published at `now`."""
    pages = site.pages
    absolute = {key: site.config.absolute(page.url) for key, page in pages.items()}

    def published(kind: str) -> list[Page]:
        found = []
        for key in site.by_kind.get(kind, ()):
            page = pages[key]
            day = published_on(page)
            shown = page.meta.publish_date is None or page.meta.publish_date <= now
            if day is not None and day in period and shown:
                found.append(page)
        return sorted(found, key=lambda page: (published_on(page), page.title))

    items = [
        Item(
            page.kind,
            getattr(page.data, "pillar", "") or KIND_PILLAR.get(page.kind, ""),
            page.title,
            day,
            absolute[page.source],
        )
        for kind in COUNTED_KINDS
        for page in published(kind)
        if (day := published_on(page)) is not None  # every page published() found has its day
    ]
    stats = sorted(
        (
            pages[key]
            for key in site.by_kind.get("stats", ())
            if pages[key].data.period_start in period and pages[key].data.period_end in period
        ),
        key=lambda page: (page.data.period_start, page.data.period_end),
    )
    return PeriodReport(
        site.config.organization,
        period,
        tuple(sorted(items, key=lambda item: (item.day, vi.KIND_LABELS[item.kind], item.title))),
        tuple(published("document")),
        tuple(_procedure_changes(site, period, absolute)),
        tuple(published("index")),
        tuple(stats),
        absolute,
    )


def _procedure_changes(site: Site, period: Period, absolute: dict[str, str]) -> Iterable[ProcedureChange]:
    decisions = {normalise_number(site.pages[key].data.number): site.pages[key] for key in site.by_kind.get("document", ())}
    found = []
    for key in site.by_kind.get("procedure", ()):
        page = site.pages[key]
        procedure = page.data
        decision = decisions.get(normalise_number(procedure.decision)) if procedure.decision else None
        notes = [change for change in page.meta.changes if change.date.date() in period]
        if decision is not None and decision.meta.date and decision.meta.date.date() in period:
            change = PROCEDURE_CHANGE[procedure.status]
            found.append(
                ProcedureChange(
                    procedure.code, page.title, change, decision.meta.date.date(), f"Quyết định {procedure.decision}", absolute[key]
                )
            )
        elif notes:
            change = "Bãi bỏ" if procedure.status == "bai-bo" else "Sửa đổi, bổ sung"
            basis = "; ".join(note.note.rstrip(".") for note in sorted(notes, key=lambda note: note.date))
            found.append(ProcedureChange(procedure.code, page.title, change, max(note.date for note in notes).date(), basis, absolute[key]))
        elif page.meta.date and page.meta.date.date() in period:
            basis = f"Quyết định {procedure.decision}" if procedure.decision else ""
            found.append(
                ProcedureChange(procedure.code, page.title, PROCEDURE_CHANGE[procedure.status], page.meta.date.date(), basis, absolute[key])
            )
    return sorted(found, key=lambda one: (list(PROCEDURE_CHANGE.values()).index(one.change), one.day, one.code))


# --- the two files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One list of the report, as both files show it: a title, Vietnamese column names, rows."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]  # cells: str, int, float, date; a link is (text, url)


def tables(report: PeriodReport) -> list[Table]:
    kinds = [vi.KIND_LABELS[kind] for kind in COUNTED_KINDS]
    counted = [(label, [numbers[kind] for kind in COUNTED_KINDS]) for label, numbers in report.counts()]
    totals = [(label, *numbers, sum(numbers)) for label, numbers in counted]
    every = ("Tổng cộng", *(sum(numbers[i] for _, numbers in counted) for i in range(len(COUNTED_KINDS))), len(report.items))
    procedure_counts = report.procedure_counts()
    return [
        Table("Số tin, bài, văn bản đã đăng theo lĩnh vực cải cách hành chính", ("Lĩnh vực", *kinds, "Tổng"), (*totals, every)),
        Table(
            "Thủ tục hành chính được công bố, sửa đổi, bãi bỏ",
            ("Công bố mới", "Sửa đổi, bổ sung", "Bãi bỏ", "Tổng"),
            ((*procedure_counts.values(), sum(procedure_counts.values())),),
        ),
        Table(
            "Danh sách tin, bài đã đăng",
            ("STT", "Loại", "Lĩnh vực", "Tiêu đề", "Ngày đăng", "Đường dẫn"),
            tuple(
                (n, vi.KIND_LABELS[item.kind], vi.PILLARS.get(item.pillar, UNPILLARED), item.title, item.day, (item.url, item.url))
                for n, item in enumerate(report.items, start=1)
            ),
        ),
        Table(
            "Văn bản ban hành",
            ("STT", "Số ký hiệu", "Loại văn bản", "Trích yếu", "Cơ quan ban hành", "Ngày ban hành", "Đường dẫn"),
            tuple(
                (n, d.data.number, d.data.doc_type, d.title, d.data.issuer, d.meta.date.date() if d.meta.date else "", _link(report, d))
                for n, d in enumerate(report.documents, start=1)
            ),
        ),
        Table(
            "Thủ tục hành chính",
            ("STT", "Mã thủ tục", "Tên thủ tục", "Thay đổi", "Ngày", "Căn cứ", "Đường dẫn"),
            tuple((n, p.code, p.title, p.change, p.day, p.basis, (p.url, p.url)) for n, p in enumerate(report.procedures, start=1)),
        ),
        Table(
            "Kết quả chỉ số cải cách hành chính đã công bố",
            ("STT", "Chỉ số", "Năm đánh giá", "Đơn vị", "Điểm", "Xếp hạng", "Xếp loại", "Ngày đăng", "Đường dẫn"),
            tuple(
                (
                    n,
                    r.data.index,
                    r.data.year,
                    r.data.unit,
                    r.data.score,
                    f"{r.data.rank}/{r.data.rank_of}" if r.data.rank else "",
                    r.data.grade,
                    published_on(r),
                    _link(report, r),
                )
                for n, r in enumerate(report.indexes, start=1)
            ),
        ),
        Table(
            "Kết quả giải quyết hồ sơ thủ tục hành chính",
            (
                "STT",
                "Kỳ",
                "Tiếp nhận mới",
                "Kỳ trước chuyển sang",
                "Đã giải quyết",
                "Trước hạn, đúng hạn (%)",
                "Quá hạn",
                "Trực tuyến (%)",
                "Đường dẫn",
            ),
            tuple(
                (
                    n,
                    s.data.period_label,
                    s.data.received_new,
                    s.data.carried_over,
                    s.data.resolved_total,
                    round(s.data.on_time_share, 2) if s.data.on_time_share is not None else "",
                    s.data.resolved_late,
                    round(s.data.online_share, 2) if s.data.online_share is not None else "",
                    _link(report, s),
                )
                for n, s in enumerate(report.stats, start=1)
            ),
        ),
    ]


def _link(report: PeriodReport, page: Page) -> tuple[str, str]:
    url = report.absolute[page.source]
    return (url, url)


def heading(report: PeriodReport) -> str:
    return f"Báo cáo kết quả thông tin, tuyên truyền cải cách hành chính {report.period.label[0].lower()}{report.period.label[1:]}"


def to_markdown(report: PeriodReport) -> str:
    lines = [f"# {heading(report)}", "", f"{report.organization}, {report.period.dates}.", ""]
    for table in tables(report):
        lines += [f"## {table.title}", ""]
        if not table.rows:
            lines += ["Không có trong kỳ.", ""]
            continue
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        lines += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


def _markdown_cell(cell) -> str:
    if isinstance(cell, tuple):
        text, url = cell
        return f"<{url}>" if text == url else f"[{text}]({url})"
    if isinstance(cell, date):
        return vi.format_date(cell)
    if isinstance(cell, float):
        return vi.format_number(cell)
    return str(cell).replace("|", "\\|").replace("\n", " ")


def write_xlsx(report: PeriodReport, path: Path) -> None:
    """One sheet per list, the summary first: dates are dates and links are links in Excel."""
    from openpyxl import Workbook  # only this command writes spreadsheets
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    summary = workbook.worksheets[0]  # a new workbook's one sheet
    summary.title = "Tổng hợp"
    summary.append([heading(report)])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([f"{report.organization}, {report.period.dates}."])
    every = tables(report)
    for table in every[:2]:
        summary.append([])
        summary.append([table.title])
        summary.cell(summary.max_row, 1).font = Font(bold=True)
        _append_table(summary, table)
    _widths(summary, {"A": 48})
    for table, name in zip(every[2:], ("Tin bài", "Văn bản", "Thủ tục", "Chỉ số", "Giải quyết hồ sơ")):
        sheet = workbook.create_sheet(name)
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        _append_table(sheet, table)
        sheet.freeze_panes = "A3"
        _widths(sheet, {})
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.creator = report.organization
    workbook.save(path)


def _append_table(sheet, table: Table) -> None:
    from openpyxl.styles import Font

    sheet.append(list(table.columns))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([cell[0] if isinstance(cell, tuple) else cell for cell in row])
        for cell, value in zip(sheet[sheet.max_row], row):
            if isinstance(value, tuple):
                cell.hyperlink = value[1]
                cell.style = "Hyperlink"
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"


def _widths(sheet, given: dict[str, int]) -> None:
    """Columns as wide as their longest cell, within reason, so the sheet reads without resizing."""
    from openpyxl.utils import get_column_letter

    for number, column in enumerate(sheet.iter_cols(), start=1):
        letter = get_column_letter(number)
        longest = max((len(str(cell.value)) for cell in column[1:] if cell.value is not None), default=8)
        sheet.column_dimensions[letter].width = given.get(letter, min(max(longest + 2, 8), 60))
