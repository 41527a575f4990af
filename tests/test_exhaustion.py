"""Input built to exhaust the build (exponential YAML, nesting that overflows a stack or takes
quadratic time) is a quick path:line error, never a hang or a crash."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from sitegen.markup.markdown import LinkContext, MarkdownRenderer

HEAD = "---\ntitle: 甲\ndate: 2024-01-01\n"


def laughs() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


CASES = {
    "billion laughs": (HEAD + laughs() + "---\n正文\n", 4, "YAML anchors and aliases (&name, *name) are not allowed"),
    "50,000 brackets": (HEAD + "tags: " + "[" * 50_000 + "]" * 50_000 + "\n---\n", 4,
                        "front matter nested more than 20 levels deep"),
    "nested block lists": (HEAD + "tags:\n" + "".join(" " * i + "- \n" for i in range(0, 600, 2)) + "---\n", 105,
                           "front matter nested more than 20 levels deep"),
    "30 levels": (HEAD + "tags: " + "[" * 30 + "]" * 30 + "\n---\n", 4, "front matter nested more than 20 levels deep"),
    "20,000 list levels": ("---\ntitle: 甲\ndate: 2024-01-01\n---\n" + "- " * 20_000 + "深\n", 5,
                           "quotes or lists are nested 20000 levels deep here, more than 40"),
    "20,000 emphasis marks": ("---\ntitle: 甲\ndate: 2024-01-01\n---\n" + "*" * 10_000 + "x" + "*" * 10_000 + "\n", 5,
                              "a paragraph holds too many links, marks or HTML tags"),
}


@pytest.mark.parametrize("name", CASES)
def test_exhausting_input_is_a_quick_error(site_factory, name):
    text, line, message = CASES[name]
    site = site_factory({"content/articles/a.md": text})
    # a separate process: a crash of the C YAML parser would take pytest down with it
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--site", str(site), "--lang", "en"],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"content/articles/a.md:{line}: error: {message}"), done.stderr


def test_thousands_of_nested_emphasis_marks_render_quickly():
    """(They overflowed Python's stack until the inline patterns were tried only where their
    trigger is: 'nested too deeply' from between 1,000 and 2,000 marks a side.)"""
    renderer = MarkdownRenderer(LinkContext(Path("."), "/", {}, {}))
    started = time.process_time()
    body = renderer.render("*" * 5_000 + "x" + "*" * 5_000 + "\n", "content/articles/a.md", "content/articles", 5, None)
    assert time.process_time() - started < 2.0
    assert body.errors == () and body.html.startswith("<p><strong><strong>")


def test_a_stack_overflow_while_rendering_is_a_located_error(monkeypatch):
    renderer = MarkdownRenderer(LinkContext(Path("."), "/", {}, {}))

    def overflow(text):
        raise RecursionError

    monkeypatch.setattr(renderer._md, "convert", overflow)
    body = renderer.render("正文\n", "content/articles/a.md", "content/articles", 5, None)
    assert body.html == "" and len(body.errors) == 1
    assert body.errors[0][0] == 5 and body.errors[0][1].startswith("the text is nested too deeply")


def test_deep_raw_html_is_removed_with_a_warning(site_factory):
    site = site_factory({"content/articles/a.md": "---\ntitle: 甲\ndate: 2024-01-01\n---\n"
                         + "<div>" * 10_000 + "x" + "</div>" * 10_000 + "\n"})  # (a body stays under 200,000 characters)
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--site", str(site), "--lang", "en"],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "content/articles/a.md:5: warning: unsafe HTML removed: HTML nested more than 200 levels" in done.stderr
