"""The site's units by code and by name: which unit a procedure, a news item, an index result or a
766 row is about.

Records name units as people write them: "Sở Tư pháp tỉnh Hưng Yên" for the unit file "Sở Tư
pháp", "UBND Xã Chơ Long - Gia Lai" for "UBND xã Chơ Long", "Ủy ban nhân dân xã Vân Canh" for
"UBND xã Vân Canh". Names are compared by a key that folds marks and case, spells out UBND and
drops the province the name ends with; a key two units share names neither.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .. import vi

_SPELLED_OUT = {"ubnd": ("uy", "ban", "nhan", "dan"), "hdnd": ("hoi", "dong", "nhan", "dan")}
_PLACE_SUFFIX = re.compile(r"\s+[-–]\s+(?P<place>[^-–]+)$")  # "UBND xã Kông Bơ La - Gia Lai"
_PROVINCE = "tinh"
_COMMUNE_WORDS = frozenset({"xa", "phuong", "dac"})  # "UBND xã", "UBND phường", "UBND Đặc khu"
_CAPITALISED_LEVEL = re.compile(r"\b(UBND|Ủy ban nhân dân|Uỷ ban nhân dân|cấp|Công an)\s+(Xã|Phường|Tỉnh|Huyện|Đặc khu|Thị trấn)\b")
_OFFICIAL_SPELLINGS = (("Công thương", "Công Thương"),)


def clean_name(name: str) -> str:
    """A unit's name as a site shows it: NFC, spaces tidied, the province suffix the portal adds
    (" - Gia Lai", " - tỉnh An Giang") dropped, "UBND Xã" → "UBND xã", "cấp Xã" → "cấp xã".
    Everything else is kept as the portal writes it (odd spellings such as "SRó" too)."""
    text = " ".join(unicodedata.normalize("NFC", str(name)).split())
    suffix = _PLACE_SUFFIX.search(text)
    if suffix and len(suffix["place"].split()) <= 4:
        text = text[: suffix.start()]
    text = _CAPITALISED_LEVEL.sub(lambda m: f"{m[1]} {m[2].lower()}", text)
    for wrong, right in _OFFICIAL_SPELLINGS:
        text = text.replace(wrong, right)
    return text


def name_key(name: str) -> str:
    """`UBND Xã Chơ Long - Gia Lai` → `uy ban nhan dan xa cho long`."""
    words: list[str] = []
    for word in re.sub(r"[^a-z0-9]+", " ", vi.without_marks(clean_name(name)).lower()).split():
        words.extend(_SPELLED_OUT.get(word, (word,)))
    return " ".join(words)


def name_keys(name: str) -> tuple[str, ...]:
    """The key and, for a name that ends with its province ("Sở Tư pháp tỉnh Hưng Yên", "Công an
    tỉnh Gia Lai"), the key without the province name and without "tỉnh" and it."""
    key = name_key(name)
    words = key.split()
    if _PROVINCE not in words[1:-1]:
        return (key,) if key else ()
    at = len(words) - 1 - words[::-1].index(_PROVINCE)
    found = [key, " ".join(words[: at + 1])]
    if at >= 2:
        found.append(" ".join(words[:at]))
    return tuple(dict.fromkeys(found))


def is_commune_committee(name: str) -> bool:
    """ "Ủy ban nhân dân xã", "UBND cấp xã nơi cư trú…", "UBND phường Hoài Nhơn Bắc": the commune's
    people's committee (whose one-stop desk receives the papers), not its police."""
    words = name_key(name).split()
    if words[:4] != ["uy", "ban", "nhan", "dan"]:
        return False
    rest = words[4:]
    return bool(rest) and (rest[0] in _COMMUNE_WORDS or rest[:2] == ["cap", "xa"])


def split_names(text: str) -> list[str]:
    """`Sở Tư pháp; Công an tỉnh` → both (the importer joins several bodies with "; ")."""
    return [part.strip() for part in re.split(r"\s*;\s*|\n", text) if part.strip()]


@dataclass(frozen=True)
class UnitDirectory:
    """Unit source files by national code and by name key; an ambiguous key is left out."""

    by_code: dict[str, str]
    by_name: dict[str, str]

    def find(self, name_or_code: str) -> str | None:
        """The unit a code (`H21.17`) or a name stands for, or None."""
        text = name_or_code.strip()
        if text in self.by_code:
            return self.by_code[text]
        for key in name_keys(text):
            if key in self.by_name:
                return self.by_name[key]
        return None

    def find_all(self, names: Iterable[str]) -> tuple[str, ...]:
        found = (self.find(name) for text in names for name in split_names(text))
        return tuple(dict.fromkeys(source for source in found if source))


def unit_directory(units: Iterable[tuple[str, str, str, Iterable[str]]]) -> UnitDirectory:
    """From (source, code, name, old names) of every unit. Current names win over old ones."""
    by_code: dict[str, str] = {}
    owners: dict[str, set[str]] = {}
    old_owners: dict[str, set[str]] = {}
    for source, code, name, old_names in units:
        if code:
            by_code.setdefault(code, source)
        for key in name_keys(name):
            owners.setdefault(key, set()).add(source)
        for old in old_names:
            for key in name_keys(old):
                old_owners.setdefault(key, set()).add(source)
    by_name = {key: next(iter(found)) for key, found in old_owners.items() if len(found) == 1 and key not in owners}
    by_name.update({key: next(iter(found)) for key, found in owners.items() if len(found) == 1})
    return UnitDirectory(by_code, by_name)


@dataclass(frozen=True)
class UnitLinks:
    """Which units each procedure, news item and index result names, and the other way round."""

    directory: UnitDirectory
    named: dict[str, tuple[str, ...]]  # page source → the unit sources it names
    naming: dict[str, tuple[str, ...]]  # unit source → the page sources naming it, in site order

    def of(self, source: str) -> tuple[str, ...]:
        return self.named.get(source, ())

    def pages_naming(self, unit: str) -> tuple[str, ...]:
        return self.naming.get(unit, ())


def link_units(directory: UnitDirectory, names: Iterable[tuple[str, Iterable[str]]]) -> UnitLinks:
    """`names`: (page source, the names or codes it gives its units), pages in site order."""
    named: dict[str, tuple[str, ...]] = {}
    naming: dict[str, list[str]] = {}
    for source, given in names:
        found = directory.find_all(given)
        if found:
            named[source] = found
            for unit in found:
                naming.setdefault(unit, []).append(source)
    return UnitLinks(directory, named, {unit: tuple(pages) for unit, pages in naming.items()})
