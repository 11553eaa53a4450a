"""Learners need no account; signing up or logging in keeps what they made anonymously."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from playground.models import Design, ShareLink
from tests.api.conftest import create_design

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-1"


def test_signup_keeps_the_anonymous_designs(anon, document):
    design = create_design(anon, document, name="made before signing up")
    link = anon.post(f"/api/designs/{design['id']}/share/", {}, format="json").json()
    old_key = anon.cookies["sessionid"].value
    response = anon.post(
        "/accounts/signup/", {"username": "carol", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert anon.cookies["sessionid"].value != old_key  # Django cycled the session key on login
    carol = get_user_model().objects.get(username="carol")
    stored = Design.objects.get(pk=design["id"])
    assert stored.owner == carol and stored.owner_session == ""
    assert ShareLink.objects.get(token=link["token"]).creator == carol
    assert anon.get(f"/api/designs/{design['id']}/").status_code == 200
    assert anon.post(f"/api/shared/{link['token']}/revoke/").status_code == 200


def test_login_keeps_the_anonymous_designs(anon, document):
    user = get_user_model().objects.create_user(username="dave", password=PASSWORD)
    earlier = create_design(anon, document, name="from another visit")
    Design.objects.filter(pk=earlier["id"]).update(owner=user, owner_session="")
    design = create_design(anon, document, name="anonymous work")
    response = anon.post("/accounts/login/", {"username": "dave", "password": PASSWORD})
    assert response.status_code == 302
    assert Design.objects.get(pk=design["id"]).owner == user
    names = {d["name"] for d in anon.get("/api/designs/").json()["results"]}
    assert names == {"anonymous work", "from another visit"}


def test_logout_then_anonymous_again_owns_nothing(anon, document):
    get_user_model().objects.create_user(username="erin", password=PASSWORD)
    anon.post("/accounts/login/", {"username": "erin", "password": PASSWORD})
    create_design(anon, document)
    anon.post("/accounts/logout/")
    assert anon.get("/api/designs/").json()["count"] == 0


def test_other_sessions_designs_are_not_adopted(anon, other_anon, document):
    theirs = create_design(other_anon, document)
    create_design(anon, document)
    anon.post(
        "/accounts/signup/", {"username": "frank", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert Design.objects.get(pk=theirs["id"]).owner is None


def test_signup_and_login_pages_render():
    client = Client()
    for url in ("/accounts/signup/", "/accounts/login/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="en">' in html and "<label" in html and "csrfmiddlewaretoken" in html


def test_signup_errors_are_shown():
    response = Client().post(
        "/accounts/signup/", {"username": "g", "password1": "x", "password2": "y"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_signup_next_must_be_local():
    response = Client().post(
        "/accounts/signup/?next=https://evil.example/",
        {"username": "h", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response["Location"] == "/"
