"""Time to first search results on a slow mobile link (400 kbps, 400 ms round trip).

    python bench/search_slow_link.py [SITE_DIR] [--runs N] [--plain]

Builds SITE_DIR (default: the demo site in this repository) into a temporary folder, serves it
under its sub-path (/cchc/) with the netlify.toml headers and gzip for text files (as Netlify
serves them; --plain: no compression), and drives Debian's Chromium with Chrome DevTools
network emulation (Network.emulateNetworkConditions) and an empty cache. Two journeys:

- direct: open /tim-kiem/?q=khai+sinh (a shared or bookmarked search link);
- from home: open the home page, wait until it has loaded, type the query in the header box
  and press Enter (the home page had the time a citizen takes to type).

Each figure is the time from the start of the navigation to the search page until the first
result is on screen (median of N runs, default 3).
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import io
import shutil
import statistics
import sys
import tempfile
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchcsite.pipeline import BuildOptions, build
from tests.browser import CHROMIUM, CHROMIUM_ARGS, _PublishedHandler, netlify_headers

KBPS = 400
LATENCY_MS = 400
QUERY = "khai sinh"
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml")
# Set by the page when the first result shows: ms since the navigation to the search page began.
WATCH = """
new MutationObserver((_, observer) => {
  const first = document.querySelector('.search-result');
  if (first) { window.__firstResult = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


class _GzipHandler(_PublishedHandler):
    """Like the published host: text files gzip-compressed when the browser accepts it."""

    compress = True

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if not (self.compress and path.suffix in COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        modified = self.date_time_string(int(path.stat().st_mtime))
        if self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.end_headers()
            return None
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", modified)
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        # Netlify's default for files without a rule of their own (HTML, the Pagefind bundle)
        path = "/" + self.path.split("?", 1)[0][len(self.prefix) :]
        if not any(fnmatch.fnmatchcase(path, pattern) and "Cache-Control" in values for pattern, values in self.rules):
            self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
        super().end_headers()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a prefetch cut off when the browser context closes: not worth a traceback


def serve(folder: Path, prefix: str, compress: bool):
    handler = type("Handler", (_GzipHandler,), {"rules": netlify_headers(folder), "prefix": prefix, "compress": compress})
    server = _QuietServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}", server.shutdown


def slow_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.clearBrowserCache")
    throughput = KBPS * 1000 / 8  # bytes per second
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": LATENCY_MS, "downloadThroughput": throughput, "uploadThroughput": throughput},
    )
    page.add_init_script(WATCH)
    return context, page


def first_result_seconds(page) -> float:
    for _ in range(1200):  # polled from here: the site's CSP forbids the eval wait_for_function uses
        found = page.evaluate("window.__firstResult")
        if found is not None:
            return found / 1000
        page.wait_for_timeout(50)
    raise SystemExit("no result after 60 s")


def direct(browser, base: str) -> float:
    context, page = slow_page(browser)
    try:
        page.goto(f"{base}/tim-kiem/?q={QUERY.replace(' ', '+')}", wait_until="commit")
        return first_result_seconds(page)
    finally:
        context.close()


def from_home(browser, base: str) -> float:
    context, page = slow_page(browser)
    try:
        page.goto(base + "/", wait_until="load")
        box = page.locator("#search-header")
        box.click()
        box.type(QUERY, delay=300)  # a citizen typing on a phone: about 3 s for "khai sinh"
        page.wait_for_timeout(500)
        box.press("Enter")
        page.wait_for_url("**/tim-kiem/**", wait_until="commit")
        return first_result_seconds(page)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="serve without gzip")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for name in ("content", "data", "static", "themes", "config.yaml"):
            source = Path(args.site) / name
            if source.is_dir():
                shutil.copytree(source, site / name)
            elif source.is_file():
                shutil.copy(source, site / name)
        result = build(BuildOptions(site_dir=site, output=site / "public"))
        if not result.ok:
            raise SystemExit("\n".join(str(p) for p in result.report.errors[:20]))
        base, stop = serve(site / "public", result.site.config.base_path, compress=not args.plain)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                print(f"{KBPS} kbps, {LATENCY_MS} ms, {'no compression' if args.plain else 'gzip'}, query {QUERY!r}, median of {args.runs}")
                for name, journey in (("direct link to /tim-kiem/?q=…", direct), ("typed in the home page's header box", from_home)):
                    times = [journey(browser, base) for _ in range(args.runs)]
                    print(f"  {name}: {statistics.median(times):.2f} s to first results (runs: {', '.join(f'{t:.2f}' for t in times)})")
                browser.close()
        finally:
            stop()


if __name__ == "__main__":
    main()
