"""DELETE takes the version it last read (`?version=N`): a stale tab cannot delete newer work.

Missing or malformed: 400 saying what to send. Stale: 409 with `current_version`, nothing
deleted. Not yours: 404. The check and the delete are one statement.
"""

from __future__ import annotations

import pytest

from playground import services
from playground.models import Design, Run, ShareLink
from playground.owners import Owner
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db


def url(design: dict, query: str = "") -> str:
    return f"/api/designs/{design['id']}/{query}"


def test_delete_with_the_current_version_deletes(anon, document):
    design = create_design(anon, document)
    assert anon.delete(url(design, "?version=1")).status_code == 204
    assert anon.get(url(design)).status_code == 404
    assert not Design.objects.filter(pk=design["id"]).exists()


def test_delete_without_a_version_is_400_saying_what_to_send(anon, document):
    design = create_design(anon, document)
    response = anon.delete(url(design))
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body, problems=True)
    assert body["problems"][0]["path"] == "version"
    assert "?version=" in body["problems"][0]["message"] and "?version=" in body["detail"]
    assert Design.objects.filter(pk=design["id"]).exists()


@pytest.mark.parametrize(
    "query",
    [
        "?version=",
        "?version=abc",
        "?version=1.5",
        "?version=0",
        "?version=-1",
        "?version=2147483648",
        "?version=1&version=1",
        "?version=%201",
        "?version=" + "9" * 5000,
    ],
)
def test_malformed_version_is_400_and_deletes_nothing(anon, document, query):
    design = create_design(anon, document)
    response = anon.delete(url(design, query))
    assert response.status_code == 400, response.content
    assert_error_shape(response.json(), problems=True)
    assert [p["path"] for p in response.json()["problems"]] == ["version"]
    assert Design.objects.filter(pk=design["id"]).exists()


def test_a_stale_tab_gets_409_and_the_newer_work_survives(anon, document):
    design = create_design(anon, document)
    newer = dict(document, name="newer work")
    saved = anon.put(url(design), {"name": "newer", "document": newer, "version": 1}, format="json")
    assert saved.status_code == 200
    response = anon.delete(url(design, "?version=1"))  # the tab still holds version 1
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2 and "nothing was deleted" in body["detail"]
    assert set(body) == {"detail", "current_version"}
    stored = Design.objects.get(pk=design["id"])
    assert stored.version == 2 and stored.document == newer
    assert anon.delete(url(design, "?version=2")).status_code == 204  # re-read, then delete


def test_a_version_from_the_future_is_409_too(anon, document):
    design = create_design(anon, document)
    response = anon.delete(url(design, "?version=7"))
    assert response.status_code == 409 and response.json()["current_version"] == 1
    assert Design.objects.filter(pk=design["id"]).exists()


def test_someone_elses_design_is_404_whatever_the_version(anon, other_anon, alice, document):
    design = create_design(anon, document)
    create_design(other_anon, document)
    for stranger in (other_anon, alice):
        for version in (1, 2):
            response = stranger.delete(url(design, f"?version={version}"))
            assert response.status_code == 404
            assert response.json() == {"detail": "Not found."}
    assert Design.objects.get(pk=design["id"]).version == 1


def test_share_links_and_runs_keep_their_snapshots(anon, other_anon, document):
    design = create_design(anon, document)
    link = anon.post(url(design, "share/"), {}, format="json").json()
    owner = Owner(session_key=anon.cookies["sessionid"].value)
    run = services.run_create(
        owner=owner, document=document, seed=1, design=Design.objects.get(pk=design["id"])
    )
    assert anon.delete(url(design, "?version=1")).status_code == 204
    assert ShareLink.objects.get(token=link["token"]).design is None
    assert Run.objects.get(pk=run.pk).design is None
    shared = other_anon.get(f"/api/shared/{link['token']}/")
    assert shared.status_code == 200 and shared.json()["document"] == document
