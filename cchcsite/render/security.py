"""Content-Security-Policy and the other security headers, from one place.

Pages carry the policy in a <meta> tag (GitHub and GitLab Pages cannot send
headers); on Netlify the build also writes `_headers` with the same policy
plus what only a header can say (frame-ancestors). Netlify applies every
matching rule and joins the values, so one `/*` rule would also bind the CMS
admin: rules are written per top-level path instead, and `/admin/*` gets the
policy Decap needs (measured in headless Chromium): its schema
compiler needs 'unsafe-eval', Emotion injects <style> tags, previews are blob:
and data: images, and it talks to the Git host's API. Decap itself is served
from /admin/, so no other host may give script or style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..urls import top_levels

if TYPE_CHECKING:
    from ..config import Config
    from ..content.routes import Route, Routes
    from ..content.site import Site


def page_policy(config: Config) -> str:
    """What a page may load: only this site, plus the embed hosts' frames; search needs WebAssembly."""
    frames = " ".join(f"https://{host}" for host in config.embed_hosts) or "'none'"
    return (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; "
        f"img-src 'self' data: https:; font-src 'self'; connect-src 'self'; frame-src {frames}; "
        f"object-src 'none'; base-uri 'self'; form-action {form_targets(config)}"
    )


def form_targets(config: Config) -> str:
    """The site itself (search, Netlify Forms) and the host the feedback form posts to."""
    action = config.feedback.action if config.feedback else ""
    if not action:
        return "'self'"
    parts = urlsplit(action)  # config checked the host is a plain name (no `;` can reach the policy)
    port = f":{parts.port}" if parts.port else ""
    return f"'self' {parts.scheme}://{parts.hostname}{port}"


def admin_policy(config: Config, meta: bool = False) -> str:
    """The `/admin/` policy; `meta=True` leaves out what a <meta> policy cannot carry."""
    hosts = []
    if config.cms:
        for url in config.cms.hosts:  # the API, and the sign-in server PKCE asks for a token
            parts = urlsplit(url)
            origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
            if origin and origin not in hosts:
                hosts.append(origin)
    connect = " ".join(["'self'", "blob:", *hosts])
    policy = (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: blob:; connect-src {connect}; object-src 'none'; base-uri 'self'; form-action 'self'"
    )
    return policy if meta else policy + "; frame-ancestors 'self'"


def top_level_patterns(route: Route) -> list[str]:
    """Netlify path patterns covering every file the build writes (the route lists the top-level
    folders and files of the site's pages and static files), except the CMS admin."""
    names = set(route.entries) | top_levels(("/assets/", "/pagefind/"))
    return sorted({"/"} | {f"{name}*" if name.endswith("/") else name for name in names if name.strip("/") != "admin"})


def netlify_headers(site: Site, routes: Routes, route: Route) -> bytes:
    policy = page_policy(site.config) + "; frame-ancestors 'self'"
    lines = []
    for pattern in top_level_patterns(route):
        lines += [pattern, f"  Content-Security-Policy: {policy}", ""]
    if site.config.cms:
        lines += ["/admin/*", f"  Content-Security-Policy: {admin_policy(site.config)}", "  X-Robots-Tag: noindex", ""]
    return "\n".join(lines).encode()
