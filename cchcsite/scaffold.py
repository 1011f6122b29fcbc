"""`cchcsite new`: a new content file with every field of its kind, explained in Vietnamese.

Everything here is derived from the field declarations in `content/kinds.py`
(`FieldSpec`: type, required, label, hint), the same ones that validate the
content and generate the CMS config, so a field added there appears here too.
Required fields get a placeholder that passes validation (the new file
builds at once); optional ones are written commented out, ready to enable.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import vi
from .content.kinds import KNOWN_INDEXES, Kind, OnlineLevel, model_fields
from .content.load import CONTENT_DIR
from .content.sections import folder_of
from .schema import FieldType, Integer, ListOf, ModelField, Record, Text, record_fields

# --- the scaffold -----------------------------------------------------------


def scaffold(
    kind: str, title: str, today: date, taken_codes: Collection[str] = frozenset(), organization: str = "", index_names: Iterable[str] = ()
) -> str:
    """The text of a new content file: front matter with every field, commented, and an empty body.
    What the site knows fills what a sample would get wrong: `organization` (config.yaml's) is the
    unit an index result is for; `index_names` (the site's own results first) are matched in the title."""
    label = vi.KIND_LABELS[kind]
    lines = [
        "---",
        f"# {label} mới. Các dòng bắt đầu bằng # là ghi chú: không hiện trên trang, có thể xóa.",
        "# Trường bắt buộc đã có giá trị mẫu: hãy sửa lại. Trường không bắt buộc đang tắt: xóa dấu # ở đầu dòng để dùng.",
        *DRAFT_LINES,
    ]
    context = _Context(kind, title, today, set(taken_codes), organization, (*index_names, *KNOWN_INDEXES))
    for field in model_fields(kind):
        lines.extend(_field_lines(field, context))
    lines.append("# Nội dung bài (Markdown) viết bên dưới dòng --- cuối cùng.")
    lines.append("---")
    lines.append("")
    return "\n".join(lines)


@dataclass
class _Context:
    kind: str
    title: str
    today: date
    taken_codes: set[str]
    organization: str
    index_names: tuple[str, ...]


# A new file starts as a draft, so sample values left in it never publish (a sample PAR INDEX
# year once showed a second 2024 result and flipped the home page's trend).
DRAFT_LINES = (
    "# Bản nháp: trang CHƯA được đăng. Thay hết các giá trị mẫu bằng thông tin thật, rồi xóa dòng",
    "# `draft: true` dưới đây (hoặc sửa thành `draft: false`) để đăng. Xem trước bản nháp: cchcsite serve --drafts",
    "draft: true",
)


def _field_lines(field: ModelField, ctx: _Context) -> list[str]:
    """The comment line, then the field: filled in when required, commented out otherwise."""
    if field.name == "draft":  # written at the top, where the officer reads first
        return []
    lines = ["# " + comment(field)]
    if field.required or field.name == "date":  # every new item carries today's date
        return lines + _yaml_lines(field.name, field.spec.type, _placeholder(field, ctx), ctx, comments=True)
    value = ctx.kind if field.name == "kind" else _example_value(field, ctx)
    return lines + ["# " + line for line in _yaml_lines(field.name, field.spec.type, value, ctx, comments=False)]


def comment(field: ModelField) -> str:
    """`Số ký hiệu (bắt buộc): ... Ví dụ: 01/2024/QĐ-UBND`: what it is, an example, required or not."""
    spec, ftype = field.spec, field.spec.type
    text = f"{spec.label or field.name} ({'bắt buộc' if field.required else 'không bắt buộc'})"
    explain = spec.hint or ftype.explain()
    if explain:
        text += f": {explain}"
    example = ftype.example_text()
    if example and example not in text:
        text += f". Ví dụ: {example}"
    return text


def _placeholder(field: ModelField, ctx: _Context) -> Any:
    """A value that passes validation, for a required field (and for `date`: today)."""
    if field.name == "title":
        return ctx.title
    if field.name == "date":
        return ctx.today
    if field.name == "code" and isinstance(field.spec.type, Text) and field.spec.type.pattern is not None:
        return free_code(ctx.taken_codes)
    if field.name == "online" and ctx.kind == Kind.PROCEDURE:  # consistent with the sample channel (trực tiếp only)
        return OnlineLevel.NONE.value
    if field.name == "year" and isinstance(field.spec.type, Integer):  # "PAR INDEX 2026" → 2026, not a sample year
        named = _YEAR.search(ctx.title)
        return int(named.group(0)) if named else ctx.today.year
    if ctx.kind == Kind.INDEX and field.name == "index":  # "Chỉ số SIPAS năm 2025" → SIPAS, never the sample PAR INDEX
        return index_named_in(ctx.title, ctx.index_names)
    if ctx.kind == Kind.INDEX and field.name == "unit" and ctx.organization:
        return ctx.organization
    return field.spec.type.sample(ctx.today, field.default, required_only=True)


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", vi.without_marks(text).lower()).split())


def index_named_in(title: str, names: Iterable[str]) -> str:
    """The index a title names (`SIPAS` in "Kết quả Chỉ số SIPAS năm 2025", any case or accents),
    the longest name first; else the title without its year, for the officer to shorten."""
    words = f" {_words(title)} "
    for name in sorted(dict.fromkeys(names), key=len, reverse=True):
        if _words(name) and f" {_words(name)} " in words:
            return name
    return " ".join(_YEAR.sub(" ", title).replace(" năm ", " ").split()).removesuffix(" năm") or title


def _example_value(field: ModelField, ctx: _Context) -> Any:
    """What a commented-out optional field shows: its default, else an example."""
    if field.default not in (None, "", (), []) and not isinstance(field.default, bool):
        return field.default
    return field.spec.type.sample(ctx.today, None, required_only=False)


def free_code(taken: set[str]) -> str:
    """A national-form procedure code not used in the site, as a placeholder (`1.000001`...)."""
    number = 1
    while f"1.{number:06d}" in taken:
        number += 1
    return f"1.{number:06d}"


def _yaml_lines(name: str, ftype: FieldType, value: Any, ctx: _Context, comments: bool) -> list[str]:
    if isinstance(ftype, ListOf) and isinstance(value, list):
        lines = [f"{name}:"]
        for entry in value:
            if isinstance(ftype.item, Record):
                lines.extend(_record_lines(ftype.item.cls, entry, ctx, comments))
            else:
                lines.append(f"  - {scalar(entry)}")
        return lines
    return [f"{name}: {scalar(value)}".rstrip()]


def _record_lines(cls: type, entry: dict, ctx: _Context, comments: bool) -> list[str]:
    """One list item (`  - mode: ...`), each field with its comment when `comments`."""
    lines: list[str] = []
    dash = False
    for field in record_fields(cls):
        value = entry.get(field.name)
        if comments:
            lines.append("    # " + comment(field))
        if value is None:
            lines.append(f"    # {field.name}: {scalar(_example_value(field, ctx))}".rstrip())
            continue
        lines.append((("    " if dash else "  - ") + f"{field.name}: {scalar(value)}").rstrip())
        dash = True
    return lines


def scalar(value: Any) -> str:
    """One YAML scalar, quoted only when YAML needs it; dates plain (`2024-07-15`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    if value == "":
        return ""
    text = yaml.safe_dump(str(value), allow_unicode=True, width=10**9).rstrip("\n")
    text = text.removesuffix("\n...").rstrip("\n")
    if text.startswith("'") and not any(c in str(value) for c in "\"\\'"):
        text = '"' + str(value) + '"'  # the quotes the guide and the examples use
    return text


# --- writing ------------------------------------------------------------------


def new_file_path(site_dir: Path, kind: str, title: str, config_sections: dict[str, str] | None) -> Path:
    folder = folder_of(kind, config_sections)
    base = site_dir / CONTENT_DIR
    return (base / folder if folder else base) / f"{vi.slugify(title)}.md"
