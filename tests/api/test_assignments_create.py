"""POST /api/assignments/ and GET /api/assignments/{code}/: who may set an assignment (an
instructor: staff or the instructor group; nobody else), what it may set (a shipped scenario or
one the instructor authored, or their own design with goals; exactly one), the title's rules,
and what anyone holding the code reads (any case; an unknown code is a clear 404)."""

from __future__ import annotations

import copy

import pytest

from playground.classroom_models import CODE_ALPHABET, CODE_LENGTH
from playground.models import Assignment, Scenario
from tests.api.assignment_support import SLUG, START, join
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db

URL = "/api/assignments/"


def _post(client, body):
    return client.post(URL, body, format="json")


def test_an_instructor_sets_a_shipped_scenario_and_gets_code_and_link(teacher, library):
    response = _post(teacher, {"scenario": SLUG, "title": "  Week 3  "})
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"code", "link", "title", "scenario", "is_open", "created", "closed_at"}
    assert len(body["code"]) == CODE_LENGTH and set(body["code"]) <= set(CODE_ALPHABET)
    assert body["link"] == f"http://testserver/a/{body['code']}/"
    assert body["title"] == "Week 3", "trimmed"
    assert body["scenario"] == SLUG and body["is_open"] is True and body["closed_at"] is None
    row = Assignment.objects.get(code=body["code"])
    assert row.instructor_id == teacher.user.pk


def test_the_title_defaults_to_the_scenarios(teacher, library):
    body = _post(teacher, {"scenario": SLUG}).json()
    assert body["title"] == "Stateless web tier"
    assert _post(teacher, {"scenario": SLUG, "title": "   "}).json()["title"] == library.title


def test_staff_may_set_one_too(staff, library):
    assert _post(staff, {"scenario": SLUG}).status_code == 201


@pytest.mark.parametrize("who", ["anon", "plain"])
def test_anyone_not_an_instructor_gets_403_and_nothing_is_made(request, who, library):
    client = request.getfixturevalue(who)
    response = _post(client, {"scenario": SLUG, "title": "t"})
    assert response.status_code == 403
    assert_error_shape(response.json())
    assert "Only instructors can set assignments" in response.json()["detail"]
    assert not Assignment.objects.exists()


def test_an_instructor_sets_their_own_design_as_an_authored_scenario(teacher, db):
    design = create_design(teacher, copy.deepcopy(START), name="My lesson")
    response = _post(teacher, {"design_id": design["id"]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "My lesson"
    scenario = Scenario.objects.get(slug=body["scenario"])
    assert scenario.author_id == teacher.user.pk and scenario.goals == START["goals"]
    assert scenario.slug.startswith("my-lesson-")


def test_a_scenario_the_instructor_authored_may_be_set_again_but_not_anothers(
    teacher, other_teacher
):
    design = create_design(teacher, copy.deepcopy(START), name="Mine")
    slug = _post(teacher, {"design_id": design["id"]}).json()["scenario"]
    assert _post(teacher, {"scenario": slug}).status_code == 201
    response = _post(other_teacher, {"scenario": slug})
    assert response.status_code == 400
    assert_error_shape(response.json(), problems=True)
    assert response.json()["problems"][0]["path"] == "scenario"


def test_another_persons_design_is_404_and_a_design_without_goals_is_400(teacher, other_teacher):
    theirs = create_design(other_teacher, copy.deepcopy(START))
    response = _post(teacher, {"design_id": theirs["id"]})
    assert response.status_code == 404
    assert_error_shape(response.json())
    bare = create_design(teacher, {**copy.deepcopy(START), "goals": []})
    response = _post(teacher, {"design_id": bare["id"]})
    assert response.status_code == 400
    assert "no goals" in response.json()["detail"]
    assert response.json()["problems"][0]["path"] == "design_id"
    assert not Assignment.objects.exists() and not Scenario.objects.exists()


@pytest.mark.parametrize(
    ("body", "path", "says"),
    [
        ({}, "", "exactly one"),
        ({"scenario": SLUG, "design_id": "0" * 8 + "-0000-0000-0000-" + "0" * 12}, "", "not both"),
        ({"scenario": "no-such-thing"}, "scenario", "no scenario"),
        ({"scenario": 7}, "scenario", "must be text"),
        ({"scenario": SLUG, "title": 3}, "title", "must be text"),
        ({"scenario": SLUG, "title": "x" * 201}, "title", "200"),
        ({"design_id": "not-a-uuid"}, "design_id", "UUID"),
        ({"scenario": SLUG, "title": "a\u0000b"}, "", "NUL"),
    ],
)
def test_bad_input_is_400_with_problems_and_makes_nothing(teacher, library, body, path, says):
    response = _post(teacher, body)
    assert response.status_code == 400, response.content
    detail = response.json()
    assert_error_shape(detail)
    text = detail["detail"] + " ".join(p["message"] for p in detail.get("problems", []))
    assert says.lower() in text.lower(), detail
    if path:
        assert detail["problems"][0]["path"] == path
    assert not Assignment.objects.exists()


def test_anyone_with_the_code_reads_it_in_any_case(assignment, student, plain):
    code = assignment["code"]
    for client, asked in ((student, code.lower()), (plain, f"{code[:3].lower()}{code[3:]}")):
        response = client.get(f"{URL}{asked}/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["code"] == code and body["title"] == "Week 3" and body["is_open"] is True
        assert body["scenario"] == {
            "slug": SLUG,
            "title": "Stateless web tier",
            "summary": "Keep it up.",
            "story": "A story.",
        }
        assert body["you"] is None and body["counts"] is None and body["is_instructor"] is False
    assert "sessionid" not in student.cookies, "asking starts no session"


def test_the_instructor_sees_counts_another_instructor_and_staff_do_not(
    assignment, teacher, other_teacher, staff, student, classmate
):
    code = assignment["code"]
    join(student, code, "Alex")
    join(classmate, code, "Sam")
    body = teacher.get(f"{URL}{code}/").json()
    assert body["is_instructor"] is True
    assert body["counts"] == {"enrolled": 2, "submitted": 0, "submissions": 0}
    for client in (other_teacher, staff):
        body = client.get(f"{URL}{code}/").json()
        assert body["counts"] is None and body["is_instructor"] is False


def test_a_student_sees_their_own_enrollment_only(assignment, student, classmate):
    code = assignment["code"]
    mine = join(student, code, "Alex")
    you = student.get(f"{URL}{code}/").json()["you"]
    assert you["display_name"] == "Alex" and you["design_id"] == mine["design_id"]
    assert you["play"] == f"/play/{mine['design_id']}/" and you["submissions"] == []
    assert classmate.get(f"{URL}{code}/").json()["you"] is None


@pytest.mark.parametrize("code", ["ZZZZZZ", "abc", "0OOOO0", "x" * 20])
def test_an_unknown_or_malformed_code_is_a_clear_404(db, student, code):
    for method, path in (
        ("get", ""),
        ("post", "join/"),
        ("post", "submissions/"),
        ("post", "close/"),
        ("post", "reopen/"),
    ):
        response = getattr(student, method)(f"{URL}{code}/{path}", {}, format="json")
        assert response.status_code == 404, (path, response.content)
        assert_error_shape(response.json())
        assert "No assignment has the code" in response.json()["detail"]
    assert "sessionid" not in student.cookies
