"""The command line (CONTRACT section 3). Exit 0 built, 1 content errors, 2 usage errors."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import sys
import time
from pathlib import Path

from sitegen.build import manifest
from sitegen.content.files import walk_site
from sitegen.types import BY_NAME


class UsageError(Exception):
    pass


def parse_now(text: str | None, environ: dict) -> dt.datetime:
    """--now, else SOURCE_DATE_EPOCH, else the clock. Always an aware datetime."""
    if text:
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--now must be ISO 8601 such as 2024-07-01T00:00:00+08:00, not {text!r}")
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}")
    return dt.datetime.now(dt.timezone.utc)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="禁毒宣传教育静态网站生成器 / static-site generator")
    commands = parser.add_subparsers(dest="command")
    for name, help_text in (("build", "build the site into --out"), ("check", "validate everything, write nothing")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--site", default=".", help="site folder (default: current folder)")
        sub.add_argument("--drafts", action="store_true", help="include drafts and scheduled items")
        sub.add_argument("--base-url", help="override base_url from site.toml")
        sub.add_argument("--now", help="the build's 'now', ISO 8601")
        sub.add_argument("--quiet", action="store_true", help="print errors and warnings only")
        if name == "build":
            sub.add_argument("--out", help="output folder (default: public/ in the site folder)")
            sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
            sub.add_argument("--compress", action="store_true",
                             help="also write .gz and .br beside every text file (HTML, CSS, JS, XML, JSON, SVG, "
                                  ".ics ...) for web servers that send precompressed files, such as nginx with "
                                  "deploy/nginx.conf; see README, Deployment")
    serve = commands.add_parser("serve", help="preview with live reload on 127.0.0.1")
    serve.add_argument("--site", default=".")
    serve.add_argument("--port", type=int, default=8000)
    new = commands.add_parser("new", help="create a content file")
    new.add_argument("type", choices=sorted(BY_NAME))
    new.add_argument("title")
    new.add_argument("--site", default=".")
    return parser


def main(argv: list[str] | None = None, environ: dict | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        site_dir = Path(args.site)
        if not (site_dir / "site.toml").is_file():
            raise UsageError(f"{site_dir} is not a site: it has no site.toml")
        if args.command == "serve":
            return serve(site_dir, args.port)
        if args.command == "new":
            return new(site_dir, args.type, args.title, environ)
        return run(args, site_dir, environ)
    except UsageError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2


def save_cache_quietly(site_dir: Path, cache) -> None:
    """The cache only saves time: a read-only or full disk must not fail the build."""
    from sitegen.build.cache import save_cache

    try:
        save_cache(site_dir, cache)
    except (OSError, pickle.PicklingError) as exc:
        print(f"build.py: warning: could not save the build cache: {exc}", file=sys.stderr)


class Progress:
    """One updating line on a terminal, only for builds that take more than a second."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled and time.perf_counter() - self.started > 1.0:
            print(f"\r{stage} {done}/{total}", end="", file=sys.stderr, flush=True)
            self.shown = True

    def finish(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def run(args, site_dir: Path, environ) -> int:
    started = time.perf_counter()
    out = getattr(args, "out", None)
    out_dir = Path(out) if out else site_dir / "public"
    now = parse_now(args.now, environ)
    inputs = digests = walk = None
    if args.command == "build":
        # Checked before the engine is even imported: a no-change build costs a walk and a hash.
        settings_that_matter = {k: v for k, v in vars(args).items() if k not in ("quiet", "now", "out", "site")}
        walk = walk_site(site_dir)  # the build's one walk of the site, reused below
        digests = manifest.file_digests(site_dir, walk)
        inputs = manifest.input_digest(site_dir, {**settings_that_matter, "out": str(out_dir.resolve())}, digests)
        last = manifest.unchanged(site_dir, out_dir, inputs, now)
        if last is not None:
            for warning in last.warnings:
                print(warning, file=sys.stderr)
            if not args.quiet:
                print(f"{last.summary} in {time.perf_counter() - started:.2f} s, {len(last.warnings)} warnings"
                      f" (nothing changed since the last build)")
            return 0
    from sitegen.build.cache import load_cache
    from sitegen.build.pipeline import BuildFailed, BuildOptions, build_site

    check_only = args.command == "check"
    cache = load_cache(site_dir)
    # The cache keeps rendered pages without their bytes; they are read back from the output
    # only when it is exactly what the build that last saved those pages wrote.
    written = manifest.intact_output(site_dir, out_dir)
    previous_output = out_dir if written is not None and written == cache.renders_output else None
    if not check_only:
        manifest.forget(site_dir)
    progress = Progress(enabled=sys.stderr.isatty() and not args.quiet)
    options = BuildOptions(
        site_dir=site_dir,
        out_dir=out_dir,
        now=now,
        drafts=args.drafts,
        base_url=args.base_url,
        check_only=check_only,
        strict=getattr(args, "strict", False),
        workers=min(4, os.cpu_count() or 1),
        progress=progress,
        compress=getattr(args, "compress", False),
        previous_output=previous_output,
        walk=walk,
        known_output=written is not None,
    )
    pages_before = cache.pages_rendered
    try:
        result = build_site(options, cache)
    except BuildFailed as failed:
        progress.finish()
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        if cache.pages_rendered != pages_before:  # pages rendered but not written: the output no longer matches
            cache.renders_output = None
        save_cache_quietly(site_dir, cache)
        return 1
    progress.finish()
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    if check_only and not args.quiet:
        for url in result.external_links:
            print(f"external link (not fetched): {url}")
    if not args.quiet:
        print(f"{summary_line(result, options, result.images.processed)} in {result.seconds:.2f} s, "
              f"{len(result.warnings)} warnings")
    if inputs is not None:
        cache.renders_output = remember_build(site_dir, out_dir, inputs, result, summary_line(result, options, 0))
    elif cache.pages_rendered != pages_before:
        cache.renders_output = None
    save_cache_quietly(site_dir, cache)
    return 0


def summary_line(result, options, processed: int) -> str:
    verb = "checked" if options.check_only else f"built into {options.out_dir}"
    return f"{result.page_count} pages, {len(result.images.by_source)} images ({processed} processed) {verb}"


def remember_build(site_dir: Path, out_dir: Path, inputs: str, result, summary: str) -> str | None:
    """Record the build for the no-change shortcut; returns the digest of what it wrote."""
    outputs = manifest.output_digest(out_dir)
    if outputs is None:
        return None
    last = manifest.LastBuild(inputs, outputs, str(result.now.tzinfo), result.now.isoformat(), result.moments,
                              summary, tuple(str(p) for p in result.warnings))
    try:
        manifest.save(site_dir, last)
    except OSError as exc:  # like the cache, the record only saves time
        print(f"build.py: warning: could not save the build record: {exc}", file=sys.stderr)
        return None
    return outputs


def serve(site_dir: Path, port: int) -> int:
    from sitegen.cli.server import DevServer

    if not 0 < port < 65536:
        raise UsageError(f"--port must be 1-65535, not {port}")
    DevServer(site_dir, port).serve()
    return 0


def new(site_dir: Path, type_name: str, title: str, environ) -> int:
    from sitegen.cli.scaffold import new_item
    from sitegen.settings import load_settings

    settings, problems = load_settings(site_dir)
    if settings is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    path, problem = new_item(site_dir, settings, type_name, title, parse_now(None, environ))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print(path.as_posix())
    return 0
