"""The procedure a citizen names comes first, even on a site where many news items talk about
procedures: every procedure of the demo, its name typed with and without diacritics, its code,
and tone-different near-misses ("khai tu" is not "khai sinh"). Real index, real Chromium,
served under /cchc/; the search page as a phone shows it (360×800), opened once and each
query typed into its box (the query in the address is tests/test_search_browser.py's)."""

from __future__ import annotations

import pytest

from cchcsite import vi

from .browser import search_in_place as search
from .browser import serve_published
from .conftest import build_site, copy_demo, messages, news_items


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    site = copy_demo(tmp_path_factory.mktemp("search-ranking"))
    for name, text in news_items().items():
        (site / name).write_text(text, encoding="utf-8")
    result = build_site(site)
    assert result.ok, messages(result)
    base, stop = serve_published(site / "public", prefix=result.site.config.base_path)
    yield base, result.site
    stop()


def procedures(site):
    return sorted((p for p in site.pages.values() if p.kind == "procedure"), key=lambda p: p.url)


def test_the_test_site_has_many_news_items_naming_procedures(published):
    _, site = published
    news = [p for p in site.pages.values() if p.kind == "news" and p.url.startswith("/tin-tuc/nhac-thu-tuc-")]
    assert len(news) == 30


@pytest.mark.parametrize("typed", ["diacritics", "no diacritics", "code"])
def test_each_procedure_named_comes_first(phone, published, typed):
    base, site = published
    wrong = []
    for procedure in procedures(site):
        query = {"diacritics": procedure.title, "no diacritics": vi.without_marks(procedure.title), "code": procedure.data.code}[typed]
        found = search(phone, base, query)
        if not found or found[0]["href"] != "/cchc" + procedure.url:
            wrong.append((query, [r["href"] for r in found[:3]]))
    assert wrong == []


@pytest.mark.parametrize(
    "query, first",
    [
        ("khai tử", "/thu-tuc/dang-ky-khai-tu/"),
        ("khai tu", "/thu-tuc/dang-ky-khai-tu/"),
        ("đăng ký khai tử", "/thu-tuc/dang-ky-khai-tu/"),
        ("dang ky khai tu", "/thu-tuc/dang-ky-khai-tu/"),
        ("khai sinh", "/thu-tuc/dang-ky-khai-sinh/"),
        ("dang ky khai sinh", "/thu-tuc/dang-ky-khai-sinh/"),
        ("đăng ký khai sinh", "/thu-tuc/dang-ky-khai-sinh/"),
        ("ket hon", "/thu-tuc/dang-ky-ket-hon/"),
        ("kết hôn", "/thu-tuc/dang-ky-ket-hon/"),
    ],
)
def test_short_names_and_tone_near_misses_find_the_right_procedure(phone, published, query, first):
    base, _ = published
    found = search(phone, base, query)
    assert found and found[0]["href"] == "/cchc" + first, [r["href"] for r in found[:4]]


@pytest.mark.parametrize("query", ["lý lịch tư pháp", "ly lich tu phap", "chứng thực", "chung thuc"])
def test_a_procedure_comes_before_the_news_that_mention_it(phone, published, query):
    base, _ = published
    found = search(phone, base, query)
    assert found and found[0]["href"].startswith("/cchc/thu-tuc/"), [r["href"] for r in found[:4]]


def test_an_abolished_procedure_is_labelled_in_the_results(phone, published):
    base, site = published
    abolished = next(p for p in procedures(site) if p.data.status == "bai-bo")
    found = search(phone, base, vi.without_marks(abolished.title))
    assert found[0]["href"] == "/cchc" + abolished.url
    assert found[0]["meta"].startswith("Bãi bỏ ")
    assert all("Bãi bỏ" not in r["meta"] for r in found[1:] if r["href"] != "/cchc" + abolished.url)
