"""Model stage: validated pages → the `Site` (URLs, lists, taxonomies, series) and
its routes; cross-page checks (duplicate URLs and codes, broken links).

Each `Route` says which source files it depends on, so the dev server and the
build cache can redo only what a change touches.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import attrgetter
from pathlib import Path

from .. import vi
from ..config import Config
from ..errors import Problem, error, warning
from . import addresses
from .addresses import list_url
from .citizen_words import Vocabulary, vocabulary
from .kinds import Kind, OnlineLevel, normalise_number
from .page import LeftOut, Page, Refused, SectionIntro
from .rankings import Board, Rankings, UnitSeries, build_rankings, unit_series
from .sections import kind_for
from .snapshots import Snapshot
from .taxonomy import Filter, Term, document_filters, procedure_filters, unit_filters
from .units import UnitLinks, link_units, unit_directory


@dataclass(frozen=True)
class Site:
    config: Config
    today: date
    pages: dict[str, Page]
    intros: dict[str, SectionIntro]  # by list URL
    by_kind: dict[str, tuple[str, ...]]  # source keys, newest first
    tags: dict[str, Term]
    pillars: dict[str, Term]
    fields: dict[str, Term]  # procedure lĩnh vực
    series: dict[tuple[str, str], tuple[str, ...]]  # (index, unit) → results by year
    documents_by_number: dict[str, str]
    static_files: dict[str, int]  # `/files/a.pdf` → size in bytes
    left_out: tuple[LeftOut, ...]
    filters: dict[str, Filter]  # pre-built filter pages (catalogue by cấp and mức độ; documents by type, issuer, year, status), by URL
    units: UnitLinks  # which units procedures, news and index results name
    rankings: Rankings  # index snapshots (766) and index results of many units, as ranking tables
    refused: tuple[Refused, ...] = ()  # pages with errors: not built, their links still checked

    def units_of(self, page: Page) -> list[Page]:
        """The site's units a procedure, news item or index result names (its `units`, else its agency or unit)."""
        return self.listed(self.units.of(page.source))

    def naming_unit(self, unit: Page, kind: str) -> list[Page]:
        """The pages of `kind` that name this unit, in site order (newest first)."""
        return [page for page in self.listed(self.units.pages_naming(unit.source)) if page.kind == kind]

    @cached_property
    def commune_procedures(self) -> tuple[str, ...]:
        """The current xã-level procedures: one page each, shared by every xã and phường."""
        return tuple(k for k in self.current_procedures if "xa" in self.pages[k].data.level)

    def unit_sources(self, unit: Page) -> tuple[str, ...]:
        """What a unit's page shows besides its own file: the pages naming it, a commune's shared
        procedures (their count), the ranking snapshots it is in."""
        shown = self.units.pages_naming(unit.source)
        if unit.data.unit_type == "xa-phuong":
            shown += self.commune_procedures
        snapshots = self.rankings.snapshots
        return shown + tuple(key for key in self.rankings.boards_with(unit.source) if snapshots[key].date)

    def board(self, key: str) -> Board:
        """A ranking snapshot as its page shows it: blocks, rows in order, change since the one before."""
        return self.rankings.board(key)

    def board_url(self, key: str) -> str:
        return self.rankings.url(key)

    def unit_series(self, unit: Page) -> list[UnitSeries]:
        """The unit's own results in each index's snapshots, oldest first, with the series breaks."""
        return unit_series(self.rankings, unit.source)

    def unit_named(self, name_or_code: str) -> Page | None:
        found = self.units.directory.find(name_or_code)
        return self.pages[found] if found else None

    def page(self, key: str) -> Page:
        return self.pages[key]

    def listed(self, keys) -> list[Page]:
        return [self.pages[k] for k in keys]

    def series_of(self, page: Page) -> list[Page]:
        return self.listed(self.series.get((page.data.index, page.data.unit), ()))

    def latest_results(self) -> list[Page]:
        """The newest result of every index series, for the home page and the overview."""
        return sorted((self.pages[keys[-1]] for keys in self.series.values()), key=lambda p: (p.data.index, p.data.unit))

    def previous_result(self, page: Page) -> Page | None:
        keys = self.series.get((page.data.index, page.data.unit), ())
        position = keys.index(page.source)
        return self.pages[keys[position - 1]] if position > 0 else None

    def stats_periods(self, keys) -> list[Page]:
        """Statistics pages in time order, oldest period first (for charts)."""
        return sorted(self.listed(keys), key=lambda p: (p.data.period_start, p.data.period_end, p.source))

    def latest_stats(self) -> Page | None:
        """The statistics page of the most recent period (not the most recently posted one)."""
        periods = self.stats_periods(self.by_kind.get(Kind.STATS, ()))
        return max(periods, key=lambda p: (p.data.period_end, p.data.period_start)) if periods else None

    def online_counts(self, keys) -> dict[str, int]:
        """Procedures per online level (toàn trình, một phần, không)."""
        counts = dict.fromkeys(vi.ONLINE_LEVELS, 0)
        for page in self.listed(keys):
            counts[page.data.online] += 1
        return counts

    def submit_url(self, page: Page) -> str:
        """Where a citizen submits a procedure online: its own link; else, for a procedure imported
        from the national database, its own page there; else the site's portal as configured: with
        the code where the address has `{code}`, else as it is (never with a made-up parameter)."""
        data = page.data
        if data.online_url:
            return data.online_url
        if data.online == OnlineLevel.NONE:
            return ""
        if data.portal_url:
            return data.portal_url
        portal = self.config.public_service_url
        return portal.replace("{code}", data.code) if "{code}" in portal else portal

    def submit_names_procedure(self, page: Page, url: str) -> bool:
        """Whether `url` opens this procedure itself (not only a portal's front page, where the citizen must look it up)."""
        return url in (page.data.online_url, page.data.portal_url) or "{code}" in self.config.public_service_url

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The citizens' words (cchcsite's list and config.yaml's `citizen_words`)."""
        return vocabulary(self.config)

    def search_keywords(self, page: Page) -> tuple[str, ...]:
        """A procedure's own `keywords` and the citizens' words its name, result or keywords call for."""
        own = page.data.keywords
        return tuple(dict.fromkeys([*own, *self.vocabulary.keywords_for([page.title, page.data.result, *own])]))

    def document_for(self, number: str) -> Page | None:
        key = self.documents_by_number.get(number)
        return self.pages[key] if key else None

    @cached_property
    def current_procedures(self) -> tuple[str, ...]:
        """Procedures in force (not abolished): what the catalogue and its filters list."""
        return current_procedures(self.pages, self.by_kind)

    def filter_for(self, url: str) -> Filter:
        return self.filters[url]

    def filter_groups(self, prefix: str) -> list[tuple[str, list[Filter]]]:
        """(group label, filters) for the filters below `/thu-tuc/` or `/van-ban/`, in a stable order."""
        groups: dict[str, list[Filter]] = {}
        for one in self.filters.values():
            if one.url.startswith(prefix):
                groups.setdefault(one.group_label, []).append(one)
        return list(groups.items())

    def replacement_for(self, page: Page) -> Page | None:
        """The procedure that replaced an abolished one: `replaced_by:` a code or a site path."""
        target = page.data.replaced_by
        if not target:
            return None
        candidates = [self.pages[key] for key in self.by_kind.get(Kind.PROCEDURE, ()) if key != page.source]
        for other in candidates:
            if other.data.code == target or other.url == target.rstrip("/") + "/":
                return other
        for other in candidates:  # a national code (`2.000908`) names its local version (`2.000908.000.00.00.H31`)
            if other.data.code.startswith(target + ".") and not other.data.abolished:
                return other
        return None


def current_procedures(pages: dict[str, Page], by_kind: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(k for k in by_kind.get(Kind.PROCEDURE, ()) if not pages[k].data.abolished)


def scan_static(site_dir: Path) -> dict[str, int]:
    """Site path → size of every file in static/; names in NFC whatever the disk holds (a file
    uploaded from a Mac or through the browser may be named in NFD), as pages write them."""
    root = site_dir / "static"
    if not root.is_dir():
        return {}
    return {
        unicodedata.normalize("NFC", "/" + path.relative_to(root).as_posix()): path.stat().st_size
        for path in sorted(root.rglob("*"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    }


def static_source(site_dir: Path, url: str) -> Path:
    """The file in static/ behind a site path of `scan_static`: its folders and name are looked up
    by their NFC spelling when the disk spells them otherwise."""
    path = site_dir / "static" / url.lstrip("/")
    if url.isascii() or path.exists():
        return path
    found = site_dir / "static"
    for part in url.strip("/").split("/"):
        exact = found / part
        if not exact.exists() and found.is_dir():
            exact = next((child for child in found.iterdir() if unicodedata.normalize("NFC", child.name) == part), exact)
        found = exact
    return found


def _terms(pages: list[Page], labels_of, prefix: str, problems: list[Problem], known: dict[str, str] | None = None) -> dict[str, Term]:
    grouped: dict[str, dict[str, None]] = defaultdict(dict)  # an ordered set per term
    label: dict[str, str] = dict(known or {})
    slugify = vi.slugify
    for page in pages:
        for text in labels_of(page):
            slug = slugify(text)
            if not slug:
                problems.append(error(page.source, page.lines.get("tags", 1), f"chủ đề `{text}` không có chữ cái nào để làm đường dẫn"))
                continue
            if slug not in label:
                label[slug] = text
            grouped[slug][page.source] = None
    # Known terms keep their own order (the pillars: NQ 76/NQ-CP's), free ones (tags) go by slug.
    slugs = [*known, *sorted(set(grouped) - set(known))] if known else sorted(grouped)
    return {slug: Term(slug, label[slug], f"{prefix}{slug}/", tuple(grouped.get(slug, ()))) for slug in slugs}


def build_site(
    config: Config,
    today: date,
    records: Sequence[Page | SectionIntro | LeftOut | Refused | Snapshot],
    static_files: dict[str, int],
) -> tuple[Site, list[Problem]]:
    problems: list[Problem] = []
    pages = sorted((r for r in records if isinstance(r, Page)), key=attrgetter("sort_key"))
    intros = {}
    for intro in (r for r in records if isinstance(r, SectionIntro)):
        kind_url = list_url(_kind_of_folder(intro.folder, config), intro.folder)
        intros[kind_url] = intro
    by_kind: dict[str, list[Page]] = defaultdict(list)  # one pass over every page; the rest go over one kind
    for page in pages:
        by_kind[page.kind].append(page)

    procedures = by_kind.get(Kind.PROCEDURE, [])
    _check_duplicates(by_kind.get(Kind.INDEX, []), procedures, problems)
    series: dict[tuple[str, str], list[Page]] = defaultdict(list)
    for page in by_kind.get(Kind.INDEX, ()):
        series[(page.data.index, page.data.unit)].append(page)
    by_source = {p.source: p for p in pages}
    kinds = {k: tuple(p.source for p in v) for k, v in by_kind.items()}
    fields = _terms(procedures, lambda p: [p.data.field], addresses.PROCEDURE_FIELDS, problems)
    filters = (
        *procedure_filters(by_source, fields, current_procedures(by_source, kinds)),
        *document_filters(by_source, kinds.get(Kind.DOCUMENT, ()), today),
        *unit_filters(by_source, kinds.get(Kind.UNIT, ())),
    )
    _check_unique(
        [p for p in by_kind.get("unit", ()) if p.data.code],
        lambda p: p.data.code,
        "code",
        lambda code, other: f"`code`: mã đơn vị `{code}` trùng với {other}; mỗi đơn vị có một mã riêng",
        problems,
    )
    links = _unit_links(pages, by_kind)
    snapshots = _unique_snapshots([r for r in records if isinstance(r, Snapshot)], problems)
    site = Site(
        config=config,
        today=today,
        pages=by_source,
        intros=intros,
        by_kind=kinds,
        tags=_terms(pages, lambda p: p.tags, addresses.TAGS, problems),
        pillars=_terms(
            pages,
            lambda p: (p.data.pillar,) if getattr(p.data, "pillar", "") else (),
            addresses.PILLARS,
            problems,
            known={k: v for k, v in vi.PILLARS.items()},
        ),
        fields=fields,
        filters={f.url: f for f in filters},
        series={k: tuple(p.source for p in sorted(v, key=lambda p: (p.data.year, p.source))) for k, v in sorted(series.items())},
        documents_by_number={p.data.number: p.source for p in by_kind.get(Kind.DOCUMENT, ())},
        static_files=static_files,
        units=links,
        rankings=build_rankings(snapshots, by_kind.get("index", []), links.directory, by_source),
        left_out=tuple(sorted((r for r in records if isinstance(r, LeftOut)), key=lambda r: r.source)),
        refused=tuple(sorted((r for r in records if isinstance(r, Refused)), key=lambda r: r.source)),
    )
    problems.extend(_check_legal_basis(site))
    problems.extend(_check_replacements(site))
    return site, problems


def _unit_links(pages: list[Page], by_kind: dict[str, list[Page]]) -> UnitLinks:
    """Procedures name their units by `units`, else by their agency; news by `units`; index results by `unit`."""
    directory = unit_directory((p.source, p.data.code, p.title, [old.name for old in p.data.merged_from]) for p in by_kind.get("unit", ()))
    if not directory.by_code and not directory.by_name:
        return link_units(directory, ())

    def named(page: Page) -> tuple[str, ...]:
        if page.kind == "procedure":
            return page.data.units or (page.data.agency,)
        if page.kind == "news":
            return page.data.units
        return (page.data.unit,) if page.kind == "index" else ()

    return link_units(directory, ((page.source, named(page)) for page in pages if page.kind in ("procedure", "news", "index")))


def _unique_snapshots(snapshots: list[Snapshot], problems: list[Problem]) -> list[Snapshot]:
    """One snapshot per index, period and date: a second one (a copied file) is an error and left out."""
    owners: dict[tuple, str] = {}
    kept = []
    for snapshot in sorted(snapshots, key=lambda s: s.source):
        key = (snapshot.index, snapshot.period, snapshot.date)
        if key in owners:
            problems.append(
                error(
                    snapshot.source,
                    1,
                    f"số liệu {snapshot.index} {snapshot.period.label} ngày {vi.format_date(snapshot.date)} đã có ở {owners[key]}; "
                    "mỗi ngày chỉ một tệp: hãy xóa một trong hai",
                )
            )
        else:
            owners[key] = snapshot.source
            kept.append(snapshot)
    return kept


def _kind_of_folder(folder: str, config: Config) -> str:
    return kind_for(folder, config.sections) if folder else Kind.PAGE


def _check_unique(pages: list[Page], key, field: str, say, problems: list[Problem]) -> None:
    """Each page whose `key` another page has too is an error on its `field` line, naming the other file."""
    owners: dict[object, list[Page]] = defaultdict(list)
    for page in pages:
        owners[key(page)].append(page)
    for value, same in owners.items():
        for number, page in enumerate(same if len(same) > 1 else ()):
            other = same[1] if number == 0 else same[0]
            problems.append(error(page.source, page.lines.get(field, 1), say(value, other.source)))


def _check_duplicates(index_results: list[Page], procedures: list[Page], problems: list[Problem]) -> None:
    _check_unique(
        procedures,
        lambda p: p.data.code,
        "code",
        lambda code, other: f"`code`: mã thủ tục `{code}` trùng với {other}; mỗi thủ tục phải có mã riêng",
        problems,
    )
    _check_unique(
        index_results,
        lambda p: (p.data.index, p.data.unit, p.data.year),
        "year",
        lambda key, other: (
            f"`year`: đã có kết quả {key[0]} năm {key[2]} của {key[1]} ở {other}; mỗi chỉ số, đơn vị và năm chỉ một tệp. "
            "Nếu một trong hai tệp là kết quả của chỉ số, đơn vị hay năm khác (tệp tạo bằng `cchcsite new` còn giá trị mẫu?), "
            "hãy sửa `index`, `unit` hoặc `year` của tệp đó; nếu cả hai là cùng một kết quả, hãy gộp nội dung vào một tệp"
        ),
        problems,
    )


def _check_legal_basis(site: Site) -> list[Problem]:
    """A `legal_basis` number that is a site document spelled differently does not link: say which one it is."""
    problems = []
    by_key = {normalise_number(number): number for number in site.documents_by_number}
    for key in site.by_kind.get(Kind.PROCEDURE, ()):
        page = site.pages[key]
        for index, basis in enumerate(page.data.legal_basis, start=1):
            if basis.number in site.documents_by_number:
                continue
            known = by_key.get(normalise_number(basis.number))
            if known:
                line = page.lines.get(f"legal_basis[{index}].number", page.lines.get("legal_basis", 1))
                problems.append(
                    warning(
                        page.source,
                        line,
                        f"`legal_basis`: số ký hiệu `{basis.number}` gần giống văn bản `{known}` của trang "
                        f"({site.documents_by_number[known]}) nhưng viết khác nên không liên kết được; có phải `{known}`?",
                    )
                )
    return problems


def _check_replacements(site: Site) -> list[Problem]:
    problems = []
    for key in site.by_kind.get(Kind.PROCEDURE, ()):
        page = site.pages[key]
        target = page.data.replaced_by
        if not target:
            continue
        line = page.lines.get("replaced_by", 1)
        if not page.data.abolished:
            problems.append(
                warning(page.source, line, "`replaced_by`: chỉ dùng cho thủ tục đã bãi bỏ (`status: bai-bo`); dòng này không có tác dụng")
            )
        elif site.replacement_for(page) is None:
            problems.append(
                warning(
                    page.source,
                    line,
                    f"`replaced_by`: không có thủ tục nào mang mã hoặc đường dẫn `{target}`; hãy ghi mã thủ tục thay thế, ví dụ `2.000908.000.00.00.H31`",
                )
            )
    return problems
