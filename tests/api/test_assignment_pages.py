"""The assignment page /a/<code>/: any case; the code and a QR code (segno's SVG) of the
absolute link; the join form for a newcomer, Continue and their submissions for a student who
joined, close/reopen and the class view's link for its instructor; a 404 page for an unknown
code and a 410 page for a closed one (its instructor still sees it); user text escaped."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from playground.models import Assignment
from tests.api.assignment_support import join

pytestmark = pytest.mark.django_db


def _page(client, code):
    return client.get(f"/a/{code}/")


def test_a_newcomer_sees_the_code_the_qr_and_the_join_form(assignment, student):
    response = _page(student, assignment["code"].lower())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-testid="code">{assignment["code"]}<' in html
    assert 'data-testid="join-form"' in html and 'data-testid="continue"' not in html
    assert 'data-testid="instructor-panel"' not in html
    svg = re.search(r'<div class="qr"[^>]*>(<svg.*?</svg>)</div>', html, re.S)
    assert svg and 'class="qr-svg"' in svg.group(1) and "<path" in svg.group(1)
    assert f"http://testserver/a/{assignment['code']}/" in html
    assert "Keep it up." in html, "the scenario's summary"
    assert "A story." in html


def test_the_qr_code_is_segnos_drawing_of_the_pages_absolute_link(assignment, student):
    import segno

    from playground.pages import qr_svg

    link = f"http://testserver/a/{assignment['code']}/"
    html = _page(student, assignment["code"].lower()).content.decode()
    assert qr_svg(link) in html, "the link as the page gives it, whatever case was typed"
    assert qr_svg("http://testserver/a/ZZZZZZ/") != qr_svg(link)
    drawn = segno.make(link, error="m", micro=False)
    assert drawn.designator[-1] in "MQH", "error correction M or better (a projector's glare)"


def test_a_student_who_joined_sees_continue_and_their_submissions(assignment, student):
    you = join(student, assignment["code"], "Alex")
    html = _page(student, assignment["code"]).content.decode()
    assert f'href="/play/{you["design_id"]}/" data-testid="continue"' in html
    assert "You joined as Alex" in html and 'data-testid="join-form"' not in html
    assert "No submission yet" in html


def test_the_instructor_sees_counts_close_and_the_class_view(assignment, teacher, student):
    join(student, assignment["code"], "Alex")
    html = _page(teacher, assignment["code"]).content.decode()
    assert 'data-testid="instructor-panel"' in html and 'data-testid="close"' in html
    assert f'href="/a/{assignment["code"]}/class/"' in html
    assert "1 joined · 0 submitted · 0 submissions" in html
    assert 'data-testid="join-form"' not in html
    teacher.post(f"/api/assignments/{assignment['code']}/close/")
    closed = _page(teacher, assignment["code"])
    assert closed.status_code == 200 and 'data-testid="reopen"' in closed.content.decode()


def test_an_unknown_code_is_the_products_404_page(db, student):
    response = _page(student, "ZZZZZZ")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="assignment-gone" data-reason="not_found"' in html
    assert "No assignment has this code" in html


def test_a_closed_assignment_is_a_410_page_that_keeps_a_students_work(
    assignment, teacher, student, classmate
):
    you = join(student, assignment["code"], "Alex")
    teacher.post(f"/api/assignments/{assignment['code']}/close/")
    for client in (student, classmate):
        response = _page(client, assignment["code"])
        assert response.status_code == 410
        html = response.content.decode()
        assert 'data-reason="closed"' in html and "This assignment is closed" in html
    html = _page(student, assignment["code"]).content.decode()
    assert f'href="/play/{you["design_id"]}/" data-testid="continue"' in html
    assert 'data-testid="continue"' not in _page(classmate, assignment["code"]).content.decode()


def test_user_text_is_escaped(teacher, library, student):
    title = '<script>alert("x")</script>'
    body = teacher.post(
        "/api/assignments/", {"scenario": library.slug, "title": title}, format="json"
    ).json()
    join(student, body["code"], "<b>Bo</b>")
    html = _page(student, body["code"]).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>Bo</b>" not in html and "&lt;b&gt;Bo&lt;/b&gt;" in html


def test_the_page_counts_as_a_code_look_up(assignment, student):
    with override_settings(THROTTLE_RATES={"assignment.address": ["2/m"]}):
        assert _page(student, assignment["code"]).status_code == 200
        assert _page(student, assignment["code"]).status_code == 200
        refused = _page(student, assignment["code"])
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert Assignment.objects.count() == 1


def test_an_instructor_playground_page_says_so(teacher, plain, library):
    assert 'data-instructor="1"' in teacher.get(f"/scenarios/{library.slug}/").content.decode()
    assert 'data-instructor="1"' not in plain.get(f"/scenarios/{library.slug}/").content.decode()


def test_a_student_whose_fork_was_deleted_may_start_again(assignment, student):
    you = join(student, assignment["code"], "Alex")
    version = student.get(f"/api/designs/{you['design_id']}/").json()["version"]
    student.delete(f"/api/designs/{you['design_id']}/?version={version}")
    html = _page(student, assignment["code"]).content.decode()
    assert 'data-testid="fork-deleted"' in html and "Start again" in html
    assert 'value="Alex" readonly' in html and 'data-testid="continue"' not in html


def test_the_page_is_never_cached(assignment, teacher, student):
    """It changes with the assignment's state: a 410 kept by the browser would hide a reopen."""
    assert "no-store" in _page(student, assignment["code"])["Cache-Control"]
    teacher.post(f"/api/assignments/{assignment['code']}/close/")
    assert "no-store" in _page(student, assignment["code"])["Cache-Control"]


def test_a_code_can_be_typed_at_a_and_again_on_the_unknown_code_page(db, student):
    enter = student.get("/a/")
    assert enter.status_code == 200 and 'data-testid="code-form"' in enter.content.decode()
    assert 'data-testid="code-form"' in _page(student, "ZZZZZZ").content.decode()
