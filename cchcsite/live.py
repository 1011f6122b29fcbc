"""Incremental rebuilds for the dev server: redo only what a change touches.

After a content file changes, only that file is loaded and validated again;
the site model is rebuilt from the kept records (cheap), and only routes that
are new, different (their items, pager or term changed) or that depend on a
changed file are rendered again. A change to config.yaml or a theme rebuilds
everything. Errors leave the last good output in place.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cms import admin_bundle
from .config import CONFIG_FILE, load_config
from .content.load import CONTENT_DIR, is_content_source
from .content.routes import Route
from .content.site import Site, build_site, scan_static
from .content.validate import ValidateContext, validate_file
from .errors import Problem, Severity, UsageError, error
from .markdown import MarkdownRenderer
from .pipeline import build_date
from .render.pages import Renderer, TemplateProblem
from .render.theme import resolve_theme
from .urls import output_file


@dataclass
class Update:
    """What one rebuild did: shown in the terminal, sent to the browser, read by tests."""

    ok: bool
    full: bool
    rendered: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[str]:
        return [str(p) for p in self.problems if p.severity is Severity.ERROR]


class LiveSite:
    def __init__(self, site_dir: Path, output: Path, drafts: bool = False):
        self.site_dir = site_dir.resolve()
        self.output = output
        self.drafts = drafts
        self.records: dict[str, tuple[object | None, list[Problem]]] = {}
        self.published: dict[str, Route] = {}
        self.pending: set[str] = set()  # source files changed since the last good render
        self.site: Site | None = None
        self.renderer: Renderer | None = None  # set by the first full build that gets past config.yaml
        self.admin_files: dict[str, Path] = {}  # Decap CMS for /admin/, when config.yaml has `cms:`

    # --- whole rebuilds -------------------------------------------------------
    def full_build(self) -> Update:
        started = time.perf_counter()
        config, config_problems = load_config(self.site_dir)
        if config is None:
            return Update(False, True, problems=config_problems, seconds=time.perf_counter() - started)
        try:
            theme = resolve_theme(self.site_dir, config)
        except UsageError as exc:
            return Update(False, True, problems=[error(CONFIG_FILE, config.lines.get("theme", 1), str(exc))])
        self.admin_files, admin_problems = admin_bundle(config)
        self.config, self.config_problems = config, config_problems + admin_problems
        self.renderer = Renderer(theme, config)
        self.context = ValidateContext(config.tz, build_date(config, None), self.drafts, MarkdownRenderer(config.embed_hosts))
        self.records = {}
        for file in sorted((self.site_dir / CONTENT_DIR).rglob("*.md")):
            self._reload(file)
        self.published = {}
        update = self._model_and_write(full=True)
        update.seconds = time.perf_counter() - started
        return update

    # --- changes --------------------------------------------------------------
    def apply(self, changed: set[Path]) -> Update:
        """Rebuild after these files changed (created, edited or deleted)."""
        started = time.perf_counter()
        relative = {self._relative(path) for path in changed}
        relative.discard(None)
        if self.renderer is None or any(r == CONFIG_FILE or r.startswith("themes/") for r in relative):
            return self.full_build()
        for rel in sorted(relative):
            if rel.startswith(CONTENT_DIR + "/") and rel.endswith(".md"):
                self._reload(self.site_dir / rel)
                self.pending.add(rel)
            elif rel.startswith("static/"):
                self._copy_static(rel)
        update = self._model_and_write(full=False)
        update.seconds = time.perf_counter() - started
        return update

    def _relative(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.site_dir).as_posix()
        except ValueError:
            return None

    def _reload(self, file: Path) -> None:
        rel = file.relative_to(self.site_dir).as_posix()
        if not file.exists() or not is_content_source(self.site_dir / CONTENT_DIR, file):
            self.records.pop(rel, None)
            return
        self.records[rel] = validate_file(self.site_dir, file, self.config.sections, self.context)

    def _copy_static(self, rel: str) -> None:
        source = self.site_dir / rel
        target = self.output / rel.removeprefix("static/")
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        elif target.is_file():
            target.unlink()

    # --- model, render, write -------------------------------------------------
    def _model_and_write(self, full: bool) -> Update:
        problems = list(self.config_problems)
        records = []
        for record, found in self.records.values():
            problems.extend(found)
            if record is not None:
                records.append(record)
        site, found = build_site(self.config, self.context.today, records, scan_static(self.site_dir))
        problems.extend(found)
        update = Update(ok=True, full=full, problems=sorted(set(problems)))
        if any(p.severity is Severity.ERROR for p in problems):
            update.ok = False
            return update
        routes = {route.url: route for route in site.routes}
        todo = [
            route
            for route in site.routes
            if full or self.published.get(route.url) != route or self.pending.intersection(route.sources)
        ]
        rendered: dict[str, bytes] = {}
        try:
            for route in todo:
                rendered[route.url] = self.renderer.render(site, route)
        except TemplateProblem as exc:
            update.ok = False
            update.problems.append(exc.problem)
            return update
        if full:
            self._reset_output()
        for url, content in rendered.items():
            target = self.output / output_file(url)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        update.removed = sorted(url for url in self.published if url not in routes)
        for url in update.removed:
            (self.output / output_file(url)).unlink(missing_ok=True)
        update.rendered = sorted(rendered)
        self.published, self.site = routes, site
        self.pending.clear()
        return update

    def _reset_output(self) -> None:
        if self.output.exists():
            shutil.rmtree(self.output)
        self.output.mkdir(parents=True)
        for asset in self.renderer.assets.values():
            target = self.output / asset.url.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(asset.content)
        static = self.site_dir / "static"
        if static.is_dir():
            shutil.copytree(static, self.output, dirs_exist_ok=True)
        for relative, source in self.admin_files.items():
            (self.output / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, self.output / relative)


