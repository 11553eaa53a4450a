"""Close and reopen (the assignment's instructor only, idempotent), the code look-up throttle,
and the assignments API in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test import override_settings

from playground.models import Assignment
from tests.api.conftest import assert_error_shape, assert_throttled

pytestmark = pytest.mark.django_db


def _set(client, code, action):
    return client.post(f"/api/assignments/{code}/{action}/")


def test_the_instructor_closes_and_reopens_idempotently(assignment, teacher):
    code = assignment["code"]
    first = _set(teacher, code.lower(), "close")
    assert first.status_code == 200
    closed = first.json()
    assert closed["is_open"] is False and closed["closed_at"]
    again = _set(teacher, code, "close").json()
    assert again["is_open"] is False and again["closed_at"] == closed["closed_at"]
    assert teacher.get(f"/api/assignments/{code}/").json()["is_open"] is False
    reopened = _set(teacher, code, "reopen").json()
    assert reopened["is_open"] is True and reopened["closed_at"] is None
    assert _set(teacher, code, "reopen").json()["is_open"] is True


@pytest.mark.parametrize("who", ["anon", "plain", "other_teacher", "staff", "student"])
@pytest.mark.parametrize("action", ["close", "reopen"])
def test_nobody_else_closes_or_reopens(request, assignment, who, action):
    client = request.getfixturevalue(who)
    if who == "student":
        client.post(
            f"/api/assignments/{assignment['code']}/join/", {"display_name": "A"}, format="json"
        )
    if action == "reopen":
        Assignment.objects.update(is_open=False)
    before = Assignment.objects.get().is_open
    response = _set(client, assignment["code"], action)
    assert response.status_code == 403
    assert_error_shape(response.json())
    assert "Only the instructor who set this assignment" in response.json()["detail"]
    assert Assignment.objects.get().is_open == before


def test_code_look_ups_are_throttled_per_address(assignment, student):
    rates = {"assignment.address": ["3/m"]}
    with override_settings(THROTTLE_RATES=rates):
        for _ in range(3):
            assert student.get(f"/api/assignments/{assignment['code']}/").status_code == 200
        refused = student.get("/api/assignments/ZZZZZZ/")
        assert_throttled(refused, says="Too many assignment look-ups")


def test_the_schema_documents_every_assignment_endpoint(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    expected = {
        "/api/assignments/": {"post": {"201", "400", "403", "404", "429"}},
        "/api/assignments/{code}/": {"get": {"200", "404", "429"}},
        "/api/assignments/{code}/join/": {"post": {"200", "201", "400", "403", "404", "409"}},
        "/api/assignments/{code}/submissions/": {"post": {"201", "400", "403", "404", "409"}},
        "/api/assignments/{code}/close/": {"post": {"200", "403", "404"}},
        "/api/assignments/{code}/reopen/": {"post": {"200", "403", "404"}},
    }
    for path, methods in expected.items():
        for method, codes in methods.items():
            assert codes <= set(paths[path][method]["responses"]), (path, method)
    design = schema["components"]["schemas"]["DesignOutput"]["properties"]
    assert "assignment" in design
