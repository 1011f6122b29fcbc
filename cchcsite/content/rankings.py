"""Ranking tables of many units: the 766 snapshots, and index results (PAR INDEX, SIPAS) that rank
several of the site's units in one year, put into one shape.

A *series* is one index and one period ("766", "Năm 2026"), its *boards* the snapshots of it
by date, oldest first. A board's page shows its snapshot and the one before it (for the
change), nothing else: one new snapshot re-renders only the pages that show it. Where the way
the scores are computed changes (the 2026 platform), the series breaks: no change is
computed across it and no line is drawn over it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .. import vi
from . import addresses
from .kinds import change_in_words
from .snapshots import BLOCKS, Group, Period, Score, Snapshot
from .units import UnitDirectory

if TYPE_CHECKING:
    from .page import Page

INDEX_TITLES = {"766": "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp (766)"}
UNIT_BLOCKS = {"so-nganh": "so-nganh", "ubnd-tinh": "so-nganh", "mot-cua": "so-nganh", "xa-phuong": "xa-phuong"}
INDEX_RESULTS = "chi-so"  # the key prefix of a board made of index results (`chi-so/par-index/nam-2025`)


@dataclass(frozen=True)
class Series:
    index: str
    title: str
    period: Period
    boards: tuple[str, ...]  # snapshot keys, oldest first

    @property
    def index_slug(self) -> str:
        return vi.slugify(self.index)

    @property
    def url(self) -> str:
        return addresses.ranking_url(self.index_slug, self.period.slug)

    @property
    def latest(self) -> str:
        return self.boards[-1]


@dataclass(frozen=True)
class Rankings:
    """Every board and series of the site; each snapshot's unit pages, by its rows."""

    snapshots: dict[str, Snapshot]
    series: tuple[Series, ...]  # by index, then period, newest period first
    series_of: dict[str, Series]  # snapshot key → its series
    units: dict[str, dict[str, str]]  # snapshot key → row key → unit page source
    by_unit: dict[str, tuple[tuple[str, str], ...]]  # unit page source → (snapshot key, row key), in snapshot order

    def previous(self, key: str) -> Snapshot | None:
        """The snapshot before it in its period; for index results of a year, the year before."""
        snapshot = self.snapshots[key]
        if snapshot.date is None:
            return self.snapshots.get(_index_result_key(snapshot.index, snapshot.period.year - 1))
        boards = self.series_of[key].boards
        at = boards.index(key)
        return self.snapshots[boards[at - 1]] if at > 0 else None

    def url(self, key: str) -> str:
        """A dated board's own address, below its period (`…/nam-2026/2026-10-10/`): it stays the same
        when newer snapshots come, so pages linking it need not change. The period's address shows
        the latest board too; a board of index results (no date) has only that one."""
        series = self.series_of[key]
        snapshot = self.snapshots[key]
        return addresses.ranking_url(series.index_slug, series.period.slug, snapshot.date_slug) if snapshot.date else series.url

    def sources(self, key: str) -> tuple[str, ...]:
        """What a board's page depends on: its snapshot, the one before (the change), the units it links."""
        previous = self.previous(key)
        shown = [self.snapshots[key]] + ([previous] if previous else [])
        files = tuple(file for snapshot in shown for file in (snapshot.pages or (snapshot.source,)))
        return files + tuple(dict.fromkeys(self.units.get(key, {}).values()))

    def indexes(self) -> list[tuple[str, str, list[Series]]]:
        """(index, title, its series) in a stable order."""
        grouped: dict[str, list[Series]] = defaultdict(list)
        for series in self.series:
            grouped[series.index].append(series)
        return [(index, found[0].title, found) for index, found in grouped.items()]

    @cached_property
    def _shown(self) -> dict[str, Board]:
        return {}

    def board(self, key: str) -> Board:
        """A board as its page shows it, made once per build: the board's page, the one after it and
        the open data of its period all show it."""
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = _board(self, key)
        return shown

    def boards_with(self, unit: str) -> tuple[str, ...]:
        """The snapshots a unit page is in."""
        return tuple(key for key, _ in self.by_unit.get(unit, ()))


def build_rankings(
    snapshots: Iterable[Snapshot], index_pages: list[Page], directory: UnitDirectory, unit_pages: dict[str, Page]
) -> Rankings:
    every = {snapshot.source: snapshot for snapshot in snapshots}
    for board in _index_result_boards(index_pages, directory, unit_pages):
        every[board.source] = board
    grouped: dict[tuple[str, Period], list[Snapshot]] = defaultdict(list)
    for snapshot in every.values():
        grouped[(snapshot.index, snapshot.period)].append(snapshot)
    series = []
    for (index, period), found in grouped.items():
        found.sort(key=lambda s: (s.date or s.period.order, s.source))
        title = INDEX_TITLES.get(index) or found[-1].title or index
        series.append(Series(index, title, period, tuple(s.source for s in found)))
    series.sort(key=lambda s: (s.index != "766", s.index, [-part for part in s.period.order]))
    series_of = {key: one for one in series for key in one.boards}
    units = {key: _unit_pages(snapshot, directory) for key, snapshot in every.items()}
    by_unit: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, rows in units.items():
        for row, unit in rows.items():
            by_unit[unit].append((key, row))
    return Rankings(every, tuple(series), series_of, units, {unit: tuple(found) for unit, found in by_unit.items()})


def _unit_pages(snapshot: Snapshot, directory: UnitDirectory) -> dict[str, str]:
    found = {}
    for row in snapshot.rows:
        unit = directory.by_code.get(row.code) if row.code else None
        unit = unit or directory.find(row.name)
        if unit:
            found[row.key] = unit
    return found


def _index_result_boards(pages: list[Page], directory: UnitDirectory, unit_pages: dict[str, Page]) -> list[Snapshot]:
    """Index results of one index and year that rank two or more units: one board, the same tables."""
    grouped: dict[tuple[str, int], list[Page]] = defaultdict(list)
    for page in pages:
        grouped[(page.data.index, page.data.year)].append(page)
    boards = []
    for (index, year), found in sorted(grouped.items()):
        if len({page.data.unit for page in found}) < 2:
            continue
        names: dict[str, Group] = {}
        for page in found:
            for component in page.data.components:
                names.setdefault(component.name, Group(vi.slugify(component.name), component.name, component.max))
        groups = tuple(names.values())
        rows = []
        for page in found:
            result = page.data
            scores = {c.name: c.score for c in result.components}
            unit = directory.find(result.unit)
            unit_type = unit_pages[unit].data.unit_type if unit else ""
            code = unit_pages[unit].data.code if unit else ""
            rows.append(
                Score(
                    result.unit,
                    UNIT_BLOCKS.get(unit_type, "don-vi"),
                    result.score,
                    tuple(scores.get(g.label) for g in groups),
                    None,
                    result.rank,
                    code,
                )
            )
        key = _index_result_key(index, year)
        boards.append(
            Snapshot(key, index, index, Period("year", year), None, "", groups, tuple(rows), pages=tuple(p.source for p in found))
        )
    return boards


def _index_result_key(index: str, year: int) -> str:
    return f"{INDEX_RESULTS}/{vi.slugify(index)}/{Period('year', year).slug}"


# --- a board as its page shows it --------------------------------------------------------


@dataclass(frozen=True)
class Row:
    score: Score
    unit: str | None  # the unit's page (source), when the site has one
    previous: Score | None
    delta: float | None  # total now minus the previous snapshot's, 2 decimals
    rank_delta: int | None  # places gained in the block (positive) or lost

    @property
    def direction(self) -> str:
        if self.delta is None:
            return "none"
        return "up" if self.delta > 0 else ("down" if self.delta < 0 else "same")

    @property
    def change_text(self) -> str:
        """`Tăng 1,25 điểm`, `Giảm 0,5 điểm, tăng 2 bậc`, `Mới có trong kỳ này` (not in the previous snapshot)."""
        if self.delta is None:
            return "Mới có trong kỳ này" if self.previous is None else "Không có điểm để so sánh"
        return change_in_words(self.delta, self.rank_delta, same_place="")


@dataclass(frozen=True)
class Block:
    key: str
    label: str
    rows: tuple[Row, ...]  # scored, in the portal's order
    unscored: tuple[Row, ...]  # no score in this snapshot (null: not 0)
    above_maximum: bool  # some group score is above its nominal maximum (shown as given, marked)


@dataclass(frozen=True)
class Board:
    key: str
    snapshot: Snapshot
    series: Series
    previous: Snapshot | None
    comparable: bool  # previous is there and computed the same way
    blocks: tuple[Block, ...]
    missing: tuple[Score, ...]  # in the previous snapshot, not in this one

    @property
    def breaks_here(self) -> bool:
        return self.previous is not None and not self.comparable


def _board(rankings: Rankings, key: str) -> Board:
    snapshot = rankings.snapshots[key]
    previous = rankings.previous(key)
    comparable = previous is not None and previous.platform == snapshot.platform
    before = {row.key: row for row in previous.rows} if previous else {}
    pages = rankings.units.get(key, {})
    blocks = []
    for block, label in BLOCKS.items():
        rows = [row for row in snapshot.rows if row.block == block]
        if not rows:
            continue
        made = [_row(row, before.get(row.key), comparable, pages.get(row.key)) for row in _in_order(rows)]
        over = any(v is not None and g.max is not None and v > g.max for row in rows for g, v in zip(snapshot.groups, row.groups))
        blocks.append(
            Block(block, label, tuple(r for r in made if r.score.total is not None), tuple(r for r in made if r.score.total is None), over)
        )
    present = {row.key for row in snapshot.rows}
    missing = tuple(row for key_, row in before.items() if key_ not in present)
    return Board(key, snapshot, rankings.series_of[key], previous, comparable, tuple(blocks), missing)


def _in_order(rows: list[Score]) -> list[Score]:
    """The portal's order: by rank in the block (ties ordered as the portal gave them), else by
    total; units without a score last."""
    return sorted(
        rows,
        key=lambda r: (
            r.total is None,
            r.block_rank if r.block_rank is not None else (r.rank if r.rank is not None else 10**6),
            -(r.total or 0),
        ),
    )


def _row(row: Score, previous: Score | None, comparable: bool, unit: str | None) -> Row:
    if not comparable or previous is None or row.total is None or previous.total is None:
        return Row(row, unit, previous, None, None)
    rank_delta = previous.block_rank - row.block_rank if row.block_rank and previous.block_rank else None
    return Row(row, unit, previous, round(row.total - previous.total, 2), rank_delta)


# --- a unit's own series -------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    snapshot: Snapshot
    score: Score
    block_size: int  # how many units its block ranks (the "/14" of "thứ 3/14")
    breaks: bool  # the way scores are computed changed since the point before: not comparable
    new_period: bool  # a new period starts here (a year's index starts again)


@dataclass(frozen=True)
class UnitSeries:
    index: str
    title: str
    points: tuple[Point, ...]  # oldest first

    @property
    def latest(self) -> Point:
        return self.points[-1]

    @property
    def change(self) -> float | None:
        """Since the point before, within one period and one way of computing."""
        if len(self.points) < 2:
            return None
        last, before = self.points[-1], self.points[-2]
        if last.breaks or last.new_period or last.score.total is None or before.score.total is None:
            return None
        return round(last.score.total - before.score.total, 2)


def unit_series(rankings: Rankings, unit: str) -> list[UnitSeries]:
    """Each dated index's points for one unit (index results of a year are the unit's own pages):
    one period kind (the year's, when there is one), by date."""
    found: dict[str, list[tuple[Snapshot, Score]]] = defaultdict(list)
    for key, row_key in rankings.by_unit.get(unit, ()):
        snapshot = rankings.snapshots[key]
        if snapshot.date:
            found[snapshot.index].append((snapshot, snapshot.by_key[row_key]))
    result = []
    for index, pairs in found.items():
        kinds = [snapshot.period.type for snapshot, _ in pairs]
        kind = "year" if "year" in kinds else max(set(kinds), key=kinds.count)
        pairs = sorted(((s, r) for s, r in pairs if s.period.type == kind), key=lambda p: (p[0].date, p[0].period.order))
        points = []
        for number, (snapshot, row) in enumerate(pairs):
            before = pairs[number - 1][0] if number else None
            points.append(
                Point(
                    snapshot,
                    row,
                    snapshot.block_sizes.get(row.block, 0),
                    bool(before and before.platform != snapshot.platform),
                    bool(before and before.period != snapshot.period),
                )
            )
        title = rankings.series_of[pairs[-1][0].source].title
        result.append(UnitSeries(index, title, tuple(points)))
    return sorted(result, key=lambda s: (s.index != "766", s.index))
