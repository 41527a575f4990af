"""Dates in Chinese, one way for every page, feed-free output and search record:
2023年6月26日, 2023年6月26日 9:00, 2023年6月1日至30日."""

from __future__ import annotations

import datetime as dt
from typing import Any


def cn_date(value: Any, zone=None) -> str:
    """2023年6月26日, with the time as 9:00 when there is one (in `zone` when given)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if zone is not None:
            value = value.astimezone(zone)
        return f"{value.year}年{value.month}月{value.day}日 {value.hour}:{value.minute:02d}"
    return f"{value.year}年{value.month}月{value.day}日"


def cn_day(value: Any, zone=None) -> str:
    """The day alone: 2023年6月26日, a moment's day taken in `zone` when given."""
    if isinstance(value, dt.datetime):
        value = (value.astimezone(zone) if zone is not None else value).date()
    return cn_date(value)


def cn_range(start: Any, end: Any, zone) -> str:
    """2023年6月1日至30日; 2023年6月12日 9:00-11:30; repeats only what changes."""
    if isinstance(start, dt.datetime):
        start = start.astimezone(zone)
    if isinstance(end, dt.datetime):
        end = end.astimezone(zone)
    first = cn_date(start)
    if end is None or end == start:
        return first
    timed = isinstance(start, dt.datetime)
    if timed and isinstance(end, dt.datetime) and end.date() == start.date():
        return f"{first}-{end.hour}:{end.minute:02d}"
    if end.year != start.year:
        return f"{first}至{cn_date(end)}"
    rest = f"{end.month}月{end.day}日" if (end.month != start.month or timed) else f"{end.day}日"
    if isinstance(end, dt.datetime):
        rest += f" {end.hour}:{end.minute:02d}"
    return f"{first}至{rest}"


def iso_datetime(value: Any, zone) -> str:
    """RFC 3339 for feeds and sitemaps; a bare date is midnight in the site's zone."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    return value.astimezone(zone).isoformat()


def not_after(value: Any, now: dt.datetime, zone) -> dt.datetime:
    """A date or moment as a moment, but never later than `now`: a feed's `updated` and an
    .ics DTSTAMP say when something was written, and that is never in the future."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    return min(value, now)
