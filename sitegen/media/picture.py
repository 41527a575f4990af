"""One <picture> builder: AVIF/WebP sources and a sized fallback <img>, as attribute lists
that Markdown turns into elements and templates into markup (so both write the same tag)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

SIZES = "(min-width: 48rem) 46rem, 100vw"  # the theme's text column is 46rem wide
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class PictureParts:
    sources: tuple[tuple[tuple[str, str], ...], ...]  # one attribute list per <source>
    img: tuple[tuple[str, str], ...]  # the fallback <img>'s attributes, in order

    def html(self) -> str:
        def tag(name: str, attrs) -> str:
            return f"<{name}" + "".join(f' {key}="{escape(value)}"' for key, value in attrs) + ">"

        return "\n".join(
            ["<picture>", *(tag("source", s) for s in self.sources), tag("img", self.img), "</picture>"]
        )


def picture_parts(
    image,
    url: Callable[[str], str],
    alt: str,
    eager: bool = False,
    sizes: str = SIZES,
    title: str | None = None,
    priority: bool = False,
) -> PictureParts:
    """`image` is a ProcessedImage; `url` turns a site path into the page's URL. An eager
    image (the first screen) loads at once, and with `priority` before the rest."""
    formats = image.formats()
    sources = tuple(
        (("type", MIME[fmt]), ("srcset", image.srcset(fmt, url)), ("sizes", sizes)) for fmt in formats[:-1]
    )
    img = [
        ("src", url(image.output)),
        ("srcset", image.srcset(formats[-1], url)),
        ("sizes", sizes),
        ("width", str(image.width)),
        ("height", str(image.height)),
        ("alt", alt),
    ]
    if title:
        img.append(("title", title))
    if priority:
        img.append(("fetchpriority", "high"))
    if not eager:
        img.append(("loading", "lazy"))
    img.append(("decoding", "async"))
    return PictureParts(sources, tuple(img))
