"""Render many routes, in this process or across worker processes.

Rendering a route is a pure function of (site, route, theme), so routes can be
split into chunks and rendered anywhere; each worker prepares the theme once
and writes its files straight into the staging folder. The output is the same
bytes whatever the number of workers (a test holds us to that).
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

from ..content.routes import Route
from ..content.site import Site
from ..urls import output_file
from .pages import Renderer
from .theme import Theme

CHUNK = 64  # routes per task: big enough to amortise the hand-off, small enough to balance
MIN_PARALLEL = 400  # below this, starting workers costs more than it saves


def default_jobs() -> int:
    return os.cpu_count() or 1


def write_rendered(staging: Path, url: str, content: bytes) -> None:
    target = staging / output_file(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def render_chunk_here(renderer: Renderer, site: Site, routes: list[Route], staging: Path) -> int:
    for route in routes:
        write_rendered(staging, route.url, renderer.render(site, route))
    return len(routes)


# Each worker process holds its own prepared renderer and site, set once by `_start_worker`.
_worker: tuple[Renderer, Site, Path] | None = None


def _start_worker(site: Site, theme: Theme, staging: Path) -> None:
    global _worker
    _worker = (Renderer(theme, site.config), site, staging)


def _render_chunk_in_worker(routes: list[Route]) -> int:
    renderer, site, staging = _worker
    return render_chunk_here(renderer, site, routes, staging)


def _context():
    # fork shares the site model without pickling it; elsewhere (Windows, macOS) spawn works too.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


def render_routes(
    site: Site,
    theme: Theme,
    renderer: Renderer,
    routes: tuple[Route, ...],
    staging: Path,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    chunks = [list(routes[i : i + CHUNK]) for i in range(0, len(routes), CHUNK)]
    done = 0
    if jobs <= 1 or len(routes) < MIN_PARALLEL:
        for chunk in chunks:
            done += render_chunk_here(renderer, site, chunk, staging)
            if progress:
                progress(done, len(routes))
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_start_worker, initargs=(site, theme, staging)) as pool:
        for count in pool.map(_render_chunk_in_worker, chunks):
            done += count
            if progress:
                progress(done, len(routes))
