"""A site indexed in shards (cchcsite/search.py) shows citizens the same results as one index:
for every ranking query of the search tests, the same pages (same counts, same filter counts),
the same top five in the same order (search-rank.js scores the merged results as one index
would) and the same first page of ten, up to the order of pages of equal score, which the shards
put in URL order and one index in an order of Pagefind's own. The demo site with the thirty
procedure news items of tests/test_search_ranking.py, built twice on a disk folder: once as one
index, once in shards of about 10 pages (far smaller than real ones, so term statistics differ
more between shards). Both served under /cchc/, searched in Chromium."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from cchcsite import search, vi
from cchcsite.search import PRELOAD_END, PRELOAD_START

from .browser import found_and_kinds_counted, new_page, search_in_place, serve_published
from .browser import search as search_page
from .conftest import BASE_CONFIG, DEO_PAGES, build_site, copy_demo, messages, news_items, sharded_news

SHARD_PAGES = 10
FIRST_PAGE = 10  # the results search.js shows before "Xem thêm"

QUERIES = [
    # tests/test_search_browser.py
    "thu tuc dang ky khai sinh", "dat dai", "Đất đai", "hoat dong khoa hoc", "ly lich tu phap", "dang ky", "đăng ký",
    "PAR INDEX 2023", "đèo", "dẻo", "deo", '"đăng ký khai sinh"', "khai sinh",
    # tests/test_search_ranking.py
    "khai tử", "khai tu", "đăng ký khai tử", "dang ky khai tu", "dang ky khai sinh", "đăng ký khai sinh", "ket hon", "kết hôn",
    "lý lịch tư pháp", "chứng thực", "chung thuc",
]  # fmt: skip


def build(tmp_path_factory, name: str, shard_pages: int | None):
    site = copy_demo(tmp_path_factory.mktemp(name))
    for path, text in {**DEO_PAGES, **news_items()}.items():
        (site / path).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        # The index copies on a disk folder (ext4 here), as on macOS, Windows and in Docker (a small
        # /dev/shm): Pagefind numbers the pages in the order that file system lists them.
        patch.setattr(search, "_scratch_parent", lambda fallback: fallback)
        if shard_pages:
            patch.setattr(search, "SHARD_PAGES", shard_pages)
            patch.setattr(search, "SHARD_ABOVE", 0)
            patch.setattr(search, "SPLIT_BYTES", 1024)  # small shards' indexes are cut between first letters too
            patch.setattr(search, "PRELOAD_INDEX_LIMIT", 0)  # as on a large site: the chunks a search needs, not all of them up front
        result = build_site(site)
    assert result.ok, messages(result)
    return site, result


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    one_site, one = build(tmp_path_factory, "one-index", None)
    sharded_site, sharded = build(tmp_path_factory, "sharded", SHARD_PAGES)
    servers = [serve_published(folder / "public", prefix=one.site.config.base_path) for folder in (one_site, sharded_site)]
    yield (servers[0][0], one, one_site), (servers[1][0], sharded, sharded_site)
    for _, stop in servers:
        stop()


def test_the_sharded_build_really_has_many_small_shards(both):
    (_, one, one_site), (_, sharded, sharded_site) = both
    assert len(one.search.shards) == 1 and not (one_site / "public/pagefind/news-2025/").exists()
    folders = [folder for folder in sharded.search.shards if folder]
    assert len(folders) >= 1, folders
    bundle = sharded_site / "public/pagefind"
    assert json.loads((bundle / "shards.json").read_text(encoding="utf-8"))["shards"] == [{"path": folder} for folder in folders]
    page_counts = []
    for folder in ["", *folders]:
        entry = json.loads((bundle / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        page_counts.append(entry["languages"]["vi"]["page_count"])
        if folder:  # merged shards hold only their index; the primary's script and WebAssembly search them
            assert not (bundle / folder / "pagefind.js").exists() and not list((bundle / folder).glob("wasm.*"))
    assert sum(page_counts) == one.search.pages == sharded.search.pages and max(page_counts) < len(page_counts) * SHARD_PAGES
    assert len(list((bundle / "index").glob("*.pf_index"))) > 2  # cut between first letters
    hints = (sharded_site / "public/tim-kiem/index.html").read_text(encoding="utf-8")
    assert {f'data-pagefind-shard="{folder}"' for folder in folders} <= set(re.findall(r'data-pagefind-shard="[^"]*"', hints))


def queries(site) -> list[str]:
    named = sorted((p for p in site.pages.values() if p.kind == "procedure"), key=lambda p: p.url)
    return QUERIES + [p.title for p in named] + [vi.without_marks(p.title) for p in named] + [p.data.code for p in named]


# Pagefind's own results for a query as search.js asks it (`đ` as `d`, quotes as spaces), in
# the search page's module (with its options), each with its score.
OWN_RESULTS = """async (query) => {
    const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
    const found = await pagefind.search(query.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D").replace(/["“”]/g, " "));
    return Promise.all(found.results.map(async (result) => [(await result.data()).url, result.score]));
}"""


@pytest.fixture(scope="module")
def first_pages(context, phone, both) -> list[tuple[str, list[str], list[str], dict[str, int | str]]]:
    """(query, the one index's first page of results, the sharded site's, each page's group of
    equal score in the one index) for every ranking query. On the sharded site the queries are
    typed one after another into the open search page, as a citizen does (the module's `phone`
    tab); the one index answers each on a freshly loaded page."""
    (one_base, one, _), (sharded_base, _, _) = both
    one_tab = new_page(context, 360, 800)
    pages = []
    for query in queries(one.site):
        expected = [r["href"] for r in search_page(one_tab, one_base, query)[:FIRST_PAGE]]
        found = [r["href"] for r in search_in_place(phone, sharded_base, query)[:FIRST_PAGE]]
        assert expected, query
        pages.append((query, expected, found, equal_scores(one_tab.evaluate(OWN_RESULTS, query))))
    one_tab.close()
    return pages


def equal_scores(scored: list[tuple[str, float]]) -> dict[str, int | str]:
    """URL → a number shared by the pages of equal score. Equal within a rounding: Pagefind adds up
    a page's metadata idfs in hash-map order, so of two identical news items nhac-thu-tuc-07 can
    score 17.155628 and -09 17.155624 for "đăng ký khai tử"."""
    groups: dict[str, int | str] = {}
    last = None
    for url, score in sorted(scored, key=lambda pair: -pair[1]):
        if last is None or abs(last - score) > 1e-5 * max(1.0, abs(score)):
            group = len(set(groups.values()))
        groups[url] = group
        last = score
    return groups


def compared(first_pages, cut: int) -> list[tuple]:
    """The queries whose first `cut` results differ, but for the order among pages of equal score;
    and those where the shards do not list such pages in URL order."""
    differ = []
    for query, expected, found, groups in first_pages:
        places = [groups.get(url, url) for url in expected[:cut]]  # a page only search.js's own queries found: its own group
        if [groups.get(url, url) for url in found[:cut]] != places:
            differ.append((query, expected[:cut], found[:cut]))
        elif any(a > b for a, b, same in zip(found[:cut], found[1:cut], (x == y for x, y in itertools.pairwise(places))) if same):
            differ.append((query, "equal scores not in URL order", found[:cut]))
    return differ


def test_every_ranking_query_has_the_same_first_result(first_pages):
    assert compared(first_pages, 1) == []


def test_every_ranking_query_has_the_same_top_five(first_pages):
    assert compared(first_pages, 5) == []


def test_every_ranking_query_shows_the_same_first_page_of_results(first_pages):
    """The same ten pages, in the same order up to pages of equal score (the corpus has many:
    identical news items), and where a tie straddles the tenth place, pages of the same score."""
    assert compared(first_pages, FIRST_PAGE) == []


def test_pages_of_equal_score_are_put_in_url_order_in_every_build(first_pages):
    """The corpus really has ties among the first ten, which the shards order by URL (checked in
    `compared`): not a test that cannot fail."""
    tied = [query for query, _, found, groups in first_pages if len({groups.get(url, url) for url in found}) < len(found)]
    assert len(tied) >= 5, tied


def test_a_site_with_one_index_keeps_pagefinds_own_order(phone, both):
    """Only a sharded site loads search-rank.js; a site with one index shows Pagefind's own
    order, as it always has."""
    (one_base, _, _), (sharded_base, _, _) = both
    requested: list[str] = []

    def note(request):
        requested.append(request.url)

    phone.on("request", note)
    try:
        for query in ("hoat dong khoa hoc", "dat dai", "PAR INDEX 2023", "đèo"):  # no procedure named: none moves first
            shown = [r["href"] for r in search_page(phone, one_base, query)][:FIRST_PAGE]
            own = phone.evaluate(
                """async (query) => {
                    const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
                    const found = await pagefind.search(query.replace(/đ/g, "d").replace(/Đ/g, "D"));
                    return Promise.all(found.results.slice(0, 10).map(async (result) => (await result.data()).url));
                }""",
                query,
            )
            assert shown == own, query
        assert not [url for url in requested if "search-rank" in url]
        search_page(phone, sharded_base, "dang ky")
        assert [url for url in requested if "search-rank" in url]
    finally:
        phone.remove_listener("request", note)


def test_a_sharded_search_downloads_only_the_chunks_of_its_words_first_letters(phone, both):
    """Each shard's index is cut between first letters (search.py): "khai sinh" needs from each
    shard the chunks of k and s, and of the digits (search.js finds the procedures it names by
    their codes), not every word of every shard."""
    _, (sharded_base, sharded, sharded_site) = both
    on_disk = list((sharded_site / "public/pagefind").rglob("*.pf_index"))
    fetched: list[str] = []

    def note(request):
        if request.url.endswith(".pf_index"):
            fetched.append(request.url)

    phone.on("request", note)
    try:
        search_page(phone, sharded_base, "khai sinh")
    finally:
        phone.remove_listener("request", note)
    assert 0 < len(set(fetched)) <= 3 * len(sharded.search.shards) < len(on_disk)


def test_result_counts_and_filter_counts_are_the_same(phone, first_pages, both):
    """In the tab that has run every ranking query (`first_pages`), and again with the filter
    files arriving late (a slow link, where the chunks of the query's words can come first): the
    counts are complete as soon as the results show. Pagefind counts a filter only once its file
    is loaded, and a search loads only the files of the filters it uses; search.js waits for all
    of them (before, such counts showed 0 on one index and a few shards' share on a sharded site)."""
    (one_base, _, _), (sharded_base, _, _) = both

    def seen(base: str, query: str) -> tuple[str, list[str]]:
        search_page(phone, base, query)
        phone.locator("summary", has_text="Lọc kết quả").click()
        found, counted = found_and_kinds_counted(phone)
        labels = phone.locator("[data-search-filters] label").all_text_contents()
        assert counted == found, labels
        return phone.locator("[data-search-status]").text_content(), labels

    def compare():
        for query in ("dang ky", "khai sinh", "thu tuc"):
            status, labels = seen(one_base, query)
            assert seen(sharded_base, query) == (status, labels) and labels, query

    compare()

    def late(route):
        phone.wait_for_timeout(300)
        route.continue_()

    phone.route("**/*.pf_filter", late)
    try:
        compare()
    finally:
        phone.unroute("**/*.pf_filter", late)


def test_a_theme_search_page_without_the_build_hints_still_searches_every_shard(make_site, browser, monkeypatch):
    """A site theme's own search.html may lack the preload markers: search.js then learns the
    shards, and which words each holds, from pagefind/shards.json."""
    template = (Path(search.__file__).parent / "theme/templates/search.html").read_text(encoding="utf-8")
    assert PRELOAD_START in template
    files = {
        **sharded_news(30),
        "content/tin-tuc/deo.md": "---\ntitle: Đèo Hải Vân thông xe\ndate: 2024-03-03\n---\nĐường đèo thông xe.\n",
        "themes/rieng/templates/search.html": template.replace(PRELOAD_START + PRELOAD_END, ""),
    }
    site = make_site(files, config=BASE_CONFIG + "theme: rieng\n")
    monkeypatch.setattr(search, "SHARD_ABOVE", 0)
    monkeypatch.setattr(search, "SHARD_PAGES", 8)
    result = build_site(site)
    assert result.ok, messages(result)
    assert len(result.search.shards) == 4 and "data-pagefind-shard" not in (site / "public/tim-kiem/index.html").read_text(encoding="utf-8")
    base, stop = serve_published(site / "public", prefix="/cchc/")
    page = browser.new_page()
    try:
        found = search_page(page, base, "dang ky dat dai")
        assert page.locator("[data-search-status]").text_content() == "Tìm thấy 30 kết quả cho “dang ky dat dai”."
        assert len(found) == 10
        assert [r["href"] for r in search_page(page, base, "deo hai van")] == ["/cchc/tin-tuc/deo/"]  # no other shard's "de…" words
    finally:
        page.close()
        stop()
