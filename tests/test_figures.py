"""Stats and charts: checked numbers, SVG that the CSP accepts, labels that stay inside, print patterns."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import build, write_site
from sitegen.figures.model import Chart, Series, number
from sitegen.figures.svg import WIDTH, describe, draw_chart, text_width

SVG = "{http://www.w3.org/2000/svg}"
LONG = "一个很长很长的中文类别名称也要换行而不是溢出图表的右边缘"


def chart(kind="bar", categories=("社区", "学校", LONG), series=(("2022年", (12, 30, 7)), ("2023年", (15, 28, 9)))):
    return Chart("标题", kind, tuple(categories), tuple(Series(n, tuple(v)) for n, v in series), "场")


KINDS = {
    "bar": chart(),
    "stacked": chart("stacked"),
    "line": chart("line", [f"{m}月" for m in range(1, 13)], [("活动", tuple(range(12))), ("培训", tuple(range(12, 0, -1)))]),
    "pie": chart("pie", ("甲", "乙", LONG), [("份额", (5, 3, 2))]),
    "donut": chart("donut", ("甲", "乙"), [("份额", (25, 34))]),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_svg_has_no_script_or_style_and_names_itself(kind):
    drawn = draw_chart(KINDS[kind], "chart-1")
    assert "<script" not in drawn.svg and "style" not in drawn.svg  # no <style>, no style=
    root = ET.fromstring(drawn.svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "chart-1-title chart-1-desc"
    assert root.find(f"{SVG}title").text == "标题"
    assert root.find(f"{SVG}desc").text == drawn.alt


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_label_stays_inside_the_drawing(kind):
    root = ET.fromstring(draw_chart(KINDS[kind], "c").svg)
    height = float(root.get("viewBox").split()[3])
    for text in root.iter(f"{SVG}text"):
        x, y, width = float(text.get("x")), float(text.get("y")), text_width(text.text, 14)
        left = {"middle": x - width / 2, "end": x - width}.get(text.get("text-anchor"), x)
        assert left >= -0.5 and left + width <= WIDTH + 0.5, f"{text.text!r} runs off ({left:.0f}..{left + width:.0f})"
        assert 0 < y <= height, f"{text.text!r} is below the drawing"


def test_labels_do_not_overlap_in_bars():
    root = ET.fromstring(draw_chart(KINDS["bar"], "c").svg)
    rows = sorted(float(t.get("y")) for t in root.iter(f"{SVG}text") if t.get("class") == "label")
    assert len(rows) >= 4  # the long label wrapped onto a second line
    assert all(b - a >= 14 for a, b in zip(rows, rows[1:]))


def test_series_after_the_first_carry_a_pattern_for_grey_print():
    svg = draw_chart(KINDS["stacked"], "chart-2").svg
    assert 'id="chart-2-p1"' in svg and 'fill="url(#chart-2-p1)"' in svg
    assert 'fill="url(#chart-2-p2)"' not in svg  # two series: one pattern
    assert len(re.findall(r'class="fill s0"', svg)) == 3 + 1  # three bars and the legend's swatch


def test_text_alternative_and_table_hold_every_number():
    drawn = draw_chart(KINDS["bar"], "c")
    for value in (12, 30, 7, 15, 28, 9):
        assert f"{value}场" in drawn.alt
    assert drawn.header == ("项目", "2022年（场）", "2023年（场）")
    assert drawn.rows[0] == ("社区", "12", "15")
    pie = draw_chart(KINDS["pie"], "c")
    assert pie.header[-1] == "占比" and [r[-1] for r in pie.rows] == ["50%", "30%", "20%"]
    assert describe(KINDS["donut"]) == "标题：甲25场，乙34场。"


def test_number_format():
    assert number(129816) == "129,816" and number(0.79) == "0.79" and number(100.0) == "100"


def test_page_shows_stats_and_charts_from_a_csv(tmp_path):
    site = write_site(tmp_path / "site", {
        "content/articles/a.md": """\
            ---
            title: 发布会
            date: 2023-06-19
            stats:
              - {label: 出租车驾驶员完成检测, value: 1850, unit: 名, source: 县交通运输局, as_of: 2023-06-19}
            charts:
              - {title: 检测人数, data: data/tests.csv, unit: 名}
            ---
            正文
            """,
        "data/tests.csv": "驾驶员,检测\n出租车,1850\n公交车,370\n",
    })
    out = tmp_path / "out"
    build(site, out)
    html = (out / "articles/a/index.html").read_text(encoding="utf-8")
    assert '<data value="1850">1,850</data><span class="unit">名</span>' in html
    assert "截至<time datetime=\"2023-06-19\">2023年6月19日</time>，来源：县交通运输局" in html
    assert "<svg" in html and "1,850名" in html and "<th scope=\"row\">公交车</th><td>370</td>" in html
    assert 'class="chart-toggle"' in html and 'class="chart-table"' in html


def test_a_stat_value_must_be_a_number(tmp_path):
    from sitegen.errors import BuildFailed
    site = write_site(tmp_path / "site", {"content/articles/a.md": "---\ntitle: x\ndate: 2023-01-01\n"
                                          "stats:\n  - {label: 次数, value: 很多}\n---\n"})
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    assert [str(p) for p in failed.value.problems] == [
        "content/articles/a.md:5: error: 'stats[0].value' must be a number, not '很多'"]


def test_share_card_shows_the_first_stat_and_keeps_other_keys():
    from sitegen.media.cards import CardSpec, card_key
    plain = CardSpec("a/og.jpg", "标题", "站", "新闻", None)
    assert card_key(plain) == card_key(CardSpec("a/og.jpg", "标题", "站", "新闻", None, figure=""))
    assert card_key(plain) != card_key(CardSpec("a/og.jpg", "标题", "站", "新闻", None, figure="1,850名 检测"))
