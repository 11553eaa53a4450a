"""Throttles and the log-in lockout, with the rates the product ships (settings/base.py).

A class of 30 behind ONE address (a school's NAT) going through a lesson is never refused; a
client flooding is refused with 429, Retry-After, a sentence that says what to do, and nothing
created by the refused request. (The other tests run unthrottled: settings/test.py; sign-ups and
the log-in lockout are in test_login_lockout.py.)
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from rest_framework.test import APIClient

from playground.live import watch_links
from playground.models import Design, ShareLink
from playground.owners import Owner
from tests.api.conftest import (
    PASSWORD,
    assert_throttled,
    create_design,
    logged_in,
    shipped_window,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_rates")]

# --- the class -------------------------------------------------------------------------------


def test_a_class_of_30_behind_one_address_is_never_throttled(document):
    instructor = get_user_model().objects.create_user(username="instructor", password=PASSWORD)
    teacher = APIClient()
    teacher.force_login(instructor)
    scenario = create_design(teacher, document, name="Today's scenario")
    token = teacher.post(f"/api/designs/{scenario['id']}/share/", {}, format="json").json()["token"]
    # The instructor's live run, shared: its watch link (as the socket's "share" makes it).
    watch = watch_links.watch_link_open(
        run_id=str(uuid.uuid4()),
        owner=Owner(user_id=instructor.pk),
        name="Today's run",
        document=document,
    )

    answers = []
    for n in range(30):
        answers += _a_lesson(n, token=token, watch=watch, document=document)
        answers += _an_account(n)

    assert [a.status_code for a in answers if a.status_code == 429] == []
    assert {a.status_code for a in answers} <= {200, 201, 302}
    assert Design.objects.count() == 1 + 30 * 3
    assert ShareLink.objects.count() == 1 + 30


def _a_lesson(n: int, *, token: str, watch: dict, document) -> list:
    """One learner's lesson in their own browser (all from 127.0.0.1): open the shared scenario,
    fork it, watch the instructor's run (typing its short code: the page and what it reads) and
    fork that, save their own design (autosaving), share it."""
    learner = APIClient()
    answers = [learner.get("/"), learner.get(f"/s/{token}/"), learner.get(f"/api/shared/{token}/")]
    fork = learner.post(f"/api/shared/{token}/fork/", {}, format="json")
    answers += [fork, learner.get(f"/w/{watch['code']}/"), learner.get(f"/live/{watch['token']}/")]
    answers.append(learner.get(f"/api/live/{watch['token']}/"))
    answers.append(learner.post(f"/api/live/{watch['token']}/fork/", {}, format="json"))
    answers.append(learner.get(f"/s/{token}/"))  # a reload
    design = learner.post(
        "/api/designs/", {"name": f"mine {n}", "document": document}, format="json"
    )
    answers.append(design)
    version = design.json()["version"]
    for _ in range(5):  # autosave every 2 s
        saved = learner.patch(
            f"/api/designs/{design.json()['id']}/",
            {"name": f"mine {n}", "version": version},
            format="json",
        )
        answers.append(saved)
        version = saved.json()["version"]
    answers.append(learner.post(f"/api/designs/{design.json()['id']}/share/", {}, format="json"))
    return answers


def _an_account(n: int) -> list:
    """Sign up (getting the password confirmation wrong once); next lesson, three mistyped
    passwords, then the right one."""
    web = Client()
    answers = [
        web.post(
            "/accounts/signup/",
            {"username": f"learner{n}", "password1": PASSWORD, "password2": second},
        )
        for second in ("mistyped", PASSWORD)
    ]
    web = Client()
    for password in ("wrong-one", "wrong-one", "wrong-one", PASSWORD):
        answers.append(
            web.post("/accounts/login/", {"username": f"learner{n}", "password": password})
        )
    assert logged_in(web), n
    return answers


# --- floods ----------------------------------------------------------------------------------


def test_a_client_minting_sessions_is_stopped(document):
    limit = shipped_window("session.address")
    made = [
        APIClient().post("/api/designs/", {"name": "flood", "document": document}, format="json")
        for _ in range(limit)
    ]
    assert {r.status_code for r in made} == {201}
    refused = APIClient().post(
        "/api/designs/", {"name": "flood", "document": document}, format="json"
    )
    assert_throttled(refused, says="Keep working in the browser window you already have open")
    assert "sessionid" not in refused.cookies
    assert (
        Design.objects.count() == limit and Session.objects.count() == limit
    )  # the refusal made nothing


def test_a_browser_that_keeps_its_session_is_not_stopped_by_another_clients_session_flood(document):
    learner = APIClient()
    create_design(learner, document)
    for _ in range(shipped_window("session.address")):
        APIClient().post("/api/designs/", {"name": "flood", "document": document}, format="json")
    assert (
        APIClient()
        .post("/api/designs/", {"name": "x", "document": document}, format="json")
        .status_code
        == 429
    )
    assert (
        learner.post(
            "/api/designs/", {"name": "still mine", "document": document}, format="json"
        ).status_code
        == 201
    )


def test_another_address_is_counted_apart(document):
    for _ in range(shipped_window("session.address")):
        APIClient().post("/api/designs/", {"name": "flood", "document": document}, format="json")
    elsewhere = APIClient(REMOTE_ADDR="192.0.2.7")
    assert (
        elsewhere.post(
            "/api/designs/", {"name": "x", "document": document}, format="json"
        ).status_code
        == 201
    )


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_forwarded_address_is_counted_apart(document):
    for _ in range(shipped_window("session.address")):
        APIClient(HTTP_X_FORWARDED_FOR="198.51.100.1").post(
            "/api/designs/", {"name": "f", "document": document}, format="json"
        )
    same = APIClient(HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = APIClient(HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert (
        same.post("/api/designs/", {"name": "x", "document": document}, format="json").status_code
        == 429
    )
    assert (
        other.post("/api/designs/", {"name": "x", "document": document}, format="json").status_code
        == 201
    )


def test_one_session_creating_designs_in_a_loop_is_stopped(document):
    flooder, neighbour = APIClient(), APIClient()
    create_design(
        flooder, document
    )  # starts the session (counted for the address, as a new session)
    limit = shipped_window("design_create.owner")
    for _ in range(limit):
        create_design(flooder, document)
    refused = flooder.post(
        "/api/designs/", {"name": "one more", "document": document}, format="json"
    )
    assert_throttled(refused, says="New designs are being made faster than a person can")
    assert Design.objects.count() == 1 + limit
    create_design(neighbour, document)  # the learner at the next desk is not affected


def test_forks_count_as_new_designs(document):
    flooder = APIClient()
    design = create_design(flooder, document)
    token = flooder.post(f"/api/designs/{design['id']}/share/", {}, format="json").json()["token"]
    for _ in range(shipped_window("design_create.owner")):
        assert flooder.post(f"/api/shared/{token}/fork/", {}, format="json").status_code == 201
    assert_throttled(
        flooder.post(f"/api/shared/{token}/fork/", {}, format="json"),
        says="New designs are being made faster",
    )


def test_share_links_made_in_a_loop_are_stopped(document):
    owner = APIClient()
    design = create_design(owner, document)
    limit = shipped_window("share_create.owner")
    for _ in range(limit):
        assert (
            owner.post(f"/api/designs/{design['id']}/share/", {}, format="json").status_code == 201
        )
    refused = owner.post(f"/api/designs/{design['id']}/share/", {}, format="json")
    assert_throttled(refused, says="reuse a link you already made")
    assert ShareLink.objects.count() == limit


def test_token_guessing_is_stopped_on_the_api_and_the_pages(document):
    limit = shipped_window("token.address")
    guesser = APIClient()
    for n in range(limit):
        assert guesser.get(f"/api/shared/guess{n}/").status_code == 404
    assert_throttled(
        guesser.get("/api/shared/guess-more/"), says="check that the link is the one you were given"
    )
    for page in ("/s/guess/", "/live/guess/"):
        response = Client().get(page)
        assert response.status_code == 429 and int(response["Retry-After"]) >= 1
        html = response.content.decode()
        assert "check that the link is the one you were given" in html
        assert f"Try again in {response['Retry-After']} seconds." in html


# --- the contract ----------------------------------------------------------------------------


def test_openapi_lists_429_where_a_throttle_can_refuse():
    schema = Client().get("/api/schema/?format=json").json()
    operations = {
        op["operationId"]: op for path in schema["paths"].values() for op in path.values()
    }
    for operation_id in ("designs_create", "designs_share", "shared_retrieve", "shared_fork"):
        response = operations[operation_id]["responses"]["429"]
        assert "Retry-After" in response["headers"], operation_id
        assert response["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOutput")
    for operation_id in (
        "designs_list",
        "designs_retrieve",
        "designs_partial_update",
        "components",
    ):
        assert "429" not in operations[operation_id]["responses"], operation_id
