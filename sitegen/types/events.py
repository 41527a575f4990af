"""Dated activities: 6.26 rallies, launch ceremonies, contests; with iCalendar files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitegen.content.model import CheckContext, CommonFront, ContentType, Output, as_moment
from sitegen.content.schema import When
from sitegen.errors import Diagnostics, error
from sitegen.media.qr import qr_svg
from sitegen.types.months import build_months, event_months, month_of


@dataclass(frozen=True, kw_only=True)
class Organizers:
    lead: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class EventFront(CommonFront):
    start: When = field()
    end: When | None = None
    all_day: bool | None = None  # default: true when start is a bare date
    location: str = ""
    organizers: Organizers = Organizers()
    theme: str = ""
    campaign: str | None = None

    @property
    def is_all_day(self) -> bool:
        return self.all_day if self.all_day is not None else not isinstance(self.start, dt.datetime)


def is_upcoming(item, now: dt.datetime) -> bool:
    front = item.front
    return as_moment(front.end or front.start, now.tzinfo, end_of_day=True) >= now


def _sort_key(item, now) -> tuple:
    """Upcoming events first, soonest first; then past events, latest first."""
    stamp = as_moment(item.front.start, now.tzinfo).timestamp()
    return (0, stamp, item.front.title) if is_upcoming(item, now) else (1, -stamp, item.front.title)


def _check(events, context: CheckContext, problems: Diagnostics) -> None:
    campaigns = context.slugs_of("campaign")
    for item in events:
        front = item.front
        zone = context.settings.zone
        if front.end is not None:
            if isinstance(front.start, dt.datetime) != isinstance(front.end, dt.datetime):
                problems.append(
                    error(
                        item.source,
                        item.line_of("end"),
                        "'start' and 'end' must both be dates or both be times",
                    )
                )
            elif as_moment(front.end, zone) < as_moment(front.start, zone):
                problems.append(error(item.source, item.line_of("end"), "the event ends before it starts"))
        if front.all_day is False and not isinstance(front.start, dt.datetime):
            problems.append(
                error(
                    item.source,
                    item.line_of("all_day"),
                    "'all_day: false' needs a start time, such as 2023-06-12T09:00",
                )
            )
        if front.campaign is not None and front.campaign not in campaigns:
            known = ", ".join(campaigns) or "none"
            problems.append(
                error(
                    item.source,
                    item.line_of("campaign"),
                    f"no campaign with slug '{front.campaign}'; known: {known}",
                )
            )


def _vevent(site, item):
    import icalendar  # loaded only when a site has events: it is slow to import

    front = item.front
    event = icalendar.Event()
    host = site.settings.base_url.split("/")[2]
    event.add(
        "uid", f"{item.slug}@{host}{site.settings.base_path.rstrip('/')}"
    )  # two sites on one host differ
    stamp = front.updated or front.date or front.start
    event.add("dtstamp", min(as_moment(stamp, site.settings.zone), site.now).astimezone(dt.UTC))
    event.add("summary", front.title)
    if front.is_all_day:
        first = front.start.date() if isinstance(front.start, dt.datetime) else front.start
        last = front.end.date() if isinstance(front.end, dt.datetime) else (front.end or first)
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))  # DTEND of a DATE is exclusive
    else:
        zone = site.settings.zone
        event.add("dtstart", front.start.astimezone(zone))
        if front.end is not None:
            event.add("dtend", front.end.astimezone(zone))
    if front.location:
        event.add("location", front.location)
    event.add("url", site.absolute_url(item.path))
    event.add("description", site.body(item).summary)
    return event


def _calendar(site, events, name: str) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//sitegen//anti-drug education//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", icalendar.vText(" ".join(name.split())))  # TEXT: escaped like SUMMARY
    for item in events:
        calendar.add_component(_vevent(site, item))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _outputs(site, events) -> list[Output]:
    if not events:
        return []
    outputs = [
        Output(
            "events/calendar.ics",
            data=_calendar(site, sorted(events, key=lambda i: i.slug), site.settings.title),
        )
    ]
    for item in events:
        outputs.append(Output(item.path + "event.ics", data=_calendar(site, [item], item.front.title)))
        outputs.append(
            Output(item.path + "qr.svg", data=qr_svg(site.absolute_url(item.path), item.front.title))
        )
    for month in build_months(events, site.settings.zone, site.now.date()):
        # The month is the whole context: an event edit re-renders the months it is on.
        outputs.append(
            Output(
                month.ref.path + "index.html",
                "calendar.html",
                {"month": month, "canonical_path": month.ref.path},
            )
        )
    return outputs


def _helpers(site) -> dict:
    events = site.collections.sections.get("event", ())
    return {
        "upcoming_events": tuple(i for i in events if is_upcoming(i, site.now)),
        "past_events": tuple(i for i in events if not is_upcoming(i, site.now)),
        "is_upcoming": lambda item: is_upcoming(item, site.now),
        "events_of_campaign": lambda slug: tuple(i for i in events if i.front.campaign == slug),
        "event_months": lambda item: event_months(item.front.start, item.front.end, site.settings.zone),
        "this_month": month_of(site.now.date()),  # its calendar page is built whenever there are events
    }


SCAFFOLD = """\
---
title: {title}
start: {datetime}         # 开始时间；全天活动只写日期，如 2024-06-26
end:                      # 结束时间（可不填）
location:                 # 地点
organizers:
  lead: []                # 主办单位
  participants: []        # 参与单位
theme:                    # 活动主题
# campaign:               # 所属专项行动的 slug
{taxonomies}draft: true               # 写完后改为 false 或删除本行
---

在这里介绍活动安排。
"""

EVENT = ContentType(
    "event",
    "events",
    EventFront,
    "events/{slug}/",
    "event.html",
    "活动",
    "活动",
    list_template="event-list.html",
    cards_by_default=True,
    in_feed=True,
    sort_key=_sort_key,
    feed_date=lambda item: item.front.start,
    check=_check,
    extra_outputs=_outputs,
    search_text=lambda item: [item.front.location, item.front.theme],
    helpers=_helpers,
    helpers_read=("event",),
    scaffold=SCAFFOLD,
    now_key=lambda items, now: tuple(i.source for i in items if is_upcoming(i, now)),
)
