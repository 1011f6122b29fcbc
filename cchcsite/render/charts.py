"""Charts drawn at build time as inline SVG: no JavaScript, no library, deterministic output.

Every chart is a pure function of its data returning an SVG string (as `Markup`, so
templates insert it unescaped). The data table next to a chart is the primary content;
the chart carries `role="img"`, a `<title>` (its accessible name, via `aria-labelledby`)
and a `<desc>` that repeats every data point in words.

Sizes: the viewBox is as wide as a phone's content column (320 units), the SVG is
`width="100%"` and the theme caps its width, so text stays readable at 360 px and
does not balloon on a desktop. Colours come from theme classes (`.chart-*` in
site.css); the presentation attributes are only a fallback. No `style=` attribute
(the Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from .. import vi

WIDTH = 320
FONT = 12.5
TEXT = "#1b1b1b"


def _f(value: float) -> str:
    """A coordinate, short and stable: 12.0 → `12`, 12.345 → `12.3`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _e(text: str) -> str:
    return escape(str(text), quote=True)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high]: 84, 86, 88, 90 for 86,45 … 89,12."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step + 1e-9) * step
    ticks = []
    value = start
    while value < high + step - 1e-9:
        ticks.append(round(value, 10))
        value += step
        if ticks[-1] >= high - 1e-9:
            break
    return ticks


def _svg(chart_id: str, height: float, title: str, desc: str, body: list[str], css: str) -> Markup:
    head = (
        f'<svg class="chart {css}" role="img" aria-labelledby="{_e(chart_id)}-title" aria-describedby="{_e(chart_id)}-desc" '
        f'viewBox="0 0 {WIDTH} {_f(height)}" width="100%" font-size="{FONT}" fill="{TEXT}">'
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title><desc id="{_e(chart_id)}-desc">{_e(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", css: str = "", size: float | None = None) -> str:
    attrs = f' class="{css}"' if css else ""
    attrs += f' font-size="{_f(size)}"' if size else ""
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{_f(x)}" y="{_f(y)}"{anchor_attr}{attrs}>{_e(text)}</text>'


# --- line panels: an index series (score, and rank with 1 on top) ---------------------------


@dataclass(frozen=True)
class Panel:
    label: str  # shown above the panel: "Điểm"
    points: tuple[tuple[int, float | None], ...]  # (column, value); None = no value that year
    point_labels: tuple[str, ...]  # one per point
    low: float
    high: float
    ticks: tuple[float, ...]
    inverted: bool = False  # rank: the smallest value (1) on top
    css: str = "chart-score"
    restarts: tuple[int, ...] = ()  # columns where the line starts again: not joined to the point before
    breaks: tuple[int, ...] = ()  # of those, where the scores are computed another way: a marked break


LEFT, RIGHT, PANEL_HEIGHT, PANEL_GAP = 40, 20, 96, 64
DOTS_UP_TO = 24  # points on a line drawn as dots; beyond, a weekly series would be a row of beads


def line_panels(chart_id: str, title: str, desc: str, columns: list[str], panels: list[Panel]) -> Markup:
    """Panels stacked vertically sharing the x axis (`columns`, e.g. years): one line each."""
    plot_width = WIDTH - LEFT - RIGHT
    count = len(columns)

    def x_at(column: int) -> float:
        return LEFT + plot_width / 2 if count == 1 else LEFT + 26 + column * (plot_width - 44) / (count - 1)

    label_every = max(1, math.ceil(count / 6))
    body: list[str] = []
    top = 20.0
    for panel in panels:
        body.append(_text(0, top - 6, panel.label, css="chart-label", size=FONT + 0.5))
        plot_top = top + 14
        span = (panel.high - panel.low) or 1

        def y_at(value: float, panel=panel, plot_top=plot_top, span=span) -> float:
            share = (value - panel.low) / span
            return plot_top + (share if panel.inverted else 1 - share) * PANEL_HEIGHT

        for tick in panel.ticks:
            y = y_at(tick)
            body.append(
                f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT + 8}" y1="{_f(y)}" y2="{_f(y)}" stroke="#b1b4b6" stroke-width="0.75"/>'
            )
            body.append(_text(LEFT - 6, y + 4, vi.format_number(tick), "end", "chart-tick"))
        bottom = plot_top + PANEL_HEIGHT
        body.append(f'<line class="chart-axis" x1="{LEFT}" x2="{LEFT}" y1="{_f(plot_top - 4)}" y2="{_f(bottom + 4)}" stroke="{TEXT}"/>')
        for column, name in enumerate(columns):
            if column % label_every == 0 or column == count - 1:
                body.append(_text(x_at(column), bottom + 20, name, "middle", "chart-tick"))
        for column in panel.breaks:
            x = (x_at(column - 1) + x_at(column)) / 2
            body.append(
                f'<line class="chart-break" x1="{_f(x)}" x2="{_f(x)}" y1="{_f(plot_top - 4)}" y2="{_f(bottom + 4)}" stroke="{TEXT}" stroke-width="1.5" stroke-dasharray="3 3"/>'
            )
            body.append(_text(x + 3, plot_top + 8, "Đổi cách tính", css="chart-break-label", size=FONT - 1.5))
        for run in _runs([(c, v) for c, v in panel.points if v is not None], set(panel.restarts)):
            if len(run) > 1:
                path = " ".join(f"{_f(x_at(c))},{_f(y_at(v))}" for c, v in run)
                body.append(
                    f'<polyline class="chart-line {panel.css}" points="{path}" fill="none" stroke="{TEXT}" stroke-width="2.5" stroke-linejoin="round"/>'
                )
        radius = "4.5" if count <= 12 else "3"
        dotted = count <= DOTS_UP_TO or None  # a long series: a dot only where a value is labelled
        for (column, value), label in zip(panel.points, panel.point_labels):
            if value is None or not (dotted or label):
                continue
            x, y = x_at(column), y_at(value)
            body.append(
                f'<circle class="chart-point {panel.css}" cx="{_f(x)}" cy="{_f(y)}" r="{radius}" fill="{TEXT}" stroke="#fff" stroke-width="1.5"/>'
            )
            if label:
                above = y - 9 if y - 9 > plot_top - 2 else y + 19
                body.append(_text(x, above, label, "middle", "chart-value"))
        top = bottom + PANEL_GAP
    return _svg(chart_id, top - PANEL_GAP + 30, title, desc, body, "chart-lines")


def _runs(points: list[tuple[int, float]], restarts: set[int]) -> list[list[tuple[int, float]]]:
    """Consecutive points, split where the line starts again."""
    runs: list[list[tuple[int, float]]] = []
    for column, value in points:
        if not runs or column in restarts:
            runs.append([])
        runs[-1].append((column, value))
    return runs


def index_series_chart(pages, chart_id: str) -> Markup:
    """Score and rank of one index series over the years (pages oldest first)."""
    results = [page.data for page in pages]
    first = results[0]
    columns = [str(r.year) for r in results]
    scores = [r.score for r in results]
    ceiling = max((r.max_score for r in results if r.max_score), default=None)
    ticks = nice_ticks(min(scores), max(scores))
    if ceiling is not None:
        ticks = [t for t in ticks if t <= ceiling] or [ceiling]
    low, high = min(ticks[0], min(scores)), max(ticks[-1], max(scores))
    panels = [Panel("Điểm", tuple(enumerate(scores)), tuple(vi.format_number(s) for s in scores), low, high, tuple(ticks))]
    ranked = [r for r in results if r.rank]
    if ranked:
        worst = max(r.rank_of or r.rank for r in ranked)
        rank_ticks = sorted({1, *(t for t in nice_ticks(0, worst) if 1 < t <= worst), worst}) if worst > 1 else [1]
        panels.append(
            Panel(
                "Xếp hạng (thứ 1 ở trên cùng)",
                tuple((i, r.rank) for i, r in enumerate(results)),
                tuple(f"{r.rank}/{r.rank_of}" if r.rank else "" for r in results),
                1,
                max(worst, 2),
                tuple(rank_ticks),
                inverted=True,
                css="chart-rank",
            )
        )
    title = f"{first.index} – {first.unit}: điểm và xếp hạng qua các năm"
    parts = []
    for r in results:
        part = f"Năm {r.year}: {vi.format_number(r.score)} điểm"
        if r.rank:
            part += f", xếp thứ {r.rank}/{r.rank_of}"
        parts.append(part + ".")
    desc = " ".join(parts)
    return line_panels(chart_id, title, desc, columns, panels)


# --- a small bar inside a table cell (component score out of its maximum) -------------------


def meter(value: float | None, maximum: float | None) -> Markup:
    """A decorative bar: the number sits next to it in the same table row."""
    if value is None or not maximum or maximum <= 0:
        return Markup("")
    share = max(0.0, min(1.0, value / maximum))
    return Markup(
        '<svg class="meter" viewBox="0 0 100 10" width="100%" height="10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '<rect class="meter-track" width="100" height="10" fill="#f3f2f1" stroke="#505a5f" stroke-width="1" vector-effect="non-scaling-stroke"/>'
        f'<rect class="meter-fill" width="{_f(share * 100)}" height="10" fill="{TEXT}"/></svg>'
    )


# --- stacked bars: how the dossiers of each period were handled -----------------------------

HANDLING = (  # (field, label, CSS class, fallback colour): every colour ≥ 4.5:1 on white
    ("resolved_early", "Trước hạn", "chart-early", "#00703c"),
    ("resolved_on_time", "Đúng hạn", "chart-on-time", "#1d70b8"),
    ("resolved_late", "Quá hạn", "chart-late", "#d4351c"),
    ("in_progress", "Đang giải quyết", "chart-in-progress", "#505a5f"),
)
MIN_SEGMENT = 3.0  # a non-zero part stays visible (3 units of 320), taken from the largest part


def _segments(values: list[int], width: float) -> list[float]:
    total = sum(values)
    if not total:
        return [0.0] * len(values)
    widths = [width * v / total for v in values]
    short = [i for i, v in enumerate(values) if v and widths[i] < MIN_SEGMENT]
    if short:
        largest = max(range(len(values)), key=lambda i: widths[i])
        for i in short:
            widths[largest] -= MIN_SEGMENT - widths[i]
            widths[i] = MIN_SEGMENT
    return widths


def stacked_bars(chart_id: str, title: str, rows: list[tuple[str, list[int | None]]]) -> Markup:
    """One 100 % bar per row (label above it), parts in HANDLING order, with a legend.
    A part given as None (not reported) is left out of the bar and of the description."""
    body: list[str] = []
    y = 0.0
    bar_height = 22
    descs = []
    for label, values in rows:
        body.append(_text(0, y + 14, label, css="chart-label"))
        x = 0.0
        for (_field, _name, css, colour), width in zip(HANDLING, _segments([v or 0 for v in values], WIDTH)):
            if width > 0:
                body.append(
                    f'<rect class="{css}" x="{_f(x)}" y="{_f(y + 20)}" width="{_f(width)}" height="{bar_height}" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
                )
                x += width
        parts = ", ".join(f"{name.lower()} {vi.format_number(v)}" for (_, name, _, _), v in zip(HANDLING, values) if v is not None)
        descs.append(f"{label}: {parts} (tổng {vi.format_number(sum(v or 0 for v in values))} hồ sơ).")
        y += 20 + bar_height + 12
    legend_y = y + 6
    for number, (_, name, css, colour) in enumerate(HANDLING):
        column, line = number % 2, number // 2
        lx, ly = column * 160, legend_y + line * 22
        body.append(f'<rect class="{css}" x="{_f(lx)}" y="{_f(ly)}" width="14" height="14" fill="{colour}"/>')
        body.append(_text(lx + 20, ly + 12, name))
    height = legend_y + 2 * 22
    return _svg(chart_id, height, title, " ".join(descs), body, "chart-stacked")


def handling_rows(pages) -> list[tuple[str, list[int | None]]]:
    return [(page.data.period_label, [getattr(page.data, field) for field, *_ in HANDLING]) for page in pages]


def stats_stacked_chart(pages, chart_id: str) -> Markup:
    """Pages in display order (oldest first)."""
    title = "Tình trạng giải quyết hồ sơ" + (f" {pages[0].data.period_label}" if len(pages) == 1 else " theo kỳ")
    return stacked_bars(chart_id, title, handling_rows(pages))


# --- columns: dossiers received per period, of which online ---------------------------------


def received_columns(chart_id: str, title: str, periods: list[tuple[str, tuple[str, str], int, int | None]]) -> Markup:
    """`periods`: (label, label in two short lines, total received, online or None), oldest
    first. Zero baseline: column heights are true to the numbers."""
    left, top, plot_height = 48, 34, 150
    plot_width = WIDTH - left - 8
    peak = max((total for _, _, total, _ in periods), default=0) or 1
    ticks = [t for t in nice_ticks(0, peak, 5)]
    high = max(ticks[-1], peak)
    count = max(1, len(periods))
    slot = plot_width / count
    column_width = min(48.0, slot * 0.6)
    body: list[str] = []

    def y_at(value: float) -> float:
        return top + plot_height * (1 - value / high)

    has_online = any(online is not None for *_, online in periods)
    legend = [("chart-received", "#dbe3ee", "Tổng tiếp nhận")] + (
        [("chart-online", "#1d4f91", "Trong đó trực tuyến")] if has_online else []
    )
    for number, (css, colour, name) in enumerate(legend):
        lx = number * 150
        body.append(f'<rect class="{css}" x="{lx}" y="4" width="14" height="14" fill="{colour}" stroke="{TEXT}" stroke-width="1"/>')
        body.append(_text(lx + 20, 16, name))
    for tick in ticks:
        y = y_at(tick)
        body.append(f'<line class="chart-grid" x1="{left}" x2="{WIDTH}" y1="{_f(y)}" y2="{_f(y)}" stroke="#b1b4b6" stroke-width="0.75"/>')
        body.append(_text(left - 6, y + 4, vi.format_number(tick), "end", "chart-tick"))
    label_every = max(1, math.ceil(count / 5))
    descs = []
    for index, (label, lines, total, online) in enumerate(periods):
        centre = left + slot * (index + 0.5)
        x = centre - column_width / 2
        body.append(
            f'<rect class="chart-received" x="{_f(x)}" y="{_f(y_at(total))}" width="{_f(column_width)}" height="{_f(y_at(0) - y_at(total))}" fill="#dbe3ee" stroke="{TEXT}" stroke-width="1"/>'
        )
        if online is not None:
            inner = column_width * 0.5
            body.append(
                f'<rect class="chart-online" x="{_f(centre - inner / 2)}" y="{_f(y_at(online))}" width="{_f(inner)}" height="{_f(y_at(0) - y_at(online))}" fill="#1d4f91"/>'
            )
        body.append(_text(centre, y_at(total) - 5, vi.format_number(total), "middle", "chart-value"))
        if index % label_every == 0 or index == count - 1:
            for number, line in enumerate(lines):
                body.append(_text(centre, top + plot_height + 18 + 15 * number, line, "middle", "chart-tick"))
        descs.append(
            f"{label}: tiếp nhận {vi.format_number(total)} hồ sơ"
            + (f", trong đó trực tuyến {vi.format_number(online)}." if online is not None else ".")
        )
    body.append(
        f'<line class="chart-axis" x1="{left}" x2="{WIDTH}" y1="{_f(y_at(0))}" y2="{_f(y_at(0))}" stroke="{TEXT}" stroke-width="1.5"/>'
    )
    return _svg(chart_id, top + plot_height + 40, title, " ".join(descs), body, "chart-columns")


def stats_received_chart(pages, chart_id: str) -> Markup:
    periods = [(page.data.period_label, page.data.period_lines, page.data.received_total, page.data.online) for page in pages]
    return received_columns(chart_id, "Số hồ sơ tiếp nhận qua các kỳ", periods)


# --- ranking tables: a unit's series, the distribution of a block, its top and bottom ------


def unit_series_chart(series, chart_id: str) -> Markup:
    """A unit's total and rank in its block, snapshot after snapshot (content/rankings.UnitSeries):
    the line starts again with each period, and a change in how scores are computed is a marked
    break, never one line across it."""
    points = series.points
    columns = [_short_date(point) for point in points]
    totals = [point.score.total for point in points]
    present = [value for value in totals if value is not None] or [0.0]
    restarts = tuple(n for n, point in enumerate(points) if n and (point.breaks or point.new_period))
    breaks = tuple(n for n, point in enumerate(points) if n and point.breaks)
    ends = {0, len(points) - 1, *restarts, *(n - 1 for n in restarts)}
    labels = tuple(vi.format_number(value) if value is not None and n in ends else "" for n, value in enumerate(totals))
    ticks = nice_ticks(min(present), max(present))
    low, high = min(ticks[0], min(present)), max(ticks[-1], max(present))
    panels = [Panel("Tổng điểm", tuple(enumerate(totals)), labels, low, high, tuple(ticks), restarts=restarts, breaks=breaks)]
    ranks = [point.score.block_rank for point in points]
    if any(rank is not None for rank in ranks):
        worst = max(max(point.block_size for point in points), 2)
        rank_ticks = sorted({1, *(t for t in nice_ticks(0, worst) if 1 < t <= worst), worst})
        rank_labels = tuple(
            f"{rank}/{point.block_size}" if rank is not None and n in ends else "" for n, (rank, point) in enumerate(zip(ranks, points))
        )
        panels.append(
            Panel(
                "Xếp hạng trong khối (thứ 1 ở trên cùng)",
                tuple(enumerate(ranks)),
                rank_labels,
                1,
                worst,
                tuple(rank_ticks),
                inverted=True,
                css="chart-rank",
                restarts=restarts,
                breaks=breaks,
            )  # fmt: skip
        )
    parts = []
    for number, point in enumerate(points):
        part = (
            f"{point.snapshot.period.label}, ngày {vi.format_date(point.snapshot.date)}: "
            if point.snapshot.date
            else f"{point.snapshot.period.label}: "
        )
        part += f"{vi.format_number(point.score.total)} điểm" if point.score.total is not None else "chưa có điểm"
        if point.score.block_rank is not None:
            part += f", xếp thứ {point.score.block_rank}/{point.block_size}"
        if number and point.breaks:
            part = "Từ đây điểm tính theo cách mới, không so sánh với trước. " + part
        parts.append(part + ".")
    title = f"{series.index} – {points[-1].score.name}: điểm và xếp hạng qua các lần công bố"
    return line_panels(chart_id, title, " ".join(parts), columns, panels)


def _short_date(point) -> str:
    day = point.snapshot.date
    return f"{day.day:02d}/{day.month:02d}/{day.year % 100:02d}" if day else str(point.snapshot.period.year)


def distribution_chart(rows, chart_id: str, title: str, step: float = 5.0) -> Markup:
    """How many units of a block scored in each band of `step` points: columns from zero."""
    totals = [row.score.total for row in rows if row.score.total is not None]
    if not totals:
        return Markup("")
    low = math.floor(min(totals) / step) * step
    high = max(low + step, math.ceil(max(totals) / step + 1e-9) * step)
    bands = []
    start = low
    while start < high - 1e-9:
        end = start + step
        count = sum(1 for t in totals if start <= t < end or (end >= high - 1e-9 and t == end))
        bands.append((start, end, count))
        start = end
    left, top, plot_height = 34, 14, 140
    plot_width = WIDTH - left - 4
    peak = max(count for *_, count in bands) or 1
    ticks = nice_ticks(0, peak, 4)
    ticks = [t for t in ticks if t == int(t)] or [0, peak]
    ceiling = max(ticks[-1], peak)
    slot = plot_width / len(bands)

    def y_at(value: float) -> float:
        return top + plot_height * (1 - value / ceiling)

    body: list[str] = []
    for tick in ticks:
        body.append(
            f'<line class="chart-grid" x1="{left}" x2="{WIDTH}" y1="{_f(y_at(tick))}" y2="{_f(y_at(tick))}" stroke="#b1b4b6" stroke-width="0.75"/>'
        )
        body.append(_text(left - 6, y_at(tick) + 4, vi.format_number(tick), "end", "chart-tick"))
    label_every = max(1, math.ceil(len(bands) / 6))
    descs = []
    for number, (start, end, count) in enumerate(bands):
        x = left + slot * number + slot * 0.1
        body.append(
            f'<rect class="chart-band" x="{_f(x)}" y="{_f(y_at(count))}" width="{_f(slot * 0.8)}" height="{_f(y_at(0) - y_at(count))}" fill="{TEXT}"/>'
        )
        if count:
            body.append(_text(x + slot * 0.4, y_at(count) - 4, vi.format_number(count), "middle", "chart-value"))
        if number % label_every == 0:
            body.append(_text(left + slot * number, top + plot_height + 16, vi.format_number(start), "middle", "chart-tick"))
        descs.append(f"từ {vi.format_number(start)} đến dưới {vi.format_number(end)} điểm: {count} đơn vị")
    body.append(_text(left + plot_width, top + plot_height + 16, vi.format_number(high), "middle", "chart-tick"))
    body.append(
        f'<line class="chart-axis" x1="{left}" x2="{WIDTH}" y1="{_f(y_at(0))}" y2="{_f(y_at(0))}" stroke="{TEXT}" stroke-width="1.5"/>'
    )
    body.append(_text(left + plot_width / 2, top + plot_height + 34, "Tổng điểm", "middle", "chart-label"))
    return _svg(
        chart_id, top + plot_height + 42, title, "Số đơn vị theo khoảng điểm: " + "; ".join(descs) + ".", body, "chart-distribution"
    )


def bars_chart(rows, chart_id: str, title: str, maximum: float = 100.0) -> Markup:
    """One horizontal bar per unit (name above its bar, score at its end), in the order given."""
    body: list[str] = []
    y = 0.0
    label_width = WIDTH - 44
    descs = []
    for row in rows:
        score = row.score
        if score.total is None:
            continue
        rank = score.block_rank if score.block_rank is not None else score.rank
        name = f"{rank}. {score.name}" if rank is not None else score.name
        body.append(_text(0, y + 13, name, css="chart-label", size=FONT - 0.5))
        width = label_width * max(0.0, min(1.0, score.total / maximum))
        body.append(f'<rect class="chart-bar" x="0" y="{_f(y + 18)}" width="{_f(width)}" height="12" fill="{TEXT}"/>')
        body.append(_text(width + 5, y + 29, vi.format_number(score.total), css="chart-value"))
        descs.append(f"{name}: {vi.format_number(score.total)} điểm")
        y += 38
    return _svg(chart_id, y + 4, title, "; ".join(descs) + ".", body, "chart-bars")


FOR_TEMPLATES = {
    "unit_series": unit_series_chart,
    "distribution": distribution_chart,
    "bars": bars_chart,
    "index_series": index_series_chart,
    "stats_stacked": stats_stacked_chart,
    "stats_received": stats_received_chart,
    "meter": meter,
}
