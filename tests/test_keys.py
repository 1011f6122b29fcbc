"""Strict keys: what an officer meant by a key the contract does not have."""

from __future__ import annotations

import pytest

from cchcsite.config import Config
from cchcsite.content.kinds import KINDS, Common, Intro
from cchcsite.keys import VIETNAMESE, suggest
from cchcsite.schema import ListOf, Record, field_specs


def declared_keys() -> set[str]:
    """Every key of config.yaml and front matter, at every depth."""
    found: set[str] = set()
    pending = [Config, Common, Intro, *(info.fields for info in KINDS.values())]
    while pending:
        cls = pending.pop()
        for name, spec in field_specs(cls).items():
            found.add(name)
            ftype = spec.type.item if isinstance(spec.type, ListOf) else spec.type
            if isinstance(ftype, Record):
                pending.append(ftype.cls)
    return found


def test_every_suggested_key_is_declared_somewhere():
    declared = declared_keys()
    wrong = {word: targets for word, targets in VIETNAMESE.items() if not set(targets) <= declared}
    assert not wrong, f"the table suggests keys nobody declares: {wrong}"
    assert not set(VIETNAMESE) & declared, "a Vietnamese spelling that is itself a key would never be suggested"


@pytest.mark.parametrize(
    ("written", "known", "meant"),
    [
        ("Zalo", {"zalo", "email", "hotline"}, "zalo"),
        ("primary_colour", {"primary_color", "logo"}, "primary_color"),
        ("Primary-Color", {"primary_color", "logo"}, "primary_color"),
        ("colour", {"primary_color", "logo"}, "primary_color"),
        ("phí", {"mode", "duration", "fee", "note"}, "fee"),
        ("thời_hạn", {"mode", "duration", "fee", "note"}, "duration"),
        ("ảnh", {"title", "image", "image_alt"}, "image"),
        ("publishDate", {"publish_date", "date"}, "publish_date"),
        ("tên", {"name", "original", "copy"}, "name"),  # a paper's name
        ("tên", {"title", "url"}, "title"),  # a menu item's title
        ("licence", {"license", "license_name"}, "license"),
        ("per_pgae", {"per_page", "title"}, "per_page"),
    ],
)
def test_suggestion(written, known, meant):
    assert suggest(written, known) == meant


def test_no_suggestion_for_a_key_unlike_any():
    assert suggest("icon", {"title", "url"}) is None
