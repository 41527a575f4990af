"""`build.py new TYPE TITLE`: a correctly named file with the type's front matter filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitegen.errors import Diagnostics, Problem, error
from sitegen.settings import Settings
from sitegen.text.slugs import slugify
from sitegen.types import TYPES


def new_item(
    site_dir: Path, settings: Settings, type_name: str, title: str, now: dt.datetime, problems: Diagnostics
) -> Path | None:
    """The new file's path in the site folder; None, with the reason in `problems`, when none is made."""
    kind = TYPES.named(type_name)
    if kind is None:
        problems.append(
            error("content", 1, f"no content type '{type_name}' (known: {', '.join(TYPES.names())})")
        )
        return None
    fields = kind.new_fields(site_dir, settings)  # what the type fills in and where: guides' programme
    if isinstance(fields, Problem):
        problems.append(fields)
        return None
    sub_folder, own = fields
    slug = slugify(title)
    folder = Path("content") / kind.folder / sub_folder
    rel = folder / f"{slug}{kind.suffixes[0]}"
    for existing in (site_dir / rel, site_dir / folder / slug / "index.md"):
        if existing.exists():
            shown = existing.relative_to(site_dir).as_posix()
            problems.append(error(shown, 1, "already exists; edit it, or choose another title"))
            return None
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
        **own,
    )
    (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
    with open(site_dir / rel, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return rel


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
