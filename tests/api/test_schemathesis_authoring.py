"""The scenario endpoints under schemathesis as an instructor, with every check (the main run,
test_schemathesis.py, is an anonymous learner, who gets 403 from every write here): every request
the schema allows is accepted, every one it forbids refused, every answer as the schema says.
Every other case is pointed at the instructor's own design (one that runs and has a goal) and
their own scenario, so creates, changes and deletes run their success paths too."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client
from schemathesis.generation.modes import GenerationMode
from schemathesis.python.asgi import get_client

from playground.models import Scenario
from tests.api.authoring_helpers import lesson_document, user_client
from tests.api.test_schemathesis import CHECKS, _exercise, load_schema


class Instructor:
    def __init__(self, app: Any):
        user = user_client("schema-teacher", instructor=True).user
        browser = Client()
        browser.force_login(user)
        self.user = user
        self.session = get_client(app)
        self.session.cookies.set("sessionid", browser.cookies["sessionid"].value)
        self.session.headers["X-CSRFToken"] = self.session.get("/api/csrf/").json()["csrfToken"]
        made = self.session.post(
            "/api/designs/", json={"name": "lesson", "document": lesson_document()}
        )
        assert made.status_code == 201, made.text
        self.design_id = made.json()["id"]
        self.turn = itertools.count()

    def slug(self) -> str:
        mine = Scenario.objects.filter(author=self.user).first()
        if mine is not None:
            return mine.slug
        made = self.session.post(
            "/api/scenarios/", json={"design_id": self.design_id, "title": "Mine"}
        )
        assert made.status_code == 201, made.text
        return made.json()["slug"]

    def aim(self, case: Any) -> None:
        if next(self.turn) % 2:
            return
        if (case.path_parameters or {}).get("slug") is not None:
            case.path_parameters["slug"] = self.slug()
        if isinstance(case.body, dict) and "design_id" in case.body:
            case.body["design_id"] = self.design_id

    def call(self, case: Any) -> None:
        self.aim(case)
        case.call_and_validate(session=self.session, checks=CHECKS)


@pytest.mark.django_db(transaction=True)
def test_the_scenario_endpoints_keep_their_schema_for_an_instructor():
    api = load_schema()
    instructor = Instructor(api.app)
    operations = [
        op
        for op in (result.ok() for result in api.get_all_operations())
        if op.path.startswith(("/api/scenarios/", "/api/me/"))
    ]
    assert {op.method.upper() for op in operations} == {"GET", "POST", "PATCH", "DELETE"}
    for operation in operations:
        _exercise(operation, instructor, GenerationMode.POSITIVE, examples=25)
        _exercise(operation, instructor, GenerationMode.NEGATIVE, examples=10)
