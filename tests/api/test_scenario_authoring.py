"""POST /api/scenarios/ and GET /api/me/: only instructors make scenarios, only from their own
designs, only designs that run and have a goal; every bad input gets a 400 that names the field."""

from __future__ import annotations

import pytest

from playground.models import Scenario
from tests.api.authoring_helpers import (
    FAULT,
    GOAL,
    design_of,
    lesson_document,
    make_scenario,
    user_client,
)
from tests.api.conftest import assert_error_shape

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return user_client("teacher", instructor=True)


@pytest.fixture
def design(teacher):
    return design_of(teacher)


def test_an_instructor_makes_a_scenario_from_their_design(teacher, design):
    response = make_scenario(
        teacher,
        design,
        summary="One instance dies.",
        story="The shop opens.\n\nThen an instance crashes.",
        level="beginner",
        hints=["Look at the ALB", "Two AZs"],
        questions=[{"question": "Why two?", "answer": "One can fail."}],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"].startswith("crash-the-web-tier-") and body["authored"] is True
    assert body["url"] == f"/scenarios/{body['slug']}/"
    assert (body["goal_count"], body["fault_count"]) == (1, 1)
    detail = teacher.get(body["url"].replace("/scenarios/", "/api/scenarios/")).json()
    assert detail["goals"] == [GOAL] and detail["document"]["faults"] == [FAULT]
    assert detail["hints"] == ["Look at the ALB", "Two AZs"]
    assert detail["questions"] == [{"question": "Why two?", "answer": "One can fail."}]
    assert detail["story"].startswith("The shop opens.") and detail["level"] == "beginner"


def test_anyone_opens_an_authored_scenario_by_its_link_but_the_gallery_lists_only_shipped(
    teacher, design, anon
):
    slug = make_scenario(teacher, design).json()["slug"]
    assert anon.get(f"/api/scenarios/{slug}/").status_code == 200
    assert slug not in [s["slug"] for s in anon.get("/api/scenarios/").json()]
    assert slug not in [s["slug"] for s in teacher.get("/api/scenarios/").json()]
    assert all(not s["authored"] for s in anon.get("/api/scenarios/").json())


def test_mine_lists_an_instructors_own_newest_first_and_no_one_elses(teacher, design):
    first = make_scenario(teacher, design, title="First").json()["slug"]
    second = make_scenario(teacher, design, title="Second").json()["slug"]
    other = user_client("other", instructor=True)
    make_scenario(other, design_of(other), title="Theirs")
    mine = teacher.get("/api/scenarios/?mine=1")
    assert mine.status_code == 200
    assert [s["slug"] for s in mine.json()] == [second, first]
    assert teacher.get("/api/scenarios/?mine=0").json() == teacher.get("/api/scenarios/").json()


@pytest.mark.parametrize("mine", ["2", "yes", "-1", "1&mine=1"])
def test_mine_must_be_0_or_1(teacher, mine):
    response = teacher.get(f"/api/scenarios/?mine={mine}")
    assert response.status_code == 400
    assert_error_shape(response.json(), problems=True)
    assert response.json()["problems"][0]["path"] == "mine"


@pytest.mark.parametrize("who", ["anon", "plain"])
def test_mine_and_create_are_for_instructors_only(who, anon, teacher, design):
    client = anon if who == "anon" else user_client("plain")
    assert client.get("/api/scenarios/?mine=1").status_code == 403
    response = make_scenario(client, design)
    assert response.status_code == 403
    assert "Only instructors" in response.json()["detail"]
    assert not Scenario.objects.filter(author__isnull=False).exists()


def test_staff_author_too(design):
    staff = user_client("admin", staff=True)
    assert make_scenario(staff, design_of(staff)).status_code == 201


def test_a_design_that_is_not_yours_is_404(teacher, design):
    other = user_client("other", instructor=True)
    response = make_scenario(other, design)
    assert response.status_code == 404
    assert_error_shape(response.json())
    response = make_scenario(teacher, "8f0c3c43-3f1b-4c3e-9a55-2a8e2b4b8c1e")
    assert response.status_code == 404


def test_a_design_without_a_goal_is_400_saying_where_to_add_one(teacher):
    response = make_scenario(teacher, design_of(teacher, lesson_document(goals=[])))
    assert response.status_code == 400
    body = response.json()
    assert "add a goal in Goals & story first" in body["detail"]
    assert body["problems"] == [
        {"path": "design.goals", "message": "add a goal in Goals & story first"}
    ]


def test_a_design_that_cannot_run_is_400_with_its_problems(teacher):
    document = lesson_document()
    document["edges"].append({"id": "e9", "from": "web", "to": "nowhere", "props": {}})
    response = make_scenario(teacher, design_of(teacher, document))
    assert response.status_code == 400
    body = response.json()
    assert "cannot run" in body["detail"]
    assert body["problems"] and all(p["path"].startswith("design") for p in body["problems"])
    assert not Scenario.objects.filter(author__isnull=False).exists()


LONG = "x" * 5001


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": 7}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"title": None}, "title"),
        ({"summary": "s" * 301}, "summary"),
        ({"summary": ["a"]}, "summary"),
        ({"story": LONG}, "story"),
        ({"level": "expert"}, "level"),
        ({"hints": "one hint"}, "hints"),
        ({"hints": ["ok", 3]}, "hints[1]"),
        ({"hints": ["h" * 1001]}, "hints[0]"),
        ({"hints": ["h"] * 11}, "hints"),
        ({"questions": [{"question": "q"}]}, "questions[0].answer"),
        ({"questions": ["why?"]}, "questions[0]"),
        ({"questions": [{"question": "q", "answer": "a"}] * 11}, "questions"),
        ({"questions": [{"question": "q" * 501, "answer": "a"}]}, "questions[0].question"),
        ({"design_id": "not-a-uuid"}, "design_id"),
        ({"design_id": None}, "design_id"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(teacher, design, change, path):
    body = {"design_id": design, "title": "A lesson", **change}
    response = teacher.post("/api/scenarios/", body, format="json")
    assert response.status_code == 400, response.content
    assert_error_shape(response.json(), problems=True)
    assert path in [p["path"] for p in response.json()["problems"]], response.json()
    assert not Scenario.objects.filter(author__isnull=False).exists()


def test_nul_in_a_text_is_400(teacher, design):
    response = make_scenario(teacher, design, story="bad\u0000story")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"] or response.json().get("problems")


def test_a_missing_body_names_the_required_fields(teacher):
    response = teacher.post("/api/scenarios/", {}, format="json")
    assert response.status_code == 400
    paths = {p["path"] for p in response.json()["problems"]}
    assert {"design_id", "title"} <= paths


def test_a_post_without_csrf_is_403(design):
    client = user_client("strict", instructor=True)
    client.enforce_csrf_checks = True
    client.handler.enforce_csrf_checks = True
    response = make_scenario(client, design)
    assert response.status_code == 403


def test_me_tells_the_page_who_may_author(anon, teacher):
    assert anon.get("/api/me/").json() == {
        "authenticated": False,
        "username": "",
        "is_instructor": False,
    }
    assert user_client("plain").get("/api/me/").json()["is_instructor"] is False
    assert teacher.get("/api/me/").json() == {
        "authenticated": True,
        "username": "teacher",
        "is_instructor": True,
    }
    assert user_client("boss", staff=True).get("/api/me/").json()["is_instructor"] is True


def test_a_design_may_attempt_an_authored_scenario_but_not_a_deleted_one(teacher, design, anon):
    slug = make_scenario(teacher, design).json()["slug"]
    body = {"name": "Try", "document": lesson_document(), "scenario": slug}
    assert anon.post("/api/designs/", body, format="json").status_code == 201
    assert teacher.delete(f"/api/scenarios/{slug}/").status_code == 204
    response = anon.post("/api/designs/", body, format="json")
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "scenario"


@pytest.mark.usefixtures("shipped_rates")
def test_an_instructor_making_scenarios_faster_than_a_person_is_told_to_wait(teacher, design):
    from tests.api.conftest import assert_throttled, shipped_window

    for _ in range(shipped_window("scenario_create.owner")):
        assert make_scenario(teacher, design).status_code == 201
    made = Scenario.objects.count()
    assert_throttled(make_scenario(teacher, design), says="Scenarios are being made faster")
    assert Scenario.objects.count() == made, "a refused request makes nothing"
