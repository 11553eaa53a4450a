"""An instructor edits and deletes a scenario they authored (issue 14): from My scenarios on the
home page (its counts shown, Edit reopening the dialog prefilled, Save seen on the scenario page)
and from the scenario's own page; Delete asks, naming it, and is refused in plain words while an
assignment sets it; Assign to a class opens the assignment page. A student in another browser sees
the scenario without Edit or Delete, and the API refuses them too."""

import copy

import pytest
from e2e_helpers import example, make_instructor

pytestmark = pytest.mark.e2e

SHOTS = "/tmp/shots-f"
PROJECTOR = {"width": 1280, "height": 720}
USER, PASSWORD = "teach-edit-e2e", "a-long-passphrase-1"
FAULT = {"at": 120, "kind": "instance_crash", "target": "web", "duration": None}
CARD = "[data-testid=my-scenario-card]"
DIALOG = "[data-testid=author-dialog]"

POST = """async ([url, body]) => {
    const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
    const headers = {'Content-Type': 'application/json', 'X-CSRFToken': token};
    const r = await fetch(url, {method: 'POST', headers, body: JSON.stringify(body)});
    if (!r.ok) throw new Error(await r.text());
    return r.json();
}"""


@pytest.fixture(scope="module")
def instructor(server, server_python):
    return make_instructor(server_python, USER, PASSWORD)


@pytest.fixture
def teacher(browser, server, instructor):
    ctx = browser.new_context(viewport=PROJECTOR)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{server}/accounts/login/?next=/")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{server}/")
    yield page
    ctx.close()


def _scenario(page, title: str) -> str:
    """A scenario of the instructor's, made through the API from a new design: its slug."""
    document = copy.deepcopy(example("three-tier"))
    document["faults"] = [FAULT]
    design = page.evaluate(POST, ["/api/designs/", {"name": title, "document": document}])
    body = {
        "design_id": design["id"],
        "title": title,
        "summary": "One instance dies.",
        "story": "The shop is open.",
        "level": "beginner",
        "hints": ["Watch the healthy targets"],
        "questions": [{"question": "Why does p99 rise?", "answer": "Fewer instances."}],
    }
    return page.evaluate(POST, ["/api/scenarios/", body])["slug"]


def _card(page, server: str, slug: str):
    page.goto(f"{server}/")
    card = page.locator(f"{CARD}[data-slug='{slug}']")
    card.wait_for()
    return card


def test_edit_a_title_and_a_question_and_see_them_on_the_scenario_page(teacher, server):
    slug = _scenario(teacher, "Crash the web tier")
    card = _card(teacher, server, slug)
    assert card.locator("[data-testid=my-scenario-counts]").inner_text() == (
        "1 goal · 1 scheduled fault"
    )
    teacher.screenshot(path=f"{SHOTS}/home-my-scenarios-1280x720.png")
    card.locator("[data-testid=scenario-edit]").click()
    dialog = teacher.locator(DIALOG)
    dialog.wait_for()
    # prefilled with what the scenario says
    assert teacher.input_value("[data-testid=author-title]") == "Crash the web tier"
    assert teacher.input_value("[data-testid=author-summary]") == "One instance dies."
    assert teacher.input_value("[data-testid=author-story]") == "The shop is open."
    assert teacher.input_value("[data-testid=author-level]") == "beginner"
    assert teacher.input_value("[data-testid=author-hints]") == "Watch the healthy targets"
    assert teacher.input_value("[data-testid=author-question]") == "Why does p99 rise?"
    assert teacher.input_value("[data-testid=author-answer]") == "Fewer instances."
    assert "1 goal, 1 scheduled fault" in dialog.locator("[data-testid=author-counts]").inner_text()
    teacher.screenshot(path=f"{SHOTS}/edit-dialog-1280x720.png")

    # a blank title is refused in the dialog, as Make a scenario refuses it; nothing is lost
    teacher.fill("[data-testid=author-title]", "  ")
    teacher.click("[data-testid=author-save]")
    errors = teacher.locator("[data-testid=author-errors]")
    assert "Title: a scenario needs a title" in errors.inner_text()
    assert teacher.input_value("[data-testid=author-story]") == "The shop is open."
    # an answer with no question is refused too, by the dialog before it sends
    teacher.fill("[data-testid=author-title]", "Crash the web tier, again")
    teacher.fill("[data-testid=author-question]", "")
    teacher.click("[data-testid=author-save]")
    assert "Question 1: the answer has no question" in errors.inner_text()
    teacher.screenshot(path=f"{SHOTS}/edit-dialog-problem-1280x720.png")

    teacher.fill("[data-testid=author-question]", "What do the survivors carry?")
    teacher.click("[data-testid=author-save]")
    dialog.wait_for(state="detached")
    assert card.locator("[data-testid=my-scenario-title]").inner_text() == (
        "Crash the web tier, again"
    ), "the card shows the new title at once"

    # the scenario page, as a learner who has run it sees it (its questions revealed)
    teacher.evaluate(f"localStorage.setItem('playground:scenario-attempted:{slug}', '1')")
    teacher.goto(f"{server}/scenarios/{slug}/")
    teacher.wait_for_selector("body[data-ready=true]")
    drawer = teacher.locator("[data-testid=drawer]")
    assert "Crash the web tier, again" in drawer.inner_text()
    assert "What do the survivors carry?" in teacher.locator("[data-testid=questions]").inner_text()
    assert "Why does p99 rise?" not in drawer.inner_text()

    # and again from the scenario's own page: Edit in its banner, the page shows the save
    teacher.click("[data-testid=scenario-owner-actions] [data-testid=scenario-edit]")
    dialog.wait_for()
    assert teacher.input_value("[data-testid=author-title]") == "Crash the web tier, again"
    teacher.screenshot(path=f"{SHOTS}/scenario-page-edit-1280x720.png")
    teacher.fill("[data-testid=author-story]", "The shop is open late tonight.")
    with teacher.expect_navigation():
        teacher.click("[data-testid=author-save]")
    teacher.wait_for_selector("body[data-ready=true]")
    assert "The shop is open late tonight." in teacher.locator("[data-testid=drawer]").inner_text()
    saved = teacher.evaluate(f"fetch('/api/scenarios/{slug}/').then((r) => r.json())")
    assert (saved["title"], saved["story"], saved["hints"]) == (
        "Crash the web tier, again",
        "The shop is open late tonight.",
        ["Watch the healthy targets"],
    )
    assert len(saved["goals"]) == 1 and saved["document"]["faults"] == [FAULT]
    assert not teacher.errors, teacher.errors


def test_delete_asks_naming_it_and_the_card_goes(teacher, server):
    slug = _scenario(teacher, "Short-lived lesson")
    card = _card(teacher, server, slug)
    card.locator("[data-testid=scenario-delete]").click()
    confirm = teacher.locator("[data-testid=delete-scenario-dialog]")
    confirm.wait_for()
    assert 'Delete "Short-lived lesson"?' in confirm.inner_text()
    teacher.screenshot(path=f"{SHOTS}/delete-confirm-1280x720.png")
    teacher.click("[data-testid=delete-scenario-cancel]")
    assert card.is_visible(), "Keep it keeps it"
    assert teacher.evaluate(f"fetch('/api/scenarios/{slug}/').then((r) => r.status)") == 200

    card.locator("[data-testid=scenario-delete]").click()
    teacher.click("[data-testid=delete-scenario-confirm]")
    card.wait_for(state="detached")
    assert teacher.evaluate(f"fetch('/api/scenarios/{slug}/').then((r) => r.status)") == 404
    teacher.reload()
    teacher.locator(CARD).first.wait_for(state="attached")
    assert teacher.locator(f"{CARD}[data-slug='{slug}']").count() == 0, "gone after a reload too"

    # from the scenario's own page: deleted, the page goes home
    other = _scenario(teacher, "Another lesson")
    teacher.goto(f"{server}/scenarios/{other}/")
    teacher.wait_for_selector("body[data-ready=true]")
    teacher.click("[data-testid=scenario-owner-actions] [data-testid=scenario-delete]")
    assert (
        'Delete "Another lesson"?'
        in teacher.locator("[data-testid=delete-scenario-dialog]").inner_text()
    )
    with teacher.expect_navigation(url=f"{server}/"):
        teacher.click("[data-testid=delete-scenario-confirm]")
    assert teacher.evaluate(f"fetch('/api/scenarios/{other}/').then((r) => r.status)") == 404
    assert not teacher.errors, teacher.errors


def test_delete_is_refused_in_plain_words_while_an_assignment_sets_it(teacher, server):
    slug = _scenario(teacher, "Week 3 lesson")
    card = _card(teacher, server, slug)
    # Assign to a class from the card: the assignment page opens with its code
    card.locator("[data-testid=my-scenario-assign]").click()
    teacher.wait_for_url("**/a/*/")
    code = teacher.url.rstrip("/").split("/")[-1]
    assert len(code) == 6 and code in teacher.content()

    card = _card(teacher, server, slug)
    card.locator("[data-testid=scenario-delete]").click()
    teacher.click("[data-testid=delete-scenario-confirm]")
    refused = teacher.locator("[data-testid=delete-scenario-refused]")
    refused.wait_for()
    text = refused.inner_text()
    assert "Not deleted" in text and '"Week 3 lesson" was not deleted' in text
    assert f"the assignment {code} sets it" in text
    teacher.screenshot(path=f"{SHOTS}/delete-refused-1280x720.png")
    teacher.click("[data-testid=delete-scenario-ok]")
    assert card.is_visible(), "the card stays"
    assert teacher.evaluate(f"fetch('/api/scenarios/{slug}/').then((r) => r.status)") == 200
    assert not teacher.errors, teacher.errors


def test_a_student_sees_no_edit_or_delete_and_the_api_refuses_them(teacher, browser, server):
    slug = _scenario(teacher, "Open to all")
    teacher.goto(f"{server}/scenarios/{slug}/")
    teacher.wait_for_selector("body[data-ready=true]")
    assert teacher.locator("[data-testid=scenario-owner-actions]").is_visible()
    teacher.screenshot(path=f"{SHOTS}/scenario-page-author-1280x720.png")

    ctx = browser.new_context(viewport=PROJECTOR)
    try:
        student = ctx.new_page()
        student.goto(f"{server}/scenarios/{slug}/")
        student.wait_for_selector("body[data-ready=true]")
        assert "Open to all" in student.locator("[data-testid=drawer]").inner_text()
        assert student.locator("[data-testid=start]").is_visible()
        assert student.locator("[data-testid=scenario-owner-actions]").count() == 0
        assert student.locator("[data-testid=scenario-edit]").count() == 0
        assert student.locator("[data-testid=scenario-delete]").count() == 0
        student.screenshot(path=f"{SHOTS}/scenario-page-student-1280x720.png")
        refused = student.evaluate(
            """async (slug) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const r = await fetch(`/api/scenarios/${slug}/`,
                {method: 'DELETE', headers: {'X-CSRFToken': token}});
            return [r.status, (await r.json()).detail];
        }""",
            slug,
        )
        assert refused[0] == 403 and "instructors" in refused[1].lower()
    finally:
        ctx.close()
    assert teacher.evaluate(f"fetch('/api/scenarios/{slug}/').then((r) => r.status)") == 200
