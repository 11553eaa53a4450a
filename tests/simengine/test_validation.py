"""Stories about reading a design: what a learner sees when something is wrong, and what the
engine gets when everything is right."""

from __future__ import annotations

import json

import pytest
from design_samples import example, node, problems, web_app

from simengine.catalogue import KINDS
from simengine.design import Design, DesignError
from simengine.limits import Limits
from simengine.validation import design_to_document, parse_design, validate

# --- a good design -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["three-tier", "video-spike"])
def test_the_shared_examples_parse_cleanly(name):
    design = parse_design(example(name))
    assert isinstance(design, Design)
    assert design.format == 1


def test_every_prop_is_filled_with_its_catalogue_default():
    design = parse_design(web_app())
    lb = design.node("lb")
    assert set(lb.props) == set(KINDS["alb"].prop_names)
    assert lb.props["health_interval_s"] == 30  # AWS ELB default
    assert lb.props["deregistration_delay_s"] == 300
    assert design.node("users").props["rate"] == 50.0
    assert design.node("users").props["pattern"] == "poisson"
    assert dict(design.edges[0].props) == {
        "mode": "sync",
        "p": 1.0,
        "carries": "all",
        "weight": 1,
        "role": "primary",
    }


def test_concurrency_defaults_to_the_instance_types_vcpus():
    doc = web_app()
    node(doc, "web")["props"]["instance_type"] = "c5.2xlarge"
    assert parse_design(doc).node("web").props["concurrency"] == 8
    node(doc, "web")["props"]["concurrency"] = 3
    assert parse_design(doc).node("web").props["concurrency"] == 3


def test_numbers_are_coerced_to_the_declared_type():
    doc = web_app()
    node(doc, "web")["props"].update({"desired": 3.0, "service_ms": 12})
    web = parse_design(doc).node("web")
    assert web.props["desired"] == 3 and type(web.props["desired"]) is int
    assert type(web.props["service_ms"]) is float


def test_a_design_survives_a_round_trip_through_a_document():
    for doc in (web_app(), example("three-tier"), example("video-spike")):
        design = parse_design(doc)
        again = design_to_document(design)
        json.dumps(again)
        assert parse_design(again) == design


def test_an_empty_canvas_is_a_valid_design():
    design = parse_design({"format": 1})
    assert design.nodes == () and design.name == "Untitled design"


# --- the document itself -------------------------------------------------------------------------


@pytest.mark.parametrize("doc", [None, 3, "design", [], True])
def test_a_design_must_be_an_object(doc):
    assert "must be a JSON object" in problems(doc)[""]


def test_the_format_version_is_checked_first():
    assert problems({"nodes": []})["format"].startswith("is missing")
    assert problems({"format": 2}) == {
        "format": "unknown format version 2: this playground reads format 1"
    }
    assert "must be the number 1" in problems({"format": "1"})["format"]


def test_unknown_top_level_keys_are_named():
    doc = web_app()
    doc["node"] = []
    assert problems(doc) == {"node": 'unknown key "node" (did you mean "nodes"?)'}


def test_every_problem_is_reported_at_once():
    doc = web_app()
    node(doc, "web")["props"]["max"] = 1
    node(doc, "users")["props"]["rate"] = -5
    doc["edges"][2]["to"] = "dbb"
    doc["run"]["seed"] = -1
    found = problems(doc)
    assert found["nodes[2].props.max"] == "must be at least min (2)"
    assert found["nodes[0].props.rate"].startswith("must be at least 0 req/s")
    assert found["edges[2].to"] == 'there is no node "dbb" (did you mean "db"?)'
    assert found["run.seed"].startswith("must be at least 0")
    with pytest.raises(DesignError) as error:
        parse_design(doc)
    assert len(error.value.problems) == len(found)


def test_a_huge_document_is_refused_before_it_is_read():
    doc = web_app()
    doc["name"] = "x" * 50
    assert "too large" in problems(doc, Limits(max_document_bytes=500))[""]


def test_a_flood_of_problems_lists_the_first_ones_and_says_there_are_more():
    doc = {"format": 1, "nodes": [{"id": f"n{i}", "kind": "robot"} for i in range(500)]}
    found = validate(doc)
    assert len(found) == 201
    assert found[1].message.startswith('unknown kind "robot"')
    assert found[-1].message.startswith("... and more problems: only the first 200 are listed")


def test_the_name_is_plain_short_text():
    doc = web_app()
    doc["name"] = "a" * 500
    assert "too long" in problems(doc)["name"]
    doc["name"] = "line\nbreak"
    assert "plain text" in problems(doc)["name"]


# --- nodes ---------------------------------------------------------------------------------------


def test_an_unknown_kind_suggests_a_close_one():
    doc = web_app()
    node(doc, "db")["kind"] = "rdss"
    assert problems(doc)["nodes[3].kind"] == 'unknown kind "rdss" (did you mean "rds"?)'


def test_an_unknown_prop_suggests_a_close_one():
    doc = web_app()
    node(doc, "lb")["props"]["health_interval"] = 10
    message = problems(doc)["nodes[1].props.health_interval"]
    assert message.startswith('unknown prop "health_interval" for alb')
    assert '"health_interval_s"' in message


@pytest.mark.parametrize(
    "prop, value, expected",
    [
        ("rate", "fast", "must be a number"),
        ("rate", True, "must be a number, not true"),
        ("rate", float("nan"), "must be a finite number"),
        ("rate", float("inf"), "must be a finite number"),
        ("rate", 10**400, "must be at most 50,000 req/s"),
        ("retries", 1.5, "must be a whole number"),
        ("retries", 11, "must be at most 10"),
        ("pattern", "bursty", "must be one of constant, poisson, step, spike, diurnal"),
        ("circuit_breaker", 1, "must be true or false"),
        ("location", "mars-1", "must be an AWS Region id"),
    ],
)
def test_a_prop_of_the_wrong_type_or_range_is_explained(prop, value, expected):
    doc = web_app()
    node(doc, "users")["props"][prop] = value
    assert expected in problems(doc)[f"nodes[0].props.{prop}"]


def test_null_means_use_the_default():
    doc = web_app()
    node(doc, "lb")["props"]["algorithm"] = None
    assert parse_design(doc).node("lb").props["algorithm"] == "round_robin"


def test_duplicate_node_ids_are_refused():
    doc = web_app()
    node(doc, "db")["id"] = "web"
    doc["edges"].pop()
    assert problems(doc)["nodes[3].id"] == 'another node already has the id "web"'


def test_an_id_must_be_short_and_simple():
    doc = web_app()
    doc["nodes"][0]["id"] = "<script>"
    assert "is not a valid id" in problems(doc)["nodes[0].id"]


def test_an_edge_cannot_reuse_a_node_id():
    doc = web_app()
    doc["edges"][0]["id"] = "db"
    assert "share one set of ids" in problems(doc)["edges[0].id"]


def test_a_label_is_plain_text_of_limited_length():
    doc = web_app()
    node(doc, "web")["label"] = "w" * 81
    assert "too long" in problems(doc)["nodes[2].label"]


def test_ui_holds_only_numbers_for_position_and_size():
    doc = web_app()
    node(doc, "web")["ui"] = {"x": 10, "y": "20", "html": "<b>x</b>"}
    found = problems(doc)
    assert "must be a number" in found["nodes[2].ui.y"]
    assert found["nodes[2].ui.html"].startswith('unknown key "html"')
    node(doc, "web")["ui"] = {"x": 10, "y": 20, "w": 100, "h": 80}
    assert dict(parse_design(doc).node("web").ui) == {"x": 10.0, "y": 20.0, "w": 100.0, "h": 80.0}


def test_a_deployment_can_set_tighter_limits():
    doc = web_app()
    node(doc, "users")["props"]["rate"] = 500
    doc["run"]["duration"] = 900
    found = problems(doc, Limits(max_client_rate=100, max_duration_s=600))
    assert found["nodes[0].props.rate"] == "must be at most 100 req/s, not 500"
    assert found["run.duration"] == "must be at most 600 s, not 900"


def test_too_many_nodes_is_a_problem_not_a_crash():
    doc = web_app()
    limits = Limits(max_nodes=3)
    assert problems(doc, limits)["nodes"] == "has too many nodes: 4 (the limit is 3)"


# --- edges ---------------------------------------------------------------------------------------


def test_a_client_cannot_be_the_target_of_an_edge():
    doc = web_app()
    doc["edges"].append({"id": "e4", "from": "web", "to": "users"})
    assert problems(doc)["edges[3].to"].startswith("a client cannot be the target of an edge")


def test_an_edge_a_kind_cannot_have_says_what_it_can_do():
    doc = web_app()
    doc["nodes"].append({"id": "q", "kind": "sqs", "placement": {"region": "us-east-1"}})
    doc["edges"].append({"id": "e4", "from": "q", "to": "db"})
    assert problems(doc)["edges[3]"].startswith(
        "sqs cannot send to rds (q -> db); sqs can send to: asg, ec2, lambda"
    )


def test_dangling_edges_and_self_loops():
    doc = web_app()
    doc["edges"].append({"id": "e4", "from": "ghost", "to": "db"})
    doc["edges"].append({"id": "e5", "from": "web", "to": "web"})
    found = problems(doc)
    assert found["edges[3].from"] == 'there is no node "ghost"'
    assert found["edges[4]"] == "an edge cannot go from web to itself"


def test_duplicate_edges_are_refused():
    doc = web_app()
    doc["edges"].append({"id": "e1", "from": "web", "to": "db"})
    found = problems(doc)
    assert found["edges[3].id"].startswith('an edge already has the id "e1"')
    doc["edges"][3]["id"] = "e9"
    assert problems(doc)["edges[3]"] == "there is already an edge from web to db (e3)"


def test_an_async_call_needs_a_kind_that_takes_messages():
    doc = web_app()
    doc["edges"][2]["props"] = {"mode": "async"}
    assert "rds cannot take asynchronous calls" in problems(doc)["edges[2].props.mode"]


def test_edge_props_are_checked():
    doc = web_app()
    doc["edges"][2]["props"] = {"p": 1.5, "mode": "sometimes", "prob": 1}
    found = problems(doc)
    assert found["edges[2].props.p"] == "must be at most 1, not 1.5"
    assert "must be one of sync, async" in found["edges[2].props.mode"]
    assert found["edges[2].props.prob"].startswith('unknown prop "prob" for an edge')
