"""`cchcsite new`: a new content file with every field of its kind, explained in Vietnamese.

Everything here is derived from the field declarations in `content/kinds.py`
(`FieldSpec`: type, required, label, hint), the same ones that validate the
content and generate the CMS config, so a field added there appears here too.
Required fields get a placeholder that passes validation (the new file
builds at once); optional ones are written commented out, ready to enable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import vi
from .content.kinds import DEFAULT_SECTIONS, KINDS, Common
from .content.load import CONTENT_DIR
from .schema import FieldType, Integer, ListOf, ModelField, Record, Text, record_fields, with_defaults

# Fields every kind has that lead the form; the rest of `Common` follows the kind's own fields.
LEADING = ("title", "date")
# `kind` is decided by the folder; `new` still lists it (commented out), the CMS leaves it out.
STRUCTURAL = ("kind",)
# A site theme's own data (`extra:`): for the theme's author, not in any officer's form (README, "Giao diện").
THEME_ONLY = ("extra",)
PAGE_FOLDER = "trang"  # accepted on the command line for plain pages, which live in content/ itself


def model_fields(kind: str, include_structural: bool = True) -> list[ModelField]:
    """The fields of `kind` in form order: title, date, the kind's own, then the common rest."""
    info = KINDS[kind]
    common = with_defaults(Common)
    own = with_defaults(info.fields)
    ordered = [common[n] for n in LEADING] + list(own.values()) + [f for n, f in common.items() if n not in LEADING]
    result = []
    for name, spec, default in ordered:
        if name in THEME_ONLY or (name in STRUCTURAL and not include_structural):
            continue
        required = spec.required or (name == "date" and info.date_required)
        result.append(ModelField(name, spec, required, default))
    return result


# --- kinds and folders ------------------------------------------------------


def sections(config_sections: dict[str, str] | None) -> dict[str, str]:
    """folder → kind, the site's overrides first (they are the folders the site really uses)."""
    merged = dict(config_sections or {})
    for folder, kind in DEFAULT_SECTIONS.items():
        merged.setdefault(folder, kind)
    return merged


def folder_of(kind: str, config_sections: dict[str, str] | None = None) -> str:
    """The folder below content/ where new items of `kind` go (`` for plain pages)."""
    if kind == "page":
        return ""
    for folder, folder_kind in sections(config_sections).items():
        if folder_kind == kind:
            return folder
    return KINDS[kind].url_prefix.strip("/")


def resolve_kind(name: str, config_sections: dict[str, str] | None = None) -> str | None:
    """`news`, `tin-tuc` (or a folder renamed in config.yaml), `trang` → the kind; else None."""
    key = vi.slugify(name)
    if key in KINDS:
        return key
    if key == PAGE_FOLDER:
        return "page"
    return sections(config_sections).get(key)


def kind_choices(config_sections: dict[str, str] | None = None) -> str:
    folders = {kind: folder for folder, kind in reversed(list(sections(config_sections).items()))}
    folders["page"] = PAGE_FOLDER
    return ", ".join(f"`{folders[k]}` ({vi.KIND_LABELS[k].lower()})" for k in KINDS)


# --- the scaffold -----------------------------------------------------------


def scaffold(kind: str, title: str, today: date, taken_codes: set[str] = frozenset()) -> str:
    """The text of a new content file: front matter with every field, commented, and an empty body."""
    label = vi.KIND_LABELS[kind]
    lines = [
        "---",
        f"# {label} mới. Các dòng bắt đầu bằng # là ghi chú: không hiện trên trang, có thể xóa.",
        "# Trường bắt buộc đã có giá trị mẫu: hãy sửa lại. Trường không bắt buộc đang tắt: xóa dấu # ở đầu dòng để dùng.",
        *DRAFT_LINES,
    ]
    context = _Context(kind=kind, title=title, today=today, taken_codes=set(taken_codes))
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
    if field.name == "online" and ctx.kind == "procedure":  # consistent with the sample channel (trực tiếp only)
        return "khong"
    if field.name == "year" and isinstance(field.spec.type, Integer):  # "PAR INDEX 2026" → 2026, not a sample year
        named = re.search(r"\b(19|20)\d\d\b", ctx.title)
        return int(named.group(0)) if named else ctx.today.year
    return field.spec.type.sample(ctx.today, field.default, required_only=True)


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
