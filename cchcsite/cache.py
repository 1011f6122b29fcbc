"""Persistent build cache (`.cchcsite-cache/`): after an edit, redo only what it touches.

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
from dataclasses import dataclass, field
from pathlib import Path

from .content.routes import Route, Routes
from .content.site import Site

CACHE_DIR = ".cchcsite-cache"
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
    record: object  # Page, SectionIntro, LeftOut or None
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


@dataclass
class BuildCache:
    """What the last good build knew. Stored as two files: `records.pickle`, all validated
    records as of some build (megabytes), and `build.pickle`, everything else plus the records
    changed since (small). Editing one file rewrites only the small one."""

    folder: Path | None  # None: kept in memory only, by a long-lived caller (the dev server)
    validate_key: str = ""
    records: dict[str, CachedRecord] = field(default_factory=dict)  # by source file
    render_key: str = ""
    output: str = ""
    routes: dict[str, str | Route] = field(
        default_factory=dict
    )  # url → key of the file now in the output (route_key; in memory, the route)
    hashes: dict[str, str] = field(default_factory=dict)  # content file → hash of the bytes the output was made from (in memory only)
    search: dict[str, str] = field(default_factory=dict)  # search shard folder → key of the shard now in the output
    stored_records: dict[str, CachedRecord] = field(default_factory=dict)  # as in records.pickle
    stored_id: str = ""  # pairs build.pickle with the records.pickle it was written against
    renderer: tuple[str, object] | None = None  # (render key, Renderer): kept in memory only, never stored
    model: KeptModel | None = None  # kept in memory only, never stored
    # (routes, intros, file → the routes that show it): kept in memory only, for the routes and intros it was made of
    dependents: tuple[object, object, dict[str, list[Route]]] | None = None

    @classmethod
    def open(cls, site_dir: Path) -> BuildCache:
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
                    folder,
                    state["validate_key"],
                    records,
                    state["render_key"],
                    state["output"],
                    state["routes"],
                    search=state["search"],
                    stored_records=stored_records,
                    stored_id=stored_id,
                )
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, KeyError):
            pass  # missing, old or damaged: start empty (the cache is only ever a shortcut)
        return cls(folder)

    @property
    def in_memory(self) -> bool:
        """Kept by a long-lived caller (the dev server), never stored: its output folder is private too."""
        return self.folder is None

    def save(self) -> None:
        if self.in_memory:
            return
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


def _write_atomically(path: Path, value) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


def route_key(site: Site, route: Route, file_hashes: dict[str, str], in_memory: bool = False) -> str | tuple:
    """The route as planned, plus the bytes of every source file it shows or depends on: a page is
    rendered again exactly when this changes. Stored on disk it is their hash; `in_memory` the values
    themselves (the dev server's search shards; its pages compare routes and changed files directly,
    pipeline._fresh_in_memory)."""
    intro = site.intros.get(route.intro) if route.intro else None
    if in_memory:  # the route's own order is deterministic: no need to sort
        get = file_hashes.get
        return (route, tuple(map(get, route.sources)), tuple(map(get, route.items)), get(route.page), intro and get(intro.source))
    depends = set(route.sources) | set(route.items) | {route.page, intro.source if intro else None}
    depends.discard(None)
    hashes = tuple(f"{name}={file_hashes.get(name, '')}" for name in sorted(depends))
    # pickle is a fast, faithful encoding of the route's values; at worst a different
    # encoding of equal values costs a needless re-render, never a stale page.
    encoded = pickle.dumps(route, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(encoded + "\0".join(hashes).encode()).hexdigest()  # one call: 5,830 routes at 4,000 items
