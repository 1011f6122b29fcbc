"""The content files an import writes, and how `--update` refreshes one without touching what the
officer wrote: YAML an officer can read, officer-owned fields and the body kept, a file whose
meaning did not change left byte-identical. Any source that writes content files uses these."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import Problem, Severity
from ..sourcetext import decode

if TYPE_CHECKING:  # the same interface either way
    _FastDumper = yaml.SafeDumper
    _FAST_LOADER = yaml.SafeLoader
else:  # libyaml when PyYAML has it: ten times faster
    _FastDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    _FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_FastDumper):
    """Multi-line text as a `|` block, so an officer reads steps and addresses as written."""


def _represent_str(dumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text and not any(line != line.rstrip() for line in text.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def render_front(front: dict[str, Any]) -> str:
    """YAML written by a safe dumper: `1.001193` stays a string, Vietnamese stays readable."""
    return yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100000)


def render_file(front: dict[str, Any], body: str) -> str:
    return f"---\n{render_front(front)}---\n" + (f"\n{body}\n" if body else "")


def write_file(target: Path, text: str, replace: bool) -> None:
    """Write a content file; a new one never replaces a file that appeared meanwhile."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w" if replace else "x", encoding="utf-8", newline="\n") as out:
        out.write(text)


@dataclass(frozen=True)
class Existing:
    """A content file as it is: its front matter (None when unreadable) and everything after the closing `---`, as written."""

    front: dict[str, Any] | None
    rest: str


def read_existing(target: Path) -> Existing:
    text, problem = decode(target.read_bytes(), target.name)
    lines = [] if problem else text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return Existing({}, "")
    try:
        front = yaml.load("\n".join(lines[1:end]), Loader=_FAST_LOADER) or {}
    except yaml.YAMLError:
        front = None
    return Existing(front if isinstance(front, dict) else None, "\n".join(lines[end + 1 :]))


def merge(old: dict[str, Any], new: dict[str, Any], owned: Collection[str], officer_fields: Collection[str]) -> dict[str, Any]:
    """The officer's file with the source's fields refreshed: order kept, officer-written fields untouched."""
    merged: dict[str, Any] = {}
    for key, value in old.items():
        if key in owned and key not in officer_fields:
            if key in new:
                merged[key] = new[key]
        else:
            merged[key] = value
    for key, value in new.items():
        if key not in merged and key not in old:
            merged[key] = value
    return merged


def meaning(front: dict[str, Any]) -> Any:
    """What a front matter means once written and read back (dates, quoting): how `--update` compares."""
    return yaml.load(render_front(front), Loader=_FAST_LOADER) if front else {}


@dataclass
class Change:
    code: str
    path: Path
    words: list[str]  # "phí, lệ phí thay đổi", "thêm 1 giấy tờ"


@dataclass
class ImportResult:
    """What one import did, file by file; `summary` says it in the words every source prints."""

    written: list[Path] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # --update, nothing new: file left byte-identical
    skipped: list[tuple[str, int, str, Path]] = field(default_factory=list)  # (file, row, "dòng 2", path) there already, no --update
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed_rows(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def summary(self, what: str) -> str:
        """`Nhập thủ tục: tạo mới 2 · cập nhật 1 · không đổi 3 · không nhập được 0.` Files left as they
        were are "không đổi" whether `--update` found nothing new or was not given (then the hint says so)."""
        kept = len(self.unchanged) + len(self.skipped)
        left = f"không đổi {kept}" + (" (đã có; thêm --update để cập nhật)" if self.skipped else "")
        parts = (f"tạo mới {len(self.written)}", f"cập nhật {len(self.updated)}", left, f"không nhập được {len(self.failed_rows)}")
        return f"{what}: " + " · ".join(parts) + ("." if self.failed_rows else ". Chạy `cchcsite check` để kiểm tra.")
