"""Nobody reads, changes or deletes another person's design: they get 404, as if it did not exist.

The matrix: the owner (a user, or an anonymous session) may do everything; another user, another
anonymous session and a share-link holder may do nothing to the original.
"""

from __future__ import annotations

import pytest

from playground.models import Design
from tests.api.conftest import create_design

pytestmark = pytest.mark.django_db


def _attempts(client, design_id, document):
    url = f"/api/designs/{design_id}/"
    return {
        "read": client.get(url),
        "put": client.put(
            url, {"name": "hacked", "document": document, "version": 1}, format="json"
        ),
        "patch": client.patch(url, {"name": "hacked", "version": 1}, format="json"),
        "share": client.post(f"{url}share/", {}, format="json"),
        "shares": client.get(f"{url}shares/"),
        "delete": client.delete(f"{url}?version=1"),
    }


@pytest.fixture(params=["user", "anonymous"])
def owner(request, alice, anon):
    return alice if request.param == "user" else anon


@pytest.mark.parametrize("stranger_kind", ["other_user", "other_anonymous", "no_session"])
def test_strangers_get_404_for_everything(owner, stranger_kind, bob, other_anon, document, db):
    from rest_framework.test import APIClient

    design = create_design(owner, document, name="private")
    if stranger_kind == "other_anonymous":
        create_design(other_anon, document, name="their own")  # a session that owns something else
    stranger = {"other_user": bob, "other_anonymous": other_anon, "no_session": APIClient()}[
        stranger_kind
    ]
    for action, response in _attempts(stranger, design["id"], document).items():
        assert response.status_code == 404, (action, response.status_code)
        assert response.json() == {"detail": "Not found."}
    stored = Design.objects.get(pk=design["id"])
    assert stored.name == "private" and stored.version == 1
    assert stranger.get("/api/designs/").json()["count"] == (
        1 if stranger_kind == "other_anonymous" else 0
    )


def test_owner_can_do_everything(owner, document):
    design = create_design(owner, document)
    url = f"/api/designs/{design['id']}/"
    assert owner.get(url).status_code == 200
    assert owner.patch(url, {"name": "b", "version": 1}, format="json").status_code == 200
    assert (
        owner.put(url, {"name": "c", "document": document, "version": 2}, format="json").status_code
        == 200
    )
    assert owner.post(f"{url}share/", {}, format="json").status_code == 201
    assert owner.get(f"{url}shares/").status_code == 200
    assert owner.delete(f"{url}?version=3").status_code == 204


def test_share_link_holder_cannot_write_to_the_original(alice, bob, document):
    design = create_design(alice, document, name="shared")
    token = alice.post(f"/api/designs/{design['id']}/share/", {}, format="json").json()["token"]
    assert bob.get(f"/api/shared/{token}/").status_code == 200
    for action, response in _attempts(bob, design["id"], document).items():
        assert response.status_code == 404, action
    for method in ("put", "patch", "delete"):
        assert getattr(bob, method)(f"/api/shared/{token}/", {}, format="json").status_code == 405
    assert bob.post(f"/api/shared/{token}/revoke/").status_code == 404
    stored = Design.objects.get(pk=design["id"])
    assert stored.name == "shared" and stored.version == 1


def test_session_owner_loses_access_when_the_cookie_changes(anon, document):
    design = create_design(anon, document)
    anon.cookies.clear()
    assert anon.get(f"/api/designs/{design['id']}/").status_code == 404
