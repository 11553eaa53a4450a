"""GET /api/scenarios/{slug}/ says whether the caller may change it (`can_change`, what the
scenario page asks before it offers Edit and Delete), and a refused delete names the
assignments that set the scenario and changes nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from playground import services
from playground.models import Assignment, Scenario
from tests.api.authoring_helpers import design_of, lesson_document, make_scenario, user_client
from tests.api.conftest import assert_error_shape

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return user_client("teacher", instructor=True)


@pytest.fixture
def slug(teacher):
    response = make_scenario(teacher, design_of(teacher))
    assert response.status_code == 201, response.content
    return response.json()["slug"]


def _can_change(client, slug):
    response = client.get(f"/api/scenarios/{slug}/")
    assert response.status_code == 200, response.content
    return response.json()["can_change"]


def test_only_its_author_and_staff_may_change_it(teacher, slug):
    assert _can_change(teacher, slug) is True
    assert _can_change(user_client("staff", staff=True), slug) is True
    assert _can_change(user_client("other", instructor=True), slug) is False
    assert _can_change(user_client("student"), slug) is False
    assert _can_change(APIClient(), slug) is False


def test_an_author_no_longer_an_instructor_may_not(teacher, slug):
    teacher.user.groups.clear()
    assert _can_change(teacher, slug) is False
    response = teacher.patch(f"/api/scenarios/{slug}/", {"story": "x"}, format="json")
    assert response.status_code == 403


def test_nobody_may_change_a_shipped_one(teacher):
    services.scenario_upsert(
        slug="shipped-one", title="Shipped", summary="", level="beginner", order=1, tags=[],
        story="From a file", hints=[], document=lesson_document(),
    )  # fmt: skip
    assert _can_change(user_client("root", staff=True), "shipped-one") is False
    assert _can_change(teacher, "shipped-one") is False


def test_a_refused_delete_names_the_assignment_and_keeps_the_scenario(teacher, slug):
    week = Assignment.objects.create(title="Week 3", instructor=teacher.user, scenario=slug)
    response = teacher.delete(f"/api/scenarios/{slug}/")
    assert response.status_code == 400
    assert_error_shape(response.json())
    detail = response.json()["detail"]
    assert week.code in detail and '"Crash the web tier" was not deleted' in detail
    assert Scenario.objects.filter(slug=slug).exists()


def test_two_assignments_are_both_named(teacher, slug):
    codes = [
        Assignment.objects.create(title=t, instructor=teacher.user, scenario=slug).code
        for t in ("Week 3", "Week 4")
    ]
    detail = teacher.delete(f"/api/scenarios/{slug}/").json()["detail"]
    assert "2 assignments set it" in detail and all(c in detail for c in codes)
