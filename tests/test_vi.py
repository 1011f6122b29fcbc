"""Vietnamese text as officers and citizens expect it."""

from datetime import date, datetime

import pytest

from cchcsite import vi
from cchcsite.content.kinds import News
from cchcsite.schema import field_specs

from .conftest import build_site, messages


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


def test_every_pillar_an_officer_may_write_shows_its_vietnamese_name_and_has_its_page(make_site):
    """Each value `pillar:` accepts is named in Vietnamese under the news title and on its own /tru-cot/ page."""
    accepted = list(field_specs(News)["pillar"].type.options)
    assert accepted == list(vi.PILLARS)
    site = make_site(
        {f"content/tin-tuc/{slug}.md": f"---\ntitle: Tin {slug}\ndate: 2024-07-15\npillar: {slug}\n---\nNội dung.\n" for slug in accepted}
    )
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    for slug in accepted:
        label = vi.PILLARS[slug]
        news = (site / f"public/tin-tuc/{slug}/index.html").read_text(encoding="utf-8")
        assert f'<a href="../../tru-cot/{slug}/">{label}</a>' in news, slug
        assert f"<h1>{label}</h1>" in (site / f"public/tru-cot/{slug}/index.html").read_text(encoding="utf-8"), slug
