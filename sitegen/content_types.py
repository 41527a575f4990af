"""The registry of content types. Adding a type means a module with its front-matter
dataclass and ContentType, an entry here, its templates and its fixtures; no engine code."""
from __future__ import annotations

from .model import CommonFront, ContentType, Output  # noqa: F401  (re-exported)
from .types_news import ARTICLE, PAGE, ArticleFront, PageFront  # noqa: F401

from .types_campaigns import CAMPAIGN
from .types_events import EVENT
from .types_guides import GUIDE
from .types_quizzes import QUIZ
from .types_resources import RESOURCE

REGISTRY: tuple[ContentType, ...] = (ARTICLE, GUIDE, EVENT, CAMPAIGN, RESOURCE, QUIZ, PAGE)

BY_FOLDER = {t.folder: t for t in REGISTRY}
BY_NAME = {t.name: t for t in REGISTRY}
