"""Cold build time of the demo site and of generated N-item sites.

    python bench/build_time.py [N ...]      (default: 1000)

Runs each build three times from scratch (output removed) and prints the median.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402

from cchcsite.pipeline import BuildOptions, build  # noqa: E402

RUNS = 3


def time_build(site: Path, output: Path) -> tuple[float, int, int]:
    times = []
    for _ in range(RUNS):
        shutil.rmtree(output, ignore_errors=True)
        started = time.perf_counter()
        result = build(BuildOptions(site_dir=site, output=output))
        times.append(time.perf_counter() - started)
        if not result.ok:
            raise SystemExit("\n".join(str(p) for p in result.report.errors[:20]))
    pages = sum(1 for _ in output.rglob("*.html"))
    return statistics.median(times), pages, sum(result.counts.values())


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seconds, pages, items = time_build(ROOT, Path(tmp) / "demo-out")
        print(f"demo site: {items} content pages → {pages} HTML files, median {seconds:.2f} s over {RUNS} cold builds")
        for count in counts:
            site = write_corpus(Path(tmp) / f"corpus-{count}", count)
            seconds, pages, items = time_build(site, Path(tmp) / f"out-{count}")
            print(f"{count} news items: {pages} HTML files, median {seconds:.2f} s over {RUNS} cold builds")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000])
