"""Where a citizen hands in the papers of a procedure ("Nộp hồ sơ ở đâu"), decided in one place:
the first screen's one line and the page's block both ask `where_to_submit`.

Today's rule: the procedure's own receiving address (the national record's
`dossierReceivingAddresses`, or the officer's `receiving_address`), else the site's office
(`contact.address` and counter hours in config.yaml).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .. import vi
from ..schema import RichText
from .page import Page
from .site import Site

SUMMARY_LENGTH = 110  # characters: about two lines of a 360 px phone
_TAGS = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|tr)>|<br\s*/?>", re.I)


@dataclass(frozen=True)
class Receiving:
    """What the "Nộp hồ sơ ở đâu" block shows, and its one-line `summary` for the first screen
    ("" when the site knows no place: the line and the block are then left out)."""

    summary: str
    address: RichText | None = None  # the procedure's own receiving address
    office: str = ""  # else the site's office address
    hours: str = ""  # and its counter hours

    @property
    def known(self) -> bool:
        return bool(self.address or self.office or self.hours)


def where_to_submit(site: Site, page: Page) -> Receiving:
    own = page.data.receiving_address
    if own:
        return Receiving(summary=first_line(own), address=own)
    contact = site.config.contact
    return Receiving(summary=contact.address or contact.hours, office=contact.address, hours=contact.hours)


def first_line(text: RichText) -> str:
    """The first line of a Markdown text as plain words, clipped: an address typed over several
    lines ("Trung tâm Phục vụ hành chính công tỉnh,\\nsố 10 đường …") keeps its first line whole."""
    lines = html.unescape(_TAGS.sub("", _BLOCK_END.sub("\n", text.html))).split("\n")
    first = next((" ".join(line.split()) for line in lines if line.strip()), "")
    return vi.clip(first, SUMMARY_LENGTH)
