"""POST /api/assignments/{code}/join/: a student joins with a display name and no account; the
enrollment and their own fork are made together; joining again returns the same; the name's
rules (trimmed, 1-40, no control characters, unique in the class ignoring case); a closed
assignment and the instructor's own refuse; and a student who signs up keeps their enrollment."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from playground import classroom_signals
from playground.models import Design, Enrollment
from tests.api.assignment_support import SLUG, START, join
from tests.api.conftest import PASSWORD, assert_error_shape

pytestmark = pytest.mark.django_db


def _join(client, code, name):
    return client.post(f"/api/assignments/{code}/join/", {"display_name": name}, format="json")


def test_joining_makes_the_enrollment_and_a_fork_in_the_editor(assignment, student):
    response = _join(student, assignment["code"].lower(), "  Alex  ")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["joined"] is True and body["display_name"] == "Alex"
    assert body["code"] == assignment["code"] and body["submissions"] == []
    assert body["play"] == f"/play/{body['design_id']}/"
    assert "sessionid" in student.cookies, "an anonymous session was started"
    fork = student.get(f"/api/designs/{body['design_id']}/").json()
    assert fork["name"] == "Stateless web tier - Alex"
    assert fork["scenario"] == SLUG
    assert fork["document"] == {**START, "name": "Stateless web tier - Alex"}
    assert fork["assignment"] == {"code": assignment["code"], "title": "Week 3", "is_open": True}
    enrollment = Enrollment.objects.get()
    assert enrollment.owner_session and enrollment.owner_id is None
    assert str(enrollment.design_id) == body["design_id"]


def test_joining_again_from_the_same_browser_returns_the_same(assignment, student):
    first = join(student, assignment["code"], "Alex")
    response = _join(student, assignment["code"], "Another name")
    assert response.status_code == 200
    again = response.json()
    assert again["joined"] is False and again["design_id"] == first["design_id"]
    assert again["display_name"] == "Alex"
    assert Enrollment.objects.count() == 1 and Design.objects.count() == 1


def test_a_signed_in_student_joins_by_account(assignment, plain):
    body = join(plain, assignment["code"], "Pat")
    assert Enrollment.objects.get().owner_id == plain.user.pk
    assert Design.objects.get(pk=body["design_id"]).owner_id == plain.user.pk


def test_a_taken_name_is_409_ignoring_case_and_nothing_is_made(assignment, student, classmate):
    join(student, assignment["code"], "Alex")
    response = _join(classmate, assignment["code"], "ALEX")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("That name is taken in this class: add an initial")
    assert Enrollment.objects.count() == 1 and Design.objects.count() == 1
    assert _join(classmate, assignment["code"], "Alex B").status_code == 201


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("x" * 41, "at most 40"),
        ("Al\nex", "control"),
        ("Al\u202eex", "control or invisible"),
        (7, "must be text"),
        (None, "null"),
        ("a\u0000b", "NUL"),
    ],
)
def test_a_bad_display_name_is_400_and_nothing_is_made(assignment, classmate, name, says):
    response = _join(classmate, assignment["code"], name)
    assert response.status_code == 400, response.content
    body = response.json()
    assert_error_shape(body)
    text = body["detail"] + " ".join(p["message"] for p in body.get("problems", []))
    assert says.lower() in text.lower(), body
    assert not Enrollment.objects.exists() and not Design.objects.exists()


def test_forty_characters_after_trimming_are_fine(assignment, student):
    assert _join(student, assignment["code"], "  " + "y" * 40 + "  ").status_code == 201


def test_a_missing_display_name_is_400(assignment, student):
    response = student.post(f"/api/assignments/{assignment['code']}/join/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "display_name"


def test_a_closed_assignment_refuses_new_students_but_keeps_joined_ones(
    assignment, teacher, student, classmate
):
    mine = join(student, assignment["code"], "Alex")
    assert teacher.post(f"/api/assignments/{assignment['code']}/close/").status_code == 200
    response = _join(classmate, assignment["code"], "Sam")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("This assignment is closed")
    again = _join(student, assignment["code"], "Alex")
    assert again.status_code == 200 and again.json()["design_id"] == mine["design_id"]
    assert Enrollment.objects.count() == 1


def test_the_instructor_may_not_join_their_own_but_another_instructor_may(
    assignment, teacher, other_teacher
):
    response = _join(teacher, assignment["code"], "Teach")
    assert response.status_code == 403
    assert "You set this assignment" in response.json()["detail"]
    assert _join(other_teacher, assignment["code"], "Visiting").status_code == 201


def test_a_join_is_announced_once_committed(
    assignment, student, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, signal, **kwargs):
        heard.append(kwargs)

    classroom_signals.enrollment_created.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            join(student, assignment["code"], "Alex")
            join(student, assignment["code"], "Alex")  # again: not a new join
    finally:
        classroom_signals.enrollment_created.disconnect(listener)
    enrollment = Enrollment.objects.get()
    assert heard == [{"assignment_id": enrollment.assignment_id, "enrollment_id": enrollment.pk}]


def test_a_student_who_signs_up_keeps_their_enrollment_and_fork(assignment, student):
    body = join(student, assignment["code"], "Alex")
    get_user_model().objects.create_user("alex", password=PASSWORD)
    assert student.login(username="alex", password=PASSWORD)
    you = student.get(f"/api/assignments/{assignment['code']}/").json()["you"]
    assert you is not None and you["design_id"] == body["design_id"]
    assert student.get(f"/api/designs/{body['design_id']}/").status_code == 200


def test_a_student_who_deleted_their_fork_gets_a_new_one_by_joining_again(assignment, student):
    first = join(student, assignment["code"], "Alex")
    version = student.get(f"/api/designs/{first['design_id']}/").json()["version"]
    student.delete(f"/api/designs/{first['design_id']}/?version={version}")
    assert student.get(f"/api/assignments/{assignment['code']}/").json()["you"]["design_id"] is None
    again = _join(student, assignment["code"], "Alex")
    assert again.status_code == 200
    body = again.json()
    assert body["design_id"] and body["design_id"] != first["design_id"]
    assert body["display_name"] == "Alex" and Enrollment.objects.count() == 1
    assert student.get(f"/api/designs/{body['design_id']}/").json()["assignment"] is not None
