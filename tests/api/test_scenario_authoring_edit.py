"""PATCH and DELETE /api/scenarios/{slug}/: only a scenario's author (or staff) changes it, and
nobody changes a shipped one through the API; load_scenarios leaves authored rows alone; a
student's fork of an authored scenario is graded on its goals and plays its faults."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from playground import services
from playground.live import services as live_services
from playground.models import Assignment, Scenario
from playground.owners import Owner
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
def slug(teacher):
    response = make_scenario(teacher, design_of(teacher), story="Old story", hints=["old"])
    assert response.status_code == 201
    return response.json()["slug"]


@pytest.fixture
def shipped():
    return services.scenario_upsert(
        slug="shipped-one", title="Shipped", summary="", level="beginner", order=1, tags=[],
        story="From a file", hints=[], document=lesson_document(),
    )[0]  # fmt: skip


def _patch(client, slug, body):
    return client.patch(f"/api/scenarios/{slug}/", body, format="json")


def test_the_author_changes_texts_and_the_row_keeps_the_rest(teacher, slug):
    body = {
        "title": "New title",
        "story": "New story",
        "hints": ["a", "b"],
        "questions": [{"question": "Q?", "answer": "A."}],
        "level": "advanced",
    }
    response = _patch(teacher, slug, body)
    assert response.status_code == 200, response.content
    assert response.json()["slug"] == slug, "the link does not change"
    detail = teacher.get(f"/api/scenarios/{slug}/").json()
    assert (detail["title"], detail["story"], detail["hints"]) == (
        "New title",
        "New story",
        ["a", "b"],
    )
    assert detail["questions"] == [{"question": "Q?", "answer": "A."}]
    assert detail["goals"] == [GOAL]


def test_a_new_snapshot_replaces_goals_and_faults_and_is_checked(teacher, slug):
    easier = {**GOAL, "value": 900}
    design = design_of(teacher, lesson_document(goals=[easier], faults=[]))
    assert _patch(teacher, slug, {"design_id": design}).status_code == 200
    row = Scenario.objects.get(slug=slug)
    assert row.goals == [easier] and row.document["faults"] == []
    goalless = design_of(teacher, lesson_document(goals=[]))
    response = _patch(teacher, slug, {"design_id": goalless})
    assert response.status_code == 400 and "add a goal" in response.json()["detail"]
    assert Scenario.objects.get(slug=slug).goals == [easier], "nothing changed"
    other = user_client("other", instructor=True)
    response = _patch(teacher, slug, {"design_id": design_of(other)})
    assert response.status_code == 404, "a snapshot of someone else's design"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"title": ""}, "title"),
        ({"hints": [1]}, "hints[0]"),
        ({"level": "hard"}, "level"),
        ({"questions": [{"answer": "a"}]}, "questions[0].question"),
    ],
)
def test_bad_patches_are_400_and_change_nothing(teacher, slug, body, path):
    response = _patch(teacher, slug, body)
    assert response.status_code == 400, response.content
    assert_error_shape(response.json(), problems=True)
    assert path in [p["path"] for p in response.json()["problems"]]
    assert Scenario.objects.get(slug=slug).story == "Old story"


def test_an_empty_patch_changes_nothing(teacher, slug):
    response = _patch(teacher, slug, {})
    assert response.status_code == 200 and response.json()["slug"] == slug
    assert Scenario.objects.get(slug=slug).story == "Old story"


@pytest.mark.parametrize("who", ["anon", "plain", "other instructor"])
def test_nobody_else_changes_or_deletes_it(who, anon, slug):
    client = {
        "anon": lambda: anon,
        "plain": lambda: user_client("plain"),
        "other instructor": lambda: user_client("other", instructor=True),
    }[who]()
    response = _patch(client, slug, {"story": "Mine now"})
    assert response.status_code == 403
    assert_error_shape(response.json())
    assert client.delete(f"/api/scenarios/{slug}/").status_code == 403
    row = Scenario.objects.get(slug=slug)
    assert row.story == "Old story"


def test_another_instructor_is_told_whose_it_is(slug):
    response = _patch(user_client("other", instructor=True), slug, {"story": "x"})
    assert "another instructor's" in response.json()["detail"]


def test_staff_change_and_delete_an_authored_one(slug):
    staff = user_client("admin", staff=True)
    assert _patch(staff, slug, {"story": "Fixed by staff"}).status_code == 200
    assert Scenario.objects.get(slug=slug).story == "Fixed by staff"
    assert Scenario.objects.get(slug=slug).author.username == "teacher", "still the author's"
    assert staff.delete(f"/api/scenarios/{slug}/").status_code == 204
    assert not Scenario.objects.filter(slug=slug).exists()


@pytest.mark.parametrize("who", ["teacher", "staff"])
def test_a_shipped_scenario_cannot_be_changed_through_the_api(who, teacher, shipped):
    client = teacher if who == "teacher" else user_client("admin", staff=True)
    response = _patch(client, shipped.slug, {"story": "Mine"})
    assert response.status_code == 403 and "shipped" in response.json()["detail"]
    assert client.delete(f"/api/scenarios/{shipped.slug}/").status_code == 403
    shipped.refresh_from_db()
    assert shipped.story == "From a file"


def test_an_unknown_slug_is_404_for_an_instructor_and_403_for_others(teacher, anon):
    assert _patch(teacher, "no-such-one", {"story": "x"}).status_code == 404
    assert teacher.delete("/api/scenarios/no-such-one/").status_code == 404
    assert _patch(anon, "no-such-one", {"story": "x"}).status_code == 403


def test_the_author_deletes_it_and_its_link_is_gone(teacher, slug, anon):
    assert teacher.delete(f"/api/scenarios/{slug}/").status_code == 204
    assert anon.get(f"/api/scenarios/{slug}/").status_code == 404
    assert teacher.delete(f"/api/scenarios/{slug}/").status_code == 404


def test_one_an_assignment_sets_cannot_be_deleted(teacher, slug):
    Assignment.objects.create(title="Week 3", instructor=teacher.user, scenario=slug)
    response = teacher.delete(f"/api/scenarios/{slug}/")
    assert response.status_code == 400 and "assignment" in response.json()["detail"]
    assert Scenario.objects.filter(slug=slug).exists()


def test_load_scenarios_leaves_authored_rows_alone(teacher, slug):
    before = Scenario.objects.get(slug=slug)
    call_command("load_scenarios", stdout=io.StringIO())
    after = Scenario.objects.get(slug=slug)
    assert (after.author_id, after.story, after.goals, after.document, after.order) == (
        before.author_id, before.story, before.goals, before.document, before.order
    )  # fmt: skip
    assert Scenario.objects.filter(author__isnull=True).count() > 10


def test_a_shipped_file_with_an_authored_rows_slug_stops_the_load_and_leaves_the_row(
    teacher, monkeypatch
):
    design = design_of(teacher)
    row = Scenario.objects.get(slug=make_scenario(teacher, design).json()["slug"])
    row.slug = "three-tier"  # as if a file were later named like an authored scenario
    row.save()
    with pytest.raises(CommandError, match="authored scenario"):
        call_command("load_scenarios", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.author_id == teacher.user.pk and row.title == "Crash the web tier"


def test_a_students_fork_of_an_authored_scenario_is_locked_to_its_goals(teacher, slug, anon):
    fork = {"name": "Try", "document": lesson_document(goals=[], faults=[]), "scenario": slug}
    created = anon.post("/api/designs/", fork, format="json")
    assert created.status_code == 201
    student = Owner(session_key=anon.session.session_key)
    document, _ = live_services.document_for_start(owner=student, design_id=created.json()["id"])
    assert document["goals"] == [GOAL] and document["faults"] == [FAULT]
    check = live_services.document_for_check(owner=student, design_id=created.json()["id"])
    assert check["scenario"] == slug and check["scenario_goals"] == 1
