"""Save → page served latency of `cchcsite serve`: what a person sees (not a test).

    python bench/serve_reload.py [N ...]      (default: 1000 4000)

For each corpus size: start the dev server on a generated site, hold an
EventSource-style connection open like a browser tab, then edit one item
several times and measure from the file write until the edited page, fetched over HTTP as the
reloading tab does when the `reload` event arrives, has been read whole with the edit in it;
and until the `search` event (the preview's index caught up). Prints the median and worst.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402

from cchcsite.serve import DevServer  # noqa: E402

EDITS = 5
searchable: list[float] = []  # save → the preview's search index caught up
told: list[float] = []  # save → the reload event reached the tab


def measure(count: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        site = write_corpus(Path(tmp) / "site", count)
        server = DevServer(site, port=0, report=lambda line: None)
        started = time.perf_counter()
        server.start()
        print(f"{count} items: first build {time.perf_counter() - started:.2f} s", flush=True)
        stream = urllib.request.urlopen(server.url + "__cchcsite/events", timeout=30)
        target = site / "content/tin-tuc/tin-00007.md"
        original = target.read_text(encoding="utf-8")
        latencies = []
        searchable.clear()
        told.clear()
        try:
            for edit in range(EDITS):
                time.sleep(0.3)  # like a person typing; the next save waits for the last one's search index
                before = server.broadcast.generation
                saved = time.perf_counter()
                target.write_text(original.replace("## Kết quả nổi bật", f"## Kết quả nổi bật (sửa {edit})"), encoding="utf-8")
                reloaded = None
                while True:  # events numbered after the save; an older one would be stale
                    line = stream.readline()
                    if not (line.startswith(b"id: ") and int(line[4:]) > before):
                        continue
                    event = stream.readline()
                    if event == b"event: reload\n" and reloaded is None:
                        told.append(time.perf_counter() - saved)
                        with urllib.request.urlopen(server.url + "tin-tuc/tin-00007/", timeout=30) as page:
                            shown = page.read().decode("utf-8")
                        reloaded = time.perf_counter() - saved
                        assert f"(sửa {edit})" in shown, "the page served is not the edited one"
                    elif event == b"event: search\n" and reloaded is not None:
                        searchable.append(time.perf_counter() - saved)
                        break
                latencies.append(reloaded)
        finally:
            stream.close()
            server.stop()
        return latencies


def main(counts: list[int]) -> None:
    for count in counts:
        latencies = measure(count)
        print(
            f"{count} items: save → edited page served median {statistics.median(latencies) * 1000:.0f} ms, "
            f"worst {max(latencies) * 1000:.0f} ms over {len(latencies)} edits "
            f"(the reload event at {statistics.median(told) * 1000:.0f} ms; includes the {30} ms quiet period that waits for an "
            "editor's burst of writes); "
            f"save → search index updated median {statistics.median(searchable) * 1000:.0f} ms, worst {max(searchable) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 4000])
