"""Fixtures for the REST API tests: clients for each kind of caller and a valid design."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

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
    client.user = user  # type: ignore[attr-defined]
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
