"""An instructor makes a scenario from their design (issue 14): logs in through /accounts/login/,
opens a design with a goal and a scheduled fault, opens File, Make a scenario…, is told what is
wrong when the title is blank, fills the story, hints and a question, gets the link; a student in
another browser opens the link, reads it and starts it: their copy is locked to its goal. A plain
learner never sees the menu item; the instructor's home page lists the scenario."""

import copy

import pytest
from e2e_helpers import example, make_instructor

pytestmark = pytest.mark.e2e

SHOTS = "/tmp/shots-authoring"
PROJECTOR = {"width": 1280, "height": 720}
USER, PASSWORD = "teach-e2e", "a-long-passphrase-1"
FAULT = {"at": 120, "kind": "instance_crash", "target": "web", "duration": None}


@pytest.fixture(scope="module")
def instructor(server, server_python):
    return make_instructor(server_python, USER, PASSWORD)


def _log_in(page, server):
    page.goto(f"{server}/accounts/login/?next=/")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{server}/")


def _new_design(page, document) -> str:
    return page.evaluate(
        """async (doc) => {
        const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const headers = {'Content-Type': 'application/json', 'X-CSRFToken': token};
        const r = await fetch('/api/designs/', {method: 'POST', headers,
            body: JSON.stringify({name: doc.name, document: doc})});
        if (!r.ok) throw new Error(await r.text());
        return (await r.json()).id;
    }""",
        document,
    )


def _open_dialog(page, shot: str = ""):
    page.click("#file-btn")
    # Seen, not only clickable: the item is what a person sees at its own centre (Playwright
    # would scroll a clipping top bar to reach it; a person cannot).
    assert page.evaluate("""() => {
        const el = document.querySelector('[data-testid=make-scenario]');
        const r = el.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el; }""")
    if shot:
        page.screenshot(path=f"{SHOTS}/{shot}")
    page.click("[data-testid=make-scenario]")
    page.wait_for_selector("[data-testid=author-dialog]")


def test_an_instructor_makes_a_scenario_a_student_starts_it(browser, server, instructor):
    teacher_ctx = browser.new_context(viewport=PROJECTOR)
    student_ctx = browser.new_context(viewport=PROJECTOR)
    try:
        page = teacher_ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        _log_in(page, server)
        document = copy.deepcopy(example("three-tier"))
        document["faults"] = [FAULT]
        design_id = _new_design(page, document)
        page.goto(f"{server}/play/{design_id}/")
        page.wait_for_selector("body[data-ready=true]")
        page.wait_for_selector("[data-testid=make-scenario]:not([hidden])", state="attached")

        _open_dialog(page, shot="file-menu-1280x720.png")
        page.screenshot(path=f"{SHOTS}/dialog-open-1280x720.png")
        dialog = page.locator("[data-testid=author-dialog]")
        assert (
            "1 goal, 1 scheduled fault"
            in dialog.locator("[data-testid=author-counts]").inner_text()
        )
        page.fill("[data-testid=author-title]", "   ")
        page.click("[data-testid=author-make]")
        assert (
            "Title: a scenario needs a title"
            in page.locator("[data-testid=author-errors]").inner_text()
        )
        page.screenshot(path=f"{SHOTS}/dialog-problem-1280x720.png")
        assert page.locator("[data-testid=author-dialog]").is_visible(), "nothing typed is lost"

        page.fill("[data-testid=author-title]", "Crash in the web tier")
        assert page.locator("[data-testid=author-errors]").is_hidden(), "fixed: the list goes"
        page.fill("[data-testid=author-summary]", "One instance dies at two minutes.")
        page.select_option("[data-testid=author-level]", "beginner")
        page.fill(
            "[data-testid=author-story]", "The shop is open.\n\nAt 120 s an instance crashes."
        )
        page.fill(
            "[data-testid=author-hints]",
            "Watch the ALB's healthy targets\nTwo instances are not enough",
        )
        page.fill("[data-testid=author-question]", "Why does the p99 rise?")
        page.fill("[data-testid=author-answer]", "The survivors take the whole load.")
        page.click("[data-testid=author-question-add]")
        assert page.locator("[data-testid=author-question-row]").count() == 2
        page.locator("[data-testid=author-question-remove]").nth(1).click()
        assert page.locator("[data-testid=author-question-row]").count() == 1
        page.screenshot(path=f"{SHOTS}/dialog-1280x720.png")
        page.click("[data-testid=author-make]")
        link = page.locator("[data-testid=author-link]")
        link.wait_for()
        url = link.input_value()
        assert url.startswith(f"{server}/scenarios/crash-in-the-web-tier-")
        page.screenshot(path=f"{SHOTS}/dialog-made-1280x720.png")
        page.click("[data-testid=author-done]")
        slug = url.rstrip("/").split("/")[-1]

        # the student, in another browser: reads it, starts it, gets a locked copy
        student = student_ctx.new_page()
        student.on("pageerror", lambda e: errors.append(str(e)))
        student.goto(url)
        student.wait_for_selector("body[data-ready=true]")
        drawer = student.locator("[data-testid=drawer]")
        assert "Crash in the web tier" in drawer.inner_text()
        assert "At 120 s an instance crashes." in drawer.inner_text()
        assert student.locator("[data-testid=goal-locked]").count() == 1
        student.screenshot(path=f"{SHOTS}/authored-scenario-page-1280x720.png")
        student.click("[data-testid=start]")
        student.wait_for_url("**/play/**")
        student.wait_for_selector("body[data-ready=true]")
        copy_id = student.url.rstrip("/").split("/")[-1]
        fork = student.evaluate(f"fetch('/api/designs/{copy_id}/').then((r) => r.json())")
        assert fork["scenario"] == slug and fork["document"]["faults"] == [FAULT]
        if not student.locator("[data-testid=drawer]").is_visible():
            student.click("[data-testid=drawer-toggle]")
        assert student.locator("[data-testid=goal-locked]").count() == 1
        assert student.locator("[data-testid=make-scenario]").is_hidden(), "not an instructor"
        student.screenshot(path=f"{SHOTS}/student-fork-1280x720.png")

        # the gallery lists the shipped library only; the instructor's home lists theirs
        page.goto(f"{server}/")
        card = page.locator("[data-testid=my-scenario-card]")
        card.first.wait_for()
        assert "Crash in the web tier" in card.first.inner_text()
        title = card.first.locator("[data-testid=my-scenario-title]")
        assert title.get_attribute("href") == f"/scenarios/{slug}/"
        page.wait_for_selector("[data-testid=scenarios] a")
        assert "Crash in the web tier" not in page.locator("[data-testid=scenarios]").inner_text()
        page.screenshot(path=f"{SHOTS}/home-my-scenarios-1280x720.png", full_page=True)
        assert not errors, errors
    finally:
        teacher_ctx.close()
        student_ctx.close()


def test_a_design_that_cannot_run_is_refused_in_the_dialog_with_its_problems(
    browser, server, instructor
):
    ctx = browser.new_context(viewport=PROJECTOR)
    try:
        page = ctx.new_page()
        _log_in(page, server)
        document = copy.deepcopy(example("three-tier"))
        next(n for n in document["nodes"] if n["id"] == "web")["props"]["min"] = -3
        page.goto(f"{server}/play/{_new_design(page, document)}/")
        page.wait_for_selector("body[data-ready=true]")
        page.wait_for_selector("[data-testid=make-scenario]:not([hidden])", state="attached")
        _open_dialog(page)
        page.fill("[data-testid=author-story]", "Typed before the refusal")
        page.click("[data-testid=author-make]")
        errors = page.locator("[data-testid=author-errors]")
        errors.wait_for()
        text = errors.inner_text()
        assert "cannot run" in text and "Design (nodes[2].props.min): must be at least 0" in text
        assert (
            page.locator("[data-testid=author-story]").input_value() == "Typed before the refusal"
        )
        page.screenshot(path=f"{SHOTS}/dialog-refused-1280x720.png")
        page.click("[data-testid=author-cancel]")
        _open_dialog(page)
        assert page.locator("[data-testid=author-story]").input_value() == (
            "Typed before the refusal"
        ), "Cancel keeps the draft"
    finally:
        ctx.close()
