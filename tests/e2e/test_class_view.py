"""The class view in the browser (issue 14): an instructor publishes an assignment and opens its
class view; two students, each in their own browser, open the assignment, join with a display
name (which makes their fork), run it, check it and submit it; the class view shows both, with
their goal results, without a reload (over its socket); the CSV export downloads and reads
back; a student's submission opens read-only, and "Open and run" makes the instructor a copy to
run for the class."""

from __future__ import annotations

import csv
import io

import pytest
from e2e_helpers import shot

pytestmark = pytest.mark.e2e

SLUG = "logs-as-streams"  # two goals, under a CPU second a seed: a quick check
MAKE_INSTRUCTOR = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
user = User.objects.create_user("{name}", password="a-long-passphrase-1")
user.groups.add(Group.objects.get_or_create(name="instructor")[0])
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
POST = """async ([path, body]) => {
  const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
  const r = await fetch(path, {method: 'POST', body: JSON.stringify(body),
    headers: {'Content-Type': 'application/json', 'X-CSRFToken': token}});
  return {status: r.status, body: await r.json()};
}"""


def _instructor(browser, server, server_python, name: str):
    key = server_python(MAKE_INSTRUCTOR.format(name=name)).strip().splitlines()[-1]
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    ctx.add_cookies([{"name": "sessionid", "value": key, "url": server}])
    return ctx


def _publish(page, server: str) -> str:
    page.goto(f"{server}/scenarios/{SLUG}/")
    page.wait_for_selector("body[data-ready=true]")
    made = page.evaluate(POST, ["/api/assignments/", {"scenario": SLUG, "title": "Logs lab"}])
    assert made["status"] == 201, made
    return made["body"]["code"]


def _student_works(browser, server: str, code: str, name: str) -> dict:
    """A student: open the assignment, join, run the fork, check it, submit it."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/scenarios/{SLUG}/")  # TEMPORARY until the /a/<code>/ page lands
    joined = page.evaluate(POST, [f"/api/assignments/{code.lower()}/join/", {"display_name": name}])
    assert joined["status"] == 201, joined
    design_id = joined["body"]["design_id"]
    page.goto(f"{server}/play/{design_id}/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("[data-testid=run]")
    page.wait_for_function("window.playground.lastFrame && window.playground.lastFrame.t > 5")
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)
    page.click("[data-testid=report-close]")
    if not page.locator("[data-testid=drawer]").is_visible():
        page.click("[data-testid=drawer-toggle]")
    page.locator("[data-testid=check-design]").scroll_into_view_if_needed()
    page.click("[data-testid=check-design]")
    page.wait_for_selector("[data-testid=check-verdict]", timeout=120000)
    submitted = page.evaluate(
        POST, [f"/api/assignments/{code}/submissions/", {"design_id": design_id}]
    )
    assert submitted["status"] == 201, submitted
    assert not errors, errors
    return {"ctx": ctx, "submission": submitted["body"]}


def test_the_class_view_follows_two_students_live_and_exports_csv(
    browser, server, server_python, tmp_path
):
    teacher = _instructor(browser, server, server_python, "ms-class")
    view = teacher.new_page()
    errors: list[str] = []
    view.on("pageerror", lambda e: errors.append(str(e)))
    code = _publish(view, server)
    view.goto(f"{server}/a/{code}/class/")
    view.wait_for_selector("[data-testid=class-status][data-state=live]")
    assert view.locator("[data-testid=class-counts]").inner_text() == "0 joined, 0 submitted"
    view.evaluate("window.notReloaded = true")

    students = [_student_works(browser, server, code, n) for n in ("Zoë", "=Ada")]
    view.wait_for_function(
        "document.querySelector('[data-testid=class-counts]').textContent"
        " === '2 joined, 2 submitted'",
        timeout=30000,
    )
    assert view.evaluate("window.notReloaded === true"), "updated over the socket, not reloaded"
    rows = view.locator("[data-testid=student-row]")
    assert rows.count() == 2
    assert [rows.nth(i).get_attribute("data-name") for i in range(2)] == ["=Ada", "Zoë"]
    for i, student in enumerate(reversed(students)):
        sub = student["submission"]
        row = rows.nth(i)
        passed = f"{sub['goals_passed']} / {sub['goals_total']}"
        assert row.locator("[data-testid=goals-passed]").inner_text() == passed
        cells = row.locator("[data-testid=goal-cell]")
        assert cells.count() == 2
        for j, goal in enumerate(sub["verdict"]["goals"][:2]):
            state = cells.nth(j).get_attribute("data-state")
            assert state == ("pass" if goal["passed"] else "fail")
            assert cells.nth(j).inner_text().strip()  # the number, with its unit
    view.click("[data-testid=sort-passed]")
    view.click("[data-testid=sort-name]")
    assert rows.nth(0).get_attribute("data-name") == "=Ada"
    shot(view, "class-view-two-students")

    with view.expect_download() as download:
        view.click("[data-testid=export-csv]")
    path = tmp_path / "results.csv"
    download.value.save_as(path)
    assert download.value.suggested_filename == f"results-{code}.csv"
    table = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["display_name"] for r in table] == ["'=Ada", "Zoë"], "formula-safe, in name order"
    assert all(r["submissions"] == "1" for r in table)

    view.locator("[data-testid=student-link]").first.click()
    view.wait_for_url(f"**/a/{code}/submissions/**")
    view.wait_for_selector("body[data-ready=true]")
    verdict = view.locator("[data-testid=submission-verdict]").inner_text()
    assert "goals passed" in verdict
    assert view.locator("[data-testid=save-state]").inner_text() == "Submitted · read-only"
    assert view.locator("[data-testid=run]").is_hidden()
    shot(view, "class-view-submission")
    view.click("[data-testid=fork]")
    view.wait_for_url("**/play/**")
    view.wait_for_selector("body[data-ready=true]")
    assert view.locator("[data-testid=run]").is_visible(), "the copy is the instructor's to run"
    assert not errors, errors
    for student in students:
        student["ctx"].close()
    teacher.close()


def test_a_student_cannot_open_the_class_view(browser, server):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{server}/a/ZZZZZZ/class/")
    assert "/accounts/login/" in page.url, "a visitor is asked to log in"
    ctx.close()
