""" "Nộp hồ sơ ở đâu": where a citizen hands in the papers of one procedure, decided here and only here.

In this order: the procedure's own receiving address (the national record's
`dossierReceivingAddresses`); the site's units that carry it out (their addresses and hours);
the site's own counter, when the site's agency is the body that receives the papers; for a
xã-level procedure of the commune's people's committee, the one-stop desk of the citizen's
commune, with a link to the unit list; otherwise the executing body the record names, with
advice to ask it. A province site publishes procedures of many bodies: the site's own address
is never the answer for another body's procedure.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import vi
from ..config import Contact
from ..schema import RichText
from . import addresses
from .units import clean_name, is_commune_committee, name_keys, split_names

if TYPE_CHECKING:
    from .page import Page
    from .site import Site

SUMMARY_LENGTH = 110  # characters: about two lines of a 360 px phone
COMMUNE_DESK = "Bộ phận Một cửa của UBND xã, phường nơi cư trú"
_TAGS = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|tr)>|<br\s*/?>", re.I)


@dataclass(frozen=True)
class Receiving:
    """What the "Nộp hồ sơ ở đâu" block shows, and its one-line `summary` for the first screen.

    `rule` says which rule decided (`address`, `units`, `site`, `commune`, `agency`, `none`);
    the block shows the procedure's own `address`, else the `units` (their address, hours,
    phone), else the site's `contact`, else `body` (the executing body) with `advice`, and
    links `unit_list` when the citizen's own commune is the answer."""

    rule: str
    summary: str
    address: RichText | None = None
    units: tuple[Page, ...] = ()
    contact: Contact | None = None
    body: str = ""
    advice: str = ""
    unit_list: str = ""

    @property
    def shown(self) -> bool:
        return self.rule != "none"


def where_to_submit(site: Site, page: Page) -> Receiving:
    procedure = page.data
    if procedure.receiving_address:
        return Receiving("address", first_line(procedure.receiving_address), address=procedure.receiving_address)
    units = tuple(site.units_of(page))
    if units:
        return Receiving("units", _units_summary(units), units=units)
    bodies = [clean_name(name) for name in split_names(procedure.agency)]
    contact = site.config.contact
    if _is_site_agency(site, bodies, procedure.level) and (contact.address or contact.hours):
        where = ", ".join(part for part in (site.config.organization, contact.address) if part)
        return Receiving("site", _clip(where), contact=contact)
    if "xa" in procedure.level and (not bodies or any(is_commune_committee(body) for body in bodies)):
        unit_list = addresses.UNITS if site.by_kind.get("unit") else ""
        return Receiving("commune", COMMUNE_DESK, unit_list=unit_list)
    if bodies:
        body = "; ".join(bodies)
        advice = f"Hãy liên hệ {body} để biết địa chỉ và giờ tiếp nhận hồ sơ trước khi đến nộp."
        return Receiving("agency", _clip(f"{body} (liên hệ cơ quan này để biết nơi nộp)"), body=body, advice=advice)
    return Receiving("none", "")


def _is_site_agency(site: Site, bodies: list[str], levels: tuple[str, ...]) -> bool:
    """The body named is the site's own agency; or the site is a commune's and the procedure is
    the commune committee's ("Ủy ban nhân dân cấp xã" on the site of UBND xã Chơ Long)."""
    own = set(name_keys(site.config.organization))
    if any(own & set(name_keys(body)) for body in bodies):
        return True
    return "xa" in levels and is_commune_committee(site.config.organization) and any(is_commune_committee(b) for b in bodies)


def _units_summary(units: tuple[Page, ...]) -> str:
    first = units[0]
    where = ", ".join(part for part in (first.title, first.data.address) if part)
    more = f" và {len(units) - 1} đơn vị khác" if len(units) > 1 else ""
    return _clip(where) + more


def first_line(text: RichText) -> str:
    """The first line of a Markdown text as plain words, clipped: an address typed over several
    lines ("Trung tâm Phục vụ hành chính công tỉnh,\\nsố 10 đường …") keeps its first line whole."""
    lines = html.unescape(_TAGS.sub("", _BLOCK_END.sub("\n", text.html))).split("\n")
    first = next((" ".join(line.split()) for line in lines if line.strip()), "")
    return _clip(first)


def _clip(text: str) -> str:
    return vi.clip(text, SUMMARY_LENGTH)
