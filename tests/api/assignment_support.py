"""Fixtures and helpers of the assignment tests (imported by tests/api/conftest.py): every kind
of caller (instructor, another instructor, staff, a plain user, students in their own
browsers), a library scenario with a goal, an assignment of it, and `keep_check`, which runs
"Check my design" on a fork the way the check's process does and keeps its seeds."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from playground import selectors, services
from playground.instructors import INSTRUCTOR_GROUP
from playground.live import check_cache
from playground.models import Design
from playground.scenario_lock import graded_document
from simengine.verify import verify
from simengine.verify_cache import result_to_json

SLUG = "stateless-web-tier"  # a shipped scenario's file; its row here holds a short design
GOAL = {"metric": "error_rate", "scope": None, "op": "<=", "value": 0.5}
START: dict[str, Any] = {
    "format": 1,
    "name": "Assigned",
    "regions": [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "nodes": [
        {
            "id": "users",
            "kind": "client",
            "placement": {},
            "props": {"rate": 5, "pattern": "poisson", "location": "us-east-1"},
        },
        {"id": "lb", "kind": "alb", "placement": {"region": "us-east-1"}, "props": {}},
        {
            "id": "web",
            "kind": "asg",
            "placement": {"region": "us-east-1"},
            "props": {"min": 2, "max": 2, "desired": 2},
        },
    ],
    "edges": [
        {"id": "e1", "from": "users", "to": "lb", "props": {}},
        {"id": "e2", "from": "lb", "to": "web", "props": {}},
    ],
    "faults": [],
    "goals": [GOAL],
    "run": {"duration": 10, "seed": 1, "warmup": 0},
}


def _client(username: str, *, instructor: bool = False, staff: bool = False) -> APIClient:
    user = get_user_model().objects.create_user(
        username=username, password="a-long-passphrase-1", is_staff=staff
    )
    if instructor:
        user.groups.add(Group.objects.get_or_create(name=INSTRUCTOR_GROUP)[0])
    client = APIClient()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def teacher(db) -> APIClient:
    return _client("teacher", instructor=True)


@pytest.fixture
def other_teacher(db) -> APIClient:
    return _client("other-teacher", instructor=True)


@pytest.fixture
def staff(db) -> APIClient:
    return _client("staff", staff=True)


@pytest.fixture
def plain(db) -> APIClient:
    return _client("plain")


@pytest.fixture
def student(db) -> APIClient:
    """A student in their own browser, no account."""
    return APIClient()


@pytest.fixture
def classmate(db) -> APIClient:
    return APIClient()


@pytest.fixture
def library(db):
    """The shipped scenario SLUG, its row holding START (a short design with one goal)."""
    return services.scenario_upsert(
        slug=SLUG, title="Stateless web tier", summary="Keep it up.", level="beginner",
        order=1, tags=[], story="A story.", hints=[], document=copy.deepcopy(START),
    )[0]  # fmt: skip


@pytest.fixture
def assignment(teacher, library) -> dict[str, Any]:
    response = teacher.post(
        "/api/assignments/", {"scenario": SLUG, "title": "Week 3"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def join(client: APIClient, code: str, name: str = "Alex") -> dict[str, Any]:
    response = client.post(f"/api/assignments/{code}/join/", {"display_name": name}, format="json")
    assert response.status_code in (200, 201), response.content
    return response.json()


def submit(client: APIClient, code: str, design_id: Any):
    return client.post(
        f"/api/assignments/{code}/submissions/", {"design_id": str(design_id)}, format="json"
    )


def keep_check(design_id: Any) -> dict[str, Any]:
    """Check the design as it is saved now (as the check's process would: graded document,
    the server's default seeds, one process here) and keep every seed it ran; its result."""
    design = Design.objects.get(pk=design_id)
    document, _ = graded_document(design)
    parsed = selectors.design_parsed(document=document)
    key = check_cache.check_key(design=parsed)
    ran: list[dict[str, Any]] = []
    result = verify(
        document,
        settings.LIVE_CHECK_DEFAULT_SEEDS,
        workers=1,
        on_seed=lambda r: ran.append(result_to_json(r)),
    )
    check_cache.results_store(key=key["key"], engine=key["engine"], results=ran)
    return result


def edit(client: APIClient, design_id: Any, change) -> dict[str, Any]:
    """Save a change to the design through the API (as the editor does); its new state."""
    current = client.get(f"/api/designs/{design_id}/").json()
    document = copy.deepcopy(current["document"])
    change(document)
    response = client.patch(
        f"/api/designs/{design_id}/",
        {"document": document, "version": current["version"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()
