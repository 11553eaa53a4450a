"""Validate answers any document; saving follows the draft rule (half-built: fine; unreadable:
400)."""

from __future__ import annotations

import pytest

from playground.models import Design
from simengine.limits import DEFAULT_LIMITS
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db


def validate(client, document):
    response = client.post("/api/designs/validate/", {"document": document}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_valid_document(anon, document):
    assert validate(anon, document) == {"valid": True, "problems": []}


def test_problems_are_listed_with_paths_not_raised(anon, document):
    document["nodes"].append({"id": "lb", "kind": "teleporter", "placement": {}, "props": {}})
    document["edges"].append({"id": "e9", "from": "web", "to": "nowhere", "props": {}})
    document["nodes"][2]["props"]["colour"] = "blue"
    body = validate(anon, document)
    assert body["valid"] is False
    paths = " ".join(p["path"] for p in body["problems"])
    assert "nodes[3]" in paths  # the duplicate id and the unknown kind
    assert "edges[2]" in paths  # the dangling edge
    assert "nodes[2].props" in paths  # the unknown prop
    assert all(p["message"] for p in body["problems"])


@pytest.mark.parametrize("document", [None, [], "text", 3, {"format": 2}, {"nodes": []}])
def test_unreadable_documents_are_still_a_200_answer(anon, document):
    body = validate(anon, document)
    assert body["valid"] is False and body["problems"]


def test_validate_without_document_is_400(anon):
    response = anon.post("/api/designs/validate/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "document"


def test_half_built_draft_is_saved(anon, document):
    document["edges"].append({"id": "e9", "from": "web", "to": "nowhere"})
    document["nodes"].append({"id": "new", "kind": "sqs"})
    design = create_design(anon, document)
    assert design["document"] == document
    assert validate(anon, design["document"])["valid"] is False


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ([], "document"),
        ("a design", "document"),
        ({"nodes": []}, "document.format"),
        ({"format": 2, "nodes": []}, "document.format"),
        ({"format": "1"}, "document.format"),
        ({"format": 1, "nodes": {"a": 1}}, "document.nodes"),
        ({"format": 1, "nodes": ["web"]}, "document.nodes[0]"),
        ({"format": 1, "run": []}, "document.run"),
        ({"format": 1, "name": 7}, "document.name"),
        ({"format": 1, "nodes": [{}] * (DEFAULT_LIMITS.max_nodes + 1)}, "document.nodes"),
    ],
)
def test_unreadable_documents_are_refused(anon, document, path):
    response = anon.post("/api/designs/", {"name": "x", "document": document}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body, problems=True)
    assert path in [p["path"] for p in body["problems"]]
    assert not Design.objects.exists()


def test_unreadable_update_is_refused_and_changes_nothing(anon, document):
    design = create_design(anon, document)
    response = anon.patch(
        f"/api/designs/{design['id']}/", {"document": {"format": 9}, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "document.format"
    stored = Design.objects.get(pk=design["id"])
    assert stored.document == document and stored.version == 1


def test_components_is_the_catalogue(anon):
    body = anon.get("/api/components/").json()
    assert body["format"] == 1
    kinds = {k["kind"] for k in body["kinds"]}
    assert {"client", "alb", "asg", "ec2", "sqs", "rds"} <= kinds
    assert {"edge_props", "fault_kinds", "goal_metrics", "limits"} <= set(body)


def test_refused_draft_lists_every_input_problem_and_starts_no_session(anon):
    response = anon.post(
        "/api/designs/", {"name": "", "document": {"format": 3, "nodes": "x"}}, format="json"
    )
    assert response.status_code == 400
    paths = sorted(p["path"] for p in response.json()["problems"])
    assert paths == ["document.format", "document.nodes", "name"]
    assert "sessionid" not in response.cookies
