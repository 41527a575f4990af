"""The registry of content types. A type is a module with its front-matter dataclass and its
ContentType (the hooks in content/model.py: checks, pages, search text, share cards, scaffold),
its templates and its fixtures; it is registered here, or by a plugin through `register`, and no
engine module names it. What the types share lives in modules that do not import this one
(content/model.py, content/reading.py, content/lists.py)."""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.content.model import CommonFront, ContentType, Output  # noqa: F401  (re-exported)
from sitegen.types.campaigns import CAMPAIGN
from sitegen.types.events import EVENT
from sitegen.types.guides import GUIDE
from sitegen.types.news import ARTICLE, HOME, PAGE, ArticleFront, PageFront  # noqa: F401
from sitegen.types.quizzes import QUIZ
from sitegen.types.resources import RESOURCE


class Registry:
    """The content types in their order (sections, menus, checks). The one table of the process:
    written when a type is registered, which a plugin does once, when it is imported."""

    def __init__(self, *kinds: ContentType) -> None:
        self._kinds: dict[str, ContentType] = {}
        self._by_folder: dict[str, ContentType] = {}  # asked for every content file of every build
        for kind in kinds:
            self.register(kind)

    def register(self, kind: ContentType) -> ContentType:
        """Add a type; its name and folder must be new (ValueError otherwise)."""
        for other in (*self._kinds.values(), HOME):
            if other.name == kind.name or other.folder == kind.folder:
                raise ValueError(f"content type '{kind.name}' clashes with '{other.name}' (name or folder)")
        self._kinds[kind.name] = kind
        self._by_folder[kind.folder] = kind
        return kind

    def unregister(self, kind: ContentType) -> None:
        if self._kinds.get(kind.name) is kind:
            del self._kinds[kind.name]
            del self._by_folder[kind.folder]

    def __iter__(self) -> Iterator[ContentType]:
        return iter(tuple(self._kinds.values()))

    def names(self) -> list[str]:
        return sorted(self._kinds)

    def named(self, name: str) -> ContentType | None:
        """The type of that name; the home page's too (the build cache stores types by name)."""
        return HOME if name == HOME.name else self._kinds.get(name)

    def folders(self) -> tuple[str, ...]:
        return tuple(kind.folder for kind in self._kinds.values())

    def in_folder(self, folder: str) -> ContentType | None:
        return self._by_folder.get(folder)


TYPES = Registry(ARTICLE, GUIDE, EVENT, CAMPAIGN, RESOURCE, QUIZ, PAGE)
register = TYPES.register
unregister = TYPES.unregister
