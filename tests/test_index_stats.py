"""Index results and dossier statistics as a citizen sees them on a built site: the derived
figures, the change against the previous year, the charts' accessible names and data, and
the warnings an officer gets (with `path:line`) when the figures are wrong."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from .conftest import NEWS, PROCEDURE, build_site, index_md, messages, stats_md

COMPONENTS = """\
components:
  - name: Cải cách thể chế
    score: 9.5
    max: 10
  - name: Cải cách thủ tục hành chính
    score: 12
    max: 16
"""


SITE = {
    "content/chi-so/par-2022.md": index_md(2022, 80.25, 25, 63),
    "content/chi-so/par-2023.md": index_md(2023, 83.48, 18, 63, COMPONENTS),
    "content/chi-so/par-2024.md": index_md(2024, 81.9, 20, 60),
    "content/chi-so/sipas-2024.md": index_md(2024, 88.1, 3, 20, index="SIPAS", extra="grade: Tốt\n"),
    # Quý I was corrected and re-posted after Quý II: the home page must still show Quý II.
    "content/thong-ke/quy-1-2024.md": stats_md(
        "Kết quả quý I", "2024-01-01", "2024-03-31", "2024-07-20", 12000, 500, 9000, 2900, 100, 500, 9600
    ),
    "content/thong-ke/quy-2-2024.md": stats_md(
        "Kết quả quý II", "2024-04-01", "2024-06-30", "2024-07-05", 14000, 500, 10000, 3800, 200, 500, 11200
    ),
    "content/tin-tuc/tin-moi.md": NEWS.format(title="Công bố Chỉ số cải cách hành chính"),
    "content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from .conftest import write_site

    site = write_site(tmp_path_factory.mktemp("chi-so") / "site", SITE)
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    assert not result.report.warnings, messages(result)
    return site / "public"


def read(out, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """What a reader sees: the page as text, tags and charts out, spaces collapsed."""
    page = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    page = re.sub(r"<head>.*?</head>", " ", page, flags=re.S)
    page = re.sub(r"</?(span|strong|a|small|time|b|em)\b[^>]*>", "", page)  # inline: no break in the text
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def charts_in(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r'<svg class="chart .*?</svg>', page, flags=re.S)]


def name_and_desc(svg: ET.Element) -> tuple[str, str]:
    by_id = {el.get("id"): el.text for el in svg.iter() if el.get("id")}
    return by_id[svg.get("aria-labelledby")], by_id[svg.get("aria-describedby")]


# --- index results -------------------------------------------------------------------------


def test_result_page_shows_score_rank_and_the_change_against_the_previous_year(built):
    text = text_of(read(built, "chi-so/par-2023"))
    assert "83,48/100 điểm" in text
    assert "Xếp thứ 18/63" in text
    assert "Tăng 3,23 điểm, tăng 7 bậc so với năm 2022" in text


def test_a_fall_in_score_and_rank_is_said_plainly_with_the_changed_number_of_units(built):
    text = text_of(read(built, "chi-so/par-2024"))
    assert "Giảm 1,58 điểm, giảm 2 bậc so với năm 2023" in text
    assert "năm 2023 xếp thứ 18/63, năm 2024 xếp thứ 20/60: số đơn vị được xếp hạng khác nhau" in text


def test_first_result_of_a_series_claims_no_change(built):
    text = text_of(read(built, "chi-so/par-2022"))
    assert "so với năm" not in text


def test_component_table_has_a_bar_per_component_and_the_share_reached(built):
    page = read(built, "chi-so/par-2023")
    text = text_of(page)
    assert "Cải cách thể chế 9,5 10 95,0 %" in text
    assert "Cải cách thủ tục hành chính 12 16 75,0 %" in text
    assert "Cộng 21,5 100" in text
    fills = re.findall(r'<rect class="meter-fill" width="([\d.]+)"', page)
    assert fills == ["95", "75"]


def test_series_chart_names_the_series_and_carries_every_year(built):
    page = read(built, "chi-so/par-2023")
    (chart,) = charts_in(page)
    assert chart.get("role") == "img"
    name, desc = name_and_desc(chart)
    assert name == "PAR INDEX – Sở Thử nghiệm: điểm và xếp hạng qua các năm"
    assert desc == "Năm 2022: 80,25 điểm, xếp thứ 25/63. Năm 2023: 83,48 điểm, xếp thứ 18/63. Năm 2024: 81,9 điểm, xếp thứ 20/60."
    assert chart.get("aria-labelledby") == "bieu-do-par-2023-title"  # ids from the page slug
    labels = [el.text for el in chart.iter("text")]
    assert {"80,25", "83,48", "81,9", "25/63", "18/63", "20/60", "2022", "2023", "2024"} <= set(labels)
    rank_y = [float(c.get("cy")) for c in chart.iter("circle") if "chart-rank" in c.get("class")]
    assert rank_y[1] < rank_y[2] < rank_y[0]  # 18th drawn highest, 25th lowest


def test_overview_has_a_card_per_index_with_the_trend_in_words_then_every_result_by_year(built):
    page = read(built, "chi-so")
    text = text_of(page)
    cards = re.findall(r'<article class="card index-card">.*?</article>', page, flags=re.S)
    assert [re.search(r">([^<]+)</a></h3>", card).group(1) for card in cards] == ["PAR INDEX 2024", "SIPAS 2024"]
    assert "Giảm 1,58 điểm, giảm 2 bậc so với năm 2023" in text_of(cards[0])
    assert 'aria-hidden="true">▼' in cards[0]  # the arrow is decoration; the words carry the trend
    assert "Kết quả đầu tiên được công bố" in text_of(cards[1])
    table = text[text.index("Tất cả kết quả theo năm") :]
    assert table.index("2024 PAR INDEX") < table.index("SIPAS") < table.index("2023 PAR INDEX") < table.index("2022 PAR INDEX")


# --- statistics ----------------------------------------------------------------------------


def test_stats_page_shows_the_derived_figures(built):
    text = text_of(read(built, "thong-ke/quy-1-2024"))
    assert "12.500 hồ sơ tiếp nhận (12.000 mới + 500 kỳ trước chuyển sang)" in text
    assert "99,2 % giải quyết đúng hạn và trước hạn (11.900/12.000 hồ sơ đã giải quyết)" in text
    assert "80,0 % hồ sơ nộp trực tuyến (9.600/12.000 hồ sơ tiếp nhận mới)" in text
    assert "Kỳ báo cáo: Quý I/2024 (01/01/2024 – 31/03/2024)" in text


def test_stats_page_stacked_bar_has_the_four_parts_in_proportion(built):
    (chart,) = charts_in(read(built, "thong-ke/quy-1-2024"))
    name, desc = name_and_desc(chart)
    assert name == "Tình trạng giải quyết hồ sơ Quý I/2024"
    assert desc == "Quý I/2024: trước hạn 9.000, đúng hạn 2.900, quá hạn 100, đang giải quyết 500 (tổng 12.500 hồ sơ)."
    widths = {r.get("class"): float(r.get("width")) for r in chart.iter("rect") if r.get("height") == "22"}
    assert abs(widths["chart-early"] / widths["chart-on-time"] - 9000 / 2900) < 0.02


def test_stats_list_charts_the_periods_in_time_order(built):
    page = read(built, "thong-ke")
    text = text_of(page)
    assert "Quý II/2024 01/04/2024 – 30/06/2024 14.500 14.000 mới + 500 chuyển sang 98,6 % 80,0 %" in text
    stacked, columns = charts_in(page)
    assert (
        name_and_desc(columns)[1]
        == "Quý I/2024: tiếp nhận 12.500 hồ sơ, trong đó trực tuyến 9.600. Quý II/2024: tiếp nhận 14.500 hồ sơ, trong đó trực tuyến 11.200."
    )
    assert name_and_desc(stacked)[1].startswith("Quý I/2024:")  # oldest first, whatever the posting order
    ticks = [el.text for el in columns.iter("text") if el.get("class") == "chart-tick"]
    assert {"0", "5.000", "10.000", "15.000"} <= set(ticks)


def test_home_shows_index_cards_latest_period_catalogue_counts_and_news(built):
    page = read(built, ".")
    text = text_of(page)
    assert page.count('class="card index-card"') == 2
    assert "Kết quả giải quyết hồ sơ Quý II/2024" in text  # the latest period, though Quý I was posted later
    assert "14.500 hồ sơ tiếp nhận" in text and "98,6 % giải quyết đúng hạn và trước hạn" in text
    assert "1 thủ tục: 1 toàn trình, 0 một phần" in text
    assert "Công bố Chỉ số cải cách hành chính" in text
    assert "Giảm 1,58 điểm, giảm 2 bậc so với năm 2023" in text


# --- warnings and errors with path:line ----------------------------------------------------


def problems_of(make_site, files):
    result = build_site(make_site(files), search=False)
    return result, messages(result)


def test_index_mistakes_are_errors_at_their_line(make_site):
    files = {
        "content/chi-so/diem.md": index_md(2023, 101, 5, 20),
        "content/chi-so/hang.md": index_md(2023, 80, 25, 20, index="SIPAS"),
        "content/chi-so/nam.md": index_md(2027, 80, 5, 20, index="PCI"),
        "content/chi-so/thanh-phan.md": index_md(2023, 20, 5, 20, COMPONENTS.replace("score: 12\n", "score: 17\n"), index="DTI"),
    }
    result, found = problems_of(make_site, files)
    assert not result.ok
    assert "content/chi-so/diem.md:7: `score`: điểm 101 lớn hơn điểm tối đa 100" in found
    assert "content/chi-so/hang.md:9: `rank`: xếp thứ 25 nhưng chỉ có 20 đơn vị (`rank_of`)" in found
    assert "content/chi-so/nam.md:5: `year`: năm 2027 chưa đến; kiểm tra lại năm đánh giá" in found
    assert any(m.startswith("content/chi-so/thanh-phan.md:11: `components`: tổng điểm thành phần 26,5 lớn hơn điểm 20;") for m in found)
    assert "content/chi-so/thanh-phan.md:16: `components`: mục 2 (Cải cách thủ tục hành chính): điểm 17 lớn hơn điểm tối đa 16" in found


def test_components_within_rounding_of_the_score_pass(make_site):
    result, found = problems_of(make_site, {"content/chi-so/a.md": index_md(2023, 21.46, 5, 20, COMPONENTS)})
    assert result.ok, found
    assert not found


def test_stats_that_do_not_add_up_warn_with_the_numbers_and_the_rule(make_site):
    files = {"content/thong-ke/q1.md": stats_md("Quý I", "2024-01-01", "2024-03-31", "2024-04-05", 1000, 0, 900, 100, 50, 10, 1200)}
    result, found = problems_of(make_site, files)
    assert result.ok  # a warning: the page is still published
    assert (
        "content/thong-ke/q1.md:8: cảnh báo: số liệu không khớp: đã giải quyết 1050 (900 trước hạn + 100 đúng hạn + 50 quá hạn) "
        "+ đang giải quyết 10 = 1060, tổng tiếp nhận 1000 (1000 mới + 0 chuyển sang); số đã xử lý không thể lớn hơn số tiếp nhận"
    ) in found
    assert "content/thong-ke/q1.md:12: cảnh báo: số hồ sơ trực tuyến 1200 lớn hơn số tiếp nhận mới 1000" in found


def test_stats_with_dossiers_unaccounted_for_warn(make_site):
    files = {"content/thong-ke/q2.md": stats_md("Quý II", "2024-04-01", "2024-06-30", "2024-07-05", 1000, 20, 800, 100, 10, 50, 700)}
    result, found = problems_of(make_site, files)
    assert result.ok
    assert any(
        m.startswith("content/thong-ke/q2.md:8: cảnh báo: số liệu không khớp: đã giải quyết 910")
        and m.endswith("tổng tiếp nhận 1020 (1000 mới + 20 chuyển sang); hai số này phải bằng nhau")
        for m in found
    ), found
