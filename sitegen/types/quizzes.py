"""Knowledge quizzes: content/quizzes/<slug>.yaml, a page that marks itself in the browser.

A quiz is a whole YAML file, not Markdown: its `intro` is read as the page's Markdown body,
so links in it work like anywhere else. The answer key is in the page (nothing is sent
anywhere): with JavaScript the reader submits and sees the score; without it, each answer
and its explanation stay readable behind a <details> element.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.content.model import CheckContext, CommonFront, ContentType
from sitegen.content.reading import decode, item_from_data, parse_yaml
from sitegen.content.schema import suggest
from sitegen.errors import Diagnostics, Problem, error

SUFFIXES = (".yaml", ".yml")
TRUE_FALSE = ("对", "错")
QUESTION_TYPES = {
    "single": "single",
    "单选": "single",
    "multiple": "multiple",
    "多选": "multiple",
    "truefalse": "truefalse",
    "判断": "truefalse",
}
TYPE_LABELS = {"single": "单选题", "multiple": "多选题", "truefalse": "判断题"}
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True, kw_only=True)
class Question:
    type: str = field()  # single, multiple or truefalse (单选, 多选, 判断)
    question: str = field()
    options: tuple[str, ...] = ()  # none for true/false: those are 对 and 错
    answer: tuple[str, ...] = ()  # the correct option(s), written as the option's text
    explanation: str = field()
    source: str = ""  # the law article or fact the explanation rests on

    @property
    def kind(self) -> str:
        return QUESTION_TYPES.get(self.type, self.type)

    @property
    def label(self) -> str:
        return TYPE_LABELS.get(self.kind, "")

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """(mark, text) of each option: A, B, C ... or none for true/false."""
        if self.kind == "truefalse":
            return tuple(("", text) for text in TRUE_FALSE)
        return tuple(zip(LETTERS, self.options, strict=False))

    @property
    def correct_choices(self) -> tuple[tuple[int, str, str], ...]:
        """(number, mark, text) of each right option; number is its input's value (1, 2 ...)."""
        return tuple(
            (number, mark, text) for number, (mark, text) in enumerate(self.choices, 1) if text in self.answer
        )


@dataclass(frozen=True, kw_only=True)
class QuizFront(CommonFront):
    audience: str = field()
    questions: tuple[Question, ...] = field()


def read_quiz(
    site_dir: Path,
    source: str,
    kind: ContentType,
    bundle,
    settings,
    problems: Diagnostics,
    raw: bytes | None = None,
):
    """Parse a quiz file into an Item whose body is the Markdown of its `intro`."""
    text = decode(raw if raw is not None else (site_dir / source).read_bytes(), source)
    if isinstance(text, Problem):
        problems.append(text)
        return None
    data, lines = parse_yaml(text, source, 1, problems, what="the quiz file")
    if data is None:
        return None
    lines[()] = 1  # a missing field is reported on the first line
    intro = data.pop("intro", None) or ""
    if not isinstance(intro, str):
        problems.append(error(source, lines.get(("intro",), 1), "'intro' must be text"))
        intro = ""
    intro_line = lines.get(("intro",), 1)
    if text.split("\n")[intro_line - 1].rstrip().endswith(("|", ">", "|-", ">-")):
        intro_line += 1  # a block of text starts on the line after 'intro: |'
    for question in data.get("questions") or ():
        # true/false answers may be written as YAML booleans: true is 对, false is 错
        if isinstance(question, dict) and isinstance(question.get("answer"), bool):
            question["answer"] = TRUE_FALSE[0] if question["answer"] else TRUE_FALSE[1]
    _audience_as_term(data, lines, settings, source, problems)
    return item_from_data(source, kind, None, settings, problems, data, lines, intro, intro_line)


def _audience_as_term(data: dict, lines: dict, settings, source: str, problems: Diagnostics) -> None:
    """`audience` is one term of the site's `audiences` taxonomy; the quiz is listed under it."""
    audience = data.get("audience")
    taxonomy = settings.taxonomy("audiences")
    if not isinstance(audience, str) or taxonomy is None or "audiences" in data:
        return
    if taxonomy.terms is not None and audience not in taxonomy.terms:
        problems.append(
            error(
                source,
                lines.get(("audience",), 1),
                f"'{audience}' is not a term of 'audiences'; allowed: {', '.join(taxonomy.terms)}",
            )
        )
        return
    data["audiences"] = [audience]


def _check(quizzes, context: CheckContext, problems: Diagnostics) -> None:
    for item in quizzes:
        if not item.front.questions:
            problems.append(
                error(item.source, item.line_of("questions"), "a quiz needs at least one question")
            )
        for index, question in enumerate(item.front.questions):
            _check_question(item, index, question, problems)
    for record in context.walk.under("content/quizzes"):  # hidden files are never in the walk
        if posixpath.splitext(record.source)[1] not in SUFFIXES:
            problems.append(
                error(
                    record.source,
                    1,
                    "a quiz is a YAML file such as content/quizzes/<name>.yaml; "
                    "nothing else belongs in content/quizzes/",
                )
            )


def _check_question(item, index: int, question: Question, problems: Diagnostics) -> None:
    where = ("questions", index)
    number = f"question {index + 1}"
    report = lambda line_path, message: error(item.source, item.line_of(*line_path), message)  # noqa: E731
    if question.type not in QUESTION_TYPES:
        known = ", ".join(dict.fromkeys(QUESTION_TYPES))
        problems.append(
            report(
                where + ("type",),
                f"unknown question type '{question.type}'"
                f"{suggest(question.type, QUESTION_TYPES)} (allowed: {known})",
            )
        )
        return
    if question.kind == "truefalse":
        if question.options:
            problems.append(
                report(
                    where + ("options",),
                    f"{number} is true/false: its options are always "
                    f"{' and '.join(TRUE_FALSE)}; remove 'options'",
                )
            )
        options: tuple[str, ...] = TRUE_FALSE
    else:
        options = question.options
        if len(options) < 2:
            problems.append(report(where + ("options",), f"{number} needs at least two options"))
        elif len(options) > len(LETTERS):  # options are marked A to Z
            problems.append(
                report(
                    where + ("options", len(LETTERS)),
                    f"{number} has {len(options)} options; at most {len(LETTERS)} (A to Z) are possible",
                )
            )
        for position, option in enumerate(options):
            if option in options[:position]:
                problems.append(
                    report(where + ("options", position), f"option '{option}' of {number} is given twice")
                )
    if not question.answer:
        problems.append(report(where, f"{number} has no correct answer: add 'answer:' with the right option"))
    for position, answer in enumerate(question.answer):
        if answer not in options:
            hint = " (write true or false)" if question.kind == "truefalse" else ""
            problems.append(
                report(
                    where + ("answer", position),
                    f"answer '{answer}' of {number} is not one of its options: {', '.join(options)}{hint}",
                )
            )
        elif answer in question.answer[:position]:
            problems.append(
                report(where + ("answer", position), f"answer '{answer}' of {number} is given twice")
            )
    if question.kind == "single" and len(question.answer) > 1:
        problems.append(
            report(
                where + ("answer",),
                f"{number} is single choice with one correct answer; "
                "write 'type: multiple' for a question with several",
            )
        )
    elif question.kind == "truefalse" and len(question.answer) > 1:
        problems.append(
            report(where + ("answer",), f"{number} is true/false: its answer is true or false, not both")
        )


def _new_fields(site_dir, settings):
    """A new quiz is for the first audience the site declares."""
    taxonomy = settings.taxonomy("audiences")
    return "", {"audience": taxonomy.terms[0] if taxonomy and taxonomy.terms else "公众"}


SCAFFOLD = """\
title: {title}
audience: {audience}            # 面向对象，用 site.toml 中 audiences 列出的词
intro: |                  # 测试说明，可用 Markdown
  本测试共若干题，答完点击“提交答案”即可看到得分和解析。
questions:
  - type: single          # 题型：single 单选、multiple 多选、truefalse 判断
    question: 《中华人民共和国禁毒法》自哪一天起施行？
    options: [2008年6月1日, 2008年6月26日, 2007年12月29日]
    answer: 2008年6月1日    # 正确选项的文字；多选题写成 [甲, 乙]；判断题写 true 或 false
    explanation: 禁毒法于2007年12月29日通过，自2008年6月1日起施行。
    source: 《中华人民共和国禁毒法》第七十一条   # 解析依据（可不填）
draft: true               # 写完后改为 false 或删除本行
"""

QUIZ = ContentType(
    "quiz",
    "quizzes",
    QuizFront,
    "quizzes/{slug}/",
    "quiz.html",
    "知识测试",
    "知识测试",
    list_template="quiz-list.html",
    check=_check,
    search_text=lambda item: [question.question for question in item.front.questions],
    scaffold=SCAFFOLD,
    new_fields=_new_fields,
    suffixes=SUFFIXES,
    read=read_quiz,
)
