"""Netlify `_redirects` for aliases. (The Atom feed, sitemap and robots.txt are built-in
templates — feed.xml, sitemap.xml, robots.txt — that a theme may override.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.routes import Route, Routes
    from ..content.site import Site


def netlify_redirects(site: Site, routes: Routes, route: Route) -> bytes:
    """`/tin-cu/ https://tinh.gov.vn/cchc/tin-tuc/moi/ 301`. Netlify serves the output folder at its
    own root, so a rule names the path there, as `_headers` does (under a sub-path, the host of
    `tinh.gov.vn` hands `/cchc/…` to it without the prefix); the target is the address visitors
    use, whole under a sub-path: a bare `/tin-tuc/moi/` would send them out of `/cchc/`."""
    config = site.config
    target = config.absolute if config.base_path != "/" else str
    lines = [f"{alias} {target(url)} 301" for alias, url in route.entries]
    return "".join(line + "\n" for line in sorted(lines)).encode()
