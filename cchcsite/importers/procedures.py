"""`cchcsite import procedures`: procedure records → one `content/thu-tuc/*.md` per record.

Each record is checked with the same validator as `build`, so what is written passes
`cchcsite check`; a record that cannot be used is reported with its row number and the reason.
`--update` refreshes what the database owns and keeps what the officer wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import vi
from ..config import Config
from ..content.kinds import Channel, Kind
from ..content.load import SourceFile, site_procedures, split_front_matter
from ..content.sections import folders_of
from ..content.validate import ValidateContext, validate_source
from ..errors import Problem, Severity, error, warning
from ..markdown import MarkdownRenderer
from ..schema import field_specs
from . import portal
from .content_files import Change, ImportResult, meaning, merge, read_existing, render_file, render_front, write_file
from .procedure_fields import LABELS, front_matter, portal_front_matter
from .procedure_rows import LIST_EXPORT_COLUMNS, Row, read_rows
from .readers import ImportFileError, source_files

SLUG_LIMIT = 80
NATIONAL_CODE = re.compile(r"[123]\.\d{6}")  # the national part of a local code `2.000815.000.00.00.H55`


def national_part(code: str) -> str:
    """`2.000815.000.00.00.H55` → `2.000815`; a code not in that form stays as it is."""
    match = NATIONAL_CODE.match(code)
    return match.group(0) if match else code


LIST_EXPORT_MESSAGE = (
    "tệp này là danh sách thủ tục (Mã số, Tên, Cơ quan, Lĩnh vực): không đủ để tạo trang thủ tục, nên không nhập gì. "
    "Để đối chiếu với trang, chạy `cchcsite import procedures --compare TỆP`; để nhập, tải hồ sơ chi tiết (JSON) của từng thủ tục"
)
# Written by the officer, never replaced by `--update` once the file has them.
OFFICER_FIELDS = ("summary", "tags", "keywords")


def procedure_folder(config: Config) -> str:
    """`content/thu-tuc`, or the folder `sections:` gives procedures."""
    folders = folders_of(Kind.PROCEDURE, config.sections)
    if folders:
        return f"content/{folders[0]}"
    raise ImportFileError(
        "`sections:` trong config.yaml không có thư mục nào cho thủ tục (`procedure`); hãy thêm ví dụ `thu-tuc: procedure`"
    )


def slug_for(title: str) -> str:
    slug = vi.slugify(title)
    if len(slug) > SLUG_LIMIT:
        slug = slug[:SLUG_LIMIT].rsplit("-", 1)[0]
    return slug


def import_procedures(site_dir: Path, config: Config, sources: list[Path] | Path, today: date, update: bool = False) -> ImportResult:
    folder = site_dir / procedure_folder(config)
    by_code = {code: found.path for code, found in site_procedures(folder).items()}
    context = ValidateContext(config.tz, today, False, MarkdownRenderer(config.embed_hosts, config.markdown))
    run = _Run(site_dir, folder, by_code, context, update)
    for source, shown in source_files([sources] if isinstance(sources, Path) else list(sources)):
        run.file(source, shown)
    return run.result


@dataclass
class _Run:
    """One `import procedures`: the site's procedures by code, what this run has seen and written."""

    site_dir: Path
    folder: Path
    by_code: dict[str, Path]
    context: ValidateContext
    update: bool
    result: ImportResult = field(default_factory=ImportResult)
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (file, "mục 2") first seen
    taken: set[Path] = field(default_factory=set)

    def problem(self, make, shown: str, row: Row, message: str) -> None:
        self.result.problems.append(make(shown, row.number, message))

    def file(self, source: Path, shown: str) -> None:
        try:
            rows, unknown = read_rows(source)
        except ImportFileError as exc:
            self.result.problems.append(error(shown, 1, f"{exc}; không nhập gì từ tệp này"))
            return
        columns = {key for row in rows if not row.portal for key in row.values}
        if rows and not any(row.portal for row in rows) and columns <= LIST_EXPORT_COLUMNS:
            self.result.problems.append(error(shown, 1, LIST_EXPORT_MESSAGE))
            return
        if unknown:
            self.result.problems.append(warning(shown, 1, "bỏ qua các cột không nhận ra: " + ", ".join(f"`{u}`" for u in unknown)))
        if not rows:
            self.result.problems.append(error(shown, 1, "không có dòng thủ tục nào"))
        for row in rows:
            self.row(row, shown)

    def row(self, row: Row, shown: str) -> None:
        where = row.where
        try:
            if row.refused:
                raise ValueError(row.refused)
            if row.portal:
                front, notes = portal_front_matter(row.values)
                body = ""
            else:
                (front, body), notes = front_matter(row.values), []
        except ValueError as exc:
            code = str(row.values.get("code") or "").strip()
            named = f" (mã {code})" if code and row.portal else ""
            self.problem(error, shown, row, f"{where}{named}: {exc}; {row.unit} này không được nhập")
            return
        code = front["code"]
        for note in notes:
            self.problem(warning, shown, row, f"{where} (mã {code}): {note}")
        if code in self.seen:
            first_file, first = self.seen[code]
            other = first if first_file == shown else f"{first} của {first_file}"
            self.problem(error, shown, row, f"{where}: mã thủ tục `{code}` trùng với {other}; {row.unit} này không được nhập")
            return
        self.seen[code] = (shown, where)
        target = self.by_code.get(code) or self.new_target(front, shown, row)
        existed = target.exists()
        if existed and not self.update:
            self.taken.add(target)
            self.result.skipped.append((shown, row.number, where, target))
            return
        change: Change | None = None
        if existed:
            resynced = self.resync(target, front, body, row, shown)
            if resynced is None:
                return
            text, change = resynced
        else:
            text = render_file(self.dated(front, row), body)
        problems = _validate(self.site_dir, target, text, self.context)
        if problems:
            reasons = "; ".join(p.message for p in problems)
            self.problem(error, shown, row, f"{where} (mã {code}): {reasons}; {row.unit} này không được nhập")
            return
        self.taken.add(target)
        write_file(target, text, replace=existed)
        if change:
            self.result.updated.append(change)
        else:
            self.result.written.append(target)

    def new_target(self, front: dict[str, Any], shown: str, row: Row) -> Path:
        """`<slug of the title>.md`, or with the code when another procedure has that title."""
        code = front["code"]
        national = national_part(code)
        same = [f"{c} ({p.name})" for c, p in self.by_code.items() if c != code and (c == national or c.startswith(national + "."))]
        if same:
            self.problem(
                warning,
                shown,
                row,
                f"{row.where} (mã {code}): trang đã có thủ tục cùng mã quốc gia {national}: {', '.join(same)}; "
                "kiểm tra xem có phải cùng một thủ tục không",
            )
        slug = vi.slugify(str(front.get("slug") or "")) or slug_for(front["title"])  # never a path: nothing lands outside the folder
        target = self.folder / f"{slug}.md"
        if target.exists() or target in self.taken:  # a different procedure with the same title
            target = self.folder / f"{slug}-{vi.slugify(code)}.md"
        return target

    def dated(self, front: dict[str, Any], row: Row) -> dict[str, Any]:
        """A national record without a date of its own is "Cập nhật lần cuối" on the day it is imported
        (or re-imported with changes): citizens see how fresh the page is."""
        if row.portal and "updated" not in front:
            return {**front, "updated": self.context.today.isoformat()}
        return front

    def resync(self, target: Path, front: dict[str, Any], body: str, row: Row, shown: str) -> tuple[str, Change] | None:
        """`--update`: the file with the database's fields refreshed; None when nothing changed (file untouched) or unreadable."""
        existing = read_existing(target)
        if existing.front is None:
            message = f"{row.where} (mã {front['code']}): không đọc được phần đầu của {target.name}; hãy sửa tệp đó rồi nhập lại"
            self.problem(error, shown, row, message)
            return None
        owned = set(portal.OWNED if row.portal else front) | set(front)
        merged = merge(existing.front, front, owned, OFFICER_FIELDS)
        rest = existing.rest
        kept = rest if rest.strip() or not body else f"\n{body}\n"  # the officer's notes win over the list's
        before, after = meaning(existing.front), meaning(merged)
        if before == after and kept == rest:
            self.taken.add(target)
            self.result.unchanged.append(target)
            return None
        words = describe_changes(before, after) + (["thêm ghi chú"] if kept != rest else [])
        return f"---\n{render_front(self.dated(merged, row))}---\n{kept}", Change(front["code"], target, words)


def _validate(site_dir: Path, target: Path, text: str, context: ValidateContext) -> list[Problem]:
    rel = target.relative_to(site_dir).as_posix()
    front, body, body_line, problems = split_front_matter(text, rel)
    if front is None:
        return problems
    source = SourceFile(
        rel, target.parent.relative_to(site_dir / "content").as_posix(), target.stem, Kind.PROCEDURE.value, front, body, body_line, False
    )
    _, found = validate_source(source, context)
    return [p for p in problems + found if p.severity is Severity.ERROR]


def describe_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed, in the labels the page shows: `phí, lệ phí thay đổi`, `thêm 1 giấy tờ`."""
    words: list[str] = []
    for name in dict.fromkeys([*new, *old]):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        label = LABELS.get(name, name)
        label = label[0].lower() + label[1:] if label[:2] != "Mã" else label.lower()
        if name == "channels" and isinstance(before, list) and isinstance(after, list):
            words += _channel_changes(before, after)
        elif name in ("documents", "legal_basis") and isinstance(before, list) and isinstance(after, list):
            words += _list_changes(before, after, "giấy tờ" if name == "documents" else "căn cứ pháp lý", label)
        elif before is None:
            words.append(f"thêm {label}")
        elif after is None:
            words.append(f"bỏ {label}")
        else:
            words.append(f"{label} thay đổi")
    return words


def _channel_changes(before: list, after: list) -> list[str]:
    labels = {n: s.label for n, s in field_specs(Channel).items()}
    modes = [c.get("mode") for c in before], [c.get("mode") for c in after]
    if modes[0] != modes[1]:
        return ["cách thức thực hiện thay đổi"]
    words = []
    for key in ("duration", "fee", "note"):
        if [c.get(key) for c in before] != [c.get(key) for c in after]:
            words.append(f"{labels[key][0].lower()}{labels[key][1:]} thay đổi" if key != "note" else "mô tả cách thức thực hiện thay đổi")
    return words


def _list_changes(before: list, after: list, noun: str, label: str) -> list[str]:
    key = "name" if noun == "giấy tờ" else "number"
    names_before = [str(i.get(key)) if isinstance(i, dict) else str(i) for i in before]
    names_after = [str(i.get(key)) if isinstance(i, dict) else str(i) for i in after]
    added = len([n for n in names_after if n not in names_before])
    removed = len([n for n in names_before if n not in names_after])
    words = [f"thêm {added} {noun}"] * bool(added) + [f"bớt {removed} {noun}"] * bool(removed)
    kept_before = [i for i, n in zip(before, names_before) if n in names_after]
    kept_after = [i for i, n in zip(after, names_after) if n in names_before]
    if kept_before != kept_after or (not words and before != after):
        words.append(f"{label} thay đổi")
    return words
