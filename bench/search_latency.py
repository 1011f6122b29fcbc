"""Search latency in the browser on a large site (not a test).

    python bench/search_latency.py [N] [--runs R] [--python PATH] [--one-index]

Builds a generated site of N news items (default 4000; bench/corpus.py: every item is made of
the same sixty syllables, so a query matches nearly every page, the worst case for ranking)
with `cchcsite build` run by PATH (default: this interpreter; another checkout's venv python
measures that checkout), serves it on loopback without throttling, and in Debian's Chromium:

- direct: open /tim-kiem/?q=QUERY in a fresh context (nothing cached), time from the start of
  the navigation until the first result is on screen, and the requests and bytes it took;
- again: on that loaded page, submit each query of QUERIES, time from the submit until the
  results are shown (the index chunks the query needs are downloaded during that time).

Prints medians over R runs (default 5) for each. --one-index builds with one index
(CCHCSITE_SEARCH_SHARD_ABOVE), for comparison with the sharded default.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from search_slow_link import WATCH, first_result_seconds, serve  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

QUERY = "khai sinh"
QUERIES = ["đăng ký đất đai", "dich vu cong truc tuyen", "một cửa liên thông", "bao cao ke hoach", "thủ tục"]
# [requests, bytes transferred] since the navigation (the page and everything it fetched).
TRANSFERRED = """() => {
  const entries = [performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")];
  return [entries.length, entries.reduce((sum, entry) => sum + (entry.transferSize || entry.encodedBodySize || 0), 0)];
}"""
# Submits the form with `query` and resolves with the ms until the status names it.
SUBMIT = """async (query) => {
  const input = document.getElementById("search-page");
  const status = document.querySelector("[data-search-status]");
  const done = () => status.textContent.startsWith("Tìm thấy") && status.textContent.includes(query);
  const started = performance.now();
  input.value = query;
  input.form.requestSubmit();
  await new Promise((resolve) => {
    const observer = new MutationObserver(() => done() && (observer.disconnect(), resolve()));
    observer.observe(status, { childList: true, characterData: true, subtree: true });
  });
  return performance.now() - started;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=4000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=sys.executable, help="the interpreter that builds the site (its cchcsite)")
    parser.add_argument("--one-index", action="store_true", help="build the search index as one bundle")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = write_corpus(Path(tmp) / "site", args.count)
        environment = {**os.environ, "CCHCSITE_SEARCH_SHARD_ABOVE": str(10**9)} if args.one_index else dict(os.environ)
        # from a neutral folder: `-m cchcsite` would otherwise find the package in the current one
        subprocess.run(
            [args.python, "-m", "cchcsite", "build", "--site", str(site)], check=True, env=environment, stdout=subprocess.DEVNULL, cwd=tmp
        )
        bundles = sum(1 for _ in (site / "public/pagefind").rglob("pagefind-entry.json"))
        base, stop = serve(site / "public", "/cchc/", compress=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                direct, fetched, again = [], [], {query: [] for query in QUERIES}
                for _ in range(args.runs):
                    context = browser.new_context(viewport={"width": 360, "height": 800})
                    page = context.new_page()
                    page.add_init_script(WATCH)
                    page.goto(f"{base}/tim-kiem/?q={QUERY.replace(' ', '+')}", wait_until="commit")
                    direct.append(first_result_seconds(page))
                    fetched.append(page.evaluate(TRANSFERRED))
                    for query in QUERIES:
                        again[query].append(page.evaluate(SUBMIT, query) / 1000)
                    context.close()
                browser.close()
        finally:
            stop()
    print(f"{args.count} items, {bundles} index bundle(s), built by {args.python}, median of {args.runs}, no throttling")
    print(f"  direct link ?q={QUERY}: {statistics.median(direct):.3f} s to first results (runs: {', '.join(f'{t:.3f}' for t in direct)})")
    requests, size = fetched[0]
    print(f"    by then {requests} requests, {size / 1024:.0f} KB transferred (page, scripts, index files; gzip)")
    for query, times in again.items():
        print(f"  then {query!r}: {statistics.median(times):.3f} s (runs: {', '.join(f'{t:.3f}' for t in times)})")


if __name__ == "__main__":
    main()
