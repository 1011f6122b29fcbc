"""What makes a page trustworthy to a citizen, on real built pages: when it last changed and
what changed ("Cập nhật lần cuối", "Lịch sử thay đổi"), the feed dating a change, the
"is this page useful?" form when config.yaml asks for it, and machine-readable legal status."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from lxml import etree, html

from .conftest import (
    BASE_CONFIG,
    DOCUMENT,
    NEWS,
    PDF,
    PROCEDURE,
    build_site,
    changes_yaml,
    messages,
    one_of_each_kind,
    run_cli_here,
    text_of,
    with_front,
)

ATOM = "{http://www.w3.org/2005/Atom}"


ITEM_PAGES = ("tin-tuc/tin", "van-ban/ke-hoach", "thu-tuc/khai-sinh", "chi-so/par-2024", "thong-ke/quy-1", "gioi-thieu")


def page_tree(site, url: str):
    return html.fromstring((site / "public" / url / "index.html").read_bytes())


# --- change history ------------------------------------------------------------------------


def test_a_procedure_with_two_change_notes_shows_the_latest_date_and_both_notes_newest_first(make_site):
    notes = changes_yaml(("2025-03-01", "Bổ sung mẫu tờ khai điện tử."), ("2025-10-15", "Lệ phí giảm còn 100.000 đồng/hồ sơ."))
    site = make_site({"content/thu-tuc/khai-sinh.md": with_front(PROCEDURE, "updated: 2025-01-10\n" + notes)})
    result = build_site(site)
    assert result.ok, messages(result)
    page = page_tree(site, "thu-tuc/khai-sinh")
    heading = page.xpath("//h1")[0]
    updated = page.xpath("//*[@class='updated-line']")[0]
    assert text_of(updated) == "Cập nhật lần cuối 15/10/2025"
    assert heading.getnext().xpath(".//*[@class='updated-line']"), "the last update sits right under the title"
    history = page.xpath("//details[@class='change-history']")[0]  # opens without JavaScript
    assert text_of(history.xpath("summary")[0]) == "Lịch sử thay đổi (2)"
    assert [text_of(li) for li in history.xpath(".//li")] == [
        "15/10/2025: Lệ phí giảm còn 100.000 đồng/hồ sơ.",
        "01/03/2025: Bổ sung mẫu tờ khai điện tử.",
    ]
    assert "cập nhật 15/10/2025" in text_of(page.xpath("//*[@class='print-source']")[0])  # printed for the counter


def test_updated_wins_when_it_is_later_than_every_change_note(make_site):
    site = make_site(
        {
            "content/tin-tuc/a.md": with_front(
                NEWS.format(title="Tin A"), "updated: 2025-12-01 08:00\n" + changes_yaml(("2025-06-01", "Sửa số liệu."))
            )
        }
    )
    assert build_site(site).ok
    assert text_of(page_tree(site, "tin-tuc/a").xpath("//*[@class='updated-line']")[0]) == "Cập nhật lần cuối 01/12/2025"


def test_every_kind_of_item_shows_its_change_history_and_none_without_one(make_site):
    site = make_site(one_of_each_kind(changes_yaml(("2025-05-20", "Đính chính số liệu."))), name="with")
    result = build_site(site)
    assert result.ok, messages(result)
    for url in ITEM_PAGES:
        page = page_tree(site, url)
        assert [text_of(e) for e in page.xpath("//*[@class='updated-line']")] == ["Cập nhật lần cuối 20/05/2025"], url
        assert [text_of(li) for li in page.xpath("//details[@class='change-history']//li")] == ["20/05/2025: Đính chính số liệu."], url
    plain = make_site(one_of_each_kind(), name="without")
    assert build_site(plain).ok
    for url in ITEM_PAGES:
        assert "Cập nhật lần cuối" not in text_of(page_tree(plain, url)), url


def feed_updated(site) -> dict[str, str]:
    feed = etree.parse(str(site / "public/feed.xml")).getroot()
    return {entry.find(ATOM + "title").text: entry.find(ATOM + "updated").text for entry in feed.findall(ATOM + "entry")}


def test_a_change_note_moves_the_documents_feed_entry_updated(make_site):
    files = {"content/van-ban/ke-hoach.md": DOCUMENT, "static/files/ke-hoach.pdf": PDF, "content/tin-tuc/a.md": NEWS.format(title="Tin A")}
    site = make_site(files)
    assert build_site(site).ok
    title = "Kế hoạch cải cách hành chính năm 2023"
    before = datetime.fromisoformat(feed_updated(site)[title])
    assert before.date().isoformat() == "2023-01-10"
    (site / "content/van-ban/ke-hoach.md").write_text(
        with_front(DOCUMENT, changes_yaml(("2023-06-30", "Bổ sung nhiệm vụ số hóa hồ sơ."))), encoding="utf-8"
    )
    assert build_site(site).ok
    after = datetime.fromisoformat(feed_updated(site)[title])
    assert after.date().isoformat() == "2023-06-30" and after > before
    feed = etree.parse(str(site / "public/feed.xml")).getroot()
    assert feed.find(ATOM + "updated").text == max(feed_updated(site).values(), key=datetime.fromisoformat)
    assert "<lastmod>2023-06-30</lastmod>" in (site / "public/sitemap.xml").read_text(encoding="utf-8")


def test_a_change_dated_in_the_future_is_a_warning_with_its_line(make_site):
    site = make_site(
        {
            "content/tin-tuc/a.md": with_front(
                NEWS.format(title="Tin A"), changes_yaml(("2025-01-02", "Cũ."), ("2062-01-05", "Gõ nhầm năm."))
            )
        }
    )
    result = build_site(site)
    assert result.ok
    assert "content/tin-tuc/a.md:5: cảnh báo: `changes[2].date`: ngày thay đổi 05/01/2062 chưa đến; kiểm tra lại năm, tháng" in messages(
        result
    )


# --- "Thông tin trên trang này có hữu ích không?" ------------------------------------------

FEEDBACK_ACTION = "https://gopy.example.gov.vn/nhan-y-kien"
LIST_PAGES = ("", "tin-tuc", "van-ban", "thu-tuc", "chi-so", "thong-ke", "tim-kiem")


def feedback_forms(page):
    return page.xpath("//form[.//input[@name='huu-ich']]")


def html_files(site):
    return sorted((site / "public").rglob("*.html"))


def test_every_item_page_asks_whether_it_was_useful_posting_its_own_address_to_the_configured_url(make_site):
    site = make_site(one_of_each_kind(), config=BASE_CONFIG + f"feedback:\n  action: {FEEDBACK_ACTION}\n")
    result = build_site(site)
    assert result.ok, messages(result)
    for url in ITEM_PAGES:
        page = page_tree(site, url)
        forms = feedback_forms(page)
        assert len(forms) == 1, url
        form = forms[0]
        assert form.get("method") == "post" and form.get("action") == FEEDBACK_ACTION
        assert form.xpath("string(.//h2)") == "Thông tin trên trang này có hữu ích không?"
        choices = {text_of(label): label.xpath("string(.//input/@value)") for label in form.xpath(".//label[input[@type='radio']]")}
        assert choices == {"Có": "co", "Không": "khong"}
        address = form.xpath(".//input[@type='hidden'][@name='trang']/@value")
        assert address == [f"https://example.gov.vn/cchc/{url}/"]
        comment = form.xpath(".//textarea")[0]
        assert comment.get("required") is None and form.xpath(f"string(.//label[@for='{comment.get('id')}'])").startswith(
            "Góp ý thêm (không bắt buộc)"
        )
        # no personal data asked: nothing to fill in but the answer and the free comment
        asked = {(field.tag, field.get("type")) for field in form.xpath(".//input|.//textarea|.//select") if field.get("type") != "hidden"}
        assert asked == {("input", "radio"), ("textarea", None)}
        policy = page.xpath("string(//meta[@http-equiv='Content-Security-Policy']/@content)")
        assert "form-action 'self' https://gopy.example.gov.vn;" in policy + ";"
    for url in LIST_PAGES:
        assert not feedback_forms(page_tree(site, url)), f"/{url}/ is a list, it asks nothing"
    assert "form-action 'self' https://gopy.example.gov.vn" in (site / "public/_headers").read_text(encoding="utf-8")


def test_netlify_finds_the_feedback_form_in_the_html(make_site):
    """Netlify's build registers forms carrying `data-netlify` by their `name`; the posted
    `form-name` must equal it, and the form posts to the page itself (no action)."""
    site = make_site(one_of_each_kind(), config=BASE_CONFIG + "feedback:\n  netlify: true\n")
    assert build_site(site).ok
    for url in ITEM_PAGES:
        (form,) = feedback_forms(page_tree(site, url))
        assert form.get("data-netlify") == "true" and form.get("method") == "post" and form.get("action") is None
        assert form.xpath("string(.//input[@type='hidden'][@name='form-name']/@value)") == form.get("name") == "gop-y-trang"
        assert form.xpath("string(.//input[@name='trang']/@value)") == f"https://example.gov.vn/cchc/{url}/"
    assert "form-action 'self';" in (site / "public/_headers").read_text(encoding="utf-8")


def test_no_feedback_form_anywhere_without_feedback_in_config(make_site):
    site = make_site(one_of_each_kind())
    assert build_site(site).ok
    assert not [path for path in html_files(site) if b"huu-ich" in path.read_bytes()]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("feedback: true\n", "config.yaml:7: `feedback`: cần một nhóm trường; viết `feedback:` rồi một dòng thụt lề `action: https://...`"),
        ("feedback:\n  netlify: false\n", "config.yaml:7: `feedback`: chưa có nơi nhận ý kiến; viết `feedback:`"),
        (
            f"feedback:\n  netlify: true\n  action: {FEEDBACK_ACTION}\n",
            "config.yaml:7: `feedback`: chỉ chọn một nơi nhận ý kiến: `action: https://...` hoặc `netlify: true`, không cả hai",
        ),
        (
            "feedback:\n  action: gopy.example.gov.vn\n",
            "config.yaml:8: `feedback.action`: `gopy.example.gov.vn` không phải địa chỉ web đầy đủ",
        ),
        (
            "feedback:\n  action: https://gopy.example.gov.vn;script-src/\n",
            "config.yaml:7: `feedback`: `action`: `https://gopy.example.gov.vn;script-src/` không có tên máy chủ hợp lệ",
        ),
    ],
)
def test_a_feedback_setting_that_cannot_work_is_explained(make_site, setting, expected):
    site = make_site({"content/tin-tuc/a.md": NEWS.format(title="Tin A")}, config=BASE_CONFIG + setting)
    result = run_cli_here("check", "--site", str(site))
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr


# --- schema.org JSON-LD ----------------------------------------------------------------------

LEGAL_FORCE = {
    "Còn hiệu lực": "InForce",
    "Hết hiệu lực": "NotInForce",
    "Hết hiệu lực một phần": "PartiallyInForce",
    "Chưa có hiệu lực": "NotInForce",
}


def json_ld(page) -> list[dict]:
    return [json.loads(script.text) for script in page.xpath("//script[@type='application/ld+json']")]


def of_type(page, kind: str) -> list[dict]:
    return [data for data in json_ld(page) if data.get("@type") == kind]


def facts(page) -> dict[str, str]:
    return {text_of(row.xpath("dt")[0]): text_of(row.xpath("dd")[0]) for row in page.xpath("//dl[@class='facts']/div")}


def document_md(number: str, day: str, extra: str = "") -> str:
    return f"---\ntitle: Văn bản {number}\nnumber: {number}\ndoc_type: Quyết định\nissuer: UBND tỉnh Thử nghiệm\ndate: {day}\n{extra}---\nNội dung.\n"


def assert_legislation_matches_the_page(page, config_jurisdiction: str = "VN") -> dict:
    (law,) = of_type(page, "Legislation")
    shown = facts(page)
    assert law["@context"] == "https://schema.org"
    assert law["name"] == text_of(page.xpath("//h1")[0])
    assert law["legislationIdentifier"] == shown["Số ký hiệu"]
    assert law["legislationType"] == shown["Loại văn bản"]
    assert datetime.fromisoformat(law["legislationDate"]).strftime("%d/%m/%Y") == shown["Ngày ban hành"]
    assert law["legislationLegalForce"] == "https://schema.org/" + LEGAL_FORCE[shown["Tình trạng"]]
    assert law["legislationJurisdiction"] == config_jurisdiction
    assert law["legislationPassedBy"] == {"@type": "GovernmentOrganization", "name": shown["Cơ quan ban hành"]}
    assert law["publisher"]["@type"] == "GovernmentOrganization"
    return law


def test_each_documents_legislation_json_ld_matches_its_number_date_and_status(make_site):
    site = make_site(
        {
            "content/van-ban/a.md": document_md("01/2024/QĐ-UBND", "2024-01-05"),
            "content/van-ban/b.md": document_md("02/2020/QĐ-UBND", "2020-03-01", "expires: 2025-12-31\n"),
            "content/van-ban/c.md": document_md("03/2026/QĐ-UBND", "2026-11-01", "effective: 2027-01-01\n"),
            "content/van-ban/d.md": document_md("04/2019/QĐ-UBND", "2019-06-10", "status: het-hieu-luc-mot-phan\n"),
        },
        config=BASE_CONFIG + "jurisdiction: Tỉnh Thử nghiệm\n",
    )
    result = build_site(site)
    assert result.ok, messages(result)
    forces = {}
    for slug in "abcd":
        law = assert_legislation_matches_the_page(page_tree(site, f"van-ban/{slug}"), "Tỉnh Thử nghiệm")
        forces[slug] = law["legislationLegalForce"].rsplit("/", 1)[-1]
    assert forces == {"a": "InForce", "b": "NotInForce", "c": "NotInForce", "d": "PartiallyInForce"}
    assert of_type(page_tree(site, "van-ban/c"), "Legislation")[0]["legislationDateOfApplicability"] == "2027-01-01"


def test_json_ld_on_the_demo_is_consistent_with_every_page(built_demo):
    site, result = built_demo
    assert result.ok
    documents = [r.url for r in result.routes.all if r.template == "document.html"]
    assert len(documents) >= 5
    for url in documents:
        assert_legislation_matches_the_page(page_tree(site, url.strip("/")))
    for path in html_files(site):
        if path.name == "index.html" and path.parent.name != "admin":
            page = html.fromstring(path.read_bytes())
            trail = [text_of(li) for li in page.xpath("//nav[@class='breadcrumbs']//li")]
            crumbs = of_type(page, "BreadcrumbList")
            assert len(crumbs) == (1 if trail else 0), path
            if trail:
                items = crumbs[0]["itemListElement"]
                assert [item["name"] for item in items] == trail, path
                assert [item["position"] for item in items] == list(range(1, len(trail) + 1))
                canonical = page.xpath("string(//link[@rel='canonical']/@href)")
                assert canonical.startswith(items[-1]["item"]), path  # a list's later pages may lead to its first
    home = page_tree(site, "")
    (agency,) = of_type(home, "GovernmentOrganization")
    assert agency["name"] == "Sở Tư pháp tỉnh Hưng Yên" and agency["contactPoint"]["telephone"] == "0221 3 555 868"
    procedure = page_tree(site, "thu-tuc/dang-ky-khai-sinh")
    assert of_type(procedure, "GovernmentService")[0]["identifier"] == facts(procedure)["Mã thủ tục"]


def test_text_in_json_ld_cannot_close_its_script(make_site):
    title = 'Quyết định </script><script>alert("x")</script> & <b>'
    site = make_site(
        {
            "content/van-ban/a.md": document_md("01/2024/QĐ-UBND", "2024-01-05").replace(
                "title: Văn bản 01/2024/QĐ-UBND", f"title: '{title}'"
            )
        }
    )
    assert build_site(site).ok
    raw = (site / "public/van-ban/a/index.html").read_text(encoding="utf-8")
    assert '<script>alert("x")' not in raw
    assert of_type(html.fromstring(raw), "Legislation")[0]["name"] == title
