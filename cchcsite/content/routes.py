"""Which output files a site has, what each shows, and what each depends on.

Lists are paginated and feeds capped, so no page grows with the size of the
site (no quadratic navigation).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import NamedTuple

from .. import vi
from ..urls import ancestors, strip_fragment, top_levels
from . import addresses
from .addresses import alias_url
from .datasets import DATASETS, FORMATS
from .kinds import Kind
from .site import Site
from .taxonomy import Filter, Pager, Term, TermHeading

HOME_NEWS = 6
FEED_SIZE = 50
PROCEDURES_PER_PAGE = 50  # procedure tables: one row per line on a phone, so more rows than news items
UNITS_PER_PAGE = 500  # a province has ~150 units: its list is one page, so the browser's find-in-page finds any
# The contact page (content/lien-he.md) shows config.yaml's `contact:` above its own text: the
# officer writes the numbers once, and they change everywhere with config.yaml.
CONTACT_TEMPLATE = "contact.html"
ITEM_TEMPLATES: dict[str, str] = {  # by Kind (a str)
    Kind.NEWS: "news.html",
    Kind.DOCUMENT: "document.html",
    Kind.PROCEDURE: "procedure.html",
    Kind.INDEX: "index_result.html",
    Kind.STATS: "stats.html",
    Kind.UNIT: "unit.html",
    Kind.PAGE: "page.html",
}
LIST_TITLES = {
    addresses.NEWS: "Tin tức",
    addresses.DOCUMENTS: "Văn bản",
    addresses.PROCEDURES: "Thủ tục hành chính",
    addresses.INDEXES: "Chỉ số cải cách hành chính",
    addresses.STATISTICS: "Kết quả giải quyết hồ sơ",
    addresses.UNITS: "Các cơ quan, đơn vị",
}


def paginate_filter(one: Filter, template: str, per_page: int, extra_sources: tuple[str, ...] = ()) -> Iterator[Route]:
    """A filter's pages; each depends on every item of the filter (its counts cover them all)."""
    every = tuple(dict.fromkeys(one.keys + extra_sources))
    return _paginate(one.url, one.keys, per_page, template, one.title, one.heading(), None, lambda chunk: every)


class Route(NamedTuple):
    """One output file: what it shows and which source files it depends on.

    A named tuple, not a frozen dataclass: every save plans a Route per output file again (5,800 at
    4,000 items), and a frozen dataclass takes four times as long to make and to compare."""

    url: str
    template: str
    title: str = ""
    page: str | None = None
    items: tuple[str, ...] = ()
    intro: str | None = None
    term: TermHeading | None = None
    pager: Pager | None = None
    sources: tuple[str, ...] = ()
    in_sitemap: bool = True
    # What a file about the whole site shows, when that is not every page's bytes: the sitemap's
    # (address, date its content last changed or ""), the terms overview's labels and counts,
    # _redirects' (alias, address), _headers' top-level folders and files. It depends on these: a saved
    # body leaves it as it is.
    entries: tuple = ()
    boards: tuple[str, ...] = ()  # the ranking snapshots it shows (content/rankings.py), by key


@dataclass(frozen=True)
class Routes:
    """Every output file of the site, planned from the finished model (which they do not change)."""

    all: tuple[Route, ...]

    @cached_property
    def urls(self) -> frozenset[str]:
        """Every URL the build makes: links are checked against it; a template links `/lien-he/` only when it exists."""
        return frozenset(route.url for route in self.all)

    @cached_property
    def _titles(self) -> dict[str, str]:
        return {route.url: route.title for route in self.all}

    def trail(self, url: str) -> list[tuple[str, str]]:
        """(title, url) of the pages above `url`, outermost first, for breadcrumbs: a list's
        title is its _index.md title, so renaming a section renames every trail through it."""
        return [(self._titles[a], a) for a in ancestors(url) if a in self._titles]


def list_title(site: Site, url: str, default: str) -> tuple[str, str | None]:
    intro = site.intros.get(url)
    return (intro.title if intro else default), (intro.source if intro else None)


def paginate(site: Site, first_url: str, keys: tuple[str, ...], template: str, title: str, term: Term | None = None) -> Iterator[Route]:
    """A list's pages; each depends on its own items and the list's _index.md."""
    intro = site.intros.get(first_url)
    intro_sources = (intro.source,) if intro else ()
    heading = term.heading() if term else None
    return _paginate(first_url, keys, site.config.per_page, template, title, heading, first_url, lambda chunk: chunk + intro_sources)


def _paginate(first_url, keys, per_page, template, title, heading, intro, sources_of) -> Iterator[Route]:
    """The one paginator: `per_page` items a page, page 1 at `first_url`, the rest at `…/trang/N/`."""
    chunks = [keys[i : i + per_page] for i in range(0, len(keys), per_page)] or [()]
    for number, chunk in enumerate(chunks, start=1):
        pager = Pager(number, len(chunks), first_url)
        shown_title = title if number == 1 else f"{title} – trang {number}"
        yield Route(
            pager.url(number), template, shown_title, items=chunk, intro=intro, term=heading, pager=pager, sources=sources_of(chunk)
        )


def plan_routes(site: Site) -> Routes:
    routes: list[Route] = []
    trail = _TrailSources(site)
    kinds = site.by_kind
    news, documents = kinds.get(Kind.NEWS, ()), kinds.get(Kind.DOCUMENT, ())
    procedures = kinds.get(Kind.PROCEDURE, ())
    indexes, stats = kinds.get(Kind.INDEX, ()), kinds.get(Kind.STATS, ())
    home_title, home_intro = list_title(site, addresses.HOME, site.config.title)
    routes.append(
        Route(
            addresses.HOME,
            "home.html",
            home_title,
            items=news[:HOME_NEWS],
            intro=addresses.HOME,
            sources=(*news[:HOME_NEWS], *procedures, *indexes, *stats, *filter(None, [home_intro])),
        )
    )
    for url, keys, template in (
        (addresses.NEWS, news, "list.html"),
        (addresses.DOCUMENTS, documents, "documents.html"),
        (addresses.STATISTICS, stats, "stats_list.html"),
    ):
        title, _ = list_title(site, url, LIST_TITLES[url])
        pages = paginate(site, url, keys, template, title)
        if url == addresses.DOCUMENTS:  # its filter links count every document
            pages = (route._replace(sources=tuple(dict.fromkeys(route.sources + documents))) for route in pages)
        routes.extend(pages)
    current = site.current_procedures
    title, intro = list_title(site, addresses.PROCEDURES, LIST_TITLES[addresses.PROCEDURES])
    routes.append(
        Route(
            addresses.PROCEDURES,
            "procedures.html",
            title,
            items=current,
            intro=addresses.PROCEDURES,
            sources=procedures + tuple(filter(None, [intro])),
        )
    )
    units = kinds.get("unit", ())
    if units:
        title, intro = list_title(site, addresses.UNITS, LIST_TITLES[addresses.UNITS])
        ordered = tuple(key for one in site.filter_groups(addresses.UNITS) for f in one[1] for key in f.keys)
        routes.append(
            Route(addresses.UNITS, "units.html", title, items=ordered, intro=addresses.UNITS, sources=units + tuple(filter(None, [intro])))
        )
    for one in site.filters.values():
        if one.url.startswith(addresses.PROCEDURES):  # the filter links on each page count every lĩnh vực, cấp and mức độ
            template = "procedure_field.html" if one.group == "linh-vuc" else "procedure_filter.html"
            routes.extend(paginate_filter(one, template, PROCEDURES_PER_PAGE, extra_sources=procedures))
        elif one.url.startswith(addresses.UNITS):
            routes.extend(paginate_filter(one, "units_filter.html", UNITS_PER_PAGE, extra_sources=units))
        else:
            routes.extend(paginate_filter(one, "documents_filter.html", site.config.per_page, extra_sources=documents))
    title, intro = list_title(site, addresses.INDEXES, LIST_TITLES[addresses.INDEXES])
    latest_boards = tuple(one.latest for one in site.rankings.series)  # it links each ranking's latest, with its date
    routes.append(
        Route(
            addresses.INDEXES,
            "indexes.html",
            title,
            items=indexes,
            intro=addresses.INDEXES,
            sources=indexes + tuple(filter(None, [intro])) + _board_files(site.rankings, latest_boards),
        )
    )
    for kind, keys in kinds.items():
        for key in keys:
            routes.append(_item_route(site, kind, key, trail))
    for url, terms, title in ((addresses.TAGS, site.tags, "Chủ đề"), (addresses.PILLARS, site.pillars, "Trụ cột cải cách hành chính")):
        routes.append(Route(url, "terms.html", title, entries=tuple(term.heading() for term in terms.values())))  # labels and counts
        for term in terms.values():
            routes.extend(paginate(site, term.url, term.pages, "term.html", term.label, term=term))
    planned = {route.url for route in routes}
    for url, section in site.intros.items():
        if section.folder and url not in planned:
            keys = tuple(k for k in kinds.get(Kind.PAGE, ()) if site.pages[k].url.startswith(url))
            routes.append(Route(url, "list.html", section.title, items=keys, intro=url, sources=keys + (section.source,)))
    routes.append(Route(addresses.SEARCH, "search.html", "Tìm kiếm", sources=procedures))  # it links every lĩnh vực
    routes.append(Route(addresses.PROCEDURE_NAMES, "@procedure-names", items=procedures, sources=procedures, in_sitemap=False))
    routes.append(Route(addresses.NOT_FOUND, "404.html", "Không tìm thấy trang", in_sitemap=False))
    if site.config.cms:  # the Decap CMS admin (cchcsite/cms.py): generated files, not pages of the site
        intros = tuple(intro.source for intro in site.intros.values())
        routes += [
            Route(addresses.ADMIN, "@admin.html", "Quản trị nội dung", in_sitemap=False),
            Route(f"{addresses.ADMIN}config.yml", "@admin.yml", sources=intros, in_sitemap=False),
            Route(f"{addresses.ADMIN}admin.js", "@admin.js", in_sitemap=False),
            Route(f"{addresses.ADMIN}rules.json", "@admin.rules", in_sitemap=False),
        ]
    # both lists are already newest first: merge their heads instead of sorting every item again
    feed_items = tuple(islice(heapq.merge(news, documents, key=lambda k: site.pages[k].sort_key), FEED_SIZE))
    aliases = [(alias, page) for page in site.pages.values() for alias in page.meta.aliases]
    routes.extend(
        [
            Route(addresses.FEED, "feed.xml", items=feed_items, sources=feed_items, in_sitemap=False),
            Route(addresses.SITEMAP, "sitemap.xml", in_sitemap=False),  # its entries: once every route is planned
            Route(addresses.ROBOTS, "robots.txt", in_sitemap=False),
            Route("/_redirects", "@redirects", entries=tuple((alias, page.url) for alias, page in aliases), in_sitemap=False),
            Route("/_headers", "@headers", in_sitemap=False),  # its entries: once every route is planned
        ]
    )
    routes.extend(open_data_routes(site))
    routes.extend(ranking_routes(site))
    for alias, page in aliases:
        routes.append(Route(alias_url(alias), "alias.html", page.title, page=page.source, sources=(page.source,), in_sitemap=False))
    return Routes(tuple(_with_site_listings(list(trail.added(routes)), site)))


class _TrailSources:
    """A page's breadcrumbs show the titles of the lists above it: their _index.md files are its
    sources too. The lists above a URL are those above its folder: found once per folder."""

    def __init__(self, site: Site):
        self.intros = {url: intro.source for url, intro in site.intros.items() if url != "/"}
        self.by_folder: dict[str, tuple[str, ...]] = {}

    def __call__(self, url: str) -> tuple[str, ...]:
        if not self.intros:
            return ()
        folder = url[: url.rstrip("/").rfind("/") + 1]
        above = self.by_folder.get(folder)
        if above is None:
            above = self.by_folder[folder] = tuple(self.intros[a] for a in ancestors(url) if a in self.intros)
        return above

    def with_above(self, url: str, sources: tuple[str, ...]) -> tuple[str, ...]:
        """`sources` and, after them, the lists above `url` not among them yet."""
        missing = tuple(source for source in self(url) if source not in sources)
        return sources + missing if missing else sources

    def added(self, routes: list[Route]) -> Iterator[Route]:
        """The routes, each with the lists above it among its sources."""
        if not self.intros:
            yield from routes
            return
        for route in routes:
            sources = self.with_above(route.url, route.sources)
            yield route if sources is route.sources else route._replace(sources=sources)


def _with_site_listings(routes: list[Route], site: Site) -> list[Route]:
    """The sitemap and _headers routes carry what they list, so each is written again only when an
    address or a date in it changes (the sitemap was a seventh of a rebuild after each save at 4,000 items)."""
    entries, pages, base = [], site.pages, site.config.absolute("")  # absolute(url) is base + url
    for route in routes:
        if route.in_sitemap:
            shown = pages[route.page] if route.page else None
            stamp = shown and (shown.last_updated or shown.date)
            entries.append((base + route.url, stamp.date().isoformat() if stamp else ""))
    # _headers has a rule for each top-level folder and file: it depends on those, not on every page
    tops = tuple(sorted(top_levels([*(strip_fragment(route.url) for route in routes), *site.static_files])))
    listed = {addresses.SITEMAP: tuple(entries), "/_headers": tops}
    return [route._replace(entries=listed[route.url]) if route.url in listed else route for route in routes]


def open_data_routes(site: Site) -> list[Route]:
    """`/du-lieu/`, the catalogue page, and each dataset as JSON and CSV (render/opendata.py)."""
    found = []
    every: tuple[str, ...] = ()
    for dataset in DATASETS:
        keys = site.by_kind.get(dataset.kind, ())
        every += keys
        found += [
            Route(dataset.file_url(extension), f"@data.{extension}", items=keys, sources=keys, in_sitemap=False) for extension in FORMATS
        ]
    every += tuple(key for one in site.rankings.series for key in one.boards)  # each ranking's dates, for its line
    return [Route(addresses.OPEN_DATA, "data.html", "Dữ liệu mở", sources=every), *found]


RANKINGS_TITLE = "Xếp hạng các cơ quan, đơn vị"


def ranking_routes(site: Site) -> list[Route]:
    """The rankings overview, each index's page, each board (the latest at its period's address,
    earlier ones by date) and each board's and each period's open data. A board depends on its
    snapshot, the one before it and the units it links: nothing else."""
    rankings = site.rankings
    if not rankings.series:
        return []
    latest_boards = tuple(one.latest for one in rankings.series)
    routes = [
        Route(addresses.RANKINGS, "rankings.html", RANKINGS_TITLE, boards=latest_boards, sources=_board_files(rankings, latest_boards))
    ]
    for index, title, series in rankings.indexes():
        every = tuple(key for one in series for key in one.boards)
        slug = series[0].index_slug
        routes.append(Route(addresses.ranking_url(slug), "ranking_index.html", title, boards=every, sources=_board_files(rankings, every)))
        for one in series:
            latest = rankings.snapshots[one.latest]
            if latest.date:  # the period's address shows its latest board; each board has its own dated address
                title = f"{index}: {one.period.label} (mới nhất)"
                routes.append(Route(one.url, "ranking.html", title, boards=(one.latest,), sources=rankings.sources(one.latest)))
            for key in one.boards:
                snapshot = rankings.snapshots[key]
                shown = f"{index}: {one.period.label}" + (f", số liệu ngày {vi.format_date(snapshot.date)}" if snapshot.date else "")
                routes.append(Route(rankings.url(key), "ranking.html", shown, boards=(key,), sources=rankings.sources(key)))
                if snapshot.date:
                    routes += _ranking_data(slug, one.period.slug, snapshot.date_slug, (key,), rankings.sources(key))
            routes += _ranking_data(slug, one.period.slug, "", one.boards, _board_files(rankings, one.boards))
    return routes


def _board_files(rankings, keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(file for key in keys for file in (rankings.snapshots[key].pages or (key,)))


def _ranking_data(index: str, period: str, day: str, boards: tuple[str, ...], sources: tuple[str, ...]) -> list[Route]:
    return [
        Route(
            addresses.ranking_data_url(index, period, day, extension),
            f"@ranking.{extension}",
            boards=boards,
            sources=sources,
            in_sitemap=False,
        )
        for extension in FORMATS
    ]


def _item_route(site: Site, kind: str, key: str, trail: _TrailSources) -> Route:
    """An item's page; made with the lists above it among its sources (4,000 routes need not be made twice)."""
    page = site.pages[key]
    sources: tuple[str, ...] = (key,)
    if kind == Kind.PROCEDURE:
        sources += site.units.of(key)  # "Nộp hồ sơ ở đâu" shows their addresses and hours
        sources += tuple(site.documents_by_number[b.number] for b in page.data.legal_basis if b.number in site.documents_by_number)
        replacement = site.replacement_for(page) if page.data.abolished else None
        if replacement:
            sources += (replacement.source,)
    if kind == Kind.INDEX:
        sources = site.series.get((page.data.index, page.data.unit), sources)
    if kind == "unit":
        sources += site.unit_sources(page)
    template = CONTACT_TEMPLATE if kind == "page" and page.url == addresses.CONTACT else ITEM_TEMPLATES[kind]
    return Route(page.url, template, page.title, page=key, sources=trail.with_above(page.url, sources))
