"""A province site after the merger, cold and after one new 766 snapshot (not a test).

    python bench/province.py [--search]

The site: 150 units (14 agencies, 135 communes, the one-stop centre), 300 procedures, 3,000
news items and 52 weekly 766 snapshots (bench/corpus.py). Measured: three cold builds of it and
of the same site without units and snapshots (medians; goal: at most 2×), then three rebuilds
with the cache, each after one new snapshot is stored (median; goal: at most 1 s), and which
pages such a rebuild renders again. Without the search index unless --search.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import province_snapshot, province_units, set_aside, write_province  # noqa: E402
from cchcsite.content.snapshots import Group, stored_path, to_json  # noqa: E402
from cchcsite.pipeline import BuildOptions, build  # noqa: E402

RUNS = 3
TODAY = date(2027, 1, 31)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished workers: what a build costs, whoever else uses the machine."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def cold(site: Path, output: Path, search: bool) -> tuple[float, float, int]:
    """(median wall seconds, median CPU seconds, files) of cold builds."""
    times, cpu = [], []
    for _ in range(RUNS):
        set_aside(output, output.parent / "trash")
        set_aside(site / ".cchcsite-cache", output.parent / "trash")
        started, started_cpu = time.perf_counter(), cpu_seconds()
        result = build(BuildOptions(site_dir=site, output=output, search=search, today=TODAY))
        times.append(time.perf_counter() - started)
        cpu.append(cpu_seconds() - started_cpu)
        if not result.ok:
            raise SystemExit("\n".join(str(p) for p in result.report.errors[:20]))
    return statistics.median(times), statistics.median(cpu), len(result.routes.all)


def after_new_snapshots(site: Path, output: Path, search: bool) -> tuple[float, float, list[str]]:
    """(median wall seconds, median CPU seconds of this process, the files rendered again): a rebuild this
    small runs in one process, so its CPU time is its wall time on a machine nobody else is using."""
    times, cpu, rendered = [], [], []
    groups = tuple(Group(key, key, maximum) for key, maximum in zip("abcdef", (18.0, 20.0, 12.0, 10.0, 18.0, 22.0)))
    for week in range(RUNS):
        snapshot = province_snapshot(province_units(), groups, date(2026, 1, 1) + timedelta(weeks=52 + week), random.Random(week))
        target = site / stored_path(snapshot)
        target.write_text(to_json(snapshot), encoding="utf-8")
        started, started_cpu = time.perf_counter(), time.process_time()
        result = build(BuildOptions(site_dir=site, output=output, search=search, today=TODAY))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert result.ok and result.reused > 0
        rendered = list(result.rendered_urls)
    return statistics.median(times), statistics.median(cpu), rendered


def main(search: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plain = write_province(root / "plain", units=False, snapshots=0)
        province = write_province(root / "province")
        base, base_cpu, base_routes = cold(plain, root / "out-plain", search)
        full, full_cpu, full_routes = cold(province, root / "out-province", search)
        print(f"without units and snapshots: {base_routes} files, cold median {base:.2f} s, CPU {base_cpu:.2f} s")
        print(
            f"with 150 units and 52 snapshots: {full_routes} files, cold median {full:.2f} s ({full / base:.2f}×), "
            f"CPU {full_cpu:.2f} s ({full_cpu / base_cpu:.2f}×; goal ≤ 2×)"
        )
        warm, warm_cpu, rendered = after_new_snapshots(province, root / "out-province", search)
        kinds: dict[str, int] = {}
        for url in rendered:
            kind = url.split("/")[1] if url.count("/") > 1 else url
            kinds[kind] = kinds.get(kind, 0) + 1
        print(
            f"one new snapshot: rebuild median {warm:.2f} s, CPU {warm_cpu:.2f} s (goal ≤ 1 s), {len(rendered)} files rendered again: {kinds}"
        )


if __name__ == "__main__":
    main("--search" in sys.argv[1:])
