"""`cchcsite check --external`: are the web addresses the site points to still alive?

Opt-in and report-only: the network is never part of a normal build, and a
portal that is down for an hour must not block publishing. Each address is
asked once (HEAD, then GET for servers that refuse HEAD), with a timeout and
retries, several at a time.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from . import __version__
from .config import CONFIG_FILE
from .content.page import Page, Refused, line_of
from .content.site import Site
from .errors import Problem, warning
from .schema import addresses

USER_AGENT = f"cchcsite-linkcheck/{__version__}"
RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class ExternalLink:
    url: str
    path: str
    line: int


def external_links(site: Site) -> list[ExternalLink]:
    """Every http(s) address the content and config point to, with where it was written."""
    found = []
    holders: list[Page | Refused] = [*site.pages.values(), *site.refused]
    for page in holders:
        found += [ExternalLink(link.target, page.source, link.line) for link in page.links if link.is_external]
        found += [ExternalLink(a.value, page.source, line_of(page, a)) for a in page.addresses if a.external]  # as the schema declares them
    found += [
        ExternalLink(address.value, CONFIG_FILE, site.config.lines.get(address.top, 1))
        for address in addresses(site.config)
        if address.external
    ]
    return found


def probe(url: str, timeout: float, retries: int) -> str | None:
    """None when the address answers; else why not, in Vietnamese."""
    problem = None
    for _attempt in range(retries + 1):
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    response.read(0)
                return None
            except urllib.error.HTTPError as exc:
                problem = f"trả về mã lỗi {exc.code}"
                if method == "HEAD" and exc.code in (403, 405, 501):
                    continue  # some servers refuse HEAD: ask again with GET
                if exc.code not in RETRY_STATUSES:
                    return problem
                break
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                problem = f"không kết nối được ({reason})"
                break
    return problem


def check_external(links: list[ExternalLink], timeout: float = 10, retries: int = 2, workers: int = 8) -> list[Problem]:
    urls = sorted({link.url for link in links})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        verdicts = dict(zip(urls, pool.map(lambda url: probe(url, timeout, retries), urls)))
    return [warning(link.path, link.line, f"liên kết ngoài `{link.url}` {verdicts[link.url]}") for link in links if verdicts[link.url]]
