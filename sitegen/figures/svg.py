"""Charts drawn as SVG at build time: no script, no style attribute (the page's CSP holds), colours
from the theme's stylesheet by class, a pattern on every series but the first so that a page printed
in black and white still tells them apart, and every number written beside its bar or slice.

All labels are laid out here, with a width estimate per character (a hanzi is one em, Latin about
half), so Chinese labels wrap to their own lines instead of overlapping or running off.
"""

from __future__ import annotations

import math
import unicodedata
from html import escape

from sitegen.figures.model import Chart, DrawnChart, number
from sitegen.media.cards import wrap

WIDTH = 340  # drawing units; shown 288-432 px wide (24rem), so a 14-unit label is 12-18 px
SIZE = 14
LINE = 18
BAR = 16
PATTERNS = 5  # series 1..5 get a pattern; series 6+ repeat them


def text_width(text: str, size: float = SIZE) -> float:
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.58 for ch in text)


def lines_of(text: str, width: float, max_lines: int = 4) -> list[str]:
    return wrap(text, text_width, width, max_lines) or [""]


def draw_chart(chart: Chart, ident: str) -> DrawnChart:
    drawer = {"bar": _bars, "stacked": _stacked, "line": _lines, "pie": _pie, "donut": _pie}[chart.kind]
    body, height = drawer(chart, ident)
    alt = chart.summary or describe(chart)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{chart.kind}"'
        f' viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(chart.title)}</title><desc id="{ident}-desc">{escape(alt)}</desc>'
        f"{_patterns(ident, len(chart.categories) if chart.kind in ('pie', 'donut') else len(chart.series))}"
        f"{body}</svg>"
    )
    header, rows = table_of(chart)
    return DrawnChart(ident, chart, svg, alt, header, rows)


def describe(chart: Chart) -> str:
    """The text alternative: every number, in reading order."""

    def values(series) -> str:
        pairs = zip(chart.categories, series.values, strict=False)
        return "，".join(f"{c}{number(v)}{chart.unit}" for c, v in pairs)

    if len(chart.series) == 1:
        return f"{chart.title}：{values(chart.series[0])}。"
    return f"{chart.title}。" + "；".join(f"{s.name}：{values(s)}" for s in chart.series) + "。"


def table_of(chart: Chart) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    unit = f"（{chart.unit}）" if chart.unit else ""
    header = ("项目",) + tuple(s.name + unit for s in chart.series)
    rows = [(c,) + tuple(number(s.values[i]) for s in chart.series) for i, c in enumerate(chart.categories)]
    if chart.kind in ("pie", "donut"):
        header += ("占比",)
        shares = _shares(chart.series[0].values)
        rows = [row + (f"{share}%",) for row, share in zip(rows, shares, strict=False)]
    return header, tuple(rows)


def _shares(values) -> list[str]:
    total = sum(values)
    return [f"{round(v * 100 / total, 1):g}" for v in values]


def _patterns(ident: str, count: int) -> str:
    shapes = (
        '<path class="hatch" d="M0 6L6 0"/>',
        '<circle class="dot" cx="3" cy="3" r="1.2"/>',
        '<path class="hatch" d="M0 3H6"/>',
        '<path class="hatch" d="M0 0L6 6M0 6L6 0"/>',
        '<path class="hatch" d="M3 0V6"/>',
    )
    defs = "".join(
        f'<pattern id="{ident}-p{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f"{shapes[(i - 1) % PATTERNS]}</pattern>"
        for i in range(1, count)
    )
    return f"<defs>{defs}</defs>" if defs else ""


def _swatch(
    ident: str, index: int, x: float, y: float, w: float, h: float, tag: str = "rect", extra: str = ""
) -> str:
    """A filled shape in series colour `index`, with its pattern laid over it."""
    shape = (
        f'<{tag} class="fill s{index % 6}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"{extra}/>'
    )
    if index:
        shape += (
            f'<{tag} class="pattern" fill="url(#{ident}-p{(index - 1) % PATTERNS + 1})"'
            f' x="{x:.1f}" y="{y:.1f}"'
            f' width="{w:.1f}" height="{h:.1f}"{extra}/>'
        )
    return shape


def svg_text(x: float, y: float, text: str, cls: str = "", anchor: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' text-anchor="{anchor}"' if anchor else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{escape(text)}</text>'


def wrapped_label(x: float, y: float, text: str, width: float, cls: str = "label") -> tuple[str, float]:
    """Wrapped text from top `y`; returns the markup and the y below it."""
    out = ""
    for line in lines_of(text, width):
        y += LINE
        out += svg_text(x, y - 4, line, cls)
    return out, y


def _legend(chart: Chart, ident: str, names, y: float) -> tuple[str, float]:
    """Swatches with their names, flowing onto as many lines as they need."""
    if len(names) < 2:
        return "", y
    out, x, y = "", 0.0, y + 2
    for index, name in enumerate(names):
        width = 22 + min(text_width(name), WIDTH - 22) + 14
        if x and x + width > WIDTH:
            x, y = 0.0, y + LINE + 4
        out += _swatch(ident, index, x, y + 2, 14, 14)
        line = lines_of(name, WIDTH - 22, 1)[0]
        out += svg_text(x + 20, y + 14, line, "legend")
        x += width
    return out, y + LINE + 10


def _bars(chart: Chart, ident: str) -> tuple[str, int]:
    out, y = _legend(chart, ident, [s.name for s in chart.series], 0)
    labels = [f"{number(v)}{chart.unit}" for s in chart.series for v in s.values]
    room = max(text_width(t) for t in labels) + 8
    top = max(max(s.values) for s in chart.series) or 1
    for index, category in enumerate(chart.categories):
        markup, y = wrapped_label(0, y, category, WIDTH)
        out += markup
        for number_, series in enumerate(chart.series):
            value = series.values[index]
            length = value / top * (WIDTH - room)
            out += _swatch(ident, number_, 0, y, max(length, 1), BAR)
            out += svg_text(length + 5, y + BAR - 3, f"{number(value)}{chart.unit}", "value")
            y += BAR + 4
        y += 8
    return out, math.ceil(y)


def _stacked(chart: Chart, ident: str) -> tuple[str, int]:
    out, y = _legend(chart, ident, [s.name for s in chart.series], 0)
    totals = [sum(s.values[i] for s in chart.series) for i in range(len(chart.categories))]
    room = max(text_width(f"{number(t)}{chart.unit}") for t in totals) + 8
    top = max(totals) or 1
    for index, category in enumerate(chart.categories):
        markup, y = wrapped_label(0, y, category, WIDTH)
        out += markup
        x = 0.0
        for number_, series in enumerate(chart.series):
            length = series.values[index] / top * (WIDTH - room)
            if length > 0:
                out += _swatch(ident, number_, x, y, length, BAR + 4)
                shown = number(series.values[index])
                if text_width(shown) + 6 < length:  # the part's number inside it, when it fits
                    out += svg_text(x + length / 2, y + BAR, shown, "value in-bar", "middle")
            x += length
        out += svg_text(x + 5, y + BAR, f"{number(totals[index])}{chart.unit}", "value")
        y += BAR + 16
    return out, math.ceil(y)


def _ticks(top: float) -> list[float]:
    """0 and 3-5 round steps up to at least `top`."""
    raw = (top or 1) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [step * i for i in range(int(math.ceil((top or 1) / step)) + 1)]


MARKERS = (
    '<circle class="marker s{i}" cx="{x:.1f}" cy="{y:.1f}" r="4"/>',
    '<rect class="marker s{i}" x="{l:.1f}" y="{t:.1f}" width="8" height="8"/>',
    '<path class="marker s{i}" d="M{x:.1f} {t:.1f}l4 4-4 4-4-4z"/>',
    '<path class="marker s{i}" d="M{x:.1f} {t:.1f}l4.5 8h-9z"/>',
)
DASHES = ("", ' stroke-dasharray="6 3"', ' stroke-dasharray="2 3"', ' stroke-dasharray="8 3 2 3"')


def _lines(chart: Chart, ident: str) -> tuple[str, int]:
    out, top = _legend_lines(chart)
    ticks = _ticks(max(max(s.values) for s in chart.series))
    left = max(text_width(number(t), 12) for t in ticks) + 8
    right, height = WIDTH - 10, 180
    bottom = top + height
    for tick in ticks:
        y = bottom - tick / ticks[-1] * height
        out += f'<line class="grid" x1="{left:.1f}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>'
        out += svg_text(left - 5, y + 4, number(tick), "tick", "end")
    count = len(chart.categories)
    slot = (right - left) / count
    xs = [left + slot * (i + 0.5) for i in range(count)]
    every = max(1, math.ceil(SIZE * 1.2 / slot))  # below one hanzi per slot: label every n-th
    lowest = bottom
    for index, (x, category) in enumerate(zip(xs, chart.categories, strict=False)):
        if index % every:
            continue
        y = bottom + 4
        for line in lines_of(category, slot * every - 4, 3):
            y += LINE
            out += svg_text(x, y - 4, line, "label", "middle")
        lowest = max(lowest, y)
    for number_, series in enumerate(chart.series):
        points = [(x, bottom - v / ticks[-1] * height) for x, v in zip(xs, series.values, strict=False)]
        out += (
            f'<polyline class="line s{number_ % 6}" fill="none" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            + f'"{DASHES[number_ % 4]}/>'
        )
        for x, y in points:
            out += MARKERS[number_ % 4].format(i=number_ % 6, x=x, y=y, l=x - 4, t=y - 4)
    return out, math.ceil(lowest + 6)


def _legend_lines(chart: Chart) -> tuple[str, float]:
    """A line chart's legend shows each series' marker and dash, which print in grey too."""
    if len(chart.series) < 2:
        return "", 12
    out, y = "", 0.0
    for number_, series in enumerate(chart.series):
        out += (
            f'<line class="line s{number_ % 6}" x1="0" y1="{y + 10:.1f}" x2="24" y2="{y + 10:.1f}"'
            f"{DASHES[number_ % 4]}/>"
        )
        out += MARKERS[number_ % 4].format(i=number_ % 6, x=12, y=y + 10, l=8, t=y + 6)
        markup, y = wrapped_label(32, y, series.name, WIDTH - 32, "legend")
        out += markup
    return out, y + 14


def _pie(chart: Chart, ident: str) -> tuple[str, int]:
    values = chart.series[0].values
    total = sum(values)
    cx, cy, outer = WIDTH / 2, 95, 90
    inner = 50 if chart.kind == "donut" else 0
    out, angle = "", -math.pi / 2
    shares = _shares(values)
    for index, value in enumerate(values):
        sweep = value / total * 2 * math.pi
        if sweep <= 0:
            continue
        out += _slice(ident, index, cx, cy, outer, inner, angle, sweep)
        if sweep > 0.45:  # the share inside the slice when it fits; always in the legend below
            middle, radius = angle + sweep / 2, (outer + inner) / 2 if inner else outer * 0.62
            out += svg_text(
                cx + radius * math.cos(middle),
                cy + radius * math.sin(middle) + 5,
                f"{shares[index]}%",
                "value in-bar",
                "middle",
            )
        angle += sweep
    y: float = cy + outer + 12
    for index, category in enumerate(chart.categories):
        out += _swatch(ident, index, 0, y + 3, 14, 14)
        markup, y = wrapped_label(
            22,
            y,
            f"{category}：{number(values[index])}{chart.unit}（{shares[index]}%）",
            WIDTH - 22,
            "legend",
        )
        out += markup + ""
        y += 4
    return out, math.ceil(y + 4)


def _slice(ident, index, cx, cy, outer, inner, start, sweep) -> str:
    def at(radius, angle):
        return f"{cx + radius * math.cos(angle):.2f} {cy + radius * math.sin(angle):.2f}"

    if sweep >= 2 * math.pi - 1e-9:  # the whole circle: an arc cannot end where it starts
        sweep = 2 * math.pi - 1e-4
    large = 1 if sweep > math.pi else 0
    end = start + sweep
    path = f"M{at(outer, start)}A{outer} {outer} 0 {large} 1 {at(outer, end)}"
    path += (
        f"L{at(inner, end)}A{inner} {inner} 0 {large} 0 {at(inner, start)}Z"
        if inner
        else f"L{cx:.2f} {cy:.2f}Z"
    )
    shape = f'<path class="fill s{index % 6}" d="{path}"/>'
    if index:
        shape += f'<path class="pattern" fill="url(#{ident}-p{(index - 1) % PATTERNS + 1})" d="{path}"/>'
    return shape
