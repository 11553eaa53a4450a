"""What a failed request gets: under /api/ always JSON in the one error shape, whatever DEBUG
says; elsewhere the product's own pages (no script, user text escaped), never Django's."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient

from playground import error_views, selectors
from tests.api.conftest import assert_error_shape

pytestmark = pytest.mark.django_db

DEBUG_BOTH = pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])


def _no_inline_script(html: str) -> None:
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or "nonce=" in tag, tag


@DEBUG_BOTH
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_an_unknown_api_path_is_a_json_404_for_every_method(method, debug):
    with override_settings(DEBUG=debug):
        response = getattr(APIClient(enforce_csrf_checks=True), method)("/api/no/such/thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "No such API path: /api/no/such/thing/. The paths are listed at /api/docs/."
    }


@DEBUG_BOTH
def test_an_api_path_without_its_slash_says_so(debug):
    with override_settings(DEBUG=debug):
        response = APIClient().post("/api/designs", {"name": "x"}, format="json")
    assert response.status_code == 404
    assert "The API's paths end with a slash." in response.json()["detail"]


@DEBUG_BOTH
def test_a_wrong_method_is_a_json_405(debug):
    with override_settings(DEBUG=debug):
        response = APIClient().delete("/api/components/")
    assert response.status_code == 405
    assert_error_shape(response.json())


@DEBUG_BOTH
def test_an_unhandled_error_in_an_api_view_is_a_json_500(monkeypatch, debug, caplog):
    def broken():
        raise RuntimeError("the catalogue is gone")

    monkeypatch.setattr(selectors, "catalogue", broken)
    with override_settings(DEBUG=debug):
        response = Client(raise_request_exception=False).get("/api/components/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body == {"detail": error_views.TEXT[500]}
    assert "the catalogue is gone" not in response.content.decode()  # no traceback to the client
    assert "the catalogue is gone" in caplog.text  # but in the log, with its traceback


@DEBUG_BOTH
def test_a_csrf_failure_under_the_api_is_json_in_the_error_shape(alice, debug, document):
    strict = APIClient(enforce_csrf_checks=True)
    strict.force_login(alice.user)
    with override_settings(DEBUG=debug):
        response = strict.post("/api/designs/", {"name": "x", "document": document}, format="json")
    assert response.status_code == 403
    assert_error_shape(response.json())
    assert "X-CSRFToken" in response.json()["detail"] or "CSRF" in response.json()["detail"]


def test_the_csrf_failure_view_answers_json_under_the_api_and_a_page_elsewhere():
    factory = RequestFactory()
    api = error_views.csrf_failure(factory.post("/api/anything/"), reason="CSRF cookie not set.")
    assert api.status_code == 403 and api["Content-Type"] == "application/json"
    assert "X-CSRFToken" in api.content.decode()
    client = Client(enforce_csrf_checks=True)
    page = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert page.status_code == 403
    html = page.content.decode()
    assert 'data-testid="error-page"' in html
    assert "reload the page and send it again" in html
    assert "CSRF verification failed" not in html  # not Django's page


def test_an_unknown_page_is_the_products_404_page():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-page"' in html and "There is no page here" in html
    assert 'class="topbar"' in html  # the site's look
    _no_inline_script(html)


def test_the_404_page_escapes_what_the_request_sent():
    response = Client().get("/<script>alert(1)</script>/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_page_that_fails_is_the_products_500_page(monkeypatch):
    from playground import pages

    def broken(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(pages, "_page", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and 'data-testid="error-page"' in html
    assert "template exploded" not in html and "Traceback" not in html
    _no_inline_script(html)


def test_a_bad_host_is_a_json_400_under_the_api_and_a_page_elsewhere():
    api = Client().get("/api/components/", HTTP_HOST="evil.example")
    assert api.status_code == 400 and api["Content-Type"] == "application/json"
    assert_error_shape(api.json())
    page = Client().get("/", HTTP_HOST="evil.example")
    assert page.status_code == 400
    assert "The request could not be read" in page.content.decode()
