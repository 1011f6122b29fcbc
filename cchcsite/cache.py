"""The build cache: after an edit, redo only what it touches.

One interface (`BuildCache`, which itself keeps nothing past a build), two that
remember: `DiskCache`, `.cchcsite-cache/` for `cchcsite build`, and `MemoryCache`,
kept by the dev server between saves. The pipeline only asks them; none of its
stages knows which one it has.

Two layers, each keyed by hashes so the cache can never make output differ
from a cold build, and is always safe to delete:

- validated records, per content file, keyed by the file's bytes (a file
  whose size, times and inode are unchanged is not even read); the whole
  layer is void when config.yaml, the build date, the drafts flag or
  cchcsite's own code change;
- rendered files, per route, keyed by the route itself (what it lists, its
  pager, its term) and the hashes of every file it depends on; the layer is
  void when the config, theme, build date, static files or code change.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import platform
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from .content.page import LeftOut, Page, Refused, SectionIntro
from .content.routes import Route, Routes
from .content.site import Site
from .urls import output_file

if TYPE_CHECKING:
    from .images import ImageStore

CACHE_DIR = ".cchcsite-cache"
PHOTOS_DIR = "images"  # inside CACHE_DIR: the photo stage's store (images.ImageStore)
FORMAT = 3


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """Any change to cchcsite itself (or the Python running it) voids the cache."""
    package = Path(__file__).parent
    parts: list[bytes | str] = [str(FORMAT), platform.python_version()]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".js") and path.is_file():
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return digest(*parts)


def files_fingerprint(paths) -> str:
    parts: list[bytes | str] = []
    for path in sorted(paths):
        parts += [path.as_posix(), path.read_bytes()]
    return digest(*parts)


@dataclass(frozen=True)
class CachedRecord:
    stamp: tuple  # what `content_files` saw: size, mtime, ctime, inode
    hash: str  # of the file's bytes
    record: Page | SectionIntro | LeftOut | Refused | None
    problems: list


@dataclass(frozen=True)
class KeptModel:
    """The model and routes a build made, with the records they were made from (kept in memory only)."""

    validate_key: str
    records: dict[str, CachedRecord]
    site: Site
    routes: Routes
    problems: list  # the model's own (duplicate codes, unknown replacements, …)
    url_problems: list  # content/checks.py: two pages on one URL
    link_problems: list  # content/checks.py: links to nothing


RouteKey = str | Route  # what a route's output was made from (see BuildCache.plan)
Made = TypeVar("Made")


@dataclass
class BuildCache:
    """What the last good build knew, and what of it this build may reuse: one interface, three
    lifetimes. This class itself remembers nothing past the build (`--no-cache`, `check`);
    `DiskCache` is `.cchcsite-cache/` (a build); `MemoryCache` is kept by a long-lived caller
    (the dev server, whose output folder is private too)."""

    validate_key: str = ""
    records: dict[str, CachedRecord] = field(default_factory=dict)  # by source file
    render_key: str = ""
    output: str = ""
    routes: dict[str, RouteKey] = field(default_factory=dict)  # url → key of the file now in the output
    search: dict[str, str] = field(default_factory=dict)  # search shard folder → key of the shard now in the output

    def plan(
        self, site: Site, routes: Routes, file_hashes: dict[str, str], output: Path, reusable: bool
    ) -> tuple[dict[str, RouteKey], list[Route]]:
        """Every route's key, and the routes to render: all of them, or (`reusable`: the output
        was made with this build's render key) those whose key changed or whose file is gone."""
        keys: dict[str, RouteKey] = {route.url: route_key(site, route, file_hashes) for route in routes.all}
        fresh = [
            route
            for route in routes.all
            if not (
                reusable and self.routes.get(route.url) == keys[route.url] and os.path.isfile(os.path.join(output, output_file(route.url)))
            )
        ]
        return keys, fresh

    def page_keys(self, site: Site, routes: Routes, file_hashes: dict[str, str], keys: dict[str, RouteKey]) -> dict[str, str]:
        """A key of each page's rendered file, for the search shards (search.plan_shards)."""
        return {url: key for url, key in keys.items() if isinstance(key, str)}

    def kept_model(self) -> KeptModel | None:
        """The model the last build made, if this cache keeps one."""
        return None

    def keep_model(self, model: KeptModel) -> None:
        pass

    def prepared(self, key: str, make: Callable[[], Made]) -> Made | None:
        """What `make()` returns for `key` (the prepared renderer), kept from build to build by a
        cache that lives that long; None when it does not."""
        return None

    def template_cache(self) -> Path | None:
        """Where Jinja may keep compiled templates."""
        return None

    def photo_folder(self, site_dir: Path) -> Path | None:
        """Where made photos are kept from build to build (None: a temporary store, gone after the build)."""
        return None

    def prune_photos(self, store: ImageStore, keys: set[str]) -> None:
        """After a good build: drop the photos it no longer uses, if this cache is the one that may."""

    def remember(
        self, render_key: str, output: Path, keys: dict[str, RouteKey], file_hashes: dict[str, str], search: dict[str, str] | None
    ) -> None:
        """The output as this good build left it (`search` None: the index was left as it was)."""
        self.render_key, self.output, self.routes = render_key, str(output), keys
        if search is not None:
            self.search = search
        self.save()

    def save(self) -> None:
        pass


@dataclass
class DiskCache(BuildCache):
    """`.cchcsite-cache/`, stored as two files: `records.pickle`, all validated records as of some
    build (megabytes), and `build.pickle`, everything else plus the records changed since (small).
    Editing one file rewrites only the small one."""

    folder: Path = Path(CACHE_DIR)
    stored_records: dict[str, CachedRecord] = field(default_factory=dict)  # as in records.pickle
    stored_id: str = ""  # pairs build.pickle with the records.pickle it was written against

    @classmethod
    def open(cls, site_dir: Path) -> DiskCache:
        folder = site_dir / CACHE_DIR
        try:
            with open(folder / "build.pickle", "rb") as file:
                state = pickle.load(file)
            with open(folder / "records.pickle", "rb") as file:
                stored_id, stored_records = pickle.load(file)
            if state["format"] == FORMAT and state["stored_id"] == stored_id:
                records = {**stored_records, **state["changed"]}
                for rel in state["removed"]:
                    records.pop(rel, None)
                return cls(
                    state["validate_key"],
                    records,
                    state["render_key"],
                    state["output"],
                    state["routes"],
                    state["search"],
                    folder=folder,
                    stored_records=stored_records,
                    stored_id=stored_id,
                )
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, KeyError):
            pass  # missing, old or damaged: start empty (the cache is only ever a shortcut)
        return cls(folder=folder)

    def template_cache(self) -> Path | None:
        return self.folder / "templates"

    def photo_folder(self, site_dir: Path) -> Path | None:
        return self.folder / PHOTOS_DIR

    def prune_photos(self, store: ImageStore, keys: set[str]) -> None:
        store.keep_only(keys)  # only a build: serve may show drafts, whose photos a build would drop

    def save(self) -> None:
        self.folder.mkdir(exist_ok=True)
        (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
        changed = {rel: record for rel, record in self.records.items() if self.stored_records.get(rel) is not record}
        removed = [rel for rel in self.stored_records if rel not in self.records]
        if not self.stored_id or len(changed) + len(removed) > max(50, len(self.records) // 20):
            self.stored_id = digest(self.validate_key, os.urandom(16))
            self.stored_records, changed, removed = self.records, {}, []
            _write_atomically(self.folder / "records.pickle", (self.stored_id, self.stored_records))
        state = {
            "format": FORMAT, "stored_id": self.stored_id, "validate_key": self.validate_key, "changed": changed,
            "removed": removed, "render_key": self.render_key, "output": self.output, "routes": self.routes,
            "search": self.search,
        }  # fmt: skip
        _write_atomically(self.folder / "build.pickle", state)


@dataclass
class MemoryCache(BuildCache):
    """Kept in memory by the dev server between saves, never stored. A route's key is the route
    itself, and the files it shows are looked up in the set of those whose bytes changed since the
    output was made: a few set look-ups per route, not a tuple of every file's hash (5,800 per
    save). It also keeps the model (see pipeline._model) and the prepared renderer: compiling the
    templates again was a third of a rebuild after one save."""

    hashes: dict[str, str] = field(default_factory=dict)  # content file → hash of the bytes the output was made from
    model: KeptModel | None = None
    made: tuple[str, object] | None = None  # (key, what `prepared` made for it)

    def plan(
        self, site: Site, routes: Routes, file_hashes: dict[str, str], output: Path, reusable: bool
    ) -> tuple[dict[str, RouteKey], list[Route]]:
        keys: dict[str, RouteKey] = {route.url: route for route in routes.all}
        if not reusable:
            return keys, list(routes.all)
        before, intros = self.hashes, site.intros
        changed = {rel for rel, hashed in file_hashes.items() if before.get(rel) != hashed} | (before.keys() - file_hashes.keys())
        fresh = [
            route
            for route in routes.all
            if self.routes.get(route.url) != route
            or not (changed.isdisjoint(route.sources) and changed.isdisjoint(route.items))
            or route.page in changed
            or (route.intro in intros and intros[route.intro].source in changed)
        ]
        return keys, fresh

    def page_keys(self, site: Site, routes: Routes, file_hashes: dict[str, str], keys: dict[str, RouteKey]) -> dict[str, str]:
        """A page's key: its route and the files it shows; their hash names it well enough within one process."""
        return {route.url: str(hash(_route_values(site, route, file_hashes))) for route in routes.all if route.page}

    def kept_model(self) -> KeptModel | None:
        return self.model

    def photo_folder(self, site_dir: Path) -> Path | None:
        return site_dir / CACHE_DIR / PHOTOS_DIR  # the build's own: a photo made once serves both

    def keep_model(self, model: KeptModel) -> None:
        self.model = model

    def prepared(self, key: str, make: Callable[[], Made]) -> Made | None:
        if self.made is None or self.made[0] != key:
            self.made = (key, make())
        return cast(Made, self.made[1])

    def remember(
        self, render_key: str, output: Path, keys: dict[str, RouteKey], file_hashes: dict[str, str], search: dict[str, str] | None
    ) -> None:
        self.hashes = file_hashes
        super().remember(render_key, output, keys, file_hashes, search)


def _write_atomically(path: Path, value) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


def route_key(site: Site, route: Route, file_hashes: dict[str, str]) -> str:
    """The route as planned, plus the bytes of every source file it shows or depends on: a page is
    rendered again exactly when this changes. Stored on disk, so a hash."""
    intro = site.intros.get(route.intro) if route.intro else None
    depends = {name for name in (*route.sources, *route.items, route.page, intro.source if intro else None) if name}
    hashes = tuple(f"{name}={file_hashes.get(name, '')}" for name in sorted(depends))
    # pickle is a fast, faithful encoding of the route's values; at worst a different
    # encoding of equal values costs a needless re-render, never a stale page.
    encoded = pickle.dumps(route, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(encoded + "\0".join(hashes).encode()).hexdigest()  # one call: 5,830 routes at 4,000 items


def _route_values(site: Site, route: Route, file_hashes: dict[str, str]) -> tuple:
    """route_key's values themselves, for a cache that never leaves the process (the route's own
    order is deterministic: no need to sort)."""
    intro = site.intros.get(route.intro) if route.intro else None
    get = file_hashes.get
    page = get(route.page) if route.page else None
    return (route, tuple(map(get, route.sources)), tuple(map(get, route.items)), page, intro and get(intro.source))
