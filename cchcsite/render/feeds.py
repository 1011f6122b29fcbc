"""Netlify `_redirects` for aliases, and the sitemap's entries. (The Atom feed, sitemap and
robots.txt are built-in templates — feed.xml, sitemap.xml, robots.txt — that a theme may override.)"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.routes import Route, Routes
    from ..content.site import Site


def sitemap_entries(site: Site, routes: Routes) -> list[tuple[str, str]]:
    """(address, date its content last changed or "") of every page a search engine should know.
    Made here, not in the template: the sitemap is rewritten after every edit, over every page."""
    entries = []
    for route in routes.all:
        if route.in_sitemap:
            shown = site.pages[route.page] if route.page else None
            stamp = shown and (shown.last_updated or shown.date)
            entries.append((site.config.absolute(route.url), stamp.date().isoformat() if stamp else ""))
    return entries


def netlify_redirects(site: Site, routes: Routes, route: Route) -> bytes:
    base = site.config.base_path.rstrip("/")
    lines = [
        f"{base}{alias} {base}{page.url} 301"
        for page in site.pages.values()
        for alias in page.meta.aliases
    ]
    return "".join(line + "\n" for line in sorted(lines)).encode()
