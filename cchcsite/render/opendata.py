"""Every kind of record as open data (NĐ 47/2020: complete, machine-readable, free, no login):
JSON and CSV with the front-matter field names as keys, so the export, the content files and
the importer speak one language. One writer serves every dataset of content/datasets.py."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from ..content.addresses import ranking_data_url
from ..content.datasets import DATASETS, FORMATS, LIST_SEPARATOR, Dataset
from ..content.kinds import Kind
from ..schema import RichText, field_specs

if TYPE_CHECKING:
    from ..content.page import Page
    from ..content.routes import Route, Routes
    from ..content.site import Site


BY_URL = {dataset.file_url(extension): dataset for dataset in DATASETS for extension in FORMATS}


def _plain(value: Any) -> Any:
    if isinstance(value, RichText):
        return value.source
    if isinstance(value, datetime):  # a day as `2024-07-15`; a moment keeps its time and offset
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def record(site: Site, dataset: Dataset, page: Page) -> dict[str, Any]:
    """One item as a row, keys in `dataset.columns` order."""
    kind: type = type(page.data)
    values: dict[str, Any] = {name: getattr(page.data, name) for name in field_specs(kind)}
    if page.kind == Kind.DOCUMENT:
        values["status"] = page.data.status_on(site.today)  # as the page shows it, derived from the dates when not stated
    values.update(
        title=page.title,
        date=page.date,
        summary=page.summary,
        tags=list(page.tags),
        updated=page.updated,
        changes=page.meta.changes,
        url=site.config.absolute(page.url),
    )
    return {name: _plain(values.get(name)) for name in dataset.columns}


def rows(site: Site, dataset: Dataset) -> list[dict[str, Any]]:
    pages = sorted(site.listed(site.by_kind.get(dataset.kind, ())), key=dataset.order)
    return [record(site, dataset, page) for page in pages]


def last_change(site: Site, dataset: Dataset) -> datetime | None:
    """The newest date any of its items carries (posted, updated or a change note)."""
    stamps = [stamp for page in site.listed(site.by_kind.get(dataset.kind, ())) for stamp in (page.last_updated, page.date) if stamp]
    return max(stamps, default=None)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "; ".join(f"{k}={_cell(v)}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return str(value)


def as_json(site: Site, routes: Routes, route: Route) -> bytes:
    return (json.dumps(rows(site, BY_URL[route.url]), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def as_csv(site: Site, routes: Routes, route: Route) -> bytes:
    """UTF-8 with BOM and CRLF: Excel on Windows then opens Vietnamese text correctly.
    The header row is written even when there are no rows, so the columns are always known."""
    dataset = BY_URL[route.url]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=dataset.columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(site, dataset):
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Listing:
    """What /du-lieu/ says of one dataset."""

    dataset: Dataset
    count: int
    last_change: datetime | None


def catalogue(site: Site) -> list[Listing]:
    return [Listing(dataset, len(site.by_kind.get(dataset.kind, ())), last_change(site, dataset)) for dataset in DATASETS]


RANKING_DESCRIPTION = (
    "Mỗi dòng một đơn vị trong một lần công bố: chỉ số, kỳ, ngày số liệu, khối, thứ hạng trong khối và trong toàn tỉnh, "
    "mã và tên đơn vị, tổng điểm, điểm từng nhóm đúng như Cổng công bố (ô trống là chưa có điểm, không phải 0), điểm lần "
    "trước và thay đổi (comparable là false khi cách tính điểm đã đổi)."
)


@dataclass(frozen=True)
class RankingListing:
    """What /du-lieu/ says of one ranking's period: every date of it in one file."""

    slug: str  # the section's anchor: `xep-hang-766-nam-2026`
    title: str
    dates: int  # how many snapshots the file holds (0: index results, one per year)
    last_change: date | None
    files: dict[str, str]  # extension → address

    @property
    def description(self) -> str:
        return RANKING_DESCRIPTION


def ranking_catalogue(site: Site) -> list[RankingListing]:
    listings = []
    for series in site.rankings.series:
        latest = site.rankings.snapshots[series.latest]
        files = {extension: ranking_data_url(latest.index_slug, series.period.slug, "", extension) for extension in FORMATS}
        slug = f"xep-hang-{latest.index_slug}-{series.period.slug}"
        dated = len(series.boards) if latest.date else 0
        listings.append(RankingListing(slug, f"Bảng xếp hạng {series.title}, {series.period.label.lower()}", dated, latest.date, files))
    return listings


# --- ranking tables (content/rankings.py): one row per unit per snapshot ------------------

RANKING_COLUMNS = ("index", "period", "date", "block", "block_rank", "rank", "code", "unit", "total")
RANKING_TAIL = ("previous_total", "change", "comparable", "url")


def ranking_rows(site: Site, boards: tuple[str, ...]) -> tuple[list[str], list[list[Any]]]:
    """(columns, rows) of the snapshots `boards`, as their pages show them: every group's score
    as published (above its maximum too, null where the portal gave none), the change since the
    snapshot before when it is comparable. Rows as lists: a period's file holds every unit of
    every week (~8,000 rows), written again with each new snapshot."""
    groups = list(dict.fromkeys(group.key for key in boards for group in site.rankings.snapshots[key].groups))
    urls = {unit: site.config.absolute(site.pages[unit].url) for key in boards for unit in site.rankings.units.get(key, {}).values()}
    rows = []
    for key in boards:
        shown = site.board(key)
        snapshot = shown.snapshot
        at = [next((n for n, g in enumerate(snapshot.groups) if g.key == group), None) for group in groups]
        for block in shown.blocks:
            for row in (*block.rows, *block.unscored):
                score = row.score
                rows.append(
                    [
                        snapshot.index, snapshot.period.label, snapshot.date_slug, block.label, score.block_rank, score.rank, score.code,
                        score.name, score.total, *(None if n is None else score.groups[n] for n in at),
                        row.previous.total if row.previous else None, row.delta, shown.comparable, urls.get(row.unit, "") if row.unit else "",
                    ]
                )  # fmt: skip
    return [*RANKING_COLUMNS, *groups, *RANKING_TAIL], rows


def ranking_json(site: Site, routes: Routes, route: Route) -> bytes:
    """One object per row, one row per line: the C encoder (no `indent`), readable all the same."""
    columns, rows = ranking_rows(site, route.boards)
    lines = (json.dumps(dict(zip(columns, row)), ensure_ascii=False) for row in rows)
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


def ranking_csv(site: Site, routes: Routes, route: Route) -> bytes:
    columns, rows = ranking_rows(site, route.boards)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
