"""How a build or check speaks to the officer: problems first, then one summary line."""

from __future__ import annotations

import sys

from .. import vi
from ..pipeline import BuildResult

KIND_ORDER = ("news", "document", "procedure", "index", "stats", "unit", "page")


def print_problems(result: BuildResult) -> None:
    for problem in [*result.report.errors, *result.report.warnings]:
        print(problem, file=sys.stderr)
    for left in result.left_out:
        print(f"{left.source}: bỏ qua: {left.reason}", file=sys.stderr)


def summary(result: BuildResult, verb: str) -> str:
    counts = ", ".join(f"{vi.KIND_LABELS[k].lower()} {result.counts[k]}" for k in KIND_ORDER if result.counts.get(k))
    parts = [f"{verb} {sum(result.counts.values())} trang nội dung ({counts or 'không có'})"]
    if result.files_written:
        parts.append(f"{result.files_written} tệp")
    if result.left_out:
        parts.append(f"bỏ qua {len(result.left_out)}")
    errors, warnings = len(result.report.errors), len(result.report.warnings)
    if errors:
        parts.append(f"{errors} lỗi")
    parts.append(f"{warnings} cảnh báo")
    parts.append(f"{vi.format_number(result.seconds, 2)} giây")
    return " · ".join(parts)


def failure_counts(result: BuildResult) -> str:
    return f"{len(result.report.errors)} lỗi, {len(result.report.warnings)} cảnh báo"
