""" "Nộp hồ sơ ở đâu" on procedures imported from national records into a province site: the
commune's and the police's procedures never send people to the site's own office; the site's own
agency's procedures still do; another department's come from its unit file."""

from __future__ import annotations

import copy
import json

import pytest
from lxml import html as lxml_html

from cchcsite.content.receiving import COMMUNE_DESK, where_to_submit

from .conftest import build_site, run_cli_here, write_site
from .portal_records import ALCOHOL_LICENCE, BIRTH, CRIMINAL_RECORD, RESIDENCE, VISA

CONFIG = """\
title: Cải cách hành chính
organization: Sở Tư pháp tỉnh Hưng Yên
base_url: https://example.gov.vn/cchc/
contact:
  address: Số 437 đường Nguyễn Văn Linh, phường Phố Hiến
  hours: Sáng 7h00–11h30, chiều 13h30–17h00
"""
SITE_ADDRESS = "Số 437 đường Nguyễn Văn Linh"
UNIT = """\
---
title: Sở Công Thương
code: H21.17
unit_type: so-nganh
address: Số 2 đường Trần Phú, phường Pleiku
hours: Sáng 7h30–11h30, thứ Hai đến thứ Sáu
phone: 0269 3 822 123
---
"""
COMMUNE = """\
---
title: UBND xã Chơ Long
code: H21.227
unit_type: xa-phuong
address: Thôn 1, xã Chơ Long
---
"""


def own_agency_record() -> dict:
    """The Sở's own procedure, without a receiving address of its own."""
    record = copy.deepcopy(CRIMINAL_RECORD)
    record.pop("dossierReceivingAddresses")
    return record


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("receiving")
    site = write_site(
        root / "site",
        {
            "content/_index.md": "---\ntitle: Cải cách hành chính\n---\n",
            "content/lien-he.md": "---\ntitle: Liên hệ\n---\nĐịa chỉ.\n",
            "content/don-vi/so-cong-thuong.md": UNIT,
            "content/don-vi/ubnd-xa-cho-long.md": COMMUNE,
        },
        CONFIG,
    )
    records = root / "ho-so.json"
    records.write_text(json.dumps([BIRTH, RESIDENCE, own_agency_record(), ALCOHOL_LICENCE, VISA], ensure_ascii=False), encoding="utf-8")
    result = run_cli_here("import", "procedures", "--site", str(site), str(records))
    assert result.returncode == 0, result.stderr
    built = build_site(site)
    assert built.ok, [str(p) for p in built.report.errors]
    return site, built


def block(site, slug: str) -> tuple[str, list[str]]:
    """The "Nộp hồ sơ ở đâu" block's words and its links, as a reader gets them."""
    tree = lxml_html.parse(str(site / "public/thu-tuc" / slug / "index.html")).getroot()
    found = tree.xpath("//section[.//h2[@id='nop-ho-so-o-dau']]")
    assert found, "no Nộp hồ sơ ở đâu block"
    assert tree.xpath("//nav[contains(@class,'toc')]//a[@href='#nop-ho-so-o-dau']"), "the page's contents do not link the block"
    return " ".join(" ".join(found[0].itertext()).split()), found[0].xpath(".//a/@href")


def summary(built, slug: str) -> str:
    page = next(p for p in built.site.pages.values() if p.slug == slug)
    return where_to_submit(built.site, page).summary


def test_a_commune_procedure_sends_people_to_their_own_commune_and_the_unit_list(imported):
    site, built = imported
    words, links = block(site, "dang-ky-khai-sinh")
    assert COMMUNE_DESK in words and SITE_ADDRESS not in words
    assert "../../don-vi/" in links
    assert summary(built, "dang-ky-khai-sinh") == COMMUNE_DESK


def test_a_commune_police_procedure_names_the_police_and_never_the_site_or_the_commune_desk(imported):
    site, built = imported
    words, _ = block(site, "dang-ky-thuong-tru")
    assert "Công an cấp xã" in words  # "cấp Xã" as the record writes it, in the site's spelling
    assert "Hãy liên hệ Công an cấp xã" in words
    assert SITE_ADDRESS not in words and COMMUNE_DESK not in words
    assert summary(built, "dang-ky-thuong-tru").startswith("Công an cấp xã")


def test_the_sites_own_agency_procedure_still_shows_the_sites_counter(imported):
    site, built = imported
    words, links = block(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam")
    assert SITE_ADDRESS in words and "Sáng 7h00–11h30, chiều 13h30–17h00" in words
    assert "../../lien-he/" in links
    assert summary(built, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam") == f"Sở Tư pháp tỉnh Hưng Yên, {SITE_ADDRESS}, phường Phố Hiến"


def test_another_departments_procedure_shows_its_unit_address_and_hours(imported):
    site, built = imported
    words, links = block(site, "cap-giay-phep-ban-buon-san-pham-ruou")
    assert "Số 2 đường Trần Phú, phường Pleiku" in words and "Sáng 7h30–11h30" in words and "0269 3 822 123" in words
    assert "../../don-vi/so-cong-thuong/" in links
    assert SITE_ADDRESS not in words
    assert summary(built, "cap-giay-phep-ban-buon-san-pham-ruou") == "Sở Công Thương, Số 2 đường Trần Phú, phường Pleiku"


def test_a_body_the_site_does_not_know_is_named_with_advice_to_ask_it(imported):
    site, _ = imported
    words, _ = block(site, "cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te")
    assert "Cục Quản lý xuất nhập cảnh" in words and "Hãy liên hệ" in words and SITE_ADDRESS not in words


def test_the_procedures_own_receiving_address_comes_first(tmp_path):
    site = write_site(tmp_path / "site", {"content/don-vi/so-cong-thuong.md": UNIT}, CONFIG)
    record = copy.deepcopy(ALCOHOL_LICENCE)
    record["dossierReceivingAddresses"] = "Trung tâm Phục vụ hành chính công tỉnh, số 69 Hùng Vương"
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run_cli_here("import", "procedures", "--site", str(site), str(tmp_path / "r.json")).returncode == 0
    assert build_site(site).ok
    words, _ = block(site, "cap-giay-phep-ban-buon-san-pham-ruou")
    assert words == "Nộp hồ sơ ở đâu Trung tâm Phục vụ hành chính công tỉnh, số 69 Hùng Vương"


def test_a_communes_own_site_shows_its_own_counter_for_commune_procedures(tmp_path):
    """On UBND xã Chơ Long's site, "Ủy ban nhân dân xã" is the site's own agency."""
    config = CONFIG.replace("Sở Tư pháp tỉnh Hưng Yên", "UBND xã Chơ Long").replace(SITE_ADDRESS, "Thôn 1, xã Chơ Long")
    site = write_site(tmp_path / "site", {}, config)
    (tmp_path / "r.json").write_text(json.dumps([BIRTH, RESIDENCE], ensure_ascii=False), encoding="utf-8")
    assert run_cli_here("import", "procedures", "--site", str(site), str(tmp_path / "r.json")).returncode == 0
    assert build_site(site).ok
    assert "Thôn 1, xã Chơ Long" in block(site, "dang-ky-khai-sinh")[0]
    assert "Thôn 1, xã Chơ Long" not in block(site, "dang-ky-thuong-tru")[0]  # the commune police receive those
