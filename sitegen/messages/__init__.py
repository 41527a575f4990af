"""Messages in the site's language, applied where problems are printed.

The engine writes every message in English, where it finds the problem; nothing at those
call sites knows about languages. The catalog (zh.py) maps each English template, with
{placeholders} for the parts that vary, to its Chinese text. `translate` finds the template
a message was made from and fills the Chinese one with the same parts, themselves translated
when they are messages too (a "; did you mean ...?" suffix). A message with no template
stays English. The keywords `error` and `warning` of `path:line: error: message` stay English
for tools.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitegen.errors import Problem

ENGLISH = "en"
CHINESE = "zh-CN"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LINE = re.compile(r"^(?P<where>.+?:\d+): (?P<severity>error|warning): (?P<message>.*)$", re.S)


@dataclass(frozen=True)
class Template:
    english: str
    chinese: str
    pattern: re.Pattern


# Parts that are always numbers: matched as digits, so "{count} drafts" is not taken for any text.
NUMERIC = {"count", "errors", "warnings", "pages", "images", "processed", "number", "port", "suggested"}


# A {suggestion} is what content.schema.suggest gives: nothing, or "; did you mean '...'?"; a
# {true_false} is the quiz's hint for true/false questions, or nothing; {http_status} {method} {ms}
# are a request's status, method and milliseconds in the dev server's log.
SHAPED = {
    "seconds": r"[0-9.]+",
    "totals": r"[0-9]+ errors?, [0-9]+ warnings?",
    "suggestion": r"(?:; did you mean '.*'\?)?",
    "true_false": r"(?: \(write true or false\))?",
    "ms": r"[0-9.]+",
    "http_status": r"[1-5][0-9][0-9]",
    "method": r"[A-Z]+",
}


def _part(name: str) -> str:
    return SHAPED.get(name) or ("[0-9]+" if name in NUMERIC else ".*?")


def compile_template(english: str, chinese: str) -> Template:
    parts = _PLACEHOLDER.split(english)
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>{_part(part)})"
        for index, part in enumerate(parts)
    )
    return Template(english, chinese, re.compile(f"^{regex}$", re.S))


@lru_cache(maxsize=1)
def catalog() -> tuple[Template, ...]:
    """Every template, the most specific (most fixed text) first."""
    from sitegen.messages.zh import MESSAGES

    templates = [compile_template(english, chinese) for english, chinese in MESSAGES]
    return tuple(sorted(templates, key=lambda t: -len(_PLACEHOLDER.sub("", t.english))))


def find_template(message: str) -> Template | None:
    return next((t for t in catalog() if t.pattern.match(message)), None)


def translate(message: str, language: str, _depth: int = 0) -> str:
    """`message` in `language` (English, or Chinese for any zh-*)."""
    if not is_chinese(language) or _depth > 4:
        return message
    for template in catalog():
        match = template.pattern.match(message)
        if match:
            parts = {
                name: translate(value, language, _depth + 1) for name, value in match.groupdict().items()
            }
            return template.chinese.format(**parts)
    return message


def is_chinese(language: str) -> bool:
    return language.lower().startswith("zh")


def shown(problem: Problem, language: str) -> str:
    """The line printed for a problem: path:line: severity: message in the language."""
    return f"{problem.path}:{problem.line}: {problem.severity}: {translate(problem.message, language)}"


def shown_line(line: str, language: str) -> str:
    """A problem line kept as text (the build record keeps warnings so), in the language."""
    match = _LINE.match(line)
    if not match:
        return line
    return f"{match['where']}: {match['severity']}: {translate(match['message'], language)}"


def site_language(site_dir: Path, override: str | None) -> str:
    """--lang, else the site's `language`, else Chinese. Read cheaply and forgivingly: the
    messages about a broken site.toml must come out in some language too."""
    if override:
        return override
    try:
        value = tomllib.loads((site_dir / "site.toml").read_bytes().decode("utf-8-sig")).get("language")
    except (OSError, ValueError):
        return CHINESE
    return value if isinstance(value, str) and value.strip() else CHINESE
