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


LEFT, RIGHT, PANEL_HEIGHT, PANEL_GAP = 40, 20, 96, 64


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
        present = [(column, value) for column, value in panel.points if value is not None]
        if len(present) > 1:
            path = " ".join(f"{_f(x_at(c))},{_f(y_at(v))}" for c, v in present)
            body.append(
                f'<polyline class="chart-line {panel.css}" points="{path}" fill="none" stroke="{TEXT}" stroke-width="2.5" stroke-linejoin="round"/>'
            )
        for (column, value), label in zip(panel.points, panel.point_labels):
            if value is None:
                continue
            x, y = x_at(column), y_at(value)
            body.append(
                f'<circle class="chart-point {panel.css}" cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="{TEXT}" stroke="#fff" stroke-width="1.5"/>'
            )
            above = y - 9 if y - 9 > plot_top - 2 else y + 19
            body.append(_text(x, above, label, "middle", "chart-value"))
        top = bottom + PANEL_GAP
    return _svg(chart_id, top - PANEL_GAP + 30, title, desc, body, "chart-lines")


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


FOR_TEMPLATES = {
    "index_series": index_series_chart,
    "stats_stacked": stats_stacked_chart,
    "stats_received": stats_received_chart,
    "meter": meter,
}
