"""Articles (news, reports, knowledge), standalone pages and the home page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.content.model import CommonFront, ContentType, by_date
from sitegen.content.schema import When


@dataclass(frozen=True, kw_only=True)
class ArticleFront(CommonFront):
    date: When = field()  # required: a bare annotation would inherit the parent's default


@dataclass(frozen=True, kw_only=True)
class PageFront(CommonFront):
    pass


ARTICLE_SCAFFOLD = """\
---
title: {title}
date: {date}              # 发布日期，格式 YYYY-MM-DD
summary:                  # 摘要（可不填，自动取第一段）
{taxonomies}# cover: photo.jpg        # 封面图片（与 cover_alt 一起填写）
# cover_alt: 图片内容说明
draft: true               # 写完后改为 false 或删除本行
---

在这里写正文。中文段落可以随意换行，生成网页时不会多出空格。
"""

PAGE_SCAFFOLD = """\
---
title: {title}
{taxonomies}draft: true               # 写完后改为 false 或删除本行
---

在这里写正文。
"""

ARTICLE = ContentType(
    "article",
    "articles",
    ArticleFront,
    "articles/{slug}/",
    "article.html",
    "新闻动态",
    "文章",
    on_home=True,
    cards_by_default=True,
    in_feed=True,
    sort_key=by_date,
    newest_first=True,
    scaffold=ARTICLE_SCAFFOLD,
)
PAGE = ContentType(
    "page",
    "pages",
    PageFront,
    "{slug}/",
    "page.html",
    "页面",
    "页面",
    listed=False,
    in_menu=True,
    scaffold=PAGE_SCAFFOLD,
)
HOME = ContentType("home", "", PageFront, "", "home.html", "首页", "首页", listed=False)  # content/index.md
