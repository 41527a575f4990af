"""Campaign progress: task states as of now, recurring report dates, the page's table and timeline."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from conftest import build, write_site
from sitegen.figures.progress import next_report, parse_reports, task_state
from sitegen.types.campaigns import Task

ZONE = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T10:00:00+08:00")


@pytest.mark.parametrize("today, expected", [
    ("2020-10-28", D(2020, 10, 30)), ("2020-10-30", D(2020, 10, 30)), ("2020-10-31", D(2020, 11, 10)),
    ("2020-12-31", None), ("2020-08-01", D(2020, 9, 10)),
])
def test_next_report_every_10th_20th_30th(today, expected):
    assert next_report(("every 10th, 20th, 30th",), D(2020, 9, 1), D(2020, 12, 31), D.fromisoformat(today)) == expected


def test_next_report_in_february_and_from_dates():
    assert next_report(("每月30日",), D(2021, 2, 1), D(2021, 3, 31), D(2021, 2, 1)) == D(2021, 2, 28)
    assert next_report(("2024-07-05", "2024-07-31"), D(2024, 6, 1), D(2024, 7, 31), D(2024, 7, 6)) == D(2024, 7, 31)
    assert parse_reports(["every 10th", "20th"])[0] == (10, 20)


def task(**fields) -> Task:
    return Task(area="宣传", deadline=fields.pop("deadline", D(2024, 6, 20)), task="任务", **fields)


@pytest.mark.parametrize("fields, now, state, words", [
    ({"status": "进行中"}, "2024-07-01", "overdue", "已逾期11天（进行中）"),
    ({"status": "进行中"}, "2024-06-15", "open", "进行中，剩5天"),
    ({"status": "未开始"}, "2024-06-20", "open", "未开始，今天到期"),
    ({"done": D(2024, 6, 18)}, "2024-07-01", "done", "已完成（2024年6月18日）"),
    ({}, "2024-07-01", "passed", "已过时限"),
    ({}, "2024-06-01", "coming", "未到时限，剩19天"),
    # A past campaign's unfinished task reads as ended, not overdue (issue 17).
    ({"status": "进行中"}, "2024-09-01", "ended", "行动已结束，未报完成（进行中）"),
    ({}, "2024-09-01", "ended", "行动已结束"),
])
def test_task_states_in_words(fields, now, state, words):
    found = task_state(task(**fields), D(2024, 7, 31), at(now), ZONE, D(2024, 6, 1))
    assert (found.state, found.words) == (state, words)


CAMPAIGN = """\
---
title: 夏季专项行动
start: 2024-06-01
end: 2024-07-31
phases:
  - {name: 部署, start: 2024-06-01, end: 2024-06-10}
  - {name: 宣传, start: 2024-06-11, end: 2024-07-31}
tasks:
  - {area: 组织, deadline: 2024-06-10, task: 制定方案, lead: 县禁毒办, done: 2024-06-05, report: ../articles/report.md}
  - {area: 组织, deadline: 2024-06-20, task: 召开推进会, lead: 县禁毒办, status: 进行中}
  - {area: 宣传, deadline: 2024-07-20, task: 各村报送进展, lead: 各村, status: 进行中, reports: "every 10th, 20th, 30th"}
---
"""


@pytest.fixture
def built(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/campaigns/summer.md": CAMPAIGN,
        "content/articles/report.md": "---\ntitle: 方案报告\ndate: 2024-06-05\n---\n正文\n",
    })
    out = tmp_path / "out"
    build(site, out)
    return out


def test_campaign_page_shows_progress_overdue_and_next_report(built):
    html = (built / "campaigns/summer/index.html").read_text(encoding="utf-8")
    assert "3项任务已完成1项（33%）" in html and "2项任务已完成1项（50%）" in html
    assert '<rect class="done" width="33" height="8"/>' in html
    assert "1项任务逾期未完成：</strong>召开推进会（时限2024年6月20日，县禁毒办牵头）" in html
    assert '<span class="status overdue">已逾期11天（进行中）</span>' in html
    assert '下次报送：<time datetime="2024-07-10">2024年7月10日</time>' in html
    assert '<a class="report" href="/sub/articles/report/">工作报告</a>' in html
    assert 'class="now"' in html and "今天是行动的第31天，距结束还有30天。" in html


def test_every_area_heading_has_its_data_cells(built):
    """axe th-has-data-cells: each group heading is named by the headers= of its rows' cells."""
    html = (built / "campaigns/summer/index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<th id="(task-area-\d+)" colspan="5">', html)
    assert groups == ["task-area-1", "task-area-2"]
    for group in groups:
        assert html.count(f'{group}"') == 1 + 5 * (2 if group.endswith("1") else 1)
    assert 'scope="rowgroup"' not in html


def test_campaign_list_shows_progress(built):
    html = (built / "campaigns/index.html").read_text(encoding="utf-8")
    assert "3项任务已完成1项（33%）" in html and '<span class="status overdue">逾期1项</span>' in html


def test_a_past_campaign_reads_as_ended(tmp_path):
    site = write_site(tmp_path / "site", {"content/campaigns/old.md": CAMPAIGN.replace("2024-", "2020-").replace(", report: ../articles/report.md", "")})
    build(site, tmp_path / "out")
    html = (tmp_path / "out/campaigns/old/index.html").read_text(encoding="utf-8")
    assert "逾期" not in html and "行动已结束，未报完成（进行中）" in html
    assert "截至2024年7月1日，行动已于2020年7月31日结束。" in html
