"""Cross-page checks that need the planned routes: two pages on one URL, links to nothing.

Run by the pipeline once the routes are planned (model → routes → these checks).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..config import CONFIG_FILE
from ..errors import Problem, error
from ..schema import addresses, nearest
from ..urls import strip_fragment
from .addresses import alias_url
from .page import Page, line_of
from .routes import Routes
from .site import Site

_DIGITS = re.compile(r"\d+")


def check_urls(site: Site, routes: Routes) -> list[Problem]:
    """Two pages on one URL, or an alias that shadows a page, are errors naming both files."""
    problems = []
    owner: dict[str, Page] = {}
    generated = {route.url for route in routes.all if route.page is None}
    fix = "hãy đổi tên tệp hoặc đặt `slug:` khác"
    for page in site.pages.values():
        if page.url in owner:
            other = owner[page.url]
            for one, two in ((page, other), (other, page)):
                problems.append(
                    error(one.source, one.lines.get("slug", 1), f"trang này có cùng đường dẫn `{page.url}` với {two.source}; {fix}")
                )
        elif page.url in generated:
            problems.append(
                error(page.source, page.lines.get("slug", 1), f"đường dẫn `{page.url}` trùng với một trang danh sách của hệ thống; {fix}")
            )
        owner.setdefault(page.url, page)
    for page in site.pages.values():
        for alias in page.meta.aliases:
            target = alias_url(alias)
            if target in owner or target in generated:
                problems.append(
                    error(
                        page.source,
                        page.lines.get("aliases", 1),
                        f"`aliases`: `{alias}` đang là đường dẫn của một trang khác; hãy xóa dòng này",
                    )
                )
            owner.setdefault(target, page)
    return problems


def check_links(site: Site, routes: Routes, pages: Collection[Page] | None = None) -> list[Problem]:
    """Internal links, images and attachments must point at something the build makes. `pages`: check
    only these (the rest known as before, the routes unchanged); None: every page and section intro,
    and config.yaml's menu and logo."""
    problems = []
    targets = routes.urls | set(site.static_files)

    def check(path: str, line: int, target: str, what: str) -> None:
        clean = strip_fragment(target)
        if not clean or clean in targets or clean + "/" in targets:
            return
        guess = nearest(clean, sorted(routes.urls) if clean.endswith("/") else sorted(site.static_files))
        if guess and _DIGITS.findall(guess) != _DIGITS.findall(clean):  # qd-12.pdf vs qd-13.pdf: another document, not a typo
            guess = None
        if guess:
            hint = f" Có phải `{guess}`?"
        elif clean.endswith("/"):
            hint = ""
        else:
            hint = f" Hãy chép tệp vào static{clean} hoặc sửa đường dẫn."
        where = "thư mục static/" if not clean.endswith("/") else "trang"
        problems.append(error(path, line, f"{what} `{target}` không tồn tại (không có trong {where}).{hint}"))

    for holder in [*site.pages.values(), *site.intros.values(), *site.refused] if pages is None else pages:
        for link in holder.links:
            exact = link.target in targets and "#" not in link.target and "?" not in link.target  # most links: nothing to strip
            if not exact and not link.is_external:
                check(holder.source, link.line, link.target, "ảnh" if link.is_image else "liên kết")
    for holder in [*site.pages.values(), *site.refused] if pages is None else pages:
        for address in holder.addresses:  # the fields the schema declares paths: image, attachments, forms
            if not address.external:
                check(holder.source, line_of(holder, address), address.value, address.noun)
    if pages is not None:
        return problems
    for address in addresses(site.config):  # the menu's, the logo, the share image
        if not address.external:
            check(CONFIG_FILE, site.config.lines.get(address.top, 1), address.value, address.noun)
    return problems
