"""Every address rule of the site in one place: where each kind of page lives.

The model, the routes and the checks ask here; templates link through the same
constants (`FOR_TEMPLATES`, the `addresses` of every template), so a section
that moves here moves every link to it. (How one page links to another —
relative links that work under any sub-path — is `cchcsite/urls.py`.)
"""

from __future__ import annotations

from .. import vi
from .kinds import KINDS, Kind

HOME = "/"
NEWS = KINDS[Kind.NEWS].url_prefix  # /tin-tuc/
DOCUMENTS = KINDS[Kind.DOCUMENT].url_prefix  # /van-ban/
PROCEDURES = KINDS[Kind.PROCEDURE].url_prefix  # /thu-tuc/
INDEXES = KINDS[Kind.INDEX].url_prefix  # /chi-so/
STATISTICS = KINDS[Kind.STATS].url_prefix  # /thong-ke/
UNITS = KINDS[Kind.UNIT].url_prefix  # /don-vi/
TAGS = "/chu-de/"
PILLARS = "/tru-cot/"
PROCEDURE_FIELDS = f"{PROCEDURES}linh-vuc/"  # one page per lĩnh vực
RANKINGS = f"{INDEXES}xep-hang/"  # ranking tables of many units: /chi-so/xep-hang/<index>/<period>/[<date>/]
SEARCH = "/tim-kiem/"
PROCEDURE_NAMES = f"{SEARCH}thu-tuc.json"  # the search page's quick list of procedure names (render/procedure_names.py)
OPEN_DATA = "/du-lieu/"
ADMIN = "/admin/"
NOT_FOUND = "/404.html"
FEED = "/feed.xml"
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
CONTACT = "/lien-he/"  # a plain page (content/lien-he.md): procedure pages link to it when the site has one

# `{{ addresses.procedures|url }}`: the addresses a template links to, by name (no template spells one).
FOR_TEMPLATES = {
    "home": HOME, "news": NEWS, "documents": DOCUMENTS, "procedures": PROCEDURES, "indexes": INDEXES,
    "statistics": STATISTICS, "units": UNITS, "rankings": RANKINGS, "tags": TAGS, "pillars": PILLARS, "search": SEARCH, "open_data": OPEN_DATA,
    "feed": FEED, "sitemap": SITEMAP, "contact": CONTACT, "procedure_names": PROCEDURE_NAMES,
}  # fmt: skip


def page_url(kind: str, folder: str, slug: str) -> str:
    """A content page: `/tin-tuc/<slug>/`; a plain page keeps its folders: `/gioi-thieu/<slug>/`."""
    if kind == Kind.PAGE:
        return list_url(kind, folder) + slug + "/"
    return KINDS[kind].url_prefix + slug + "/"


def list_url(kind: str, folder: str) -> str:
    """The list a section's `_index.md` introduces."""
    if kind == Kind.PAGE:
        parts = [vi.slugify(part) for part in folder.split("/") if part]
        return "/" + "".join(p + "/" for p in parts)
    return KINDS[kind].url_prefix


def alias_url(alias: str) -> str:
    """An old address kept working: `/tin-cu` means the folder `/tin-cu/`; `/a.html` stays a file."""
    return alias if alias.endswith("/") or "." in alias.rsplit("/", 1)[-1] else alias + "/"


def filter_url(section: str, group: str, slug: str) -> str:
    """A pre-built filter page: `/thu-tuc/cap/xa/`, `/van-ban/nam/2024/`."""
    return f"{section}{group}/{slug}/"


def ranking_url(index_slug: str, period_slug: str = "", day: str = "") -> str:
    """An index's rankings (`/chi-so/xep-hang/766/`), a period's latest (`…/nam-2026/`), an earlier date (`…/nam-2026/2026-09-24/`)."""
    return RANKINGS + "".join(f"{part}/" for part in (index_slug, period_slug, day) if part)


def ranking_data_url(index_slug: str, period_slug: str, day: str, extension: str) -> str:
    """Open data of one ranking: `/du-lieu/xep-hang/766-nam-2026-2026-10-10.csv`; without a day, every date of the period."""
    return f"{OPEN_DATA}xep-hang/{'-'.join(part for part in (index_slug, period_slug, day) if part)}.{extension}"
