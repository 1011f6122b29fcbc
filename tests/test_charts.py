"""The chart module on its own: accessible SVG, Vietnamese numbers on the axes, true geometry,
no inline style (the CSP forbids it), the same bytes for the same data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from types import SimpleNamespace

from cchcsite.content.kinds import IndexResult, Stats
from cchcsite.render import charts


def result(year, score, rank=None, rank_of=None, index="PAR INDEX", unit="Sở Thử nghiệm"):
    return SimpleNamespace(data=IndexResult(index=index, year=year, unit=unit, score=score, max_score=100, rank=rank, rank_of=rank_of))


def stats(start, end, **figures):
    values = dict(received_new=100, carried_over=0, resolved_early=50, resolved_on_time=40, resolved_late=10, in_progress=None, online=None)
    values.update(figures)
    return SimpleNamespace(data=Stats(period_start=start, period_end=end, **values))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def accessible_name(root: ET.Element) -> str:
    ids = root.get("aria-labelledby").split()
    return " ".join(el.text for el in root.iter() if el.get("id") in ids)


def texts(root: ET.Element) -> list[str]:
    return [el.text for el in root.iter("text")]


def test_series_chart_is_an_image_with_a_name_and_every_point_in_words():
    svg = charts.index_series_chart([result(2022, 80.25, 25, 63), result(2023, 83.48, 18, 63)], "bieu-do-par")
    root = parse(svg)
    assert root.get("role") == "img"
    assert accessible_name(root) == "PAR INDEX – Sở Thử nghiệm: điểm và xếp hạng qua các năm"
    desc = next(el.text for el in root.iter("desc") if el.get("id") == root.get("aria-describedby"))
    assert desc == "Năm 2022: 80,25 điểm, xếp thứ 25/63. Năm 2023: 83,48 điểm, xếp thứ 18/63."
    assert root.get("width") == "100%" and root.get("viewBox").startswith("0 0 320 ")
    assert "style=" not in svg and "<script" not in svg


def test_axis_labels_use_the_vietnamese_decimal_comma_and_thousands_dot():
    root = parse(charts.index_series_chart([result(2022, 86.1), result(2023, 86.4), result(2024, 86.9)], "a"))
    assert "86,5" in texts(root) and "86.5" not in texts(root)
    assert {"86,1", "86,4", "86,9"} <= set(texts(root))  # point labels
    periods = [
        stats(date(2024, 1, 1), date(2024, 3, 31), received_new=12000, carried_over=500),
        stats(date(2024, 4, 1), date(2024, 6, 30), received_new=14000, carried_over=500),
    ]
    columns = parse(charts.stats_received_chart(periods, "b"))
    assert {"5.000", "10.000", "15.000", "12.500", "14.500"} <= set(texts(columns))


def test_rank_axis_is_inverted_and_scores_go_up():
    root = parse(charts.index_series_chart([result(2022, 80, 25, 63), result(2023, 84, 18, 63), result(2024, 82, 30, 63)], "a"))
    score_y = [float(c.get("cy")) for c in root.iter("circle") if "chart-score" in c.get("class")]
    rank_y = [float(c.get("cy")) for c in root.iter("circle") if "chart-rank" in c.get("class")]
    assert score_y[1] < score_y[2] < score_y[0]  # 84 highest on screen, then 82, then 80
    assert rank_y[1] < rank_y[0] < rank_y[2]  # rank 18 on top, 25, then 30 lowest
    ticks = {el.text: float(el.get("y")) for el in root.iter("text") if el.get("class") == "chart-tick"}
    assert ticks["1"] < ticks["63"]  # rank 1 at the top of its axis


def test_a_series_without_ranks_draws_no_rank_panel():
    root = parse(charts.index_series_chart([result(2022, 80), result(2023, 84)], "a"))
    assert not [c for c in root.iter("circle") if "chart-rank" in c.get("class")]
    assert "Xếp hạng (thứ 1 ở trên cùng)" not in texts(root)


def test_stacked_bar_parts_are_proportional_and_a_tiny_part_stays_visible():
    page = stats(
        date(2024, 1, 1), date(2024, 3, 31), received_new=1000, resolved_early=600, resolved_on_time=300, resolved_late=1, in_progress=99
    )
    root = parse(charts.stats_stacked_chart([page], "s"))
    widths = {el.get("class"): float(el.get("width")) for el in root.iter("rect") if el.get("height") == "22"}
    assert abs(widths["chart-early"] / widths["chart-on-time"] - 2) < 0.05
    assert widths["chart-late"] >= charts.MIN_SEGMENT
    assert abs(sum(widths.values()) - charts.WIDTH) < 0.5
    assert accessible_name(root) == "Tình trạng giải quyết hồ sơ Quý I/2024"
    assert "Quý I/2024: trước hạn 600, đúng hạn 300, quá hạn 1, đang giải quyết 99 (tổng 1.000 hồ sơ)." in svg_desc(root)


def test_a_part_not_reported_is_left_out_not_called_zero():
    page = stats(date(2024, 1, 1), date(2024, 3, 31), in_progress=None)
    root = parse(charts.stats_stacked_chart([page], "s"))
    assert svg_desc(root) == "Quý I/2024: trước hạn 50, đúng hạn 40, quá hạn 10 (tổng 100 hồ sơ)."
    assert not [r for r in root.iter("rect") if r.get("class") == "chart-in-progress" and r.get("height") == "22"]


def svg_desc(root: ET.Element) -> str:
    return next(el.text for el in root.iter("desc"))


def test_columns_start_at_zero_and_their_heights_are_true_to_the_numbers():
    periods = [
        stats(date(2024, 1, 1), date(2024, 3, 31), received_new=1000, online=500),
        stats(date(2024, 4, 1), date(2024, 6, 30), received_new=2000, online=1500),
    ]
    root = parse(charts.stats_received_chart(periods, "c"))
    totals = [float(r.get("height")) for r in root.iter("rect") if r.get("class") == "chart-received" and r.get("height") != "14"]
    online = [float(r.get("height")) for r in root.iter("rect") if r.get("class") == "chart-online" and r.get("height") != "14"]
    assert abs(totals[1] / totals[0] - 2) < 0.01
    assert abs(online[0] / totals[0] - 0.5) < 0.01
    assert "Quý I/2024: tiếp nhận 1.000 hồ sơ, trong đó trực tuyến 500." in svg_desc(root)


def test_same_data_gives_the_same_bytes_and_ids_come_from_the_caller():
    pages = [result(2022, 80.25, 25, 63), result(2023, 83.48, 18, 63)]
    first, second = charts.index_series_chart(pages, "bieu-do-x"), charts.index_series_chart(pages, "bieu-do-x")
    assert first == second
    assert set(re.findall(r'id="([^"]+)"', first)) == {"bieu-do-x-title", "bieu-do-x-desc"}


def test_text_is_escaped():
    root = parse(charts.index_series_chart([result(2023, 80, unit="Sở <A&B>"), result(2024, 81, unit="Sở <A&B>")], "a"))
    assert "Sở <A&B>" in accessible_name(root)


def test_nice_ticks_cover_the_range_with_round_steps():
    assert charts.nice_ticks(86.45, 89.12) == [86, 87, 88, 89, 90]
    assert charts.nice_ticks(0, 14500, 5) == [0, 5000, 10000, 15000]
    assert charts.nice_ticks(5, 5)[0] <= 5 <= charts.nice_ticks(5, 5)[-1]


def test_meter_is_decorative_and_clamped():
    svg = charts.meter(11.5, 12)
    assert 'aria-hidden="true"' in svg and 'width="95.8"' in svg
    assert 'width="100"' in charts.meter(15, 12).split('class="meter-fill"')[1]
    assert charts.meter(5, None) == ""


def test_period_names_as_people_say_them():
    def label(start, end):
        return stats(start, end).data.period_label

    assert label(date(2026, 4, 1), date(2026, 6, 30)) == "Quý II/2026"
    assert label(date(2026, 7, 1), date(2026, 7, 31)) == "Tháng 7/2026"
    assert label(date(2026, 1, 1), date(2026, 6, 30)) == "6 tháng đầu năm 2026"
    assert label(date(2026, 1, 1), date(2026, 12, 31)) == "Năm 2026"
    assert label(date(2026, 2, 3), date(2026, 5, 4)) == "03/02/2026 – 04/05/2026"
