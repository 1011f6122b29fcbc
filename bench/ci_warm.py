"""A CI run after a commit that edits one item, against Hugo's cold build (not a test).

    python bench/ci_warm.py [N] [--runs R] [--dir /dev/shm]

CI checks the repository out anew on every run (every file a new inode, new times, no public/)
and restores only `.cchcsite-cache/` from the last run. Each round here does exactly that: a
fresh copy of the site's sources in the same folder, the cache restored, one item edited, then
`cchcsite build` with search; alternated with Hugo's cold build of the same corpus. Prints the
medians and the median of the pairs' ratios (goal ≤ 0.5).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import set_aside, write_corpus  # noqa: E402
from vs_hugo import arguments, hugo_site, timed  # noqa: E402

CACHE = ".cchcsite-cache"


def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        sources = write_corpus(Path(tmp) / "sources", args.count)
        checkout, trash = Path(tmp) / "checkout", Path(tmp) / "trash"
        build = [sys.executable, "-m", "cchcsite", "build", "--site", str(checkout)]
        shutil.copytree(sources, checkout)
        subprocess.run(build, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # the run before
        theirs = hugo_site(sources, Path(tmp) / "hugo") if args.hugo else None
        ours_times, hugo_times = [], []
        for run in range(args.runs):
            cache = Path(tmp) / f"cache-{run}"
            shutil.move(checkout / CACHE, cache)  # what the CI cache saved
            set_aside(checkout, trash)
            shutil.copytree(sources, checkout)  # a fresh checkout: new files, new times
            item = checkout / "content/tin-tuc/tin-00007.md"
            item.write_text(
                item.read_text(encoding="utf-8").replace("## Kết quả nổi bật", f"## Kết quả nổi bật (lần {run})"), encoding="utf-8"
            )
            shutil.move(cache, checkout / CACHE)  # restored by the CI cache step
            started = time.perf_counter()
            subprocess.run(build, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ours_times.append(time.perf_counter() - started)
            if theirs:
                hugo_times.append(timed([args.hugo, "--quiet"], theirs, [theirs / "public", theirs / "resources"], trash))
        print(f"{args.count} news items, a commit editing one item, fresh checkout with the cache restored, search included:")
        print(f"  cchcsite {statistics.median(ours_times):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in ours_times)})")
        if theirs:
            print(f"  hugo cold {statistics.median(hugo_times):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in hugo_times)})")
            ratios = [ours / hugo for ours, hugo in zip(ours_times, hugo_times)]
            print(f"  ratio = {statistics.median(ratios):.2f} (goal ≤ 0.5; pairs: {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
