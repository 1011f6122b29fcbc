"""Cold and warm build times of the demo site and of generated N-item sites.

    python bench/build_time.py [N ...]      (default: 1000)

Cold: three builds from scratch (output and cache removed), median. Warm: with
the cache of the last cold build, one item edited, three times, median. Generated
sites are built without the search index (as vs_hugo.py compares with Hugo);
the demo site is timed both ways.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import set_aside, write_corpus  # noqa: E402

from cchcsite.pipeline import BuildOptions, build  # noqa: E402

RUNS = 3


def time_build(site: Path, output: Path, search: bool = False) -> tuple[float, int, int]:
    times = []
    for _ in range(RUNS):
        set_aside(output, output.parent / "trash")
        set_aside(site / ".cchcsite-cache", output.parent / "trash")
        started = time.perf_counter()
        result = build(BuildOptions(site_dir=site, output=output, search=search))
        times.append(time.perf_counter() - started)
        if not result.ok:
            raise SystemExit("\n".join(str(p) for p in result.report.errors[:20]))
    pages = sum(1 for _ in output.rglob("*.html"))
    return statistics.median(times), pages, sum(result.counts.values())


def time_warm(site: Path, output: Path) -> float:
    """Edit one news item (as an officer would) and rebuild with the cache."""
    item = sorted((site / "content/tin-tuc").glob("[!_]*.md"))[0]
    original = item.read_text(encoding="utf-8")
    times = []
    for run in range(RUNS):
        item.write_text(original + f"\nĐoạn bổ sung {run}.\n", encoding="utf-8")
        started = time.perf_counter()
        result = build(BuildOptions(site_dir=site, output=output, search=False))
        times.append(time.perf_counter() - started)
        assert result.ok and result.reused > 0
    item.write_text(original, encoding="utf-8")
    return statistics.median(times)


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for search in (False, True):
            seconds, pages, items = time_build(ROOT, Path(tmp) / "demo-out", search)
            print(
                f"demo site {'with' if search else 'without'} search index: {items} content pages → {pages} HTML files, median {seconds:.2f} s over {RUNS} cold builds"
            )
        for count in counts:
            site = write_corpus(Path(tmp) / f"corpus-{count}", count)
            seconds, pages, items = time_build(site, Path(tmp) / f"out-{count}")
            print(f"{count} news items: {pages} HTML files, median {seconds:.2f} s over {RUNS} cold builds")
            warm = time_warm(site, Path(tmp) / f"out-{count}")
            print(f"{count} news items: warm rebuild after editing one item, median {warm:.2f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000])
