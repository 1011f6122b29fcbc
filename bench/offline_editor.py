"""A build and a `serve` save of a site with the editor (`cms:`), on a machine without the
Decap bundle and with an `npm` that hangs, against the same site without `cms:` (not a test).

    python bench/offline_editor.py [N] [--runs R] [--hang SECONDS]

Offline, a real npm waits for its fetch timeouts (~20 s with the options cchcsite once passed
it); the fake `npm` put first on PATH sleeps `--hang` seconds (default 20) and logs each start.
Alternating run by run on a generated site of N news items (default 200): a cold
`cchcsite build` (no cache), then a dev server's first build and one save (to the `reload`
event). Prints medians, and how often npm was started.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import CONFIG, write_corpus  # noqa: E402

from cchcsite.serve import DevServer  # noqa: E402

EDITOR = "cms:\n  backend: test-repo\n"


def fake_npm(folder: Path, log: Path, hang: float) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    npm = folder / "npm"
    npm.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nsleep {hang}\nexit 1\n', encoding="utf-8")
    npm.chmod(0o755)


def cold_build(site: Path) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "cchcsite", "build", "--site", str(site), "--no-cache"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def first_build_and_save(site: Path) -> tuple[float, float]:
    server = DevServer(site, port=0, report=lambda line: None)
    started = time.perf_counter()
    server.start()
    first = time.perf_counter() - started
    try:
        target = site / "content/tin-tuc/tin-00007.md"
        before = server.broadcast.generation
        saved = time.perf_counter()
        target.write_text(target.read_text(encoding="utf-8").replace("## Kết quả nổi bật", "## Kết quả nổi bật (sửa)"), encoding="utf-8")
        while not any(not update.search_only for number, update in server.broadcast.history if number > before):
            time.sleep(0.005)
        return first, time.perf_counter() - saved
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hang", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        log = root / "npm-started.log"
        fake_npm(root / "bin", log, args.hang)
        os.environ["PATH"] = f"{root / 'bin'}{os.pathsep}{os.environ['PATH']}"
        os.environ["CCHCSITE_DECAP_DIR"] = str(root / "empty-decap-cache")
        os.environ["XDG_CACHE_HOME"] = str(root / "empty-user-cache")
        sites = {}
        for label, config in (("with the editor", CONFIG + EDITOR), ("without the editor", CONFIG)):
            sites[label] = write_corpus(root / label.replace(" ", "-"), args.count)
            (sites[label] / "config.yaml").write_text(config, encoding="utf-8")
        times: dict[str, dict[str, list[float]]] = {label: {"build": [], "serve first build": [], "serve save": []} for label in sites}
        for _ in range(args.runs):
            for label, site in sites.items():
                times[label]["build"].append(cold_build(site))
                first, save = first_build_and_save(site)
                times[label]["serve first build"].append(first)
                times[label]["serve save"].append(save)
        starts = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
    print(f"{args.count} items, no Decap bundle, npm hanging {args.hang:g} s, {args.runs} alternating runs:")
    for label, measured in times.items():
        for what, seconds in measured.items():
            print(f"  {label:<20} {what:<18} median {statistics.median(seconds):6.2f} s  (runs: {', '.join(f'{s:.2f}' for s in seconds)})")
    print(f"  npm started {starts} times")


if __name__ == "__main__":
    main()
