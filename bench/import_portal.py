"""Importing N national portal detail records, then `--update` with nothing changed, then building.

    python bench/import_portal.py [N]      (default: 2000)

The records are the trap-carrying ones of tests/portal_records.py, each with its own code and
name. Prints seconds for the first import, for a no-op `--update` (every file left byte-identical)
and for a build without the search index.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchcsite.config import load_config
from cchcsite.importers.procedures import import_procedures
from cchcsite.pipeline import BuildOptions, build
from tests.portal_records import records


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for file in sorted(folder.rglob("*.md")):
        h.update(file.read_bytes())
    return h.hexdigest()


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        (site / "content").mkdir(parents=True)
        (site / "config.yaml").write_text("title: CCHC\norganization: Sở Thử nghiệm\nbase_url: https://example.gov.vn/\n", encoding="utf-8")
        (site / "content/_index.md").write_text("---\ntitle: CCHC\n---\nGiới thiệu.\n", encoding="utf-8")
        templates = records()
        batch = []
        for index in range(count):
            record = copy.deepcopy(templates[index % len(templates)])
            record["code"] = f"1.{100000 + index:06d}"
            record["name"] = f"{record['name']} {index}"
            batch.append({"data": record})
        source = Path(tmp) / "ho-so.json"
        source.write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
        config, _ = load_config(site)
        started = time.perf_counter()
        first = import_procedures(site, config, [source], date(2026, 11, 23))
        imported = time.perf_counter() - started
        before = digest(site / "content")
        started = time.perf_counter()
        again = import_procedures(site, config, [source], date(2026, 11, 23), update=True)
        updated = time.perf_counter() - started
        assert digest(site / "content") == before and not again.updated, "a no-op --update changed files"
        started = time.perf_counter()
        result = build(BuildOptions(site_dir=site, output=Path(tmp) / "public", search=False))
        built = time.perf_counter() - started
        assert result.ok, [str(p) for p in result.report.errors[:5]]
        print(
            f"{count} records: import {imported:.2f} s ({len(first.written)} files), "
            f"no-op --update {updated:.2f} s ({len(again.unchanged)} unchanged), build {built:.2f} s, 0 errors"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
