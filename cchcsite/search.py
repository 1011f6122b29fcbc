"""Search stage: a Pagefind index of the content pages, where `đ` is found by `d`.

Pagefind folds tone marks (`cai cach` finds "cải cách") but not `đ`/`Đ`: U+0111
has no Unicode decomposition, so `dang ky` would not find "đăng ký". The fix
costs about 1 % of index size and no change to the published pages:

1. The stage writes an *index-only copy* of each content page (never published):
   the page's <main>, with `đ` spelled `d` + U+0335 (COMBINING SHORT STROKE
   OVERLAY) and `Đ` spelled `D` + U+0335, plus Pagefind metadata, filters and
   sort keys taken from the site model. Pagefind strips combining marks for
   matching, so the word is indexed as `dang`; its accented spelling is kept too
   (as `dăng`: Pagefind drops the stroke mark there as well), so queries with
   diacritics still rank exact matches first ("đèo" puts "Đèo" above "dẻo").
2. Pagefind indexes the copy into `<output>/pagefind/` (the URLs are the same,
   since the copy has the output's folder layout).
3. The browser script (cchcsite/theme/static/js/search.js) spells `đ` in the
   query as `d` (tone marks kept) and turns `d`/`D` + U+0335 in titles, excerpts and
   metadata back into `đ`/`Đ`, so people never see the folded text.

Procedures: each is indexed with the citizens' words for it (metadata `keywords`, from its own
`keywords:` and cchcsite/content/citizen-words.yaml), so "giấy chứng tử" finds "Đăng ký khai
tử"; the search page puts the procedures a query names first from its list of procedure names
(render/procedure_names.py), which it has before Pagefind has loaded, and finds their results in
the index by their code (a filter), so it needs no download to tell which result is which.

Slow links: after indexing, the search page gets `<link rel="preload">` tags for the index's
hashed files (entry, metadata, filters, small index chunks), so they download in parallel with
the page instead of one after another.

Large sites: above SHARD_ABOVE pages the index is split into shards of about SHARD_PAGES pages,
each its own Pagefind bundle (the primary one at pagefind/, the others in pagefind/<n>-<count>/),
merged by the browser, which orders the results as one index would, equal scores by URL
(search-rank.js); a build re-indexes only the shards whose pages changed (see "Shards"). Only
for the Pagefind whose files this module knows (FORMAT_VERSION): another one gets one index,
untouched, and a warning.

The index is built through the binary of the `pagefind-bin` wheel (found by
`pagefind.service.get_executable`, the Python API's own lookup, which also honours
PAGEFIND_BINARY_PATH). The binary's `--site` run is the same as the API's
`add_directory`, without the API's fixed 0.1 s wait per message, which would
add seconds to every small build.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import vi
from .content import addresses
from .content.kinds import Kind
from .content.page import Page
from .content.routes import Routes
from .content.site import Site
from .errors import Problem, error, warning
from .stopping import child_preexec
from .urls import output_file

BUNDLE = "pagefind"  # folder of the index inside the output; the search page loads BUNDLE/pagefind.js
STROKE = "\u0335"  # COMBINING SHORT STROKE OVERLAY: how `đ` is spelled in the index
INDEXED_KINDS = (Kind.PROCEDURE, Kind.UNIT, Kind.DOCUMENT, Kind.NEWS, Kind.INDEX, Kind.STATS, Kind.PAGE)
LANGUAGE = "vi"
SCRATCH_PREFIX = ".cchcsite-search-"  # + owner pid: a later build removes copies whose owner is gone
SHM_MINIMUM = 2 * 2**30  # free bytes /dev/shm must have to hold the copy (a 30,000-page copy is ~200 MB)
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


@dataclass
class SearchResult:
    pages: int = 0  # pages in the index
    files: int = 0  # files written (the shards indexed in this build)
    shards: dict[str, str] = field(default_factory=dict)  # every shard's folder → key
    reindexed: tuple[str, ...] = ()  # the shards indexed in this build
    seconds: float = 0.0
    problem: Problem | None = None
    warnings: list[Problem] = field(default_factory=list)  # the index was built, but not as asked (an unknown Pagefind)


def index_spelling(text: str) -> str:
    """`Đăng ký đất đai` → `D̵ăng ký d̵ất d̵ai`: how the index copy spells `đ` (Pagefind strips the
    U+0335, so the word is found by `d`); search.js's fromIndexSpelling turns it back for people."""
    return text.replace("đ", "d" + STROKE).replace("Đ", "D" + STROKE)  # str.replace: ~10× faster than translate here


def index_document(page: Page, rendered: str, folded: bool = True, shard: str | None = None, keywords: tuple[str, ...] = ()) -> str:
    """The index-only copy of one rendered page: its <main>, folded, with metadata and filters;
    `keywords`: a procedure's search keywords (`Site.search_keywords`).
    (`folded=False` only for the benchmark's baseline: the same copy as plain Pagefind sees it.)"""
    spell = index_spelling if folded else str
    main = _main_content(rendered)
    # Navigation inside <main> (breadcrumbs, pagers, tables of contents) is the same on
    # many pages: leave it out of the index.
    main = main.replace("<nav ", "<nav data-pagefind-ignore ").replace("<nav>", "<nav data-pagefind-ignore>")
    # `<dt>Lĩnh vực</dt><dd>Hộ tịch</dd>` would be read as "Lĩnh vựcHộ tịch"
    main = main.replace("</dt>", " </dt>")
    meta = {
        "title": spell(page.title),
        "kind": vi.KIND_LABELS.get(page.kind, page.kind),
    }
    if page.date:
        meta["date"] = vi.format_date(page.date)
    if page.summary:
        meta["summary"] = spell(page.summary)
    filters = [("kind", vi.KIND_LABELS.get(page.kind, page.kind))]
    if shard is not None:  # a sharded index: search.js leaves out the shards that lack a query word
        filters.append(("shard", shard or PRIMARY))
    if page.kind == Kind.PROCEDURE:
        data = page.data
        filters.append(("field", data.field))
        filters.extend(("level", vi.PROCEDURE_LEVELS.get(level, level)) for level in data.level)
        filters.append(("online", vi.ONLINE_LEVELS.get(data.online, data.online)))
        filters.append(("code", data.code))  # search.js finds the procedures a query names by it
        if keywords:
            meta["keywords"] = spell(", ".join(keywords))
        if data.abolished:
            meta["status"] = vi.PROCEDURE_STATUS[data.status]  # "Bãi bỏ", shown on the result
    tags = [f'<meta data-pagefind-meta="{name}[content]" content="{html.escape(value)}">' for name, value in meta.items()]
    tags += [f'<meta data-pagefind-filter="{name}[content]" content="{html.escape(value)}">' for name, value in filters]
    if page.date:
        day = page.date.date() if isinstance(page.date, datetime) else page.date
        tags.append(f'<meta data-pagefind-sort="date[content]" content="{day.isoformat()}">')
    return (
        f'<!doctype html>\n<html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{html.escape(meta["title"])}</title></head>\n'
        f"<body><main data-pagefind-body>\n{''.join(tags)}\n{spell(main)}\n</main></body></html>\n"
    )


def _main_content(rendered: str) -> str:
    start = rendered.find("<main")
    if start < 0:
        start = rendered.find("<body")
    opened = rendered.find(">", start) + 1 if start >= 0 else 0
    end = rendered.rfind("</main>")
    if end < opened:
        end = rendered.rfind("</body>")
    return rendered[opened : end if end >= opened else len(rendered)]


def indexed_pages(site: Site, routes: Routes) -> list[Page]:
    """The content pages the index holds, in route order (never an alias). The search stage's
    only reading of the site's routes."""
    pages = []
    for route in routes.all:
        page = site.pages.get(route.page) if route.page else None
        if page is not None and page.kind in INDEXED_KINDS and route.url == page.url:
            pages.append(page)
    return pages


def write_index_copy(
    pages: list[Page],
    sources: list[Path],
    copy: Path,
    folded: bool = True,
    shard: str | None = None,
    keywords: Callable[[Page], tuple[str, ...]] | None = None,
) -> int:
    """Write the index-only copy of `pages`; `sources` are searched in order for each rendered
    page (the staged build first, then the current output); `keywords`: a procedure's search keywords."""
    count = 0
    for page in pages:
        relative = output_file(page.url)
        for source in sources:
            rendered = source / relative
            if rendered.is_file():
                break
        else:
            continue
        target = copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        words = keywords(page) if keywords and page.kind == Kind.PROCEDURE else ()
        target.write_text(index_document(page, rendered.read_text(encoding="utf-8"), folded, shard, words), encoding="utf-8")
        count += 1
    return count


# --- Shards -------------------------------------------------------------------------------
# One Pagefind run over every page costs ~1 s and ~110 MB per 1,000 pages, each build. Above
# SHARD_ABOVE pages the index is split into shards, each its own Pagefind bundle: a build
# re-indexes only the shards whose pages changed, and each Pagefind process holds one shard.
# The browser merges them (Pagefind's `mergeIndex`, see search.js). A site of up to
# SHARD_ABOVE pages keeps one bundle, exactly as before.
#
# Each page goes to a shard by a hash of its URL, so every shard is a sample of the whole site.
# The shard count is a power of two, doubled only when shards pass SHARD_PAGES pages on
# average. Editing or adding a page re-indexes its shard only.
#
# Citizens see what one index would show them. The same pages and counts: shards.json tells
# search.js which shards hold each word (a shard without a query word would match its longest
# indexed prefix instead). The same order: each shard's Pagefind scores with its own term
# statistics (how many pages it has, how long they are, how many hold each word), so
# search-rank.js scores the merged results again, as Pagefind's one index would, from the
# index files Pagefind downloaded, and orders them by that score. What no single shard knows
# comes from shards.json: each page's place in URL order (`_page_places`, read from the pages
# each Pagefind run actually wrote, on any file system): pages of equal score are ordered by
# URL, and of a word's accented spellings a page holding several counts the one whose first
# page comes first in URL order. One index keeps Pagefind's own order instead, which follows
# the order its folder walk met the pages (the file system's listing order: tmpfs, ext4, APFS
# and NTFS each differ): so one index and the shards list the same pages in the same order but
# for pages of exactly equal score (and a page holding two accented spellings of one query
# word, where one index counts the spelling its walk met first).
# tests/test_search_shards.py holds the two to the same top five and the same first page, built
# on a disk folder as on macOS, Windows and Docker (a small /dev/shm).
#
# Every file this module reads or rewrites (index chunks, metadata, filters) is in Pagefind's
# private format, and search-rank.js scores as Pagefind's WebAssembly does: both were written for
# FORMAT_VERSION. Another Pagefind gets one index, left exactly as it wrote it, and a warning.

SHARD_PAGES = 250  # ~0.25 s and ~35 MB of Pagefind each
# Above how many pages a build shards its index. Up to it one index is rebuilt whole each build
# (bench/default_build.py, 2,000 items: ~3 s after one edit, peak 220 MB) and a search loads one
# bundle, the fewest files (4,000 items: 22 requests against 115 for 16 shards; on a slow link
# with one connection per six files that is 13 s against 17.5 s for "khai sinh", in a corpus
# where every page matches). Above it a rebuild after one edit re-indexes one shard (4,000
# items: ~0.85 s instead of ~4.5 s, peak 80 MB instead of 430 MB).
# `cchcsite serve` shards from SHARD_PAGES on (a preview updated within a second matters more
# there); CCHCSITE_SEARCH_SHARD_ABOVE overrides it (benchmarks).
SHARD_ABOVE = 2_000
SHARDS_FILE = "shards.json"  # the merged bundles, for a search page without the build's preload hints
PRIMARY_PARTS = ("index", "fragment", "filter")  # the primary bundle's folders (beside its files)
PRIMARY = "."  # the primary bundle's value of the `shard` filter
WORDS_FILE = "pagefind-words.json"  # in each shard's folder: the words its index holds
PAGES_FILE = "pagefind-pages.json"  # in each shard's folder: its pages' URLs, in the order Pagefind numbered them
FORMAT_VERSION = "1.5.2"  # the Pagefind whose files this module reads and search-rank.js scores like


@dataclass(frozen=True)
class Shard:
    folder: str  # "" is the primary bundle (pagefind/ itself, with pagefind.js); else "3-16/" (shard 3 of 16)
    pages: tuple[Page, ...]
    key: str  # changes whenever what the shard indexes may have changed


def shard_above(given: int | None = None) -> int:
    if given is not None:
        return given
    value = os.environ.get("CCHCSITE_SEARCH_SHARD_ABOVE", "")
    return int(value) if value.isdigit() else SHARD_ABOVE


def plan_shards(pages: list[Page], page_keys: dict[str, str] | None = None, salt: str = "", above: int | None = None) -> list[Shard]:
    """`page_keys`: url → a key of the page's rendered file (the build cache's route keys);
    `salt`: anything else the index copies depend on (theme, config, code); `above`: shard
    only a site with more pages (default: SHARD_ABOVE)."""
    groups: dict[str, list[Page]] = {}
    if len(pages) <= max(shard_above(above), SHARD_PAGES):
        groups[""] = list(pages)
    else:
        count = 1 << max(1, (len(pages) - 1) // SHARD_PAGES).bit_length()  # 2, 4, 8…: ≤ SHARD_PAGES each on average
        width = len(f"{count - 1:x}")
        for page in pages:
            number = int(hashlib.sha256(page.url.encode()).hexdigest()[:8], 16) % count
            groups.setdefault(f"{number:0{width}x}-{count}/" if number else "", []).append(page)
        if "" not in groups:  # the primary bundle holds the script: never empty
            groups[""] = groups.pop(min(groups))
    shards = []
    sharded = str(len(groups) > 1)
    for folder, members in sorted(groups.items()):
        members.sort(key=lambda page: page.url)
        keys = (f"{page.url}={page_keys.get(page.url, '') if page_keys else ''}" for page in members)
        shards.append(Shard(folder, tuple(members), hashlib.sha256("\0".join([salt, sharded, folder, *keys]).encode()).hexdigest()))
    return shards


def shard_files(bundle: Path, folder: str) -> list[Path]:
    """The files of one shard inside a bundle folder (the primary's: its own files and folders)."""
    if folder:
        return [path for path in (bundle / folder).rglob("*") if path.is_file()]
    files = [path for path in bundle.iterdir() if path.is_file()] if bundle.is_dir() else []
    for part in PRIMARY_PARTS:
        files += [path for path in (bundle / part).rglob("*") if path.is_file()]
    return files


def _scratch_parent(fallback: Path) -> Path:
    """The copy is written once and read once: in memory (/dev/shm) when there is room, which
    keeps a 4,000-page copy well under a second even when the disk is busy."""
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK):
            stats = os.statvfs(shm)
            if stats.f_bavail * stats.f_frsize > SHM_MINIMUM:
                return shm
    except OSError:
        pass
    return fallback


def _remove_abandoned_scratch(parent: Path) -> None:
    """A build killed with SIGKILL could not remove its copy (in /dev/shm it holds memory): the next build does."""
    for folder in parent.glob(f"{SCRATCH_PREFIX}*-*"):
        owner = folder.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _process_alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would end the process there: keep the folder
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, belongs to someone else
        return True
    return True


def pagefind_binary() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return found if found and Path(found).is_file() else None


def pagefind_version() -> str:
    """The version the Pagefind binary reports (`pagefind --version`), "" when it cannot say."""
    binary = pagefind_binary()
    return _binary_version(str(binary)) if binary else ""


@functools.cache
def _binary_version(binary: str) -> str:
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and words else ""


def _format_known(bundle: Path) -> bool:
    """Whether Pagefind wrote `bundle` in the format this module reads (its entry names the version)."""
    try:
        return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8")).get("version") == FORMAT_VERSION
    except (OSError, ValueError, AttributeError):
        return False


def run_pagefind(site_dir: Path, bundle: Path) -> subprocess.CompletedProcess:
    """Plain Pagefind over `site_dir`, writing the bundle into `bundle` (also used by the benchmark)."""
    binary = pagefind_binary()
    if binary is None:
        raise FileNotFoundError("pagefind-bin")
    command = [str(binary), "--site", str(site_dir), "--output-path", str(bundle), "--force-language", LANGUAGE, "--quiet"]
    return subprocess.run(
        command, capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"}, preexec_fn=child_preexec()
    )


def build_index(
    site: Site,
    routes: Routes,
    sources: list[Path],
    bundle: Path,
    folded: bool = True,
    page_keys: dict[str, str] | None = None,
    salt: str = "",
    kept: Callable[[Shard], bool] | None = None,
    jobs: int = 1,
    above: int | None = None,
    reused: Path | None = None,
) -> SearchResult:
    """Index the content pages found in `sources` into `bundle` (a fresh folder), shard by shard;
    a shard for which `kept(shard)` is true is already in place in `reused` (an earlier build's bundle) and is skipped."""
    started = time.perf_counter()
    result = SearchResult()
    if bundle.exists():
        shutil.rmtree(bundle)
    pages = indexed_pages(site, routes)
    if not pages:
        return result
    version = pagefind_version()
    shards = plan_shards(pages, page_keys, salt + version, above)
    if len(shards) > 1 and version != FORMAT_VERSION:
        shards = plan_shards(pages, page_keys, salt + version, above=len(pages))
        result.warnings.append(
            warning(
                "pagefind",
                0,
                f"Pagefind {version or 'không rõ phiên bản'} không phải bản {FORMAT_VERSION} mà cchcsite đọc được tệp chỉ mục, nên "
                f"chỉ mục tìm kiếm của {len(pages)} trang không được chia phần: một chỉ mục như Pagefind ghi, tìm vẫn đủ kết quả "
                f"nhưng mỗi lần dựng lập lại toàn bộ. Cài lại đúng bản ghim: pip install -r requirements.txt (python3 build.py tự làm)",
            )
        )
    result.shards = {shard.folder: shard.key for shard in shards}
    todo = [shard for shard in shards if not (kept and kept(shard))]
    result.reindexed = tuple(shard.folder for shard in todo)
    result.pages = len(pages)
    parent = _scratch_parent(bundle.parent)
    _remove_abandoned_scratch(parent)
    scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent))
    try:
        copies = []
        for number, shard in enumerate(todo):
            copy = scratch / str(number)
            if write_index_copy(list(shard.pages), sources, copy, folded, shard.folder if len(shards) > 1 else None, site.search_keywords):
                copies.append((shard, copy))
        outputs = Path(tempfile.mkdtemp(prefix=".cchcsite-shards-", dir=bundle.parent))  # beside the bundle: moved, not copied
        try:
            with ThreadPoolExecutor(max(1, min(jobs, len(copies)))) as pool:  # each a Pagefind process
                runs = list(
                    pool.map(
                        lambda pair: _index_shard(pair[1][1], outputs / str(pair[0]), not pair[1][0].folder, len(shards) > 1),
                        enumerate(copies),
                    )
                )
            result.problem = next((problem for problem in runs if problem), None)
            bundle.mkdir(parents=True, exist_ok=True)
            for number, (shard, _) in enumerate(copies if result.problem is None else ()):
                if shard.folder:
                    (outputs / str(number)).rename(bundle / shard.folder)
                else:
                    for path in (outputs / str(number)).iterdir():
                        path.rename(bundle / path.name)
        finally:
            shutil.rmtree(outputs, ignore_errors=True)
        if result.problem is None:
            where = {shard.folder: (bundle if shard.folder in result.reindexed else reused) for shard in shards}
            listing = _shard_listing(shards, where, sharded=len(shards) > 1)
            (bundle / SHARDS_FILE).write_text(json.dumps(listing, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
            result.files = sum(1 for path in bundle.rglob("*") if path.is_file())
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        result.seconds = time.perf_counter() - started


def _index_shard(copy: Path, bundle: Path, primary: bool, sharded: bool) -> Problem | None:
    try:
        run = run_pagefind(copy, bundle)
    except (FileNotFoundError, OSError) as exc:
        return error(
            "pagefind",
            0,
            f"không chạy được Pagefind để lập chỉ mục tìm kiếm ({exc}); cài lại gói pagefind-bin (python3 build.py tự cài) hoặc dựng với --no-search",
        )
    if run.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or [f"mã thoát {run.returncode}"]
        return error("pagefind", 0, f"Pagefind không lập được chỉ mục tìm kiếm: {detail[0]}")
    # Pagefind's own UIs: the theme's script talks to pagefind.js directly; a merged shard
    # needs only its index (the primary bundle's script and WebAssembly search it).
    for unused in UNUSED if primary else (*UNUSED, "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind"):
        for path in bundle.glob(unused):
            path.unlink()
    if not _format_known(bundle):
        return None  # files of another Pagefind: left exactly as it wrote them
    held: list[str] | None
    order: list[str] | None
    try:
        held = _rewrite_index(bundle, split=sharded)
        order = _page_urls(bundle) if sharded else None
    except (ValueError, IndexError, TypeError, EOFError, OSError):  # an index layout this code does not know
        held = order = None  # Pagefind's own chunks stay, and no words file: search.js then searches every shard for every word
    _make_deterministic(bundle)
    if sharded and held is not None and order is not None:
        (bundle / WORDS_FILE).write_text(json.dumps(held, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        (bundle / PAGES_FILE).write_text(json.dumps(order, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return None


def _page_urls(bundle: Path) -> list[str]:
    """The URLs of the bundle's pages in Pagefind's numbering (its metadata lists their fragments'
    hashes in that order; each fragment names its URL): read, not predicted, since the numbering
    follows the file system's listing order."""
    languages = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    urls = []
    for info in languages.values():
        for hashed, _ in _read_pagefind(bundle / f"pagefind.{info['hash']}.pf_meta")[1]:
            raw = gzip.decompress((bundle / "fragment" / f"{hashed}.pf_fragment").read_bytes())
            if not raw.startswith(SIGNATURE):
                raise ValueError(f"not a Pagefind fragment: {hashed}")
            urls.append(json.loads(raw[len(SIGNATURE) :])["url"])
    return urls


def _shard_listing(shards: list[Shard], where: dict[str, Path | None], sharded: bool) -> dict:
    """shards.json: the merged bundles, and which shards hold each word (words sorted; `masks[i]`
    a base-36 bit mask over `shards`, bit 0 the primary, "" for every shard), so search.js can
    leave out the shards that lack a query word, as one index would find no page there."""
    listing: dict = {"shards": [{"path": shard.folder} for shard in shards if shard.folder]}
    if not sharded:
        return listing
    holders: dict[str, int] = {}
    for bit, shard in enumerate(shards):
        folder = where.get(shard.folder)
        try:
            words = json.loads(((folder / shard.folder) / WORDS_FILE).read_text(encoding="utf-8")) if folder else None
        except (OSError, ValueError):
            words = None
        if not isinstance(words, list):
            return listing  # a shard's words unknown: without them search.js leaves out no shard
        for word in words:
            holders[word] = holders.get(word, 0) | 1 << bit
    every = (1 << len(shards)) - 1
    ordered = sorted(holders)
    listing["words"] = ordered
    listing["masks"] = ["" if holders[word] == every else _base36(holders[word]) for word in ordered]
    places = _page_places(shards, where)
    if places is not None:  # else search-rank.js cannot rank: search.js keeps the shards' own order
        listing["pages"] = places
    return listing


def _page_places(shards: list[Shard], where: dict[str, Path | None]) -> list[str] | None:
    """For each shard, its pages' places in the URL order of every indexed page, listed in the
    shard's own page order (PAGES_FILE): the first place, then the steps to the next (signed),
    base 36. search-rank.js orders equal scores, and a word's accented spellings, by them."""
    orders = []
    for shard in shards:
        folder = where.get(shard.folder)
        try:
            urls = json.loads(((folder / shard.folder) / PAGES_FILE).read_text(encoding="utf-8")) if folder else None
        except (OSError, ValueError):
            urls = None
        if not isinstance(urls, list):
            return None
        orders.append(urls)
    place = {url: number for number, url in enumerate(sorted(url for urls in orders for url in urls))}
    places = []
    for urls in orders:
        mine = [place[url] for url in urls]
        places.append(",".join(_base36(step) for step in (b - a for a, b in zip([0, *mine], mine))))
    return places


def _base36(number: int) -> str:
    """As JavaScript's parseInt(text, 36) reads it back, sign included."""
    if number < 0:
        return "-" + _base36(-number)
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits or "0"


# --- Preload hints ------------------------------------------------------------------------
# On a slow link each of Pagefind's sequential downloads costs a round trip (entry → meta →
# filters → index chunk → fragments). The search page names the files the first search needs,
# so the browser fetches them in parallel with the page. Their names carry content hashes,
# known only once the index is built: the stage writes them between two markers of the page.

PRELOAD_START, PRELOAD_END = "<!--pagefind-preload-->", "<!--/pagefind-preload-->"
PRELOAD_INDEX_LIMIT = 200 * 1024  # index chunks are preloaded while all of them together stay this small


def preload_hints(shards: list[tuple[str, Path]], listing: Path | None = None) -> str:
    """`<link rel="preload">` tags for each shard's entry, metadata and filters, and for the
    index files while they are small. `shards`: (folder, where its files are now), the primary
    first; its entry link carries no `data-pagefind-shard`, the merged ones' do (search.js
    merges those). `listing`: shards.json of a sharded index (its words), named with a hash of its
    bytes so no cache serves an old one. Empty when a shard's entry cannot be read: search.js then reads shards.json."""
    prefix = "../" * addresses.SEARCH.strip("/").count("/") + f"../{BUNDLE}/"  # relative, like every link of the site
    links, chunks = [], []
    for folder, where in shards:
        try:
            languages = json.loads((where / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
            info = languages.get(LANGUAGE) or next(iter(languages.values()))
            tag = html.escape(info["hash"])
        except (OSError, ValueError, KeyError, StopIteration, TypeError):
            return ""
        shard = f' data-pagefind-shard="{html.escape(folder)}"' if folder else ""
        names = [f"pagefind.{tag}.pf_meta", *sorted(f"filter/{p.name}" for p in (where / "filter").glob("*.pf_filter"))]
        links.append(
            f'<link rel="preload" href="{prefix}{html.escape(folder)}pagefind-entry.json?ts={tag}" as="fetch" crossorigin data-pagefind-tag="{tag}"{shard}>'
        )
        links += [f'<link rel="preload" href="{prefix}{html.escape(folder + name)}" as="fetch" crossorigin>' for name in names]
        chunks += [(folder, p) for p in sorted((where / "index").glob("*.pf_index"))]
    if listing is not None and len(shards) > 1:
        try:
            stamp = hashlib.sha256(listing.read_bytes()).hexdigest()[:10]
        except OSError:
            return ""
        links.insert(0, f'<link rel="preload" href="{prefix}{SHARDS_FILE}?ts={stamp}" as="fetch" crossorigin data-pagefind-listing>')
    if sum(p.stat().st_size for _, p in chunks) <= PRELOAD_INDEX_LIMIT:
        links += [
            f'<link rel="preload" href="{prefix}{html.escape(folder)}index/{html.escape(p.name)}" as="fetch" crossorigin>'
            for folder, p in chunks
        ]
    return "\n".join(links)


def with_preload_hints(page: str, hints: str) -> str:
    start, end = page.find(PRELOAD_START), page.find(PRELOAD_END)
    if start < 0 or end < start:
        return page  # a site theme's own search page without the markers
    return page[: start + len(PRELOAD_START)] + hints + page[end:]


# --- Index chunks: spellings in one order, smaller chunks for shards ----------------------
# Pagefind lists a word's accented spellings ("hôn", "hơn" of `hon`) in the order its pages first
# hold them, that is in the order its folder walk met the pages, which is the file system's
# listing order (tmpfs, ext4 with its per-disk hash seed, APFS and NTFS all differ). A page holding
# several spellings of a query word gets the diacritic bonus of the first one listed, so the same
# site ranked differently from one machine to another. Every index's spellings are put in one
# order, by their bytes (code points), so Pagefind's WebAssembly and search-rank.js choose alike
# on any machine.
#
# Pagefind also cuts an index into chunks of about the same number of word positions, so a shard
# of 250 pages has one or two chunks holding nearly every word, and a search downloads all of
# them, from every shard: at 4,000 items 16 times the words the query needs (1.7 MB for "khai
# sinh" where one index downloads 0.5 MB). A shard's index is cut again, between words that
# begin with different letters, which no query word can span (Pagefind loads the chunks whose
# range holds the query word; a word starting with the same letters on both sides of a cut would
# miss the second chunk's words), so a search downloads from each shard only the chunks of its
# words' first letters.

SPLIT_BYTES = 16 * 1024  # a chunk is cut at the next change of first letter past this size (uncompressed)


def _rewrite_index(bundle: Path, split: bool) -> list[str]:
    """Order every word's spellings, and (`split`) cut the chunks between first letters (see
    above); returns the words the index holds (Pagefind's own spelling: lower case, without marks), sorted."""
    languages = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    words: set[str] = set()
    for language, info in languages.items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pagefind(meta_path)
        old = [bundle / "index" / f"{chunk[2]}.pf_index" for chunk in meta[2]]
        chunks = [_chunk_entries(path) for path in old]  # (word, its bytes, spellings reordered), in word order
        words.update(word for entries in chunks for word, _, _ in entries)
        if split:
            groups: list[list[tuple[str, bytes, bool]]] = [[]]
            size = 0
            for entry in (entry for entries in chunks for entry in entries):
                if size >= SPLIT_BYTES and entry[0][:1] != groups[-1][-1][0][:1]:
                    groups.append([])
                    size = 0
                groups[-1].append(entry)
                size += len(entry[1])
        else:
            groups = chunks
        if len(groups) == len(old) and not any(changed for entries in groups for _, _, changed in entries):
            continue
        written = {}
        for group in groups:
            content = gzip.compress(
                SIGNATURE + _cbor_head(4, 1) + _cbor_head(4, len(group)) + b"".join(encoded for _, encoded, _ in group),
                compresslevel=9,
                mtime=0,
            )
            written[f"{language}_{hashlib.sha256(content).hexdigest()[:7]}"] = content
        ranges = _chunk_ranges([(group[0][0], group[-1][0]) for group in groups]) if split else [(c[0], c[1]) for c in meta[2]]
        meta[2] = [[start, end, name] for (start, end), name in zip(ranges, written)]
        for name, content in written.items():
            (bundle / "index" / f"{name}.pf_index").write_bytes(content)
        meta_path.write_bytes(_write_pagefind(meta))
        for path in old:
            if path.stem not in written:
                path.unlink()
    return sorted(words)


def _chunk_entries(path: Path) -> list[tuple[str, bytes, bool]]:
    """The entries of an index chunk ([word, pages, [[spelling, pages], …]] each) as (word, the
    entry's bytes with its spellings in code point order, whether that changed their order)."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"not a Pagefind file: {path}")
    _, at = _cbor_head_at(raw, len(SIGNATURE))  # the chunk: [words]
    count, at = _cbor_head_at(raw, at)
    entries = []
    for _ in range(count):
        start = at
        _, at = _cbor_head_at(raw, at)
        word, at = _cbor_decode(raw, at)
        at = _cbor_skip(raw, at)  # the pages of the word without marks
        spellings_at = at
        spellings, at = _cbor_head_at(raw, at)
        found = []
        for _ in range(spellings):
            begin = at
            _, form_at = _cbor_head_at(raw, at)  # [spelling, pages]
            form, _ = _cbor_decode(raw, form_at)
            at = _cbor_skip(raw, begin)
            found.append((form, raw[begin:at]))
        ordered = sorted(found, key=lambda spelling: spelling[0])
        if ordered == found:
            entries.append((word, raw[start:at], False))
        else:
            entries.append((word, raw[start:spellings_at] + _cbor_head(4, spellings) + b"".join(b for _, b in ordered), True))
    return entries


def _chunk_ranges(ranges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The word range Pagefind names each chunk by: its first and last word, each cut between
    neighbours to one character past their common start (Pagefind's `chunk_meta`)."""
    named = [list(pair) for pair in ranges]
    for before, after in itertools.pairwise(named):
        common = 0
        while common < min(len(before[1]), len(after[0])) and before[1][common] == after[0][common]:
            common += 1
        end, start = before[1][: common + 1], after[0][: common + 1]
        if end >= before[0]:
            before[1] = end
        after[0] = start
    return [(start, end) for start, end in named]


# --- Same input, same bytes ---------------------------------------------------------------
# Pagefind 1.5.2 writes each filter's values in hash-map order, so the filter files, the
# metadata file naming them and pagefind-entry.json change from run to run
# (a known Pagefind issue: its fragments were made stable, these were not). The stage rewrites them
# with the values sorted; anything unexpected leaves Pagefind's own files untouched.

SIGNATURE = b"pagefind_dcd"


def _make_deterministic(bundle: Path) -> None:
    try:
        entry_path = bundle / "pagefind-entry.json"
        entry_text = entry_path.read_text(encoding="utf-8")
        languages = json.loads(entry_text)["languages"]
        renamed: dict[str, str] = {}
        for path in sorted((bundle / "filter").glob("*.pf_filter")):
            name, values = _read_pagefind(path)
            content = _write_pagefind([name, sorted(values, key=lambda pair: pair[0])])
            language = path.stem.split("_", 1)[0]
            renamed[path.stem] = f"{language}_{hashlib.sha256(content).hexdigest()[:7]}"
            path.unlink()
            (path.parent / f"{renamed[path.stem]}.pf_filter").write_bytes(content)
        for language, info in languages.items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_pagefind(meta_path)
            meta[3] = sorted(([name, renamed.get(hash_, hash_)] for name, hash_ in meta[3]), key=lambda pair: pair[0])
            content = _write_pagefind(meta)
            new_hash = f"{language}_{hashlib.sha256(content).hexdigest()[:10]}"
            meta_path.unlink()
            (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(content)
            entry_text = entry_text.replace(f'"hash":"{info["hash"]}"', f'"hash":"{new_hash}"')
        entry_path.write_text(entry_text, encoding="utf-8")
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        pass  # an unexpected bundle layout: keep Pagefind's files as they are (still correct)


def _read_pagefind(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"not a Pagefind file: {path}")
    value, end = _cbor_decode(raw, len(SIGNATURE))
    if end != len(raw) or _cbor_encode(value) != raw[len(SIGNATURE) :]:
        raise ValueError(f"unexpected encoding in {path}")  # we could not write it back identically
    return value


def _write_pagefind(value) -> bytes:
    return gzip.compress(SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)


def _cbor_decode(data: bytes, at: int):
    """The CBOR subset Pagefind's index files use: unsigned integers, text, byte strings, arrays."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        length = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        length, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError("unsupported CBOR item")
    if major == 0:
        return length, at
    if major == 1:  # negative integers: only in index chunks
        return -1 - length, at
    if major == 2:
        return bytes(data[at : at + length]), at + length
    if major == 3:
        return data[at : at + length].decode("utf-8"), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return items, at
    raise ValueError("unsupported CBOR item")


def _cbor_head_at(data: bytes, at: int) -> tuple[int, int]:
    """The length (or value) in the head of the item at `at`, and where its content starts."""
    info = data[at] & 31
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)
    return int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def _cbor_skip(data: bytes, at: int) -> int:
    """Where the item at `at` ends (one loop, nothing decoded: chunks hold ~10⁶ numbers, so a
    number's value is not even read, only its size: that was two thirds of the loop's time)."""
    pending = 1
    while pending:
        head = data[at]
        at += 1
        pending -= 1
        major, info = head >> 5, head & 31
        if major not in (2, 3, 4):  # a number (or another scalar): step over its extra bytes
            if info >= 24:
                at += 1 << (info - 24)
            continue
        length = info
        if info >= 24:  # _cbor_head_at, inline: calling it here made the loop a quarter slower
            size = 1 << (info - 24)
            length = int.from_bytes(data[at : at + size], "big")
            at += size
        if major == 4:
            pending += length
        else:
            at += length
    return at


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | info]) + length.to_bytes(size, "big")
    raise ValueError("integer too large")


def _cbor_encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError("unsupported value")
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _cbor_head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)
    raise ValueError("unsupported value")
