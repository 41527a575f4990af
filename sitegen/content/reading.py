"""Stage 2, one file: decode a content file, split and parse its front matter (every field's
line remembered), and validate it into an Item. The content types' own readers (quizzes) build
on these; this module knows no registry of types."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.content import schema
from sitegen.content.model import ContentType
from sitegen.content.slips import clean_pasted, comma_slip, full_width_colons
from sitegen.errors import Diagnostics, Problem, error, warning
from sitegen.settings import SLUG_RE, Settings
from sitegen.text.plain import INVISIBLE, not_utf8
from sitegen.text.slugs import slugify

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster


class FrontMatterLoader(_SafeLoader):  # chosen at import time
    """Safe loading, but dates stay text so a bad date is our clear error, not a crash."""


FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_yaml_str)


MAX_NUMBER_LENGTH = 100


def _bounded(construct):
    """Python will not read integers of over 4,300 digits (and nothing here needs 20)."""

    def constructor(loader, node):
        if len(node.value) > MAX_NUMBER_LENGTH:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a number of {len(node.value):,} characters; write a sensible number",
                node.start_mark,
            )
        return construct(loader, node)

    return constructor


FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _bounded(yaml.SafeLoader.construct_yaml_int))
FrontMatterLoader.add_constructor("tag:yaml.org,2002:float", _bounded(yaml.SafeLoader.construct_yaml_float))


@dataclass(frozen=True)
class Item:
    """One content file, validated. `front` is the type's front-matter dataclass."""

    source: str  # path relative to the site folder, with "/" separators
    kind: ContentType
    front: Any
    terms: dict[str, tuple[str, ...]]  # taxonomy name -> terms, for every declared taxonomy
    slug: str
    path: str  # URL path relative to the site root, "articles/x/" ("" for the home page)
    body: str
    body_line: int  # line of the first body line in the source file
    bundle: str | None = None  # folder of a bundle, relative to the site folder
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # field path -> line

    def line_of(self, *path) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    @property
    def output(self) -> str:
        return self.path + "index.html"

    @property
    def folder(self) -> str:
        """Folder that relative links and images in this item resolve against."""
        return self.bundle or os.path.dirname(self.source)


def decode(raw: bytes, source: str) -> str | Problem:
    """UTF-8 with or without BOM, LF or CRLF. Anything else is refused with a hint."""
    wrong = not_utf8(raw, source)
    if wrong:
        return error(source, *wrong)
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    hidden = INVISIBLE.search(text)
    if hidden:
        return error(source, text.count("\n", 0, hidden.start()) + 1, _invisible(hidden.group()))
    return text


def _invisible(char: str) -> str:
    return f"the text holds the invisible control character U+{ord(char):04X}; delete it (retype the line)"


def split_front_matter(text: str, source: str) -> tuple[str, str, int] | Problem:
    """Return (yaml text, body, line of the first body line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return error(
            source,
            1,
            "the file must start with front matter: a line '---', "
            "fields such as 'title: ...', and another line '---'",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return error(source, 1, "the front matter is not closed: add a line '---' after the last field")


def parse_yaml(
    text: str, source: str, first_line: int, problems: Diagnostics, what: str = "front matter"
) -> tuple[dict | None, dict]:
    """Parse front matter (or a whole YAML file) into its fields and the line in the source file
    of every field path; (None, {}) when it cannot be read. What is wrong goes to `problems`."""
    deep = _too_deep(text)
    if deep is not None:  # tens of thousands of levels crash the C parser itself: never hand it those
        problems.append(error(source, first_line + deep, f"{what} nested more than {MAX_DEPTH} levels deep"))
        return None, {}
    loader = FrontMatterLoader(text)
    try:
        node = loader.get_single_node()
        odd = _odd_shape(node)
        if odd is not None:
            problems.append(error(source, first_line + odd[0], odd[1].replace("front matter", what)))
            return None, {}
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        invalid = error(source, line, f"invalid YAML in {what}: {exc.problem or exc}")
        _report_unreadable(text, first_line, source, invalid, problems)
        return None, {}
    except yaml.YAMLError as exc:
        problems.append(error(source, first_line, f"invalid YAML in {what}: {exc}"))
        return None, {}
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        not_fields = error(source, first_line, f"{what} must be fields like 'title: ...', not a list or text")
        _report_unreadable(text, first_line, source, not_fields, problems)
        return None, {}
    lines: dict[tuple, int] = {(): first_line - 1}
    _map_lines(node, (), first_line, lines, problems, source)
    return data, lines


def _report_unreadable(
    text: str, first_line: int, source: str, problem: Problem, problems: Diagnostics
) -> None:
    """YAML that failed because of a full-width colon is reported on the slip's own line; other
    YAML, as `problem` says."""
    slips = full_width_colons(text, first_line)
    problems += [error(source, line, message) for line, message in slips] if slips else [problem]


MAX_DEPTH = 20  # no field nests deeper than a few levels
_LIST_DASHES = re.compile(r"(-[ \t]+)*")


def _too_deep(text: str) -> int | None:
    """Line (from 0) where brackets, indentation and "- " could nest far deeper than any field
    does: a cheap over-estimate, taken before parsing."""
    flow = 0
    for number, line in enumerate(text.split("\n")):
        stripped = line.lstrip(" ")
        dashes = len(_LIST_DASHES.match(stripped).group().split("-")) - 1  # type: ignore[union-attr]  # * matches empty
        if (len(line) - len(stripped)) + dashes > 10 * MAX_DEPTH:
            return number
        for char in _BRACKETS.findall(line):
            flow = flow + 1 if char in "[{" else max(0, flow - 1)
            if flow > 10 * MAX_DEPTH:
                return number
    return None


_BRACKETS = re.compile(r"[\[\]{}]")


def _odd_shape(root) -> tuple[int, str] | None:
    """(line from 0, message) for YAML that would hang or crash the build: aliases, which can
    grow exponentially ("billion laughs"), and nesting deep enough to exhaust the stack."""
    seen: set[int] = set()
    stack = [(root, 0)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            return node.start_mark.line, (
                "YAML anchors and aliases (&name, *name) are not allowed in front matter; write the value out"
            )
        if depth > MAX_DEPTH:
            return node.start_mark.line, f"front matter nested more than {MAX_DEPTH} levels deep"
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [(part, depth + 1) for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
    return None


def _map_lines(node, path: tuple, first_line: int, lines: dict, problems: Diagnostics, source: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = first_line + key_node.start_mark.line
            if key in seen:
                problems.append(error(source, line, f"field '{key}' is given twice"))
            seen.add(key)
            lines[path + (key,)] = line
            _map_lines(value_node, path + (key,), first_line, lines, problems, source)
    elif isinstance(node, yaml.ScalarNode) and (
        hidden := INVISIBLE.search(node.value)
    ):  # escapes like "\x01"
        problems.append(error(source, first_line + node.start_mark.line, _invisible(hidden.group())))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            lines[path + (index,)] = first_line + child.start_mark.line
            _map_lines(child, path + (index,), first_line, lines, problems, source)


def read_item(
    site_dir: Path,
    source: str,
    kind: ContentType,
    bundle: str | None,
    settings: Settings,
    problems: Diagnostics,
    raw: bytes | None = None,
) -> Item | None:
    text = decode(raw if raw is not None else (site_dir / source).read_bytes(), source)
    if isinstance(text, Problem):
        problems.append(text)
        return None
    split = split_front_matter(text, source)
    if isinstance(split, Problem):
        problems.append(split)
        return None
    yaml_text, body, body_line = split
    data, lines = parse_yaml(yaml_text, source, 2, problems)
    body = clean_pasted(body, source, body_line, problems)
    if data is None:
        return None
    return item_from_data(source, kind, bundle, settings, problems, data, lines, body, body_line)


def item_from_data(
    source: str,
    kind: ContentType,
    bundle: str | None,
    settings: Settings,
    problems: Diagnostics,
    data: dict,
    lines: dict,
    body: str,
    body_line: int,
) -> Item | None:
    """Validate parsed fields (taxonomies, cover, slug, the type's dataclass) into an Item."""

    def line_of(path: tuple) -> int:
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    def report(line: int, message: str) -> None:
        problems.append(error(source, line, message))

    terms = _take_terms(
        data, settings, line_of, report, lambda line, message: problems.append(warning(source, line, message))
    )
    # Checked on the raw values so they are reported even when other fields are wrong.
    if data.get("cover") and not data.get("cover_alt"):
        report(
            line_of(("cover",)),
            "'cover' needs 'cover_alt': a short description of the picture for screen readers",
        )
    slug_given = data.get("slug")
    if isinstance(slug_given, str) and not SLUG_RE.match(slug_given):
        report(
            line_of(("slug",)),
            f"slug '{slug_given}' may only use a-z, 0-9 and '-', for example '{slugify(slug_given)}'",
        )
    front = schema.build(
        kind.front,
        data,
        (),
        line_of,
        report,
        settings.zone,
        also_known=tuple(t.name for t in settings.taxonomies),
    )
    if (
        front is None
        or (front.cover and not front.cover_alt)
        or (front.slug and not SLUG_RE.match(front.slug))
    ):
        return None
    name = Path(bundle).name if bundle else Path(source).stem
    slug = front.slug or slugify(name)
    for index, alias in enumerate(front.aliases):
        if not _is_safe_alias(alias):
            report(
                line_of(("aliases", index)),
                f"alias '{alias}' must be a path inside the site such as /old/page/",
            )
    return Item(
        source=source,
        kind=kind,
        front=front,
        terms=terms,
        slug=slug,
        path=kind.url_for(slug),
        body=body,
        body_line=body_line,
        bundle=bundle,
        lines=lines,
    )


def _split_commas(term: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split("[，、]", term) if part.strip())


def _take_terms(data: dict, settings: Settings, line_of, report, warn) -> dict[str, tuple[str, ...]]:
    """Pop taxonomy fields from `data`; check closed taxonomies' terms."""
    terms: dict[str, tuple[str, ...]] = {}
    for taxonomy in settings.taxonomies:
        value = data.pop(taxonomy.name, None)
        if value is None:
            terms[taxonomy.name] = ()
            continue
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            report(
                line_of((taxonomy.name,)),
                f"'{taxonomy.name}' must be a list of terms, such as "
                f"[{(taxonomy.terms or ('禁毒宣传',))[0]}]",
            )
            terms[taxonomy.name] = ()
            continue
        found = tuple(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
        for index, term in enumerate(str(v).strip() for v in value):  # index as written, for the line
            slip = comma_slip(term)
            if slip and taxonomy.terms is None:  # an open taxonomy would silently make one term of two
                warn(line_of((taxonomy.name, index)), slip)
                found = tuple(
                    dict.fromkeys(t for f in found for t in (_split_commas(f) if f == term else (f,)))
                )
            elif term and taxonomy.terms is not None and term not in taxonomy.terms:
                report(
                    line_of((taxonomy.name, index)),
                    slip
                    or f"'{term}' is not a term of '{taxonomy.name}'; allowed: {', '.join(taxonomy.terms)}",
                )
        terms[taxonomy.name] = found
    return terms


def _is_safe_alias(alias: str) -> bool:
    parts = alias[1:].rstrip("/").split("/")  # "//host/x" has an empty first part: refused
    return (
        alias.startswith("/")
        and "\\" not in alias
        and "\0" not in alias
        and all(p not in ("", ".", "..") for p in parts)
    )
