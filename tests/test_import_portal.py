"""The national portal's own detail records, imported through the real CLI and read back on the built pages."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from .conftest import run_cli_here, text_of, write_site
from .portal_records import BIRTH, BROKEN, CRIMINAL_RECORD, VISA

CONFIG = """\
title: Cải cách hành chính
organization: Sở Tư pháp tỉnh Thử nghiệm
base_url: https://example.gov.vn/cchc/
contact:
  address: Số 1 đường Thử Nghiệm, phường Hiến Nam
  hours: Sáng 7h00–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu
"""
SITE = {
    "content/_index.md": "---\ntitle: Cải cách hành chính\n---\nGiới thiệu.\n",
    "content/lien-he.md": "---\ntitle: Liên hệ\n---\nĐịa chỉ và giờ tiếp nhận.\n",
    "content/van-ban/nghi-dinh-118-2025.md": (
        "---\ntitle: Thực hiện thủ tục hành chính theo cơ chế một cửa\nnumber: 118/2025/NĐ-CP\ndoc_type: Nghị định\n"
        "issuer: Chính phủ\ndate: 2025-06-09\n---\nToàn văn.\n"
    ),
}


def dump(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def words_of(node) -> str:
    """Text with a space between elements (list items read as separate words)."""
    return " ".join(" ".join(node.itertext()).split())


class Built:
    """One built procedure page, read as a citizen's browser would."""

    def __init__(self, path: Path):
        self.html = path.read_text(encoding="utf-8")
        self.tree = lxml_html.fromstring(self.html)
        self.text = text_of(self.tree.xpath("//main")[0] if self.tree.xpath("//main") else self.tree)

    def fact(self, label: str) -> str:
        found = self.tree.xpath(f"//dt[normalize-space()='{label}']/following-sibling::dd[1]")
        assert found, f"no fact {label}"
        return text_of(found[0])

    def section(self, heading: str) -> str:
        """Text from an h2 to the next h2."""
        h2 = self.tree.xpath(f"//h2[normalize-space()='{heading}']")
        assert h2, f"no heading {heading}"
        parts, node = [], h2[0].getnext()
        while node is not None and node.tag != "h2" and "print-source" not in (node.get("class") or ""):
            parts.append(words_of(node))
            node = node.getnext()
        if not parts:  # heading wrapped in its own section
            return words_of(h2[0].getparent())
        return " ".join(parts)

    def rows(self, table_class: str) -> list[list[str]]:
        return [
            [text_of(c) for c in row.xpath("./th|./td")] for row in self.tree.xpath(f"//table[contains(@class,'{table_class}')]/tbody/tr")
        ]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Records in every shape the portal serves them: `{"data": ...}`, a list (with one unusable record), a folder."""
    root = tmp_path_factory.mktemp("portal")
    site = write_site(root / "site", SITE, CONFIG)
    single = dump(root / "tai-ve/ly-lich-tu-phap.json", {"data": CRIMINAL_RECORD})
    listed = dump(root / "tai-ve/danh-sach.json", [{"data": BIRTH}, BROKEN])
    folder = root / "tai-ve/bo"
    dump(folder / "thi-thuc.json", VISA)
    (folder / "ghi-chu.txt").write_text("không phải hồ sơ", encoding="utf-8")
    result = run_cli_here("import", "procedures", "--site", str(site), str(single), str(listed), str(folder))
    built = run_cli_here("build", "--site", str(site), "--no-search")
    return site, result, built


def page(site: Path, slug: str) -> Built:
    return Built(site / "public/thu-tuc" / slug / "index.html")


def test_portal_records_import_and_the_site_builds_without_errors(imported):
    site, result, built = imported
    assert result.returncode == 1, result.stderr  # one record skipped
    assert "tạo mới 3" in result.stdout + result.stderr and "không nhập được 1" in result.stderr
    assert "danh-sach.json:2: mục 2 (mã 1.000999): hồ sơ không có Tên thủ tục (`name`)" in result.stderr
    assert "Thành phần hồ sơ (`executionCases[].profileComponents`)" in result.stderr
    assert built.returncode == 0, built.stderr
    assert "0 cảnh báo" in built.stdout
    names = sorted(p.name for p in (site / "content/thu-tuc").glob("*.md"))
    assert names == [
        "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam.md",
        "cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te.md",
        "dang-ky-khai-sinh.md",
    ]


def test_the_main_facts_of_a_province_record(imported):
    site, *_ = imported
    p = page(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam")
    assert p.tree.xpath("string(//h1)") == "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"  # tab, double and trailing spaces gone
    assert p.fact("Mã thủ tục") == "1.013133.000.00.00.H31"
    # decisionNo "", the proposal's number, with its date (epoch milliseconds, a Vietnamese day) and issuer
    assert p.fact("Quyết định công bố") == "1234/QĐ-UBND ngày 15/03/2026 của UBND tỉnh Hưng Yên"
    assert p.fact("Cấp thực hiện") == "Cấp tỉnh"
    assert p.fact("Loại thủ tục") == "TTHC do Bộ, cơ quan, địa phương quy định"
    assert p.fact("Lĩnh vực") == "Lý lịch tư pháp"  # no `category`: categoriesDetails
    assert p.fact("Dịch vụ công trực tuyến") == "Một phần"  # an ONLINE method, not full process
    assert p.fact("Cơ quan thực hiện") == "Sở Tư pháp tỉnh Hưng Yên"  # only in unitGroupsExecuting
    assert p.fact("Cơ quan có thẩm quyền") == "Giám đốc Sở Tư pháp"
    assert p.fact("Cơ quan được ủy quyền") == "Công an tỉnh Hưng Yên"
    assert p.fact("Cơ quan phối hợp") == "Cục Hồ sơ nghiệp vụ, Bộ Công an"
    assert p.section("Đối tượng thực hiện") == "Công dân Việt Nam Người nước ngoài"  # repeated subject once
    assert p.section("Kết quả thực hiện") == "PHIẾU LÝ LỊCH TƯ PHÁP"  # verbatim, capitals kept
    assert p.section("Yêu cầu, điều kiện thực hiện") == "không"
    # an address typed over three lines keeps its lines
    where = p.tree.xpath("//section[contains(concat(' ', @class, ' '), ' receiving ')]//p")[0]
    assert [" ".join(line.split()) for line in where.itertext() if line.strip()] == [
        "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên,",
        "số 10 đường Chùa Chuông, phường Hiến Nam.",
        "Điện thoại: 0221 3 555 555",
    ]
    assert len(where.xpath(".//br")) == 2


def test_one_step_block_becomes_one_step_each_with_its_text(imported):
    site, *_ = imported
    p = page(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam")
    steps = p.tree.xpath("//ol[contains(@class,'steps')]/li")
    assert [text_of(s) for s in steps] == [
        "Cá nhân chuẩn bị hồ sơ và nộp tại Trung tâm: Nộp trực tiếp; Nộp qua dịch vụ bưu chính.",
        "Công chức kiểm tra hồ sơ, cấp giấy hẹn.",
        "Trả kết quả theo giấy hẹn.",
    ]
    assert [text_of(li) for li in steps[0].xpath(".//ul/li")] == [
        "Nộp trực tiếp;",
        "Nộp qua dịch vụ bưu chính.",
    ]  # "- " bullets stay a list
    assert "Bước 1" not in p.section("Trình tự thực hiện")  # the list numbers them


def test_channels_keep_times_and_fees_verbatim(imported):
    site, *_ = imported
    p = page(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam")
    fee = "200.000 đồng. Miễn phí đối với trẻ em, người cao tuổi, người khuyết tật."
    assert p.rows("channels") == [
        ["Trực tiếp", "10 ngày làm việc", fee, ""],  # the same fee listed twice for this method: once
        # unit OTHER → the method's own description; the same fee as the row above is written once ("Như trên")
        ["Trực tuyến", "Không quá 10 ngày làm việc; trường hợp phải xác minh thì không quá 15 ngày làm việc.", "Như trên", ""],
        # fees: [] → nothing claimed, and the citizen told so
        ["Dịch vụ bưu chính", "10 ngày làm việc", "Chưa có thông tin phí, lệ phí — hỏi cơ quan thực hiện",
         "Qua dịch vụ bưu chính công ích:Gửi hồ sơ kèm bản chụp Căn cước;Nhận kết quả tại địa chỉ đã đăng ký."],
    ]  # fmt: skip
    # a channel note's "+" lines stay a list below its first line
    note = p.tree.xpath("//table[contains(@class,'channels')]/tbody/tr[3]/td[3]")[0]
    assert note.text.strip() == "Qua dịch vụ bưu chính công ích:"
    assert [text_of(li) for li in note.xpath("./ul/li")] == ["Gửi hồ sơ kèm bản chụp Căn cước;", "Nhận kết quả tại địa chỉ đã đăng ký."]
    assert not re.search(r"(?<![0-9])0 ngày", p.text)
    # the first screen: the amount and that some are exempt; the way without a fee said so
    assert p.fact("Phí, lệ phí") == "Trực tiếp, trực tuyến 200.000 đ (có trường hợp được miễn) · Bưu chính: chưa có thông tin"

    birth = page(site, "dang-ky-khai-sinh")
    assert birth.fact("Dịch vụ công trực tuyến") == "Toàn trình"  # isFullProcess
    assert birth.rows("channels") == [
        ["Trực tiếp", "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
         "Theo quy định của Bộ trưởng Bộ Tài chính", ""],  # value 0 with a description: never "free"
        ["Trực tuyến", "01 ngày làm việc", "Không thu phí", "Nộp trên Cổng Dịch vụ công quốc gia"],  # value 0, no description: free, as the record says
    ]  # fmt: skip

    visa = page(site, "cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te")
    assert visa.fact("Cấp thực hiện") == "Cấp bộ"
    assert visa.fact("Loại thủ tục") == "TTHC được luật giao quy định chi tiết"
    assert visa.fact("Dịch vụ công trực tuyến") == "Không"  # no ONLINE method
    assert visa.rows("channels") == [
        ["Trực tiếp", "05 ngày làm việc", "25 USD/chiếc; Không quy định.", ""],
        ["Dịch vụ bưu chính", "Như trên", "Như trên", ""],  # the same time and USD fee as the row above: written once
        ["Trực tiếp", "02 giờ", "10 USD", "Trường hợp khẩn cấp"],  # a USD fee stays USD
    ]
    assert "đồng" not in visa.section("Cách thức thực hiện")


def test_papers_by_case_with_counts_and_the_portals_form_links(imported):
    site, *_ = imported
    p = page(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam")
    assert p.rows("papers") == [
        ["1. Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu", "1", "0", "Tải mẫu (Word)"],
        ["2. Bản chụp Căn cước", "0", "1", ""],
    ]
    links = p.tree.xpath("//table[contains(@class,'papers')]//a/@href")
    assert links == ["https://dichvucong.gov.vn/upload/2026/03/to-khai-lltp-03a.docx"]  # the record's filePath, no made-up name
    birth = page(site, "dang-ky-khai-sinh")
    cases = [text_of(h) for h in birth.tree.xpath("//h2[normalize-space()='Thành phần hồ sơ']/following-sibling::h3")]
    assert cases[:2] == ["Trường hợp có Giấy chứng sinh", "Trường hợp không có Giấy chứng sinh"]
    assert birth.tree.xpath("//table[contains(@class,'papers')]//a/@href") == ["https://dichvucong.gov.vn/p/file/bieu-mau/tokhai-ks.docx"]


def test_legal_basis_numbers_cleaned_merged_and_linked(imported):
    site, *_ = imported
    p = page(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam")
    items = [text_of(li) for li in p.tree.xpath("//ul[contains(@class,'legal-basis')]/li")]
    assert items == [
        "32/2026/NĐ-CP – Quy định chi tiết Luật Lý lịch tư pháp, ngày 10/02/2026",  # "số …" gone, listed twice: once
        "118/2025/NĐ-CP – về thực hiện thủ tục hành chính theo cơ chế một cửa, ngày 09/06/2025",  # cut-off "NĐ-C" completed
        "70/2026/TT-BCA – Quy định biểu mẫu lý lịch tư pháp",
        "146/2025 – nghị định 146/2025",  # no type in the record: not invented
        "66.18/2026/NQ-CP – Nghị quyết số 66.18/2026/NQ-CP ngày 01/3/2026 của Chính phủ về cắt giảm thủ tục, ngày 01/03/2026",
    ]
    linked = p.tree.xpath("//ul[contains(@class,'legal-basis')]/li/a")
    assert [text_of(a) for a in linked] == ["118/2025/NĐ-CP"]
    assert linked[0].get("href").endswith("van-ban/nghi-dinh-118-2025/")


def test_nfd_text_is_stored_and_shown_composed(imported):
    site, *_ = imported
    stored = (site / "content/thu-tuc/dang-ky-khai-sinh.md").read_text(encoding="utf-8")
    assert stored == unicodedata.normalize("NFC", stored) and "\t" not in stored
    birth = page(site, "dang-ky-khai-sinh")
    assert birth.tree.xpath("string(//h1)") == "Đăng ký khai sinh"
    assert birth.fact("Lĩnh vực") == "Hộ tịch"
    steps = birth.tree.xpath("//ol[contains(@class,'steps')]/li")
    assert [text_of(s) for s in steps] == [
        "Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa; hoặc nộp trực tuyến.",  # the label line "Trình tự thực hiện:" left out
        "Công chức tư pháp - hộ tịch kiểm tra hồ sơ.",
    ]
    assert [text_of(li) for li in steps[0].xpath("./ul/li")] == ["Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa;", "hoặc nộp trực tuyến."]


def test_a_commune_record_without_a_receiving_address_sends_citizens_to_their_commune_not_to_the_site(imported):
    """The ward-level record names "Ủy ban nhân dân xã": the papers go to the citizen's own commune,
    never to the Sở whose site publishes it (tests/test_receiving.py holds every rule)."""
    site, *_ = imported
    where = page(site, "dang-ky-khai-sinh").section("Nộp hồ sơ ở đâu")
    assert "Bộ phận Một cửa của UBND xã, phường nơi cư trú" in where
    assert "Số 1 đường Thử Nghiệm" not in where and "Sáng 7h00" not in where


def test_update_twice_on_unchanged_records_changes_no_byte_and_a_changed_fee_is_reported(tmp_path):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    source = dump(tmp_path / "ho-so.json", {"data": CRIMINAL_RECORD})
    assert run_cli_here("import", "procedures", "--site", str(site), str(source)).returncode == 0
    target = site / "content/thu-tuc/cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam.md"
    # The officer adds a summary, tags and local notes, and keeps the file wherever the CMS put it.
    text = target.read_text(encoding="utf-8").replace(
        "---\ncode:", "---\nsummary: Xin Phiếu lý lịch tư pháp.\ntags: [Lý lịch tư pháp]\ncode:", 1
    )
    target.write_text(text + "\nGhi chú của Sở: mang theo bản chính để đối chiếu.\n", encoding="utf-8")
    before = target.read_bytes()
    for _ in range(2):
        again = run_cli_here("import", "procedures", "--update", "--site", str(site), str(source))
        assert again.returncode == 0, again.stderr
        assert "không đổi 1" in again.stdout and "cập nhật 0" in again.stdout
        assert target.read_bytes() == before
    changed = copy.deepcopy(CRIMINAL_RECORD)
    changed["executionMethods"][0]["fees"] = [{"type": "FEE", "value": 100000, "currencyName": "VND", "description": ""}]
    changed["executionCases"][0]["profileComponents"].append({"name": "Văn bản ủy quyền", "originalQty": 1, "copyQty": 0})
    changed["dossierReceivingAddresses"] = ""
    dump(source, {"data": changed})
    result = run_cli_here("import", "procedures", "--update", "--site", str(site), str(source))
    assert result.returncode == 0, result.stderr
    assert "1.013133.000.00.00.H31: phí, lệ phí thay đổi; thêm 1 giấy tờ; bỏ địa chỉ tiếp nhận hồ sơ" in result.stdout
    after = target.read_text(encoding="utf-8")
    front = yaml.safe_load(after.split("---\n")[1])
    assert front["summary"] == "Xin Phiếu lý lịch tư pháp." and front["tags"] == ["Lý lịch tư pháp"]
    assert front["channels"][0]["fee"] == "100.000 đồng" and "receiving_address" not in front
    assert after.endswith("\nGhi chú của Sở: mang theo bản chính để đối chiếu.\n")
    assert run_cli_here("check", "--site", str(site)).returncode == 0


def test_sections_decide_where_procedures_go(tmp_path):
    site = write_site(tmp_path / "site", SITE, CONFIG + "sections:\n  thu-tuc-hanh-chinh: procedure\n")
    source = dump(tmp_path / "ho-so.json", [VISA])
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 0, result.stderr
    assert (site / "content/thu-tuc-hanh-chinh/cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te.md").is_file()
    assert not (site / "content/thu-tuc").exists()
    assert run_cli_here("check", "--site", str(site)).returncode == 0


def test_files_that_are_not_records_get_a_clear_message_and_the_rest_imports(tmp_path):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    word = tmp_path / "thu-tuc.docx"
    word.write_bytes(b"PK\x03\x04 not really a document")
    other = dump(tmp_path / "khac.json", {"status": "ok", "items": 3})
    broken = tmp_path / "hong.json"
    broken.write_text('{"data": {"code": "1.001193", ', encoding="utf-8")
    good = dump(tmp_path / "tot.json", {"data": VISA})
    result = run_cli_here("import", "procedures", "--site", str(site), str(word), str(other), str(broken), str(good))
    assert result.returncode == 1
    assert "thu-tuc.docx:1: không nhập được tệp `.docx`: chỉ nhận tệp JSON" in result.stderr
    assert "khac.json:1: JSON này không phải hồ sơ thủ tục (`items`, `status`)" in result.stderr
    assert "hong.json:1: JSON không đọc được ở dòng 1" in result.stderr
    assert "tạo mới 1" in result.stderr and "không nhập được 3" in result.stderr
    assert [p.name for p in (site / "content/thu-tuc").glob("*.md")] == ["cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hong.json", "khac.json", "site", "thu-tuc.docx", "tot.json"]


def xlsx(path: Path, rows: list[list]) -> Path:
    """A workbook as an officer saves it from Excel (built with openpyxl itself: no network, no template)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_list_imports_like_the_same_csv(tmp_path):
    import csv

    from .conftest import SAMPLE

    with open(SAMPLE, encoding="utf-8-sig", newline="") as sample:
        rows = list(csv.reader(sample))
    rows[1][0] = 1.001193  # a code Excel turned into a number keeps its digits
    source = xlsx(tmp_path / "danh-sach.xlsx", rows)
    site = write_site(tmp_path / "site", SITE, CONFIG)
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 0, result.stderr
    assert "tạo mới 22" in result.stdout
    birth = yaml.safe_load((site / "content/thu-tuc/dang-ky-khai-sinh.md").read_text(encoding="utf-8").split("---\n")[1])
    assert birth["code"] == "1.001193" and birth["online"] == "toan-trinh"
    assert [c["mode"] for c in birth["channels"]] == ["truc-tiep", "truc-tuyen", "buu-chinh"]
    assert run_cli_here("check", "--site", str(site)).returncode == 0


def test_numbers_excel_typed_as_numbers_read_as_the_officer_typed_them(tmp_path):
    """A code Excel stored as the number 1.00011 lost its last zero (1.000110); any other number keeps
    its own digits (a time limit of 1.5 days is "1.5", never "1.500000")."""
    header = ["Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Mức độ", "Trình tự thực hiện", "Cách thức thực hiện",
              "Thời hạn giải quyết", "Thành phần hồ sơ", "Đối tượng thực hiện", "Cơ quan thực hiện", "Kết quả thực hiện", "Căn cứ pháp lý"]  # fmt: skip
    row = [1.00011, "Đăng ký khai tử", "Hộ tịch", "Cấp xã", "Mức độ 2", "Nộp tờ khai", "Trực tiếp", 1.5, "Tờ khai", "Người thân",
           "UBND cấp xã", "Trích lục khai tử", "Luật Hộ tịch số 60/2014/QH13 ngày 20 tháng 11 năm 2014"]  # fmt: skip
    source = xlsx(tmp_path / "ds.xlsx", [header, row])
    site = write_site(tmp_path / "site", SITE, CONFIG)
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 0, result.stderr
    death = yaml.safe_load((site / "content/thu-tuc/dang-ky-khai-tu.md").read_text(encoding="utf-8").split("---\n")[1])
    assert death["code"] == "1.000110" and death["channels"] == [{"mode": "truc-tiep", "duration": "1.5"}]
    assert death["legal_basis"] == [{"number": "60/2014/QH13", "title": row[-1], "date": "2014-11-20"}]


def portal_list(path: Path, codes_and_names: list[tuple[str, str]]) -> Path:
    """The portal's list export: a title row, then Mã số, Tên, Cơ quan ban hành, Cơ quan thực hiện, Lĩnh vực;
    cells of several lines, names ending in a space, agencies repeated on two lines."""
    rows = [["DANH SÁCH THỦ TỤC HÀNH CHÍNH", None, None, None, None], ["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"]]
    for code, name in codes_and_names:
        rows.append([code, name + " ", "UBND tỉnh Hưng Yên\nUBND tỉnh Hưng Yên", "Sở Tư pháp\nSở Tư pháp", "Hộ tịch"])
    return xlsx(path, rows)


def test_the_portals_list_reconciles_with_the_site(imported, tmp_path):
    site, *_ = imported  # 1.013133.000.00.00.H31, 1.001193, 2.000806
    listing = portal_list(
        tmp_path / "danh-sach-tthc.xlsx",
        [("1.001193", "Đăng ký khai sinh"), ("1.000894\n", "Đăng ký kết hôn"), ("1.013133.000.00.00.H31", "Cấp Phiếu lý lịch tư pháp"),
         ("2.002000", "Chứng thực chữ ký")],
    )  # fmt: skip
    before = sorted(p.name for p in (site / "content/thu-tuc").iterdir())
    result = run_cli_here("import", "procedures", "--compare", "--site", str(site), str(listing))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Đối chiếu danh sách danh-sach-tthc.xlsx (4 thủ tục) với trang (3 thủ tục):"
    assert lines[1:4] == ["Trang còn thiếu 2 thủ tục có trong danh sách:", "  1.000894 – Đăng ký kết hôn", "  2.002000 – Chứng thực chữ ký"]
    assert lines[4:] == [
        "Trang có 1 thủ tục không có trong danh sách:",
        "  2.000806 – Cấp thị thực cho người nước ngoài tại cửa khẩu quốc tế (cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te.md)",
    ]
    assert sorted(p.name for p in (site / "content/thu-tuc").iterdir()) == before  # comparing writes nothing


def test_importing_the_list_export_says_it_cannot_make_pages(tmp_path):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    listing = portal_list(tmp_path / "danh-sach-tthc.xlsx", [("1.001193", "Đăng ký khai sinh")])
    result = run_cli_here("import", "procedures", "--site", str(site), str(listing))
    assert result.returncode == 1
    assert "danh-sach-tthc.xlsx:1: tệp này là danh sách thủ tục (Mã số, Tên, Cơ quan, Lĩnh vực): không đủ để tạo trang" in result.stderr
    assert "--compare" in result.stderr and not (site / "content/thu-tuc").exists()


def test_a_local_code_of_a_procedure_the_site_has_under_its_national_code_is_pointed_out(tmp_path):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    national = dump(tmp_path / "quoc-gia.json", {"data": BIRTH})
    assert run_cli_here("import", "procedures", "--site", str(site), str(national)).returncode == 0
    local = copy.deepcopy(BIRTH)
    local["code"] = "1.001193.000.00.00.H31"
    result = run_cli_here("import", "procedures", "--site", str(site), str(dump(tmp_path / "dia-phuong.json", {"data": local})))
    assert result.returncode == 0, result.stderr
    assert "trang đã có thủ tục cùng mã quốc gia 1.001193: 1.001193 (dang-ky-khai-sinh.md)" in result.stderr


def test_a_spreadsheet_column_named_as_the_page_labels_it_fills_the_receiving_address(tmp_path):
    from .conftest import GOOD, HEADER

    site = write_site(tmp_path / "site", SITE, CONFIG)
    source = tmp_path / "ds.csv"
    source.write_text(
        HEADER.rstrip("\n") + ",Địa chỉ tiếp nhận hồ sơ\n" + GOOD.rstrip("\n") + ",Bộ phận Một cửa UBND xã Tân Hưng\n", encoding="utf-8"
    )
    assert run_cli_here("import", "procedures", "--site", str(site), str(source)).returncode == 0
    assert run_cli_here("build", "--site", str(site), "--no-search").returncode == 0
    assert page(site, "dang-ky-khai-tu").section("Nộp hồ sơ ở đâu") == "Bộ phận Một cửa UBND xã Tân Hưng"


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda r: r, id="one record"),
        pytest.param(lambda r: {"data": r}, id="data"),
        pytest.param(lambda r: {"code": 200, "message": "Thành công", "data": r}, id="answer with code and message"),
        pytest.param(lambda r: {"data": json.dumps(r, ensure_ascii=False)}, id="data as JSON text"),
        pytest.param(lambda r: {"data": {"content": [r], "totalElements": 1}}, id="a page of results"),
        pytest.param(lambda r: [{"data": r}], id="list of answers"),
    ],
)
def test_every_shape_the_portal_serves_imports(tmp_path, shape):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    source = dump(tmp_path / "ho-so.json", shape(copy.deepcopy(VISA)))
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (site / "content/thu-tuc").glob("*.md")] == ["cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te.md"]


def test_portal_text_shows_as_typed_not_as_markdown(tmp_path):
    record = copy.deepcopy(VISA)
    record["executionSteps"] = [
        {"name": "", "description": "Bước 1: Nộp tờ khai (*) và ảnh (*) theo [mẫu](/khong-co/).\nBước 2: # Nhận thị thực <b>ngay</b>."}
    ]
    record["requirementsAndConditions"] = "Hộ chiếu còn hạn_trên 6 tháng; *không* thuộc diện cấm nhập cảnh"
    site = write_site(tmp_path / "site", SITE, CONFIG)
    assert run_cli_here("import", "procedures", "--site", str(site), str(dump(tmp_path / "ho-so.json", record))).returncode == 0
    built = run_cli_here("build", "--site", str(site), "--no-search")
    assert built.returncode == 0, built.stderr  # "[mẫu](/khong-co/)" is text, not a broken internal link
    p = page(site, "cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te")
    steps = p.tree.xpath("//ol[contains(@class,'steps')]/li")
    assert [text_of(s) for s in steps] == ["Nộp tờ khai (*) và ảnh (*) theo [mẫu](/khong-co/).", "# Nhận thị thực <b>ngay</b>."]
    assert not p.tree.xpath("//ol[contains(@class,'steps')]//em|//ol[contains(@class,'steps')]//a|//ol[contains(@class,'steps')]//b")
    assert p.section("Yêu cầu, điều kiện thực hiện") == "Hộ chiếu còn hạn_trên 6 tháng; *không* thuộc diện cấm nhập cảnh"


def test_compare_says_which_extra_procedures_are_already_marked_abolished(tmp_path):
    from .conftest import PROCEDURE

    abolished = PROCEDURE.replace('code: "1.001193"', 'code: "1.000001"\nstatus: bai-bo').replace("Đăng ký khai sinh", "Thủ tục cũ")
    site = write_site(tmp_path / "site", {**SITE, "content/thu-tuc/cu.md": abolished, "content/thu-tuc/khai-sinh.md": PROCEDURE}, CONFIG)
    listing = portal_list(tmp_path / "ds.xlsx", [("1.001193", "Đăng ký khai sinh")])
    result = run_cli_here("import", "procedures", "--compare", "--site", str(site), str(listing))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "Trang có 1 thủ tục không có trong danh sách:",
        "  1.000001 – Thủ tục cũ (cu.md, đã ghi bãi bỏ)",
    ]


def front_of(site: Path, slug: str) -> dict:
    return yaml.safe_load((site / f"content/thu-tuc/{slug}.md").read_text(encoding="utf-8").split("---\n")[1])


def test_an_imported_record_links_its_own_page_on_the_national_portal_and_names_it(imported):
    site, *_ = imported
    assert front_of(site, "dang-ky-khai-sinh")["portal_id"] == "019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"
    for slug, record in (("cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam", CRIMINAL_RECORD), ("dang-ky-khai-sinh", BIRTH)):
        (button,) = page(site, slug).tree.xpath("//a[contains(@class,'button-submit')]")
        assert button.get("href") == f"https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{record['id']}"
        assert text_of(button) == "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia"
    visa = page(site, "cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te")  # no ONLINE method, no id
    assert not visa.tree.xpath("//a[contains(@class,'button-submit')]") and "chưa nộp được trực tuyến" in visa.text


def test_how_the_result_is_returned_is_imported_and_shown(imported):
    site, *_ = imported
    birth = page(site, "dang-ky-khai-sinh")
    online = "Trả kết quả trực tuyến: Bản điện tử gửi vào tài khoản của người yêu cầu trên Cổng"
    assert birth.fact("Nhận kết quả") == f"Trả kết quả trực tiếp tại Bộ phận Một cửa; {online}"
    assert [text_of(li) for li in birth.tree.xpath("//ul[@class='delivery']/li")] == ["Trả kết quả trực tiếp tại Bộ phận Một cửa", online]
    lltp = page(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam")
    assert lltp.fact("Nhận kết quả") == "Trực tiếp; Qua dịch vụ bưu chính"  # given as codes
    assert not page(site, "cap-thi-thuc-cho-nguoi-nuoc-ngoai-tai-cua-khau-quoc-te").tree.xpath("//dt[normalize-space()='Nhận kết quả']")


def test_last_update_is_the_records_own_date_else_the_day_of_the_import(imported):
    site, *_ = imported
    assert "Cập nhật lần cuối 22/03/2026" in page(site, "dang-ky-khai-sinh").text  # the record's updatedDate
    assert "Cập nhật lần cuối 23/11/2026" in page(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam").text  # imported that day
    assert front_of(site, "cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam")["keywords"] == ["lý lịch tư pháp", "LLTP", "phiếu lý lịch"]
