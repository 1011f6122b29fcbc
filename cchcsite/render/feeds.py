"""Netlify `_redirects` for aliases. (The Atom feed, sitemap and robots.txt are built-in
templates — feed.xml, sitemap.xml, robots.txt — that a theme may override.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.routes import Route, Routes
    from ..content.site import Site


def netlify_redirects(site: Site, routes: Routes, route: Route) -> bytes:
    base = site.config.base_path.rstrip("/")
    lines = [f"{base}{alias} {base}{url} 301" for alias, url in route.entries]
    return "".join(line + "\n" for line in sorted(lines)).encode()
