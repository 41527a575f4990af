"""`build.py new TYPE TITLE`: a correctly named file with the type's front matter filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.errors import Problem, error
from sitegen.settings import Settings
from sitegen.text.slugs import slugify
from sitegen.types import BY_NAME


def new_item(
    site_dir: Path, settings: Settings, type_name: str, title: str, now: dt.datetime
) -> tuple[Path | None, Problem | None]:
    kind = BY_NAME[type_name]
    slug = slugify(title)
    folder = Path("content") / kind.folder
    program, order = "", 1
    if kind.name == "guide":
        if not settings.programs:
            return None, error("site.toml", 1, "declare a programme first: [programs.<slug>] with a title")
        program = settings.programs[0].slug
        folder = folder / program
        taken = {_order_of(p) for p in (site_dir / folder).glob("*.md")} | {
            _order_of(p) for p in (site_dir / folder).glob("*/index.md")
        }
        free = next((n for n in range(1, 6) if n not in taken), None)
        if free is None:
            return None, error(
                folder.as_posix(), 1, f"programme '{program}' already has its five activities (order 1-5)"
            )
        order = free
    rel = folder / f"{slug}{kind.suffixes[0]}"
    for existing in (site_dir / rel, site_dir / folder / slug / "index.md"):
        if existing.exists():
            shown = existing.relative_to(site_dir).as_posix()
            return None, error(shown, 1, "already exists; edit it, or choose another title")
    local = now.astimezone(settings.zone)
    taxonomies = "".join(
        f"{t.name}: []".ljust(26)
        + f"# {t.title}"
        + (f"：{' '.join(t.terms)}" if t.terms else "，可自由填写")
        + "\n"
        for t in settings.taxonomies
    )
    text = kind.scaffold.format(
        title=_yaml_text(title),
        date=local.date().isoformat(),
        taxonomies=taxonomies,
        datetime=local.replace(second=0, microsecond=0, tzinfo=None).isoformat(),
        program=program,
        order=order,
        audience=_first_audience(settings),
    )
    (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
    with open(site_dir / rel, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return rel, None


def _first_audience(settings: Settings) -> str:
    taxonomy = settings.taxonomy("audiences")
    return taxonomy.terms[0] if taxonomy and taxonomy.terms else "公众"


def _order_of(path: Path) -> int | None:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:40]:
        if line.startswith("order:"):
            try:
                return int(line.split(":", 1)[1].split("#")[0])
            except ValueError:
                return None
    return None


def _yaml_text(title: str) -> str:
    """Quote a title when YAML would read it as something other than plain text."""
    plain = title.strip()
    if (
        not plain
        or plain[0] in "!&*[]{}|>'\"%@`#,?:-"
        or ": " in plain
        or " #" in plain
        or plain.lower() in ("yes", "no", "true", "false", "null", "on", "off")
        or plain.replace(".", "").isdigit()
    ):
        return '"' + plain.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return plain
