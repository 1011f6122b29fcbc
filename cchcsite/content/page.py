"""Typed records that leave the validate stage: plain, frozen, picklable."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from ..markdown import Link
from ..schema import Address, addresses
from .kinds import Common


@dataclass(frozen=True)
class Page:
    source: str  # `content/tin-tuc/abc.md`
    kind: str
    slug: str
    url: str  # `/tin-tuc/abc/`
    meta: Common
    data: Any  # the kind's record: News, Document, Procedure, IndexResult, Stats, Plain
    body_html: str
    summary: str
    links: tuple[Link, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key → line, for later checks

    def differs_only_in_body(self, other: Page) -> bool:
        """`other` is this page with another body (its text, summary or links): the model and the
        routes read none of these (tests/test_cache.py holds them to it), so a rebuild may keep them."""
        return replace(self, body_html=other.body_html, summary=other.summary, links=other.links) == other

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> datetime | None:
        return self.meta.date

    @property
    def updated(self) -> datetime | None:
        return self.meta.updated

    # Derived values every build asks of every page are cached on the record: a validated page is
    # kept (build cache) and reused by every later build until its file changes.
    @cached_property
    def last_updated(self) -> datetime | None:
        """ "Cập nhật lần cuối": the latest of `updated` and the change notes' dates."""
        stamps = [c.date for c in self.meta.changes]
        if self.meta.updated:
            stamps.append(self.meta.updated)
        return max(stamps, default=None)

    @property
    def changes_newest_first(self) -> tuple:
        return tuple(sorted(self.meta.changes, key=lambda c: c.date, reverse=True))

    @property
    def extra(self) -> dict[str, Any]:
        """Front matter's `extra:` mapping, for a site's own theme: the only keys nobody checks."""
        return self.meta.extra

    @property
    def tags(self) -> tuple[str, ...]:
        return self.meta.tags

    @cached_property
    def addresses(self) -> tuple[Address, ...]:
        """The web addresses and site paths its fields give (image, attachments, forms, online link)."""
        return (*addresses(self.meta), *addresses(self.data))

    @cached_property
    def sort_key(self) -> tuple:
        """Newest first, then weight, then title: stable whatever the file order."""
        stamp = -self.date.timestamp() if self.date else 0.0
        return (self.meta.weight if self.meta.weight is not None else 0, stamp, self.title, self.source)


@dataclass(frozen=True)
class SectionIntro:
    """`_index.md`: the title and intro of a list page."""

    source: str
    folder: str
    title: str
    body_html: str
    summary: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Refused:
    """A page its errors keep out of the build. Its links and the paths its fields give are still
    checked with every other page's, so all the problems of its file are told in one build, not
    one round after another (`lines`: front-matter key → line, as `Page.lines`)."""

    source: str
    links: tuple[Link, ...]
    addresses: tuple[Address, ...]
    lines: dict[str, int] = field(default_factory=dict)


def line_of(holder: Page | Refused, address: Address) -> int:
    """The line of a field's address in its file: its own, else its top-level key's."""
    return holder.lines.get(address.path, holder.lines.get(address.top, 1))


@dataclass(frozen=True)
class LeftOut:
    """A page not built this time, and why: the build summary names each one."""

    source: str
    reason: str
    until: datetime | None = None  # when the reason stops holding (a publish time): the page is validated again then
