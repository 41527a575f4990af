"""The resource library: courseware, lesson plans, posters, audio and video to download.

A resource's file sits in its bundle and is published beside its page under its own name
(resources/<slug>/<file>): a stable address schools can link to and print as a QR code.
The library can be filtered without a server: one static list per kind, audience and grade.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from sitegen.content.files import human_size
from sitegen.content.lists import paginate
from sitegen.content.model import CheckContext, CommonFront, ContentType, Output
from sitegen.content.schema import suggest
from sitegen.errors import Diagnostics, error, warning

# Closed lists, with their pinyin slugs written out so a warm build never loads pypinyin
# (tests check them against slugify).
KINDS = {
    "课件": "ke-jian",
    "教案": "jiao-an",
    "教程": "jiao-cheng",
    "视频": "shi-pin",
    "案例": "an-li",
    "图片": "tu-pian",
    "动画": "dong-hua",
    "海报": "hai-bao",
    "广告": "guang-gao",
    "歌曲": "ge-qu",
    "音频": "yin-pin",
    "宣传册": "xuan-chuan-ce",
    "其他": "qi-ta",
}
GRADES = {
    "小学": "xiao-xue",
    "初中": "chu-zhong",
    "高中": "gao-zhong",
    "中职": "zhong-zhi",
    "高校": "gao-xiao",
}
MEDIA = {  # file suffix -> (how the page previews it, MIME type)
    ".png": ("image", "image/png"),
    ".jpg": ("image", "image/jpeg"),
    ".jpeg": ("image", "image/jpeg"),
    ".webp": ("image", "image/webp"),
    ".gif": ("image", "image/gif"),
    ".svg": ("image", "image/svg+xml"),
    ".pdf": ("pdf", "application/pdf"),
    ".mp3": ("audio", "audio/mpeg"),
    ".ogg": ("audio", "audio/ogg"),
    ".oga": ("audio", "audio/ogg"),
    ".wav": ("audio", "audio/wav"),
    ".m4a": ("audio", "audio/mp4"),
    ".mp4": ("video", "video/mp4"),
    ".webm": ("video", "video/webm"),
    ".ogv": ("video", "video/ogg"),
}


@dataclass(frozen=True, kw_only=True)
class ResourceFront(CommonFront):
    kind: str = field()
    file: str | None = None  # in the bundle
    url: str | None = None  # a page of this site (/...) or another site
    alt: str = ""  # what an image file shows, for screen readers
    captions: str | None = None  # WebVTT subtitles of a video file, in the bundle
    grades: tuple[str, ...] = ()
    license: str = field()  # who may use it and how, e.g. "可免费用于非营利禁毒宣传教育"


@dataclass(frozen=True)
class FacetTerm:
    name: str
    slug: str
    items: tuple  # resources with this term, in library order


@dataclass(frozen=True)
class Facet:
    """One way to filter the library: by kind, audience or grade."""

    name: str  # "kind": also the folder of its static lists, resources/kind/<slug>/
    label: str  # "类型"
    terms: tuple[FacetTerm, ...]

    def path(self, term: FacetTerm) -> str:
        return f"resources/{self.name}/{term.slug}/"


def _check(resources, context: CheckContext, problems: Diagnostics) -> None:
    for item in resources:
        front = item.front
        if front.kind not in KINDS:
            problems.append(
                error(
                    item.source,
                    item.line_of("kind"),
                    f"unknown kind '{front.kind}'{suggest(front.kind, KINDS)} (allowed: {', '.join(KINDS)})",
                )
            )
        for index, grade in enumerate(front.grades):
            if grade not in GRADES:
                problems.append(
                    error(
                        item.source,
                        item.line_of("grades", index),
                        f"'{grade}' is not a grade; allowed: {', '.join(GRADES)}",
                    )
                )
        if front.file is not None and front.url is not None:
            problems.append(
                error(item.source, item.line_of("url"), "a resource has either 'file' or 'url', not both")
            )
        elif front.file is None and front.url is None and not front.draft:  # a draft may wait for its file
            problems.append(error(item.source, 1, "a resource needs 'file' (a file beside it) or 'url'"))
        if front.file is not None:
            _check_file(item, context.walk, context.settings.max_attachment_mb, problems)


def _check_file(item, walk, limit_mb: int, problems: Diagnostics) -> None:
    """The file is in the bundle, within the size limit, and described for every reader."""
    front = item.front
    line = item.line_of("file")
    for field_name, ref in (("file", front.file), ("captions", front.captions)):
        if ref is not None and ("\0" in ref or "\\" in ref):
            problems.append(
                error(
                    item.source,
                    item.line_of(field_name),
                    f"{field_name} {ref!r} must be a path such as 'lesson.pdf'",
                )
            )
            return
    record = walk.beside(item.folder, front.file)
    if record is None:
        problems.append(
            error(item.source, line, f"resource file '{front.file}' not found beside {item.source}")
        )
        return
    media = MEDIA.get(posixpath.splitext(record.source)[1].lower(), ("",))[0]
    if media == "image" and not front.alt:
        problems.append(
            error(
                item.source,
                line,
                f"image '{front.file}' needs 'alt': a short description of the picture for screen readers",
            )
        )
    if media == "video" and front.captions is None:
        problems.append(
            warning(
                item.source,
                line,
                f"video '{front.file}' has no captions: add 'captions: <name>.vtt' "
                "(WebVTT subtitles) so that deaf readers can follow it",
            )
        )
    if front.captions is not None and walk.beside(item.folder, front.captions) is None:
        problems.append(
            error(
                item.source,
                item.line_of("captions"),
                f"captions file '{front.captions}' not found beside {item.source}",
            )
        )
    size = record.size
    if size > limit_mb * 1024 * 1024:
        problems.append(
            error(
                item.source,
                line,
                f"resource file '{front.file}' is {size / 1024 / 1024:.1f} MB, "
                f"more than max_attachment_mb = {limit_mb} in site.toml: "
                "compress it, or publish it elsewhere and give its 'url'",
            )
        )


def _facet_specs(site) -> dict:
    """facet name -> (label, terms in their declared order, item -> its terms, term -> slug)."""
    audiences = site.settings.taxonomy("audiences")
    return {
        "kind": ("类型", tuple(KINDS), lambda item: (item.front.kind,), KINDS.get),
        "audience": (
            "对象",
            audiences.terms or () if audiences else (),
            lambda item: item.terms.get("audiences", ()),
            lambda term: site.collections.term_of[("audiences", term)].slug,
        ),  # as on the taxonomy's pages
        "grade": ("学段", tuple(GRADES), lambda item: item.front.grades, GRADES.get),
    }


def facets(site, resources) -> tuple[Facet, ...]:
    """Kinds, audiences and grades that occur, in their declared order; empty terms left out."""
    found = []
    for name, (label, order, terms_of, slug_of) in _facet_specs(site).items():
        names = dict.fromkeys(t for item in resources for t in terms_of(item))
        ranked = sorted(names, key=lambda t: (order.index(t) if t in order else len(order), t))
        terms = tuple(
            FacetTerm(t, slug_of(t), tuple(i for i in resources if t in terms_of(i))) for t in ranked
        )
        if terms:
            found.append(Facet(name, label, terms))
    return tuple(found)


def facet_slugs(site, item) -> dict:
    """facet name -> the item's term slugs separated by spaces, for data-* attributes."""
    return {
        name: " ".join(slug_of(t) for t in terms_of(item))
        for name, (_, _, terms_of, slug_of) in _facet_specs(site).items()
    }


@dataclass(frozen=True)
class ResourceFile:
    """What a resource page shows about its file."""

    url: str
    size: str  # "12.3 KB"
    format: str  # "PDF"
    media: str  # image, pdf, audio, video, or "" when the browser cannot preview it
    mime: str
    image: object  # the processed image (images.ProcessedImage) for <picture>, else None


def resource_file(site, item) -> ResourceFile | None:
    if item.front.file is None:
        return None
    attachment = site.attachment(item, item.front.file)
    media, mime = MEDIA.get(posixpath.splitext(item.front.file)[1].lower(), ("", "application/octet-stream"))
    record = site.published(item, item.front.file)
    image = site.image(record.output) if record is not None and item.bundle else None
    size = attachment.size
    if image is not None and image.file_size(image.output):  # the download is the image stage's copy
        # (metadata stripped): show its size; `check` encodes nothing and keeps the original's
        size = human_size(image.file_size(image.output))
    return ResourceFile(attachment.url, size, attachment.format, media, mime, image)


def _outputs(site, resources) -> list[Output]:
    outputs = []
    for facet in facets(site, resources):
        for term in facet.terms:
            for page in paginate(
                f"资源库 · {facet.label}：{term.name}",
                facet.path(term),
                term.items,
                site.settings.page_size,
                kind=RESOURCE,
            ):
                outputs.append(
                    Output(
                        page.path + "index.html",
                        "resource-list.html",
                        {"listing": page, "facet": facet, "term": term},
                    )
                )
    return outputs


def _helpers(site) -> dict:
    resources = site.collections.sections.get("resource", ())
    by_slug = {item.slug: item for item in resources}
    guides = site.collections.sections.get("guide", ())
    return {
        "resource_facets": facets(site, resources),
        "resource_file": lambda item: resource_file(site, item),
        "resource_by_slug": by_slug.get,
        "guides_using": lambda item: tuple(
            g for g in guides if any(m.resource == item.slug for m in g.front.materials)
        ),
        "facet_slugs": lambda item: facet_slugs(site, item),
    }


SCAFFOLD = """\
---
title: {title}
kind: 课件                # 类型：课件 教案 教程 视频 案例 图片 动画 海报 广告 歌曲 音频 宣传册 其他
file:                     # 与本文件放在同一文件夹的文件名，如 lesson.pdf（或改填 url）
# alt:                    # 文件是图片时必填：图片内容说明
# url: https://……         # 资源在别的网站时填网址，不填 file
grades: []                # 学段：小学 初中 高中 中职 高校
license: 可免费用于非营利禁毒宣传教育，使用时请注明来源   # 使用许可
summary:                  # 一句话说明资源内容
{taxonomies}draft: true               # 写完后改为 false 或删除本行
---

在这里介绍资源的内容和使用建议。
"""

RESOURCE = ContentType(
    "resource",
    "resources",
    ResourceFront,
    "resources/{slug}/",
    "resource.html",
    "资源库",
    "资源",
    list_template="resource-list.html",
    check=_check,
    extra_outputs=_outputs,
    search_text=lambda item: [item.front.kind],
    helpers=_helpers,
    helpers_read=("resource", "guide"),
    scaffold=SCAFFOLD,
    front_links=lambda item: [(item.line_of("url"), item.front.url)] if item.front.url else [],
)
