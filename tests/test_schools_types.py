"""Guides, events and campaigns: calendars parsed back, dates the Chinese way, now-relative views."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from conftest import NOW, build
from sitegen.text.dates import cn_range

SCHOOLS = Path(__file__).parent / "golden/schools/site"
ZONE = ZoneInfo("Asia/Shanghai")


def _events(path: Path) -> dict:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_event_ics_parse_back(tmp_path):
    out = tmp_path / "out"
    build(SCHOOLS, out)
    launch = _events(out / "events/launch/event.ics")["launch@example.gov.cn"]
    assert launch.decoded("dtstart") == dt.datetime(2023, 6, 1, 9, 0, tzinfo=ZONE)
    assert launch.decoded("dtend") == dt.datetime(2023, 6, 1, 11, 30, tzinfo=ZONE)
    assert launch["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert str(launch["url"]) == "https://example.gov.cn/events/launch/"
    assert str(launch["location"]) == "县文化广场"
    contest = _events(out / "events/video-contest/event.ics")["video-contest@example.gov.cn"]
    assert contest.decoded("dtstart") == dt.date(2023, 6, 1)
    assert contest.decoded("dtend") == dt.date(2023, 6, 26), "an all-day DTEND is the day after the last"
    everything = _events(out / "events/calendar.ics")
    assert sorted(everything) == ["launch@example.gov.cn", "rally-2027@example.gov.cn", "video-contest@example.gov.cn"]


def test_chinese_date_ranges():
    assert cn_range(dt.date(2023, 6, 1), dt.date(2023, 6, 30), ZONE) == "2023年6月1日至30日"
    assert cn_range(dt.datetime(2023, 6, 12, 9, 0, tzinfo=ZONE), dt.datetime(2023, 6, 12, 11, 30, tzinfo=ZONE), ZONE) \
        == "2023年6月12日 9:00-11:30"
    assert cn_range(dt.date(2020, 9, 1), dt.date(2020, 12, 31), ZONE) == "2020年9月1日至12月31日"
    assert cn_range(dt.date(2020, 12, 1), dt.date(2021, 1, 5), ZONE) == "2020年12月1日至2021年1月5日"
    assert cn_range(dt.date(2023, 6, 26), None, ZONE) == "2023年6月26日"
    utc = dt.datetime(2023, 6, 12, 1, 0, tzinfo=dt.timezone.utc)
    assert cn_range(utc, None, ZONE) == "2023年6月12日 9:00", "times are shown in the site's zone"


def test_upcoming_and_past_follow_now(tmp_path):
    build(SCHOOLS, tmp_path / "a", now=NOW)
    events = (tmp_path / "a/events/index.html").read_text()
    assert events.index("即将举行") < events.index("国际禁毒日集中宣传") < events.index("往期活动") < events.index("宣传月启动仪式")
    assert "近期活动" in (tmp_path / "a/index.html").read_text()
    later = dt.datetime(2028, 1, 1, tzinfo=ZONE)
    build(SCHOOLS, tmp_path / "b", now=later)
    assert "即将举行" not in (tmp_path / "b/events/index.html").read_text()
    assert "近期活动" not in (tmp_path / "b/index.html").read_text()
    earlier = dt.datetime(2023, 6, 20, tzinfo=ZONE)
    build(SCHOOLS, tmp_path / "c", now=earlier)
    campaign = (tmp_path / "c/campaigns/propaganda-month/index.html").read_text()
    assert campaign.count("已过时限") == 1 and campaign.count("未到时限") == 2
    event = (tmp_path / "c/events/video-contest/index.html").read_text()
    assert "即将举行" in event and 'href="/events/video-contest/event.ics"' in event


def test_campaign_tasks_grouped_by_area_and_sorted_by_deadline(tmp_path):
    build(SCHOOLS, tmp_path / "out")
    page = (tmp_path / "out/campaigns/propaganda-month/index.html").read_text()
    assert page.index("组织部署") < page.index("报送活动方案") < page.index("报送工作总结") < page.index("寄递物流")
    assert page.index("宣传月启动仪式") > page.index("相关活动")


def test_programme_page_lists_guides_in_order_with_checklist_and_qr(tmp_path):
    build(SCHOOLS, tmp_path / "out")
    page = (tmp_path / "out/guides/students-five-ones/index.html").read_text()
    assert page.index("参观一次禁毒教育基地") < page.index("上好一堂禁毒课")
    assert "落实情况清单" in page and 'src="/guides/students-five-ones/qr.svg"' in page
    svg = (tmp_path / "out/guides/students-five-ones/qr.svg").read_text()
    assert svg.startswith("<svg") and "在校学生" in svg
    guide = (tmp_path / "out/guides/lesson/index.html").read_text()
    assert "活动记录表" in guide and "1课时（40分钟）" in guide
    assert 'href="/guides/lesson/lesson-plan.txt" download' in guide and "（TXT，" in guide
    visit = (tmp_path / "out/guides/visit/index.html").read_text()
    assert "活动记录表" not in visit, "record sheet only where record_form is true"
