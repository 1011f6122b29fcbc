"""Validate stage: `SourceFile` → `Page` records, every problem of every file collected."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import vi
from ..errors import Problem, Severity, warning
from ..markdown import MarkdownRenderer, shorten
from ..schema import INVALID, DateValue, RichText, Where, addresses, check_keys, coerce_fields, field_specs
from ..yamlsource import flatten_lines
from .addresses import list_url, page_url
from .kinds import KINDS, Common, Intro, Kind, normalise_number
from .load import SourceFile, load_file
from .page import LeftOut, Page, Refused, SectionIntro
from .snapshots import is_snapshot_file, read_snapshot


@dataclass(frozen=True)
class ValidateContext:
    tz: ZoneInfo
    today: date
    include_drafts: bool
    markdown: MarkdownRenderer
    now: datetime | None = None  # the build's moment, for publish and expiry times; None: the first moment of `today`
    schedule: bool = True  # leave out what is not yet or no longer shown; the periodic report reads every item but drafts

    @property
    def moment(self) -> datetime:
        return self.now or datetime.combine(self.today, time(0), tzinfo=self.tz)


def _slug(source: SourceFile, where: Where) -> str | None:
    given = source.front.get("slug")
    text = str(given).strip() if given not in (None, "") else source.stem
    line = source.front.lines.get("slug", 1)
    if given not in (None, "") and ("/" in text or "\\" in text or ".." in text):
        where.at("slug", line).fail(f"`{text}` không được chứa `/`, `\\` hay `..`; hãy viết như `duong-day-nong`")
        return None
    slug = vi.slugify(text)
    if not slug:
        where.at("slug", line).fail("đường dẫn rỗng; hãy đặt `slug:` bằng chữ, ví dụ `duong-day-nong`")
        return None
    return slug


def _render(ctx: ValidateContext, source: SourceFile, url: str, problems: list[Problem]):
    def render(text: str, line: int) -> RichText:
        rendered = ctx.markdown.render(text, page_url=url, path=source.path, first_line=line)
        problems.extend(rendered.problems)
        collected.extend(rendered.links)
        return RichText(text, rendered.html)

    collected: list = []
    return render, collected


def validate_source(source: SourceFile, ctx: ValidateContext) -> tuple[Page | SectionIntro | LeftOut | Refused | None, list[Problem]]:
    problems: list[Problem] = []
    where = Where(source.path, 1, "", problems, ctx.tz)
    if source.kind not in KINDS:
        line = source.front.lines.get("kind", 1)
        where.at("kind", line).fail(f"`{source.kind}` không hợp lệ; chọn một trong: " + ", ".join(f"`{k}`" for k in KINDS))
        return None, problems
    info = KINDS[source.kind]
    slug = _slug(source, where)
    url = list_url(source.kind, source.folder) if source.is_section_intro else page_url(source.kind, source.folder, slug or "x")
    render, links = _render(ctx, source, url, problems)
    where = dataclasses.replace(where, render_markdown=render)  # Markdown fields render with this page's links
    body = ctx.markdown.render(source.body, page_url=url, path=source.path, first_line=source.body_line)
    problems.extend(body.problems)
    links.extend(body.links)

    if source.is_section_intro:
        intro = coerce_fields(Intro, source.front, where)
        if intro is INVALID:
            return None, problems
        summary = intro.get("summary") or shorten(body.first_paragraph)
        return SectionIntro(source.path, source.folder, intro["title"], body.html, summary, tuple(links)), problems

    check_keys(source.front, field_specs(Common).keys() | field_specs(info.fields).keys(), where, _other_kinds_field(source.kind))
    required = frozenset({"date"}) if info.date_required else frozenset()
    common = coerce_fields(Common, source.front, where, required_extra=required, strict=False)
    data = coerce_fields(info.fields, source.front, where, strict=False)
    page = None
    if common is not INVALID and data is not INVALID and slug is not None:
        meta = Common(**common)
        record = info.fields(**data)
        _check_rules(source, meta, record, ctx.today, problems)
        summary = meta.summary or shorten(body.first_paragraph)
        page = Page(source.path, source.kind, slug, url, meta, record, body.html, summary, tuple(links), flatten_lines(source.front))
    left_out = _left_out(source, ctx)
    if left_out:
        reason, until = left_out
        # A page that is not published does not block the build: its problems become warnings.
        demoted = [
            warning(p.path, p.line, f"{p.message} (trang không được đăng: {reason})") if p.severity is Severity.ERROR else p
            for p in problems
        ]
        return LeftOut(source.path, reason, until), demoted
    if page is None:
        found = (*addresses(source.front, Common), *addresses(source.front, info.fields))
        return Refused(source.path, tuple(links), found, flatten_lines(source.front)), problems
    if page.kind == Kind.PROCEDURE:
        problems.extend(_check_abolishing_decision(page))
    return page, problems


def validate_file(site_dir: Path, file: Path, sections: dict[str, str], context: ValidateContext, raw: bytes | None = None):
    """Load one content or data file and validate it: (record or None, every problem of the file)."""
    rel = file.relative_to(site_dir).as_posix()
    if is_snapshot_file(rel):
        return read_snapshot(rel, file.read_bytes() if raw is None else raw)
    source, problems = load_file(site_dir, file, sections, raw)
    if source is None:
        return None, problems
    record, found = validate_source(source, context)
    return record, problems + found


def _left_out(source: SourceFile, ctx: ValidateContext) -> tuple[str, datetime | None] | None:
    """Why the page is not published now, and until when (a publish time); read leniently from the
    raw front matter, so a broken draft is still recognised as one."""
    front = source.front
    scratch = Where(source.path, 1, "", [], ctx.tz)
    if front.get("draft") is True and not ctx.include_drafts:
        return "bản nháp (draft: true)", None
    if not ctx.schedule:
        return None
    publish = _SCHEDULE.coerce(front["publish_date"], scratch) if front.get("publish_date") else None
    if publish not in (None, INVALID) and publish > ctx.moment:
        return f"chưa đến {'ngày' if publish.time() == time(0) else 'giờ'} đăng {_when(publish)}", publish
    expiry = _SCHEDULE.coerce(front["expiry_date"], scratch) if front.get("expiry_date") else None
    if expiry not in (None, INVALID) and expiry <= ctx.moment:
        return f"đã hết hạn hiển thị từ {_when(expiry)}", None
    return None


_SCHEDULE = DateValue(with_time=True)


def _when(moment: datetime) -> str:
    """`01/07/2026`, or `08:00 ngày 01/07/2026` when a time was given."""
    return vi.format_date(moment) if moment.time() == time(0) else f"{moment:%H:%M} ngày {vi.format_date(moment)}"


def schedule_passed(record, moment: datetime) -> bool:
    """A page validated earlier today whose publish or expiry time has come since: validate it again."""
    if isinstance(record, LeftOut):
        return record.until is not None and record.until <= moment
    if isinstance(record, Page):
        return record.meta.expiry_date is not None and record.meta.expiry_date <= moment
    return False


def _other_kinds_field(kind: str):
    """A field of another kind (`code:` in a news item) is dropped here too: say whose field it is."""

    def reason(key: str) -> str | None:
        owners = [other for other, info in KINDS.items() if other != kind and key in field_specs(info.fields)]
        if not owners:
            return None
        whose = ", ".join(vi.KIND_LABELS[other].lower() for other in owners)
        return (
            f"là trường của {whose}, không dùng cho {vi.KIND_LABELS[kind].lower()}: xóa dòng này, "
            "hoặc chuyển tệp vào đúng thư mục (hay viết `kind:`) nếu đây là loại nội dung khác"
        )

    return reason


def _check_rules(source: SourceFile, meta: Common, record, today: date, problems: list[Problem]) -> None:
    """Rules that tie several fields together: each kind carries its own (`findings` in kinds.py)."""
    found = [*meta.findings(today), *record.findings(today)]
    if found:
        nested = flatten_lines(source.front)
        lines = source.front.lines
        for finding in found:
            line = nested.get(finding.at) or lines.get(finding.at.split("[", 1)[0].split(".", 1)[0], 1)
            problems.append(Problem(source.path, line, finding.message, finding.severity))


_DECISION_IN_TEXT = re.compile(r"Quyết định(?: số)?\s+(\d+/[^\s<,;.)]+)")


def _check_abolishing_decision(page: Page) -> list[Problem]:
    """An abolished procedure's banner names `decision`; notes that cite another decision as the
    one that abolished it would contradict the banner on the same page."""
    if not page.data.abolished or not page.data.decision or "bãi bỏ" not in page.body_html:
        return []
    cited = _DECISION_IN_TEXT.findall(page.body_html)
    if not cited or normalise_number(page.data.decision) in {normalise_number(n) for n in cited}:
        return []
    return [
        warning(
            page.source,
            page.lines.get("decision", 1),
            f"`decision: {page.data.decision}` khác quyết định ghi trong phần ghi chú ({', '.join(dict.fromkeys(cited))}); "
            "với thủ tục bãi bỏ, `decision` là quyết định bãi bỏ và được in trên dòng cảnh báo đầu trang: hãy sửa cho khớp",
        )
    ]
