"""Write docs/reference.md from the code: every site.toml key (settings.py) and every
front-matter field of every content type (the types' dataclasses), with type, default and an
example. The words about each key live here; a key or field the code has and this file does
not describe stops the script, so the reference cannot fall behind.

    python scripts/make_reference.py          write docs/reference.md (make reference)
    python scripts/make_reference.py --check  exit 1 when docs/reference.md is not what the code says
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen import settings as site_settings  # noqa: E402
from sitegen.content.schema import When  # noqa: E402
from sitegen.types import TYPES, CommonFront  # noqa: E402

TARGET = ROOT / "docs" / "reference.md"

# site.toml: key -> (what it is, example)
SETTINGS = {
    "title": ("网站名称（必填）", '"某县禁毒宣传教育网"'),
    "base_url": ("网站正式发布的网址（必填），可以带路径，以 / 结尾", '"https://example.gov.cn/jdxc/"'),
    "language": ("网页语言；出错提示也用这种语言（zh-CN 中文，其他为英文）", '"zh-CN"'),
    "timezone": ("时区：“已发布”“即将举办”按这里的时间计算", '"Asia/Shanghai"'),
    "page_size": ("列表每页的条数", "10"),
    "description": ("网站简介，显示在搜索引擎结果和分享中", '"某县禁毒委员会办公室主办……"'),
    "organization": ("主办单位，显示在页脚", '"某县禁毒委员会办公室"'),
    "home_latest": ("首页显示的最新内容条数", "6"),
    "feed_size": ("订阅源 feed.xml 中的条数", "20"),
    "share_cards": ("哪些类型的页面生成 1200×630 的分享图片（PNG，有封面照片的为 JPEG）；其他页面分享时用首页的图片。"
                    "true 为所有类型，false 不生成", '["article", "event", "campaign", "guide", "resource"]'),
    "search": ("生成站内搜索（Pagefind 索引和 search/ 页面）", "true"),
    "max_attachment_mb": ("资源库单个文件的大小上限（MB）", "20"),
    "taxonomies": ("分类：每个 [taxonomies.<名称>] 是一个前言字段；写了 terms 的只能用列出的词", "[taxonomies.tags]"),
    "programs": ("项目：活动指南所属的项目，[programs.<网址名>]", "[programs.students-five-ones]"),
    "menu": ("导航菜单，每项 [[menu]] 有 title 和 url；不写时每个有内容的栏目一项", '[[menu]] title = "首页" url = "/"'),
    "html": ("正文中 HTML 的处理方式 [html]", '[html] raw = "sanitize"'),
    "files": ("content/ 中可以发布的额外文件类型 [files]（默认不发布浏览器会执行的 .svg、.html 等）", '[files] allow = [".svg"]'),
    "icp": ("页脚的 ICP 备案号", '"某ICP备00000000号-1"'),
    "police_record": ("页脚的公安机关备案号（公网安备）", '"某公网安备00000000000000号"'),
    "police_record_url": ("公安备案号的链接；不填时按号码生成", '"https://beian.mps.gov.cn/#/query/webSearch?code=…"'),
    "footer_links": ("页脚链接，每项 [[footer_links]] 有 title 和 url", '[[footer_links]] title = "中国禁毒网" url = "…"'),
    "extra_css": ("自己的样式表（assets/ 下的 .css），在主题样式之后加载", '["css/county.css"]'),
    "accent": ("网站主色，页面色调和分享图片都由它生成", '"#0b5c3b"'),
}
SUB_TABLES = {  # table -> (its keys in settings.py, what they are)
    "taxonomies.<名称>": ("TAXONOMY_KEYS", {"title": ("分类在网页上显示的名称", '"宣传阵地"'),
                                          "terms": ("可用的词；不写则可以自由填写", '["学校", "社区"]')}),
    "programs.<网址名>": ("PROGRAM_KEYS", {"title": ("项目名称（必填）", '"在校学生毒品预防教育“五个一”"'),
                                       "audience": ("面向对象", '"学生"'),
                                       "description": ("项目简介", '"参观一次禁毒展览……"'),
                                       "record_labels": ("活动记录表的栏目名 [programs.<网址名>.record_labels]，"
                                                         "不写的按 audience 取默认", '{ group = "参训单位" }')}),
    "programs.<网址名>.record_labels": ("RECORD_LABEL_KEYS", {
        "title": ("记录表标题（默认“活动记录表”）", '"培训记录表"'),
        "date": ("日期栏（默认“活动日期”）", '"培训日期"'),
        "group": ("参加集体栏（学生：班级；公职人员：组织单位；其他：所在单位）", '"参训单位"'),
        "leader": ("组织者栏（组织教师；组织人；负责人）", '"主讲人"'),
        "count": ("参加者栏（参加人数；参加人员；参加人数）", '"参训人员"'),
        "content": ("内容栏（默认“活动内容”）", '"培训内容"'),
        "reflection": ("体会栏（活动反思；学习体会；活动体会）", '"心得体会"')}),
    "html": ("HTML_KEYS", {"raw": ("sanitize 清理（默认）、escape 显示为文字、allow 完全信任", '"sanitize"'),
                           "iframe_hosts": ("允许嵌入（iframe）的网站", '["v.example.gov.cn"]')}),
    "files": ("FILES_KEYS", {"allow": ("额外允许发布的文件类型；SVG 只作为图片显示", '[".svg"]')}),
}
KINDS = {"share_cards": "true/false 或类型列表 list"}  # keys that take more than one kind of value
DEFAULTS = {"share_cards": '["article", "event", "campaign", "guide"]（文章、活动、专项行动、活动指南）', "taxonomies": "无", "programs": "无", "menu": "每个有内容的栏目一项", "html": 'raw = "sanitize"', "files": "无",
            "icp": "无", "police_record": "无", "police_record_url": "按号码生成", "accent": '"#0b5c3b"（主题色）'}

# front matter: "field" for every type, "type.field" for one type -> (what it is, example)
FIELDS = {
    "title": ("标题（必填）", "全县启动全民禁毒宣传月活动"),
    "slug": ("网址名，只用 a-z、0-9 和 -；不写时由文件名生成（中文转拼音）", "propaganda-month-2023"),
    "summary": ("摘要；不写时取正文第一段", "6月1日，全县宣传月活动启动。"),
    "tags": ("标签（site.toml 声明了 tags 分类时）", "[禁毒宣传月]"),
    "draft": ("草稿：true 时不发布（--drafts 可预览）", "true"),
    "date": ("日期；晚于“现在”的内容定时发布，到时才生成", "2023-06-01"),
    "updated": ("更新日期", "2023-06-05"),
    "weight": ("排序权重，大的在前", "10"),
    "aliases": ("旧网址，访问时转到本页", "[/old/page/]"),
    "cover": ("封面图片（同一文件夹中的文件）", "cover.jpg"),
    "cover_alt": ("封面图片的说明文字（有 cover 时必填）", "宣传月启动仪式现场"),
    "article.date": ("发布日期（文章必填）；晚于“现在”的文章定时发布", "2023-06-01"),
    "stats": ("数据：每项 label、value、unit，可加 source、as_of", "- label: 参加人数"),
    "stats.label": ("数据名称", "参加人数"),
    "stats.value": ("数值", "200"),
    "stats.unit": ("单位", "人"),
    "stats.source": ("数据来源", "县禁毒办"),
    "stats.as_of": ("统计截至日期", "2023-06-30"),
    "charts": ("图表：每项 title、type、categories、series 等，或用 data 指向数据文件", "- title: 各乡镇活动场次"),
    "charts.title": ("图表标题", "各乡镇活动场次"),
    "charts.type": ("图表类型，默认 bar（柱状图）", "bar"),
    "charts.categories": ("分类（横轴）", "[城关镇, 红星乡]"),
    "charts.series": ("数据系列：每项 name 和各分类的数值", "- name: 场次"),
    "charts.series.name": ("系列名称", "场次"),
    "charts.series.values": ("各分类的数值，与 categories 一一对应", "[12, 8]"),
    "charts.unit": ("数值单位", "场"),
    "charts.summary": ("图表的文字说明；不写时把每个数值写成一句话", "城关镇12场，红星乡8场。"),
    "charts.source": ("数据来源", "县禁毒办"),
    "charts.data": ("数据文件（data/ 下的 CSV）", "activities.csv"),
    "guide.program": ("所属项目的网址名（site.toml 的 [programs.…]）", "students-five-ones"),
    "guide.order": ("在项目中的序号，1 到 5", "1"),
    "guide.grades": ("适用年级或对象", "小学五年级至高中二年级"),
    "guide.duration": ("活动时长", "1课时（40分钟）"),
    "guide.objectives": ("活动目标（列表）", "[了解毒品的危害]"),
    "guide.materials": ("活动材料：每项 title 加 file、url 或 resource 之一", "- title: 教学课件"),
    "guide.materials.title": ("材料名称", "教学课件"),
    "guide.materials.file": ("同一文件夹中的文件", "lesson.pdf"),
    "guide.materials.url": ("本站路径或别的网站的网址", "/resources/lesson/"),
    "guide.materials.resource": ("资源库中资源的网址名", "anti-drug-lesson-plan"),
    "guide.record_form": ("附打印用的活动记录表", "true"),
    "guide.record_labels": ("本指南记录表的栏目名，写了的项替换项目的（键同 [programs.<网址名>.record_labels]）",
                            "reflection: 班会心得"),
    "guide.record_labels.title": ("记录表标题", "培训记录表"),
    "guide.record_labels.date": ("日期栏", "培训日期"),
    "guide.record_labels.group": ("参加集体栏", "党支部"),
    "guide.record_labels.leader": ("组织者栏", "主讲人"),
    "guide.record_labels.count": ("参加者栏", "参训人员"),
    "guide.record_labels.content": ("内容栏", "培训内容"),
    "guide.record_labels.reflection": ("体会栏", "班会心得"),
    "event.start": ("开始日期或时间（必填）", "2023-06-26T09:00:00"),
    "event.end": ("结束日期或时间", "2023-06-26T11:30:00"),
    "event.all_day": ("全天活动；不写时只写日期即为全天", "false"),
    "event.location": ("地点", "县城中心广场"),
    "event.organizers": ("主办和参与单位：lead、participants", "lead: [县禁毒办]"),
    "event.organizers.lead": ("主办单位（列表）", "[县禁毒委员会办公室]"),
    "event.organizers.participants": ("参与单位（列表）", "[县公安局, 县教育局]"),
    "event.theme": ("活动主题", "全民禁毒你我他，禁毒宣传进万家"),
    "event.campaign": ("所属专项行动的网址名", "2023-propaganda-month"),
    "campaign.start": ("开始日期（必填）", "2023-06-01"),
    "campaign.end": ("结束日期（必填）", "2023-06-30"),
    "campaign.theme": ("主题", "全民禁毒你我他，禁毒宣传进万家"),
    "campaign.goals": ("目标（列表）", "[开展禁毒宣传“七进”活动]"),
    "campaign.phases": ("阶段：name、start、end、summary", "- name: 动员部署"),
    "campaign.phases.name": ("阶段名称", "动员部署"),
    "campaign.phases.start": ("阶段开始日期", "2020-08-01"),
    "campaign.phases.end": ("阶段结束日期", "2020-08-31"),
    "campaign.phases.summary": ("阶段说明", "制定方案，召开动员会"),
    "campaign.tasks": ("任务清单：area、deadline、task、lead、responsible", "- area: 组织领导"),
    "campaign.tasks.area": ("工作领域", "组织领导"),
    "campaign.tasks.deadline": ("完成时限", "2023-06-13"),
    "campaign.tasks.task": ("任务内容", "报送宣传月活动方案"),
    "campaign.tasks.lead": ("牵头单位", "县禁毒办"),
    "campaign.tasks.responsible": ("责任单位（列表）", "[各乡镇]"),
    "campaign.tasks.status": ("进展：未开始、进行中、已完成", "进行中"),
    "campaign.tasks.done": ("完成日期", "2023-06-12"),
    "campaign.tasks.report": ("完成情况的报道：网址或文章的源文件路径", "../articles/launch.md"),
    "campaign.tasks.reports": ("定期报送：如“每月10日、20日、30日”或日期列表", "[每月10日, 每月20日, 每月30日]"),
    "resource.kind": ("资源类型：课件 教案 教程 视频 案例 图片 动画 海报 广告 歌曲 音频 宣传册 其他", "课件"),
    "resource.file": ("同一文件夹中的文件（与 url 二选一）", "lesson-plan.pdf"),
    "resource.url": ("资源在别处时的网址（与 file 二选一）", "https://www.2-class.com/"),
    "resource.alt": ("文件是图片时必填：图片内容说明", "“四禁”宣传海报"),
    "resource.captions": ("视频的 WebVTT 字幕文件", "video.vtt"),
    "resource.grades": ("学段：小学 初中 高中 中职 高校", "[小学, 初中]"),
    "resource.license": ("使用许可（必填）", "可免费用于非营利禁毒宣传教育"),
    "quiz.audience": ("面向对象，用 site.toml 中 audiences 的词（必填）", "学生"),
    "quiz.questions": ("题目（必填）：type、question、options、answer、explanation、source", "- type: single"),
    "quiz.questions.type": ("题型：single 单选、multiple 多选、truefalse 判断", "single"),
    "quiz.questions.question": ("题目", "国际禁毒日是哪一天？"),
    "quiz.questions.options": ("选项（判断题不写）", "[6月26日, 6月1日]"),
    "quiz.questions.answer": ("正确选项；多选题写列表，判断题写 true 或 false", "6月26日"),
    "quiz.questions.explanation": ("解析（必填）", "每年的6月26日是国际禁毒日。"),
    "quiz.questions.source": ("解析依据", "《中华人民共和国禁毒法》第四条"),
}
EXTRA_FIELDS = {"quiz": [("intro", "文字（Markdown）", "", "测试说明", "本测试共10道题……")]}
TYPE_NAMES = {"article": "文章", "guide": "活动指南", "event": "活动", "campaign": "专项行动", "resource": "资源",
              "quiz": "知识测试（YAML 文件）", "page": "独立页面"}


def type_name(hint) -> str:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if hint == When or (args and typing.Union[tuple(args)] == When):
        return "日期或时间 date"
    if typing.get_origin(hint) in (typing.Union, __import__("types").UnionType) and len(args) == 1:
        return type_name(args[0])
    if typing.get_origin(hint) is tuple:
        inner = typing.get_args(hint)[0]
        return "列表 list" if not dataclasses.is_dataclass(inner) else "列表，每项一组字段 list"
    if dataclasses.is_dataclass(hint):
        return "一组字段 mapping"
    return {str: "文字 text", int: "整数 int", bool: "true/false", dt.date: "日期 date", dict: "表 table",
            list: "列表 list"}.get(hint, str(hint))


def shown_default(field: dataclasses.Field) -> str:
    if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
        return "**必填**"
    value = field.default if field.default is not dataclasses.MISSING else field.default_factory()
    if value in (None, "", ()) or dataclasses.is_dataclass(value):
        return "—"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def describe(table: dict, key: str) -> tuple[str, str]:
    if key not in table:
        raise SystemExit(f"make_reference.py: '{key}' is not described: add it to scripts/make_reference.py")
    return table[key]


def row(*cells: str) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def settings_section() -> list[str]:
    fields = {f.name: f for f in dataclasses.fields(site_settings.Settings)}
    lines = ["## site.toml", "", "写错或不认识的设置项会报错，并提示最接近的名称。", "",
             row("设置项 key", "类型 type", "默认值 default", "说明", "示例 example"), row(*["---"] * 5)]
    for key, kind in site_settings.TOP_KEYS.items():
        what, example = describe(SETTINGS, key)
        default = DEFAULTS.get(key) or (shown_default(fields[key]) if key in fields else "—")
        lines.append(row(f"`{key}`", KINDS.get(key) or type_name(kind), default, what, f"`{example}`"))
    for table, (name, notes) in SUB_TABLES.items():
        lines += ["", f"### [{table}]", "", row("设置项 key", "类型 type", "说明", "示例 example"), row(*["---"] * 4)]
        for key, kind in getattr(site_settings, name).items():
            what, example = describe(notes, key)
            lines.append(row(f"`{key}`", type_name(kind), what, f"`{example}`"))
    return lines


def field_rows(cls, type_key: str, prefix: str = "") -> list[str]:
    hints = typing.get_type_hints(cls)
    lines = []
    for field in dataclasses.fields(cls):
        if not prefix and type_key != "common" and shown_default(field) == COMMON.get(field.name):
            continue  # a common field, as every type has it
        dotted = prefix + field.name
        own = dotted if type_key == "common" else f"{type_key}.{dotted}"
        what, example = describe(FIELDS, own if own in FIELDS or dotted not in COMMON else dotted)
        lines.append(row(f"`{dotted}`", type_name(hints[field.name]), shown_default(field), what, f"`{example}`"))
        inner = [a for a in (typing.get_args(hints[field.name]) or (hints[field.name],)) if dataclasses.is_dataclass(a)]
        for sub in inner:
            lines += field_rows(sub, type_key, dotted + ".")
    return lines


COMMON = {f.name: shown_default(f) for f in dataclasses.fields(CommonFront)}  # CommonFront


def fields_section() -> list[str]:
    common = CommonFront
    header = [row("字段 field", "类型 type", "默认值 default", "说明", "示例 example"), row(*["---"] * 5)]
    lines = ["## 前言字段 front matter", "",
             "写在文件开头两行 `---` 之间（YAML）。不认识的字段会报错，并提示最接近的名称。",
             "site.toml 中声明的每个分类（如 `venues`、`audiences`）也是一个字段，值是词条列表。", "",
             "### 所有类型共有 every type", ""] + header + field_rows(common, "common")
    for kind in TYPES:
        own = field_rows(kind.front, kind.name)
        extra = [row(f"`{name}`", kind_, default or "—", what, f"`{example}`")
                 for name, kind_, default, what, example in EXTRA_FIELDS.get(kind.name, [])]
        lines += ["", f"### {TYPE_NAMES[kind.name]} {kind.name}（content/{kind.folder}/）", ""]
        lines += header + own + extra if own or extra else ["只有共有字段。"]
    return lines


def render() -> str:
    lines = ["# 参考：设置项和前言字段 Reference", "",
             "<!-- 由 scripts/make_reference.py 从代码生成（make reference），请勿手改。 -->", "",
             "本页列出 `site.toml` 的每个设置项和每种内容的每个前言字段：类型、默认值和示例。", ""]
    lines += settings_section() + [""] + fields_section()
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != text:
            print("docs/reference.md is not what the code says: run make reference", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
