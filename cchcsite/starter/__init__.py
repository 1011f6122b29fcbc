"""`cchcsite init`: the files of a new site of one agency, in a repository of its own.

The files are templates under `starter/site/` (a leading `dot-` stands for `.`, which package data
would drop), filled with the agency's name, address and contacts. The site installs cchcsite at
one pinned version, written once in its `requirements.txt`; every host's CI file installs from
there, keeps the build cache between runs and rebuilds daily just after midnight in Vietnam, so
scheduled (`publish_date`) and expiring (`expiry_date`) items change on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from ..scaffold import scalar

TEMPLATES = Path(__file__).parent / "site"
DOT = "dot-"

# Where cchcsite's own source lives: a site installs the tag of the version that created it
# (`v0.1.0`) until cchcsite is on PyPI; `init --install` names another source (a mirror).
TOOL_REPOSITORY = "https://github.com/cchcsite/cchcsite"
PYTHON = "3.12"  # what every host's CI runs (cchcsite needs 3.11 or later)


@dataclass(frozen=True)
class Schedule:
    """The daily rebuild, just after midnight in Vietnam (UTC+7 all year: no daylight saving)."""

    hour: int = 0
    minute: int = 5  # not on the hour: GitHub delays the runs scheduled at :00, the busiest minute

    @property
    def local(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @property
    def local_cron(self) -> str:
        """For schedulers that take a time zone (GitLab, cron-job.org)."""
        return f"{self.minute} {self.hour} * * *"

    @property
    def utc_cron(self) -> str:
        """GitHub Actions reads cron in UTC only."""
        return f"{self.minute} {(self.hour - 7) % 24} * * *"

    @property
    def utc_time(self) -> str:
        return f"{(self.hour - 7) % 24:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class Agency:
    """What `init` asks for; contacts may stay empty (config.yaml says where to fill them in)."""

    name: str
    base_url: str
    address: str = ""
    phone: str = ""
    hotline: str = ""
    email: str = ""


def requirement(install: str | None = None) -> str:
    """The one line of the site's requirements.txt that pins cchcsite."""
    return install or f"cchcsite @ git+{TOOL_REPOSITORY}@v{__version__}"


def starter_files(agency: Agency, today: date, install: str | None = None) -> dict[str, str]:
    """Site path (`.github/workflows/pages.yml`) → text, for every file of a new site."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        # GitHub's `${{ }}`, TOML's `[[plugins]]` and Markdown stay as written; only `<< >>` is ours.
        variable_start_string="<<",
        variable_end_string=">>",
        block_start_string="<%",
        block_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
    )
    environment.filters["yaml"] = scalar
    values = {
        "organization": agency.name,
        "base_url": agency.base_url,
        "address": agency.address,
        "phone": agency.phone,
        "hotline": agency.hotline,
        "email": agency.email,
        "requirement": requirement(install),
        "version": __version__,
        "python": PYTHON,
        "schedule": Schedule(),
        "year": today.year,
    }
    files = {}
    for template in sorted(TEMPLATES.rglob("*")):
        if template.is_file():
            name = template.relative_to(TEMPLATES).as_posix()
            text = environment.get_template(name).render(values)
            files[_site_path(name)] = "\n".join(line.rstrip() for line in text.split("\n"))
    return files


def _site_path(name: str) -> str:
    return "/".join("." + part[len(DOT) :] if part.startswith(DOT) else part for part in name.split("/"))


def write_site(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write a new site into `folder` (missing or empty: `init` never overwrites anything)."""
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
        written.append(path)
    return written
