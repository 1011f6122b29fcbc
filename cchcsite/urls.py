"""Site URLs. Pages link to each other relatively, so the same output works
under any sub-path and straight from a plain static server."""
from __future__ import annotations

import posixpath


def is_site_path(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//")


def relative(target: str, from_url: str) -> str:
    """`/thu-tuc/` seen from `/tin-tuc/abc/` → `../../thu-tuc/` (the shortest such path)."""
    if not is_site_path(target):
        return target
    cut_at = min((i for i in (target.find("?"), target.find("#")) if i >= 0), default=len(target))
    path, suffix = target[:cut_at], target[cut_at:]
    from_dir = from_url[: from_url.rfind("/") + 1]
    shared = posixpath.commonprefix([from_dir, path])
    cut = shared.rfind("/") + 1
    return ("../" * from_dir[cut:].count("/") + path[cut:] or "./") + suffix


def output_file(url: str) -> str:
    """`/tin-tuc/abc/` → `tin-tuc/abc/index.html`; `/feed.xml` → `feed.xml`."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path


def strip_fragment(href: str) -> str:
    return href.split("#", 1)[0].split("?", 1)[0]
