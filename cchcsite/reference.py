"""The officers' field reference (docs/truong-noi-dung.md), written from the field declarations.

The same `content/kinds.py` specs validate content, make `cchcsite new` scaffolds
and the CMS forms, so the reference cannot drift from what the tool accepts: a
test compares the committed file with this output. Regenerate with
`python -m cchcsite.reference` after changing a field.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import vi
from .content.kinds import model_fields
from .content.sections import folder_of
from .schema import ListOf, ModelField, Record, record_fields

REFERENCE = Path("docs") / "truong-noi-dung.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(field: ModelField) -> str:
    spec = field.spec
    explain = spec.hint or spec.type.explain()
    example = spec.type.example_text()
    return (
        "| "
        + " | ".join(
            (
                f"`{field.name}`",
                _cell(spec.label or field.name),
                "có" if field.required else "",
                _cell(explain),
                f"`{example}`" if example else "",
            )
        )
        + " |"
    )


def _table(fields: list[ModelField]) -> list[str]:
    return ["| trường | ý nghĩa | bắt buộc | cách viết | ví dụ |", "|---|---|---|---|---|", *(_row(f) for f in fields)]


def field_reference() -> str:
    lines = [
        "# Các trường của từng loại nội dung",
        "",
        "Tệp này được sinh tự động từ `cchcsite/content/kinds.py` (`python -m cchcsite.reference`): đúng những",
        "trường mà công cụ kiểm tra, lệnh `cchcsite new` điền sẵn và trang quản trị `/admin/` hiện ra. Đừng sửa",
        "tay. Mỗi tệp Markdown mở đầu bằng phần thông tin giữa hai dòng `---`, mỗi dòng `tên_trường: giá trị`.",
        "",
    ]
    for kind in vi.KIND_LABELS:
        folder = folder_of(kind)
        where = f"`content/{folder}/`" if folder else "`content/` (ngoài các thư mục trên)"
        fields = model_fields(kind, include_structural=False)
        lines += [f"## {vi.KIND_LABELS[kind]}", "", f"Thư mục: {where}.", "", *_table(fields), ""]
        for field in fields:
            ftype = field.spec.type
            if isinstance(ftype, ListOf) and isinstance(ftype.item, Record):
                lines += [f"### Mỗi mục của `{field.name}` ({field.spec.label})", "", *_table(record_fields(ftype.item.cls)), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> int:
    REFERENCE.parent.mkdir(exist_ok=True)
    REFERENCE.write_text(field_reference(), encoding="utf-8", newline="\n")
    print(REFERENCE.as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
