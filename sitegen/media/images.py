"""Stage: raster images. Orientation applied, metadata stripped, sRGB, several widths as
AVIF/WebP with a JPEG or PNG fallback; cached by content hash under .cache/images/.

Sizing is plain arithmetic (`plan_widths`), apart from the Pillow I/O in `_encode`.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from sitegen.build.staging import file_digest, install_folder
from sitegen.content.model import Output
from sitegen.errors import Diagnostics, error
from sitegen.media.recipe import recipe_digest

RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
WIDTHS = (480, 960, 1600)
MAX_PIXELS = 40_000_000
QUALITY = {"webp": 78, "avif": 55, "jpeg": 82}
# What makes the bytes: this module's code (widths and qualities included) and Pillow.
RECIPE = recipe_digest(__file__)
MIME = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Variant:
    name: str  # file name beside the original's output path, "relay-480.webp"
    width: int
    height: int
    format: str  # avif, webp, jpg, png
    size: int = 0  # bytes of the encoded file (0 in `check`, which encodes nothing)


@dataclass(frozen=True)
class ProcessedImage:
    source: str  # "content/articles/x/relay.jpg"
    output: str  # "articles/x/relay.jpg": the stripped fallback at full published width
    width: int
    height: int
    variants: tuple[Variant, ...]
    cache: Path  # folder holding the variant files
    original_bytes: int

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.output)

    def srcset(self, fmt: str, url) -> str:
        return ", ".join(f"{url(self._path(v))} {v.width}w" for v in self.variants if v.format == fmt)

    def formats(self) -> list[str]:
        return list(dict.fromkeys(v.format for v in self.variants))

    def _path(self, variant: Variant) -> str:
        return (
            self.output
            if variant.name == posixpath.basename(self.output)
            else posixpath.join(self.folder, variant.name)
        )

    def files(self) -> list[tuple[str, Path]]:
        return [(self._path(v), self.cache / v.name) for v in self.variants]

    def file_size(self, path: str) -> int:
        """Bytes of the published file at output path `path`, as recorded when it was encoded."""
        return next((v.size for v in self.variants if self._path(v) == path), 0)


@dataclass(frozen=True)
class ImageSet:
    by_source: dict = field(default_factory=dict)  # source -> ProcessedImage
    cached: int = 0  # how many came from the cache
    processed: int = 0

    def by_output(self) -> dict:
        return {image.output: image for image in self.by_source.values()}

    def outputs(self) -> list[Output]:
        return [Output(path, data=file) for image in self.by_source.values() for path, file in image.files()]


def plan_widths(width: int) -> list[int]:
    """Published widths: the standard ones below the original, and the original capped at the
    largest. Never upscaled."""
    return sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})


def scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


def process_images(
    site_dir: Path, files: list, problems: Diagnostics, workers: int = 1, work: Path | None = None
) -> ImageSet:
    """`files`: the records (content.files.SourceFile) of every file published from content/.
    Their digests key the cache: an image is read only when it has to be encoded. `work`: this
    build's private folder (build/staging.py), where images are encoded before they move into
    the cache whole; None (`check`): nothing is written, an image not in the cache is only
    opened and measured."""
    todo = [record for record in files if Path(record.source).suffix.lower() in RASTER_SUFFIXES]
    cache_root = site_dir / ".cache" / "images"
    jobs: list[tuple] = []  # (source, output, file to open, cache folder, work folder or None)
    results, sizes = {}, {}
    cached = 0
    for record in todo:
        source, output = record.source, record.output
        sizes[source] = record.size
        key = hashlib.sha256(f"{record.digest}\0{RECIPE}\0{posixpath.basename(output)}".encode()).hexdigest()[
            :24
        ]
        folder = cache_root / key
        manifest = _read_manifest(folder)
        if manifest is not None:
            results[source] = _image(source, output, folder, manifest, record.size)
            cached += 1
        else:
            staging = (
                str(work / f"image-{len(jobs)}") if work else None
            )  # one per job: a photo may be in two bundles
            jobs.append((source, output, record.path, str(folder), staging))
    if jobs:
        if workers > 1 and len(jobs) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                done = list(pool.map(_process_one, jobs))
        else:
            done = [_process_one(job) for job in jobs]
        for (source, output, _path, job_folder, _staging), outcome in zip(jobs, done, strict=True):
            if isinstance(outcome, str):
                problems.append(error(source, 1, outcome))
            else:
                results[source] = _image(source, output, Path(job_folder), outcome, sizes[source])
    return ImageSet(results, cached, len(jobs))


def _image(source, output, folder: Path, manifest: dict, original_bytes: int) -> ProcessedImage:
    variants = tuple(
        Variant(v["name"], v["width"], v["height"], v["format"], v.get("size", 0))
        for v in manifest["variants"]
    )
    return ProcessedImage(
        source, output, manifest["width"], manifest["height"], variants, folder, original_bytes
    )


def _read_manifest(folder: Path) -> dict | None:
    """A cache entry is used only when its manifest names files that still hold the bytes it
    recorded (size and SHA-256): a truncated or damaged one is encoded again, never published."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        if all(
            (folder / v["name"]).stat().st_size == v["size"]
            and file_digest(folder / v["name"]) == v["sha256"]
            for v in manifest["variants"]
        ):
            return manifest
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _process_one(job) -> dict | str:
    """Encode one image in the work folder and move it into its cache folder; return the
    manifest, or an error message. Without a work folder, only open and measure it."""
    source, output, path, folder, staging = job
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    return (
                        f"image is {opened.width}x{opened.height} "
                        f"({opened.width * opened.height / 1e6:.0f} megapixels); "
                        f"the limit is {MAX_PIXELS // 1_000_000} megapixels: scale it down before adding it"
                    )
                image = ImageOps.exif_transpose(opened)
                image.load()
                image = _to_srgb(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"image is too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"not a readable image ({exc}); is the file damaged or misnamed?"
    name = posixpath.basename(output)
    if staging is None:
        return _manifest(_plan(image, name, avif=False))
    staging = Path(staging)
    staging.mkdir(parents=True)
    manifest = _encode(image, name, staging)
    (staging / "manifest.json").write_text(json.dumps(manifest, sort_keys=True))
    install_folder(staging, Path(folder), lambda found: _read_manifest(found) is not None)
    return manifest


def _to_srgb(image: Image.Image) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(
                image.convert(mode), source, ImageCms.createProfile("sRGB"), outputMode=mode
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: keep the pixels as they are
    clean = image.convert(mode)
    clean.info = {}  # nothing of the original's metadata may travel on
    return clean


def _plan(image: Image.Image, name: str, avif: bool = True) -> list[dict]:
    """The files of one image: for each width an AVIF (when `avif`), a WebP and a JPEG or PNG
    fallback; the largest fallback (or WebP) keeps the original's name."""
    stem, suffix = posixpath.splitext(name)
    suffix = suffix.lower()
    fallback = "png" if image.mode == "RGBA" or suffix == ".png" else "jpg"
    widths = plan_widths(image.width)
    variants: list[dict] = []
    for width in widths:
        size = {"width": width, "height": scaled_height(image.width, image.height, width)}
        largest = width == widths[-1]
        kept = largest and suffix in (".jpg", ".jpeg", ".png")
        if avif:
            variants.append({"name": f"{stem}-{width}.avif", "format": "avif", **size})
        webp = name if largest and suffix == ".webp" else f"{stem}-{width}.webp"
        variants.append({"name": webp, "format": "webp", **size})
        variants.append({"name": name if kept else f"{stem}-{width}.{fallback}", "format": fallback, **size})
    return variants


def _manifest(variants: list[dict]) -> dict:
    """AVIF, then WebP, then the fallback, each by rising width; the image is as large as its
    largest fallback."""
    order = {"avif": 0, "webp": 1}
    variants = sorted(variants, key=lambda v: (order.get(v["format"], 2), v["width"]))
    return {"width": variants[-1]["width"], "height": variants[-1]["height"], "variants": variants}


def _encode(image: Image.Image, name: str, folder: Path) -> dict:
    """Write every planned file into `folder`; return the manifest with each file's size and digest."""
    made = []
    for variant in _plan(image, name):
        width, path = variant["width"], folder / variant["name"]
        resized = (
            image
            if width == image.width
            else image.resize((width, variant["height"]), Image.Resampling.LANCZOS)
        )
        if variant["format"] == "jpg":
            resized.convert("RGB").save(
                path, "JPEG", quality=QUALITY["jpeg"], optimize=True, progressive=True
            )
        elif variant["format"] == "png":
            resized.save(path, "PNG", optimize=True)
        elif variant["format"] == "webp":
            resized.save(path, "WEBP", quality=QUALITY["webp"], method=4)
        else:
            resized.save(path, "AVIF", quality=QUALITY["avif"], speed=8)
        made.append({**variant, "size": path.stat().st_size, "sha256": file_digest(path)})
    total = lambda fmt: sum(v["size"] for v in made if v["format"] == fmt)  # noqa: E731
    if total("avif") >= total("webp"):  # AVIF only where it pays
        for v in made:
            if v["format"] == "avif":
                (folder / v["name"]).unlink()
        made = [v for v in made if v["format"] != "avif"]
    return _manifest(made)
