"""The registry of content types. Adding a type means a module in this package with its front-matter
dataclass and ContentType, an entry here, its templates and its fixtures; no engine code."""

from __future__ import annotations

from sitegen.content.model import CommonFront, ContentType, Output  # noqa: F401  (re-exported)
from sitegen.types.campaigns import CAMPAIGN
from sitegen.types.events import EVENT
from sitegen.types.guides import GUIDE
from sitegen.types.news import ARTICLE, PAGE, ArticleFront, PageFront  # noqa: F401
from sitegen.types.quizzes import QUIZ
from sitegen.types.resources import RESOURCE

REGISTRY: tuple[ContentType, ...] = (ARTICLE, GUIDE, EVENT, CAMPAIGN, RESOURCE, QUIZ, PAGE)

BY_FOLDER = {t.folder: t for t in REGISTRY}
BY_NAME = {t.name: t for t in REGISTRY}
