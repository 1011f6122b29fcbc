"""Cross-page checks that need the planned routes: two pages on one URL, links to nothing.

Run by the pipeline once the routes are planned (model → routes → these checks).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from ..config import CONFIG_FILE
from ..errors import Problem, error
from ..schema import addresses, nearest
from ..urls import site_file, strip_fragment
from .addresses import alias_url
from .page import Page, Refused, SectionIntro, line_of
from .routes import Routes
from .site import Site

_DIGITS = re.compile(r"\d+")


def closest_target(target: str, written: str, existing: Collection[str]) -> str | None:
    """The page or file a wrong reference most likely meant. A relative one usually names the right
    thing from the wrong place (`../van-ban/x/` written as if from content/tin-tuc/, `anh.jpg` kept
    in static/images/): the existing path that ends with what was written, else one with the same
    file name; otherwise the nearest spelling, but never another number (`qd-12.pdf` for `qd-13.pdf`
    is another document, not a typo)."""
    tail = strip_fragment(unquote(written or target)).replace("\\", "/")
    while tail.startswith(("./", "../", "/")):
        tail = tail.split("/", 1)[1]
    if tail:
        ending = sorted((path for path in existing if unquote(path).endswith("/" + tail)), key=len)
        if ending:
            return ending[0]
        name = tail.rstrip("/").rsplit("/", 1)[-1]
        if "." in name:
            same_name = sorted((path for path in existing if unquote(path).rsplit("/", 1)[-1] == name), key=len)
            if same_name:
                return same_name[0]
    guess = nearest(target, sorted(existing))
    if guess and _DIGITS.findall(guess) != _DIGITS.findall(target):
        return None
    return guess


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


@dataclass(frozen=True)
class Reference:
    """One place that names a file or page of the site: a link or image in a text, a field, config.yaml."""

    source: str  # the content file (or config.yaml) that names it
    line: int
    target: str  # a site path, maybe percent-encoded, maybe with `#…` (a relative one resolved: urls.resolve)
    what: str  # how a message calls it: "ảnh", "liên kết", "tệp đính kèm"…
    written: str = ""  # as the officer wrote it, when that was a relative reference (`anh.jpg`)

    @property
    def shows_image(self) -> bool:
        """Shown on the page as a picture (the others are followed or downloaded)."""
        return self.what == IMAGE


IMAGE = "ảnh"
SHARE_IMAGE = "ảnh chia sẻ"


def references(site: Site, pages: Collection[Page] | None = None) -> Iterator[Reference]:
    """Every internal reference of `pages`: their links and images, and the fields the schema declares
    paths (`image:`, attachments, forms); None: of every page and section intro, of the pages refused
    for errors (not built, still checked), and of config.yaml (the menu, the logo, the share image)."""
    linking: Collection[Page | SectionIntro | Refused] = (
        [*site.pages.values(), *site.intros.values(), *site.refused] if pages is None else pages
    )
    for holder in linking:
        for link in holder.links:
            if not link.is_external:
                yield Reference(holder.source, link.line, link.target, IMAGE if link.is_image else "liên kết", link.written)
    fielded: Collection[Page | Refused] = [*site.pages.values(), *site.refused] if pages is None else pages
    for fields in fielded:
        for address in fields.addresses:
            if not address.external:
                yield Reference(fields.source, line_of(fields, address), address.value, address.noun)
    if pages is not None:
        return
    for address in addresses(site.config):
        if not address.external:
            yield Reference(CONFIG_FILE, site.config.lines.get(address.top, 1), address.value, address.noun)


def check_links(site: Site, routes: Routes, pages: Collection[Page] | None = None) -> list[Problem]:
    """Internal links, images and attachments must point at something the build makes. `pages`: check
    only these (the rest known as before, the routes unchanged); None: every page and section intro,
    and config.yaml's menu, logo and share image."""
    problems = []
    targets = routes.urls | set(site.static_files)
    by_lower_case: dict[str, list[str]] | None = None

    def check(reference: Reference) -> None:
        nonlocal by_lower_case
        clean = site_file(reference.target)
        if not clean or clean in targets or clean + "/" in targets:
            return
        if by_lower_case is None:
            by_lower_case = defaultdict(list)
            for name in site.static_files:
                by_lower_case[name.lower()].append(name)
        same_but_case = by_lower_case.get(clean.lower(), [])
        is_page = clean.endswith("/") or "." not in clean.rsplit("/", 1)[-1]
        where = "trang" if is_page else "thư mục static/"
        if same_but_case:
            message = (
                f"{reference.what} `{reference.target}`: tên tệp thật là `{same_but_case[0]}` (khác chữ hoa, chữ thường); "
                f"trên máy Windows vẫn mở được nhưng máy chủ web phân biệt chữ hoa nên sẽ báo không tìm thấy (404). "
                f"Hãy viết đúng `{same_but_case[0]}`."
            )
            problems.append(error(reference.source, reference.line, message))
            return
        guess = closest_target(clean, reference.written, routes.urls if is_page else site.static_files)
        if guess:
            hint = f" Có phải `{guess}`?"
        elif is_page:
            hint = ""
        else:
            hint = f" Hãy chép tệp vào static{clean} hoặc sửa đường dẫn."
        written = reference.written
        quoted = f"`{written}` (tức `{reference.target}`, tính từ địa chỉ của trang này)" if written else f"`{reference.target}`"
        problems.append(error(reference.source, reference.line, f"{reference.what} {quoted} không tồn tại (không có trong {where}).{hint}"))

    for reference in references(site, pages):
        if reference.target not in targets or "#" in reference.target or "?" in reference.target:  # most links: nothing to strip
            check(reference)
    return problems
