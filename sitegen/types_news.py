"""Articles (news, reports, knowledge) and standalone pages."""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import CommonFront, ContentType, by_date
from .schema import When


@dataclass(frozen=True, kw_only=True)
class ArticleFront(CommonFront):
    date: When = field()  # required: a bare annotation would inherit the parent's default


@dataclass(frozen=True, kw_only=True)
class PageFront(CommonFront):
    pass


ARTICLE = ContentType("article", "articles", ArticleFront, "articles/{slug}/", "article.html", "新闻动态", "文章",
                      in_feed=True, sort_key=by_date, newest_first=True)
PAGE = ContentType("page", "pages", PageFront, "{slug}/", "page.html", "页面", "页面", listed=False)
