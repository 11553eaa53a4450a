"""Fixtures for the REST API tests: clients for each kind of caller, a valid design, and the
rates the product ships (`shipped_rates`: the other tests run unthrottled, settings/test.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.test import APIClient

from playground import rate_limits
from playground.settings import base

VALID_DOCUMENT: dict[str, Any] = {
    "format": 1,
    "name": "Web tier behind an ALB",
    "regions": [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
    "nodes": [
        {
            "id": "users",
            "kind": "client",
            "placement": {},
            "props": {"rate": 50, "pattern": "poisson", "location": "us-east-1"},
        },
        {"id": "lb", "kind": "alb", "placement": {"region": "us-east-1"}, "props": {}},
        {
            "id": "web",
            "kind": "asg",
            "placement": {"region": "us-east-1"},
            "props": {"min": 2, "max": 4, "desired": 2},
        },
    ],
    "edges": [
        {"id": "e1", "from": "users", "to": "lb", "props": {}},
        {"id": "e2", "from": "lb", "to": "web", "props": {}},
    ],
    "faults": [],
    "goals": [],
    "run": {"duration": 60, "seed": 1, "warmup": 0},
}


@pytest.fixture
def document() -> dict[str, Any]:
    """A valid design document (a fresh copy: tests may change it)."""
    return copy.deepcopy(VALID_DOCUMENT)


@pytest.fixture
def anon() -> APIClient:
    """An anonymous learner's browser (gets a session on the first save)."""
    return APIClient()


@pytest.fixture
def other_anon() -> APIClient:
    """Another anonymous learner, in another browser."""
    return APIClient()


def _user_client(username: str) -> APIClient:
    user = get_user_model().objects.create_user(username=username, password="a-long-passphrase-1")
    client = APIClient()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def alice(db) -> APIClient:
    return _user_client("alice")


@pytest.fixture
def bob(db) -> APIClient:
    return _user_client("bob")


def create_design(
    client: APIClient, document: dict[str, Any], name: str = "My design"
) -> dict[str, Any]:
    response = client.post("/api/designs/", {"name": name, "document": document}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def assert_error_shape(body: dict[str, Any], *, problems: bool = False) -> None:
    """The one error shape: a `detail` sentence, and `problems` with path and message if any."""
    assert isinstance(body["detail"], str) and body["detail"]
    if problems:
        assert body["problems"], body
    for problem in body.get("problems", []):
        assert set(problem) == {"path", "message"}
        assert isinstance(problem["path"], str) and problem["message"]


# --- the rates the product ships -------------------------------------------------------------

PASSWORD = "a-long-passphrase-1"
SHIPPED = override_settings(
    THROTTLE_RATES=base.THROTTLE_RATES,
    AXES_ENABLED=True,
    AXES_ACCOUNT_FAILURE_LIMIT=base.AXES_ACCOUNT_FAILURE_LIMIT,
    AXES_ADDRESS_FAILURE_LIMIT=base.AXES_ADDRESS_FAILURE_LIMIT,
    AXES_FAILURE_LIMIT=base.AXES_FAILURE_LIMIT,
)


class FrozenClock:
    """The throttles' clock, stopped: a test that takes a few seconds never sees a window end
    (and its count start again) half-way through."""

    @staticmethod
    def time() -> float:
        return 1_800_000_030.0  # 30 s into a minute, a five-minute window and an hour


@pytest.fixture
def shipped_rates(monkeypatch):
    """The rates and lockout the product ships (settings/base.py), on a stopped clock."""
    monkeypatch.setattr(rate_limits, "time", FrozenClock)
    cache.clear()
    with SHIPPED:
        yield
    cache.clear()


def shipped_window(name: str) -> int:
    """The first window's count of a shipped rate ("34/5m" -> 34)."""
    return int(base.THROTTLE_RATES[name][0].split("/")[0])


def assert_throttled(response, *, says: str) -> None:
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) >= 1
    body = response.json()
    assert_error_shape(body)
    assert says in body["detail"]
    assert body["detail"].endswith(f"Try again in {response['Retry-After']} seconds.")


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- assignments (tests/api/test_assignments*.py) ----------------------------------------------
from tests.api.assignment_support import (  # noqa: E402,F401
    assignment,
    classmate,
    library,
    other_teacher,
    plain,
    staff,
    student,
    teacher,
)
