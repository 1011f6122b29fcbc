"""A compiled CommonMark engine (pulldown-cmark, through pyromark) for the bodies it renders as
markdown-it-py does: about forty times faster, and Markdown is a third of a cold build.

`parse` gives the HTML in markdown-it-py's own layout, cut where the project's rules write
(link and image tags, heading ids), with what those rules need (destinations, source lines,
alt text, heading text, the first paragraph); or None for any body it cannot promise to
render the same, which then goes to markdown-it-py. It refuses what it does not model: raw HTML
(any `<`), footnotes, `~` other than strikethrough pairs, `javascript:`, reference
definitions, bare addresses linkify-it would turn into links, and any event it does not know.
The differential test (tests/test_markdown_paths.py) holds the two paths to the same output.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import pyromark

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
_REFUSED = re.compile(r"<|\[\^|javascript:|\]:|\r|\x00|&#0*(?:x0*)?0;|\\[ \t]+$", re.I | re.M)
# pulldown-cmark writes XHTML-style void tags and compact tables; markdown-it-py does not.
_LAYOUT = re.compile(
    r"<(?:a|img) [^>]*>|<h[1-6]>|<(t[hd]) style=\"text-align: (left|center|right)\">|<hr />|<br />|<(/?)del>"
    r"|(<(?:table|thead|tbody|tr)>|</(?:th|td|tr|thead|tbody)>)\n?"
)
# Python's strip() (markdown-it-py) also strips Unicode spaces (a no-break space from Word) next to
# the spaces around a line's text; CommonMark does not. Between two words they are only text.
_UNICODE_SPACE = re.compile(r"[^\S \t\n]")
_UNICODE_SPACE_IN_TEXT = re.compile(r"(?<=[\w.,;:!?)\]\"'%])[^\S \t\n](?=\S)")
# A fence's info string is split at spaces: Python's split() also splits at Unicode ones (an entity may be one).
_FENCE_WITH_ODD_SPACE = re.compile(r"^[ \t>*+0-9.)-]*(?:```|~~~)[^\n]*(?:[^\S \t\n]|&)", re.M)
# An empty list item before a blank line: the two engines end the list at different places.
_EMPTY_ITEM = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(?:[-*+]|\d{1,9}[.)])[ \t]*\n[ \t>]*$", re.M)
_TAB_AT_END = re.compile(r"\t[ \t]*$", re.M)  # markdown-it-py keeps it in a paragraph's line
# A tab in a heading's or a fence's line: the engines split its closing `#`s or its info string differently.
_TAB_IN_HEADING_OR_FENCE = re.compile(r"^[ \t>*+0-9.)-]*(?:#|```|~~~)[^\n]*\t", re.M)
# A line that could be a table's delimiter row: markdown-it-py also finds tables pulldown-cmark does not.
_DELIMITER_ROW = re.compile(r"[ \t>]*[|:-][|: \t-]*")
_TEXT_QUOTE = re.compile(r'"(?=[^<>]*(?:<|$))')  # a quote in text, not an attribute's (markdown-it-py escapes it)
# Written by pulldown-cmark only: empty blocks, and `'` escaped in a code block's language class.
_ENGINE_ONLY = (("<blockquote>\n</blockquote>", "<blockquote></blockquote>"), ("<tbody>\n</tbody>\n", ""), ("&#39;", "'"))
_STRIKE_EDGE = re.compile(r"(?:(?<=^)|(?<=[\s(]))~~(?=\w)|(?<=\w)~~(?=$|[\s.,;:!?)])", re.M)
_CODE_END = {"End": "CodeBlock"}
_INLINE = frozenset({"Emphasis", "Strong", "Strikethrough"})
_ALT_PARTS = _INLINE  # markup allowed inside an image's description: only its text is kept
_LINK_TYPES = frozenset({"Inline", "Reference", "Collapsed", "Shortcut"})


@dataclass(frozen=True)
class Anchor:
    """An `<a>` tag to write: the destination as written (escapes and entities decoded)."""

    destination: str
    title: str
    line: int


@dataclass(frozen=True)
class Picture:
    destination: str
    title: str
    line: int
    alt: str  # as markdown-it-py writes it: text and code, line breaks as "\n"
    described: bool  # the brackets hold more than spaces


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # text and code only, as markdown-it-py's anchors read it


@dataclass(frozen=True)
class Parsed:
    pieces: tuple[str, ...]  # HTML around the slots: pieces[0] slot[0] pieces[1] …
    slots: tuple[Anchor | Picture | Heading, ...]
    first_paragraph: str  # text of the first paragraph with any, not yet collapsed
    text_runs: tuple[str, ...]  # text outside links, code and images, for the linkify check


class _Refused(Exception):
    """The body has something this engine is not trusted to render as markdown-it-py does."""


def eligible(text: str) -> bool:
    """A cheap look at the source for what the engine is never asked to render."""
    return (
        _REFUSED.search(text) is None
        and ("~" not in text or _plain_strikethrough(text))
        and (text.isascii() or _unicode_spaces_are_text(text))
        and ((text.isascii() and "&" not in text) or _FENCE_WITH_ODD_SPACE.search(text) is None)
        and ("\t" not in text or (_TAB_AT_END.search(text) is None and _TAB_IN_HEADING_OR_FENCE.search(text) is None))
        and _EMPTY_ITEM.search(text) is None
    )


def _plain_strikethrough(text: str) -> bool:
    """Only `~~` opening before a word or closing after one: pulldown-cmark's flanking rules for
    `~` are looser than markdown-it-py's."""
    return "~" not in _STRIKE_EDGE.sub("", text)


def _delimiter_rows(text: str) -> int:
    """Lines that may be a table's delimiter row (`|---|:-:|`, or `---` under a line with a pipe)."""
    lines = text.split("\n")
    return sum(
        1
        for number, line in enumerate(lines)
        if "-" in line and _DELIMITER_ROW.fullmatch(line) and ("|" in line or (number and "|" in lines[number - 1]))
    )


def _unicode_spaces_are_text(text: str) -> bool:
    spaces = len(_UNICODE_SPACE.findall(text))
    return not spaces or spaces == len(_UNICODE_SPACE_IN_TEXT.findall(text))


def parse(text: str, first_line: int) -> Parsed | None:
    """The body cut for the project's rules, or None: markdown-it-py must render it."""
    if not eligible(text):
        return None
    ends_open = not text.endswith("\n")
    size = len(text.encode()) if ends_open else -1
    try:
        scan = _Scan(text, first_line)
        for event, span in pyromark.events_with_range(text, options=_OPTIONS):
            scan.event(event, span["start"])
            if ends_open and event == _CODE_END and span["end"] == size:
                raise _Refused  # code on the last line without a line end: the engines end it differently
        if "|" in text and scan.tables != _delimiter_rows(text):
            raise _Refused
        return _layout(pyromark.html(text, options=_OPTIONS), scan)
    except _Refused:
        return None


class _Scan:
    """One walk over the engine's events: slots in document order, lines as markdown-it-py counts them
    (the line an inline run starts on, plus the line breaks before the link, those inside image
    descriptions not counted), the first paragraph and the text runs."""

    def __init__(self, text: str, first_line: int):
        self.text, self.first_line = text, first_line
        self.data = text.encode()
        self.newlines: list[int] | None = None
        self.blocks: list[str] = []  # open block containers
        self.slots: list[Anchor | Picture | Heading] = []
        self.inline: str | None = None  # "p" (a paragraph, also a tight list item's), "h", "cell"
        self.inline_at = 0  # byte offset where the inline run started
        self.breaks = 0
        self.links = 0  # depth inside links
        self.image: dict | None = None  # the image being read: its event, description parts, start
        self.image_alt: list[str] = []
        self.heading: tuple[int, list[str]] | None = None  # the open heading's slot and text parts
        self.paragraph: list[str] | None = None  # parts of the paragraph being read, until one has text
        self.first_paragraph = ""
        self.runs: list[str] = []
        self.run: list[str] = []  # the text token being read
        self.span: list[str] = []  # all text since the last other markup
        self.code_block = False
        self.tables = 0

    def line(self) -> int:
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer(b"\n", self.data)]
        return self.first_line + bisect.bisect_left(self.newlines, self.inline_at) + self.breaks

    def event(self, event, start: int) -> None:
        if isinstance(event, str):
            if event in ("SoftBreak", "HardBreak"):
                self.begin_implicit(start)
                self.end_run()
                if self.image is not None:
                    self.image_alt.append("\n")
                    return
                self.breaks += 1
                if self.paragraph is not None:
                    self.paragraph.append(" ")
            elif event == "Rule":
                self.end_implicit()
            else:
                raise _Refused
            return
        kind, value = next(iter(event.items()))
        if kind == "Text":
            self.text_event(value, start)
        elif kind == "Code":
            self.begin_implicit(start)
            self.end_run()
            if self.image is not None:
                self.image_alt.append(value)
                return
            if self.heading is not None:
                self.heading[1].append(value)
            if self.paragraph is not None:
                self.paragraph.append(value)
        elif kind == "Start":
            self.start(value, start)
        elif kind == "End":
            self.end(value)
        else:
            raise _Refused

    def text_event(self, value: str, start: int) -> None:
        if self.code_block:
            return
        self.begin_implicit(start)
        if self.image is not None:
            self.image_alt.append(value)
            return
        if self.heading is not None:
            self.heading[1].append(value)
        if self.paragraph is not None:
            self.paragraph.append(value)
        if self.links == 0:
            self.linkify_text(value, start)

    def linkify_text(self, value: str, start: int) -> None:
        """markdown-it-py's linkify reads text tokens, cut at escapes and entities (joined only
        later): the same cuts, and the whole run between other markup too, to be sure."""
        self.span.append(value)
        if self.data[start - 1 : start] == b"\\":  # an escaped character, then text
            self.cut_token()
            self.run.append(value[1:])
        elif value != self.data[start : start + len(value.encode())].decode(errors="replace"):  # an entity
            self.cut_token()
        else:
            self.run.append(value)

    def cut_token(self) -> None:
        if self.run:
            self.runs.append("".join(self.run))
            self.run = []

    def start(self, value, start: int) -> None:
        name = value if isinstance(value, str) else next(iter(value))
        if self.image is not None and name not in _ALT_PARTS:
            raise _Refused  # a link or image inside a description: markdown-it-py keeps other text
        if name in _INLINE:
            self.begin_implicit(start)
            self.end_run()
        elif name in ("Link", "Image"):
            self.begin_implicit(start)
            self.end_run()
            data = value[name]
            if data["link_type"] not in _LINK_TYPES:
                raise _Refused
            if name == "Link":
                self.links += 1
                self.slots.append(Anchor(data["dest_url"], data["title"], self.line()))
            else:
                self.image = data
                self.image_alt = []
                self.image_start = start
                self.image_line = self.line()
        elif name in ("Paragraph", "Heading", "TableCell"):
            self.end_implicit()
            self.inline, self.inline_at, self.breaks = {"Paragraph": "p", "Heading": "h", "TableCell": "cell"}[name], start, 0
            if name == "Paragraph" and not self.first_paragraph:
                self.paragraph = []
            if name == "Heading":  # its slot comes before the links inside it; filled in at its end
                self.heading = (len(self.slots), [])
                self.slots.append(Heading(int(value[name]["level"][1]), ""))
        elif name in ("BlockQuote", "List", "Item", "Table", "TableHead", "TableRow"):
            self.end_implicit()
            if name == "Table":
                if self.blocks:
                    raise _Refused  # markdown-it-py reads a table's rows past a quote's or list's end
                self.tables += 1
            self.blocks.append(name)
        elif name == "CodeBlock":
            self.end_implicit()
            self.code_block = True
        else:
            raise _Refused

    def end(self, value) -> None:
        name = value if isinstance(value, str) else next(iter(value))
        if name in _INLINE:
            self.end_run()
        elif name == "Link":
            self.end_run()
            self.links -= 1
        elif name == "Image":
            self.end_image()
        elif name in ("Paragraph", "Heading", "TableCell"):
            self.end_inline()
        elif name in ("BlockQuote", "List", "Item", "Table", "TableHead", "TableRow"):
            self.end_implicit()
            self.blocks.pop()
        elif name == "CodeBlock":
            self.code_block = False
        else:
            raise _Refused

    def begin_implicit(self, start: int) -> None:
        """Text straight inside a tight list item: markdown-it-py reads a (hidden) paragraph there."""
        if self.inline is None:
            if not self.blocks or self.blocks[-1] != "Item":
                raise _Refused
            self.inline, self.inline_at, self.breaks = "p", start, 0
            if not self.first_paragraph:
                self.paragraph = []

    def end_implicit(self) -> None:
        if self.inline == "p" and self.blocks and self.blocks[-1] == "Item" and self.image is None:
            self.end_inline()

    def end_inline(self) -> None:
        self.end_run()
        if self.heading is not None:
            at, parts = self.heading
            self.slots[at] = Heading(self.slots[at].level, "".join(parts))
            self.heading = None
        if self.paragraph is not None:
            found = "".join(self.paragraph)
            if found.strip():
                self.first_paragraph = found
            self.paragraph = None
        self.inline = None

    def end_image(self) -> None:
        data, alt = self.image, "".join(self.image_alt)
        self.image = None
        described = True
        if "://" in alt:
            raise _Refused  # markdown-it-py links bare addresses inside a description too
        if not alt.strip():
            written = self.data[self.image_start :].decode(errors="replace")
            label = written[2 : written.find("]")] if written.startswith("![") else "?"
            if label.strip():
                raise _Refused  # an entity or code made of spaces: markdown-it-py reads the brackets' text
            described = False
        self.slots.append(Picture(data["dest_url"], data["title"], self.image_line, alt, described))

    def end_run(self) -> None:
        self.cut_token()
        if self.span:
            whole = "".join(self.span)
            if "://" in whole:
                raise _Refused  # markdown-it-py's inline linkify takes `scheme://` even where linkify-it's test says no
            if len(self.span) > 1:
                self.runs.append(whole)
        self.span = []


def _layout(html: str, scan: _Scan) -> Parsed:
    """Cut the engine's HTML at the slots and put it in markdown-it-py's layout."""
    if scan.image is not None or scan.inline is not None and scan.inline != "p":
        raise _Refused
    scan.end_implicit()
    scan.end_run()
    pieces: list[str] = []
    slots = iter(scan.slots)
    used: list[Anchor | Picture | Heading] = []
    last = 0

    def cut(at: int, end: int, expected: type) -> None:
        nonlocal last
        slot = next(slots, None)
        if not isinstance(slot, expected):
            raise _Refused
        pieces.append(html[last:at])
        used.append(slot)
        last = end

    out: list[str] = []
    for match in _LAYOUT.finditer(html):
        tag = match.group(0)
        if tag.startswith("<a "):
            cut(match.start(), match.end(), Anchor)
        elif tag.startswith("<img "):
            cut(match.start(), match.end(), Picture)
        elif tag.startswith("<h") and tag != "<hr />":
            cut(match.start(), match.end(), Heading)
    if next(slots, None) is not None:
        raise _Refused
    pieces.append(html[last:])
    for piece in pieces:
        out.append(_LAYOUT.sub(_markdown_it_layout, piece))
    for engine, markdown_it in _ENGINE_ONLY:
        out = [piece.replace(engine, markdown_it) if engine in piece else piece for piece in out]
    if '"' in "".join(out):
        out = [_TEXT_QUOTE.sub("&quot;", piece) for piece in out]
    return Parsed(tuple(out), tuple(used), scan.first_paragraph, tuple(scan.runs))


def _markdown_it_layout(match: re.Match) -> str:
    if match.group(1):
        return f'<{match.group(1)} class="align-{match.group(2)}">'
    if match.group(4):
        return match.group(4) + "\n"
    tag = match.group(0)
    if tag == "<hr />":
        return "<hr>"
    if tag == "<br />":
        return "<br>"
    if tag.endswith("del>"):
        return f"<{match.group(3)}s>"
    return tag
