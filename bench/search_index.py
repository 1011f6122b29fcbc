"""Search index: time and size of the `đ`-folding index against plain Pagefind on the same HTML.

    python bench/search_index.py [N ...]      (default: the demo site and 4000 generated items)

Each site is built once without search; then five rounds of every variant in turn (median
and fastest time, since other work on the machine adds noise):

- plain (whole pages): Pagefind straight over the published output, every page, every <body>;
- plain (same copy):   the search stage's index-only copy of the content pages, *not* folded,
                       indexed by Pagefind: the same HTML as ours minus the folding;
- folded (ours):       the search stage as `cchcsite build` runs it (copy with `đ` folded + Pagefind).

"Folding cost" compares ours with "plain (same copy)": the goal is under 20 % extra time and size.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus

from cchcsite.pipeline import BuildOptions, build
from cchcsite.search import _scratch_parent, build_index, indexed_pages, run_pagefind, write_index_copy

RUNS = 5


def size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def measure(variants: list[tuple[str, object]]) -> list[dict]:
    """Runs the variants in turn, RUNS rounds (alternating, so a busy machine hurts all alike);
    median and fastest time per variant."""
    times: dict[str, list[float]] = {label: [] for label, _ in variants}
    folders: dict[str, Path] = {}
    for _ in range(RUNS):
        for label, run in variants:
            started = time.perf_counter()
            folders[label] = run()
            times[label].append(time.perf_counter() - started)
            if folders[label] is not None:
                total, files = size(folders[label])
                times.setdefault(label + " size", []).append((total, files))
    rows = []
    for label, _ in variants:
        total, files = times[label + " size"][-1] if label + " size" in times else (0, 0)
        rows.append(
            {"label": label, "seconds": statistics.median(times[label]), "fastest": min(times[label]), "bytes": total, "files": files}
        )
    return rows


def bench_site(name: str, site: Path, work: Path) -> list[dict]:
    output = work / "public"
    built = build(BuildOptions(site_dir=site, output=output, search=False, cache=False))
    if not built.ok:
        raise SystemExit("\n".join(str(p) for p in built.report.errors[:20]))
    bundle = work / "bundle"

    def plain_whole() -> Path:
        shutil.rmtree(bundle, ignore_errors=True)
        run = run_pagefind(output, bundle)
        assert run.returncode == 0, run.stderr
        return bundle

    def ours(folded: bool):
        def run() -> Path:
            result = build_index(built.site, built.routes, [output], bundle, folded=folded)
            assert result.problem is None, result.problem
            return bundle

        return run

    def copy_only(folded: bool):
        def run() -> None:
            scratch = _scratch_parent(work) / f"cchcsite-bench-copy-{os.getpid()}"
            shutil.rmtree(scratch, ignore_errors=True)
            write_index_copy(indexed_pages(built.site, built.routes), [output], scratch, folded)
            shutil.rmtree(scratch)

        return run

    rows = measure(
        [
            ("plain (whole pages)", plain_whole),
            ("plain (same copy)", ours(False)),
            ("folded (ours)", ours(True)),
            ("  copy only, plain", copy_only(False)),
            ("  copy only, folded", copy_only(True)),
        ]
    )
    pages = sum(built.counts.values())
    print(f"\n{name}: {pages} content pages, {sum(1 for _ in output.rglob('*.html'))} HTML files")
    print(f"  {'variant':22} {'median':>8} {'fastest':>8} {'size':>10} {'files':>6}")
    for row in rows:
        print(f"  {row['label']:22} {row['seconds']:7.2f}s {row['fastest']:7.2f}s {row['bytes'] / 2**20:8.1f} MB {row['files']:6}")
    base, mine = rows[1], rows[2]
    print(
        f"  folding cost: time {100 * (mine['seconds'] / base['seconds'] - 1):+.1f} % (median), "
        f"{100 * (mine['fastest'] / base['fastest'] - 1):+.1f} % (fastest), "
        f"size {100 * (mine['bytes'] / base['bytes'] - 1):+.1f} %, files {mine['files'] - base['files']:+d}"
    )
    return rows


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [4000]
    with tempfile.TemporaryDirectory(prefix="cchcsite-bench-search-") as tmp:
        tmp = Path(tmp)
        demo = tmp / "demo"
        for name in ("content", "static"):
            shutil.copytree(ROOT / name, demo / name)
        shutil.copy(ROOT / "config.yaml", demo / "config.yaml")
        bench_site("demo site", demo, tmp / "demo-work")
        for count in counts:
            site = write_corpus(tmp / f"corpus-{count}", count)
            bench_site(f"generated {count} news items", site, tmp / f"work-{count}")


if __name__ == "__main__":
    main(sys.argv[1:])
