"""Stories about reading a design: what a learner sees when something is wrong, and what the
engine gets when everything is right."""

from __future__ import annotations

import json

import pytest
from design_samples import example, node, web_app

from simengine.catalogue import KINDS
from simengine.design import Design, DesignError
from simengine.limits import Limits
from simengine.validation import design_to_document, parse_design, validate


def problems(doc: object, limits: Limits | None = None) -> dict[str, str]:
    """path -> message of every problem (a test asserts the one it is about)."""
    found = validate(doc, limits) if limits else validate(doc)
    return {p.path: p.message for p in found}


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
    assert dict(design.edges[0].props) == {"mode": "sync", "p": 1.0, "weight": 1, "role": "primary"}


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


def test_a_regional_node_without_azs_runs_in_every_az_of_its_region():
    design = parse_design(web_app())
    assert design.node("web").placement.azs == ("us-east-1a", "us-east-1b")
    assert design.node("db").placement.azs == ("us-east-1a",)
    assert design.node("users").placement.region is None


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


def test_a_client_may_sit_in_any_aws_region():
    doc = web_app()
    node(doc, "users")["props"]["location"] = "ap-southeast-2"
    assert problems(doc) == {}


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


def test_asg_sizes_must_agree():
    doc = web_app()
    node(doc, "web")["props"].update({"min": 2, "desired": 1, "max": 6})
    assert problems(doc) == {"nodes[2].props.desired": "must be at least min (2)"}
    node(doc, "web")["props"].update({"desired": 7})
    assert problems(doc) == {"nodes[2].props.desired": "must be at most max (6)"}


def test_alb_health_check_timeout_must_be_shorter_than_the_interval():
    doc = web_app()
    node(doc, "lb")["props"].update({"health_interval_s": 5, "health_timeout_s": 5})
    assert "must be less than health_interval_s" in problems(doc)["nodes[1].props.health_timeout_s"]


def test_reading_from_replicas_needs_a_replica():
    doc = web_app()
    node(doc, "db")["props"]["read_from_replicas"] = True
    assert "needs at least one read replica" in problems(doc)["nodes[3].props.read_from_replicas"]


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


# --- placement -----------------------------------------------------------------------------------


def test_a_global_kind_is_not_placed_in_a_region():
    doc = web_app()
    node(doc, "users")["placement"] = {"region": "us-east-1"}
    assert "is global" in problems(doc)["nodes[0].placement"]


def test_a_regional_kind_needs_a_declared_region():
    doc = web_app()
    node(doc, "lb")["placement"] = {}
    assert "choose the Region" in problems(doc)["nodes[1].placement.region"]
    node(doc, "lb")["placement"] = {"region": "eu-west-1"}
    assert "is not declared in regions" in problems(doc)["nodes[1].placement.region"]


def test_a_zonal_kind_needs_an_az_of_its_region():
    doc = web_app()
    node(doc, "db")["placement"] = {"region": "us-east-1"}
    assert "is zonal" in problems(doc)["nodes[3].placement.az"]
    node(doc, "db")["placement"] = {"region": "us-east-1", "az": "us-east-1c"}
    assert "is not an AZ declared in us-east-1" in problems(doc)["nodes[3].placement.az"]


def test_a_regional_kind_may_use_some_of_the_azs():
    doc = web_app()
    node(doc, "web")["placement"] = {"region": "us-east-1", "azs": ["us-east-1b"]}
    assert parse_design(doc).node("web").placement.azs == ("us-east-1b",)
    node(doc, "web")["placement"] = {"region": "us-east-1", "azs": ["us-east-1d"]}
    assert "not an AZ declared" in problems(doc)["nodes[2].placement.azs[0]"]


def test_regions_and_azs_are_aws_ids_declared_once():
    doc = web_app()
    doc["regions"] = [
        {"id": "us-east-1", "azs": ["us-east-1a", "us-east-1a", "eu-west-1a"]},
        {"id": "us-east-1", "azs": ["us-east-1a"]},
        {"id": "moon-1", "azs": []},
    ]
    found = problems(doc)
    assert found["regions[0].azs[1]"] == "AZ us-east-1a is listed twice"
    assert "is not an AZ of us-east-1" in found["regions[0].azs[2]"]
    assert found["regions[1].id"] == "Region us-east-1 is declared twice"
    assert "must be an AWS Region id" in found["regions[2].id"]


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


def test_calls_that_go_round_in_a_circle_are_refused():
    doc = web_app()
    doc["nodes"].append(
        {"id": "api", "kind": "ec2", "placement": {"region": "us-east-1", "az": "us-east-1b"}}
    )
    doc["edges"] += [
        {"id": "e4", "from": "web", "to": "api"},
        {"id": "e5", "from": "api", "to": "lb"},
    ]
    found = problems(doc)
    circles = [m for m in found.values() if "go round in a circle" in m]
    assert circles and "lb -> web -> api -> lb" in circles[0]
    doc["edges"][-1]["props"] = {"mode": "async"}  # an ALB cannot take async calls either
    assert "go round" not in " ".join(problems(doc).values())


def test_a_queue_feeding_lambda_needs_a_long_enough_visibility_timeout():
    doc = web_app()
    doc["nodes"] += [
        {
            "id": "q",
            "kind": "sqs",
            "placement": {"region": "us-east-1"},
            "props": {"visibility_timeout_s": 30},
        },
        {
            "id": "fn",
            "kind": "lambda",
            "placement": {"region": "us-east-1"},
            "props": {"timeout_s": 60},
        },
    ]
    doc["edges"] += [
        {"id": "e4", "from": "web", "to": "q", "props": {"mode": "async"}},
        {"id": "e5", "from": "q", "to": "fn"},
    ]
    assert "AWS refuses this event source" in problems(doc)["edges[4]"]


def test_route53_failover_needs_one_primary():
    doc = web_app()
    doc["nodes"].append(
        {"id": "dns", "kind": "route53", "placement": {}, "props": {"policy": "failover"}}
    )
    doc["edges"].append({"id": "e4", "from": "dns", "to": "lb", "props": {"role": "secondary"}})
    assert "exactly one outgoing edge with role primary" in problems(doc)["nodes[4].props.policy"]


# --- faults, goals, run --------------------------------------------------------------------------


def test_fault_targets_must_exist_and_fit_the_fault():
    doc = web_app()
    doc["faults"] = [
        {"at": 60, "kind": "az_outage", "target": "us-east-1c", "duration": 120},
        {"at": 60, "kind": "region_outage", "target": "us-east-1"},
        {"at": 60, "kind": "instance_crash", "target": "lb"},
        {"at": 60, "kind": "added_latency", "target": "db"},
        {"at": 60, "kind": "meteor", "target": "db"},
        {"at": 900, "kind": "dependency_outage", "target": "dbb"},
    ]
    found = problems(doc)
    assert "needs an AZ declared in regions" in found["faults[0].target"]
    assert "faults[1].target" not in found
    assert "instance_crash cannot hit lb" in found["faults[2].target"]
    assert "needs ms" in found["faults[3].ms"]
    assert found["faults[4].kind"].startswith('unknown fault kind "meteor"')
    assert "after the run ends" in found["faults[5].at"]
    assert 'there is no node "dbb" (did you mean "db"?)' in found["faults[5].target"]


def test_goals_name_a_known_metric_op_and_scope():
    doc = web_app()
    doc["goals"] = [
        {"metric": "p99_ms", "scope": "users", "op": "<=", "value": 300},
        {"metric": "p98_ms", "op": "<=", "value": 1},
        {"metric": "p99_ms", "op": "=<", "value": 1, "scope": "userz"},
        {"metric": "rto_s", "scope": "db", "op": "<=", "value": 60},
        {"metric": "error_rate", "op": "<=", "value": 2},
    ]
    found = problems(doc)
    assert "goals[0].metric" not in found
    assert 'did you mean "p99_ms"' in found["goals[1].metric"]
    assert found["goals[2].op"].startswith("must be one of <= < >= > ==")
    assert 'there is no node "userz"' in found["goals[2].scope"]
    assert "leave scope null" in found["goals[3].scope"]
    assert found["goals[4].value"] == "must be at most 1, not 2"


def test_run_settings_stay_within_limits():
    doc = web_app()
    doc["run"] = {"duration": 100_000, "seed": 1.5, "warmup": 10, "speed": 2}
    found = problems(doc)
    assert found["run.duration"].startswith("must be at most 86,400 s")
    assert found["run.seed"].startswith("must be a whole number")
    assert found["run.speed"].startswith('unknown prop "speed"')
    doc["run"] = {"duration": 60, "warmup": 60}
    assert problems(doc) == {"run.warmup": "must be less than the run's duration (60 s)"}


def test_run_settings_default_when_left_out():
    doc = web_app()
    del doc["run"]
    run = parse_design(doc).run
    assert (run.duration, run.seed, run.warmup) == (300.0, 1, 0.0)
