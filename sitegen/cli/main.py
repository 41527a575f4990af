"""The command line (CONTRACT section 3). Exit 0 built, 1 content errors, 2 usage errors."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from sitegen.build.lock import LockBusy, build_lock
from sitegen.build.state import BuildState
from sitegen.cli import report
from sitegen.errors import reason
from sitegen.messages import site_language


class UsageError(Exception):
    pass


class _TypeNames:
    """The content types' names for `new`, looked up only when asked: importing the types takes
    ~0.2 s, which a build that finds nothing changed must not spend."""

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self):
        return iter(self._names())

    @staticmethod
    def _names() -> list[str]:
        from sitegen.types import TYPES

        return TYPES.names()


LOCK_WAIT = 600.0  # seconds a build waits for another build of the same site before it gives up

# "Now" stays where every date sum of the build (time zones, a day either side) is defined.
EARLIEST_NOW = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST_NOW = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)


def parse_now(text: str | None, environ: dict) -> dt.datetime:
    """--now, else SOURCE_DATE_EPOCH, else the clock. Always an aware datetime."""
    if text:
        try:
            moment = dt.datetime.fromisoformat(text)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
            in_range = EARLIEST_NOW <= moment < LATEST_NOW
        except (ValueError, OverflowError):
            in_range, moment = False, None
        if moment is None:
            raise UsageError(f"--now must be ISO 8601 such as 2024-07-01T00:00:00+08:00, not {text!r}")
        if not in_range:
            raise UsageError(f"--now must lie between the years 1970 and 8999, not {text!r}")
        return moment
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        latest = int(LATEST_NOW.timestamp())
        if not (
            epoch.isascii() and epoch.isdigit() and len(epoch) <= len(str(latest)) and int(epoch) < latest
        ):
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to {latest - 1} "
                f"(1970 to 8999), not {epoch[:40]!r}"
            )
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def check_arguments(args) -> None:
    """What the command line says, checked before anything reads or writes."""
    if getattr(args, "base_url", None) is not None:
        from sitegen.settings import base_url_problem  # only then: a no-change build imports little

        problem = base_url_problem(args.base_url)
        if problem:
            raise UsageError("--base-url: " + problem.replace("base_url", "the address", 1))


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="禁毒宣传教育静态网站生成器 / static-site generator"
    )
    commands = parser.add_subparsers(dest="command")
    for name, help_text in (
        ("build", "build the site into --out"),
        ("check", "validate everything, write nothing"),
    ):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--site", default=".", help="site folder (default: current folder)")
        sub.add_argument("--drafts", action="store_true", help="include drafts and scheduled items")
        sub.add_argument("--base-url", help="override base_url from site.toml")
        sub.add_argument("--now", help="the build's 'now', ISO 8601")
        sub.add_argument("--quiet", action="store_true", help="print errors and warnings only")
        _add_lang(sub)
        if name == "build":
            sub.add_argument("--out", help="output folder (default: public/ in the site folder)")
            sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
            sub.add_argument(
                "--compress",
                action="store_true",
                help="also write .gz and .br beside every text file (HTML, CSS, JS, XML, JSON, SVG, "
                ".ics ...) for web servers that send precompressed files, such as nginx with "
                "deploy/nginx.conf; see README, Deployment",
            )
    serve = commands.add_parser("serve", help="preview with live reload on 127.0.0.1")
    serve.add_argument("--site", default=".")
    serve.add_argument("--port", type=int, default=8000)
    _add_lang(serve)
    new = commands.add_parser("new", help="create a content file")
    new.add_argument("type", choices=_TypeNames(), metavar="TYPE", help="one of: %(choices)s")
    new.add_argument("title")
    new.add_argument("--site", default=".")
    _add_lang(new)
    init = commands.add_parser("init", help="start a new site folder (refuses a non-empty one)")
    init.add_argument("dir", help="the new site's folder")
    _add_lang(init)
    return parser


def _add_lang(command) -> None:
    command.add_argument(
        "--lang", choices=("zh-CN", "en"), help="language of the messages (default: the site's language)"
    )


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    site_dir = Path(getattr(args, "site", None) or args.dir)
    args.lang = site_language(site_dir, args.lang)
    try:
        return dispatch(args, site_dir, environ)
    except UsageError as exc:
        report.say(f"build.py: error: {exc}", args.lang, error=True)
        return 2
    except OSError as exc:  # a full, read-only or odd disk under .cache/ or the site: say which file
        report.say(disk_error(exc, site_dir), args.lang, error=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001  the one place a fault of the engine may end up
        from sitegen.cli.guard import internal_failure_line

        report.say(f"build.py: error: {internal_failure_line(exc, site_dir)}", args.lang, error=True)
        return 1


def dispatch(args, site_dir: Path, environ) -> int:
    if args.command == "init":
        return init(site_dir, args.lang)
    if not (site_dir / "site.toml").is_file():
        raise UsageError(f"{site_dir} is not a site: it has no site.toml")
    check_arguments(args)
    if args.command == "serve":
        return serve(site_dir, args.port, args.lang)
    if args.command == "new":
        return new(site_dir, args.type, args.title, environ, args.lang)
    if args.command == "check":  # writes nothing, not even a lock
        return run(args, site_dir, environ)
    try:
        with build_lock(site_dir, LOCK_WAIT, lambda line: report.say(line, args.lang, error=True)):
            return run(args, site_dir, environ)
    except LockBusy as busy:
        report.say(str(busy), args.lang, error=True)
        return 1


def disk_error(exc: OSError, site_dir: Path) -> str:
    """`path:1: error: ...` for a file the build could not read or write (its name when known)."""
    if not exc.filename:  # Pillow and others do not say which file
        return (
            f"build.py: error: could not write the build's files: {reason(exc)}; check that the disk "
            "holding the site and its .cache/ has space and is writable"
        )
    name = Path(exc.filename)
    try:
        shown = name.resolve().relative_to(site_dir.resolve()).as_posix()
    except (ValueError, OSError):
        shown = str(name)
    hint = (
        "; .cache/ must be a writable folder (it is safe to delete)"
        if shown.startswith(".cache")
        else "; check that the disk has space and is writable"
    )
    return f"{shown}:1: error: could not read or write this file: {reason(exc)}{hint}"


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
    """`build` and `check`: the no-change shortcut, the build, the summary, the saved state."""
    started = time.perf_counter()
    out = getattr(args, "out", None)
    out_dir = Path(out) if out else site_dir / "public"
    now = parse_now(args.now, environ)
    check_only = args.command == "check"
    options_that_matter = {
        k: v for k, v in vars(args).items() if k not in ("quiet", "now", "out", "site", "lang")
    }
    state = BuildState.open(site_dir, out_dir, None if check_only else options_that_matter)
    last = state.unchanged(now)
    if last is not None:
        report.print_problems(last.warnings, args.lang)
        if not args.quiet:
            report.say(
                f"{last.summary} in {time.perf_counter() - started:.2f} s, "
                f"{report.totals(0, len(last.warnings))} (nothing changed since the last build)",
                args.lang,
            )
        return 0
    from sitegen.build.pipeline import BuildFailed, BuildOptions, build_site

    known_output = state.output_intact()
    state.begin()
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
        known_output=known_output,
    )
    try:
        result = build_site(options, state)
    except BuildFailed as failed:
        progress.finish()
        report.print_problems(failed.problems, args.lang)
        if not args.quiet:
            report.say(report.failed_line(failed.problems, check_only), args.lang)
        _warn(state.save(), args.lang)
        return 1
    progress.finish()
    report.print_problems(result.warnings, args.lang)
    if check_only and not args.quiet:
        for url in result.external_links:
            report.say(f"external link (not fetched): {url}", args.lang)
        for line in report.left_out_lines(result.left_out):
            report.say(line, args.lang)
    if not args.quiet:
        report.say(
            f"{summary_line(result, options, result.images.processed)} in {result.seconds:.2f} s, "
            f"{report.totals(0, len(result.warnings))}",
            args.lang,
        )
        left_out = report.left_out_line(result.left_out)
        if left_out:
            report.say(left_out, args.lang)
    _warn(state.commit(result, summary_line(result, options, 0)), args.lang)
    return 0


def _warn(messages: list[str], language: str) -> None:
    for message in messages:
        report.say(f"build.py: warning: {message}", language, error=True)


def summary_line(result, options, processed: int) -> str:
    verb = "checked" if options.check_only else f"built into {options.out_dir}"
    return f"{result.page_count} pages, {len(result.images.by_source)} images ({processed} processed) {verb}"


def serve(site_dir: Path, port: int, language: str) -> int:
    from sitegen.cli.server import DevServer
    from sitegen.cli.watching import port_refusal

    if not 0 < port < 65536:
        raise UsageError(f"--port must be 1-65535, not {port}")
    busy = port_refusal(port)
    if busy:
        raise UsageError(busy)

    def log(text: str, file=None) -> None:  # the server's lines, problems among them, in the language
        report.say(text, language, error=file is sys.stderr)

    DevServer(site_dir, port, log=log, language=language).serve()
    return 0


def new(site_dir: Path, type_name: str, title: str, environ, language: str) -> int:
    from sitegen.cli.scaffold import new_item
    from sitegen.errors import Diagnostics
    from sitegen.settings import load_settings

    problems = Diagnostics()
    settings = load_settings(site_dir, problems)
    path = (
        new_item(site_dir, settings, type_name, title, parse_now(None, environ), problems)
        if settings
        else None
    )
    if path is None:
        report.print_problems(problems, language)
        return 1
    print(path.as_posix())
    return 0


def init(folder: Path, language: str) -> int:
    from sitegen.cli.starter_site import init_site, next_steps, refusal
    from sitegen.messages import is_chinese

    why = refusal(folder)
    if why:
        raise UsageError(why)
    init_site(folder)
    print(next_steps(folder, is_chinese(language)))
    return 0
