"""Photos in pages: what the image stage (cchcsite/images.py) made, and the one place where a
page's `<img>` tags become `<picture>` with widths, formats, sizes and dimensions.

`with_pictures` runs on every rendered HTML page, after its template: Markdown bodies (whatever
renderer made them), raw HTML and a theme's own templates are treated alike, and a page keeps
naming its photos by their original site paths (`/images/Ảnh hội nghị (1).JPG`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from ..content.page import Page
from ..schema import PHOTO_SUFFIXES
from ..urls import relative, site_file

# The content column of the default theme (site.css: `--measure` 44rem inside 1rem padding); an
# `<img sizes="…">` of a theme's own template wins.
SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
MEDIA_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}


@dataclass(frozen=True)
class Rendition:
    url: str  # site path of the file written: `/assets/photos/anh-hoi-nghi-1.3f2a9c1b5e.720.webp`
    width: int
    height: int
    format: str  # jpeg, png, webp, avif


@dataclass(frozen=True)
class Photo:
    """A photo pages show: its widths in every format offered, the last format the `<img>` fallback."""

    url: str  # the original's site path, as pages name it (NFC)
    width: int  # as shown (turned upright), of the widest rendition
    height: int
    renditions: tuple[Rendition, ...]

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.format for r in self.renditions))

    def srcset(self, format: str, from_url: str) -> str:
        chosen = sorted((r for r in self.renditions if r.format == format), key=lambda r: r.width)
        return ", ".join(f"{relative(r.url, from_url)} {r.width}w" for r in chosen)

    def fallback(self) -> Rendition:
        """What a browser without `srcset` loads: a phone-sized one."""
        candidates = [r for r in self.renditions if r.format == self.formats[-1]]
        return max((r for r in candidates if r.width <= 1080), key=lambda r: r.width, default=candidates[0])


@dataclass(frozen=True)
class Photos:
    """What the stage made: the photos pages show, share images, and every file it publishes."""

    shown: dict[str, Photo] = field(default_factory=dict)  # original's site path → photo
    shares: dict[str, Rendition] = field(default_factory=dict)  # original's site path → its share image
    files: dict[str, str] = field(default_factory=dict)  # output path → stored file (renditions, share images, clean copies)
    withheld: frozenset[str] = frozenset()  # photo files of static/ published by this stage only (not copied as they are)
    encoded: int = 0  # products encoded by this build (0 when all were in the store)
    fingerprint: str = ""  # changes whenever any of the above does

    @property
    def keys(self) -> set[str]:
        """The store keys of every product published (each stored file is named `<key>.<name>`)."""
        return {stored.rsplit("/", 1)[-1].split(".", 1)[0] for stored in self.files.values()}

    def share_for(self, page: Page | None) -> Rendition | None:
        source = share_source(page) if page is not None else None
        return self.shares.get(source) if source else None


NO_PHOTOS = Photos()


def is_photo(url: str) -> bool:
    return url.lower().endswith(PHOTO_SUFFIXES)


def share_source(page: Page) -> str | None:
    """The photo a page is shared with: its `image:`, else the first photo of its text."""
    if page.meta.image and is_photo(page.meta.image):
        return site_file(page.meta.image)
    return next((site_file(link.target) for link in page.links if link.is_image and is_photo(site_file(link.target))), None)


_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_REPLACED = {"src", "srcset", "sizes", "width", "height", "loading", "decoding", "fetchpriority"}


def with_pictures(html: str, page_url: str, base_path: str, photos: Photos) -> str:
    """Every `<img>` of a page that shows a photo of the stage becomes a `<picture>`: its widths in
    each format, `sizes`, the photo's `width`/`height` (no jump as it loads), `decoding="async"`, and
    `loading="lazy"` unless it is the page's first photo (likely on the first screen: fetched first).
    An `<img>` that says `loading`, `sizes` or `width` keeps what it says; one with its own `srcset` is left alone."""
    if not photos.shown or "<img" not in html:
        return html
    first = [True]

    def picture(match: re.Match) -> str:
        tag = match.group(0)
        attributes = _attributes(tag)
        photo = photos.shown.get(_site_path(attributes.get("src") or "", page_url, base_path))
        if photo is None or "srcset" in attributes:
            return tag
        is_first, first[0] = first[0], False
        return _picture(photo, attributes, page_url, is_first)

    return _IMG.sub(picture, html)


def _attributes(tag: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(tag[4:].rstrip(">").rstrip("/")):
        value = double or bare or single.replace('"', "&quot;")
        found.setdefault(name.lower(), value)
    return found


def _site_path(src: str, page_url: str, base_path: str) -> str:
    if not src or ":" in src.split("/", 1)[0] or src.startswith("//"):
        return ""
    if src.startswith("/"):  # 404.html names files from the base path: it is served at any depth
        if not src.startswith(base_path):
            return ""
        return site_file("/" + src[len(base_path) :])
    joined = posixpath.normpath(posixpath.join(page_url[: page_url.rfind("/") + 1], src))
    return site_file(joined)


def _picture(photo: Photo, attributes: dict[str, str], page_url: str, first: bool) -> str:
    width, height = photo.width, photo.height
    given = attributes.get("width", "")
    if given.isdigit() and int(given) > 0:  # raw HTML that sets its own width: the height follows
        width = int(given)
        height = int(attributes["height"]) if attributes.get("height", "").isdigit() else max(1, round(photo.height * width / photo.width))
    sizes = attributes.get("sizes") or (f"{width}px" if given.isdigit() else SIZES)
    loading = attributes.get("loading") or ("" if first else "lazy")
    formats = photo.formats
    sources = "".join(
        f'<source type="{MEDIA_TYPES[format]}" srcset="{photo.srcset(format, page_url)}" sizes="{sizes}">' for format in formats[:-1]
    )
    kept = "".join(f' {name}="{value}"' for name, value in attributes.items() if name not in _REPLACED)
    extra = f' loading="{loading}"' if loading else ""
    if first and loading != "lazy":
        extra += ' fetchpriority="high"'
    image = (
        f'<img src="{relative(photo.fallback().url, page_url)}" srcset="{photo.srcset(formats[-1], page_url)}" sizes="{sizes}" '
        f'width="{width}" height="{height}"{kept}{extra} decoding="async">'
    )
    return f"<picture>{sources}{image}</picture>"
