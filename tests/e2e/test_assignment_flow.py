"""An assignment from start to submission, in two browsers: an instructor turns a design of
theirs into an assignment (File > Assign to a class), lands on its page with the code and the QR
code; a student (no account) types the code in lower case at /a/, joins with a display
name, lands in the editor on their own fork, presses Submit (which runs Check my design first,
as this version has not been checked) and reads "Submitted: 1/1 goals"; a second Submit of the
same version is refused plainly; the assignment page then lists the submission, and the
instructor's page counts it. (Helper E extends this to the class view.)"""

from __future__ import annotations

import pytest
from e2e_helpers import open_new_design, shot

from tests.api.assignment_support import START

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-passphrase-1"
LESSON = {**START, "name": "Two web servers"}  # the API tests' short design with one goal


@pytest.fixture
def instructor(browser, server, server_python):
    server_python(
        "from django.contrib.auth.models import Group, User\n"
        "u, _ = User.objects.get_or_create(username='e2e-teacher')\n"
        f"u.set_password('{PASSWORD}'); u.save()\n"
        "u.groups.add(Group.objects.get(name='instructor'))"
    )
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "e2e-teacher")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    yield page
    ctx.close()


@pytest.fixture
def student(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    ctx.close()
    assert not errors, errors


def test_an_instructor_assigns_a_student_joins_checks_and_submits(instructor, student, server):
    # The instructor: a design of theirs, assigned from the File menu.
    open_new_design(instructor, server, LESSON)
    instructor.click("#file-btn")
    instructor.click("[data-testid=assign-design]")
    instructor.wait_for_url("**/a/*/")
    code = instructor.locator("[data-testid=code]").inner_text().strip()
    assert len(code) == 6
    assert instructor.locator("[data-testid=qr] svg path").count() >= 1
    assert instructor.locator("[data-testid=instructor-panel]").is_visible()
    shot(instructor, "assignment-instructor")

    # The student: the code typed in lower case at /a/, a display name, and into the editor.
    student.goto(f"{server}/a/")
    student.fill("[data-testid=code-input]", f" {code.lower()} ")
    student.click("[data-testid=code-form] button[type=submit]")
    student.wait_for_url(f"**/a/{code.lower()}/")
    assert student.locator("[data-testid=assignment-title]").inner_text() == "Two web servers"
    student.click("[data-testid=join]")  # no name yet: said plainly, nothing sent
    assert "Type your name first" in student.locator("[data-testid=join-error]").inner_text()
    student.fill("[data-testid=display-name]", "Alex B")
    student.click("[data-testid=join]")
    student.wait_for_url("**/play/**")
    student.wait_for_selector("body[data-ready=true]")
    assert student.locator("#design-name").input_value() == "Two web servers - Alex B"
    assert "code " + code in student.locator("#banner").inner_text()
    assert student.locator("[data-testid=share]").is_hidden()

    # Submit: not checked yet, so the check runs first, then the submission.
    student.click("[data-testid=submit]")
    result = student.locator("[data-testid=submit-result]")
    student.wait_for_function(
        "document.querySelector('[data-testid=submit-result]')?.textContent.includes('Submitted:')",
        timeout=120000,
    )
    assert "Submitted: 1/1 goal met" in result.inner_text()
    assert student.locator("[data-testid=check-verdict]").is_visible(), "the check it ran"
    shot(student, "assignment-submitted")

    # The same version again: refused plainly, nothing lost.
    student.click("[data-testid=submit]")
    student.wait_for_function(
        "document.querySelector('[data-testid=submit-result]')"
        "?.textContent.includes('already submitted')"
    )

    # The assignment page lists it; the instructor's counts it.
    student.goto(f"{server}/a/{code}/")
    assert "1/1 goals" in student.locator("[data-testid=submissions]").inner_text()
    assert student.locator("[data-testid=continue]").is_visible()
    instructor.reload()
    assert "1 joined · 1 submitted" in instructor.locator("[data-testid=counts]").inner_text()


def test_an_instructor_assigns_a_scenario_closes_it_and_a_student_is_told(
    instructor, student, server
):
    instructor.goto(f"{server}/scenarios/logs-as-streams/")
    instructor.wait_for_selector("body[data-ready=true]")
    instructor.click("[data-testid=assign]")
    instructor.wait_for_url("**/a/*/")
    code = instructor.locator("[data-testid=code]").inner_text().strip()
    title = instructor.locator("[data-testid=assignment-title]").inner_text()
    assert title and len(code) == 6

    student.goto(f"{server}/a/{code}/")
    student.fill("[data-testid=display-name]", "Sam")
    student.click("[data-testid=join]")
    student.wait_for_url("**/play/**")

    instructor.click("[data-testid=close]")
    instructor.wait_for_selector("[data-testid=reopen]")
    assert instructor.locator("[data-testid=closed-tag]").is_visible()

    other = student.context.browser.new_context().new_page()
    response = other.goto(f"{server}/a/{code.lower()}/")
    assert response.status == 410
    assert "This assignment is closed" in other.locator("h1").inner_text()
    other.context.close()
    back = student.goto(f"{server}/a/{code}/")
    assert back.status == 410 and student.locator("[data-testid=continue]").is_visible()

    instructor.click("[data-testid=reopen]")
    instructor.wait_for_selector("[data-testid=close]")
    assert student.goto(f"{server}/a/{code}/").status == 200
