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
_NUL_ENTITY = re.compile(r"&#0*(?:x0*)?0;", re.I)
_JAVASCRIPT = re.compile("javascript:", re.I)
_BACKSLASH_BEFORE_SPACES = re.compile(r"\\[ \t]+$", re.M)
# pulldown-cmark writes XHTML-style void tags and compact tables; markdown-it-py does not. One pattern
# with a literal first character, so the scan jumps from `<` to `<`.
_TAG = re.compile(
    r"<(?:(a |img )|h([1-6])>|(hr />|br />|/?del>)|(t[hd]) style=\"text-align: (left|center|right)\">"
    r"|((?:table|thead|tbody|tr|/th|/td|/tr|/thead|/tbody)>)\n?)"
)
# Python's strip() (markdown-it-py) also strips Unicode spaces (a no-break space from Word) next to
# the spaces around a line's text; CommonMark does not. Between two words they are only text.
_UNICODE_SPACE = re.compile(r"[^\S \t\n]")
_UNICODE_SPACE_IN_TEXT = re.compile(r"(?<=[\w.,;:!?)\]\"'%])[^\S \t\n](?=\S)")
# A fence's info string is split at spaces: Python's split() also splits at Unicode ones (an entity may be one).
_FENCE_WITH_ODD_SPACE = re.compile(r"^[ \t>*+0-9.)-]*(?:```|~~~)[^\n]*(?:[^\S \t\n]|&)", re.M)
_TAB_AT_END = re.compile(r"\t[ \t]*$", re.M)  # markdown-it-py keeps it in a paragraph's line
# A tab in a heading's or a fence's line: the engines split its closing `#`s or its info string differently.
_TAB_IN_HEADING_OR_FENCE = re.compile(r"^[ \t>*+0-9.)-]*(?:#|```|~~~)[^\n]*\t", re.M)
# A line that could be a table's delimiter row: markdown-it-py also finds tables pulldown-cmark does not.
_DELIMITER_ROW = re.compile(r"[ \t>]*[|:-][|: \t-]*")
_TEXT_QUOTE = re.compile(r'"(?=[^<>]*(?:<|$))')  # a quote in text, not an attribute's (markdown-it-py escapes it)
# Written by pulldown-cmark only (as found in its HTML, as laid out): empty blocks, and `'` escaped
# in a code block's language class.
_ENGINE_ONLY = (
    ("<blockquote>\n</blockquote>", "<blockquote>\n</blockquote>", "<blockquote></blockquote>"),
    ("<tbody>\n</tbody>", "<tbody>\n</tbody>\n", ""),
    ("&#39;", "&#39;", "'"),
)
_VOID = {"hr />": "<hr>", "br />": "<br>", "del>": "<s>", "/del>": "</s>"}
_STRIKE_EDGE = re.compile(r"(?:(?<=^)|(?<=[\s(]))~~(?=\w)|(?<=\w)~~(?=$|[\s.,;:!?)])", re.M)
_INLINE = frozenset({"Emphasis", "Strong", "Strikethrough"})
_ALT_PARTS = _INLINE  # markup allowed inside an image's description: only its text is kept
_LINK_TYPES = frozenset({"Inline", "Reference", "Collapsed", "Shortcut"})
_CONTAINERS = frozenset({"BlockQuote", "List", "Item", "Table", "TableHead", "TableRow"})
_INLINE_KINDS = {"Paragraph": "p", "Heading": "h", "TableCell": "cell"}


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
    """A cheap look at the source for what the engine is never asked to render: substring tests
    first, each pattern only where what it looks for can be."""
    if "<" in text or "[^" in text or "]:" in text or "\r" in text or "\x00" in text:
        return False
    if ("&#" in text and _NUL_ENTITY.search(text)) or (":" in text and _JAVASCRIPT.search(text)):
        return False
    if ("\\" in text and _BACKSLASH_BEFORE_SPACES.search(text)) or ("~" in text and not _plain_strikethrough(text)):
        return False
    if "\t" in text and (_TAB_AT_END.search(text) or _TAB_IN_HEADING_OR_FENCE.search(text)):
        return False
    ascii_only = text.isascii()
    if not ascii_only and _UNICODE_SPACE.search(text) and not _unicode_spaces_are_text(text):
        return False
    fenced = "```" in text or "~~~" in text
    return not (fenced and (not ascii_only or "&" in text) and _FENCE_WITH_ODD_SPACE.search(text))


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
    try:
        scan = _Scan(text, first_line)
        scan.read(pyromark.events_with_range(text, options=_OPTIONS))
        if "|" in text and scan.tables != _delimiter_rows(text):
            raise _Refused
        return _layout(text, pyromark.html(text, options=_OPTIONS), scan)
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
        self.image: dict | None = None  # the image being read, its description parts, start and line
        self.image_alt: list[str] = []
        self.image_start = self.image_line = 0
        self.heading: tuple[int, int, list[str]] | None = None  # the open heading's slot, level and text parts
        self.paragraph: list[str] | None = None  # parts of the paragraph being read, until one has text
        self.first_paragraph = ""
        self.runs: list[str] = []
        self.run: list[str] = []  # the text token being read
        self.span: list[str] = []  # all text since the last other markup
        self.code_block = False
        self.tables = 0
        self.item_opened = False  # the last event opened a list item (an empty one ends at the next)

    def read(self, events) -> None:
        ends_open = not self.text.endswith("\n")
        size = len(self.data)
        for event, span in events:
            start = span["start"]
            if type(event) is str:
                self.mark(event, start)
                continue
            kind = next(iter(event))
            value = event[kind]
            if kind == "Text":
                self.text_event(value, start)
            elif kind == "Start":
                self.start(value, start)
            elif kind == "End":
                self.end(value)
                if ends_open and value == "CodeBlock" and span["end"] == size:
                    raise _Refused  # code on the last line without a line end: the engines end it differently
            elif kind == "Code":
                self.code(value, start)
            else:
                raise _Refused
        if self.image is not None or (self.inline is not None and self.inline != "p"):
            raise _Refused
        self.end_implicit()
        self.end_run()

    def line(self) -> int:
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer(b"\n", self.data)]
        return self.first_line + bisect.bisect_left(self.newlines, self.inline_at) + self.breaks

    def mark(self, event: str, start: int) -> None:
        self.item_opened = False
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

    def code(self, value: str, start: int) -> None:
        self.item_opened = False
        self.begin_implicit(start)
        self.end_run()
        self.inline_text(value)

    def inline_text(self, value: str) -> bool:
        """Text or code: to the image description being read (then True), else to the heading's
        text and the paragraph's being read."""
        if self.image is not None:
            self.image_alt.append(value)
            return True
        if self.heading is not None:
            self.heading[2].append(value)
        if self.paragraph is not None:
            self.paragraph.append(value)
        return False

    def text_event(self, value: str, start: int) -> None:
        self.item_opened = False
        if self.code_block:
            return
        if self.inline is None:
            self.begin_implicit(start)
        if not self.inline_text(value) and self.links == 0:
            self.linkify_text(value, start)

    def linkify_text(self, value: str, start: int) -> None:
        """markdown-it-py's linkify reads text tokens, cut at escapes and entities (joined only
        later): the same cuts, and the whole run between other markup too, to be sure."""
        self.span.append(value)
        if start and self.data[start - 1] == 0x5C:  # a backslash: an escaped character, then text
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
        name = value if type(value) is str else next(iter(value))
        self.item_opened = False
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
                self.image, self.image_alt = data, []
                self.image_start, self.image_line = start, self.line()
        elif name in ("Paragraph", "Heading", "TableCell"):
            self.end_implicit()
            self.inline, self.inline_at, self.breaks = _INLINE_KINDS[name], start, 0
            if name == "Paragraph" and not self.first_paragraph:
                self.paragraph = []
            if name == "Heading":  # its slot comes before the links inside it; filled in at its end
                level = int(value[name]["level"][1])
                self.heading = (len(self.slots), level, [])
                self.slots.append(Heading(level, ""))
        elif name in _CONTAINERS:
            self.end_implicit()
            if name == "Table":
                if self.blocks:
                    raise _Refused  # markdown-it-py reads a table's rows past a quote's or list's end
                self.tables += 1
            self.blocks.append(name)
            self.item_opened = name == "Item"
        elif name == "CodeBlock":
            self.end_implicit()
            self.code_block = True
        else:
            raise _Refused

    def end(self, value) -> None:
        name = value if type(value) is str else next(iter(value))
        if self.item_opened and name == "Item":
            raise _Refused  # an empty list item: the engines end the list after it at different places
        self.item_opened = False
        if name in _INLINE:
            self.end_run()
        elif name == "Link":
            self.end_run()
            self.links -= 1
        elif name == "Image":
            self.end_image()
        elif name in ("Paragraph", "Heading", "TableCell"):
            self.end_inline()
        elif name in _CONTAINERS:
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
            at, level, parts = self.heading
            self.slots[at] = Heading(level, "".join(parts))
            self.heading = None
        if self.paragraph is not None:
            found = "".join(self.paragraph)
            if found.strip():
                self.first_paragraph = found
            self.paragraph = None
        self.inline = None

    def end_image(self) -> None:
        data, alt = self.image or {}, "".join(self.image_alt)
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


def _layout(text: str, html: str, scan: _Scan) -> Parsed:
    """Cut the engine's HTML at the slots and put it in markdown-it-py's layout, in one pass."""
    pieces: list[str] = []
    piece: list[str] = []
    slots = scan.slots
    used = 0
    last = 0
    for match in _TAG.finditer(html):
        piece.append(html[last : match.start()])
        last = match.end()
        opened, level, void, cell, align, table = match.groups()
        if opened or level:
            if used == len(slots) or not isinstance(slots[used], Heading if level else (Anchor if opened == "a " else Picture)):
                raise _Refused
            if opened:
                last = html.index(">", last) + 1
            pieces.append("".join(piece))
            piece = []
            used += 1
        elif void:
            piece.append(_VOID[void])
        elif cell:
            piece.append(f'<{cell} class="align-{align}">')
        else:
            piece.append(f"<{table}\n")
    if used != len(slots):
        raise _Refused
    piece.append(html[last:])
    pieces.append("".join(piece))
    for found, laid_out, markdown_it in _ENGINE_ONLY:
        if found in html:
            pieces = [part.replace(laid_out, markdown_it) for part in pieces]
    if '"' in text or "&" in text:
        pieces = [_TEXT_QUOTE.sub("&quot;", part) if '"' in part else part for part in pieces]
    return Parsed(tuple(pieces), tuple(slots), scan.first_paragraph, tuple(scan.runs))
