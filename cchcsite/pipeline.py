"""The build, stage by stage: load → validate → model → routes → render → write → index.

Each stage takes records and returns frozen records plus problems; no record is
changed after it leaves its stage. Three objects do accumulate, on purpose, and
only here: the `Report` (every stage adds its problems, so one run shows them
all), the `BuildResult` (what the command prints) and the `BuildCache` (what the
next build may reuse: the stages ask it, whether it is stored on disk, kept in memory by
the dev server, or none). `check` runs the same stages without rendering or writing;
`cchcsite serve` runs `build` with a `MemoryCache`.
"""

from __future__ import annotations

import gc
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path

from . import cms
from .cache import BuildCache, CachedRecord, DiskCache, KeptModel, RouteKey, code_fingerprint, digest, files_fingerprint
from .config import Config, require_config
from .content import addresses
from .content.checks import check_links, check_urls
from .content.load import content_files, content_files_since
from .content.page import LeftOut, Page
from .content.routes import Route, Routes, plan_routes
from .content.site import Site, build_site, scan_static, static_source
from .content.validate import ValidateContext, schedule_passed, validate_file
from .errors import Report
from .images import ImageStore, check_photos, photo_stage
from .markdown import MarkdownRenderer
from .render import pages
from .render.batch import render_routes
from .render.pages import Renderer, TemplateProblem
from .render.pictures import Photos
from .render.theme import Asset, Theme, build_assets, resolve_theme
from .search import (
    BUNDLE,
    PRIMARY_PARTS,
    SHARD_PAGES,
    SHARDS_FILE,
    SearchResult,
    Shard,
    build_index,
    preload_hints,
    shard_files,
    with_preload_hints,
)
from .urls import output_file
from .workers import MIN_PARALLEL, default_jobs, map_chunks
from .write import MARKER, OutputWriter

# What routes named `@…` are made by: the render floor's own, and the CMS admin's.
GENERATORS = {**pages.GENERATORS, **cms.GENERATORS}
PREVIEW_SHARD_ABOVE = SHARD_PAGES  # the dev server shards its search index early: a save re-indexes one shard


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output: Path | None = None  # default: <site>/public
    base_url: str | None = None
    drafts: bool = False
    today: date | None = None  # default: SOURCE_DATE_EPOCH, else today in the site's timezone
    now: datetime | None = None  # the moment publish and expiry times compare with; default: from `today`, else the clock
    schedule: bool = True  # False: items not yet or no longer shown are loaded too (the periodic report; drafts never are)
    jobs: int | None = None  # render processes; default: one per core
    cache: bool = True  # reuse what an earlier build of this site already did (.cchcsite-cache/)
    search: bool = True  # index the content pages with Pagefind into <output>/pagefind/
    keep_index: bool = False  # with search off: leave the current index as it is (the dev server indexes right after)
    search_shard_above: int | None = None  # shard the index of a site with more pages (default: search.SHARD_ABOVE)


@dataclass
class BuildResult:
    report: Report
    site: Site | None = None
    routes: Routes | None = None
    counts: dict[str, int] = field(default_factory=dict)
    files_written: int = 0
    rendered: int = 0  # routes rendered in this build
    rendered_urls: tuple[str, ...] = ()  # which ones (the dev server tells the browser)
    reused: int = 0  # routes whose earlier output was still exact (cache)
    photos_encoded: int = 0  # photo files encoded (the others came from the image store)
    seconds: float = 0.0
    search: SearchResult | None = None  # None when the search stage did not run

    @property
    def ok(self) -> bool:
        return not self.report.failed

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        return self.site.left_out if self.site else ()


def build_date(config: Config, given: date | None) -> date:
    """The day the build speaks for: drafts, publish dates and document status use it."""
    return build_moment(config, given).date()


def build_moment(config: Config, given_today: date | None, given_now: datetime | None = None) -> datetime:
    """The moment the build speaks for: a `publish_date` or `expiry_date` with a time takes effect at
    the first build after it (the site's CI rebuilds daily just after 00:00). A given day means its
    first moment."""
    if given_now:
        return given_now.astimezone(config.tz)
    if given_today:
        return datetime.combine(given_today, clock_time(0), tzinfo=config.tz)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).astimezone(config.tz)
    return datetime.now(config.tz)


@dataclass
class Loaded:
    site: Site
    routes: Routes  # every output file, planned from the model
    file_hashes: dict[str, str]  # content file → hash of its bytes


def load_site(options: BuildOptions, report: Report, cache: BuildCache | None = None, changed: Collection[Path] | None = None) -> Loaded:
    """load → validate → model. A file whose stamp (size, times, inode) is unchanged since the
    cached build is not even read; one whose bytes are unchanged is not validated again. Told which
    paths `changed` since then, the other files are not even stamped (the folders not listed)."""
    config, config_problems = require_config(options.site_dir, options.base_url)
    report.extend(config_problems)
    moment = build_moment(config, options.today, options.now)
    today = moment.date()
    context = ValidateContext(config.tz, today, options.drafts, MarkdownRenderer(config.embed_hosts), moment, options.schedule)
    validate_key = digest(code_fingerprint(), repr(config), today.isoformat(), str(options.drafts), str(options.schedule))
    cache = cache or BuildCache()
    cached = cache.records if cache.validate_key == validate_key else {}
    listing = content_files_since(options.site_dir, cached, changed) if changed is not None and cached else None
    if listing is None:
        listing, results = content_files(options.site_dir), {}
    else:
        results = dict(cached)  # the files not changed, as the cached build found them
    stamps: dict[str, tuple] = {}
    misses: list[tuple[Path, str, str | None]] = []  # (file, rel, hash of the bytes the cache knows)
    for file in listing:
        hit = cached.get(file.rel)
        due = hit is not None and schedule_passed(hit.record, moment)  # validated again, whatever its bytes
        if hit and hit.stamp == file.stamp and not due:
            results[file.rel] = hit
        else:
            stamps[file.rel] = file.stamp
            misses.append((options.site_dir / file.rel, file.rel, hit.hash if hit and not due else None))
    for rel in [rel for rel, kept in results.items() if schedule_passed(kept.record, moment)]:
        # a watcher's build keeps the files it was not told about: their publish or expiry time may have passed too
        stamps[rel] = results.pop(rel).stamp
        misses.append((options.site_dir / rel, rel, None))
    # Workers read and hash the files themselves: a cold build spends no time on them here.
    setup_args = (_LoadContext(options.site_dir, config.sections, context),)
    for _, done in map_chunks(_load_and_validate, misses, options.jobs or default_jobs(), _same, setup_args):
        for rel, (hashed, validated) in done.items():
            # validated is None: same bytes under a new stamp (touched, checked out again)
            record, problems = validated or (cached[rel].record, cached[rel].problems)
            results[rel] = CachedRecord(stamps[rel], hashed, record, problems)
    cache.validate_key = validate_key
    cache.records = results
    for result in results.values():
        if result.problems:
            report.extend(result.problems)
    model = _model(config, today, validate_key, results, scan_static(options.site_dir), cache)
    report.extend([*model.problems, *model.url_problems, *model.link_problems])
    return Loaded(model.site, model.routes, {rel: result.hash for rel, result in results.items()})


def _model(
    config: Config, today: date, validate_key: str, results: dict[str, CachedRecord], static_files: dict[str, int], cache: BuildCache
) -> KeptModel:
    """model → routes → cross-page checks. A cache that keeps the last model (the dev server's) has
    its model, routes and URL checks reused when the saved files changed only pages' bodies, which
    none of them reads (the pages are swapped into the kept site) and only those pages' links are
    checked again: after an edit of the text at 4,000 items, they were two thirds of the rebuild (~35 ms)."""
    kept = cache.kept_model()
    if kept is not None and kept.validate_key == validate_key and kept.site.static_files == static_files:
        edited = _bodies_edited(kept.records, results)
        if edited is not None:
            site = replace(kept.site, pages={**kept.site.pages, **edited}) if edited else kept.site
            links = [p for p in kept.link_problems if p.path not in edited] + check_links(site, kept.routes, edited.values())
            model = KeptModel(validate_key, results, site, kept.routes, kept.problems, kept.url_problems, links)
            cache.keep_model(model)
            return model
    records = [record for rel in sorted(results) if (record := results[rel].record) is not None]
    site, problems = build_site(config, today, records, static_files)
    routes = plan_routes(site)
    model = KeptModel(validate_key, results, site, routes, problems, check_urls(site, routes), check_links(site, routes))
    cache.keep_model(model)
    return model


def _bodies_edited(before: dict[str, CachedRecord], now: dict[str, CachedRecord]) -> dict[str, Page] | None:
    """The pages whose records differ only in their bodies, by source; None when anything else
    changed (a file added or removed, a front-matter field, an intro, a page left out or back)."""
    if len(before) != len(now):
        return None
    edited = {}
    for rel, result in now.items():
        old = before.get(rel)
        if old is None:
            return None
        if result.record is old.record:
            continue
        if not (isinstance(result.record, Page) and isinstance(old.record, Page) and old.record.differs_only_in_body(result.record)):
            return None
        edited[result.record.source] = result.record
    return edited


@dataclass(frozen=True)
class _LoadContext:
    site_dir: Path
    sections: dict
    validate: ValidateContext


def _same(context):
    return context


def _load_and_validate(context: _LoadContext, files: list[tuple[Path, str, str | None]]) -> dict[str, tuple]:
    """rel → (hash of the bytes, (record, problems)), or (hash, None) when the bytes are the cached ones."""
    done = {}
    for file, rel, cached_hash in files:
        raw = file.read_bytes()
        hashed = digest(raw)
        done[rel] = (
            hashed,
            None if hashed == cached_hash else validate_file(context.site_dir, file, context.sections, context.validate, raw),
        )
    return done


class _LoadedObjects:
    """Keeps the garbage collector off the site model while a build runs.

    Loading creates hundreds of thousands of objects that live until the build ends and
    form no garbage cycles; the collector would walk them all again and again (a quarter
    of a warm build at 4,000 items). Paused while loading, then the loaded objects are
    frozen (left out of collections) until the build is done.
    """

    def __enter__(self) -> _LoadedObjects:
        self.enabled = gc.isenabled()
        gc.disable()
        return self

    def loaded(self) -> None:
        gc.freeze()
        if self.enabled:
            gc.enable()

    def __exit__(self, *exc) -> None:
        gc.unfreeze()
        if self.enabled:
            gc.enable()


def check(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    report = Report()
    with _LoadedObjects():
        loaded = load_site(options, report)
        report.extend(check_photos(loaded.site, options.site_dir, options.jobs or default_jobs()))
    return BuildResult(report, loaded.site, loaded.routes, _counts(loaded.site), seconds=time.perf_counter() - started)


def build(
    options: BuildOptions,
    progress: Callable[[int, int], None] | None = None,
    stage: Callable[[str], None] | None = None,
    cache: BuildCache | None = None,
    changed: Collection[Path] | None = None,
) -> BuildResult:
    """Run every stage; `progress(done, total)` is told after each rendered file, `stage(name)`
    when a later stage starts (`search`). `cache`: one kept by a long-lived caller (the dev
    server's MemoryCache); otherwise `.cchcsite-cache/` when `options.cache`, else none. `changed`:
    the paths a watcher saw change since the last build with this cache (every other file is as it
    was then); None: look at every file."""
    started = time.perf_counter()
    report = Report()
    with _LoadedObjects() as memory:
        if cache is None:
            cache = DiskCache.open(options.site_dir) if options.cache else BuildCache()
        loaded = load_site(options, report, cache, changed)
        memory.loaded()
        result = BuildResult(report, loaded.site, loaded.routes, _counts(loaded.site))
        if not report.failed:
            with _image_store(options, cache) as store:
                photos, problems = photo_stage(loaded.site, options.site_dir, store, options.jobs or default_jobs())
                report.extend(problems)
                result.photos_encoded = photos.encoded
                if not report.failed:
                    _render_and_write(options, loaded, cache, result, progress, stage, photos)
                if result.ok:
                    cache.prune_photos(store, photos.keys)
    result.seconds = time.perf_counter() - started
    return result


class _image_store:
    """The store of made photos: the one the cache names (the site's `.cchcsite-cache/images/`,
    shared by `build` and `serve`), or with `--no-cache` a temporary one, gone after the build."""

    def __init__(self, options: BuildOptions, cache: BuildCache):
        kept = cache.photo_folder(options.site_dir)
        self.temporary: tempfile.TemporaryDirectory[str] | None = None
        if kept is None:
            self.temporary = tempfile.TemporaryDirectory(prefix="cchcsite-images-")
            kept = Path(self.temporary.name)
        self.folder = kept

    def __enter__(self) -> ImageStore:
        return ImageStore(self.folder)

    def __exit__(self, *exc) -> None:
        if self.temporary:
            self.temporary.cleanup()


@dataclass(frozen=True)
class OutputPlan:
    """What this build will write, decided before anything is written."""

    theme: Theme
    output: Path
    render_key: str  # what every rendered file depends on besides its route: code, config, theme, date, static files
    keys: dict[str, RouteKey]  # url → key of every route planned (BuildCache.plan)
    reusable: bool  # the current output was made with this render key: update it in place
    fresh: list[Route]  # the routes to render; the others are in the output as they should be


def _render_and_write(
    options: BuildOptions,
    loaded: Loaded,
    cache: BuildCache,
    result: BuildResult,
    progress: Callable | None,
    stage: Callable | None,
    photos: Photos,
) -> None:
    """render → write → index, into a staging folder swapped in only when all succeeded."""
    plan = _plan_output(options, loaded, cache, photos)
    admin_files = _admin_files(loaded.site, result.report)
    try:
        with OutputWriter(plan.output, options.site_dir, update_in_place=plan.reusable) as writer:
            assets = _render_pages(options, loaded, cache, plan, writer, progress, photos)
            _write_assets(writer, assets)
            _copy_static(writer, loaded.site, options.site_dir, photos)
            _copy_admin(writer, admin_files)
            removed = _pages_gone(plan, cache)
            if options.search:
                removed += _index_stage(options, loaded, cache, plan, writer, result, stage)
            elif not options.keep_index:
                removed += _stale_index(writer, plan.output)
            writer.commit(removed=removed)
            _count_written(result, writer, plan, loaded.routes)
    except TemplateProblem as exc:
        result.report.extend([exc.problem])
    except _SearchFailed:
        pass
    if result.ok:  # what the next build may reuse: the output as it now is (an index left in place keeps its shard keys too)
        searched = result.search.shards if result.search else None if options.keep_index else {}
        cache.remember(plan.render_key, plan.output, plan.keys, loaded.file_hashes, searched)


def _plan_output(options: BuildOptions, loaded: Loaded, cache: BuildCache, photos: Photos) -> OutputPlan:
    """Which routes to render: all of them, or (the cache knowing the output) those whose key changed."""
    site = loaded.site
    theme = resolve_theme(options.site_dir, site.config)
    if (compiled := cache.template_cache()) is not None:
        theme = replace(theme, bytecode_cache=compiled)
    output = (options.output or options.site_dir / "public").resolve()
    render_key = digest(
        code_fingerprint(),
        repr(site.config),
        site.today.isoformat(),
        files_fingerprint(theme.files()),
        repr(sorted(site.static_files.items())),
        photos.fingerprint,
    )
    reusable = cache.render_key == render_key and cache.output == str(output) and (output / MARKER).is_file()
    keys, fresh = cache.plan(site, loaded.routes, loaded.file_hashes, output, reusable)
    return OutputPlan(theme, output, render_key, keys, reusable, fresh)


def _admin_files(site: Site, report: Report) -> dict[str, Path]:
    """Decap, as `cchcsite fetch-cms` left it in the cache (a warning, not a failure, when it was never fetched)."""
    files, problems = cms.admin_bundle(site.config)
    report.extend(problems)
    return files


def _render_pages(
    options: BuildOptions,
    loaded: Loaded,
    cache: BuildCache,
    plan: OutputPlan,
    writer: OutputWriter,
    progress: Callable | None,
    photos: Photos,
) -> dict[str, Asset]:
    """Render the fresh routes into the staging folder (in worker processes when there are many);
    return the theme's assets, as the renderer that was used made them. A cache that lives from
    build to build (the dev server's) keeps the prepared renderer: compiling the templates again
    was a third of a rebuild after one save."""
    site = loaded.site
    in_process = options.jobs == 1 or len(plan.fresh) < MIN_PARALLEL
    renderer = cache.prepared(plan.render_key, lambda: Renderer(plan.theme, site.config, GENERATORS, photos)) if in_process else None
    render_routes(
        site, loaded.routes, plan.theme, GENERATORS, plan.fresh, writer.staging, options.jobs or default_jobs(), progress, renderer, photos
    )
    writer.files_written += len(plan.fresh)
    return renderer.assets if renderer else build_assets(plan.theme, site.config)


def _write_assets(writer: OutputWriter, assets: dict[str, Asset]) -> None:
    for asset in assets.values():
        if not (writer.update_in_place and (writer.output / asset.url.lstrip("/")).is_file()):  # hashed names: same name, same bytes
            writer.write(asset.url.lstrip("/"), asset.content)


def _copy_static(writer: OutputWriter, site: Site, site_dir: Path, photos: Photos) -> None:
    """static/ as it is, except photos: what the image stage made of them instead."""
    for url in site.static_files:
        if url not in photos.withheld:
            writer.copy(url.lstrip("/"), static_source(site_dir, url))
    for relative, stored in photos.files.items():
        writer.copy(relative, Path(stored))


def _copy_admin(writer: OutputWriter, admin_files: dict[str, Path]) -> None:
    for relative, source in admin_files.items():
        writer.copy(relative, source)


def _pages_gone(plan: OutputPlan, cache: BuildCache) -> list[str]:
    """Output files of routes the last build had and this one does not."""
    return [output_file(url) for url in (cache.routes if plan.reusable else ()) if url not in plan.keys]


def _index_stage(
    options: BuildOptions,
    loaded: Loaded,
    cache: BuildCache,
    plan: OutputPlan,
    writer: OutputWriter,
    result: BuildResult,
    stage: Callable | None,
) -> list[str]:
    """index: into the staged build, before the swap, so a failed index leaves the last good
    output (and its index) untouched; return the old index files to delete."""
    if stage:
        stage("search")
    search, removed = _index_search(loaded, writer, plan, result, cache, options)
    result.report.extend(search.warnings)
    if search.problem:
        result.report.extend([search.problem])
        raise _SearchFailed
    return removed


def _stale_index(writer: OutputWriter, output: Path) -> list[str]:
    """Built with --no-search: the index an earlier build left would be stale; delete it."""
    if not (writer.update_in_place and (output / BUNDLE).is_dir()):
        return []
    return [path.relative_to(output).as_posix() for path in (output / BUNDLE).rglob("*") if path.is_file()]


def _count_written(result: BuildResult, writer: OutputWriter, plan: OutputPlan, routes: Routes) -> None:
    result.files_written = writer.files_written
    result.rendered, result.reused = len(plan.fresh), len(routes.all) - len(plan.fresh)
    result.rendered_urls = tuple(route.url for route in plan.fresh)


class _SearchFailed(Exception):
    """Raised inside the writer so the staged build is discarded; the problem is already reported."""


def _index_search(
    loaded: Loaded, writer: OutputWriter, plan: OutputPlan, result: BuildResult, cache: BuildCache, options: BuildOptions
) -> tuple[SearchResult, list[str]]:
    """Index into the staging folder the search shards whose pages changed (all of them unless
    the output is updated in place); return the old index files to delete (bundle file names
    carry content hashes; a shard no longer planned goes entirely), with what the index stage did."""
    output = plan.output
    bundle, current = writer.staging / BUNDLE, output / BUNDLE
    sources = [writer.staging, output] if writer.update_in_place else [writer.staging]
    known = cache.search if writer.update_in_place else {}

    def kept(shard: Shard) -> bool:
        return known.get(shard.folder) == shard.key and (current / shard.folder / "pagefind-entry.json").is_file()

    jobs = options.jobs or default_jobs()
    page_keys = cache.page_keys(loaded.site, loaded.routes, loaded.file_hashes, plan.keys)
    search = result.search = build_index(
        loaded.site,
        loaded.routes,
        sources,
        bundle,
        page_keys=page_keys,
        salt=plan.render_key,
        kept=kept,
        jobs=jobs,
        above=options.search_shard_above,
        reused=current,
    )
    writer.files_written += search.files
    if search.problem:
        return search, []
    where = {folder: (bundle if folder in search.reindexed else current) / folder for folder in search.shards}
    if search.shards:
        _add_preload_hints(writer, output, list(where.items()))
    if not writer.update_in_place or not current.is_dir():
        return search, []
    removed = []
    for folder in search.reindexed:  # a kept shard's files stay as they are
        fresh = {path.relative_to(bundle).as_posix() for path in shard_files(bundle, folder)}
        removed += [
            f"{BUNDLE}/{relative}"
            for path in shard_files(current, folder)
            if (relative := path.relative_to(current).as_posix()) not in fresh
        ]
    for entry in current.iterdir():  # shards no longer planned
        if entry.is_dir() and entry.name not in PRIMARY_PARTS and f"{entry.name}/" not in search.shards:
            removed += [path.relative_to(output).as_posix() for path in entry.rglob("*") if path.is_file()]
    return search, removed


def _add_preload_hints(writer: OutputWriter, output: Path, shards: list[tuple[str, Path]]) -> None:
    """Name the new index's files in the search page (re-rendered or not: the hashes change)."""
    relative = output_file(addresses.SEARCH)
    for source in (writer.staging / relative, output / relative):
        if source.is_file():
            page = source.read_text(encoding="utf-8")
            patched = with_preload_hints(page, preload_hints(shards, writer.staging / BUNDLE / SHARDS_FILE))
            if patched != page or source.parent != writer.staging / Path(relative).parent:
                writer.write(relative, patched.encode("utf-8"))
            return


def _counts(site: Site | None) -> dict[str, int]:
    return dict(Counter(page.kind for page in site.pages.values())) if site else {}
