"""My designs on the home page: rename (PATCH a name), duplicate (POST .../duplicate/), the list
in order of last change with each design's scenario title and outline, and forks named as
copies. Each write is the owner's only; bad input gets a 400 that says what is wrong."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from playground.design_outline import MAX_OUTLINE_NODES, copy_name, outline
from playground.models import NAME_MAX_LENGTH, Design, Scenario
from tests.api.assignment_support import SLUG
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db


def _patch(client, design, **body):
    return client.patch(f"/api/designs/{design['id']}/", body, format="json")


# -- rename -------------------------------------------------------------------------------------


def test_a_rename_changes_the_name_and_the_documents_own_name(anon, document):
    design = create_design(anon, document, name="Web tier behind an ALB")
    response = _patch(anon, design, name="Checkout, take two", version=1)
    assert response.status_code == 200, response.content
    renamed = response.json()
    assert renamed["name"] == "Checkout, take two" and renamed["version"] == 2
    # The editor shows and saves the document's name: it must agree, or the next save undoes it.
    assert renamed["document"]["name"] == "Checkout, take two"
    assert renamed["document"]["nodes"] == document["nodes"], "nothing else changes"


def test_a_rename_with_a_stale_version_is_409_and_changes_nothing(anon, document):
    design = create_design(anon, document, name="First")
    assert (
        _patch(anon, design, document={**document, "name": "Saved"}, version=1).status_code == 200
    )
    response = _patch(anon, design, name="Renamed from an old tab", version=1)
    assert response.status_code == 409 and response.json()["current_version"] == 2
    stored = Design.objects.get(pk=design["id"])
    assert stored.name == "First" and stored.document["name"] == "Saved"


def test_nobody_renames_a_design_that_is_not_theirs(anon, other_anon, alice, document):
    design = create_design(anon, document, name="Mine")
    for stranger in (other_anon, alice):
        response = _patch(stranger, design, name="Theirs now", version=1)
        assert response.status_code == 404
        assert_error_shape(response.json())
    assert Design.objects.get(pk=design["id"]).name == "Mine"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"name": "", "version": 1}, "name"),
        ({"name": "x" * (NAME_MAX_LENGTH + 1), "version": 1}, "name"),
        ({"name": 7, "version": 1}, "name"),
        ({"name": "no version"}, "version"),
    ],
)
def test_a_bad_rename_is_a_400_naming_the_field(anon, document, body, path):
    design = create_design(anon, document, name="Kept")
    response = _patch(anon, design, **body)
    assert response.status_code == 400, response.content
    assert_error_shape(response.json(), problems=True)
    assert [p["path"] for p in response.json()["problems"]] == [path]
    assert Design.objects.get(pk=design["id"]).name == "Kept"


# -- duplicate ----------------------------------------------------------------------------------


def _duplicate(client, design_id):
    return client.post(f"/api/designs/{design_id}/duplicate/", format="json")


def test_duplicate_makes_a_copy_of_mine_named_as_a_copy(anon, document, library):
    design = anon.post(
        "/api/designs/",
        {"name": "Attempt", "document": document, "scenario": SLUG},
        format="json",
    ).json()
    response = _duplicate(anon, design["id"])
    assert response.status_code == 201, response.content
    copy = response.json()
    assert copy["id"] != design["id"] and copy["version"] == 1
    assert copy["name"] == "Copy of Attempt" and copy["document"]["name"] == "Copy of Attempt"
    assert copy["document"]["nodes"] == document["nodes"]
    assert copy["scenario"] == SLUG, "a copy of an attempt stays locked to its scenario"
    again = _duplicate(anon, copy["id"]).json()
    assert again["name"] == "Copy of Copy of Attempt"
    assert Design.objects.get(pk=design["id"]).version == 1, "the original is untouched"


def test_nobody_duplicates_a_design_that_is_not_theirs(anon, other_anon, alice, document):
    design = create_design(anon, document)
    for stranger in (other_anon, alice):
        response = _duplicate(stranger, design["id"])
        assert response.status_code == 404
        assert_error_shape(response.json())
    assert Design.objects.count() == 1


@pytest.mark.parametrize("bad_id", [str(uuid.uuid4()), "not-a-uuid", "1"])
def test_duplicate_of_no_such_design_is_404(anon, document, bad_id):
    create_design(anon, document)
    response = _duplicate(anon, bad_id)
    assert response.status_code == 404
    assert_error_shape(response.json())


def test_duplicate_is_a_post_only(anon, document):
    design = create_design(anon, document)
    assert anon.get(f"/api/designs/{design['id']}/duplicate/").status_code == 405


def test_a_copy_of_a_long_name_fits(anon, document):
    design = create_design(anon, document, name="n" * NAME_MAX_LENGTH)
    copy = _duplicate(anon, design["id"]).json()
    assert len(copy["name"]) == NAME_MAX_LENGTH and copy["name"].startswith("Copy of nnn")
    assert copy_name("") == "Copy of Untitled design"


def test_duplicate_needs_the_csrf_token(document):
    browser = APIClient(enforce_csrf_checks=True)
    response = browser.post(f"/api/designs/{uuid.uuid4()}/duplicate/")
    assert response.status_code == 403
    assert_error_shape(response.json())


# -- the list -----------------------------------------------------------------------------------


def test_the_list_is_in_order_of_last_change(anon, document):
    first = create_design(anon, document, name="first")
    second = create_design(anon, document, name="second")
    assert [d["name"] for d in anon.get("/api/designs/").json()["results"]] == ["second", "first"]
    assert _patch(anon, first, name="first, renamed", version=1).status_code == 200
    names = [d["name"] for d in anon.get("/api/designs/").json()["results"]]
    assert names == ["first, renamed", "second"], "a change moves a design to the top"
    assert second["id"]


def test_the_list_gives_the_scenarios_title_and_an_outline(anon, document, library):
    attempt = anon.post(
        "/api/designs/",
        {"name": "Three-tier web app", "document": document, "scenario": SLUG},
        format="json",
    ).json()
    create_design(anon, document, name="Own")
    rows = {d["id"]: d for d in anon.get("/api/designs/").json()["results"]}
    title = Scenario.objects.get(slug=SLUG).title
    assert rows[attempt["id"]]["scenario_title"] == title
    assert [r["scenario_title"] for r in rows.values() if r["id"] != attempt["id"]] == [None]
    shape = rows[attempt["id"]]["outline"]
    assert shape["regions"] == [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}]
    assert [(n["id"], n["kind"]) for n in shape["nodes"]] == [
        ("users", "client"),
        ("lb", "alb"),
        ("web", "asg"),
    ]
    assert shape["edges"] == [{"from": "users", "to": "lb"}, {"from": "lb", "to": "web"}]
    assert shape["nodes"][1]["placement"] == {"region": "us-east-1"}


def test_the_scenario_list_gives_each_an_outline(anon, library):
    rows = anon.get("/api/scenarios/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows and all(r["outline"]["nodes"] for r in rows)
    row = next(r for r in rows if r["slug"] == SLUG)
    assert row["outline"] == outline(Scenario.objects.get(slug=SLUG).document)


def test_an_outline_of_a_half_built_draft_leaves_out_what_it_cannot_read():
    draft = {
        "format": 1,
        "regions": [{"id": "r", "azs": ["a", 3]}, {"azs": []}, "x"],
        "nodes": [
            {"kind": "ec2", "placement": {"region": "r", "az": "a"}, "ui": {"x": 1, "y": "2"}},
            {"kind": 5},
            "not a node",
            {"kind": "sqs", "placement": "r", "ui": {"x": True, "y": 1}},
        ],
    }
    assert outline(draft) == {
        "regions": [{"id": "r", "azs": ["a"]}],
        "nodes": [
            {"kind": "ec2", "placement": {"region": "r", "az": "a"}},
            {"kind": "sqs", "placement": {}},
        ],
        "edges": [],
    }
    assert outline(None) == {"regions": [], "nodes": [], "edges": []}
    many = {"nodes": [{"kind": "ec2", "placement": {}} for _ in range(MAX_OUTLINE_NODES + 5)]}
    assert len(outline(many)["nodes"]) == MAX_OUTLINE_NODES
