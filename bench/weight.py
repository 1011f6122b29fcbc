"""Page weight per kind of page on the demo site: HTML + CSS (+ JS where a page has any),
raw and gzip'd, and any third-party request (goal: none; procedure page ≤ 30 KB gzip).

    python bench/weight.py
"""

from __future__ import annotations

import gzip
import posixpath
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.page_kinds import first_url_per_kind  # noqa: E402
from cchcsite.pipeline import BuildOptions, build  # noqa: E402
from cchcsite.urls import output_file  # noqa: E402

BUDGET_PROCEDURE = 30 * 1024


class Resources(HTMLParser):
    """What a browser fetches to show the page: stylesheets, scripts, images, frames."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") in ("stylesheet", "icon", "preload"):
            self.found.append(("css" if values.get("rel") == "stylesheet" else "other", values.get("href") or ""))
        elif tag == "script" and values.get("src"):
            self.found.append(("js", values["src"]))
        elif tag in ("img", "iframe") and values.get("src"):
            self.found.append((tag, values["src"]))


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "out"
        result = build(BuildOptions(site_dir=ROOT, output=output))
        assert result.ok, result.report.errors
        print(f"{'kind':22} {'HTML':>8} {'+CSS/JS':>8} {'total gz':>9}  third-party")
        for kind, url in first_url_per_kind(result.routes.all).items():
            page = output / output_file(url)
            html = page.read_bytes()
            parser = Resources()
            parser.feed(html.decode("utf-8"))
            extra, third_party = 0, []
            for what, ref in parser.found:
                if ref.startswith(("http://", "https://", "//")):
                    third_party.append(ref)
                elif what in ("css", "js"):
                    target = posixpath.normpath(posixpath.join(page.parent.relative_to(output).as_posix(), ref.split("?")[0]))
                    extra += gz((output / target).read_bytes())
            total = gz(html) + extra
            mark = "  over budget!" if kind == "thủ tục" and total > BUDGET_PROCEDURE else ""
            print(f"{kind:22} {gz(html) / 1024:7.1f}K {extra / 1024:7.1f}K {total / 1024:8.1f}K  {len(third_party) or 'none'}{mark}")


if __name__ == "__main__":
    main()
