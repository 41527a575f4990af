"""The theme's settings in site.toml: record numbers for the footer, footer links, site
stylesheets, and the accent colour from which every tint of the theme and the share cards
is derived (so a county changes one value, not twenty hard-coded greens)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.errors import Diagnostics, error

ACCENT_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_ACCENT = "#0b5c3b"  # deep green: 绿色无毒
MIIT_URL = "https://beian.miit.gov.cn/"  # an ICP number must link to the ministry's register
MPS_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="
WHITE_TEXT_CONTRAST = 4.5  # the header and buttons print white text on the accent (WCAG AA)


@dataclass(frozen=True)
class Palette:
    """The theme's colours, all derived from one accent."""

    accent: str  # "#0b5c3b": header, links, buttons, share-card background
    soft: str  # a light tint: fact boxes, tag chips, table headers
    strong: str  # a darker shade for high contrast

    @classmethod
    def from_accent(cls, accent: str) -> Palette:
        rgb = hex_rgb(accent)
        return cls(
            accent.lower(), rgb_hex(mix(rgb, (255, 255, 255), 0.9)), rgb_hex(mix(rgb, (0, 0, 0), 0.45))
        )

    @property
    def rgb(self) -> tuple[int, int, int]:
        return hex_rgb(self.accent)

    def css(self) -> str:
        """The stylesheet that puts this palette over the theme's defaults."""
        return (
            f":root{{--accent:{self.accent};--accent-soft:{self.soft};--accent-strong:{self.strong}}}\n"
            f"html.high-contrast{{--accent:{self.strong};--accent-soft:#fff}}\n"
            f"@media (prefers-contrast:more){{:root{{--accent:{self.strong}}}}}\n"
        )


def generated_assets(accent: str, base_url: str) -> dict[str, bytes]:
    """The palette stylesheet, published (hashed) only for a site that sets an accent, and the
    print sheet's origin: printed internal links show "https://host" + their href (site.css)."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}".replace("\\", "\\\\").replace('"', '\\"')
    assets = {"css/site-origin.css": f':root{{--site-origin:"{origin}"}}\n'.encode()}
    if accent:
        assets["css/accent.css"] = Palette.from_accent(accent).css().encode()
    return assets


def hex_rgb(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def rgb_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def mix(rgb: tuple[int, int, int], other: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """`amount` of the way from rgb to other."""
    return tuple(round(a + (b - a) * amount) for a, b in zip(rgb, other, strict=True))  # type: ignore[return-value]


def contrast_with_white(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c_ = c / 255
        return c_ / 12.92 if c_ <= 0.03928 else ((c_ + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


@dataclass(frozen=True)
class RecordNumber:
    """备案号 shown in every footer: the text and the register it links to."""

    text: str
    url: str


def check_accent(value, line: int, problems: Diagnostics) -> str:
    if not isinstance(value, str) or not ACCENT_RE.match(value):
        problems.append(
            error("site.toml", line, f'accent must be a colour like "{DEFAULT_ACCENT}", not {value!r}')
        )
        return ""
    ratio = contrast_with_white(hex_rgb(value))
    if ratio < WHITE_TEXT_CONTRAST:
        problems.append(
            error(
                "site.toml",
                line,
                f"accent {value} is too light for the white text drawn on it "
                f"(contrast {ratio:.1f}:1, needs {WHITE_TEXT_CONTRAST}:1); choose a darker colour",
            )
        )
        return ""
    return value.lower()


def check_extra_css(value, line: int, site_dir: Path, problems: Diagnostics) -> tuple[str, ...]:
    """Paths under the site's assets/ ("css/county.css"), published hashed after the theme's."""
    names = value if isinstance(value, list) else [value]
    found = []
    for name in names:
        if (
            not isinstance(name, str)
            or not name.endswith(".css")
            or ".." in name.split("/")
            or name.startswith("/")
        ):
            problems.append(
                error("site.toml", line, f"extra_css takes paths of .css files under assets/, not {name!r}")
            )
        elif not (site_dir / "assets" / name).is_file():
            problems.append(error("site.toml", line, f"extra_css: no file assets/{name}"))
        else:
            found.append(name)
    return tuple(found)


def record_numbers(raw: dict) -> tuple[RecordNumber, ...]:
    """The ICP number links to MIIT's register; the public-security one (公网安备) to MPS's,
    by the digits of its number unless the site gives the link."""
    numbers = []
    if raw.get("icp"):
        numbers.append(RecordNumber(raw["icp"], MIIT_URL))
    if raw.get("police_record"):
        digits = "".join(re.findall(r"\d", raw["police_record"]))
        numbers.append(RecordNumber(raw["police_record"], raw.get("police_record_url") or MPS_URL + digits))
    return tuple(numbers)
