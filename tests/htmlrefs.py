"""Read links out of built HTML (stdlib parser) and resolve them inside the output folder."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

URL_ATTRIBUTES = {"href", "src", "action"}


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                self.refs.append((tag, name, value))
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content") or ""
        if tag == "link" and values.get("rel") == "canonical":
            self.meta["canonical"] = values.get("href") or ""


def parse(html: str) -> _Refs:
    parser = _Refs()
    parser.feed(html)
    return parser


def resolve(output: Path, page_file: Path, ref: str) -> Path | None:
    """The file a relative reference on `page_file` points at, or None for external ones."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or ref.startswith(("#", "mailto:", "tel:")) or not parts.path:
        return None
    if parts.path.startswith("/"):
        raise AssertionError(f"{page_file}: root-relative link {ref!r} breaks under a sub-path")
    base = page_file.parent.relative_to(output).as_posix()
    target = posixpath.normpath(posixpath.join(base, parts.path))
    if target.startswith(".."):
        raise AssertionError(f"{page_file}: link {ref!r} leaves the site")
    path = output / target
    return path / "index.html" if parts.path.endswith("/") or path.is_dir() else path
