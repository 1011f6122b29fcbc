"""Atom feed, sitemap, robots.txt and Netlify `_redirects`: no build timestamps,
so the same content gives byte-identical files."""
from __future__ import annotations

from html import escape as _escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.routes import Route
    from ..content.site import Site


def escape(text: str) -> str:
    """XML text. (Not xml.sax.saxutils: importing it pulls in urllib's whole HTTP stack.)"""
    return _escape(text, quote=False)


def quoteattr(text: str) -> str:
    return '"' + _escape(text) + '"'


def atom(site: "Site", route: "Route") -> bytes:
    config = site.config
    entries = site.listed(route.items)
    newest = max((p.last_updated or p.date for p in entries if p.date), default=None)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
        f"  <title>{escape(config.title)} – {escape(config.organization)}</title>",
        f"  <link href={quoteattr(config.absolute(route.url))} rel=\"self\"/>",
        f"  <link href={quoteattr(config.base_url)}/>",
        f"  <id>{escape(config.base_url)}</id>",
        f"  <updated>{(newest.isoformat() if newest else '1970-01-01T00:00:00+00:00')}</updated>",
        f"  <author><name>{escape(config.organization)}</name></author>",
    ]
    for page in entries:
        url = config.absolute(page.url)
        lines += [
            "  <entry>",
            f"    <title>{escape(page.title)}</title>",
            f"    <link href={quoteattr(url)}/>",
            f"    <id>{escape(url)}</id>",
            f"    <published>{page.date.isoformat()}</published>",
            f"    <updated>{(page.last_updated or page.date).isoformat()}</updated>",  # a change note dates the entry
        ]
        if page.summary:
            lines.append(f"    <summary>{escape(page.summary)}</summary>")
        lines += [f"    <category term={quoteattr(tag)}/>" for tag in page.tags]
        lines.append("  </entry>")
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap(site: "Site", route: "Route") -> bytes:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for entry in site.routes:
        if not entry.in_sitemap:
            continue
        lines.append(f"  <url><loc>{escape(site.config.absolute(entry.url))}</loc>")
        page = site.pages.get(entry.page) if entry.page else None
        stamp = page and (page.last_updated or page.date)
        if stamp:
            lines.append(f"    <lastmod>{stamp.date().isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: "Site", route: "Route") -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.config.absolute('/sitemap.xml')}\n".encode()


def netlify_redirects(site: "Site", route: "Route") -> bytes:
    base = site.config.base_path.rstrip("/")
    lines = [
        f"{base}{alias} {base}{page.url} 301"
        for page in site.pages.values()
        for alias in page.meta.aliases
    ]
    return "".join(line + "\n" for line in sorted(lines)).encode()
