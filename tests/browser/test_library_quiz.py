"""The resource library and a quiz in Chromium: answering a quiz, filtering the library in
the page and through its static filter pages, previews, and axe-core with no violation at
any impact level on every new page type."""
from __future__ import annotations

import pytest

from .helpers import describe_violations, open_page, run_axe
from .pages import PAGES

QUIZ = PAGES["quiz"]
LIBRARY = PAGES["library"]
NEW_PAGES = {
    "resource": PAGES["resource"],
    "resource-pdf": "/jdxc/resources/anti-drug-lesson-plan/",
    "resource-audio": "/jdxc/resources/campus-radio-chime/",
    "resource-url": "/jdxc/resources/qingjiao-platform/",
    "library": LIBRARY,
    "library-term": "/jdxc/resources/kind/ke-jian/",
    "quizzes": "/jdxc/quizzes/",
    "quiz": QUIZ,
}


def test_quiz_marks_some_right_and_some_wrong_and_shows_every_explanation(page, site):
    open_page(page, site, QUIZ)
    page.check("#q1-1")                       # 6月26日: right
    page.check("#q2-2")                       # 禁烟、禁酒……: wrong
    for option in ("#q3-1", "#q3-2", "#q3-3"):
        page.check(option)                    # the three drugs, not 青霉素: right
    page.check("#q4-1")                       # "trying once is harmless" is true: wrong
    page.click("#quiz-form button[type=submit]")
    score = page.locator("#quiz-score")
    assert score.inner_text() == "得分：17 分。共 12 题，答对 2 题，未作答 8 题。每题的答案与解析已展开。"
    assert page.evaluate("document.activeElement.id") == "quiz-score"
    assert page.locator("#q1 .verdict").inner_text() == "✓ 回答正确"
    assert page.locator("#q2 .verdict").inner_text() == "✗ 回答错误"
    assert page.locator("#q3 .verdict").inner_text() == "✓ 回答正确"
    assert page.locator("#q4 .verdict").inner_text() == "✗ 回答错误"
    assert page.locator("#q5 .verdict").inner_text() == "未作答"
    assert page.locator("details.answer[open]").count() == 12
    assert "禁种、禁制、禁贩、禁吸并举的方针" in page.locator("#q2 details.answer").inner_text()
    assert page.url.endswith(QUIZ), "marking happens in the page: nothing is submitted"
    page.click("#quiz-form button[type=reset]")
    assert score.inner_text() == "" and page.locator("details.answer[open]").count() == 0
    assert page.locator(".verdict:visible").count() == 0


ORDER_JS = """() => [...document.querySelectorAll('.question')].map(q => ({
    values: [...q.querySelectorAll('.option input')].map(i => i.value),
    marks: [...q.querySelectorAll('.option .mark')].map(m => m.textContent),
    correct: [...q.querySelectorAll('.option')].filter(o => o.querySelector('input[data-correct]'))
        .map(o => o.querySelector('.mark') ? o.querySelector('.mark').textContent + ' ' + o.querySelector('label').textContent.split('. ').slice(1).join('. ') : ''),
    key: q.querySelector('.answer-key').textContent,
}))"""


def test_quiz_options_come_in_a_new_order_on_each_load_with_letters_and_key_to_match(page, site):
    orders = set()
    for _ in range(6):
        open_page(page, site, QUIZ)
        page.wait_for_function("!document.querySelector('.quiz-actions').hidden")
        questions = page.evaluate(ORDER_JS)
        orders.add(tuple(tuple(q["values"]) for q in questions))
        for number, question in enumerate(questions, 1):
            assert sorted(question["values"], key=int) == [str(n) for n in range(1, len(question["values"]) + 1)]
            if not question["marks"]:            # true/false: 对 before 错, always
                assert question["values"] == ["1", "2"], f"question {number}"
                continue
            letters = [chr(ord("A") + n) + "." for n in range(len(question["values"]))]
            assert question["marks"] == letters, f"question {number}: letters follow the new order"
            assert question["key"] == "、".join(question["correct"]), f"question {number}: the key names them"
    assert len(orders) > 1, "the options were never shuffled"
    # Always picking the first option no longer wins: marking follows the answers, not positions.
    for question in page.locator(".question").all():
        for option in question.locator("input[data-correct]").all():
            option.check()
    page.click("#quiz-form button[type=submit]")
    assert page.locator("#quiz-score").inner_text().startswith("得分：100 分")


def test_quiz_without_javascript_shows_questions_and_answers_in_details(make_context, site):
    page = make_context(java_script_enabled=False).new_page()
    page.goto(site.url(QUIZ), wait_until="load")
    assert page.locator("fieldset legend").count() == 12
    assert page.locator("#q1 legend").is_visible()
    assert not page.locator("#quiz-form button[type=submit]").is_visible(), "no button that cannot work"
    answer = page.locator("#q1 details.answer")
    assert not answer.locator("p").first.is_visible()
    answer.locator("summary").click()
    assert answer.locator("p").first.is_visible()
    assert "正确答案：A. 6月26日" in answer.inner_text()
    values = page.eval_on_selector_all("#q1 .option input", "inputs => inputs.map(i => i.value)")
    assert values == ["1", "2", "3", "4"], "without JavaScript the options keep the author's order"


def test_library_filters_in_the_page_by_kind_and_audience(page, site):
    open_page(page, site, LIBRARY)
    cards = page.locator("main ul.cards > li")
    total = cards.count()
    assert total >= 8
    page.select_option("select[name=kind]", label="课件")
    visible = page.locator("main ul.cards > li:visible")
    assert visible.count() == 2
    assert all(text.startswith("课件") for text in visible.locator(".meta").all_inner_texts())
    assert page.locator("#filter-status").inner_text() == f"显示 2 项，共 {total} 项"
    page.select_option("select[name=audience]", label="寄递物流从业人员")
    assert visible.count() == 1
    assert visible.locator("h2").inner_text() == "寄递物流从业人员禁毒培训课件"
    page.select_option("select[name=kind]", value="")
    page.select_option("select[name=audience]", label="公职人员")
    titles = visible.locator("h2").all_inner_texts()
    assert "公职人员禁毒“五个一”学习清单" in titles and len(titles) == 2


def test_library_static_filter_pages_work_without_javascript(make_context, site):
    page = make_context(java_script_enabled=False).new_page()
    page.goto(site.url(LIBRARY), wait_until="load")
    assert not page.locator("#resource-filter").is_visible()
    page.click("nav.facets a:has-text('课件')")
    assert page.url.endswith("/jdxc/resources/kind/ke-jian/")
    assert page.locator("h1").inner_text() == "资源库 · 类型：课件"
    assert page.locator("main ul.cards > li").count() == 2
    page.click("nav.facets a:has-text('公职人员')")
    assert page.url.endswith("/jdxc/resources/audience/gong-zhi-ren-yuan/")
    assert page.locator("main ul.cards > li").count() == 2


def test_previews_image_pdf_and_audio(page, requests, site):
    open_page(page, site, PAGES["resource"])
    image = page.locator(".preview img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "禁种" in image.get_attribute("alt")
    assert page.locator("a.button[download]").get_attribute("href").endswith("/si-jin-poster/si-jin-poster.png")
    open_page(page, site, NEW_PAGES["resource-pdf"])
    pdf = page.locator("iframe.pdf-preview")
    assert pdf.get_attribute("src").endswith("/anti-drug-lesson-plan/lesson-plan.pdf")
    response = page.request.get(site.url(pdf.get_attribute("src")))
    assert response.ok and response.body().startswith(b"%PDF-")
    open_page(page, site, NEW_PAGES["resource-audio"])
    duration = page.evaluate("""() => new Promise(done => {
        const audio = document.querySelector('.preview audio');
        if (audio.readyState >= 1) return done(audio.duration);
        audio.addEventListener('loadedmetadata', () => done(audio.duration));
        audio.addEventListener('error', () => done(-1));
        audio.load();
    })""")
    assert 2.9 < duration < 3.1, duration
    # Chromium shows the PDF with its built-in viewer (chrome:// and chrome-extension:// pages,
    # which the harness blocks as foreign); every web request stayed on the site and succeeded.
    failed = [f for f in requests.failed if f.split()[1].startswith("http")]
    foreign = [r.url for r in requests.foreign() if r.url.startswith("http")]
    assert not failed and not foreign, (failed, foreign)


# The strict policy the deployment sends (deploy/nginx.conf): no inline script, style or handler.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def test_quiz_and_library_work_under_a_strict_content_security_policy(page, site):
    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    page.route(lambda url: url.startswith(site.base), with_csp)
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    open_page(page, site, QUIZ)
    page.check("#q1-1")
    page.click("#quiz-form button[type=submit]")
    assert page.locator("#quiz-score").inner_text().startswith("得分：8 分")
    open_page(page, site, LIBRARY)
    page.select_option("select[name=kind]", label="课件")
    assert page.locator("main ul.cards > li:visible").count() == 2
    open_page(page, site, NEW_PAGES["resource-pdf"])
    assert not violations, violations


@pytest.mark.parametrize("kind, path", NEW_PAGES.items(), ids=list(NEW_PAGES))
def test_axe_no_violations_at_any_level_on_library_and_quiz_pages(page, site, axe_source, kind, path):
    open_page(page, site, path)
    if kind == "quiz":   # the marked state too: verdicts, open details, the score
        page.check("#q1-2")
        page.click("#quiz-form button[type=submit]")
    violations = run_axe(page, axe_source, kind, path)
    assert not violations, f"axe-core on {path}:\n{describe_violations(violations)}"
