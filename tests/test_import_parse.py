"""The one parser every importer shares: số ký hiệu and Vietnamese dates as real files write them."""

from __future__ import annotations

from datetime import date

import pytest

from cchcsite.importers.parse import find_date, legal_basis, legal_number, number_of, parse_date


@pytest.mark.parametrize(
    "written",
    [
        "ngày 20 tháng 11 năm 2014",
        "Ngày 20 Tháng 11 Năm 2014",
        "20 tháng 11 năm 2014",
        "20/11/2014",
        "ngày 20-11-2014",
        "20.11.2014",
        "ngày  20 / 11 / 2014",
        "2014-11-20",
        "ngày\u00a020\u00a0tháng\u00a011\u00a0năm\u00a02014",  # pasted from Word
        "nga\u0300y 20 tha\u0301ng 11 năm 2014",  # decomposed accents (NFD)
        date(2014, 11, 20),
    ],
)
def test_every_way_of_writing_a_date_reads_as_that_date(written):
    assert parse_date(written) == date(2014, 11, 20)


def test_the_portals_epoch_milliseconds_are_a_vietnam_date():
    """`decisionDate` 1416416400000 is midnight of 20/11/2014 in Hà Nội, still the 19th in UTC."""
    assert parse_date(1416416400000) == date(2014, 11, 20)
    assert parse_date("1416416400000") == date(2014, 11, 20)
    assert parse_date(1416416399999) == date(2014, 11, 19)


@pytest.mark.parametrize("not_a_date", ["31/02/2014", "Quý II/2024", "60/2014/QH13", "", None, True, "ngày 20 tháng 13 năm 2014"])
def test_what_is_not_a_date_is_none(not_a_date):
    assert parse_date(not_a_date) is None


def test_a_date_inside_a_legal_text_is_found_only_after_ngay():
    assert find_date("Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ") == date(2015, 11, 15)
    assert find_date("Thông tư 01/2024/TT-BTP ngày 3.1.2024") == date(2024, 1, 3)
    assert find_date("Luật số 60/2014/QH13") is None


@pytest.mark.parametrize(
    ("code", "text", "number"),
    [
        ("số 32/2026/NĐ-CP ", "", "32/2026/NĐ-CP"),
        ("Thông tư số 70/2026/TT-BCA", "", "70/2026/TT-BCA"),
        ("118/2025/NĐ-C", "Nghị định số 118/2025/NĐ-CP: thủ tục một cửa", "118/2025/NĐ-CP"),
        ("nghị định 146/2025", "", "146/2025"),
        ("", "Nghị quyết số 66.18/2026/NQ-CP của Chính phủ", "66.18/2026/NQ-CP"),
        ("Luật Đất đai 2024", "", "Luật Đất đai 2024"),
    ],
)
def test_legal_numbers_are_cleaned_and_completed(code, text, number):
    assert legal_number(code, text) == number


def test_a_legal_basis_as_typed_gives_number_title_and_date():
    assert legal_basis("Nghị định số 23/2015/NĐ-CP ngày 16 tháng 02 năm 2015: Về cấp bản sao") == {
        "number": "23/2015/NĐ-CP",
        "title": "Về cấp bản sao",
        "date": "2015-02-16",
    }
    assert legal_basis("60/2014/QH13") == {"number": "60/2014/QH13"}
    assert legal_basis("") == {}


def test_amounts_as_records_write_them():
    assert [number_of(v) for v in (200000, "05", "0.5", "1,5", "50.000", "", None, "không")] == [200000, 5, 0.5, 1.5, 50000, 0, 0, 0]
