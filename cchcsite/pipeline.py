"""The build, stage by stage: load → validate → model → render → write.

Each stage takes records and returns records plus problems; nothing is
mutated after it leaves its stage. `check` runs the same stages without
rendering or writing.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from .config import Config, load_config
from .content.load import load_content
from .content.page import LeftOut
from .content.site import Site, build_site, scan_static
from .content.validate import ValidateContext, validate_source
from .errors import Report, UsageError
from .markdown import MarkdownRenderer
from .workers import default_jobs, map_chunks
from .render.batch import render_routes
from .render.pages import TemplateProblem
from .render.theme import build_assets, resolve_theme
from .write import OutputWriter


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output: Path | None = None  # default: <site>/public
    base_url: str | None = None
    drafts: bool = False
    today: date | None = None  # default: SOURCE_DATE_EPOCH, else today in the site's timezone
    jobs: int | None = None  # render processes; default: one per core


@dataclass
class BuildResult:
    report: Report
    site: Site | None = None
    counts: dict[str, int] = field(default_factory=dict)
    files_written: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.report.failed

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        return self.site.left_out if self.site else ()


def build_date(config: Config, given: date | None) -> date:
    """The day the build speaks for: drafts, publish dates and document status use it."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).astimezone(config.tz).date()
    return datetime.now(config.tz).date()


def load_site(options: BuildOptions, report: Report) -> Site | None:
    """load → validate → model. `None` when config.yaml is unusable (UsageError)."""
    config, config_problems = load_config(options.site_dir, options.base_url)
    if config is None:
        raise UsageError("\n".join(str(p) for p in config_problems))
    report.extend(config_problems)
    today = build_date(config, options.today)
    context = ValidateContext(config.tz, today, options.drafts, MarkdownRenderer(config.embed_hosts))
    sources, problems = load_content(options.site_dir, config.sections)
    report.extend(problems)
    records = []
    for _, results in map_chunks(_validate_chunk, sources, options.jobs or default_jobs(), _same, (context,)):
        for record, found in results:
            report.extend(found)
            if record is not None:
                records.append(record)
    site, problems = build_site(config, today, records, scan_static(options.site_dir))
    report.extend(problems)
    return site


def _same(context: ValidateContext) -> ValidateContext:
    return context


def _validate_chunk(context: ValidateContext, sources: list) -> list:
    return [validate_source(source, context) for source in sources]


def check(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    report = Report()
    site = load_site(options, report)
    return BuildResult(report, site, _counts(site), seconds=time.perf_counter() - started)


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Run every stage; `progress(done, total)` is told after each rendered file."""
    started = time.perf_counter()
    report = Report()
    site = load_site(options, report)
    result = BuildResult(report, site, _counts(site))
    if report.failed:
        result.seconds = time.perf_counter() - started
        return result
    theme = resolve_theme(options.site_dir, site.config)
    output = options.output or options.site_dir / "public"
    try:
        with OutputWriter(output, options.site_dir) as writer:
            render_routes(site, theme, writer.staging, options.jobs or default_jobs(), progress)
            writer.files_written += len(site.routes)
            for asset in build_assets(theme, site.config).values():
                writer.write(asset.url.lstrip("/"), asset.content)
            for url in site.static_files:
                writer.copy(url.lstrip("/"), options.site_dir / "static" / url.lstrip("/"))
            writer.commit()
            result.files_written = writer.files_written
    except TemplateProblem as exc:
        report.extend([exc.problem])
    result.seconds = time.perf_counter() - started
    return result


def _counts(site: Site | None) -> dict[str, int]:
    return dict(Counter(page.kind for page in site.pages.values())) if site else {}
