"""Time to first search results on a slow mobile link (400 kbps, 400 ms round trip).

    python bench/search_slow_link.py [SITE_DIR] [--runs N] [--plain] [--national N]

Builds SITE_DIR (default: the demo site in this repository) with N national portal records
imported into it (default 1500, a province's catalogue: the records of tests/portal_records.py,
each with its own code, id and name; 0 for none) into a temporary folder, serves it
under its sub-path (/cchc/) with the netlify.toml headers and gzip for text files (as Netlify
serves them; --plain: no compression), and drives Debian's Chromium with Chrome DevTools
network emulation (Network.emulateNetworkConditions) and an empty cache. Two journeys:

- direct: open /tim-kiem/?q=khai+sinh (a shared or bookmarked search link), and the same with
  the query as a citizen says it (`xin giay khai sinh`);
- from home: open the home page, wait until it has loaded, type the query in the header box
  and press Enter (the home page had the time a citizen takes to type).

Each figure is the time from the start of the navigation to the search page until the first
result is on screen (median of N runs, default 3).
"""

from __future__ import annotations

import argparse
import copy
import fnmatch
import gzip
import io
import json
import shutil
import statistics
import sys
import tempfile
import threading
import uuid
from datetime import date
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchcsite.config import load_config
from cchcsite.importers.procedures import import_procedures
from cchcsite.pipeline import BuildOptions, build
from tests.browser import CHROMIUM, CHROMIUM_ARGS, _PublishedHandler, netlify_headers
from tests.portal_records import records

KBPS = 400
LATENCY_MS = 400
QUERY = "khai sinh"
SPOKEN = "xin giay khai sinh"  # as a citizen types it: the list of procedure names answers it
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


def first_result_seconds(page) -> tuple[float, float]:
    """(seconds to the first result on screen, seconds until the search said it is done: Pagefind's full text in)."""
    first = None
    for _ in range(1200):  # polled from here: the site's CSP forbids the eval wait_for_function uses
        first = first or page.evaluate("window.__firstResult")
        status = page.evaluate("(document.querySelector('[data-search-status]') || {}).textContent || ''")
        if first is not None and status.startswith(("Tìm thấy", "Không tìm thấy")):
            return first / 1000, page.evaluate("performance.now()") / 1000
        page.wait_for_timeout(50)
    raise SystemExit("no result after 60 s")


def direct(browser, base: str, query: str = QUERY) -> tuple[float, float]:
    context, page = slow_page(browser)
    try:
        page.goto(f"{base}/tim-kiem/?q={query.replace(' ', '+')}", wait_until="commit")
        return first_result_seconds(page)
    finally:
        context.close()


# Names made of the words real procedure names use, all different, so the list of names compresses as a real one would.
ACTIONS = (
    "Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Thu hồi", "Đăng ký", "Đăng ký lại", "Đăng ký thay đổi",
    "Xác nhận", "Thẩm định", "Phê duyệt", "Công nhận", "Chứng nhận", "Cho phép", "Thông báo", "Giải quyết",
    "Hỗ trợ", "Chi trả", "Tiếp nhận", "Chấm dứt", "Tạm ngừng", "Bổ sung", "Hủy bỏ", "Sửa đổi",
)  # fmt: skip
OBJECTS = (
    "giấy phép xây dựng nhà ở riêng lẻ", "giấy chứng nhận quyền sử dụng đất", "hộ kinh doanh", "giấy phép lao động cho người nước ngoài",
    "chứng chỉ hành nghề dược", "giấy phép kinh doanh vận tải bằng xe ô tô", "thẻ bảo hiểm y tế", "trợ cấp xã hội hằng tháng",
    "giấy phép khai thác nước dưới đất", "hồ sơ người có công với cách mạng", "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "giấy phép hoạt động cơ sở khám bệnh, chữa bệnh", "chứng chỉ quy hoạch", "giấy phép lái xe", "tạm trú", "thường trú",
    "hợp tác xã", "doanh nghiệp tư nhân", "giấy phép tổ chức biểu diễn nghệ thuật", "quyết định giao đất",
    "giấy phép môi trường", "chương trình khuyến mại", "giấy phép bán lẻ rượu", "cơ sở trợ giúp xã hội",
    "giấy phép hoạt động điện lực", "văn phòng công chứng", "tổ chức hành nghề luật sư", "giấy phép thành lập thư viện",
    "danh hiệu gia đình văn hóa", "học bổng chính sách",
)  # fmt: skip
QUALIFIERS = ("", " cấp tỉnh", " cho tổ chức", " cho cá nhân", " có yếu tố nước ngoài", " tại cấp xã")


def import_national(site: Path, count: int) -> None:
    """`count` national detail records (tests/portal_records.py's, each with its own code, id and a
    name of its own), imported as an officer would."""
    templates = records()
    batch = []
    for index in range(count):
        record = copy.deepcopy(templates[index % len(templates)])
        record["code"] = f"1.{100000 + index:06d}"
        record["id"] = str(uuid.UUID(int=index + 1))
        action, rest = ACTIONS[index % len(ACTIONS)], index // len(ACTIONS)
        record["name"] = f"{action} {OBJECTS[rest % len(OBJECTS)]}{QUALIFIERS[(rest // len(OBJECTS)) % len(QUALIFIERS)]}"
        if index % 10 == 0 and index < 150:  # and the procedures people ask for, under their own names
            record["name"] = f"{templates[index % len(templates)]['name'].strip()} {QUALIFIERS[1 + (index // 10) % 5]}"
        batch.append({"data": record})
    source = site.parent / "ho-so.json"
    source.write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    config, _ = load_config(site)
    result = import_procedures(site, config, [source], date(2026, 11, 23))
    if len(result.written) != count:
        raise SystemExit(f"imported {len(result.written)} of {count} records")


def from_home(browser, base: str) -> tuple[float, float]:
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
    parser.add_argument("--national", type=int, default=1500, help="national records to import (0: none)")
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
        if args.national:
            import_national(site, args.national)
        result = build(BuildOptions(site_dir=site, output=site / "public"))
        if not result.ok:
            raise SystemExit("\n".join(str(p) for p in result.report.errors[:20]))
        base, stop = serve(site / "public", result.site.config.base_path, compress=not args.plain)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                procedures = len(result.site.by_kind.get("procedure", ()))
                names = (site / "public" / "tim-kiem" / "thu-tuc.json").stat().st_size
                print(f"{procedures} procedures ({args.national} national records imported), names list {names / 1024:.0f} KiB before gzip")
                print(f"{KBPS} kbps, {LATENCY_MS} ms, {'no compression' if args.plain else 'gzip'}, query {QUERY!r}, median of {args.runs}")
                journeys = (
                    ("direct link to /tim-kiem/?q=…", direct),
                    (f"direct link, {SPOKEN!r}", lambda browser, base: direct(browser, base, SPOKEN)),
                    ("typed in the home page's header box", from_home),
                )
                for name, journey in journeys:
                    runs = [journey(browser, base) for _ in range(args.runs)]
                    first, full = ([run[i] for run in runs] for i in (0, 1))
                    print(
                        f"  {name}: {statistics.median(first):.2f} s to first results (runs: {', '.join(f'{t:.2f}' for t in first)}), "
                        f"{statistics.median(full):.2f} s to the full-text results"
                    )
                browser.close()
        finally:
            stop()


if __name__ == "__main__":
    main()
