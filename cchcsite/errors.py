"""Problems found in a site, and the report that collects all of them.

Every stage returns problems instead of raising, so one build reports every
mistake at once (validation that stops at the first error wastes an
officer's afternoon).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "cảnh báo: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message}"


def error(path: str, line: int | None, message: str) -> Problem:
    return Problem(path, line or 0, message, Severity.ERROR)


def warning(path: str, line: int | None, message: str) -> Problem:
    return Problem(path, line or 0, message, Severity.WARNING)


@dataclass
class Report:
    """Collects problems from every stage; sorted output keeps messages deterministic."""

    problems: list[Problem] = field(default_factory=list)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in set(self.problems) if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in set(self.problems) if p.severity is Severity.WARNING)

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


class UsageError(Exception):
    """Bad command-line use or an unusable config.yaml: exit status 2."""
