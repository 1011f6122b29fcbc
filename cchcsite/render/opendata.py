"""The procedure catalogue as open data: JSON and CSV with the front-matter field
names as keys, so the export, the content files and the importer speak one language."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from ..content.fields import RichText

if TYPE_CHECKING:
    from ..content.page import Page
    from ..content.routes import Route
    from ..content.site import Site

LIST_SEPARATOR = " | "


def _plain(value: Any) -> Any:
    if isinstance(value, RichText):
        return value.source
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def procedure_record(site: "Site", page: "Page") -> dict[str, Any]:
    record = {"code": page.data.code, "title": page.title}
    for name in (f.name for f in dataclasses.fields(page.data)):
        record[name] = _plain(getattr(page.data, name))
    record["summary"] = page.summary
    record["tags"] = list(page.tags)
    record["updated"] = _plain(page.updated.date()) if page.updated else None
    record["url"] = site.config.absolute(page.url)
    return record


def procedures_json(site: "Site", route: "Route") -> bytes:
    records = [procedure_record(site, page) for page in sorted(site.listed(route.items), key=lambda p: p.data.code)]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}={_cell(v)}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return str(value)


def procedures_csv(site: "Site", route: "Route") -> bytes:
    """UTF-8 with BOM and CRLF: Excel on Windows then opens Vietnamese text correctly."""
    records = [procedure_record(site, page) for page in sorted(site.listed(route.items), key=lambda p: p.data.code)]
    buffer = io.StringIO()
    if records:
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _cell(v) for k, v in record.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
