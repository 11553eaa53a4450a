"""The catalogue is the one place the palette, the inspector, validation and the engine learn
what each kind is: these stories check it is complete and self-consistent."""

from __future__ import annotations

import json

import pytest

from simengine import pricing
from simengine.catalogue import (
    EDGE_PROPS,
    FAULT_KINDS,
    GOAL_METRICS,
    KINDS,
    PROP_TYPES,
    RUN_PROPS,
    SCOPES,
    catalogue_json,
)
from simengine.props import coerce
from simengine.regions import AWS_REGIONS

# DESIGN.md: the kinds the product promises (the registry may hold more).
PROMISED_KINDS = (
    "client",
    "route53",
    "cloudfront",
    "api_gateway",
    "alb",
    "asg",
    "ec2",
    "lambda",
    "sqs",
    "sns",
    "elasticache",
    "rds",
    "dynamodb",
    "s3",
    "step_functions",
    "external",
)

# DESIGN.md "Names that tests rely on" (and DESIGN.md's scope list).
FIXED_NAMES = {
    "client": {"rate", "pattern", "read_ratio", "timeout_ms", "retries", "backoff", "location"},
    "ec2": {"instance_type", "concurrency", "service_ms", "service_dist"},
    "asg": {
        "instance_type",
        "concurrency",
        "service_ms",
        "service_dist",
        "min",
        "max",
        "desired",
        "policy",
        "target_metric",
        "target_value",
        "warmup_s",
        "cooldown_s",
        "launch_s",
    },
    "alb": {
        "algorithm",
        "health_interval_s",
        "healthy_threshold",
        "unhealthy_threshold",
        "deregistration_delay_s",
    },
    "sqs": {"visibility_timeout_s", "max_receives", "batch_size"},
}
FIXED_CHOICES = {
    ("client", "pattern"): {"constant", "poisson", "step", "spike", "diurnal"},
    ("client", "backoff"): {"none", "exponential", "exponential_jitter"},
    ("ec2", "service_dist"): {"exponential", "constant", "lognormal"},
    ("asg", "policy"): {"none", "target_tracking", "step", "scheduled"},
    ("asg", "target_metric"): {"cpu", "requests_per_target", "backlog_per_instance"},
    ("alb", "algorithm"): {"round_robin", "least_outstanding"},
}
SCOPE_OF = {
    "client": "global",
    "route53": "global",
    "cloudfront": "global",
    "external": "global",
    "ec2": "zonal",
    "rds": "zonal",
    "elasticache": "zonal",
}

every_prop = [(kind, spec) for kind in KINDS for spec in KINDS[kind].props]
every_prop += [("edge", spec) for spec in EDGE_PROPS] + [("run", spec) for spec in RUN_PROPS]


def test_every_kind_the_product_promises_is_in_the_catalogue_in_palette_order():
    assert tuple(k for k in KINDS if k in PROMISED_KINDS) == PROMISED_KINDS


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_a_palette_entry_and_a_scope(kind):
    spec = KINDS[kind]
    assert spec.label and spec.category and spec.description
    assert spec.scope in SCOPES
    assert spec.scope == SCOPE_OF.get(kind, "regional")


@pytest.mark.parametrize("kind, names", FIXED_NAMES.items())
def test_the_names_tests_rely_on_are_present(kind, names):
    assert names <= set(KINDS[kind].prop_names)


@pytest.mark.parametrize("where, choices", FIXED_CHOICES.items())
def test_the_fixed_choices_are_offered(where, choices):
    kind, prop = where
    assert set(KINDS[kind].prop(prop).choices) == choices


def test_edges_and_the_run_have_their_fixed_names():
    assert {p.name for p in EDGE_PROPS} >= {"mode", "p"}
    assert {p.name for p in RUN_PROPS} == {"duration", "seed", "warmup"}
    assert next(p for p in EDGE_PROPS if p.name == "p").default == 1.0


@pytest.mark.parametrize("owner, spec", every_prop, ids=lambda v: getattr(v, "name", v))
def test_every_prop_explains_itself_and_its_default_is_valid(owner, spec):
    assert spec.type in PROP_TYPES
    assert spec.help and spec.source, "help and source say what it is and where the number is from"
    if spec.default_from:
        assert spec.default is None
        return
    value, problem = coerce(spec, spec.default, 200)
    assert problem is None, f"{owner}.{spec.name} default {spec.default!r}: {problem}"
    assert value == spec.default
    if spec.type == "enum":
        assert spec.choices and spec.default in spec.choices


def test_derived_defaults_point_at_a_pricing_table_column():
    from simengine.catalogue import CHOICE_TABLES

    for kind, spec in every_prop:
        if spec.default_from:
            source, attribute = spec.default_from.split(".")
            assert source in KINDS[kind].prop_names
            assert all(hasattr(row, attribute) for row in CHOICE_TABLES[source].values())


def test_the_aws_documented_defaults_are_the_documented_numbers():
    alb, asg = KINDS["alb"], KINDS["asg"]
    names = (
        "health_interval_s",
        "health_timeout_s",
        "healthy_threshold",
        "unhealthy_threshold",
        "deregistration_delay_s",
    )
    assert [alb.prop(n).default for n in names] == [30, 5, 5, 2, 300]
    assert asg.prop("cooldown_s").default == 300 and asg.prop("health_check_grace_s").default == 300
    assert KINDS["sqs"].prop("visibility_timeout_s").default == 30
    assert KINDS["sqs"].prop("visibility_timeout_s").max == 43_200
    assert KINDS["lambda"].prop("concurrency_limit").default == 1000
    assert KINDS["api_gateway"].prop("rate_limit").default == 10_000
    assert KINDS["api_gateway"].prop("burst").default == 5000
    assert KINDS["route53"].prop("failure_threshold").default == 3


def test_wiring_is_consistent_in_both_directions():
    for kind, spec in KINDS.items():
        for target in spec.outputs:
            assert target in KINDS, f"{kind} sends to unknown kind {target}"
            assert kind in KINDS[target].inputs
        assert kind not in spec.outputs or kind in (
            "lambda",
            "ec2",
            "rds",
            "dynamodb",
            "s3",
            "step_functions",
        )


def test_nothing_can_send_to_a_client_and_a_client_sends_to_front_doors():
    assert KINDS["client"].inputs == ()
    assert "alb" in KINDS["client"].outputs and "rds" not in KINDS["client"].outputs


def test_queues_feed_compute_and_topics_fan_out():
    assert set(KINDS["sqs"].outputs) == {"asg", "ec2", "lambda"}
    assert {"sqs", "lambda"} <= set(KINDS["sns"].outputs)


def test_fault_kinds_and_goal_metrics_are_the_documented_ones():
    assert set(FAULT_KINDS) == {
        "instance_crash",
        "az_outage",
        "region_outage",
        "dependency_outage",
        "added_latency",
    }
    assert FAULT_KINDS["az_outage"].target == "az" and FAULT_KINDS["added_latency"].needs_ms
    assert set(GOAL_METRICS) == {
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "mean_ms",
        "error_rate",
        "throughput_rps",
        "cost_per_hour",
        "rto_s",
        "rpo_s",
        "requests_throttled",
        "duplicates_applied",
        "sessions_lost",
        "dead_lettered",
        "oldest_message_age_s",
        "backlog_end",
        "executions_failed",
        "work_dropped",
        "logs_lost",
    }


def test_instance_types_cover_small_to_large_with_prices():
    types = pricing.INSTANCE_TYPES
    assert {"t3.micro", "t3.medium", "m5.large", "m5.2xlarge", "c5.large"} <= set(types)
    assert all(t.vcpus >= 1 and t.usd_per_hour > 0 for t in types.values())
    assert set(KINDS["ec2"].prop("instance_type").choices) == set(types)
    assert pricing.PRICES_AS_OF


def test_the_catalogue_is_served_as_plain_json():
    data = json.loads(json.dumps(catalogue_json()))
    assert data["format"] == 1
    assert [k["kind"] for k in data["kinds"]] == list(KINDS)
    prop = data["kinds"][0]["props"][0]
    assert set(prop) >= {
        "name",
        "type",
        "unit",
        "default",
        "min",
        "max",
        "choices",
        "help",
        "source",
    }
    assert set(data["kinds"][0]) >= {
        "kind",
        "label",
        "category",
        "scope",
        "description",
        "inputs",
        "outputs",
        "props",
    }
    assert {"edge_props", "fault_kinds", "goal_metrics", "limits", "regions"} <= set(data)
    assert data["limits"]["max_nodes"] == 300
    assert {r["id"] for r in data["regions"]} == set(AWS_REGIONS)


def test_every_when_names_a_sibling_prop_and_one_of_its_values():
    for kind, spec in KINDS.items():
        for prop in spec.props:
            if not prop.when:
                continue
            other = spec.prop(prop.when[0])
            allowed = other.choices if other.type == "enum" else (True, False)
            assert set(prop.when[1]) <= set(allowed), f"{kind}.{prop.name}"


def test_a_bigger_database_or_cache_gets_more_connections_and_workers_by_default():
    from simengine.validation import parse_design

    doc = {
        "format": 1,
        "regions": [{"id": "eu-west-1", "azs": ["eu-west-1a"]}],
        "nodes": [
            {
                "id": "db",
                "kind": "rds",
                "placement": {"region": "eu-west-1", "az": "eu-west-1a"},
                "props": {"instance_class": "db.r5.xlarge"},
            },
            {
                "id": "cache",
                "kind": "elasticache",
                "placement": {"region": "eu-west-1", "az": "eu-west-1a"},
            },
        ],
    }
    design = parse_design(doc)
    assert design.node("db").props["max_connections"] == 2730
    assert design.node("db").props["concurrency"] == 4
    assert design.node("cache").props["concurrency"] == 2


def test_asg_target_help_says_requests_per_target_are_per_minute() -> None:
    asg = KINDS["asg"]
    for name in ("target_metric", "target_value"):
        assert "per target per minute" in asg.prop(name).help.replace("MINUTE", "minute")
