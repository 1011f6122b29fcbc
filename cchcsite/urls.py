"""Site URLs. Pages link to each other relatively, so the same output works
under any sub-path and straight from a plain static server."""
from __future__ import annotations

import posixpath
from urllib.parse import urlsplit


def is_site_path(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//")


def relative(target: str, from_url: str) -> str:
    """`/thu-tuc/` seen from `/tin-tuc/abc/` → `../../thu-tuc/`."""
    if not is_site_path(target):
        return target
    parts = urlsplit(target)
    path = parts.path
    from_dir = from_url if from_url.endswith("/") else from_url.rsplit("/", 1)[0] + "/"
    rel = posixpath.relpath(path, from_dir)
    if rel == ".":
        rel = "./"
    elif path.endswith("/"):
        rel += "/"
    if parts.query:
        rel += "?" + parts.query
    if parts.fragment:
        rel += "#" + parts.fragment
    return rel


def output_file(url: str) -> str:
    """`/tin-tuc/abc/` → `tin-tuc/abc/index.html`; `/feed.xml` → `feed.xml`."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path


def strip_fragment(href: str) -> str:
    return href.split("#", 1)[0].split("?", 1)[0]
