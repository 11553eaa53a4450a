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


def _instructor(browser, server, server_python, name: str):
    key = server_python(MAKE_INSTRUCTOR.format(name=name)).strip().splitlines()[-1]
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    ctx.add_cookies([{"name": "sessionid", "value": key, "url": server}])
    return ctx


def _publish(page, server: str) -> str:
    """Assign to a class, from the scenario's page: the assignment's page opens."""
    page.goto(f"{server}/scenarios/{SLUG}/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("[data-testid=assign]")
    page.wait_for_url("**/a/*/")
    return page.locator("[data-testid=code]").inner_text().strip()


def _student_works(browser, server: str, code: str, name: str):
    """A student: open the assignment, join with a display name (the fork opens), run it, and
    Submit (which checks this version first)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/a/{code.lower()}/")
    page.fill("[data-testid=display-name]", name)
    page.click("[data-testid=join]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")
    page.click("[data-testid=run]")
    page.wait_for_function("window.playground.lastFrame && window.playground.lastFrame.t > 5")
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)
    page.click("[data-testid=report-close]")
    page.click("[data-testid=submit]")
    page.wait_for_function(
        "document.querySelector('[data-testid=submit-result]')?.textContent.includes('Submitted:')",
        timeout=120000,
    )
    assert not errors, errors
    return ctx


def test_the_class_view_follows_two_students_live_and_exports_csv(
    browser, server, server_python, tmp_path
):
    teacher = _instructor(browser, server, server_python, "ms-class")
    view = teacher.new_page()
    errors: list[str] = []
    view.on("pageerror", lambda e: errors.append(str(e)))
    code = _publish(view, server)
    view.click("[data-testid=class-view]")
    view.wait_for_url(f"**/a/{code}/class/")
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
    results = view.evaluate(f"fetch('/api/assignments/{code}/results/').then((r) => r.json())")
    for i, line in enumerate(results["students"]):
        sub = line["latest"]
        row = rows.nth(i)
        passed = f"{sub['goals_passed']} / {sub['goals_total']}"
        assert row.locator("[data-testid=goals-passed]").inner_text() == passed
        cells = row.locator("[data-testid=goal-cell]")
        assert cells.count() == 2
        for j, goal in enumerate(sub["goals"][:2]):
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
    for tool in ["undo", "redo", "check"]:  # a submission is read-only: no editing tools
        assert view.locator(f"[data-testid={tool}]").is_hidden(), tool
    assert view.locator("[data-testid=back-to-class]").get_attribute("href") == f"/a/{code}/class/"
    shot(view, "class-view-submission")
    view.click("[data-testid=fork]")
    view.wait_for_url("**/play/**")
    view.wait_for_selector("body[data-ready=true]")
    assert view.locator("[data-testid=run]").is_visible(), "the copy is the instructor's to run"
    assert not errors, errors
    for student in students:
        student.close()
    teacher.close()


def test_a_student_cannot_open_the_class_view(browser, server):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{server}/a/ZZZZZZ/class/")
    assert "/accounts/login/" in page.url, "a visitor is asked to log in"
    ctx.close()
