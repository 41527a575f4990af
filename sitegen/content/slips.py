"""Input-method and paste slips: the mistakes editors make most, each named with its fix.

- a full-width colon after a front-matter key (`title：...`), found where YAML gives jargon;
- a full-width comma inside a list of terms (`[学校，社区]`, `tags: 甲，乙`);
- dates in the common Chinese forms (`2023.6.1`, `2023年6月1日`), with the ISO date to write;
- text pasted from Word: zero-width characters and leading full-width indentation removed,
  no-break spaces made plain (a warning names the line); runs of sentence lines that
  Markdown will join into one paragraph (a `check` warning).
Links and images to Windows or file:// paths, backslashes and case mismatches are found where
links are resolved (markup/markdown.py) and reported with the other links.
"""

from __future__ import annotations

import datetime as dt
import re

from sitegen.errors import Diagnostics, Problem, warning

FULL_WIDTH_KEY = re.compile(r"^(\s*-?\s*)([A-Za-z_][A-Za-z0-9_-]*)\s*：")
FULL_WIDTH_COMMAS = "，、"


def full_width_colons(yaml_text: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for every front-matter line whose key ends in a full-width colon."""
    found = []
    for number, line in enumerate(yaml_text.split("\n")):
        match = FULL_WIDTH_KEY.match(line)
        if match:
            key = match.group(2)
            found.append(
                (
                    first_line + number,
                    f"full-width colon '：' after '{key}': write an ASCII colon and a "
                    f"space, '{key}: ' (switch the input method to English punctuation)",
                )
            )
    return found


def comma_slip(term: str) -> str | None:
    """The message for a term that is really several terms run together by a full-width comma."""
    comma = next((c for c in FULL_WIDTH_COMMAS if c in term), None)
    if comma is None:
        return None
    parts = [part.strip() for part in re.split(f"[{FULL_WIDTH_COMMAS}]", term) if part.strip()]
    return (
        f"'{term}' holds a full-width comma '{comma}': separate terms with an ASCII comma, "
        f"[{', '.join(parts)}]"
    )


_CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|[./-])\s*(\d{1,2})\s*(?:月|[./-])\s*(\d{1,2})\s*日?\s*$")


def iso_date_for(value) -> str | None:
    """'2023年6月1日', '2023.6.1', '2023/6/1', '2023-6-1' -> '2023-06-01'; None when it is no such date."""
    match = _CHINESE_DATE.match(str(value))
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


# -- pasted text -------------------------------------------------------------------------
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
NO_BREAK = "\u00a0"
# Full-width indentation at the start of a line; ASCII indentation before it is kept, so list
# and code structure stay as Markdown reads them (U+3000 is no Markdown whitespace).
LEADING_FULL_WIDTH = re.compile(r"^([ \t]*)\u3000[\u3000\u00a0 \t]*")
_FENCE = re.compile(r"^\s*(```|~~~)")


def clean_pasted(body: str, source: str, body_line: int, problems: Diagnostics) -> str:
    """The body with pasted invisible characters removed; one warning per kind of change, to
    `problems`, naming its first line and how many more. Code blocks in fences are left as they are."""
    changed: dict[str, list[int]] = {"zero": [], "indent": [], "nbsp": []}
    lines = body.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or not (ZERO_WIDTH.search(line) or "\u3000" in line or NO_BREAK in line):
            continue
        new = ZERO_WIDTH.sub("", line)
        if new != line:
            changed["zero"].append(index)
        indented = LEADING_FULL_WIDTH.sub(lambda m: m.group(1), new)
        if indented != new:
            changed["indent"].append(index)
        if NO_BREAK in indented:
            indented = indented.replace(NO_BREAK, " ")
            changed["nbsp"].append(index)
        lines[index] = indented
    what = {
        "zero": "zero-width characters (invisible, from pasted text) removed",
        "indent": "leading full-width spaces '　' removed: the theme indents paragraphs by itself",
        "nbsp": "no-break spaces (from pasted text) made plain spaces",
    }
    for kind, indexes in changed.items():
        if indexes:
            more = f" (also on {len(indexes) - 1} more lines)" if len(indexes) > 1 else ""
            problems.append(warning(source, body_line + indexes[0], what[kind] + more))
    return "\n".join(lines)


SENTENCE_END = re.compile(r"[。！？][”’」』）)]*$")
_NOT_PROSE = re.compile(r"^\s*([-*+>#|]|\d+[.)]|```|~~~|<)")
RUN_LENGTH = 3  # two sentence lines in a row are often a hard wrap; three are paragraphs
PARAGRAPH_LINE = 50  # characters: editors hard-wrap at 30-45; a pasted Word paragraph is one longer line


def joined_paragraphs(body: str, source: str, body_line: int) -> list[Problem]:
    """Runs of long lines that each end a sentence, with no empty line between: Markdown joins
    them into one paragraph, which pasted Word text (one line per paragraph) never meant."""
    problems, run = [], []
    in_fence = False
    for index, line in enumerate(body.split("\n") + [""]):
        if _FENCE.match(line):
            in_fence = not in_fence
        prose = (
            not in_fence
            and line.strip()
            and not _NOT_PROSE.match(line)
            and not line.startswith(("    ", "\t"))
        )
        if prose and SENTENCE_END.search(line.rstrip()) and len(line.strip()) >= PARAGRAPH_LINE:
            run.append(index)
            continue
        if len(run) >= RUN_LENGTH:
            problems.append(
                warning(
                    source,
                    body_line + run[0],
                    f"these {len(run)} lines each end a sentence but have no empty line between them, "
                    "so they become one paragraph: leave an empty line between paragraphs",
                )
            )
        run = []
    return problems
