"""Share links: a read-only snapshot anyone with the token can read and fork, until it is revoked
or expires."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from playground.models import Design, ShareLink
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db


def share(client, design_id, **body):
    response = client.post(f"/api/designs/{design_id}/share/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_share_creates_a_read_only_link(anon, document):
    design = create_design(anon, document, name="Video pipeline")
    link = share(anon, design["id"])
    assert set(link) == {"token", "url", "expires", "revoked"}
    assert len(link["token"]) >= 32 and link["expires"] is None and link["revoked"] is False
    assert link["url"] == f"http://testserver/s/{link['token']}/"


def test_anyone_with_the_token_reads_the_snapshot(anon, other_anon, document):
    design = create_design(anon, document, name="Snapshot me")
    link = share(anon, design["id"])
    anon.patch(
        f"/api/designs/{design['id']}/",
        {"name": "edited later", "document": {"format": 1}, "version": 1},
        format="json",
    )
    body = other_anon.get(f"/api/shared/{link['token']}/").json()
    assert set(body) == {"token", "name", "document", "created", "expires"}
    assert body["name"] == "Snapshot me" and body["document"] == document


def test_snapshot_outlives_the_design(anon, other_anon, document):
    design = create_design(anon, document)
    link = share(anon, design["id"])
    assert anon.delete(f"/api/designs/{design['id']}/?version=1").status_code == 204
    assert Design.objects.filter(pk=design["id"]).count() == 0
    assert other_anon.get(f"/api/shared/{link['token']}/").status_code == 200


def test_shares_lists_the_owners_links(anon, document):
    design = create_design(anon, document)
    first, second = share(anon, design["id"]), share(anon, design["id"])
    body = anon.get(f"/api/designs/{design['id']}/shares/").json()
    assert [link["token"] for link in body] == [second["token"], first["token"]]


def test_fork_copies_into_a_design_of_my_own(anon, other_anon, document):
    design = create_design(anon, document, name="Original")
    link = share(anon, design["id"])
    response = other_anon.post(f"/api/shared/{link['token']}/fork/", {}, format="json")
    assert response.status_code == 201
    fork = response.json()
    assert fork["id"] != design["id"] and fork["version"] == 1
    # A fork is named as a copy, in the document too (the editor shows the document's name).
    assert fork["name"] == "Copy of Original"
    assert fork["document"] == {**document, "name": "Copy of Original"}
    assert other_anon.get(f"/api/designs/{fork['id']}/").status_code == 200
    assert anon.get(f"/api/designs/{fork['id']}/").status_code == 404
    named = other_anon.post(
        f"/api/shared/{link['token']}/fork/", {"name": "Mine now"}, format="json"
    )
    assert named.json()["name"] == "Mine now" and named.json()["document"]["name"] == "Mine now"
    assert Design.objects.get(pk=design["id"]).version == 1


@pytest.mark.parametrize("method", ["post", "delete"])
def test_revoke_closes_the_link(anon, other_anon, document, method):
    design = create_design(anon, document)
    link = share(anon, design["id"])
    response = getattr(anon, method)(f"/api/shared/{link['token']}/revoke/")
    assert response.status_code == 200 and response.json()["revoked"] is True
    assert other_anon.get(f"/api/shared/{link['token']}/").status_code == 404
    assert (
        other_anon.post(f"/api/shared/{link['token']}/fork/", {}, format="json").status_code == 404
    )
    assert anon.post(f"/api/shared/{link['token']}/revoke/").status_code == 200  # idempotent
    assert anon.get(f"/api/designs/{design['id']}/shares/").json()[0]["revoked"] is True


def test_expired_link_is_404(anon, other_anon, document):
    design = create_design(anon, document)
    soon = timezone.now() + dt.timedelta(hours=1)
    link = share(anon, design["id"], expires=soon.isoformat())
    assert link["expires"] is not None
    assert other_anon.get(f"/api/shared/{link['token']}/").status_code == 200
    ShareLink.objects.filter(token=link["token"]).update(
        expires=timezone.now() - dt.timedelta(seconds=1)
    )
    assert other_anon.get(f"/api/shared/{link['token']}/").status_code == 404


def test_expiry_in_the_past_is_400(anon, document):
    design = create_design(anon, document)
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    response = anon.post(f"/api/designs/{design['id']}/share/", {"expires": past}, format="json")
    assert response.status_code == 400
    assert_error_shape(response.json(), problems=True)
    assert response.json()["problems"][0]["path"] == "expires"


@pytest.mark.parametrize("token", ["nope", "x" * 32, "a.b"])
def test_unknown_token_is_404(anon, token):
    assert anon.get(f"/api/shared/{token}/").status_code == 404
    assert anon.post(f"/api/shared/{token}/fork/", {}, format="json").status_code == 404
    assert anon.post(f"/api/shared/{token}/revoke/").status_code == 404
    assert "sessionid" not in anon.cookies  # a failed fork starts no session


@pytest.mark.parametrize(
    "expires",
    [
        "2999-01-31",
        "2999-01-31T12:00:00",
        "2999-01-31 12:00:00Z",
        "tomorrow",
        1893456000,
        ["2999-01-31T12:00:00Z"],
    ],
)
def test_expires_must_be_a_date_and_time_with_a_zone(anon, document, expires):
    """What the schema's `format: date-time` (RFC 3339) says; nothing is guessed."""
    design = create_design(anon, document)
    response = anon.post(f"/api/designs/{design['id']}/share/", {"expires": expires}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {
            "path": "expires",
            "message": "must be a date and time with a zone, like 2030-01-31T12:00:00Z.",
        }
    ]
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("expires", ["2999-01-31T12:00:00Z", "2999-01-31t12:00:00.5+02:00"])
def test_an_rfc3339_expiry_is_taken(anon, document, expires):
    design = create_design(anon, document)
    assert share(anon, design["id"], expires=expires)["expires"].startswith("2999-01-31")
