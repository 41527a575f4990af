"""The events' month calendars (events/calendar/YYYY-MM/): the grid of weeks, Monday first; leap
years; events over several days and months; today; the month pages of a built site; and an event
edit re-rendering only the months it is on."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import BASIC_TOML, build, new_state, write_site
from sitegen.types.months import MonthRef, build_months, calendar_months, event_days, event_months, when_on

ZONE = ZoneInfo("Asia/Shanghai")
SCHOOLS = Path(__file__).parent / "golden" / "schools" / "site"


@dataclass(frozen=True)
class Front:
    title: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None


@dataclass(frozen=True)
class Event:
    source: str
    front: Front
    path: str = "events/x/"


def event(title: str, start, end=None) -> Event:
    return Event(f"content/events/{title}.md", Front(title, start, end))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZONE)


def grid(month) -> list[list[int | None]]:
    return [[day.date.day if day else None for day in week] for week in month.weeks]


def test_weeks_start_on_monday():
    [june] = build_months([event("a", dt.date(2023, 6, 26))], ZONE, dt.date(2023, 6, 1))
    weeks = grid(june)
    assert weeks[0] == [None, None, None, 1, 2, 3, 4]  # 1 June 2023 was a Thursday
    assert weeks[-1] == [26, 27, 28, 29, 30, None, None]
    assert all(len(week) == 7 for week in weeks)
    assert [d.date.weekday() for d in june.weeks[1]] == list(range(7))  # Monday = 0 ... Sunday = 6
    [january] = build_months([event("b", dt.date(2024, 1, 1))], ZONE, dt.date(2024, 1, 1))
    assert grid(january)[0] == [1, 2, 3, 4, 5, 6, 7]  # 1 January 2024: a Monday opens the first row


def test_february_of_leap_and_common_years():
    def days_of(year: int) -> int:
        [february] = build_months([event("a", dt.date(year, 2, 1))], ZONE, dt.date(year, 2, 1))
        return max(day for week in grid(february) for day in week if day)

    assert days_of(2024) == 29
    assert days_of(2023) == 28
    assert days_of(2000) == 29  # divisible by 400
    assert days_of(2100) == 28  # divisible by 100 only
    [february] = build_months([event("a", dt.date(2021, 2, 1))], ZONE, dt.date(2021, 2, 1))
    assert grid(february) == [list(range(n, n + 7)) for n in (1, 8, 15, 22)]  # four full weeks


def test_an_event_over_several_days_is_on_each_of_them_with_which_day_it_is():
    contest = event("征集", dt.date(2023, 6, 1), dt.date(2023, 6, 25))
    [june] = build_months([contest], ZONE, dt.date(2023, 6, 1))
    days = {d.date.day: d for week in june.weeks for d in week if d}
    on = [n for n, d in days.items() if d.entries]
    assert on == list(range(1, 26))
    assert days[1].entries[0].when == "第1天，共25天"
    assert days[25].entries[0].when == "第25天，共25天"
    assert not days[26].entries


def test_times_beside_the_links():
    assert when_on(dt.date(2023, 6, 1), at("2023-06-01T09:00"), at("2023-06-01T11:30"), ZONE) == "9:00-11:30"
    assert when_on(dt.date(2023, 6, 1), at("2023-06-01T14:30"), None, ZONE) == "14:30"
    assert when_on(dt.date(2023, 6, 26), dt.date(2023, 6, 26), None, ZONE) == "全天"
    start, end = at("2023-06-12T09:00"), at("2023-06-14T16:30")
    assert [when_on(dt.date(2023, 6, d), start, end, ZONE) for d in (12, 13, 14)] == [
        "9:00起", "第2天，共3天", "至16:30"]


def test_days_are_taken_in_the_sites_time_zone():
    late = dt.datetime(2023, 6, 30, 17, 0, tzinfo=dt.UTC)  # 1 July, 1:00 in Beijing
    assert event_days(late, None, ZONE) == (dt.date(2023, 7, 1), dt.date(2023, 7, 1))
    assert when_on(dt.date(2023, 7, 1), late, None, ZONE) == "1:00"
    months = build_months([event("a", late)], ZONE, dt.date(2023, 7, 1))
    assert [m.ref for m in months] == [MonthRef(2023, 7)]


def test_an_end_at_midnight_ends_the_day_before():
    assert event_days(at("2023-06-01T20:00"), at("2023-06-02T00:00"), ZONE) == (
        dt.date(2023, 6, 1), dt.date(2023, 6, 1))


def test_an_event_across_a_new_year_is_on_both_months():
    winter = event("冬训", dt.date(2023, 12, 28), dt.date(2024, 1, 3))
    assert event_months(winter.front.start, winter.front.end, ZONE) == [MonthRef(2023, 12), MonthRef(2024, 1)]
    december, january = build_months([winter], ZONE, dt.date(2023, 12, 1))
    assert december.events == january.events == (winter,)
    assert [d.date.day for week in january.weeks for d in week if d and d.entries] == [1, 2, 3]
    assert january.weeks[0][2].entries[0].when == "第7天，共7天"
    assert december.following == january.ref and january.previous == december.ref
    assert december.previous is None and january.following is None


def test_every_month_from_the_first_event_to_the_last_and_the_current_one():
    events = [event("a", dt.date(2023, 11, 5)), event("b", dt.date(2024, 2, 10))]
    assert [m.label for m in calendar_months(events, ZONE, dt.date(2024, 1, 15))] == [
        "2023年11月", "2023年12月", "2024年1月", "2024年2月"]
    assert [m.label for m in calendar_months(events, ZONE, dt.date(2024, 5, 1))][-1] == "2024年5月"
    assert calendar_months([], ZONE, dt.date(2024, 5, 1)) == []  # no events: no calendar
    months = build_months(events, ZONE, dt.date(2024, 1, 15))
    empty = months[1]
    assert not empty.events and empty.nearest == (MonthRef(2023, 11), MonthRef(2024, 2))
    assert months[0].nearest == ()


def test_today_is_marked_only_in_its_month():
    months = build_months([event("a", dt.date(2024, 6, 26))], ZONE, dt.date(2024, 7, 1))
    marked = [(m.ref, d.date) for m in months for week in m.weeks for d in week if d and d.today]
    assert marked == [(MonthRef(2024, 7), dt.date(2024, 7, 1))]


def test_events_of_a_day_in_order_of_their_start():
    late = event("下午", at("2023-06-01T14:00"))
    early = event("上午", at("2023-06-01T09:00"))
    whole = event("全天", dt.date(2023, 6, 1))
    [june] = build_months([late, early, whole], ZONE, dt.date(2023, 6, 1))
    assert [e.item.front.title for e in june.weeks[0][3].entries] == ["全天", "上午", "下午"]
    assert june.events == (whole, early, late)


# ------------------------------------------------------------------ the built site


def main_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def test_month_pages_of_a_built_site(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/events/launch.md": """\
            ---
            title: 宣传月启动仪式
            start: 2024-06-03T09:00:00+08:00
            end: 2024-06-03T11:30:00+08:00
            ---
            启动。
            """,
        "content/events/rally.md": "---\ntitle: 集中宣传\nstart: 2024-08-26\n---\n宣传。\n",
    })
    out = tmp_path / "out"
    build(site, out)  # now: 2024-07-01
    months = sorted(p.name for p in (out / "events/calendar").iterdir())
    assert months == ["2024-06", "2024-07", "2024-08"]
    june = main_of(out / "events/calendar/2024-06/index.html")
    assert "<caption>2024年6月，共1项活动</caption>" in june
    assert re.findall(r'<th scope="col">(.+?)</th>', june) == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    assert '<a href="/sub/events/launch/">宣传月启动仪式</a> <span class="when">9:00-11:30</span>' in june
    assert 'rel="next" href' not in june and 'href="/sub/events/calendar/2024-07/" rel="next"' in june
    assert 'rel="prev"' not in june and "aria-current" not in june
    assert "<script" not in main_of(out / "events/calendar/2024-06/index.html")
    july = main_of(out / "events/calendar/2024-07/index.html")
    assert re.search(r'<td class="today" aria-current="date">\s*<time class="day-number" datetime="2024-07-01">',
                     july)
    assert july.count("aria-current") == 1
    assert "2024年7月没有活动" in july and 'href="/sub/events/calendar/2024-08/">2024年8月</a>' in july
    assert 'href="/sub/events/calendar.ics"' in july  # the .ics links stay
    listing = main_of(out / "events/index.html")
    assert 'href="/sub/events/calendar/2024-07/">按月查看活动日历' in listing
    assert 'href="/sub/events/calendar.ics"' in listing
    page = main_of(out / "events/launch/index.html")
    assert '在活动日历中查看：<a href="/sub/events/calendar/2024-06/">2024年6月</a>' in page
    assert 'href="/sub/events/launch/event.ics"' in page
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/sub/events/calendar/2024-06/" in sitemap


def test_a_site_without_events_has_no_calendar(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n正文。\n"})
    build(site, tmp_path / "out")
    assert not (tmp_path / "out/events").exists()


def test_an_event_edit_re_renders_the_months_it_is_on_and_no_other(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SCHOOLS, site, ignore=shutil.ignore_patterns(".cache"))
    out = tmp_path / "out"
    state = new_state(site)
    build(site, out, state=state)
    before = dict(state.cache.pages)
    source = site / "content/events/video-contest.md"
    source.write_text(source.read_text(encoding="utf-8").replace("禁毒短视频征集", "禁毒微视频征集"), encoding="utf-8")
    build(site, out, state=state)
    changed = {p for p, entry in state.cache.pages.items() if entry is not before.get(p)}
    months = {p for p in changed if p.startswith("events/calendar/")}
    assert months == {"events/calendar/2023-06/index.html"}
    assert "禁毒微视频征集" in (out / "events/calendar/2023-06/index.html").read_text(encoding="utf-8")
    # Moved to begin a month earlier: the new first month, and the month it is still on.
    before = dict(state.cache.pages)
    source.write_text(source.read_text(encoding="utf-8").replace("start: 2023-06-01", "start: 2023-05-20"),
                      encoding="utf-8")
    build(site, out, state=state)
    changed = {p for p, entry in state.cache.pages.items() if entry is not before.get(p)}
    months = {p for p in changed if p.startswith("events/calendar/")}
    assert months == {"events/calendar/2023-05/index.html", "events/calendar/2023-06/index.html"}
    assert (out / "events/calendar/2023-05/index.html").is_file()
    # Moved out of its month: the month it left shows it no more.
    launch = site / "content/events/launch.md"
    launch.write_text(launch.read_text(encoding="utf-8").replace("2023-06-01T", "2024-03-05T"), encoding="utf-8")
    before = dict(state.cache.pages)
    build(site, out, state=state)
    changed = {p for p, entry in state.cache.pages.items() if entry is not before.get(p)}
    assert {"events/calendar/2023-06/index.html", "events/calendar/2024-03/index.html"} <= changed
    assert "宣传月启动仪式" not in main_of(out / "events/calendar/2023-06/index.html")
    assert "宣传月启动仪式" in main_of(out / "events/calendar/2024-03/index.html")
