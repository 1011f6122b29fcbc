"""The procedure catalogue as a citizen sees it: a real site built from the sample CSV
(tests/fixtures/thu-tuc-mau.csv, imported with `cchcsite import procedures`)."""

from __future__ import annotations

import csv
import html as htmllib
import io
import json
import re
from pathlib import Path

import pytest

from .conftest import BASE_CONFIG, PROCEDURE, build_site, check_site, messages, run_cli_here, write_site
from .htmlrefs import parse, resolve

SAMPLE = Path(__file__).parent / "fixtures/thu-tuc-mau.csv"
CONFIG = BASE_CONFIG + "public_service_url: https://dichvucong.example.gov.vn/dvc?ma={code}\nper_page: 5\n"
DOCUMENT_61 = """\
---
title: Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính
number: 61/2018/NĐ-CP
doc_type: Nghị định
issuer: Chính phủ
date: 2018-04-23
effective: 2018-06-21
---
Nội dung.
"""


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    """The sample catalogue imported into a site and built: (site folder, output folder, build result)."""
    site = write_site(tmp_path_factory.mktemp("catalogue") / "site", {"content/van-ban/nghi-dinh-61-2018.md": DOCUMENT_61}, CONFIG)
    imported = run_cli_here("import", "procedures", "--site", str(site), str(SAMPLE))
    assert imported.returncode == 0, imported.stderr
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    return site, site / "public", result


def page_text(out: Path, url: str) -> str:
    """The visible text of a page's main content, whitespace collapsed."""
    raw = (out / url.strip("/") / "index.html").read_text(encoding="utf-8")
    main = raw[raw.index("<main") : raw.index("</main>")]
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def read(out: Path, url: str) -> str:
    return (out / url.strip("/") / "index.html").read_text(encoding="utf-8")


def rows_of(page_html: str) -> list[str]:
    """Procedure codes in the catalogue tables of a page, in order."""
    return re.findall(r'<td data-label="Mã">([^<]+)</td>', page_html)


def sample_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"))))


def test_the_sample_has_at_least_20_realistic_procedures():
    rows = sample_rows()
    assert len(rows) >= 20
    assert len({r["Mã thủ tục"] for r in rows}) == len(rows)
    assert {r["Mức độ"] for r in rows} >= {"Mức độ 4", "Mức độ 3", "Toàn trình", "Một phần", "Không"}


def test_catalogue_counts_per_online_level_are_computed_from_the_content(catalogue):
    _, out, _ = catalogue
    text = page_text(out, "/thu-tuc/")
    # 22 rows, one abolished; the legacy "Mức độ 4" / "Mức độ 3" rows count as toàn trình / một phần
    assert "21 thủ tục: 8 toàn trình, 8 một phần, 5 chưa có dịch vụ công trực tuyến." in text
    assert "Hộ tịch (8 thủ tục)" in text and "Chứng thực (3 thủ tục)" in text
    assert "Lĩnh vực Hộ tịch" in page_text(out, "/thu-tuc/linh-vuc/ho-tich/")
    assert "8 thủ tục: 4 toàn trình, 4 một phần." in page_text(out, "/thu-tuc/linh-vuc/ho-tich/")


def test_catalogue_rows_show_what_a_citizen_scans(catalogue):
    _, out, _ = catalogue
    html = read(out, "/thu-tuc/")
    row = html[html.index('<td data-label="Mã">2.000884</td>') :].split("</tr>", 1)[0]
    for text in [
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Cấp xã",
        "Không",
        "Trong ngày cơ quan, tổ chức tiếp nhận yêu cầu",
        "10.000 đ/trường hợp",  # an amount alone, written short
    ]:
        assert text in row, text
    assert '<td data-label="Phí, lệ phí">' in row  # stacked on a phone with its label


def test_procedure_page_shows_fees_with_exemptions_durations_and_papers_verbatim(catalogue):
    _, out, _ = catalogue
    text = page_text(out, "/thu-tuc/dang-ky-khai-sinh/")
    assert (
        "Miễn lệ phí đăng ký khai sinh đúng hạn, người thuộc gia đình có công với cách mạng; người thuộc hộ nghèo; "
        "người khuyết tật. Đăng ký khai sinh quá hạn: 8.000 đồng/trường hợp"
    ) in text
    assert "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết được ngay" in text
    html = read(out, "/thu-tuc/dang-ky-khai-sinh/")
    papers = html[html.index(">Thành phần hồ sơ</h2>") : html.index("<h2>Đối tượng thực hiện</h2>")]
    assert (
        '<td data-label="Tên giấy tờ">1. Tờ khai đăng ký khai sinh theo mẫu</td><td data-label="Bản chính">1</td><td data-label="Bản sao">0</td>'
        in papers
    )
    assert "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh" in papers
    channels = html[html.index(">Cách thức thực hiện</h2>") : html.index(">Thành phần hồ sơ</h2>")]
    assert [m for m in re.findall(r'<th scope="row" data-label="Hình thức nộp">([^<]+)</th>', channels)] == [
        "Trực tiếp",
        "Trực tuyến",
        "Dịch vụ bưu chính",
    ]
    steps = html[html.index('<ol class="steps">') : html.index("</ol>", html.index('<ol class="steps">'))]
    assert steps.count("<li>") == 3


def test_the_summary_box_gives_a_long_fee_by_its_amount_and_the_table_gives_it_whole(catalogue):
    site, out, _ = catalogue
    path = site / "content/thu-tuc/cap-ban-sao-trich-luc-ho-tich.md"
    assert path.is_file()
    html = read(out, "/thu-tuc/cap-ban-sao-trich-luc-ho-tich/")
    box = html[html.index('class="summary-box"') : html.index("</section>", html.index('class="summary-box"'))]
    assert "<dd>Ngay trong ngày tiếp nhận yêu cầu</dd>" in box
    assert "<dd>8.000 đ/bản sao (có trường hợp được miễn)</dd>" in box
    table = html.split('id="cach-thuc-thuc-hien"', 1)[1].split("</table>", 1)[0]
    assert "8.000 đồng/bản sao trích lục/sự kiện hộ tịch; miễn phí khi cấp bản sao trích lục điện tử qua Cổng Dịch vụ công" in table


def test_online_link_uses_the_portal_with_the_procedure_code(catalogue):
    _, out, _ = catalogue
    html = read(out, "/thu-tuc/dang-ky-khai-tu/")
    assert '<a class="button button-submit" href="https://dichvucong.example.gov.vn/dvc?ma=1.000656">Nộp hồ sơ trực tuyến' in html
    assert 'Nộp hồ sơ trực tuyến<span class="submit-where"> trên dichvucong.example.gov.vn</span></a>' in html  # which portal it opens
    no_online = read(out, "/thu-tuc/chung-thuc-chu-ky-trong-cac-giay-to-van-ban/")
    assert "button-submit" not in no_online
    assert "Thủ tục này chưa nộp được trực tuyến; hãy nộp trực tiếp tại Ủy ban nhân dân cấp xã." in page_text(
        out, "/thu-tuc/chung-thuc-chu-ky-trong-cac-giay-to-van-ban/"
    )


def test_an_own_online_url_wins_over_the_portal(make_site):
    own = PROCEDURE.replace("legal_basis:", "online_url: https://dichvucong.gov.vn/p/home/dvc-tthc.html?ma_thu_tuc=1.001193\nlegal_basis:")
    site = make_site({"content/thu-tuc/dang-ky-khai-sinh.md": own}, config=CONFIG)
    assert build_site(site, search=False).ok
    html = (site / "public/thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert 'href="https://dichvucong.gov.vn/p/home/dvc-tthc.html?ma_thu_tuc=1.001193">Nộp hồ sơ trực tuyến' in html
    assert "dichvucong.example.gov.vn" not in html


def test_the_sites_portal_is_a_fallback_linked_as_configured_never_with_a_made_up_parameter(make_site):
    config = BASE_CONFIG + "public_service_url: https://dichvucong.hungyen.gov.vn/\n"
    imported = PROCEDURE.replace("legal_basis:", "portal_id: 019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7\nlegal_basis:")
    other = PROCEDURE.replace('"1.001193"', '"1.000656"').replace("Đăng ký khai sinh", "Đăng ký khai tử")
    site = make_site({"content/thu-tuc/dang-ky-khai-sinh.md": imported, "content/thu-tuc/dang-ky-khai-tu.md": other}, config=config)
    assert build_site(site, search=False).ok
    own = (site / "public/thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert 'href="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7">Nộp hồ sơ trực tuyến' in own
    fallback = (site / "public/thu-tuc/dang-ky-khai-tu/index.html").read_text(encoding="utf-8")
    assert (
        'href="https://dichvucong.hungyen.gov.vn/">Nộp hồ sơ trực tuyến<span class="submit-where"> trên dichvucong.hungyen.gov.vn</span>'
        in fallback
    )
    assert "ma_thu_tuc" not in fallback and "Trên Cổng, tìm thủ tục theo mã 1.000656." in fallback


def test_abolished_procedure_stays_reachable_with_a_banner_and_its_replacement(catalogue):
    _, out, _ = catalogue
    url = "/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh-giay-to-do-co-quan-co-tham-quyen-cua-nuoc-ngoai/"
    html = read(out, url)
    text = page_text(out, url)
    assert "Thủ tục này đã bị bãi bỏ theo Quyết định 1568/QĐ-UBND" in text
    replacement = re.search(r'Thủ tục thay thế: <a href="([^"]+)">([^<]+)</a>', html)
    assert replacement and replacement[2].startswith(
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam"
    )
    target = resolve(out, out / url.strip("/") / "index.html", replacement[1])
    assert (
        target == out / "thu-tuc/chung-thuc-ban-sao-tu-ban-chinh-giay-to-van-ban-do-co-quan-to-chuc-co-tham/index.html" and target.is_file()
    )
    assert "Nộp hồ sơ trực tuyến" not in html
    for listing in ["/thu-tuc/", "/thu-tuc/linh-vuc/chung-thuc/", "/thu-tuc/cap/huyen/", "/thu-tuc/muc-do/khong/"]:
        if (out / listing.strip("/") / "index.html").is_file():
            assert "2.000815.000.00.00.H31" not in rows_of(read(out, listing)), listing
    assert not (out / "thu-tuc/cap/huyen/index.html").exists()  # its only procedure is abolished: no empty filter


def test_amended_procedure_is_flagged_in_the_list_and_on_its_page(catalogue):
    _, out, _ = catalogue
    html = read(out, "/thu-tuc/")
    row = html[html.index('<td data-label="Mã">2.000488.000.00.00.H31</td>') :].split("</tr>", 1)[0]
    assert '<span class="badge badge-amended">Sửa đổi, bổ sung (426/QĐ-UBND)</span>' in row
    assert "Thủ tục này đã được sửa đổi, bổ sung theo Quyết định 426/QĐ-UBND." in page_text(
        out, "/thu-tuc/cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam-nguoi-nuoc-ngoai-dang-cu-tru/"
    )


def test_filter_pages_by_level_and_online_level_work_without_javascript(catalogue):
    _, out, result = catalogue
    current = [p for p in result.site.pages.values() if p.kind == "procedure" and p.data.status != "bai-bo"]
    province = sorted(p.data.code for p in current if "tinh" in p.data.level)
    assert sorted(rows_of(read(out, "/thu-tuc/cap/tinh/"))) == province and len(province) == 10
    full = sorted(p.data.code for p in current if p.data.online == "toan-trinh")
    assert sorted(rows_of(read(out, "/thu-tuc/muc-do/toan-trinh/"))) == full and len(full) == 8
    assert "8 thủ tục: 8 toàn trình, 0 một phần." in page_text(out, "/thu-tuc/muc-do/toan-trinh/")
    catalogue_page = out / "thu-tuc/index.html"
    links = {ref for tag, attr, ref in parse(catalogue_page.read_text(encoding="utf-8")).refs if tag == "a"}
    for target in ["cap/tinh/", "cap/xa/", "muc-do/toan-trinh/", "muc-do/mot-phan/", "muc-do/khong/", "linh-vuc/ho-tich/"]:
        assert target in links, target
        assert resolve(out, catalogue_page, target).is_file()
    body = read(out, "/thu-tuc/cap/tinh/").split("</head>", 1)[1]
    assert "<script" not in re.sub(r'<script type="application/ld\+json">.*?</script>', "", body)  # JSON-LD is data, never run


def test_a_filter_page_is_paginated_and_its_counts_cover_every_page(make_site):
    files = {
        f"content/thu-tuc/thu-tuc-{n}.md": PROCEDURE.replace("1.001193", f"1.{n:06d}").replace("Đăng ký khai sinh", f"Thủ tục số {n}")
        for n in range(1, 53)
    }
    site = make_site(files, config=CONFIG)
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    out = site / "public"
    first, second = read(out, "/thu-tuc/cap/xa/"), read(out, "/thu-tuc/cap/xa/trang/2/")
    assert len(rows_of(first)) == 50 and len(rows_of(second)) == 2
    assert "52 thủ tục: 52 toàn trình, 0 một phần." in page_text(out, "/thu-tuc/cap/xa/trang/2/")


def test_legal_basis_links_to_the_sites_document(catalogue):
    _, out, _ = catalogue
    html = read(out, "/thu-tuc/cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam-nguoi-nuoc-ngoai-dang-cu-tru/")
    link = re.search(r'<a href="([^"]+)" data-print-url="([^"]+)">61/2018/NĐ-CP</a>', html)
    assert link and link[1] == "../../van-ban/nghi-dinh-61-2018/"
    assert link[2] == "https://example.gov.vn/cchc/van-ban/nghi-dinh-61-2018/"  # printed after the link
    assert "28/2009/QH12 – Luật Lý lịch tư pháp số 28/2009/QH12 ngày 17/6/2009, ngày 17/06/2009" in page_text(
        out, "/thu-tuc/cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam-nguoi-nuoc-ngoai-dang-cu-tru/"
    )


@pytest.mark.parametrize("spelled", ["61/2018/ND-CP", "61/2018/nđ-cp", "61/2018/NĐ - CP", "61 /2018/NĐCP"])
def test_a_legal_basis_number_spelled_differently_is_a_warning_with_the_suggestion(make_site, spelled):
    procedure = PROCEDURE.replace("  - number: 60/2014/QH13\n", f"  - number: {spelled}\n")
    site = make_site({"content/thu-tuc/dang-ky-khai-sinh.md": procedure, "content/van-ban/nd-61.md": DOCUMENT_61})
    result = build_site(site, search=False)
    assert result.ok
    warnings = [str(w) for w in result.report.warnings]
    line = procedure.split("\n").index(f"  - number: {spelled}") + 1
    assert warnings == [
        (
            f"content/thu-tuc/dang-ky-khai-sinh.md:{line}: cảnh báo: `legal_basis`: số ký hiệu `{spelled}` gần giống văn bản `61/2018/NĐ-CP` "
            "của trang (content/van-ban/nd-61.md) nhưng viết khác nên không liên kết được; có phải `61/2018/NĐ-CP`?"
        )
    ]


def test_an_exact_or_unrelated_legal_basis_number_is_not_warned(make_site):
    exact = PROCEDURE.replace("  - number: 60/2014/QH13\n", "  - number: 61/2018/NĐ-CP\n  - number: 62/2018/ND-CP\n")
    site = make_site({"content/thu-tuc/dang-ky-khai-sinh.md": exact, "content/van-ban/nd-61.md": DOCUMENT_61})
    result = build_site(site, search=False)
    assert result.ok and result.report.warnings == []


def test_duplicate_code_is_an_error_naming_both_files(make_site):
    other = PROCEDURE.replace("Đăng ký khai sinh", "Đăng ký khai sinh lưu động")
    site = make_site({"content/thu-tuc/a.md": PROCEDURE, "content/thu-tuc/b.md": other})
    result = build_site(site, search=False)
    assert not result.ok
    found = messages(result)
    assert any(m.startswith("content/thu-tuc/b.md:3:") and "content/thu-tuc/a.md" in m for m in found), found
    assert any(m.startswith("content/thu-tuc/a.md:3:") and "content/thu-tuc/b.md" in m for m in found), found


def test_a_replacement_that_does_not_exist_is_a_warning(make_site):
    gone = PROCEDURE.replace("online: toan-trinh", "online: toan-trinh\nstatus: bai-bo\nreplaced_by: 1.999999")
    site = make_site({"content/thu-tuc/a.md": gone})
    result = build_site(site, search=False)
    assert result.ok
    assert any("`replaced_by`: không có thủ tục nào mang mã hoặc đường dẫn `1.999999`" in m for m in messages(result))
    text = page_text(site / "public", "/thu-tuc/a/")
    assert "Thủ tục này đã bị bãi bỏ" in text and "Xem các thủ tục đang áp dụng tại danh mục thủ tục hành chính" in text


def test_government_service_json_ld(catalogue):
    _, out, _ = catalogue
    html = read(out, "/thu-tuc/dang-ky-khai-tu/")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)[1])
    assert data["@type"] == "GovernmentService" and data["identifier"] == "1.000656" and data["name"] == "Đăng ký khai tử"
    assert data["provider"] == {"@type": "GovernmentOrganization", "name": "Ủy ban nhân dân cấp xã"}
    assert data["availableChannel"]["serviceUrl"] == "https://dichvucong.example.gov.vn/dvc?ma=1.000656"


def test_open_data_json_has_every_field_under_its_front_matter_name(catalogue):
    _, out, _ = catalogue
    records = json.loads((out / "du-lieu/thu-tuc.json").read_text(encoding="utf-8"))
    assert len(records) == 22  # abolished ones too, with their status
    by_code = {r["code"]: r for r in records}
    birth = by_code["1.001193"]
    from cchcsite.content.kinds import Procedure
    from cchcsite.schema import field_specs

    assert set(field_specs(Procedure)) | {"title", "url", "summary", "tags", "updated", "changes"} == set(birth)
    assert birth["online"] == "toan-trinh" and birth["level"] == ["xa"]
    assert birth["channels"][2]["mode"] == "buu-chinh"
    assert birth["channels"][0]["fee"].endswith("Đăng ký khai sinh quá hạn: 8.000 đồng/trường hợp")
    assert birth["documents"][0] == {"name": "Tờ khai đăng ký khai sinh theo mẫu", "original": 1, "copy": 0, "form": "", "case": ""}
    assert birth["legal_basis"][1]["number"] == "123/2015/NĐ-CP" and birth["legal_basis"][1]["date"] == "2015-11-15"
    assert birth["url"] == "https://example.gov.vn/cchc/thu-tuc/dang-ky-khai-sinh/"
    assert by_code["2.000815.000.00.00.H31"]["status"] == "bai-bo"


def test_open_data_csv_is_utf8_with_bom_one_row_per_procedure_lists_joined(catalogue):
    _, out, _ = catalogue
    raw = (out / "du-lieu/thu-tuc.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 22
    row = next(r for r in rows if r["code"] == "1.000656")
    assert row["title"] == "Đăng ký khai tử"
    assert row["applicants"] == "Người thân thích của người chết | Cơ quan, tổ chức"
    assert row["steps"].count(" | ") == 2
    assert row["channels"].startswith("mode=truc-tiep; duration=Ngay trong ngày tiếp nhận hồ sơ")
    assert row["channels"].count(" | ") == 2


def test_procedure_page_carries_print_and_phone_hooks(catalogue):
    """The page's print source line and the stacked-table labels the CSS relies on (checked in Chromium by hand, see README)."""
    _, out, _ = catalogue
    html = read(out, "/thu-tuc/dang-ky-khai-sinh/")
    # no update date in the file, no decision document on the site: the date the information stands at
    assert (
        '<p class="print-source">Nguồn: Sở Thử nghiệm tỉnh Hưng Yên – https://example.gov.vn/cchc/thu-tuc/dang-ky-khai-sinh/ (thông tin tại ngày 23/11/2026)'
        in html
    )
    assert html.count('<table class="stack') == 2
    css = next((out / "assets").glob("site.*.css")).read_text(encoding="utf-8")
    assert "table.stack td[data-label]::before" in css and "@page { size: A4" in css


def test_the_catalogue_stays_bounded_a_big_field_links_to_its_own_page(make_site):
    files = {
        f"content/thu-tuc/thu-tuc-{n}.md": PROCEDURE.replace("1.001193", f"1.{n:06d}").replace("Đăng ký khai sinh", f"Thủ tục số {n}")
        for n in range(1, 31)
    }
    site = make_site(files, config=CONFIG)
    assert build_site(site, search=False).ok
    out = site / "public"
    html = read(out, "/thu-tuc/")
    assert len(rows_of(html)) == 25
    assert '<a href="linh-vuc/ho-tich/">Xem đủ 30 thủ tục lĩnh vực Hộ tịch</a>' in html
    assert "30 thủ tục: 30 toàn trình, 0 một phần." in page_text(out, "/thu-tuc/")
    assert len(rows_of(read(out, "/thu-tuc/linh-vuc/ho-tich/"))) == 30


def test_procedure_page_links_its_decision_names_its_portal_and_has_a_table_of_contents(built_demo):
    """Issue 14: a procedure page a citizen can act on, as built from the demo site."""
    site, result = built_demo
    assert result.ok, messages(result)
    page = (site / "public/thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert '<dt>Quyết định công bố</dt><dd><a href="../../van-ban/quyet-dinh-1568-qd-ubnd-2025/">1568/QĐ-UBND</a>' in page
    assert '<span class="submit-where"> trên Cổng Dịch vụ công quốc gia</span>' in page
    assert '<h2 id="tren-trang-nay" class="toc-title">Trên trang này</h2>' in page
    for anchor in ("trinh-tu-thuc-hien", "cach-thuc-thuc-hien", "thanh-phan-ho-so", "can-cu-phap-ly"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    # a long fee text (one per channel, the same amounts): its amounts in the summary, which links to the table
    lltp = (site / "public/thu-tuc/cap-phieu-ly-lich-tu-phap/index.html").read_text(encoding="utf-8")
    summary = lltp.split('class="summary-box"', 1)[1].split("</section>", 1)[0]
    assert 'href="#cach-thuc-thuc-hien"' in summary
    assert "<dd>200.000 đ/lần/người, 100.000 đ/lần/người, 5.000 đ/Phiếu (có trường hợp được miễn)</dd>" in summary
    # the same long time limit for every channel: its first clause in the summary, once whole in the table ("Như trên" below it)
    duration = result.site.pages["content/thu-tuc/dang-ky-khai-sinh.md"].data.channels[0].duration
    assert len(duration) > 100 and page.count(duration) == 1 and "<dd>Ngay trong ngày tiếp nhận hồ sơ…</dd>" in page
    channels = page.split('id="cach-thuc-thuc-hien"', 1)[1].split("</table>", 1)[0]
    assert channels.count('<span class="same-as-above">Như trên</span>') >= 2
    # abolished procedures: not counted on the home page, labelled in lists
    current = len(result.site.current_procedures)
    assert current < len(result.site.by_kind["procedure"])
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert f"<p>{current} thủ tục:" in home


def test_check_warns_when_an_abolished_procedures_notes_cite_another_decision(make_site):
    abolished = PROCEDURE.replace("online: toan-trinh\n", "online: toan-trinh\nstatus: bai-bo\ndecision: 2035/QĐ-UBND\n")
    site = make_site(
        {
            "content/thu-tuc/a.md": abolished + "\nThủ tục đã bãi bỏ theo Quyết định số 1568/QĐ-UBND.\n",
            "content/thu-tuc/b.md": abolished.replace('"1.001193"', '"1.001194"').replace("Đăng ký khai sinh", "Đăng ký khai tử")
            + "\nThủ tục đã bãi bỏ theo Quyết định số 2035/QĐ-UBND.\n",
        }
    )
    result = check_site(site)
    found = [str(p) for p in result.report.warnings if "`decision:" in str(p)]
    assert len(found) == 1 and found[0].startswith("content/thu-tuc/a.md:") and "(1568/QĐ-UBND)" in found[0], messages(result)
