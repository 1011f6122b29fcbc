"""Does build time grow linearly? Cold builds at N and 4N items, and peak memory (not a test).

    python bench/scaling.py [N]        (default 4000: compares 4,000 with 16,000)

Each build runs as its own `cchcsite build` process (--no-search when the command
has it); peak RSS is read from the operating system for that process and its workers.
Goal: 4N items take at most 4.2× the time of N; peak RSS at 4,000 items ≤ 300 MB.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402


def cold_build(site: Path) -> tuple[float, float]:
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / ".cchcsite-cache", ignore_errors=True)
    help_text = subprocess.run([sys.executable, "-m", "cchcsite", "build", "--help"], capture_output=True, text=True, cwd=ROOT).stdout
    command = [sys.executable, "-m", "cchcsite", "build", "--site", str(site)] + (["--no-search"] if "--no-search" in help_text else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far (Linux: KB)
    return seconds, max(peak_kb, before) / 1024


def main(base: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for count in (base, base * 4):
            site = write_corpus(Path(tmp) / f"site-{count}", count)
            results[count] = cold_build(site)
            print(
                f"{count} items: cold build {results[count][0]:.2f} s, peak RSS of the largest process so far {results[count][1]:.0f} MB",
                flush=True,
            )
            # The smaller site stays until the end: deleting thousands of files just before
            # creating thousands more slows ext4's inode allocation (see vs_hugo.py).
        ratio = results[base * 4][0] / results[base][0]
        print(f"{base * 4} / {base} time ratio: {ratio:.2f} (goal ≤ 4.2)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
