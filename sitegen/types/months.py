"""The events' month calendars: events/calendar/YYYY-MM/, one grid of weeks per month, Monday first
as calendars in China are printed. Pure values: the template draws them as an HTML table."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)


@dataclass(frozen=True)
class Entry:
    """One event on one day of the grid, with the time shown beside its link."""

    item: object  # content.loading.Item
    when: str  # "9:00-11:30", "全天", "9:00起", "至16:30", "第3天，共25天"


@dataclass(frozen=True)
class Day:
    date: dt.date
    entries: tuple[Entry, ...] = ()
    today: bool = False


@dataclass(frozen=True, order=True)
class MonthRef:
    """A month of the calendar, for links: its page and its name."""

    year: int
    month: int

    @property
    def path(self) -> str:
        return f"events/calendar/{self.year:04d}-{self.month:02d}/"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> MonthRef:
        return MonthRef(self.year + 1, 1) if self.month == 12 else MonthRef(self.year, self.month + 1)


@dataclass(frozen=True)
class Month:
    ref: MonthRef
    weeks: tuple[tuple[Day | None, ...], ...]  # None: a day of the month before or after
    events: tuple  # items on at least one day of the month, by start
    previous: MonthRef | None  # the month before, when it has a page
    following: MonthRef | None
    nearest: tuple[MonthRef, ...] = ()  # a month without events: the nearest months that have some


def month_of(date: dt.date) -> MonthRef:
    return MonthRef(date.year, date.month)


def event_days(start, end, zone) -> tuple[dt.date, dt.date]:
    """The first and last day an event takes, in the site's zone. A timed end at midnight of a
    later day ends the day before: nothing happens on that day."""
    first = start.astimezone(zone).date() if isinstance(start, dt.datetime) else start
    if end is None:
        return first, first
    if isinstance(end, dt.datetime):
        local = end.astimezone(zone)
        last = local.date()
        if local.time() == dt.time() and last > first:
            last -= dt.timedelta(days=1)
        return first, max(first, last)
    return first, max(first, end)


def _clock(moment: dt.datetime, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local.hour}:{local.minute:02d}"


def when_on(day: dt.date, start, end, zone) -> str:
    """What the grid says beside an event on `day`: its times, or which of its days this is."""
    first, last = event_days(start, end, zone)
    timed = isinstance(start, dt.datetime)
    if first == last:
        if not timed:
            return "全天"
        return (
            f"{_clock(start, zone)}-{_clock(end, zone)}"
            if isinstance(end, dt.datetime)
            else _clock(start, zone)
        )
    if timed and day == first:
        return f"{_clock(start, zone)}起"
    if isinstance(end, dt.datetime) and day == last:
        return f"至{_clock(end, zone)}"
    return f"第{(day - first).days + 1}天，共{(last - first).days + 1}天"


def event_months(start, end, zone) -> list[MonthRef]:
    """The months an event is on, for the links from its page."""
    first, last = event_days(start, end, zone)
    return _months_between(month_of(first), month_of(last))


def _months_between(first: MonthRef, last: MonthRef) -> list[MonthRef]:
    months = [first]
    while months[-1] < last:
        months.append(months[-1].next())
    return months


def calendar_months(events, zone, today: dt.date) -> list[MonthRef]:
    """Every month from the first event's to the last event's, and the month of `today`."""
    if not events:
        return []
    spans = [event_days(e.front.start, e.front.end, zone) for e in events]
    first = min([s for s, _ in spans] + [today])
    last = max([e for _, e in spans] + [today])
    return _months_between(month_of(first), month_of(last))


def build_months(events, zone, today: dt.date) -> list[Month]:
    """The month pages of a site's events (items of type event), oldest first."""
    refs = calendar_months(events, zone, today)
    spans = {e.source: event_days(e.front.start, e.front.end, zone) for e in events}
    ordered = sorted(events, key=lambda e: (spans[e.source][0], _start_moment(e, zone), e.front.title))
    members = {
        ref: [e for e in ordered if spans[e.source][0] <= ref.last and spans[e.source][1] >= ref.first]
        for ref in refs
    }
    busy = [ref for ref in refs if members[ref]]
    pages = []
    for index, ref in enumerate(refs):
        weeks = tuple(
            tuple(
                _day(date, members[ref], spans, zone, today) if date.month == ref.month else None
                for date in week
            )
            for week in _WEEKS.monthdatescalendar(ref.year, ref.month)
        )
        pages.append(
            Month(
                ref,
                weeks,
                tuple(members[ref]),
                refs[index - 1] if index > 0 else None,
                refs[index + 1] if index + 1 < len(refs) else None,
                () if members[ref] else _nearest(busy, ref),
            )
        )
    return pages


def _start_moment(event, zone) -> dt.datetime:
    start = event.front.start
    return start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time(), tzinfo=zone)


def _day(date: dt.date, members, spans, zone, today: dt.date) -> Day:
    entries = tuple(
        Entry(e, when_on(date, e.front.start, e.front.end, zone))
        for e in members
        if spans[e.source][0] <= date <= spans[e.source][1]
    )
    return Day(date, entries, date == today)


def _nearest(busy: list[MonthRef], ref: MonthRef) -> tuple[MonthRef, ...]:
    """The last month with events before `ref` and the first one after it."""
    before = [m for m in busy if m < ref]
    after = [m for m in busy if m > ref]
    return tuple(([before[-1]] if before else []) + ([after[0]] if after else []))
