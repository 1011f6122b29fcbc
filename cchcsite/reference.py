"""The officers' field references, written from the field declarations: the content fields
(docs/truong-noi-dung.md, from `content/kinds.py`) and the keys of config.yaml
(docs/truong-cau-hinh.md, from `config.py`).

The same specs validate content and config, make `cchcsite new` scaffolds and the CMS
forms, so the references cannot drift from what the tool accepts: a test compares the
committed files with this output. Regenerate with `python -m cchcsite.reference` after
changing a field or a key.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import vi
from .config import Config
from .content.kinds import model_fields
from .content.sections import folder_of
from .schema import ListOf, ModelField, Record, record_fields

REFERENCE = Path("docs") / "truong-noi-dung.md"
CONFIG_REFERENCE = Path("docs") / "truong-cau-hinh.md"


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


def config_reference() -> str:
    lines = [
        "# Các khóa của config.yaml",
        "",
        "Tệp này được sinh tự động từ `cchcsite/config.py` (`python -m cchcsite.reference`): đúng những khóa mà",
        "công cụ đọc trong `config.yaml`. Đừng sửa tay. Viết sai tên một khóa, ở bất kỳ cấp nào, là lỗi có số dòng",
        "và gợi ý tên đúng (`contact.Zalo`: … Có phải `zalo`?), vì giá trị của nó sẽ không được dùng.",
        "",
        "## Các khóa",
        "",
        *_table(record_fields(Config)),
        "",
    ]
    for field in record_fields(Config):
        ftype = field.spec.type
        group = ftype.item if isinstance(ftype, ListOf) else ftype
        if isinstance(group, Record):
            each = "Mỗi mục của" if isinstance(ftype, ListOf) else "Các khóa của"
            lines += [f"## {each} `{field.name}` ({field.spec.label})", "", *_table(record_fields(group.cls)), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


GENERATED = {REFERENCE: field_reference, CONFIG_REFERENCE: config_reference}


def main() -> int:
    for path, make in GENERATED.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(make(), encoding="utf-8", newline="\n")
        print(path.as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
