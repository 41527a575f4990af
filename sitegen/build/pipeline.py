"""The whole build in one screen: read everything, then render, then write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.build.cache import BuildCache, digest
from sitegen.build.dependencies import Recorder
from sitegen.build.record import timed_moments
from sitegen.build.staging import work_folder
from sitegen.build.state import BuildState
from sitegen.build.writer import SwappedTree, files_to_keep, open_output, written_paths
from sitegen.content.collections import build_collections, check_slug_clashes
from sitegen.content.encoding import check_encoding
from sitegen.content.files import walk_site
from sitegen.content.loading import load_content
from sitegen.content.published import publish_files
from sitegen.content.slips import joined_paragraphs
from sitegen.errors import BuildFailed, Diagnostics, Problem
from sitegen.figures.data import check_stats, resolve_charts
from sitegen.figures.svg import draw_chart
from sitegen.markup.markdown import LinkContext, MarkdownRenderer, render_bodies
from sitegen.media.assets import collect_assets
from sitegen.media.cards import render_cards
from sitegen.media.images import ImageSet, process_images
from sitegen.outputs.links import check_links, check_template_links
from sitegen.outputs.search import (
    PAGEFIND_VERSION,
    build_index,
    index_outputs,
    load_word_groups,
    search_config,
    search_records,
    shard_records,
)
from sitegen.render.pages import SiteView, render_outputs
from sitegen.render.plan import card_specs, plan_outputs
from sitegen.settings import load_settings
from sitegen.theme import generated_assets


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    out_dir: Path
    now: dt.datetime  # aware
    drafts: bool = False
    base_url: str | None = None
    check_only: bool = False  # validate and check links, write nothing
    write: bool = True  # False: build everything but leave writing to the caller (dev server)
    strict: bool = False  # warnings are errors
    progress: Callable | None = None  # (stage, done, total), for a progress line
    search_index: bool = True  # False: skip the Pagefind index (the dev server, where it costs seconds)
    workers: int = 1  # processes for Markdown, image encoding and share cards
    compress: bool = False  # also write .gz and .br beside text files
    known_output: bool = False  # out_dir is exactly what the last recorded build wrote (state.py)
    changed: frozenset[str] | None = None  # the dev server: paths changed since its last build


@dataclass(frozen=True)
class BuildResult:
    files: dict  # output path -> bytes or Path
    warnings: list[Problem] = field(default_factory=list)
    external_links: list[str] = field(default_factory=list)
    seconds: float = 0.0
    images: ImageSet = field(default_factory=ImageSet)
    cards_drawn: int = 0
    now: dt.datetime | None = None  # in the site's time zone
    moments: tuple = ()  # every timed moment in the content: "now" crossing one changes pages
    left_out: tuple = ()  # loading.LeftOut: drafts and scheduled items this build leaves out

    @property
    def page_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".html"))


def build_site(options: BuildOptions, state: BuildState | None = None) -> BuildResult:
    """Raises BuildFailed with every problem found; returns what was built. `state` holds what
    earlier builds computed (see state.py); it is updated, and a fresh one is used when absent.
    Half-made files (images, cards, the search index) stay in a work folder of this build's own
    until they are complete; `check` has none: it writes nothing at all."""
    if options.check_only:
        return _build(options, state, None)
    with work_folder(options.site_dir) as work:
        return _build(options, state, work)


def _build(options: BuildOptions, state: BuildState | None, work: Path | None) -> BuildResult:
    started = time.perf_counter()
    site_dir = options.site_dir
    state = BuildState.in_memory(site_dir, options.out_dir) if state is None else state
    cache = state.cache
    # 1. Settings and content: read and validate everything before anything is written.
    writing = options.write and not options.check_only
    problems = Diagnostics()  # every stage adds what it finds; the build stops between stages on errors
    if writing:
        open_output(options.out_dir, site_dir, problems)
    walk = state.walk or walk_site(site_dir, state.last_walk, options.changed)  # lstat first: nothing unsafe
    state.last_walk = walk
    problems += walk.problems
    problems.stop_if_errors()
    settings = load_settings(site_dir, problems, options.base_url)
    check_encoding(walk, problems)
    problems.stop_if_errors()
    if settings is None:  # load_settings reports why, as an error
        raise BuildFailed(list(problems))
    now = options.now.astimezone(settings.zone)
    content = load_content(site_dir, settings, options.drafts, now, problems, cache.loaded, walk)
    walk = publish_files(walk, content, settings.files_allow, settings.max_attachment_mb, problems)
    charts = resolve_charts(site_dir, content.items, settings.zone, problems)  # checked with the content
    check_stats(content.items, problems)
    problems.stop_if_errors()
    if options.check_only:  # pasted Word text: one line per paragraph, all joined into one
        problems += [
            p for item in content.items for p in joined_paragraphs(item.body, item.source, item.body_line)
        ]
    everything = (
        content.items
        + tuple(cache.loaded[s].item for s in content.skipped)
        + (content.home,) * bool(content.home)
    )
    # Only a recorded build (the command line) needs them: "now" passing one makes it build again.
    moments = timed_moments((i.front for i in everything), settings.zone) if state.persistent else ()
    # 2. Images (cached), then Markdown bodies with links and pictures resolved against the site.
    published = [record for record in walk.under("content") if record.output is not None]
    images = process_images(site_dir, published, problems, options.workers, work)
    context = LinkContext(
        site_dir,
        settings.base_path,
        {i.source: i.path for i in content.items},
        {r.source: r.output for r in published},
        images.by_output(),
    )
    renderer = MarkdownRenderer(context, settings.is_chinese, settings.html, cache.slugs)
    items = content.items + ((content.home,) if content.home else ())
    links_key = digest(
        context.base_path,
        sorted(context.pages.items()),
        sorted(context.files.items()),
        sorted((k, v.variants) for k, v in context.images.items()),
        settings.is_chinese,
        settings.html,
    )
    body_keys = {
        i.source: cache.remembered(
            cache.body_keys,
            i.source,
            (cache.loaded[i.source].key, links_key) if i.source in cache.loaded else None,
            lambda i=i: digest(i.body, i.folder, i.body_line, i.front.summary, i.front.cover, links_key),
        )
        for i in items
    }
    rendered = render_bodies(
        renderer,
        {
            i.source: (i.body, i.source, i.folder, i.body_line, i.front.summary, i.front.cover)
            for i in items
            if (i.source, body_keys[i.source]) not in cache.bodies
        },
        options.workers,
    )
    bodies = {
        i.source: cache.body(i.source, body_keys[i.source], lambda i=i: rendered[i.source]) for i in items
    }
    problems += [
        Problem(i.source, i.line_of("cover"), f"cover image '{i.front.cover}' not found")
        for i in items
        if i.front.cover and bodies[i.source].cover is None
    ]
    problems += [Problem(i.source, line, message) for i in items for line, message in bodies[i.source].errors]
    problems += [
        Problem(i.source, line, message, "error" if options.strict else "warning")
        for i in items
        for line, message in bodies[i.source].warnings
    ]
    # 3. Collections, assets, and the plan of every output file.
    collections = build_collections(content, settings, now, cache.slugs)
    check_slug_clashes(collections, cache.slugs, problems)
    word_groups = load_word_groups(site_dir, problems)
    site = SiteView(
        settings,
        content,
        bodies,
        collections,
        collect_assets(walk, generated_assets(settings.accent, settings.base_url)),
        now,
        site_dir,
        images,
        word_groups,
        options.drafts,
        body_keys,
        recorder=Recorder(body_keys, context.pages),
        file_sizes=tuple((r.source, r.size) for r in published),
        files={r.source: r for r in published},
        charts={
            source: tuple(draw_chart(chart, f"chart-{n}") for n, chart in enumerate(drawn, 1))
            for source, drawn in charts.items()
        },
    )
    searchable = site.settings.search
    indexing = searchable and options.search_index and not options.check_only
    shards = shard_records(search_records(site)) if indexing else None
    config = search_config(site, None if shards is None else list(shards)) if searchable else None
    outputs = plan_outputs(site, site_dir, published, problems, config)
    cards_drawn = 0
    if settings.share_cards and work is not None and not problems.has_errors:
        specs = card_specs(site)
        cards, cards_drawn, cache.cards = render_cards(
            specs, site_dir, work, options.workers, cache.cards, state.card_files
        )
        outputs += cards
        site = dataclasses.replace(site, cards={spec.page: spec.path for spec in specs})
    with ThreadPoolExecutor(max_workers=options.workers) as background:
        # Pagefind is a program of its own: it indexes the shards, `workers` at a time, while the
        # pages are rendered. (Started after the card workers are forked: no process is forked
        # while these threads run.)
        search = None
        if shards is not None and work is not None and not problems.has_errors:
            search = search_index(shards, site.settings.language, cache, work / "search", background)
        # 4. Render through the templates; check links against the planned outputs.
        store = None if options.check_only else state.store
        files = render_outputs(
            state.environment(settings, compiled=work is not None),
            site,
            outputs,
            site_dir,
            cache,
            store,
            problems,
            options.progress,
            state.page_keys,
            None if state.persistent else state.template_stamps,  # stamps are trusted in memory only
        )
        if search is not None:
            indexed = search()
            outputs += indexed
            files.update((output.path, output.data) for output in indexed)
    strict_links = options.check_only or options.strict
    external = check_links(content, bodies, {o.path for o in outputs}, strict_links, problems)
    if strict_links:
        check_template_links(files, outputs, bodies, settings.base_path, problems)
    keep: tuple = ()
    if writing:
        keep = files_to_keep(
            options.out_dir, site_dir, written_paths(files, options.compress), options.known_output, problems
        )
    cache.forget_missing({i.source for i in items} | set(cache.loaded) & set(content.skipped), set(files))
    problems.stop_if_errors()
    # 5. Write: into a fresh folder, swapped in only when complete.
    if writing:
        SwappedTree(options.out_dir, site_dir, options.compress, keep).write(files, problems)
        problems.stop_if_errors()
    return BuildResult(
        files,
        sorted(problems),
        external,
        time.perf_counter() - started,
        images,
        cards_drawn,
        now,
        moments,
        content.left_out,
    )


def search_index(
    shards: dict[str, list[dict]],
    language: str,
    cache: BuildCache,
    staging: Path,
    background: ThreadPoolExecutor,
) -> Callable[[], list]:
    """Start indexing the shards whose records are not in the cache; the returned function waits
    for them and gives the index files. The cache keeps the shards of this build only."""
    keys = {name: digest(records, language, PAGEFIND_VERSION) for name, records in shards.items()}
    jobs = {
        name: background.submit(build_index, shards[name], language, staging / name)
        for name, key in keys.items()
        if key not in cache.search
    }

    def finish() -> list:
        try:
            cache.search = {
                key: jobs[name].result() if name in jobs else cache.search[key] for name, key in keys.items()
            }
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return index_outputs({name: cache.search[key] for name, key in keys.items()})

    return finish


__all__ = ["BuildOptions", "BuildResult", "BuildFailed", "build_site"]
