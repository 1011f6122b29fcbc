"""Markdown bodies → sanitised HTML, with the internal links collected for checking.

Raw HTML is allowed from a safe list; scripts, `on*=` handlers,
`javascript:` URLs and iframes from unlisted hosts are removed with a
warning on the line they were written. Site paths (`/thu-tuc/`) become
relative links so the site works under any sub-path.
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .errors import Problem, warning
from .urls import relative, resolve
from .vi import slugify

SAFE_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
SAFE_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "iframe": {"src", "title", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "td": {"colspan", "rowspan", "headers"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
_SCRIPT = re.compile(r"<\s*script", re.I)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"javascript\s*:", re.I)
_IFRAME = re.compile(r"<\s*iframe\b[^>]*>(?:.*?<\s*/\s*iframe\s*>)?", re.I | re.S)
_SRC = re.compile(r"\ssrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r"\salt\s*=", re.I)
_MD_JS_LINK = re.compile(r"\]\(\s*javascript:", re.I)
# `![ảnh](/images/Ảnh hội nghị (1).JPG)`: a space ends a Markdown address, so this is no image at all
_SPACED_FILE = re.compile(r"\]\((/[^<\n][^\n]*? [^\n]*?\.(?:jpe?g|jfif|png|webp|avif|heic|heif|gif|svg|pdf|docx?|xlsx?))\)", re.I)
_URL_ATTR = re.compile(r"(\s(?:href|src)\s*=\s*)([\"'])([^\"']*)\2", re.I)
# Every text linkify-it can turn into a link contains one of: a scheme (`http:`, `ftp:`,
# `mailto:`, `//`), `@`, `localhost`, or a dot before a letter or digit (`www.`, `.vn`, `.1.`).
_LINK_SCHEME = re.compile(r"(?:https?|ftp|mailto):", re.I)
_DOT_WORD = re.compile(r"\.\w")
_LOCALHOST = re.compile("localhost", re.I)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)


@dataclass(frozen=True)
class Link:
    """A reference found in Markdown, kept to check that its target exists.

    Internal ones (site paths) are checked by every build; external ones
    (http/https) only by `cchcsite check --external`.
    """

    target: str  # the site path it means (`/tin-tuc/abc/anh.jpg`), or the web address
    line: int
    is_image: bool
    written: str = ""  # as the officer wrote it, when that differs (`anh.jpg`): what messages quote

    @property
    def is_external(self) -> bool:
        return self.target.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Rendered:
    html: str
    links: tuple[Link, ...]
    first_paragraph: str
    problems: tuple[Problem, ...]


class _QuickLinkify(LinkifyIt):
    """linkify-it, asked only about text that could hold a bare address.

    Its own pretest is one large Unicode regular expression run on every
    paragraph: most of the Markdown time on a site of news. A few substring tests are
    a cheap necessary condition (`_may_linkify`), so the links found are exactly the same
    (a pretest may say yes wrongly: `test` then decides, text run by text run).
    """

    def pretest(self, text: str) -> bool:
        return _may_linkify(text)

    def test(self, text: str) -> bool:
        return _may_linkify(text) and super().test(text)


def _may_linkify(text: str) -> bool:
    """Plain substring tests first: one regular expression with alternatives scans far slower."""
    return (
        "@" in text
        or "//" in text
        or _DOT_WORD.search(text) is not None
        or (":" in text and _LINK_SCHEME.search(text) is not None)
        or _LOCALHOST.search(text) is not None
    )


class MarkdownRenderer:
    """One configured markdown-it + sanitiser; `render` is pure for a given page URL."""

    def __init__(self, embed_hosts: tuple[str, ...]):
        self.embed_hosts = frozenset(embed_hosts)
        self.md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False, "linkify": True, "typographer": False})
        self.md.enable(["table", "strikethrough", "linkify"])
        self.md.linkify = _QuickLinkify()
        self.md.use(footnote_plugin).use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify)

    def render(self, text: str, *, page_url: str, path: str, first_line: int) -> Rendered:
        problems: list[Problem] = []
        links: list[Link] = []
        env: dict = {}
        tokens = self.md.parse(text, env)
        # markdown-it escapes all text and attributes it writes itself; only raw HTML and
        # link schemes outside SAFE_SCHEMES (ftp:, data:…) need the sanitiser.
        needs_sanitiser = False
        line = first_line
        first_paragraph = ""
        for index, token in enumerate(tokens):
            if token.map:
                line = first_line + token.map[0]
            if token.type == "paragraph_open" and not first_paragraph and index + 1 < len(tokens):
                first_paragraph = _plain_text(tokens[index + 1])
            if token.type in ("th_open", "td_open"):
                _alignment_to_class(token)
            if token.type in ("html_block", "html_inline"):
                token.content = self._check_html(token.content, line, path, page_url, problems, links)
                needs_sanitiser = True
            child_line = line
            for child in token.children or ():
                if child.type in ("softbreak", "hardbreak"):
                    child_line += 1
                elif child.type == "html_inline":
                    child.content = self._check_html(child.content, child_line, path, page_url, problems, links)
                    needs_sanitiser = True
                elif child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    needs_sanitiser = needs_sanitiser or _unsafe_scheme(href)
                    if (target := resolve(href, page_url)) is not None:
                        links.append(Link(target, child_line, False, _written(href, target)))
                        child.attrSet("href", relative(target, page_url))
                    elif href.startswith(("http://", "https://")):
                        links.append(Link(href, child_line, False))
                elif child.type == "image":
                    src = str(child.attrGet("src") or "")
                    needs_sanitiser = needs_sanitiser or _unsafe_scheme(src)
                    if (target := resolve(src, page_url)) is not None:
                        links.append(Link(target, child_line, True, _written(src, target)))
                        child.attrSet("src", relative(target, page_url))
                    _check_image_address(src, child_line, path, problems)
                    if not child.content.strip():
                        problems.append(
                            warning(path, child_line, f"ảnh `{src}` thiếu mô tả cho người khiếm thị; viết `![mô tả ảnh]({src})`")
                        )
                    child.attrSet("loading", "lazy")
        for source_line, raw in enumerate(text.split("\n") if _MD_JS_LINK.search(text) else (), start=first_line):
            if _MD_JS_LINK.search(raw):
                problems.append(warning(path, source_line, "đã bỏ liên kết `javascript:` (không an toàn); hãy dùng địa chỉ https://"))
        for source_line, raw in enumerate(text.split("\n") if "](/" in text and _SPACED_FILE.search(text) else (), start=first_line):
            for spaced in _SPACED_FILE.findall(raw):
                problems.append(
                    warning(
                        path,
                        source_line,
                        f"đường dẫn `{spaced}` có dấu cách nên không thành ảnh hay liên kết (trang hiện nguyên dòng chữ); "
                        f"hãy đặt nó trong ngoặc nhọn: `(<{spaced}>)`",
                    )
                )
        html = self.md.renderer.render(tokens, self.md.options, env)
        if not needs_sanitiser:
            return Rendered(html, tuple(links), first_paragraph, tuple(problems))
        clean = nh3.clean(
            html,
            tags=SAFE_TAGS,
            attributes=SAFE_ATTRIBUTES,
            url_schemes=set(SAFE_SCHEMES),
            link_rel=None,
            strip_comments=True,
            attribute_filter=self._filter_attribute,
        )
        return Rendered(clean, tuple(links), first_paragraph, tuple(problems))

    def _filter_attribute(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src" and not self._embeddable(value):
            return None
        return value

    def _embeddable(self, src: str) -> bool:
        parts = urlsplit(src)
        return parts.scheme == "https" and parts.hostname in self.embed_hosts

    def _check_html(self, html: str, line: int, path: str, page_url: str, problems: list[Problem], links: list[Link]) -> str:
        if _SCRIPT.search(html):
            problems.append(warning(path, line, "đã bỏ thẻ <script> (trang không chạy mã nhúng trong bài)"))
        if _HANDLER.search(html):
            problems.append(warning(path, line, "đã bỏ thuộc tính sự kiện `on...=` (mã JavaScript không được phép trong bài)"))
        if _JS_URL.search(html):
            problems.append(warning(path, line, "đã bỏ địa chỉ `javascript:` (không an toàn)"))

        def drop_foreign_iframe(match: re.Match) -> str:
            src_match = _SRC.search(match.group(0))
            src = src_match.group(1) if src_match else ""
            if self._embeddable(src):
                if " title=" not in match.group(0):
                    problems.append(warning(path, line, 'khung nhúng thiếu `title="..."` mô tả nội dung cho người khiếm thị'))
                return match.group(0)
            allowed = ", ".join(sorted(self.embed_hosts)) or "không có"
            problems.append(
                warning(path, line, f"đã bỏ khung nhúng từ `{src}`: chỉ cho phép nhúng từ {allowed} (khóa `embed_hosts` trong config.yaml)")
            )
            return ""

        html = _IFRAME.sub(drop_foreign_iframe, html)

        def check_image(match: re.Match) -> str:
            tag = match.group(0)
            src_match = _SRC.search(tag)
            src = src_match.group(1) if src_match else ""
            _check_image_address(src, line, path, problems)
            if _ALT.search(tag):
                return tag
            problems.append(
                warning(path, line, f'ảnh `{src}` (viết bằng HTML) thiếu mô tả cho người khiếm thị; thêm alt="mô tả ảnh" vào thẻ <img>')
            )
            return tag[:4] + ' alt=""' + tag[4:]

        html = _IMG.sub(check_image, html)

        def rewrite(match: re.Match) -> str:
            written = match.group(3)
            target = resolve(html_module.unescape(written), page_url)
            if target is None:
                return match.group(0)
            links.append(Link(target, line, "src" in match.group(1).lower(), _written(html_module.unescape(written), target)))
            return f"{match.group(1)}{match.group(2)}{html_module.escape(relative(target, page_url))}{match.group(2)}"

        return _URL_ATTR.sub(rewrite, html)


def _written(reference: str, target: str) -> str:
    """What a message quotes besides the site path: the reference as written, when it was relative."""
    return "" if reference == target else reference


def _check_image_address(src: str, line: int, path: str, problems: list[Problem]) -> None:
    if src.lower().startswith("http://"):
        problems.append(
            warning(
                path,
                line,
                f"ảnh `{src}` dùng http:// (không mã hóa): trình duyệt sẽ chặn nó trên trang; dùng địa chỉ https:// "
                "hoặc chép ảnh vào static/images/ rồi viết /images/tên-ảnh",
            )
        )


def _unsafe_scheme(url: str) -> bool:
    scheme = _SCHEME.match(url)
    return scheme is not None and scheme.group(1).lower() not in SAFE_SCHEMES


def _alignment_to_class(token) -> None:
    """Table alignment as a class: inline `style` would need 'unsafe-inline' in the CSP."""
    style = str(token.attrGet("style") or "")
    if style.startswith("text-align:"):
        token.attrs.pop("style", None)
        token.attrSet("class", "align-" + style.split(":", 1)[1].strip())


def _plain_text(inline_token) -> str:
    parts = []
    for child in inline_token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def shorten(text: str, limit: int = 200) -> str:
    """Cut at a word boundary so a summary never ends mid-syllable."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
