"""Throttles and the log-in lockout, with the rates the product ships (settings/base.py).

A class of 30 behind ONE address (a school's NAT) going through a lesson is never refused; a
client flooding is refused with 429, Retry-After, a sentence that says what to do, and nothing
created by the refused request. (The other tests run unthrottled: settings/test.py.)
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.test import APIClient

from playground import rate_limits
from playground.live import watch_links
from playground.models import Design, ShareLink
from playground.owners import Owner
from playground.settings import base
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db

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


@pytest.fixture(autouse=True)
def shipped_rates(monkeypatch):
    monkeypatch.setattr(rate_limits, "time", FrozenClock)
    cache.clear()
    with SHIPPED:
        yield
    cache.clear()


def _window(name: str) -> int:
    """The first window's count of a shipped rate ("34/5m" -> 34)."""
    return int(base.THROTTLE_RATES[name][0].split("/")[0])


def assert_throttled(response, *, says: str) -> None:
    assert response.status_code == 429, response.content
    assert int(response["Retry-After"]) >= 1
    body = response.json()
    assert_error_shape(body)
    assert says in body["detail"]
    assert body["detail"].endswith(f"Try again in {response['Retry-After']} seconds.")


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- the class -------------------------------------------------------------------------------


def test_a_class_of_30_behind_one_address_is_never_throttled(document):
    instructor = get_user_model().objects.create_user(username="instructor", password=PASSWORD)
    teacher = APIClient()
    teacher.force_login(instructor)
    scenario = create_design(teacher, document, name="Today's scenario")
    token = teacher.post(f"/api/designs/{scenario['id']}/share/", {}, format="json").json()["token"]
    # The instructor's live run, shared: its watch link (as the socket's "share" makes it).
    watch = watch_links.watch_link_open(
        run_id=str(uuid.uuid4()), owner=Owner(user_id=instructor.pk), name="Today's run"
    )

    answers = []
    for n in range(30):
        learner = APIClient()  # each learner's own browser, all from 127.0.0.1
        answers += [
            learner.get("/"),
            learner.get(f"/s/{token}/"),
            learner.get(f"/api/shared/{token}/"),
        ]
        fork = learner.post(f"/api/shared/{token}/fork/", {}, format="json")
        answers += [fork, learner.get(f"/live/{watch}/"), learner.get(f"/s/{token}/")]  # a reload
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
        answers.append(
            learner.post(f"/api/designs/{design.json()['id']}/share/", {}, format="json")
        )
        # Sign up, getting the password confirmation wrong once.
        web = Client()
        answers.append(
            web.post(
                "/accounts/signup/",
                {"username": f"learner{n}", "password1": PASSWORD, "password2": "mistyped"},
            )
        )
        answers.append(
            web.post(
                "/accounts/signup/",
                {"username": f"learner{n}", "password1": PASSWORD, "password2": PASSWORD},
            )
        )
        # Next lesson: three mistyped passwords, then the right one.
        web = Client()
        for _ in range(3):
            answers.append(
                web.post("/accounts/login/", {"username": f"learner{n}", "password": "wrong-one"})
            )
        answers.append(
            web.post("/accounts/login/", {"username": f"learner{n}", "password": PASSWORD})
        )
        assert _logged_in(web), n

    assert [a.status_code for a in answers if a.status_code == 429] == []
    assert {a.status_code for a in answers} <= {200, 201, 302}
    assert Design.objects.count() == 1 + 30 * 2
    assert ShareLink.objects.count() == 1 + 30


# --- floods ----------------------------------------------------------------------------------


def test_a_client_minting_sessions_is_stopped(document):
    limit = _window("session.address")
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
    for _ in range(_window("session.address")):
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
    for _ in range(_window("session.address")):
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
    for _ in range(_window("session.address")):
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
    limit = _window("design_create.owner")
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
    for _ in range(_window("design_create.owner")):
        assert flooder.post(f"/api/shared/{token}/fork/", {}, format="json").status_code == 201
    assert_throttled(
        flooder.post(f"/api/shared/{token}/fork/", {}, format="json"),
        says="New designs are being made faster",
    )


def test_share_links_made_in_a_loop_are_stopped(document):
    owner = APIClient()
    design = create_design(owner, document)
    limit = _window("share_create.owner")
    for _ in range(limit):
        assert (
            owner.post(f"/api/designs/{design['id']}/share/", {}, format="json").status_code == 201
        )
    refused = owner.post(f"/api/designs/{design['id']}/share/", {}, format="json")
    assert_throttled(refused, says="reuse a link you already made")
    assert ShareLink.objects.count() == limit


def test_token_guessing_is_stopped_on_the_api_and_the_pages(document):
    limit = _window("token.address")
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


def test_sign_ups_from_one_address_are_stopped_with_a_page():
    limit = _window("signup.address")
    web = Client()
    for n in range(limit):
        assert (
            web.post(
                "/accounts/signup/",
                {"username": f"bot{n}", "password1": PASSWORD, "password2": PASSWORD},
            ).status_code
            == 302
        )
    refused = Client().post(
        "/accounts/signup/", {"username": "bot-more", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "You can keep working without an account meanwhile" in refused.content.decode()
    assert not get_user_model().objects.filter(username="bot-more").exists()
    assert Client().get("/accounts/signup/").status_code == 200  # reading the form is not counted


# --- log-in lockout --------------------------------------------------------------------------


def _user(name: str):
    return get_user_model().objects.create_user(username=name, password=PASSWORD)


def test_wrong_passwords_lock_the_account_and_the_right_one_does_not_get_in():
    _user("kim")
    web = Client()
    for _ in range(base.AXES_ACCOUNT_FAILURE_LIMIT - 1):
        assert (
            web.post("/accounts/login/", {"username": "kim", "password": "guess"}).status_code
            == 200
        )
    locked = web.post("/accounts/login/", {"username": "kim", "password": "guess"})
    assert locked.status_code == 429 and locked["Retry-After"] == str(15 * 60)
    assert "too many wrong passwords for this account" in locked.content.decode()
    right = Client().post("/accounts/login/", {"username": "kim", "password": PASSWORD})
    assert right.status_code == 429
    assert "even with the right password" in right.content.decode()
    assert not _logged_in(web)
    _user("lee")  # another learner at the same address logs in
    other = Client()
    assert (
        other.post("/accounts/login/", {"username": "lee", "password": PASSWORD}).status_code == 302
    )
    assert _logged_in(other)


def test_many_wrong_passwords_from_one_address_lock_the_address():
    _user("max")
    web = Client()
    for n in range(base.AXES_ADDRESS_FAILURE_LIMIT):  # one try at each of many accounts
        web.post("/accounts/login/", {"username": f"someone{n}", "password": "guess"})
    refused = Client().post("/accounts/login/", {"username": "max", "password": PASSWORD})
    assert refused.status_code == 429
    assert "too many wrong passwords from your network" in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR="192.0.2.9")
    assert (
        elsewhere.post("/accounts/login/", {"username": "max", "password": PASSWORD}).status_code
        == 302
    )


def test_a_successful_log_in_clears_the_accounts_count_only():
    _user("noor")
    web = Client()
    limit = base.AXES_ACCOUNT_FAILURE_LIMIT
    for _ in range(limit - 1):
        web.post("/accounts/login/", {"username": "noor", "password": "guess"})
    assert (
        web.post("/accounts/login/", {"username": "noor", "password": PASSWORD}).status_code == 302
    )
    again = Client()
    for _ in range(limit - 1):  # a fresh allowance
        assert (
            again.post("/accounts/login/", {"username": "noor", "password": "guess"}).status_code
            == 200
        )
    assert (
        again.post("/accounts/login/", {"username": "noor", "password": PASSWORD}).status_code
        == 302
    )


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
