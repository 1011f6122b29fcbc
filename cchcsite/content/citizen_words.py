"""The words citizens search with: the list cchcsite ships (citizen-words.yaml, beside this file)
and the site's own (`citizen_words:` in config.yaml).

A procedure whose name, result or keywords hold one of an entry's `means` phrases gets the
entry's `words` as search keywords ("Đăng ký khai tử" gets "giấy chứng tử", "chứng tử"): the
search index and the search page's list of procedure names carry them, so a query in the words
people use finds the procedure. Phrases match by folded syllables ("khai tu" is "khai tử").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import vi
from ..config import Config

BUILT_IN = Path(__file__).with_name("citizen-words.yaml")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
Phrase = tuple[str, ...]  # folded syllables
Entry = tuple[tuple[Phrase, ...], tuple[str, ...]]  # (the `means` phrases, the `words`)


def syllables(text: str) -> Phrase:
    """`Đăng ký khai tử (cấp xã)` → ("dang", "ky", "khai", "tu", "cap", "xa"): how phrases are compared."""
    return tuple(word for word in _NOT_WORD.split(vi.without_marks(text).lower()) if word)


def holds(words: Phrase, phrase: Phrase) -> bool:
    """Whether `phrase` stands in `words` as consecutive syllables."""
    width = len(phrase)
    return bool(width) and any(words[start : start + width] == phrase for start in range(len(words) - width + 1))


@dataclass(frozen=True)
class Vocabulary:
    entries: tuple[Entry, ...]
    filler: tuple[str, ...]  # words that name no procedure ("xin", "thủ tục"), for the search page

    def keywords_for(self, texts: list[str]) -> tuple[str, ...]:
        """The citizens' words for a procedure named, resulting in or tagged with `texts`."""
        held = [syllables(text) for text in texts if text]
        found: list[str] = []
        for means, words in self.entries:
            if any(holds(text, phrase) for text in held for phrase in means):
                found.extend(words)
        return tuple(dict.fromkeys(found))


@functools.lru_cache(maxsize=1)
def _built_in() -> tuple[tuple[Entry, ...], tuple[str, ...]]:
    data = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    entries = tuple(_entry(item["words"], item["means"]) for item in data["words"])
    return entries, tuple(data["filler"])


def _listed(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _entry(words, means) -> Entry:
    return tuple(syllables(phrase) for phrase in _listed(means)), tuple(_listed(words))


def vocabulary(config: Config) -> Vocabulary:
    entries, filler = _built_in()
    own = tuple(_entry(item.words, item.means) for item in config.citizen_words)
    return Vocabulary(entries + own, filler)
