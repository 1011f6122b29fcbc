"""Render many routes, each worker writing its files straight into the staging folder.

Rendering a route is a pure function of (site, route, theme), so routes can be
rendered in any process; the bytes are the same whatever the number of
workers (a test holds us to that).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from ..content.routes import Route, Routes
from ..content.site import Site
from ..urls import output_file
from ..workers import map_chunks
from ..write import staged_path
from .pages import Renderer
from .pictures import NO_PHOTOS, Photos
from .theme import Theme


def _prepare(
    site: Site, routes: Routes, theme: Theme, generators: Mapping, staging: Path, photos: Photos
) -> tuple[Renderer, Site, Routes, str]:
    return Renderer(theme, site.config, generators, photos), site, routes, str(staging)


def _render_chunk(state: tuple[Renderer, Site, Routes, str], chunk: list[Route]) -> None:
    renderer, site, routes, staging = state
    for route in chunk:
        _write(staged_path(staging, output_file(route.url)), renderer.render(site, routes, route))


def _write(path: str, content: bytes) -> None:
    """Plain `os` calls: pathlib's objects cost more than the write itself, thousands of times over."""
    try:
        file = open(path, "wb")
    except FileNotFoundError:  # each page has its own folder: make it on first use
        os.makedirs(os.path.dirname(path), exist_ok=True)
        file = open(path, "wb")
    with file:
        file.write(content)


def render_routes(
    site: Site,
    planned: Routes,
    theme: Theme,
    generators: Mapping,
    routes: list[Route],
    staging: Path,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    renderer: Renderer | None = None,
    photos: Photos = NO_PHOTOS,
) -> None:
    """`renderer`: one already prepared for this theme, config and photos, used here in this process."""
    if renderer is not None:
        _render_chunk((renderer, site, planned, str(staging)), routes)
        if progress:
            progress(len(routes), len(routes))
        return
    for done, _ in map_chunks(_render_chunk, routes, jobs, _prepare, (site, planned, theme, generators, staging, photos)):
        if progress:
            progress(done, len(routes))
