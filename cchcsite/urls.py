"""Site URLs. Pages link to each other relatively, so the same output works
under any sub-path and straight from a plain static server."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote


def is_site_path(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//")


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]+:")  # two letters at least: `C:\\...` is a Windows path


def resolve(reference: str, page_url: str) -> str | None:
    """The site path a link or image written in a page means, as a browser reads it on that page:
    `anh.jpg` on `/tin-tuc/abc/` → `/tin-tuc/abc/anh.jpg`, `../van-ban/x/` → `/tin-tuc/van-ban/x/`,
    `/thu-tuc/` stays. None for what is not a site path: a web or mail address (`https:`, `mailto:`,
    `//host`), or a place on the same page (`#muc`, `?q=`, empty). Query and fragment are kept, the
    escaping as written (`%20`); `..` never climbs above the site's root (its base path).

    Every check and every stage that needs the file or page behind a reference (links, images,
    the image stage) asks here, so they all agree with the browser.
    """
    if not reference or reference.startswith(("#", "?", "//")) or _SCHEME.match(reference):
        return None
    path, suffix = reference, ""
    cut_at = min((i for i in (reference.find("?"), reference.find("#")) if i >= 0), default=-1)
    if cut_at >= 0:
        path, suffix = reference[:cut_at], reference[cut_at:]
    if not path.startswith("/"):
        path = page_url[: page_url.rfind("/") + 1] + path
    segments = path.split("/")[1:]
    parts: list[str] = []
    for segment in segments:
        if segment == "..":
            if parts:
                parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    folder = segments[-1] in ("", ".", "..") and parts
    return "/" + "/".join(parts) + ("/" if folder else "") + suffix


def relative(target: str, from_url: str) -> str:
    """`/thu-tuc/` seen from `/tin-tuc/abc/` → `../../thu-tuc/` (the shortest such path).

    Called for every link of every page, hence plain string steps: climb out of
    the page's folder until the folders the two paths share.
    """
    if not is_site_path(target):
        return target
    path, suffix = target, ""
    if "?" in target or "#" in target:
        cut_at = min(i for i in (target.find("?"), target.find("#")) if i >= 0)
        path, suffix = target[:cut_at], target[cut_at:]
    from_dir = from_url[: from_url.rfind("/") + 1]
    if path.startswith(from_dir):
        return (path[len(from_dir) :] or "./") + suffix
    ups, cut = from_dir.count("/") - 1, 1
    while (slash := path.find("/", cut)) >= 0 and path[cut : slash + 1] == from_dir[cut : slash + 1]:
        cut, ups = slash + 1, ups - 1
    return ("../" * ups + path[cut:] or "./") + suffix


def output_file(url: str) -> str:
    """`/tin-tuc/abc/` → `tin-tuc/abc/index.html`; `/feed.xml` → `feed.xml`."""
    path = url.lstrip("/")
    return path + "index.html" if url.endswith("/") else path


def strip_fragment(href: str) -> str:
    return href.split("#", 1)[0].split("?", 1)[0]


def site_file(href: str) -> str:
    """The file a site path names, as `scan_static` lists it: `/images/%E1%BA%A2nh%20(1).JPG#x`
    (how Markdown writes `</images/Ảnh (1).JPG>`) → `/images/Ảnh (1).JPG`, accents in NFC."""
    clean = strip_fragment(href)
    return unicodedata.normalize("NFC", unquote(clean)) if "%" in clean or not clean.isascii() else clean


def top_levels(paths) -> set[str]:
    """The first part of each site path: `/tin-tuc/` for a folder, `/feed.xml` for a file at the top."""
    found = set()
    for path in paths:
        first, _, rest = path.lstrip("/").partition("/")
        if first:
            found.add(f"/{first}/" if rest or path.endswith("/") else f"/{first}")
    return found


def ancestors(url: str) -> list[str]:
    """`/tin-tuc/trang/2/` → [`/tin-tuc/`, `/tin-tuc/trang/`]: the folders above a page, outermost first."""
    parts = url.strip("/").split("/")
    return ["/" + "/".join(parts[:depth]) + "/" for depth in range(1, len(parts))]
