"""The share page (/s/<token>/) for a link that opens, and for one that does not: the product's
404 page saying so, not an editor stuck on "Loading…"; and the favicon every page names."""

from __future__ import annotations

import pytest
from django.test import Client

from playground.models import ShareLink
from tests.api.conftest import create_design

pytestmark = pytest.mark.django_db


def _link(anon, document) -> str:
    design = create_design(anon, document)
    response = anon.post(f"/api/designs/{design['id']}/share/", {}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["token"]


def test_a_link_that_opens_is_the_read_only_editor(anon, document):
    token = _link(anon, document)
    response = Client().get(f"/s/{token}/")
    assert response.status_code == 200
    assert 'data-mode="shared"' in response.content.decode()


@pytest.mark.parametrize("token", ["no-such-token", "x" * 43])
def test_an_unknown_link_is_the_404_page_saying_the_link_does_not_open(token):
    response = Client().get(f"/s/{token}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-page"' in html and "This share link does not open" in html
    assert "does not exist, has expired or was revoked" in html
    assert 'data-mode="shared"' not in html and "Loading" not in html


def test_a_revoked_link_is_the_same_404_page(anon, document):
    token = _link(anon, document)
    ShareLink.objects.filter(token=token).update(revoked=True)
    response = Client().get(f"/s/{token}/")
    assert response.status_code == 404
    assert "This share link does not open" in response.content.decode()


def test_every_page_names_the_favicon_and_favicon_ico_leads_to_it():
    for path in ["/", "/no-such-page/", "/accounts/login/"]:
        html = Client().get(path).content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html, path
    response = Client().get("/favicon.ico")
    assert response.status_code == 302 and response.headers["Location"] == "/static/favicon.svg"
