"""The answer a citizen acts on, tried as citizens do: a phone (360×800, Noto fonts), a site with
national records imported (tests/portal_records.py) and realistic noise (the demo, plus thirty
news items naming procedures), real Pagefind index, real Chromium, served under /cchc/.

On the first screen of a procedure: its name, how long, what it costs, where to hand in the
papers, the online button. Facts never blank. Searches typed as people speak find the procedure
they name first; a procedure the site does not have points to the national portal."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_plus

import pytest

from .browser import new_page, serve_published, wait_for_results, watched_page, without_script_errors
from .conftest import build_site, copy_demo, messages, run_cli_here
from .portal_records import BIRTH, CRIMINAL_RECORD, VISA
from .test_search_ranking import news_items

PHONE = {"width": 360, "height": 800}
PORTAL_SEARCH = "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword="


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("citizen")
    site = copy_demo(root)
    (site / "content/thu-tuc/dang-ky-khai-sinh.md").unlink()  # the national record takes its place
    for name, text in news_items().items():
        (site / name).write_text(text, encoding="utf-8")
    records = root / "ho-so.json"
    records.write_text(json.dumps([{"data": r} for r in (CRIMINAL_RECORD, BIRTH, VISA)], ensure_ascii=False), encoding="utf-8")
    imported = run_cli_here("import", "procedures", "--site", str(site), str(records))
    assert imported.returncode == 0, imported.stderr
    result = build_site(site)
    assert result.ok, messages(result)
    base, stop = serve_published(site / "public", prefix=result.site.config.base_path)
    yield base, result.site, site / "public"
    stop()


@pytest.fixture(scope="module")
def tab(context):
    watched = watched_page(context, **PHONE)
    yield watched
    watched[0].close()


@pytest.fixture
def phone(tab):
    yield from without_script_errors(tab, PHONE)


def procedures(site):
    return sorted((p for p in site.pages.values() if p.kind == "procedure"), key=lambda p: p.url)


def box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate("e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }")


def fact(page, label: str):
    return page.locator(f".summary-box .key-facts div:has(> dt:text-is('{label}')) dd")


def test_the_site_has_the_noise_and_the_national_records(site):
    _, model, _ = site
    assert len([p for p in model.pages.values() if p.kind == "news" and p.url.startswith("/tin-tuc/nhac-thu-tuc-")]) == 30
    imported = [p for p in procedures(model) if p.data.portal_id]
    assert {p.data.code for p in imported} == {CRIMINAL_RECORD["code"], BIRTH["code"]}


def test_on_a_phone_every_procedure_shows_its_answer_on_the_first_screen(phone, site):
    """Header and menu ≤ 120 px; the name, time limit, fee, where to hand in and the online
    button all end above 800 px, on every procedure of the site; on an abolished one, that it
    is abolished and what replaced it (nothing there to act on)."""
    base, model, _ = site
    late = []
    for procedure in procedures(model):
        phone.goto(base + procedure.url)
        header = box(phone, ".site-header")
        assert header["bottom"] <= 120, (procedure.url, header)
        wanted = [".procedure h1", ".key-facts div:nth-child(1) dd", ".key-facts div:nth-child(2) dd", "a[href='#nop-ho-so-o-dau']"]
        if procedure.data.status == "bai-bo":
            wanted = [".notice-abolished"]
        elif procedure.data.online != "khong":
            wanted.append(".button-submit")
        for selector in wanted:
            if box(phone, selector)["bottom"] > PHONE["height"]:
                late.append((procedure.url, selector, box(phone, selector)["bottom"]))
    assert late == [], "\n".join(map(str, late))


def test_the_first_screen_says_the_records_facts_in_short(phone, site):
    base, _, _ = site
    phone.goto(base + "/thu-tuc/cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam/")
    assert (
        fact(phone, "Thời hạn giải quyết").text_content()
        == "Trực tiếp, bưu chính 10 ngày làm việc · Trực tuyến: Không quá 10 ngày làm việc…"
    )
    # the amount the record gives, its exemptions, and the way without any fee said so, never blank
    assert (
        fact(phone, "Phí, lệ phí").text_content()
        == "Trực tiếp, trực tuyến 200.000 đ (có trường hợp được miễn) · Bưu chính: chưa có thông tin"
    )
    where = phone.locator(".key-facts a[href='#nop-ho-so-o-dau']")
    assert where.text_content() == "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên,"  # the address's first line
    assert fact(phone, "Nhận kết quả").text_content() == "Trực tiếp; Qua dịch vụ bưu chính"
    where.click()
    assert phone.evaluate("location.hash") == "#nop-ho-so-o-dau"
    # the breadcrumb does not repeat a long title: the h1 just below says it
    assert phone.locator(".breadcrumbs li[aria-current='page']").evaluate("e => e.getBoundingClientRect().width") <= 1
    assert phone.locator(".breadcrumbs").evaluate("e => e.getBoundingClientRect().height") < 30  # one line
    phone.goto(base + "/thu-tuc/dang-ky-khai-sinh/")
    # 0 with a description is not "free"; 0 without one is "Không thu phí", as the record says
    assert fact(phone, "Phí, lệ phí").text_content() == "Trực tiếp: Theo quy định của Bộ trưởng Bộ Tài chính · Trực tuyến: Không thu phí"


def test_no_fee_is_ever_blank(site):
    _, model, out = site
    for procedure in procedures(model):
        html = (out / procedure.url.strip("/") / "index.html").read_text(encoding="utf-8")
        cells = re.findall(r'<td data-label="Phí, lệ phí">(.*?)</td>', html, re.S)
        assert len(cells) == len(procedure.data.channels) and all(re.sub(r"<[^>]+>", "", cell).strip() for cell in cells), procedure.url
        assert re.search(r"<dt>Phí, lệ phí</dt><dd>[^<]+</dd>", html), procedure.url


def test_imported_records_open_their_own_page_on_the_national_portal(phone, site):
    base, _, _ = site
    for slug, record in (("cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam", CRIMINAL_RECORD), ("dang-ky-khai-sinh", BIRTH)):
        phone.goto(f"{base}/thu-tuc/{slug}/")
        button = phone.locator(".button-submit")
        assert button.get_attribute("href") == f"https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{record['id']}"
        assert " ".join(button.text_content().split()) == "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia"
    phone.goto(base + "/thu-tuc/dang-ky-khai-tu/")  # the demo's own: the site's portal, linked as configured
    assert (
        phone.locator(".button-submit").get_attribute("href")
        == "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=1.000656"
    )


def test_the_menu_opens_on_a_phone_without_moving_the_page(phone, site):
    base, _, _ = site
    phone.goto(base + "/thu-tuc/")
    before = box(phone, "h1")
    menu = phone.locator(".site-menu > summary")
    assert menu.is_visible() and phone.get_by_role("link", name="Văn bản", exact=True).is_hidden()
    menu.click()
    assert phone.get_by_role("link", name="Văn bản", exact=True).is_visible()
    assert box(phone, "h1") == before  # it opens over the page
    phone.get_by_role("link", name="Văn bản", exact=True).click()
    phone.wait_for_url(base + "/van-ban/")


def search(page, base: str, query: str) -> list[str]:
    page.goto(f"{base}/tim-kiem/?q={quote_plus(query)}")
    wait_for_results(page)
    return [
        href.removeprefix("/cchc")
        for href in page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]


@pytest.mark.parametrize(
    "query, first",
    [
        ("xin giay khai sinh", "/thu-tuc/dang-ky-khai-sinh/"),
        ("lam giay khai sinh cho con", "/thu-tuc/dang-ky-khai-sinh/"),
        ("giấy khai sinh", "/thu-tuc/dang-ky-khai-sinh/"),
        ("giấy chứng tử", "/thu-tuc/dang-ky-khai-tu/"),
        ("giay chung tu", "/thu-tuc/dang-ky-khai-tu/"),
        ("lltp", "/thu-tuc/cap-phieu-ly-lich-tu-phap"),
        ("LLTP", "/thu-tuc/cap-phieu-ly-lich-tu-phap"),
        ("xin phieu ly lich", "/thu-tuc/cap-phieu-ly-lich-tu-phap"),
        ("thủ tục xin lý lịch tư pháp như thế nào", "/thu-tuc/cap-phieu-ly-lich-tu-phap"),
        ("làm giấy kết hôn", "/thu-tuc/dang-ky-ket-hon/"),
        ("sao y ban chinh", "/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/"),
    ],
)
def test_queries_as_people_say_them_find_the_procedure_first(phone, site, query, first):
    base, _, _ = site
    found = search(phone, base, query)
    assert found and found[0].startswith(first), found[:4]
    assert phone.locator("[data-search-portal]").is_hidden()
    assert len(found) == len(set(found))  # a procedure named by the query is listed once


@pytest.mark.parametrize("query", ["cấp hộ chiếu", "doi bang lai xe", "đăng ký thường trú"])
def test_a_procedure_the_site_does_not_have_points_to_the_national_portal(phone, site, query):
    base, _, _ = site
    found = search(phone, base, query)
    notice = phone.locator("[data-search-portal]")
    assert notice.is_visible() and f"không có thủ tục hành chính nào khớp với “{query}”" in notice.text_content()
    link = notice.get_by_role("link")
    assert link.get_attribute("href") == PORTAL_SEARCH + quote(query, safe="")
    assert link.text_content() == f"Tìm “{query}” trên Cổng Dịch vụ công quốc gia"
    if found:  # said before the first result, so no page below reads as the answer
        assert box(phone, "[data-search-portal]")["bottom"] <= box(phone, ".search-result")["top"]
    assert not any(p.startswith("/thu-tuc/") for p in found[:1]) or query == "cấp hộ chiếu"


def test_a_shared_link_names_its_procedures_before_pagefind_has_loaded(context, site):
    """On a slow link the list of procedure names answers first: here Pagefind never arrives."""
    base, _, _ = site
    page = new_page(context, **PHONE)
    try:
        page.route("**/pagefind/**", lambda route: route.abort())
        page.goto(f"{base}/tim-kiem/?q=xin+giay+khai+sinh")
        first = page.locator(".search-result h2 a").first
        first.wait_for(timeout=10_000)
        assert first.get_attribute("href") == "/cchc/thu-tuc/dang-ky-khai-sinh/" and first.text_content() == "Đăng ký khai sinh"
        assert page.locator(".search-result .meta").first.text_content() == "Thủ tục hành chính · Mã 1.001193"
    finally:
        page.close()


def test_the_catalogues_box_searches_procedures_only_and_the_two_search_landmarks_are_named_apart(phone, site):
    base, _, _ = site
    phone.goto(base + "/thu-tuc/")
    names = phone.get_by_role("search").evaluate_all("forms => forms.map(f => f.getAttribute('aria-label'))")
    assert names == ["Tìm kiếm trên toàn trang", "Tìm thủ tục hành chính"]
    box = phone.get_by_role("search", name="Tìm thủ tục hành chính")
    box.get_by_label("Tìm thủ tục").fill("ly lich tu phap")
    box.get_by_role("button", name="Tìm").click()
    phone.wait_for_url(re.compile(r"/tim-kiem/\?q=ly\+lich\+tu\+phap&kind="))
    wait_for_results(phone)
    found = phone.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert found and all(href.startswith("/cchc/thu-tuc/") for href in found), found


def test_the_list_of_procedure_names_is_small_and_carries_the_citizens_words(site):
    _, model, out = site
    listing = json.loads((out / "tim-kiem/thu-tuc.json").read_text(encoding="utf-8"))
    slugged = {p.title: p.url for p in procedures(model)}
    rows = {row[0] or slugged[row[1]]: row for row in listing["procedures"]}  # "": the address is the name's slug
    assert set(rows) == {p.url for p in procedures(model)}

    def keywords(url):
        return {listing["keywords"][int(index)] for index in rows[url][7].split(",") if index}

    assert "giấy chứng tử" in keywords("/thu-tuc/dang-ky-khai-tu/")
    assert "LLTP" in keywords("/thu-tuc/cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam/")  # the record's own keywords
    assert len((out / "tim-kiem/thu-tuc.json").read_bytes()) < 400 * len(rows)


def test_a_sites_own_citizen_words_extend_the_list(tmp_path):
    from .conftest import BASE_CONFIG, PROCEDURE, write_site

    config = BASE_CONFIG + "citizen_words:\n  - words: [giấy sinh]\n    means: khai sinh\n"
    site = write_site(tmp_path / "site", {"content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE}, config)
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    listing = json.loads((site / "public/tim-kiem/thu-tuc.json").read_text(encoding="utf-8"))
    keywords = {listing["keywords"][int(index)] for index in listing["procedures"][0][7].split(",")}
    assert {"giấy sinh", "giấy khai sinh"} <= keywords


def test_the_shipped_citizen_words_are_well_formed():
    import yaml

    from cchcsite.content.citizen_words import BUILT_IN, syllables

    data = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    assert len(data["words"]) >= 30 and "xin" in data["filler"]
    for entry in data["words"]:
        assert set(entry) == {"words", "means"} and entry["words"], entry
        means = [entry["means"]] if isinstance(entry["means"], str) else entry["means"]
        assert all(syllables(phrase) for phrase in means), entry
    # no filler word is a word of the names people search ("cho" is in "cấp Phiếu lý lịch tư pháp cho công dân")
    assert not {"cho", "của", "về", "và"} & set(data["filler"])
