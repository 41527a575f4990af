"""The image stage: widths, formats, orientation, stripped metadata, cache, and errors."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import build, errors_of
from sitegen.media.images import MAX_PIXELS, plan_widths, scaled_height

GPS_IFD = 0x8825


def jpeg_with_gps(width=2000, height=1000, orientation=1, color=(200, 30, 30)) -> bytes:
    image = Image.new("RGB", (width, height), color)
    image.paste((30, 30, 200), (0, 0, width // 4, height // 4))  # marks the top-left corner
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0112] = orientation
    exif[GPS_IFD] = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def article(body: str, cover: str = "") -> str:
    head = f"cover: {cover}\ncover_alt: 现场照片\n" if cover else ""
    return f"---\ntitle: 图片\ndate: 2024-01-01\n{head}---\n{body}\n"


def test_width_plan_never_upscales():
    assert plan_widths(2000) == [480, 960, 1600]
    assert plan_widths(1000) == [480, 960, 1000]
    assert plan_widths(300) == [300]
    assert plan_widths(960) == [480, 960]
    assert scaled_height(2000, 1000, 480) == 240


def test_published_widths_formats_and_markup(site_factory, tmp_path):
    site = site_factory({"content/articles/p/index.md": article("![现场照片](photo.jpg)"),
                         "content/articles/p/photo.jpg": jpeg_with_gps()})
    out = tmp_path / "out"
    build(site, out)
    folder = out / "articles/p"
    for width in (480, 960):
        assert Image.open(folder / f"photo-{width}.webp").size == (width, width // 2)
        assert Image.open(folder / f"photo-{width}.jpg").size == (width, width // 2)
    assert Image.open(folder / "photo.jpg").size == (1600, 800), "the original name holds the largest fallback"
    assert Image.open(folder / "photo-1600.webp").format == "WEBP"
    page = (folder / "index.html").read_text()
    assert "<picture>" in page and 'type="image/webp"' in page
    assert 'width="1600"' in page and 'height="800"' in page
    assert 'decoding="async"' in page and 'sizes="' in page
    assert "photo-480.webp 480w" in page
    assert 'loading="lazy"' not in page, "the first image above the fold is not lazy"


def test_no_metadata_survives_and_orientation_is_applied(site_factory, tmp_path):
    # Orientation 6: the camera was turned; the stored pixels must be rotated 90 degrees clockwise.
    site = site_factory({"content/articles/p/index.md": article("![甲](turned.jpg)\n\n![乙](plain.jpg)"),
                         "content/articles/p/turned.jpg": jpeg_with_gps(800, 400, orientation=6),
                         "content/articles/p/plain.jpg": jpeg_with_gps(800, 400)})
    out = tmp_path / "out"
    build(site, out)
    published = [p for p in (out / "articles/p").iterdir() if p.suffix in (".jpg", ".webp", ".avif", ".png")]
    assert len(published) >= 8
    for path in published:
        data = path.read_bytes()
        with Image.open(path) as image:
            exif = image.getexif()
            assert GPS_IFD not in exif and 0x010F not in exif, path.name
        assert b"CameraMaker" not in data and b"Exif" not in data[:200], path.name
    with Image.open(out / "articles/p/turned.jpg") as turned:
        assert turned.size == (400, 800)
        assert turned.getpixel((turned.width - 20, 20))[2] > 150, "top-left corner moved to the top right"
    page = (out / "articles/p/index.html").read_text()
    assert page.count('loading="lazy"') == 1


@pytest.mark.slow  # whole builds through the command line: `make test`, not `make unit`
def test_second_build_uses_the_cache_and_cache_is_safe_to_delete(site_factory, tmp_path):
    site = site_factory({"content/articles/p/index.md": article("![现场照片](photo.jpg)"),
                         "content/articles/p/photo.jpg": jpeg_with_gps()})
    first = build(site, tmp_path / "a")
    assert (first.images.processed, first.images.cached) == (1, 0)
    second = build(site, tmp_path / "b")
    assert (second.images.processed, second.images.cached) == (0, 1)
    import shutil
    shutil.rmtree(site / ".cache")
    third = build(site, tmp_path / "c")
    assert (third.images.processed, third.images.cached) == (1, 0)
    assert (tmp_path / "a/articles/p/photo.jpg").read_bytes() == (tmp_path / "c/articles/p/photo.jpg").read_bytes()


def test_image_errors_name_file_and_line(site_factory):
    huge = Image.new("1", (8000, 6000))  # 48 megapixels, tiny as a PNG
    buffer = io.BytesIO()
    huge.save(buffer, "PNG")
    site = site_factory({
        "content/articles/p/index.md": article("正文。\n\n![](photo.jpg)\n\n![说明](notes.txt)\n\n![巨图](huge.png)"),
        "content/articles/p/photo.jpg": jpeg_with_gps(600, 300),
        "content/articles/p/notes.txt": "文字",
        "content/articles/p/huge.png": buffer.getvalue(),
        "content/articles/q/index.md": article("正文。", cover="broken.jpg"),
        "content/articles/q/broken.jpg": b"not really a jpeg",
    })
    assert MAX_PIXELS == 40_000_000
    errors = errors_of(site)
    assert errors[0] == "content/articles/p/huge.png:1: error: image is 8000x6000 (48 megapixels); the limit is 40 megapixels: scale it down before adding it"
    assert errors[1] == "content/articles/p/index.md:7: error: image 'photo.jpg' has no alt text: write ![what the picture shows](photo.jpg)"
    assert errors[2] == "content/articles/p/index.md:9: error: 'notes.txt' is not an image (use .jpg, .png, .webp, .gif or .svg)"
    assert errors[3].startswith("content/articles/q/broken.jpg:1: error: not a readable image")
    assert len(errors) == 4


def test_a_missing_image_is_reported_with_its_line(site_factory):
    site = site_factory({"content/articles/a.md": article("第一段。\n\n![照片](nowhere.jpg)")})
    from sitegen.errors import BuildFailed
    result = build(site)
    assert [str(w) for w in result.warnings] == [
        "content/articles/a.md:7: warning: 'nowhere.jpg' points at nothing: content/articles/nowhere.jpg does not exist"]
    with pytest.raises(BuildFailed):
        build(site, check_only=True)
