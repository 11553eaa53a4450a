"""Designs: a learner saves, reads, updates (with optimistic concurrency), lists and deletes."""

from __future__ import annotations

import uuid

import pytest

from playground.models import Design
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db

DESIGN_KEYS = {"id", "name", "scenario", "document", "version", "created", "updated", "assignment"}


def test_create_then_read_back(anon, document):
    created = create_design(anon, document, name="Three tiers")
    assert set(created) == DESIGN_KEYS
    assert created["version"] == 1 and created["name"] == "Three tiers"
    assert created["document"] == document
    read = anon.get(f"/api/designs/{created['id']}/").json()
    assert read == created


def test_list_shows_only_my_designs_without_documents(anon, other_anon, document):
    mine = create_design(anon, document, name="mine")
    create_design(other_anon, document, name="theirs")
    body = anon.get("/api/designs/").json()
    assert body["count"] == 1
    assert [d["id"] for d in body["results"]] == [mine["id"]]
    assert set(body["results"][0]) == {
        "id",
        "name",
        "scenario",
        "scenario_title",
        "outline",
        "version",
        "created",
        "updated",
    }


def test_list_is_paginated(anon, document):
    for i in range(3):
        create_design(anon, document, name=f"d{i}")
    body = anon.get("/api/designs/?limit=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert anon.get("/api/designs/?offset=100000000000000000000000000000").json()["results"] == []


def test_list_without_a_session_is_empty_and_starts_no_session(anon):
    response = anon.get("/api/designs/")
    assert response.json()["count"] == 0
    assert "sessionid" not in response.cookies


def test_first_save_starts_a_persistent_session(anon, document):
    response = anon.post("/api/designs/", {"name": "x", "document": document}, format="json")
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 60 * 60 * 24 * 90  # survives a browser restart


def test_put_increments_version(anon, document):
    design = create_design(anon, document)
    document["name"] = "renamed inside"
    response = anon.put(
        f"/api/designs/{design['id']}/",
        {"name": "new name", "document": document, "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (
        body["version"] == 2
        and body["name"] == "new name"
        and body["document"]["name"] == "renamed inside"
    )
    assert body["updated"] >= design["updated"]


def test_patch_changes_only_what_is_sent(anon, document):
    design = create_design(anon, document, name="before")
    response = anon.patch(
        f"/api/designs/{design['id']}/", {"name": "after", "version": 1}, format="json"
    )
    assert response.status_code == 200
    # A name alone renames the document too (the editor shows and saves the document's name).
    assert response.json()["name"] == "after"
    assert response.json()["document"] == {**document, "name": "after"}
    assert response.json()["version"] == 2


def test_stale_version_is_409_and_changes_nothing(anon, document):
    design = create_design(anon, document, name="original")
    first = anon.patch(
        f"/api/designs/{design['id']}/", {"name": "tab one", "version": 1}, format="json"
    )
    assert first.status_code == 200
    changed = dict(document, nodes=[])
    stale = anon.put(
        f"/api/designs/{design['id']}/",
        {"name": "tab two", "document": changed, "version": 1},
        format="json",
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert stale.json()["detail"] == (
        "Someone saved this design after you read it (it is now at version 2): "
        "nothing changed. Re-read it and save again."
    )
    stored = Design.objects.get(pk=design["id"])
    assert (
        stored.name == "tab one"
        and stored.document == {**document, "name": "tab one"}
        and stored.version == 2
    )


def test_missing_version_on_update_is_400(anon, document):
    design = create_design(anon, document)
    for method in (anon.put, anon.patch):
        response = method(
            f"/api/designs/{design['id']}/", {"name": "x", "document": document}, format="json"
        )
        assert response.status_code == 400
        assert_error_shape(response.json(), problems=True)
        assert [p["path"] for p in response.json()["problems"]] == ["version"]
    assert Design.objects.get(pk=design["id"]).version == 1


def test_delete(anon, document):
    design = create_design(anon, document)
    assert anon.delete(f"/api/designs/{design['id']}/?version=1").status_code == 204
    assert anon.get(f"/api/designs/{design['id']}/").status_code == 404
    assert not Design.objects.filter(pk=design["id"]).exists()


def test_signed_in_user_owns_by_account(alice, document):
    design = create_design(alice, document)
    stored = Design.objects.get(pk=design["id"])
    assert stored.owner == alice.user and stored.owner_session == ""


@pytest.mark.parametrize(
    "bad_id", ["not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g", str(uuid.uuid4())]
)
def test_unknown_or_malformed_id_is_json_404(anon, document, bad_id):
    create_design(anon, document)
    response = anon.get(f"/api/designs/{bad_id}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert_error_shape(response.json())
