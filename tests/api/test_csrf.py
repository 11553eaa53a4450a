"""CSRF: every unsafe API call needs the token, signed in or anonymous (the session cookie is the
anonymous learner's credential, so a cross-site form must not be able to use it)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from playground.models import Design

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict() -> APIClient:
    return APIClient(enforce_csrf_checks=True)


def test_anonymous_write_without_token_is_403(strict, document):
    response = strict.post("/api/designs/", {"name": "x", "document": document}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Design.objects.exists()


def test_anonymous_write_with_token_from_api_csrf(strict, document):
    token = strict.get("/api/csrf/").json()["csrfToken"]
    assert strict.cookies["csrftoken"].value
    response = strict.post(
        "/api/designs/", {"name": "x", "document": document}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_anonymous_update_and_delete_need_the_token(strict, document):
    token = strict.get("/api/csrf/").json()["csrfToken"]
    design = strict.post(
        "/api/designs/", {"name": "x", "document": document}, format="json", HTTP_X_CSRFTOKEN=token
    ).json()
    url = f"/api/designs/{design['id']}/"
    assert strict.patch(url, {"name": "y", "version": 1}, format="json").status_code == 403
    assert strict.delete(f"{url}?version=2").status_code == 403
    assert (
        strict.patch(
            url, {"name": "y", "version": 1}, format="json", HTTP_X_CSRFTOKEN=token
        ).status_code
        == 200
    )
    assert strict.delete(f"{url}?version=2", HTTP_X_CSRFTOKEN=token).status_code == 204


def test_signed_in_write_without_token_is_403(strict, document):
    user = get_user_model().objects.create_user(username="ivy", password="a-long-passphrase-1")
    strict.force_login(user)
    response = strict.post("/api/designs/", {"name": "x", "document": document}, format="json")
    assert response.status_code == 403


def test_reads_need_no_token(strict):
    assert strict.get("/api/designs/").status_code == 200
    assert strict.get("/api/components/").status_code == 200
