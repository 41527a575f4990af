"""A campaign's phases and deadlines against "now", drawn as SVG (same rules as svg.py)."""

from __future__ import annotations

import datetime as dt
from html import escape

from sitegen.figures.svg import LINE, WIDTH, svg_text, text_width, wrapped_label


def _day(when) -> dt.date:
    return when.date() if isinstance(when, dt.datetime) else when


def _cn(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def timeline_svg(front, states, today: dt.date, ident: str = "timeline") -> tuple[str, str]:
    """(SVG markup, the same in words). `states` are the tasks' TaskStates (progress.py)."""
    phases = [p for p in front.phases if p.start and p.end]
    marks = [(_day(s.task.deadline), s.state) for s in states]
    first = min([_day(front.start)] + [_day(p.start) for p in phases] + [d for d, _ in marks])
    last = max([_day(front.end)] + [_day(p.end) for p in phases] + [d for d, _ in marks])
    span = max((last - first).days + 1, 1)

    def x(day: dt.date, end: bool = False) -> float:
        return ((day - first).days + (1 if end else 0)) / span * WIDTH

    out, y = "", 0.0
    for index, phase in enumerate(phases):
        label = f"{phase.name}（{_cn(_day(phase.start))}至{_cn(_day(phase.end))}）"
        markup, y = wrapped_label(0, y, label, WIDTH)
        left, right = x(_day(phase.start)), x(_day(phase.end), end=True)
        out += (
            markup
            + f'<rect class="phase s{index % 6}" x="{left:.1f}" y="{y:.1f}"'
            + f' width="{max(right - left, 2):.1f}" height="12"/>'
        )
        y += 20
    if marks:
        markup, y = wrapped_label(0, y, f"任务时限（{len(marks)}项）", WIDTH)
        out += markup
        for day, state in sorted(set(marks)):
            centre = min(max(x(day) + WIDTH / span / 2, 5), WIDTH - 5)
            out += f'<path class="deadline {state}" d="M{centre:.1f} {y:.1f}l5 10h-10z"/>'
        y += 16
    axis = y + 4
    out += f'<line class="axis" x1="0" y1="{axis:.1f}" x2="{WIDTH}" y2="{axis:.1f}"/>'
    out += _ticks(first, last, x, axis)
    words_now, top = _now_words(front, today), axis + LINE + 8
    if first <= today <= last:
        at = x(today) + WIDTH / span / 2
        out = (
            f'<line class="now" x1="{at:.1f}" y1="0" x2="{at:.1f}" y2="{axis + 4:.1f}"/>' + out
        )  # behind the labels
        anchor = "start" if at < WIDTH / 2 else "end"
        out += svg_text(
            at + (4 if anchor == "start" else -4), top + 12, f"今天 {_cn(today)}", "now-label", anchor
        )
        top += 18
    words = "；".join(f"{p.name}{_cn(_day(p.start))}至{_cn(_day(p.end))}" for p in phases)
    words = (words + "。" if words else "") + words_now
    height = int(top + 4)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg timeline" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">工作步骤和任务时限</title>'
        f'<desc id="{ident}-desc">{escape(words)}</desc>{out}</svg>'
    )
    return svg, words


def _ticks(first: dt.date, last: dt.date, x, axis: float) -> str:
    """Month starts for a long campaign, else evenly spaced days; never closer than a label's width."""
    room = text_width("12月31日", 12) + 10
    months = [
        dt.date(y, m, 1)
        for y in range(first.year, last.year + 1)
        for m in range(1, 13)
        if first < dt.date(y, m, 1) <= last
    ]
    if len(months) >= 2:
        days, label = [first] + months, (lambda d: f"{d.month}月" if d.day == 1 else _cn(d))
    else:
        count = max(int(WIDTH // room), 2)
        step = max((last - first).days // (count - 1), 1)
        days, label = (
            [first + dt.timedelta(days=step * i) for i in range(count) if step * i <= (last - first).days],
            _cn,
        )
    out, previous = "", -room
    for day in days:
        at = x(day)
        text = label(day)
        width = text_width(text, 12)
        left = min(at, WIDTH - width)
        if left - previous < room * 0.9 and day != days[0]:
            continue  # would touch the label before it
        out += f'<line class="tick-mark" x1="{at:.1f}" y1="{axis:.1f}" x2="{at:.1f}" y2="{axis + 4:.1f}"/>'
        out += svg_text(left, axis + 18, text, "tick")
        previous = left
    return out


def _now_words(front, today: dt.date) -> str:
    start, end = _day(front.start), _day(front.end)
    if today > end:
        return f"截至{today.year}年{_cn(today)}，行动已于{end.year}年{_cn(end)}结束。"
    if today < start:
        return f"行动将于{start.year}年{_cn(start)}开始，还有{(start - today).days}天。"
    return f"今天是行动的第{(today - start).days + 1}天，距结束还有{(end - today).days}天。"
