"""`cchcsite import procedures FILE [--update]`: CSV/JSON → content files that pass `check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .conftest import BASE_CONFIG, GOOD, HEADER, SAMPLE, build_site, messages, run_cli_here, write_site


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def empty_site(make_site):
    return make_site({"content/_index.md": "---\ntitle: Cải cách hành chính\n---\nGiới thiệu.\n"})


def test_the_sample_csv_imports_to_files_that_pass_check(make_site):
    site = empty_site(make_site)
    result = run_cli_here("import", "procedures", "--site", str(site), str(SAMPLE))
    assert result.returncode == 0, result.stderr
    files = sorted((site / "content/thu-tuc").glob("*.md"))
    assert len(files) == 22
    assert "tạo mới 22 · cập nhật 0 · không đổi 0 · không nhập được 0" in result.stdout
    checked = run_cli_here("check", "--site", str(site))
    assert checked.returncode == 0, checked.stderr
    assert "0 cảnh báo" in checked.stdout
    birth = front(site / "content/thu-tuc/dang-ky-khai-sinh.md")
    assert birth["code"] == "1.001193" and isinstance(birth["code"], str)  # never the float 1.001193
    assert birth["online"] == "toan-trinh"  # "Mức độ 4" in the file
    assert birth["level"] == ["xa"] and [c["mode"] for c in birth["channels"]] == ["truc-tiep", "truc-tuyen", "buu-chinh"]
    assert birth["documents"][0] == {"name": "Tờ khai đăng ký khai sinh theo mẫu", "original": 1, "copy": 0}
    assert birth["legal_basis"][0]["number"] == "60/2014/QH13" and birth["legal_basis"][1]["date"] == "2015-11-15"
    marriage = front(site / "content/thu-tuc/dang-ky-ket-hon.md")
    assert marriage["online"] == "mot-phan"  # "Mức độ 3"
    abolished = front(site / "content/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh-giay-to-do-co-quan-co-tham-quyen-cua-nuoc-ngoai.md")
    assert abolished["status"] == "bai-bo" and abolished["replaced_by"] == "2.000908"
    both = front(site / "content/thu-tuc/cap-ban-sao-trich-luc-ho-tich.md")
    assert both["level"] == ["xa", "tinh"]


def test_import_never_overwrites_without_update(make_site):
    site = empty_site(make_site)
    source = site / "ds.csv"
    source.write_text(HEADER + GOOD, encoding="utf-8")
    assert run_cli_here("import", "procedures", "--site", str(site), str(source)).returncode == 0
    target = site / "content/thu-tuc/dang-ky-khai-tu.md"
    edited = target.read_text(encoding="utf-8").replace("Trích lục khai tử", "Trích lục khai tử (đã sửa tay)")
    target.write_text(edited, encoding="utf-8")
    again = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert again.returncode == 0
    assert target.read_text(encoding="utf-8") == edited
    assert "ds.csv:2: dòng 2: đã có" in again.stderr and "thêm --update để cập nhật" in again.stderr
    updated = run_cli_here("import", "procedures", "--update", "--site", str(site), str(source))
    assert updated.returncode == 0, updated.stderr
    assert "1.000656: kết quả thực hiện thay đổi" in updated.stdout and "(đã sửa tay)" not in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in (site / "content/thu-tuc").glob("*.md")) == ["dang-ky-khai-tu.md"]


def test_update_finds_the_procedure_by_code_whatever_its_file_name(make_site):
    site = empty_site(make_site)
    source = site / "ds.csv"
    source.write_text(HEADER + GOOD, encoding="utf-8")
    assert run_cli_here("import", "procedures", "--site", str(site), str(source)).returncode == 0
    (site / "content/thu-tuc/dang-ky-khai-tu.md").rename(site / "content/thu-tuc/khai-tu.md")
    source.write_text(HEADER + GOOD.replace("Trích lục khai tử", "Trích lục khai tử (bản điện tử)"), encoding="utf-8")
    assert run_cli_here("import", "procedures", "--update", "--site", str(site), str(source)).returncode == 0
    assert sorted(p.name for p in (site / "content/thu-tuc").glob("*.md")) == ["khai-tu.md"]
    assert front(site / "content/thu-tuc/khai-tu.md")["result"] == "Trích lục khai tử (bản điện tử)"


def test_unusable_rows_are_reported_with_row_number_and_reason_and_the_rest_imported(make_site):
    site = empty_site(make_site)
    bad_rows = [
        GOOD,
        GOOD.replace("1.000656,Đăng ký khai tử", ",Đăng ký khai tử lưu động"),  # row 3: no code
        GOOD.replace("1.000656,Đăng ký khai tử", "1.000656,Đăng ký khai tử lần hai"),  # row 4: same code as row 2
        GOOD.replace("1.000656", "1.000110").replace("Toàn trình", "Mức độ 9"),  # row 5: unknown level
        GOOD.replace("1.000656", "1.000111").replace("Cấp xã", "Cấp thôn"),  # row 6: unknown cấp
        GOOD.replace("1.000656", "1.000112").replace("Trực tiếp | Trực tuyến", "Qua điện thoại"),  # row 7: unknown channel
        GOOD.replace("1.000656", "12345"),  # row 8: not a procedure code
        GOOD.replace("1.000656", "1.000113").replace("Tờ khai đăng ký khai tử (1 bản chính)", ""),  # row 9: no papers
    ]
    source = site / "ds.csv"
    source.write_text(HEADER + "".join(bad_rows), encoding="utf-8")
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "không được nhập" in line]
    assert len(lines) == 7, result.stderr
    assert lines[0] == "ds.csv:3: dòng 3: thiếu Mã thủ tục; dòng này không được nhập"
    assert lines[1] == "ds.csv:4: dòng 4: mã thủ tục `1.000656` trùng với dòng 2; dòng này không được nhập"
    assert lines[2].startswith("ds.csv:5: dòng 5: mức độ dịch vụ công trực tuyến `Mức độ 9` không nhận ra")
    assert lines[3].startswith("ds.csv:6: dòng 6: cấp thực hiện `Cấp thôn` không nhận ra")
    assert lines[4].startswith("ds.csv:7: dòng 7: cách thức nộp `Qua điện thoại` không nhận ra")
    assert lines[5].startswith("ds.csv:8: dòng 8: mã thủ tục `12345` không đúng dạng")
    assert lines[6] == "ds.csv:9: dòng 9: thiếu Thành phần hồ sơ; dòng này không được nhập"
    assert "không nhập được 7" in result.stderr
    assert [p.name for p in (site / "content/thu-tuc").glob("*.md")] == ["dang-ky-khai-tu.md"]
    assert run_cli_here("check", "--site", str(site)).returncode == 0


def test_a_row_the_validator_refuses_is_reported_not_written(make_site):
    site = empty_site(make_site)
    source = site / "ds.json"
    item = {"code": "1.000656", "title": "Đăng ký khai tử", "field": "Hộ tịch", "level": "xa", "online": "toan-trinh", "steps": ["Nộp hồ sơ"],
            "channels": [{"mode": "truc-tiep", "duration": "Trong ngày", "fee": "Không"}], "documents": [{"name": "Tờ khai", "original": "một"}],
            "applicants": ["Công dân"], "agency": "UBND cấp xã", "result": "Trích lục", "legal_basis": [{"number": "60/2014/QH13"}]}  # fmt: skip
    source.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 1
    assert "ds.json:1: mục 1 (mã 1.000656): `documents[1].original`: cần một số nguyên, ví dụ `1`; mục này không được nhập" in result.stderr
    assert not (site / "content/thu-tuc").exists() or not list((site / "content/thu-tuc").glob("*.md"))


def test_field_names_json_and_multiline_cells_import_too(make_site):
    site = empty_site(make_site)
    source = site / "ds.csv"
    source.write_text(
        "code;title;field;level;online;steps;channels;documents;applicants;agency;result;legal_basis;requirements\n"
        '2.000908;Chứng thực bản sao từ bản chính;Chứng thực;xa;mot-phan;"Xuất trình bản chính\nNgười thực hiện chứng thực đối chiếu, ghi lời chứng";'
        '"mode=truc-tiep; duration=Trong ngày; fee=2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang | mode=truc-tuyen; duration=Trong ngày; fee=Theo quy định";'
        '"name=Bản chính giấy tờ; original=1; copy=0 | name=Bản sao cần chứng thực; original=0; copy=1";Cá nhân | Tổ chức;UBND cấp xã;Bản sao được chứng thực;'
        '"number=23/2015/NĐ-CP; title=Nghị định về chứng thực; date=2015-02-16";"- Bản chính không bị tẩy xóa\n- Không thuộc giấy tờ bị cấm sao"\n',
        encoding="utf-8",
    )
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 0, result.stderr
    data = front(site / "content/thu-tuc/chung-thuc-ban-sao-tu-ban-chinh.md")
    assert data["steps"] == ["Xuất trình bản chính", "Người thực hiện chứng thực đối chiếu, ghi lời chứng"]
    assert data["channels"][0] == {
        "mode": "truc-tiep",
        "duration": "Trong ngày",
        "fee": "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang",
    }
    assert data["documents"][1] == {"name": "Bản sao cần chứng thực", "original": 0, "copy": 1}
    assert data["legal_basis"] == [{"number": "23/2015/NĐ-CP", "title": "Nghị định về chứng thực", "date": "2015-02-16"}]
    assert data["requirements"] == "- Bản chính không bị tẩy xóa\n- Không thuộc giấy tờ bị cấm sao"
    assert run_cli_here("check", "--site", str(site)).returncode == 0


def test_the_sites_own_open_data_json_imports_back_into_an_equal_catalogue(make_site, tmp_path):
    first = write_site(tmp_path / "first", {}, BASE_CONFIG)
    assert run_cli_here("import", "procedures", "--site", str(first), str(SAMPLE)).returncode == 0
    built = build_site(first, search=False)
    assert built.ok, messages(built)
    second = write_site(tmp_path / "second", {}, BASE_CONFIG)
    result = run_cli_here("import", "procedures", "--site", str(second), str(first / "public/du-lieu/thu-tuc.json"))
    assert result.returncode == 0, result.stderr
    rebuilt = build_site(second, search=False)
    assert rebuilt.ok, messages(rebuilt)
    assert (second / "public/du-lieu/thu-tuc.json").read_text(encoding="utf-8") == (first / "public/du-lieu/thu-tuc.json").read_text(
        encoding="utf-8"
    )


def test_a_file_that_is_not_utf8_is_refused_whole(make_site):
    site = empty_site(make_site)
    source = site / "ds.csv"
    source.write_bytes((HEADER + GOOD).encode("cp1258", errors="replace"))
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 1
    assert "ds.csv:1: tệp không phải UTF-8" in result.stderr and "không nhập gì" in result.stderr
    assert not (site / "content/thu-tuc").exists()


def test_import_needs_an_existing_file(make_site):
    site = empty_site(make_site)
    result = run_cli_here("import", "procedures", "--site", str(site), str(site / "khong-co.csv"))
    assert result.returncode == 2 and "không tìm thấy tệp" in result.stderr
    assert run_cli_here("import", "--help").returncode == 0


def test_row_numbers_are_spreadsheet_rows_even_when_a_cell_spans_lines(make_site):
    site = empty_site(make_site)
    multiline = GOOD.replace("Nộp tờ khai | Trả trích lục", '"Nộp tờ khai\nTrả trích lục"')
    source = site / "ds.csv"
    source.write_text(HEADER + multiline + GOOD.replace("1.000656", "khong-phai-ma"), encoding="utf-8")
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 1
    assert "ds.csv:3: dòng 3: mã thủ tục `khong-phai-ma` không đúng dạng" in result.stderr
    assert front(site / "content/thu-tuc/dang-ky-khai-tu.md")["steps"] == ["Nộp tờ khai", "Trả trích lục"]


def test_a_slug_column_cannot_write_outside_the_procedure_folder(make_site):
    site = empty_site(make_site)
    source = site / "ds.csv"
    source.write_text(HEADER.rstrip("\n") + ",slug\n" + GOOD.rstrip("\n") + ",../../../ngoai\n", encoding="utf-8")
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 1
    assert "ds.csv:2: dòng 2 (mã 1.000656): `slug`: `../../../ngoai` không được chứa" in result.stderr
    assert [p for p in site.parent.rglob("*.md") if p.name != "_index.md"] == []


def test_files_left_as_they_were_are_named_one_way_with_or_without_update(make_site):
    """ "không đổi" is every file the import left as it was; without --update the summary says how to refresh them."""
    site = empty_site(make_site)
    source = site / "ds.csv"
    source.write_text(HEADER + GOOD, encoding="utf-8")
    assert run_cli_here("import", "procedures", "--site", str(site), str(source)).returncode == 0
    again = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert "tạo mới 0 · cập nhật 0 · không đổi 1 (đã có; thêm --update để cập nhật) · không nhập được 0" in again.stdout
    updated = run_cli_here("import", "procedures", "--update", "--site", str(site), str(source))
    assert "tạo mới 0 · cập nhật 0 · không đổi 1 · không nhập được 0" in updated.stdout
    assert "giữ nguyên" not in again.stdout + again.stderr + updated.stdout + updated.stderr


def test_legal_basis_dates_and_numbers_read_as_the_portal_reads_them(make_site):
    """A date in words ("ngày 20 tháng 11 năm 2014") or with dashes, a number with a dot (66.18/2026/NQ-CP):
    the CSV path lost the first and cut the second to 18/2026/NQ-CP."""
    site = empty_site(make_site)
    basis = "Luật Hộ tịch số 60/2014/QH13 ngày 20 tháng 11 năm 2014 | Nghị quyết số 66.18/2026/NQ-CP ngày 05-3-2026 của Chính phủ"
    source = site / "ds.csv"
    source.write_text(
        HEADER.rstrip("\n") + ",Cập nhật\n" + GOOD.replace("Luật Hộ tịch số 60/2014/QH13\n", f"{basis},20.11.2024\n"), encoding="utf-8"
    )
    result = run_cli_here("import", "procedures", "--site", str(site), str(source))
    assert result.returncode == 0, result.stderr
    data = front(site / "content/thu-tuc/dang-ky-khai-tu.md")
    assert [(b["number"], b.get("date")) for b in data["legal_basis"]] == [
        ("60/2014/QH13", "2014-11-20"),
        ("66.18/2026/NQ-CP", "2026-03-05"),
    ]
    assert data["updated"] == "2024-11-20"
    assert run_cli_here("check", "--site", str(site)).returncode == 0


def test_import_takes_the_site_folder_before_or_after_the_source(make_site, tmp_path):
    site = empty_site(make_site)
    source = tmp_path / "ds.csv"
    source.write_text(HEADER + GOOD, encoding="utf-8")
    assert run_cli_here("import", "--site", str(site), "procedures", str(source)).returncode == 0
    assert (site / "content/thu-tuc/dang-ky-khai-tu.md").exists()
    again = run_cli_here("import", "procedures", "--update", str(source), "--site", str(site))
    assert again.returncode == 0 and "không đổi 1" in again.stdout


def test_a_new_source_is_one_module_in_importers_sources(tmp_path, monkeypatch):
    """The extension point `cchcsite import SOURCE`: a module with NAME, HELP, add_arguments and run, nothing else to edit."""
    import sys

    from cchcsite.importers import sources

    (tmp_path / "vi_du.py").write_text(
        'NAME = "vi-du"\nHELP = "nguồn thử"\n\n\ndef add_arguments(parser):\n    parser.add_argument("word")\n\n\n'
        'def run(args):\n    print(f"{args.site} {args.word}")\n    return 0\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(sources, "__path__", [*sources.__path__, str(tmp_path)])
    try:
        listed = run_cli_here("import", "--help")
        assert "vi-du" in listed.stdout and "nguồn thử" in listed.stdout and "procedures" in listed.stdout
        ran = run_cli_here("import", "vi-du", "xin-chao", "--site", "noi-khac")
        assert ran.returncode == 0 and ran.stdout == "noi-khac xin-chao\n"
        (tmp_path / "hong.py").write_text('NAME = "hong"\n', encoding="utf-8")
        with pytest.raises(TypeError, match="hong is an import source without HELP, add_arguments, run"):
            sources.discover()
    finally:
        for name in ("vi_du", "hong"):
            sys.modules.pop(f"{sources.__name__}.{name}", None)
