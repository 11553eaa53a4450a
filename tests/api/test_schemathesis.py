"""Property-based run over the OpenAPI schema, through the real ASGI application, as an
anonymous learner with a session and a CSRF token, with EVERY schemathesis check: no 500s, every
response (status code, content type, headers, body) matches the schema, every request the schema
allows is accepted and every request it forbids is refused (positive and negative generation).

Generated text holds no NUL character: the server refuses NUL anywhere in a body (PostgreSQL
cannot store it; tests/api/test_bad_input.py shows the 400), and OpenAPI 3.0 cannot say "no NUL
in any string of an arbitrary JSON document", so that one rule lives in the descriptions.

Half the cases that name a design or a share link are pointed at ones this learner owns, so
updates, shares, forks and revokes run their success paths, not only their 404s.
"""

from __future__ import annotations

import itertools
import re
import uuid
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks
from schemathesis.generation.modes import GenerationMode
from schemathesis.python.asgi import get_client

from playground import services
from playground.models import Design, ShareLink
from playground.owners import Owner
from tests.api.conftest import VALID_DOCUMENT

load_all_checks()
CHECKS = [REGISTERED_CHECKS.get_one(name) for name in REGISTERED_CHECKS.get_all_names()]


def load_schema() -> Any:
    from playground.asgi import application

    schema = schemathesis.openapi.from_asgi("/api/schema/?format=json", application)
    schema.config.generation.update(allow_x00=False)
    return schema


class Learner:
    """An anonymous learner's browser: a session cookie, a CSRF token, a design and a link."""

    def __init__(self, app: Any):
        self.session = get_client(app)
        token = self.session.get("/api/csrf/").json()["csrfToken"]
        self.session.headers["X-CSRFToken"] = token
        first = self.session.post(
            "/api/designs/", json={"name": "mine", "document": VALID_DOCUMENT}
        )
        assert first.status_code == 201, first.text
        self.owner = Owner(session_key=self.session.cookies["sessionid"])
        self.turn = itertools.count()

    def aim(self, case: Any) -> None:
        """Every other case with an id or token: use one this learner owns (made afresh if gone)."""
        params = case.path_parameters or {}
        if not ({"id", "token"} & params.keys()) or next(self.turn) % 2:
            return
        if case.meta.generation.mode is GenerationMode.NEGATIVE and not _well_formed(params):
            return  # the malformed id is what this case breaks: aiming it would mend it
        design = Design.objects.filter(self.owner.q()).first() or services.design_create(
            owner=self.owner, name="again", document=VALID_DOCUMENT
        )
        link = ShareLink.objects.filter(
            design=design, revoked=False
        ).first() or services.share_link_create(owner=self.owner, design_id=design.pk)
        if "id" in params:
            params["id"] = str(design.pk)
        if "token" in params:
            params["token"] = link.token

    @staticmethod
    def in_the_future(case: Any) -> None:
        """A positive case's `expires` moved to a time to come: "in the future" is a rule of time,
        not of shape, so the schema cannot state it (the 400 for a past one: test_sharing.py)."""
        if isinstance(case.body, dict) and isinstance(case.body.get("expires"), str):
            case.body["expires"] = "2999-12-31T23:59:59Z"

    @staticmethod
    def a_real_scenario(case: Any) -> None:
        """A positive case's `scenario` made one the library holds: whether a slug names a
        scenario is a rule of the database (instructors author new ones as the server runs), not
        of shape, so the schema gives the shape and the description the rule (the 400 for one
        that does not exist: test_scenario_lock.py)."""
        if isinstance(case.body, dict) and isinstance(case.body.get("scenario"), str):
            case.body["scenario"] = case.body["scenario"] and "three-tier"

    def call(self, case: Any) -> None:
        """Send the case as this learner and run every check on the answer."""
        self.aim(case)
        if case.meta.generation.mode is GenerationMode.POSITIVE:
            self.in_the_future(case)
            self.a_real_scenario(case)
        case.call_and_validate(session=self.session, checks=CHECKS)


def _well_formed(params: dict[str, Any]) -> bool:
    """The path's id is a UUID and its token fits the schema's pattern (where they are sent)."""
    try:
        if "id" in params:
            uuid.UUID(str(params["id"]))
    except ValueError:
        return False
    token = params.get("token")
    return token is None or re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(token)) is not None


@pytest.mark.django_db(transaction=True)
def test_api_conforms_to_its_schema():
    """Each operation in turn (schemathesis's pytest plugin cannot load a schema lazily under
    pytest 9, so the operations are driven with Hypothesis directly)."""
    api = load_schema()
    learner = Learner(api.app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 15
    assert len(CHECKS) >= 14 and "negative_data_rejection" in REGISTERED_CHECKS.get_all_names()
    for operation in operations:
        _exercise(operation, learner, GenerationMode.POSITIVE, examples=25)
        _exercise(operation, learner, GenerationMode.NEGATIVE, examples=10)


@pytest.mark.django_db(transaction=True)
def test_api_keeps_its_schema_at_the_boundaries():
    """Schemathesis's coverage phase, every check: each parameter and field at its limits and just
    past them, missing required ones, wrong types, repeated query parameters, methods the schema
    does not list (405 with Allow). Deterministic: the same cases every run."""
    api = load_schema()
    learner = Learner(api.app)
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    sent = 0
    for result in api.get_all_operations():
        operation = result.ok()
        config = api.config.generation_for(operation=operation, phase="coverage")
        for case in api.iter_coverage_cases(
            operation, generation_modes=modes, generation_config=config
        ):
            learner.call(case)
            sent += 1
    assert sent > 300  # about 660 as the schema stands


def _exercise(operation: Any, learner: Learner, mode: GenerationMode, *, examples: int) -> None:
    """Positive cases fit the schema; negative ones break it (they must get a documented 4xx)."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        learner.call(case)

    try:
        run()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # nothing to break: no parameters, no body
