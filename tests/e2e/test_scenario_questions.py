"""Checkpoint questions after an attempt: a learner opens a scenario, sees that its questions wait
for a run, stops a first run early (still hidden: not an attempt), runs the design to its end,
and then reads the questions, each answer behind a "Show answer" toggle; the attempt is
remembered on the next visit. The early stop's report grades nothing and says so."""

import pytest
from e2e_helpers import shot

pytestmark = pytest.mark.e2e

SLUG = "scale-up-or-out"  # a short run: 300 simulated seconds, about half a second of engine time
DRAWER = "[data-testid=drawer]"
QUESTIONS = f"{DRAWER} [data-testid=questions]"
LOCKED = f"{DRAWER} [data-testid=questions-locked]"


def _scenario_questions(page, server: str) -> list[dict]:
    return page.evaluate(f"fetch('{server}/api/scenarios/{SLUG}/').then((r) => r.json())")[
        "questions"
    ]


def _drawer_open(page) -> None:
    if not page.locator(DRAWER).is_visible():
        page.click("[data-testid=drawer-toggle]")


def test_questions_are_hidden_until_a_complete_run_then_answers_open_on_click(page, server):
    page.goto(f"{server}/scenarios/{SLUG}/")
    page.wait_for_selector("body[data-ready=true]")
    questions = _scenario_questions(page, server)
    assert len(questions) >= 1
    assert page.locator(LOCKED).is_visible(), "the drawer says the questions come after a run"
    assert page.locator(QUESTIONS).count() == 0
    assert questions[0]["question"] not in page.locator(DRAWER).inner_text()

    page.click("[data-testid=start]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")
    _drawer_open(page)
    assert page.locator(LOCKED).is_visible() and page.locator(QUESTIONS).count() == 0

    # A run stopped early is not an attempt: its report comes, the questions stay hidden.
    page.select_option("[data-testid=speed]", "1")
    page.click("[data-testid=run]")
    page.wait_for_function("window.playground.lastFrame && window.playground.lastFrame.t > 1")
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)
    # ... and it grades nothing: the heading says why instead of a verdict
    heading = page.locator("[data-testid=report] h2").inner_text()
    assert heading.startswith("Not graded: the run stopped at ") and heading.endswith(" of 300 s")
    page.click("[data-testid=report-close]")
    _drawer_open(page)
    assert page.locator(LOCKED).is_visible() and page.locator(QUESTIONS).count() == 0

    # Run to the end: the report arrives and the questions are shown, answers folded.
    page.select_option("[data-testid=speed]", "max")
    page.click("[data-testid=run]")
    page.wait_for_selector("[data-testid=report]", timeout=60000)
    assert page.evaluate("window.playground.lastReport.duration") == 300
    assert not page.locator("[data-testid=report] h2").inner_text().startswith("Not graded")
    page.click("[data-testid=report-close]")
    _drawer_open(page)
    page.wait_for_selector(QUESTIONS)
    assert page.locator(LOCKED).count() == 0
    items = page.locator(f"{QUESTIONS} li.question")
    assert items.count() == len(questions)
    first = items.nth(0)
    assert first.locator(".question-text").inner_text() == questions[0]["question"]
    answer = first.locator("details p")
    assert not answer.is_visible(), "an answer waits behind its toggle"
    first.locator("summary").click()
    assert answer.is_visible() and answer.inner_text() == questions[0]["answer"]
    assert first.locator("details[open]").count() == 1
    assert not items.nth(1).locator("details p").is_visible(), "only the one clicked opens"
    shot(page, "12-scenario-questions")

    # The attempt is remembered: the next visit shows the questions at once.
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    _drawer_open(page)
    assert page.locator(f"{QUESTIONS} li.question").count() == len(questions)
