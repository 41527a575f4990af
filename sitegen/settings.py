"""Stage 1: read site.toml into a typed, validated Settings value."""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.errors import Diagnostics, Problem, error
from sitegen.markup.raw_html import browser_url, is_unsafe_url
from sitegen.text.plain import not_utf8
from sitegen.theme import DEFAULT_ACCENT, Palette, RecordNumber, check_accent, check_extra_css, record_numbers

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: "abc\n" is no slug


@dataclass(frozen=True)
class Taxonomy:
    name: str
    title: str
    terms: tuple[str, ...] | None  # None: open taxonomy, any term allowed


@dataclass(frozen=True)
class RecordLabels:
    """The words of a guide's printable record sheet (活动记录表). "" means "not set here": a
    guide's own labels go over its programme's, which go over those of the programme's audience."""

    title: str = ""  # 活动记录表
    date: str = ""  # 活动日期
    group: str = ""  # who takes part as a body: 班级, 组织单位
    leader: str = ""  # who runs it: 组织教师, 组织人
    count: str = ""  # 参加人数, 参加人员
    content: str = ""  # 活动内容
    reflection: str = ""  # 活动反思, 学习体会

    def over(self, other: RecordLabels) -> RecordLabels:
        """These labels with every label `other` sets put over them."""
        return RecordLabels(
            **{f.name: getattr(other, f.name) or getattr(self, f.name) for f in dataclasses.fields(self)}
        )


# The sheet of a pupils' activity is filled in by the class teacher; an officials' one by the
# unit that organises it, listing who took part; any other audience gets the workplace's words.
_COMMON_LABELS = RecordLabels(title="活动记录表", date="活动日期", content="活动内容")
RECORD_LABELS = {
    "学生": _COMMON_LABELS.over(
        RecordLabels(group="班级", leader="组织教师", count="参加人数", reflection="活动反思")
    ),
    "公职人员": _COMMON_LABELS.over(
        RecordLabels(group="组织单位", leader="组织人", count="参加人员", reflection="学习体会")
    ),
}
OTHER_LABELS = _COMMON_LABELS.over(
    RecordLabels(group="所在单位", leader="负责人", count="参加人数", reflection="活动体会")
)


@dataclass(frozen=True)
class Program:
    slug: str
    title: str
    audience: str
    description: str
    record_labels: RecordLabels  # the full set its guides' sheets start from


@dataclass(frozen=True)
class MenuLink:
    title: str
    url: str


RAW_HTML_MODES = ("sanitize", "allow", "escape")


@dataclass(frozen=True)
class HtmlPolicy:
    """What happens to raw HTML that editors write in Markdown ([html] in site.toml)."""

    raw: str = (
        "sanitize"  # sanitize: keep safe markup only; allow: trust the editors; escape: show it as text
    )
    iframe_hosts: tuple[str, ...] = ()  # hosts whose <iframe> embeds survive sanitising


def default_share_cards() -> tuple[str, ...]:
    """The types whose pages people share (ContentType.cards_by_default), in the registry's order."""
    from sitegen.types import TYPES  # the registry imports the types, which need settings

    return tuple(kind.name for kind in TYPES if kind.cards_by_default)


@dataclass(frozen=True)
class Settings:
    title: str
    base_url: str  # always ends with "/"
    language: str = "zh-CN"
    timezone: str = "Asia/Shanghai"
    page_size: int = 10
    description: str = ""
    organization: str = ""
    home_latest: int = 6
    feed_size: int = 20
    # The content types whose pages get a 1200x630 share image (with the home page and the
    # pages the types add, such as the programme pages of guides). () draws none.
    share_cards: tuple[str, ...] = dataclasses.field(default_factory=default_share_cards)
    search: bool = True  # build the Pagefind index and search/index.html
    max_attachment_mb: int = 20  # largest file a resource may publish (intranet servers, school downloads)
    taxonomies: tuple[Taxonomy, ...] = ()
    programs: tuple[Program, ...] = ()
    menu: tuple[MenuLink, ...] | None = None  # None: one link per section that has content
    html: HtmlPolicy = HtmlPolicy()
    files_allow: tuple[
        str, ...
    ] = ()  # [files] allow: types content/ may publish beyond the safe ones (".svg")
    records: tuple[RecordNumber, ...] = ()  # icp and police_record: 备案号 in every footer
    footer_links: tuple[MenuLink, ...] = ()
    extra_css: tuple[str, ...] = ()  # site stylesheets under assets/, linked after the theme's
    accent: str = ""  # "" keeps the theme's own colours

    @property
    def palette(self) -> Palette:
        return Palette.from_accent(self.accent or DEFAULT_ACCENT)

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/jdxc/"; every internal URL starts with it."""
        return urlsplit(self.base_url).path or "/"

    @property
    def is_chinese(self) -> bool:
        return self.language.lower().startswith("zh")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def taxonomy(self, name: str) -> Taxonomy | None:
        return next((t for t in self.taxonomies if t.name == name), None)

    def program(self, slug: str) -> Program | None:
        return next((p for p in self.programs if p.slug == slug), None)


DEFAULT_TAXONOMY_TITLES = {"tags": "标签", "venues": "宣传阵地", "audiences": "面向对象"}

TOP_KEYS = {
    "title": str,
    "base_url": str,
    "language": str,
    "timezone": str,
    "page_size": int,
    "description": str,
    "organization": str,
    "home_latest": int,
    "feed_size": int,
    "share_cards": object,  # true, false or a list of content types: checked by _share_cards
    "search": bool,
    "max_attachment_mb": int,
    "taxonomies": dict,
    "programs": dict,
    "menu": list,
    "html": dict,
    "files": dict,
    "icp": str,
    "police_record": str,
    "police_record_url": str,
    "footer_links": list,
    "extra_css": list,
    "accent": str,
}
THEME_KEYS = ("icp", "police_record", "police_record_url", "footer_links", "extra_css", "accent")
FILES_KEYS = {"allow": list}
SUFFIX_RE = re.compile(r"^\.[a-z0-9]+\Z")
HTML_KEYS = {"raw": str, "iframe_hosts": list}
HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\Z")
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")  # a BCP 47 tag: zh-CN, en, zh-Hans-CN
# First URL segments the generator publishes beside the types' sections ("page": the pages of a list).
GENERATED_NAMES = {
    "search",
    "assets",
    "pagefind",
    "page",
    "feed",
    "sitemap",
    "robots",
    "404",
    "index",
}
PROGRAM_KEYS = {"title": str, "audience": str, "description": str, "record_labels": dict}
RECORD_LABEL_KEYS = {f.name: str for f in dataclasses.fields(RecordLabels)}
TAXONOMY_KEYS = {"title": str, "terms": list}


def reserved_names() -> set[str]:
    """First URL segments the generator publishes: a taxonomy of that name would replace them."""
    from sitegen.types import TYPES  # the registry imports the types, which need settings

    sections = {kind.folder for kind in TYPES} | {kind.url_for("").split("/")[0] for kind in TYPES}
    return (sections - {""}) | GENERATED_NAMES


def _line_of(text: str, key: str, table: str = "") -> int:
    """Best line for a key: tomllib gives values, not positions, so look for the key itself,
    after the header of its table when it has one."""
    start = 0
    if table:
        header = re.search(rf"^[ \t]*\[{re.escape(table)}\]", text, re.M)
        start = header.end() if header else 0
    pattern = re.compile(rf"^[ \t]*(\[[^\]]*\b{re.escape(key)}\]|\"?{re.escape(key)}\"?[ \t]*=)", re.M)
    match = pattern.search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_keys(table: dict, known: dict, where: str, text: str, problems: Diagnostics) -> None:
    section = where.rstrip(".")
    for key, value in table.items():
        if key not in known:
            problems.append(
                error(
                    "site.toml",
                    _line_of(text, key, section),
                    f"unknown key '{where}{key}'{_suggest(key, known)}",
                )
            )
        elif not isinstance(value, known[key]) or (known[key] is int and isinstance(value, bool)):
            problems.append(
                error(
                    "site.toml",
                    _line_of(text, key, section),
                    f"'{where}{key}' must be {known[key].__name__}, not {type(value).__name__}",
                )
            )


def load_settings(
    site_dir: Path, problems: Diagnostics, base_url_override: str | None = None
) -> Settings | None:
    """The site's settings, or None when site.toml has errors (in `problems`)."""
    path = site_dir / "site.toml"
    if not path.is_file():
        problems.append(error("site.toml", 1, f"no site.toml in {site_dir}"))
        return None
    text, raw, problem = _read_toml(path)
    if problem is not None:
        problems.append(problem)
        return None

    _check_keys(raw, TOP_KEYS, "", text, problems)
    for key in ("title", "base_url"):
        if key not in raw:
            problems.append(error("site.toml", 1, f"missing required key '{key}'"))
    base_url = base_url_override or raw.get("base_url", "/")
    if isinstance(base_url, str) and (base_url_override or "base_url" in raw):
        wrong_url = base_url_problem(base_url)
        if wrong_url:
            problems.append(error("site.toml", _line_of(text, "base_url"), wrong_url))
        if not base_url.endswith("/"):
            base_url += "/"
    _check_locale(raw, text, problems)
    for key in ("page_size", "max_attachment_mb"):
        if isinstance(raw.get(key), int) and raw[key] < 1:
            problems.append(error("site.toml", _line_of(text, key), f"{key} must be at least 1"))

    taxonomies = _taxonomies(raw.get("taxonomies", {}), text, problems)
    programs = _programs(raw.get("programs", {}), text, problems)
    menu = _menu(raw.get("menu"), text, problems)
    html = _html(raw.get("html", {}), text, problems)
    files_allow = _files_allow(raw.get("files", {}), text, problems)
    theme = _theme(raw, text, site_dir, problems)
    share_cards = _share_cards(raw.get("share_cards"), text, problems)
    if problems.has_errors:
        return None

    simple = {
        k: v
        for k, v in raw.items()
        if k
        not in ("taxonomies", "programs", "menu", "base_url", "html", "files", "share_cards", *THEME_KEYS)
    }
    return Settings(
        base_url=base_url,
        taxonomies=taxonomies,
        programs=programs,
        menu=menu,
        html=html,
        files_allow=files_allow,
        share_cards=share_cards,
        **theme,
        **simple,
    )


def _theme(raw: dict, text: str, site_dir: Path, problems: Diagnostics) -> dict:
    if raw.get("police_record_url") and not raw.get("police_record"):
        problems.append(
            error(
                "site.toml",
                _line_of(text, "police_record_url"),
                "police_record_url needs police_record, the number it links to",
            )
        )
    theme: dict[str, object] = {"records": record_numbers(raw)}
    if isinstance(raw.get("footer_links"), list):
        theme["footer_links"] = _menu(raw["footer_links"], text, problems, "footer_links") or ()
    if isinstance(raw.get("extra_css"), list):
        theme["extra_css"] = check_extra_css(
            raw["extra_css"], _line_of(text, "extra_css"), site_dir, problems
        )
    if "accent" in raw:
        theme["accent"] = check_accent(raw["accent"], _line_of(text, "accent"), problems)
    return theme


def _read_toml(path: Path) -> tuple[str, dict, Problem | None]:
    """The text and the tables of site.toml, or the one problem that stops reading it."""
    raw_bytes = path.read_bytes()
    wrong = not_utf8(raw_bytes, "site.toml")
    if wrong:
        return "", {}, error("site.toml", *wrong)
    text = raw_bytes.decode("utf-8-sig")
    try:
        return text, tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))
        return text, {}, error("site.toml", int(at.group(1)) if at else 1, f"invalid TOML: {exc}")
    except ValueError:  # Python refuses to read integers of over 4,300 digits
        long_number = re.search(r"\d{1000,}", text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else 1
        return (
            text,
            {},
            error("site.toml", line, "a number with thousands of digits; write a sensible number"),
        )


def _check_locale(raw: dict, text: str, problems: Diagnostics) -> None:
    """language (it reaches Pagefind's command line and every <html lang>) and timezone."""
    if isinstance(raw.get("language"), str) and not LANGUAGE_RE.match(raw["language"]):
        problems.append(
            error(
                "site.toml",
                _line_of(text, "language"),
                f"language must be a language tag such as 'zh-CN' or 'en', not {raw['language']!r}",
            )
        )
    if isinstance(raw.get("timezone"), str):
        try:
            ZoneInfo(raw["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                error(
                    "site.toml",
                    _line_of(text, "timezone"),
                    f"unknown time zone '{raw['timezone']}', for example 'Asia/Shanghai'",
                )
            )


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be the site's address, or None. Read as browsers read it, and kept to
    what every output can carry: no spaces or line breaks (headers, XML), no backslash, no
    `..` or empty segments (the search index is written under the base path), no query."""
    shown = repr(url)
    if any(ord(char) < 0x21 or char in '\\"<>`{}|^\x7f' for char in url):
        return f'base_url may not hold spaces, line breaks, control characters or \\"<>`{{}}|^: {shown}'
    parsed = browser_url(url)
    written = urlsplit(url)  # and as Python reads it (base_path): the two must agree on the host
    if (
        parsed is None
        or parsed.protocol not in ("http:", "https:")
        or not parsed.hostname
        or not re.match(r"(?i)https?://[^/?#]", url)
        or not written.hostname
    ):
        return f"base_url must be an absolute http(s) URL, not '{url}'"
    if parsed.username or parsed.password or parsed.search or parsed.hash:
        return f"base_url may not hold a user name, password, query or fragment: {shown}"
    path = urlsplit(url).path
    segments = unquote(path).split("/")[1:-1] if path.endswith("/") else unquote(path).split("/")[1:]
    if any(segment in ("", ".", "..") for segment in segments):
        return f"base_url's path may not hold '.', '..' or '//': {shown}"
    return None


def _files_allow(table, text: str, problems: Diagnostics) -> tuple[str, ...]:
    """[files] allow = [".svg"]: file types of content/ to publish although a browser may run them."""
    if not isinstance(table, dict):
        return ()
    _check_keys(table, FILES_KEYS, "files.", text, problems)
    allow = table.get("allow", [])
    if not isinstance(allow, list):
        return ()
    for suffix in allow:
        if not (isinstance(suffix, str) and SUFFIX_RE.match(suffix)):
            problems.append(
                error(
                    "site.toml",
                    _line_of(text, "allow", "files"),
                    f'files.allow takes file types such as ".svg", not {suffix!r}',
                )
            )
    return tuple(s for s in allow if isinstance(s, str))


def _share_cards(value, text: str, problems: Diagnostics) -> tuple[str, ...]:
    """share_cards = true (every type), false (none) or a list of content types; not given: the
    types that have cards by default."""
    from sitegen.types import TYPES  # the registry imports the types, which need settings

    known = TYPES.names()

    if value is None:
        return default_share_cards()
    if isinstance(value, bool):
        return tuple(known) if value else ()
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        problems.append(
            error(
                "site.toml",
                _line_of(text, "share_cards"),
                f'share_cards must be true, false or a list of content types such as ["article", "event"], '
                f"not {value!r}",
            )
        )
        return ()
    for name in value:
        if name not in known:
            problems.append(
                error(
                    "site.toml",
                    _line_of(text, "share_cards"),
                    f"share_cards: unknown content type '{name}'{_suggest(name, known)} "
                    f"(types: {', '.join(known)})",
                )
            )
    return tuple(name for name in value if name in known)


def _taxonomies(table, text: str, problems: Diagnostics) -> tuple[Taxonomy, ...]:
    result = []
    if not isinstance(table, dict):
        return ()
    reserved = reserved_names()
    for name, spec in table.items():
        if not SLUG_RE.match(name):
            problems.append(
                error("site.toml", _line_of(text, name), f"taxonomy name '{name}' must match [a-z0-9-]")
            )
            continue
        if not isinstance(spec, dict):
            problems.append(error("site.toml", _line_of(text, name), f"[taxonomies.{name}] must be a table"))
            continue
        if name in reserved:
            problems.append(
                error(
                    "site.toml",
                    _line_of(text, name),
                    f"a taxonomy may not be named '{name}': its "
                    f"lists would replace the generator's own {name}/ pages; choose another name",
                )
            )
            continue
        _check_keys(spec, TAXONOMY_KEYS, f"taxonomies.{name}.", text, problems)
        terms = spec.get("terms")
        if terms is not None and not all(isinstance(t, str) and t.strip() for t in terms):
            problems.append(
                error("site.toml", _line_of(text, name), f"taxonomies.{name}.terms must be non-empty strings")
            )
            continue
        result.append(
            Taxonomy(
                name,
                str(spec.get("title", DEFAULT_TAXONOMY_TITLES.get(name, name))),
                tuple(terms) if terms is not None else None,
            )
        )
    return tuple(result)


def _programs(table, text: str, problems: Diagnostics) -> tuple[Program, ...]:
    result = []
    if not isinstance(table, dict):
        return ()
    for slug, spec in table.items():
        if not SLUG_RE.match(slug):
            problems.append(
                error("site.toml", _line_of(text, slug), f"programme slug '{slug}' must match [a-z0-9-]")
            )
            continue
        if not isinstance(spec, dict):
            problems.append(error("site.toml", _line_of(text, slug), f"[programs.{slug}] must be a table"))
            continue
        _check_keys(spec, PROGRAM_KEYS, f"programs.{slug}.", text, problems)
        if "title" not in spec:
            problems.append(error("site.toml", _line_of(text, slug), f"programs.{slug} needs a title"))
            continue
        audience = str(spec.get("audience", ""))
        labels, given = spec.get("record_labels"), {}
        if isinstance(labels, dict):  # another type is reported by the check of PROGRAM_KEYS
            _check_keys(labels, RECORD_LABEL_KEYS, f"programs.{slug}.record_labels.", text, problems)
            given = {k: v for k, v in labels.items() if k in RECORD_LABEL_KEYS and isinstance(v, str)}
        record_labels = RECORD_LABELS.get(audience, OTHER_LABELS).over(RecordLabels(**given))
        result.append(Program(slug, spec["title"], audience, str(spec.get("description", "")), record_labels))
    return tuple(result)


def _menu(items, text: str, problems: Diagnostics, key: str = "menu") -> tuple[MenuLink, ...] | None:
    if items is None:
        return None
    links = []
    for entry in items:
        if not (isinstance(entry, dict) and set(entry) == {"title", "url"}):
            problems.append(
                error(
                    "site.toml", _line_of(text, key), f"each [[{key}]] entry needs exactly 'title' and 'url'"
                )
            )
            continue
        if is_unsafe_url(str(entry["url"])):
            problems.append(
                error(
                    "site.toml",
                    _line_of(text, key),
                    f"{key} url '{entry['url']}' must be http(s)://, mailto:, tel: or a path of the site",
                )
            )
            continue
        links.append(MenuLink(str(entry["title"]), str(entry["url"])))
    return tuple(links)


def _html(table, text: str, problems: Diagnostics) -> HtmlPolicy:
    if not isinstance(table, dict):
        return HtmlPolicy()
    _check_keys(table, HTML_KEYS, "html.", text, problems)
    raw = table.get("raw", "sanitize")
    if isinstance(raw, str) and raw not in RAW_HTML_MODES:
        problems.append(
            error(
                "site.toml",
                _line_of(text, "raw", "html"),
                f"html.raw must be one of {', '.join(RAW_HTML_MODES)}, not '{raw}'",
            )
        )
    hosts = table.get("iframe_hosts", [])
    if isinstance(hosts, list):
        for host in hosts:
            if not (isinstance(host, str) and HOST_RE.match(host)):
                problems.append(
                    error(
                        "site.toml",
                        _line_of(text, "iframe_hosts", "html"),
                        f"html.iframe_hosts takes host names such as 'v.example.gov.cn', not {host!r}",
                    )
                )
    if not isinstance(raw, str) or not isinstance(hosts, list):
        return HtmlPolicy()
    return HtmlPolicy(raw, tuple(h for h in hosts if isinstance(h, str)))
