"""Vietnamese text as officers and citizens expect it."""

from datetime import date, datetime

import pytest

from cchcsite import vi


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Đường dây nóng", "duong-day-nong"),
        ("Thủ tục đăng ký khai sinh", "thu-tuc-dang-ky-khai-sinh"),
        ("ĐẤT ĐAI – Quyết định 01/2024/QĐ-UBND", "dat-dai-quyet-dinh-01-2024-qd-ubnd"),
        ("  Chuyển đổi số!!  ", "chuyen-doi-so"),
        ("Nghị định 61/2018/NĐ-CP", "nghi-dinh-61-2018-nd-cp"),
    ],
)
def test_slugify_strips_marks_and_folds_d(text, slug):
    assert vi.slugify(text) == slug


def test_slugify_handles_nfd_input_from_word_and_macos():
    import unicodedata

    assert vi.slugify(unicodedata.normalize("NFD", "Hộ tịch")) == "ho-tich"


def test_dates_are_day_month_year():
    assert vi.format_date(date(2024, 7, 15)) == "15/07/2024"
    assert vi.format_date(datetime(2024, 8, 5, 23, 30)) == "05/08/2024"


@pytest.mark.parametrize(
    "number, text",
    [(500000, "500.000"), (1234567, "1.234.567"), (86.45, "86,45"), (0, "0"), (100, "100"), (-2500, "-2.500")],
)
def test_numbers_group_thousands_with_dots(number, text):
    assert vi.format_number(number) == text


def test_numbers_with_fixed_decimals_use_a_comma():
    assert vi.format_number(3.2, 2) == "3,20"
    assert vi.format_percent(95.456) == "95,5 %"


def test_every_pillar_has_a_vietnamese_label():
    assert len(vi.PILLARS) == 7
    assert vi.PILLARS["chinh-quyen-so"] == "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"
