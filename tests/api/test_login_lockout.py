"""Sign-ups and the log-in lockout, with the limits the product ships (settings/base.py): one
address cannot make accounts in a loop, and wrong passwords lock the account (and, many of them,
the address) while the right learner elsewhere still gets in."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from playground.settings import base
from tests.api.conftest import PASSWORD, logged_in, shipped_window

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_rates")]


def test_sign_ups_from_one_address_are_stopped_with_a_page():
    limit = shipped_window("signup.address")
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
    assert not logged_in(web)
    _user("lee")  # another learner at the same address logs in
    other = Client()
    assert (
        other.post("/accounts/login/", {"username": "lee", "password": PASSWORD}).status_code == 302
    )
    assert logged_in(other)


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
