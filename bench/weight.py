"""Page weight per kind of page on the demo site: HTML + CSS (+ JS where a page has any), raw and
gzip'd, the photos a phone at 360 px (device pixel ratio 2) downloads, and any third-party request
(goal: none; procedure page ≤ 30 KB gzip; each photo ≤ 200 KB).

    python bench/weight.py
"""

from __future__ import annotations

import gzip
import posixpath
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page_kinds import first_url_per_kind  # noqa: E402
from cchcsite.pipeline import BuildOptions, build  # noqa: E402
from cchcsite.urls import output_file  # noqa: E402

BUDGET_PROCEDURE = 30 * 1024
BUDGET_PHOTO = 200 * 1024  # what one photo may cost a phone on a 400 kbps link: 4 seconds
PHONE_PIXELS = 2 * (360 - 32)  # a photo's slot at 360 CSS px (the column less its padding), 2 device pixels each


class Resources(HTMLParser):
    """What a browser fetches to show the page: stylesheets, scripts, frames, and for each photo the
    file a phone picks: in a <picture> the first <source> (WebP) it reads, else the <img>."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.picture_source: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") in ("stylesheet", "icon", "preload"):
            self.found.append(("css" if values.get("rel") == "stylesheet" else "other", values.get("href") or ""))
        elif tag == "script" and values.get("src"):
            self.found.append(("js", values["src"]))
        elif tag == "source" and values.get("srcset") and self.picture_source is None:
            self.picture_source = values["srcset"]
        elif tag == "img" and (values.get("src") or values.get("srcset")):
            self.found.append(("img", phone_choice(self.picture_source or values.get("srcset") or "", values.get("src") or "")))
            self.picture_source = None
        elif tag == "iframe" and values.get("src"):
            self.found.append(("iframe", values["src"]))


def phone_choice(srcset: str, src: str) -> str:
    """The narrowest candidate at least as wide as the slot in device pixels (the widest if none is)."""
    candidates = sorted((int(width.rstrip("w")), url) for url, width in (c.rsplit(" ", 1) for c in srcset.split(", ") if " " in c))
    return next((url for width, url in candidates if width >= PHONE_PIXELS), candidates[-1][1] if candidates else src)


@dataclass
class Weight:
    html_gz: int
    css_js_gz: int = 0
    photos: list[int] = field(default_factory=list)  # bytes of each image a phone downloads (photos, a logo)
    third_party: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html_gz + self.css_js_gz + sum(self.photos)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def page_weight(output: Path, page: Path) -> Weight:
    html = page.read_bytes()
    parser = Resources()
    parser.feed(html.decode("utf-8"))
    weight = Weight(gz(html))
    for what, ref in parser.found:
        if ref.startswith(("http://", "https://", "//")):
            weight.third_party.append(ref)
            continue
        target = output / posixpath.normpath(posixpath.join(page.parent.relative_to(output).as_posix(), unquote(ref.split("?")[0])))
        if what in ("css", "js"):
            weight.css_js_gz += gz(target.read_bytes())
        elif what == "img" and target.is_file():
            weight.photos.append(target.stat().st_size)  # photos are sent as they are (already compressed)
    return weight


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "out"
        result = build(BuildOptions(site_dir=ROOT, output=output))
        assert result.ok, result.report.errors
        print(f"{'kind':22} {'HTML':>8} {'+CSS/JS':>8} {'images':>8} {'total':>9}  third-party")
        for kind, url in first_url_per_kind(result.routes.all).items():
            weight = page_weight(output, output / output_file(url))
            marks = []
            if kind == "thủ tục" and weight.total > BUDGET_PROCEDURE:
                marks.append("over budget!")
            if any(size > BUDGET_PHOTO for size in weight.photos):
                marks.append("a photo over 200 KB!")
            print(
                f"{kind:22} {weight.html_gz / 1024:7.1f}K {weight.css_js_gz / 1024:7.1f}K {sum(weight.photos) / 1024:7.1f}K "
                f"{weight.total / 1024:8.1f}K  {len(weight.third_party) or 'none'}  {' '.join(marks)}"
            )


if __name__ == "__main__":
    main()
