"""Callers and designs for the authoring tests: an instructor (the group an admin grants),
another instructor, staff, a plain signed-in user; a design that runs and has a goal and a
scheduled fault."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from playground.instructors import INSTRUCTOR_GROUP
from tests.api.conftest import VALID_DOCUMENT

GOAL = {"metric": "p99_ms", "scope": "users", "op": "<=", "value": 300}
FAULT = {"at": 30, "kind": "instance_crash", "target": "web", "duration": None}


def lesson_document(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(VALID_DOCUMENT)
    document.update(goals=[GOAL], faults=[FAULT])
    document.update(changes)
    return document


def user_client(username: str, *, instructor: bool = False, staff: bool = False) -> APIClient:
    user = get_user_model().objects.create_user(
        username=username, password="a-long-passphrase-1", is_staff=staff
    )
    if instructor:
        # get_or_create: a transactional test before this one may have flushed the migration's row
        user.groups.add(Group.objects.get_or_create(name=INSTRUCTOR_GROUP)[0])
    client = APIClient()
    client.force_login(user)
    client.user = user
    return client


def design_of(client: APIClient, document: dict[str, Any] | None = None) -> str:
    body = {"name": "Lesson design", "document": document or lesson_document()}
    response = client.post("/api/designs/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def make_scenario(client: APIClient, design_id: str, **fields: Any):
    body = {"design_id": design_id, "title": "Crash the web tier", **fields}
    return client.post("/api/scenarios/", body, format="json")
