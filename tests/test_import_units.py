"""`cchcsite import don-vi`: unit files from the portal's 766 data and from a province's own list
(CSV saved by Excel, XLSX with a title row); a second import keeps what the officer wrote."""

from __future__ import annotations

import json

import yaml

from . import portal_766
from .conftest import build_site, messages, run_cli_here, write_site

CONFIG = """\
title: Cải cách hành chính
organization: UBND tỉnh Gia Lai
base_url: https://example.gov.vn/cchc/
"""
LIST_CSV = (
    "Tên đơn vị;Mã đơn vị;Loại đơn vị;Địa chỉ;Giờ tiếp nhận;Điện thoại;Hình thành từ;Ngày sáp nhập;Ghi chú nội bộ\r\n"
    'UBND Xã Chơ Long - Gia Lai;H21.227;Xã;Thôn 1, xã Chơ Long;Sáng 7h30–11h30;0269 3 822 123;"UBND xã Ia Kreng; UBND xã Đak Sơmei";01/07/2025;x\r\n'
    "Sở Công Thương;H21.17;Sở, ngành;Số 2 Trần Phú;;;;;\r\n"
    "Trung tâm Phục vụ hành chính công tỉnh;;;Số 69 Hùng Vương;Sáng 7h00–11h30;;;;\r\n"
    ";H21.300;Xã;;;;;;\r\n"
    "UBND phường Hoài Nhơn Bắc;H21-230;;;;;;;\r\n"
)


def front(path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]), text.split("---\n", 2)[2]


def test_a_provinces_csv_list_makes_unit_files_with_counters_and_old_names(tmp_path):
    site = write_site(tmp_path / "site", {}, CONFIG)
    listing = tmp_path / "don-vi.csv"
    listing.write_bytes(b"\xef\xbb\xbf" + LIST_CSV.encode("utf-8"))  # as Excel saves "CSV UTF-8" with a Vietnamese list separator
    result = run_cli_here("import", "don-vi", "--site", str(site), str(listing))
    assert result.returncode == 1  # two rows could not be used
    assert "don-vi.csv:1: cảnh báo: bỏ qua các cột không nhận ra: `Ghi chú nội bộ`" in result.stderr
    assert "don-vi.csv:5: dòng 5: thiếu tên đơn vị" in result.stderr
    assert "don-vi.csv:6: dòng 6: mã đơn vị `H21-230` không đúng dạng" in result.stderr
    commune, body = front(site / "content/don-vi/ubnd-xa-cho-long.md")
    assert commune == {
        "title": "UBND xã Chơ Long",
        "code": "H21.227",
        "unit_type": "xa-phuong",
        "address": "Thôn 1, xã Chơ Long",
        "hours": "Sáng 7h30–11h30",
        "phone": "0269 3 822 123",
        "merged_from": [{"name": "UBND xã Ia Kreng", "date": "2025-07-01"}, {"name": "UBND xã Đak Sơmei", "date": "2025-07-01"}],
    }
    assert body == ""
    assert front(site / "content/don-vi/so-cong-thuong.md")[0]["unit_type"] == "so-nganh"
    assert front(site / "content/don-vi/trung-tam-phuc-vu-hanh-chinh-cong-tinh.md")[0]["unit_type"] == "mot-cua"  # from its name
    assert build_site(site, search=False).ok


def test_old_names_on_separate_lines_each_with_a_date(tmp_path):
    site = write_site(tmp_path / "site", {}, CONFIG)
    listing = tmp_path / "don-vi.csv"
    listing.write_text(
        'Tên đơn vị,Hình thành từ\nUBND xã Chơ Long,"UBND xã Ia Kreng (01/07/2025)\nUBND xã Đak Sơmei (1/7/2025)"\n', encoding="utf-8"
    )
    assert run_cli_here("import", "don-vi", "--site", str(site), str(listing)).returncode == 0
    assert front(site / "content/don-vi/ubnd-xa-cho-long.md")[0]["merged_from"] == [
        {"name": "UBND xã Ia Kreng", "date": "2025-07-01"},
        {"name": "UBND xã Đak Sơmei", "date": "2025-07-01"},
    ]


def test_an_xlsx_list_with_a_title_row_above_its_header(tmp_path):
    import openpyxl

    site = write_site(tmp_path / "site", {}, CONFIG)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CƠ QUAN, ĐƠN VỊ TIẾP NHẬN HỒ SƠ"])
    sheet.append([])
    sheet.append(["STT", "Tên cơ quan", "Mã định danh", "Địa chỉ tiếp nhận hồ sơ", "Thư điện tử"])
    sheet.append([1, "Sở Tư pháp", "H21.18", "Số 5 Lê Lợi", "stp@gialai.gov.vn"])
    book.save(tmp_path / "don-vi.xlsx")
    result = run_cli_here("import", "don-vi", "--site", str(site), str(tmp_path / "don-vi.xlsx"))
    assert result.returncode == 0, result.stderr
    assert front(site / "content/don-vi/so-tu-phap.md")[0] == {
        "title": "Sở Tư pháp",
        "code": "H21.18",
        "unit_type": "so-nganh",
        "address": "Số 5 Lê Lợi",
        "email": "stp@gialai.gov.vn",
    }


def test_importing_again_keeps_what_the_officer_wrote_and_fills_only_blanks(tmp_path):
    site = write_site(tmp_path / "site", {}, CONFIG)
    communes = tmp_path / "xa.json"
    communes.write_text(json.dumps(portal_766.snapshot_file("10/10/2026", "communes"), ensure_ascii=False), encoding="utf-8")
    assert run_cli_here("import", "don-vi", "--site", str(site), str(communes)).returncode == 0
    target = site / "content/don-vi/ubnd-xa-cho-long.md"
    assert front(target)[0] == {"title": "UBND xã Chơ Long", "code": "H21.227", "unit_type": "xa-phuong"}
    # the commune's officer writes its counter and a text, and renames it as the commune spells itself
    edited = target.read_text(encoding="utf-8").replace("title: UBND xã Chơ Long", "title: UBND xã Chơ Long (Gia Lai)")
    edited = edited.replace("unit_type: xa-phuong\n", "unit_type: xa-phuong\naddress: Thôn 3, xã Chơ Long\nhours: Sáng 7h00–11h00\n")
    target.write_text(edited + "\nBộ phận Một cửa ở tầng 1 nhà B.\n", encoding="utf-8")
    before = target.read_bytes()
    again = run_cli_here("import", "don-vi", "--site", str(site), str(communes))
    assert again.returncode == 0 and target.read_bytes() == before
    assert "không đổi 6" in again.stdout
    listing = tmp_path / "don-vi.csv"
    listing.write_text("Tên đơn vị,Mã đơn vị,Địa chỉ,Điện thoại\nUBND xã Chơ Long,H21.227,Địa chỉ khác,0269 3 999 999\n", encoding="utf-8")
    filled = run_cli_here("import", "don-vi", "--site", str(site), str(listing))
    assert filled.returncode == 0
    assert "H21.227: thêm điện thoại" in filled.stdout and "cập nhật 1" in filled.stdout
    values, body = front(target)
    assert (
        values["address"] == "Thôn 3, xã Chơ Long"
        and values["phone"] == "0269 3 999 999"
        and values["title"] == "UBND xã Chơ Long (Gia Lai)"
    )
    assert body.strip() == "Bộ phận Một cửa ở tầng 1 nhà B."
    names = run_cli_here("import", "don-vi", "--site", str(site), str(communes))
    assert "tên trên Cổng là “UBND xã Chơ Long”, trên trang là “UBND xã Chơ Long (Gia Lai)”: giữ tên trên trang" in names.stderr


def test_a_file_that_is_no_unit_list_is_refused_and_nothing_written(tmp_path):
    site = write_site(tmp_path / "site", {}, CONFIG)
    other = tmp_path / "khac.json"
    other.write_text(json.dumps({"items": [1, 2]}), encoding="utf-8")
    result = run_cli_here("import", "don-vi", "--site", str(site), str(other))
    assert result.returncode == 1 and "khac.json:1: không phải số liệu Bộ chỉ số 766" in result.stderr
    assert not (site / "content/don-vi").exists()
    built = build_site(site, search=False)
    assert built.ok, messages(built)
