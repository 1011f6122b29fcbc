"""Validate stage: `SourceFile` → `Page` records, every problem of every file collected."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import vi
from ..errors import Problem, Severity, error, warning
from ..markdown import MarkdownRenderer, shorten
from ..schema import INVALID, DateValue, RichText, Where, coerce_fields, field_specs, nearest
from ..yamlsource import flatten_lines
from .addresses import list_url, page_url
from .kinds import KINDS, Common
from .load import SourceFile, load_file
from .page import LeftOut, Page, SectionIntro

COMPONENT_ROUNDING = 0.05
EVERY_FIELD = frozenset(name for kind in KINDS.values() for name in field_specs(kind.fields))  # other kinds' fields go to `extra` quietly


@dataclass(frozen=True)
class ValidateContext:
    tz: ZoneInfo
    today: date
    include_drafts: bool
    markdown: MarkdownRenderer


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


def validate_source(source: SourceFile, ctx: ValidateContext) -> tuple[Page | SectionIntro | LeftOut | None, list[Problem]]:
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
    where.render_markdown = render
    body = ctx.markdown.render(source.body, page_url=url, path=source.path, first_line=source.body_line)
    problems.extend(body.problems)
    links.extend(body.links)

    if source.is_section_intro:
        title = source.front.get("title")
        if not title:
            where.at("title", 1).fail("thiếu trường bắt buộc (Tiêu đề), ví dụ `title: Tin tức`")
            return None, problems
        summary = str(source.front.get("summary") or shorten(body.first_paragraph))
        return SectionIntro(source.path, source.folder, str(title), body.html, summary, tuple(links)), problems

    _warn_unknown_keys(source, info.fields, problems)
    required = frozenset({"date"}) if info.date_required else frozenset()
    common = coerce_fields(Common, source.front, where, required_extra=required)
    data = coerce_fields(info.fields, source.front, where)
    page = None
    if common is not INVALID and data is not INVALID and slug is not None:
        meta = Common(**common)
        record = info.fields(**data)
        _check_rules(source, meta, record, ctx.today, problems)
        summary = meta.summary or shorten(body.first_paragraph)
        known = field_specs(Common).keys() | field_specs(info.fields).keys()
        extra = {k: v for k, v in source.front.items() if k not in known}
        page = Page(source.path, source.kind, slug, url, meta, record, body.html, summary, tuple(links), flatten_lines(source.front), extra)
    reason = _left_out_reason(source, ctx)
    if reason:
        # A page that is not published does not block the build: its problems become warnings.
        demoted = [warning(p.path, p.line, f"{p.message} (trang không được đăng: {reason})") if p.severity is Severity.ERROR else p for p in problems]
        return LeftOut(source.path, reason), demoted
    return page, problems


def validate_file(site_dir: Path, file: Path, sections: dict[str, str], context: ValidateContext, raw: bytes | None = None):
    """Load one content file and validate it: (record or None, every problem of the file)."""
    source, problems = load_file(site_dir, file, sections, raw)
    if source is None:
        return None, problems
    record, found = validate_source(source, context)
    return record, problems + found


def _left_out_reason(source: SourceFile, ctx: ValidateContext) -> str | None:
    """Read leniently from the raw front matter, so a broken draft is still recognised as one."""
    front = source.front
    scratch = Where(source.path, 1, "", [], ctx.tz)
    if front.get("draft") is True and not ctx.include_drafts:
        return "bản nháp (draft: true)"
    publish = DateValue(with_time=False).coerce(front["publish_date"], scratch) if front.get("publish_date") else None
    if publish not in (None, INVALID) and publish > ctx.today:
        return f"chưa đến ngày đăng {vi.format_date(publish)}"
    expiry = DateValue(with_time=False).coerce(front["expiry_date"], scratch) if front.get("expiry_date") else None
    if expiry not in (None, INVALID) and expiry <= ctx.today:
        return f"đã hết hạn hiển thị từ {vi.format_date(expiry)}"
    return None


def _warn_unknown_keys(source: SourceFile, fields_cls: type, problems: list[Problem]) -> None:
    known = field_specs(Common).keys() | field_specs(fields_cls).keys()
    for key in source.front:
        if key in known or key in EVERY_FIELD:
            continue
        guess = nearest(key, known)
        if guess:
            problems.append(warning(source.path, source.front.lines.get(key, 1), f"trường `{key}` không được biết đến; có phải `{guess}`?"))


def _check_rules(source: SourceFile, meta: Common, record, today: date, problems: list[Problem]) -> None:
    """Rules that tie several fields together."""
    lines = source.front.lines

    def fail(key: str, message: str) -> None:
        problems.append(error(source.path, lines.get(key, 1), f"`{key}`: {message}"))

    if meta.image and not meta.image_alt:
        fail("image", "có ảnh nhưng thiếu `image_alt` (mô tả ảnh cho người khiếm thị); thêm dòng `image_alt: ...`")
    if meta.changes:
        nested = flatten_lines(source.front)
        for number, change in enumerate(meta.changes, start=1):
            if change.date.date() > today:
                line = nested.get(f"changes[{number}].date", lines.get("changes", 1))
                problems.append(warning(source.path, line, f"`changes[{number}].date`: ngày thay đổi {vi.format_date(change.date)} chưa đến; kiểm tra lại năm, tháng"))
    kind = source.kind
    if kind == "document" and record.effective and record.expires and record.expires < record.effective:
        fail("expires", f"ngày hết hiệu lực {vi.format_date(record.expires)} trước ngày có hiệu lực {vi.format_date(record.effective)}")
    if kind == "index":
        if record.max_score is not None and record.score > record.max_score:
            fail("score", f"điểm {vi.format_number(record.score)} lớn hơn điểm tối đa {vi.format_number(record.max_score)}")
        if record.percent is not None and record.percent > 100:
            fail("percent", f"tỷ lệ {vi.format_number(record.percent)} % lớn hơn 100 %")
        if record.rank and record.rank_of and record.rank > record.rank_of:
            fail("rank", f"xếp thứ {record.rank} nhưng chỉ có {record.rank_of} đơn vị (`rank_of`)")
        if record.rank and not record.rank_of:
            fail("rank_of", "có `rank` nhưng thiếu `rank_of` (tổng số đơn vị được xếp hạng)")
        if record.year > today.year:
            fail("year", f"năm {record.year} chưa đến; kiểm tra lại năm đánh giá")
        nested = flatten_lines(source.front)
        total = sum(c.score for c in record.components)
        if record.components and total > record.score + COMPONENT_ROUNDING:
            fail("components", f"tổng điểm thành phần {vi.format_number(round(total, 2))} lớn hơn điểm {vi.format_number(record.score)}; tổng các điểm thành phần không được vượt điểm chung (chỉ cho phép sai số làm tròn {vi.format_number(COMPONENT_ROUNDING)})")
        for number, component in enumerate(record.components, start=1):
            if component.max is not None and component.score > component.max:
                line = nested.get(f"components[{number}].score", lines.get("components", 1))
                problems.append(error(source.path, line, f"`components`: mục {number} ({component.name}): điểm {vi.format_number(component.score)} lớn hơn điểm tối đa {vi.format_number(component.max)}"))
    if kind == "procedure" and record.online != "khong" and record.channels and not any(c.mode == "truc-tuyen" for c in record.channels):
        problems.append(warning(
            source.path, lines.get("online", 1),
            f"`online: {record.online}` (dịch vụ công trực tuyến) nhưng `channels` không có cách nộp `truc-tuyen`; "
            "người dân sẽ không biết thời hạn và phí khi nộp trực tuyến: thêm một mục `- mode: truc-tuyen`, hoặc sửa thành `online: khong`",
        ))
    if kind == "stats":
        if record.period_end < record.period_start:
            fail("period_end", f"kết thúc kỳ {vi.format_date(record.period_end)} trước ngày bắt đầu {vi.format_date(record.period_start)}")
        _check_stats_totals(source.path, lines, record, problems)


def _check_stats_totals(path: str, lines: dict, stats, problems: list[Problem]) -> None:
    handled = stats.resolved_total + (stats.in_progress or 0)
    line = lines.get("resolved_early", 1)
    numbers = (
        f"đã giải quyết {stats.resolved_total} ({stats.resolved_early} trước hạn + {stats.resolved_on_time} đúng hạn + "
        f"{stats.resolved_late} quá hạn) + đang giải quyết {stats.in_progress or 0} = {handled}, "
        f"tổng tiếp nhận {stats.received_total} ({stats.received_new} mới + {stats.carried_over} chuyển sang)"
    )
    if handled > stats.received_total:
        problems.append(warning(path, line, f"số liệu không khớp: {numbers}; số đã xử lý không thể lớn hơn số tiếp nhận"))
    elif stats.in_progress is not None and handled != stats.received_total:
        problems.append(warning(path, line, f"số liệu không khớp: {numbers}; hai số này phải bằng nhau"))
    if stats.online is not None and stats.online > stats.received_new:
        problems.append(warning(path, lines.get("online", line), f"số hồ sơ trực tuyến {stats.online} lớn hơn số tiếp nhận mới {stats.received_new}"))
