"""Render stage: one route → the bytes of one output file.

`Renderer.render(route)` depends only on the route, the site model and the
theme, so routes can be rendered in any order, in parallel, or from a cache.
"""

from __future__ import annotations

import functools
import html
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from .. import vi
from ..config import Config
from ..content import addresses
from ..content.kinds import ChannelMode, Kind, OnlineLevel
from ..content.receiving import where_to_submit
from ..content.routes import Route, Routes
from ..content.site import Site
from ..content.snapshots import BLOCKS
from ..errors import Problem, error
from ..urls import Linker, site_file
from . import charts, feeds, opendata, security, structured
from .pictures import NO_PHOTOS, Photos, Rendition, with_pictures
from .procedure_names import procedure_names
from .theme import Asset, Macros, Theme, build_assets

GENERATORS = {
    "@redirects": feeds.netlify_redirects,
    "@data.json": opendata.as_json,
    "@data.csv": opendata.as_csv,
    "@ranking.json": opendata.ranking_json,
    "@ranking.csv": opendata.ranking_csv,
    "@headers": security.netlify_headers,
    "@procedure-names": procedure_names,
}  # the CMS adds its own (cms.GENERATORS): the render floor does not know about it


@dataclass(frozen=True)
class Labels:
    """Vietnamese labels for enumerated values, for templates."""

    pillars = vi.PILLARS
    kinds = vi.KIND_LABELS
    document_status = vi.DOCUMENT_STATUS
    levels = vi.PROCEDURE_LEVELS
    online = vi.ONLINE_LEVELS
    procedure_status = vi.PROCEDURE_STATUS
    channel_modes = vi.CHANNEL_MODES
    no_fee = vi.NO_FEE
    no_duration = vi.NO_DURATION
    unit_types = vi.UNIT_TYPES
    blocks = BLOCKS


class TemplateProblem(Exception):
    """A theme template failed: reported as `template:line: message`, exit status 1."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem

    def __reduce__(self):  # raised in a worker process, re-raised in the main one
        return (TemplateProblem, (self.problem,))


@dataclass(frozen=True)
class ShareImage:
    """What og:image says: a site path, its size when known, and what it shows."""

    url: str
    width: int = 0
    height: int = 0
    alt: str = ""


class Renderer:
    """Theme, config and photos made ready once (templates compiled, assets hashed, photos made by
    the image stage); then `render(site, route)` is a pure function of the site model and the route."""

    def __init__(
        self, theme: Theme, config: Config, generators: Mapping[str, Callable[..., bytes]] = GENERATORS, photos: Photos = NO_PHOTOS
    ):
        self.theme = theme
        self.generators = generators  # route template `@name` → function(site, routes, route) → bytes
        self.photos = photos
        self.assets: dict[str, Asset] = build_assets(theme, config)
        self.env = theme.environment()
        self.macros = Macros(self.env)
        self.env.filters.update(
            date=vi.format_date,
            datetime=vi.format_datetime,
            number=vi.format_number,
            percent=vi.format_percent,
            iso=_iso,
            slugify=vi.slugify,
            fold_lower=_fold_lower,
            url=self._link,
            file_size=file_size,
            file_type=file_type,
            ld_json=structured.ld_json,
            lines=text_lines,
            portal_name=portal_name,
        )
        self.env.globals.update(labels=Labels(), asset_url=self._asset_filter, addresses=addresses.FOR_TEMPLATES)
        self.env.globals.update(charts=charts.FOR_TEMPLATES)  # inline SVG charts
        self.env.globals.update(content_security_policy=security.page_policy(config))
        self.env.globals.update(structured_data=structured.for_page, breadcrumb_ld=structured.breadcrumb_list)
        self.env.globals.update(open_data=opendata.catalogue, ranking_open_data=opendata.ranking_catalogue)
        self.env.globals.update(where_to_submit=where_to_submit, ranking_data=ranking_data)
        self.env.globals.update(describe=functools.partial(describe, config=config), asset_path=self._asset_path)
        self.env.globals.update(share_image=functools.partial(self._share_image, config), fragment=self._fragment)
        # The page being rendered (set by `render`): what `|url` and `fragment` need of it.
        self.url, self.template, self.place = "/", "", (0, "")
        self.linker: Linker | _NotFoundLinker = Linker("/")
        self.fragments: dict[tuple, tuple[Markup, frozenset[str]]] = {}
        self.recording: list[str] | None = None  # the links a fragment being rendered asks for

    def render(self, site: Site, routes: Routes, route: Route) -> bytes:
        generator = self.generators.get(route.template)
        if generator:
            return generator(site, routes, route)
        context = {
            "site": site,
            "routes": routes,
            "config": site.config,
            "route": route,
            "page": site.pages[route.page] if route.page else None,
            "items": site.listed(route.items),
            "intro": site.intros.get(route.intro) if route.intro else None,
            "term": route.term,
            "pager": route.pager,
            "base_path": site.config.base_path,
        }
        self.macros.show(context)
        context["ui"] = self.macros
        self.url, self.template, self.place = route.url, route.template, _place(route.url)
        self.linker = _NotFoundLinker(site.config.base_path) if route.url == addresses.NOT_FOUND else Linker(route.url)
        try:
            text = self.env.get_template(route.template).render(context)
        except jinja2.TemplateError as exc:  # syntax errors surface here too: templates compile on first use
            raise TemplateProblem(_where(exc, route, self.theme)) from exc
        if route.template.endswith(".html"):
            text = with_pictures(text, route.url, site.config.base_path, self.photos)
        return text.encode("utf-8")

    def _share_image(self, config: Config, page=None) -> ShareImage:
        """The page's own photo (its `image:`, else the first photo of its text) cut for sharing;
        else config.yaml's `brand.og_image` (cut too when it is a photo of static/); else the theme's."""
        own: Rendition | None = self.photos.share_for(page)
        if own is not None:
            return ShareImage(own.url, own.width, own.height, page.meta.image_alt if page.meta.image else "")
        brand = config.brand.og_image
        if brand:
            cut = self.photos.shares.get(site_file(brand))
            return ShareImage(cut.url, cut.width, cut.height) if cut else ShareImage(brand)
        return ShareImage(self._asset_path("images/chia-se.png"))

    def _link(self, target: str) -> str:
        """`|url`: a site path → a link that works from the page being rendered."""
        if self.recording is not None:
            self.recording.append(target)
        return self.linker(target)

    def _asset_filter(self, name: str) -> str:
        return self._link(self.assets[name].url)

    def _fragment(self, name: str, *, caller) -> Markup:
        """`{% call fragment('header') %}…{% endcall %}`: what is inside is rendered once for all the
        pages of a template that see its links alike: as deep, in the same first folder (links to
        pages at most one folder deep read the same from there), and not one of its links (the menu
        marks the page it is on). What is inside may read the config, not the page (docs/giao-dien.md).
        The header and footer were a sixth of rendering a page."""
        key = (name, self.template, self.place)
        kept = self.fragments.get(key)
        if kept is not None and self.url not in kept[1]:
            return kept[0]
        outer, self.recording = self.recording, []
        try:
            text = caller()
        finally:
            asked, self.recording = self.recording, outer
        if outer is not None:
            outer.extend(asked)
        if self.url not in asked and all(_in_top_folder(target) for target in asked):
            self.fragments[key] = (text, frozenset(asked))
        return text

    def _asset_path(self, name: str) -> str:
        """`/assets/images/chia-se.1a2b3c4d5e.png`: for addresses that must be absolute (og:image)."""
        return self.assets[name].url


# --- Descriptions: every page its own (search engines and share previews show it) -----------
DESCRIPTION_LENGTH = 200
_TAGS = re.compile(r"<[^>]+>")
ONLINE_PHRASES = {OnlineLevel.FULL: "nộp trực tuyến toàn trình", OnlineLevel.PARTIAL: "nộp trực tuyến một phần"}
OFFLINE_PHRASES = {ChannelMode.DIRECT: "nộp trực tiếp", ChannelMode.POSTAL: "qua bưu chính"}


def describe(page, route: Route, intro=None, *, config: Config) -> str:
    """The page's summary; else, for a procedure, a sentence from its facts; else the start of
    its text; else (a list) its intro's summary or its own title with the site's."""
    if page is not None:
        if page.kind == Kind.PROCEDURE:  # its body is notes: a summary written for it, else its facts
            return page.meta.summary or procedure_description(page)
        if page.summary:
            return page.summary
        text = vi.clip(" ".join(html.unescape(_TAGS.sub(" ", page.body_html)).split()), DESCRIPTION_LENGTH)
        if text:
            return text
    page_number = f" (trang {route.pager.number})" if route.pager and route.pager.number > 1 else ""
    if intro is not None and intro.summary:
        return intro.summary + page_number
    site_name = f"{config.title} – {config.organization}"
    return (f"{route.title} – {site_name}" if route.title and route.url != "/" else site_name) + page_number


def procedure_description(page) -> str:
    """`Thủ tục Đăng ký khai tử: nộp trực tuyến toàn trình, giải quyết ngay trong ngày, miễn lệ phí.`
    Only what the record states: a way to submit it lists, a time limit and a fee it gives."""
    data = page.data
    modes = {channel.mode for channel in data.channels}
    ways = ONLINE_PHRASES.get(data.online) or " hoặc ".join(phrase for mode, phrase in OFFLINE_PHRASES.items() if mode in modes)
    parts = [ways] if ways else []
    durations = {channel.duration_short for channel in data.channels} - {None}
    if durations:
        parts.append("giải quyết " + _lowered(durations.pop().removesuffix("…")) if len(durations) == 1 else "thời hạn tùy cách nộp")
    fees = {channel.fee_short for channel in data.channels} - {None}
    if fees:
        fee = _lowered(fees.pop().removesuffix("…")) if len(fees) == 1 else ""
        parts.append(fee if "phí" in fee else f"phí, lệ phí: {fee}" if fee else "phí, lệ phí tùy cách nộp")
    return vi.clip(f"Thủ tục {page.title}: {', '.join(parts)}." if parts else f"Thủ tục {page.title}.", DESCRIPTION_LENGTH)


def _lowered(text: str) -> str:
    """A fact continuing a sentence: its first letter lowered, unless the word is an abbreviation ("UBND")."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _where(exc: jinja2.TemplateError, route: Route, theme: Theme) -> Problem:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message = (
            f"lỗi cú pháp trong mẫu giao diện ({exc.message}); kiểm tra các cặp {{% … %}} và {{{{ … }}}} "
            "và thẻ đóng như {% endblock %}, {% endif %}, {% endfor %} ở dòng này hoặc ngay trước nó"
        )
        return error(theme.display_path(exc.filename or route.template), exc.lineno, message)
    detail = f"không tìm thấy mẫu `{exc.name}`" if isinstance(exc, jinja2.TemplateNotFound) else str(exc)
    message = f"lỗi giao diện khi dựng {route.url}: {detail}"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return error(theme.display_path(frame.filename), frame.lineno, message)
    return error(theme.display_path(getattr(exc, "filename", None) or route.template), getattr(exc, "lineno", 0), message)


def _place(url: str) -> tuple[int, str]:
    """What a link to a page in the top folder (or at the top) depends on, seen from `url`: how deep
    `url`'s folder is and its first folder (`/tin-tuc/` seen from `/tin-tuc/a/` is `../`). The 404
    page (served at any depth, linking from the base path) has a place of its own."""
    if url == addresses.NOT_FOUND:
        return (-1, "")
    folder = url[: url.rfind("/") + 1]
    return (folder.count("/"), folder[: folder.find("/", 1) + 1])


def _in_top_folder(target: str) -> bool:
    """`/`, `/tin-tuc/`, `/tin-tuc/bai.html`, `/feed.xml?v=1`: a site path at most one folder deep."""
    end = min((i for i in (target.find("?"), target.find("#")) if i >= 0), default=len(target))
    return target[:1] == "/" and target[:2] != "//" and target.count("/", 0, end) <= 2


class _NotFoundLinker:
    """404.html is served at any depth: its links start from the base path."""

    def __init__(self, base_path: str):
        self.base_path = base_path

    def __call__(self, target: str) -> str:
        return self.base_path + target.lstrip("/") if target.startswith("/") else target


def ranking_data(snapshot, extension: str, every: bool = False) -> str:
    """The open data of a ranking snapshot (`every`: of every date of its period)."""
    return addresses.ranking_data_url(snapshot.index_slug, snapshot.period.slug, "" if every else snapshot.date_slug, extension)


def _fold_lower(text: str) -> str:
    """What a typed search is compared with: `Chư Sê` → `chu se` (the unit list's filter script)."""
    return vi.without_marks(text).lower()


def _iso(value) -> str:
    return value.isoformat() if value else ""


def file_size(size: int | None) -> str:
    """1234567 → `1,2 MB`: how a citizen judges a download on a slow link."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{vi.format_number(size / 1024, 0)} KB"
    return f"{vi.format_number(size / 1024 / 1024, 1)} MB"


def file_type(path: str) -> str:
    suffix = path.rsplit(".", 1)[-1].upper() if "." in path.rsplit("/", 1)[-1] else ""
    return {"DOCX": "Word", "DOC": "Word", "XLSX": "Excel", "XLS": "Excel"}.get(suffix, suffix)


_LINE_BULLET = re.compile(r"^([-–•*+])\s+(?=\S)")
NATIONAL_PORTAL_HOSTS = frozenset({"dichvucong.gov.vn", "www.dichvucong.gov.vn"})


def text_lines(text) -> Markup:
    """Plain text typed over several lines (a channel's note, a fee, a time limit) as the agency
    wrote it: each line a line, lines starting "- ", "• ", "+ "… a list ("+ " under "- ": its
    sub-list). One line stays plain text."""
    lines = [line.strip() for line in str(text or "").split("\n") if line.strip()]
    out: list[str] = []
    items: list[tuple[bool, str]] = []  # (nested, text) of the list being read
    top = ""  # the marker its items start with

    def close() -> None:
        if items:
            out.append(_list_html(items))
            items.clear()

    for line in lines:
        bullet = _LINE_BULLET.match(line)
        if bullet:
            top = top if items else bullet[1]
            items.append((bullet[1] == "+" and top != "+", line[bullet.end() :]))
            continue
        close()
        out.append(str(escape(line)))
    close()
    html_text = ""
    for part in out:  # text lines joined by <br>; a list is a block of its own
        joiner = "<br>" if html_text and not html_text.endswith("</ul>") and not part.startswith("<ul") else ""
        html_text += joiner + part
    return Markup(html_text)


def _list_html(items: list[tuple[bool, str]]) -> str:
    html_text, open_sub = '<ul class="text-list">', False
    for nested, text in items:
        if nested and not open_sub:
            html_text = html_text.removesuffix("</li>") + "<ul>"
            open_sub = True
        elif not nested and open_sub:
            html_text += "</ul></li>"
            open_sub = False
        html_text += f"<li>{escape(text)}</li>"
    return html_text + ("</ul></li>" if open_sub else "") + "</ul>"


def portal_name(url: str) -> str:
    """What an online-submission link opens: "Cổng Dịch vụ công quốc gia", else the site's address."""
    host = urlsplit(url).hostname or ""
    return "Cổng Dịch vụ công quốc gia" if host in NATIONAL_PORTAL_HOSTS else host
