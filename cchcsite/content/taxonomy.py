"""The small records the site model is made of: taxonomy terms, pagers, filters.

Below both the model (`site.py`) and the routes (`routes.py`), so neither needs
the other to describe its values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import vi
from .addresses import DOCUMENTS, PROCEDURES, UNITS, filter_url
from .kinds import OnlineLevel
from .page import Page


@dataclass(frozen=True)
class Term:
    """A tag, pillar or lĩnh vực, with the pages filed under it (sorted)."""

    slug: str
    label: str
    url: str
    pages: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.pages)

    def heading(self) -> TermHeading:
        return TermHeading(self.slug, self.label, self.url, len(self.pages))


@dataclass(frozen=True)
class TermHeading:
    """What a term's own page shows of it. Routes carry this, not the whole Term: a tag with
    thousands of pages spread over hundreds of list pages must not make each route that big."""

    slug: str
    label: str
    url: str
    count: int


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    first_url: str

    def url(self, number: int) -> str:
        return self.first_url if number == 1 else f"{self.first_url}trang/{number}/"

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to offer: the first, the last and a few around this one; None marks a gap."""
        shown = sorted({1, self.total, *range(max(1, self.number - around), min(self.total, self.number + around) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.total else None


@dataclass(frozen=True)
class Filter:
    """A pre-built filter page (no JavaScript): all procedures of one cấp, all documents of one year, ..."""

    group: str  # `cap`, `muc-do`, `loai`, `co-quan`, `nam`, `tinh-trang`
    group_label: str  # "Cấp thực hiện"
    slug: str
    label: str  # "Cấp xã"
    url: str  # `/thu-tuc/cap/xa/`
    title: str  # the page's h1
    keys: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.keys)

    def heading(self) -> TermHeading:
        return TermHeading(f"{self.group}/{self.slug}", self.label, self.url, len(self.keys))


PROCEDURE_FILTER_TITLES: dict[str, str] = {  # by OnlineLevel (a str)
    OnlineLevel.FULL: "Thủ tục có dịch vụ công trực tuyến toàn trình",
    OnlineLevel.PARTIAL: "Thủ tục có dịch vụ công trực tuyến một phần",
    OnlineLevel.NONE: "Thủ tục chưa có dịch vụ công trực tuyến",
}


def procedure_filters(pages: dict[str, Page], fields: dict[str, Term], current: tuple[str, ...]) -> list[Filter]:
    """The catalogue by lĩnh vực, cấp thực hiện and mức độ trực tuyến: only values some current procedure has."""
    found = []
    for term in fields.values():  # every lĩnh vực keeps its page, even when all its procedures were abolished
        keys = tuple(k for k in term.pages if not pages[k].data.abolished)
        found.append(Filter("linh-vuc", "Lĩnh vực", term.slug, term.label, term.url, f"Lĩnh vực {term.label}", keys))
    for slug, label in vi.PROCEDURE_LEVELS.items():
        keys = tuple(k for k in current if slug in pages[k].data.level)
        if keys:
            found.append(
                Filter(
                    "cap", "Cấp thực hiện", slug, label, filter_url(PROCEDURES, "cap", slug), f"Thủ tục hành chính {label.lower()}", keys
                )
            )
    for slug, label in vi.ONLINE_LEVELS.items():
        keys = tuple(k for k in current if pages[k].data.online == slug)
        if keys:
            found.append(
                Filter(
                    "muc-do",
                    "Dịch vụ công trực tuyến",
                    slug,
                    label,
                    filter_url(PROCEDURES, "muc-do", slug),
                    PROCEDURE_FILTER_TITLES[slug],
                    keys,
                )
            )
    return found


def document_filters(pages: dict[str, Page], documents: tuple[str, ...], today: date) -> list[Filter]:
    """Documents by type, issuer, year of issue and status on the build date (newest first within each)."""
    found: list[Filter] = []

    def group(key: str, group_label: str, prefix: str, value_of, title_of, order=None) -> None:
        grouped: dict[str, list[str]] = {}
        labels: dict[str, str] = {}
        for doc in documents:
            value = value_of(pages[doc])
            if not value:
                continue
            slug = vi.slugify(value)
            if not slug:
                continue
            labels.setdefault(slug, value)
            grouped.setdefault(slug, []).append(doc)
        slugs = order(grouped) if order else sorted(grouped, key=lambda s: (vi.without_marks(labels[s]).lower(), s))
        for slug in slugs:
            found.append(
                Filter(
                    key, group_label, slug, labels[slug], filter_url(DOCUMENTS, prefix, slug), title_of(labels[slug]), tuple(grouped[slug])
                )
            )

    group("loai", "Loại văn bản", "loai", lambda p: p.data.doc_type, lambda label: label)
    group("co-quan", "Cơ quan ban hành", "co-quan", lambda p: p.data.issuer, lambda label: f"Văn bản của {label}")
    group(
        "nam",
        "Năm ban hành",
        "nam",
        lambda p: str(p.date.year) if p.date else "",
        lambda label: f"Văn bản ban hành năm {label}",
        order=lambda g: sorted(g, reverse=True),
    )
    statuses = list(vi.DOCUMENT_STATUS)
    group(
        "tinh-trang",
        "Tình trạng hiệu lực",
        "tinh-trang",
        lambda p: vi.DOCUMENT_STATUS[p.data.status_on(today)],
        lambda label: f"Văn bản {label.lower()}",
        order=lambda g: sorted(g, key=statuses.index),
    )
    return found


_UNIT_PREFIX = ("uy ban nhan dan ", "ubnd ")
_PLACE_WORDS = ("xa ", "phuong ", "dac khu ", "thi tran ")


def unit_order(page: Page) -> tuple:
    """Units as citizens look for them: by the place or body name ("Chơ Long" in "UBND xã Chơ
    Long"), marks folded, so every xã and phường is in one alphabetical run."""
    name = vi.without_marks(page.title).lower()
    for prefix in _UNIT_PREFIX:
        if name.startswith(prefix):
            name = name[len(prefix) :]
            name = next((name[len(word) :] for word in _PLACE_WORDS if name.startswith(word)), name)
            break
    return (name, page.title, page.source)


def unit_filters(pages: dict[str, Page], units: tuple[str, ...]) -> list[Filter]:
    """The unit list by kind of unit (Sở, xã/phường, …): one page each, no JavaScript needed."""
    found = []
    ordered = sorted(units, key=lambda key: unit_order(pages[key]))
    for slug, label in vi.UNIT_TYPES.items():
        keys = tuple(k for k in ordered if pages[k].data.unit_type == slug)
        if keys:
            found.append(Filter("loai", "Loại đơn vị", slug, label, filter_url(UNITS, "loai", slug), label, keys))
    return found
