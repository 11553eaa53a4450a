"""Whatever arrives at the boundary, parse_design answers with a Design or a DesignError:
never another exception, and never a problem that is really an internal error."""

from __future__ import annotations

import copy
import json

from design_samples import example, web_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simengine.design import Design, DesignError
from simengine.validation import design_to_document, parse_design

# database=None: no .hypothesis/ folder in the checkout; the runs are seeded per test anyway.
SETTINGS = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "format",
            "nodes",
            "edges",
            "client",
            "asg",
            "us-east-1",
            "us-east-1a",
            "sync",
            "async",
            "e1",
            "web",
            "db",
            "p99_ms",
            "<=",
        ]
    )
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


def check(document: object) -> None:
    try:
        design = parse_design(document)
    except DesignError as error:
        assert error.problems
        for problem in error.problems:
            assert "internal error" not in problem.message, problem
            assert isinstance(problem.path, str) and isinstance(problem.message, str)
        return
    assert isinstance(design, Design)
    assert parse_design(design_to_document(design)) == design


@SETTINGS
@given(json_values)
def test_any_json_value_is_a_design_or_a_design_error(value):
    check(value)


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(
            ["format", "name", "regions", "nodes", "edges", "faults", "goals", "run", "ui"]
        ),
        json_values,
        max_size=8,
    )
)
def test_any_object_with_design_keys_is_a_design_or_a_design_error(value):
    check({"format": 1, **value})


def _paths(value, prefix=()):
    """Every (path to a container, key) pair in a document."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield prefix, key
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield prefix, index
            yield from _paths(child, prefix + (index,))


BASES = [web_app(), example("three-tier"), example("video-spike")]


@st.composite
def mutated_designs(draw):
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        spots = list(_paths(doc))
        if not spots:
            break
        prefix, key = draw(st.sampled_from(spots))
        parent = doc
        for step in prefix:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(json_values)
        else:
            parent[key] = draw(json_values)
    return doc


@SETTINGS
@given(mutated_designs())
def test_a_mutated_valid_design_is_a_design_or_a_design_error(doc):
    check(doc)


def test_deep_nesting_is_a_problem_not_a_crash():
    deep: object = 1
    for _ in range(100_000):
        deep = [deep]
    doc = {"format": 1, "name": deep, "nodes": deep}
    check(doc)
    check({"format": 1, "regions": [{"id": "us-east-1", "azs": deep}]})


def test_a_valid_design_keeps_its_meaning_through_json():
    design = parse_design(web_app())
    text = json.dumps(design_to_document(design))
    assert parse_design(json.loads(text)) == design


ids = st.sampled_from(["a", "b", "c"])
placements = st.sampled_from(
    [
        {},
        {"region": "us-east-1"},
        {"region": "us-east-1", "az": "us-east-1a"},
        {"region": "us-east-1", "azs": ["us-east-1b"]},
    ]
)
some_props = st.dictionaries(
    st.sampled_from(
        [
            "rate",
            "min",
            "max",
            "desired",
            "policy",
            "timeout_s",
            "visibility_timeout_s",
            "read_from_replicas",
            "instance_type",
            "concurrency",
            "health_timeout_s",
        ]
    ),
    json_values,
    max_size=4,
)
wired = st.fixed_dictionaries(
    {
        "format": st.just(1),
        "regions": st.just([{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}]),
        "nodes": st.lists(
            st.fixed_dictionaries(
                {
                    "id": ids,
                    "kind": st.sampled_from(
                        [
                            "client",
                            "route53",
                            "alb",
                            "asg",
                            "ec2",
                            "lambda",
                            "sqs",
                            "sns",
                            "rds",
                            "s3",
                            "dynamodb",
                        ]
                    ),
                    "placement": placements,
                    "props": some_props,
                }
            ),
            max_size=4,
        ),
        "edges": st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.sampled_from(["e1", "e2", "a"]),
                    "from": ids,
                    "to": ids,
                    "props": st.dictionaries(
                        st.sampled_from(["mode", "p", "role", "weight"]),
                        st.sampled_from(["sync", "async", 0.5, 1, "primary", 0]),
                    ),
                }
            ),
            max_size=5,
        ),
        "faults": st.lists(
            st.fixed_dictionaries(
                {
                    "at": json_values,
                    "target": st.sampled_from(["a", "us-east-1", "us-east-1a"]),
                    "kind": st.sampled_from(["az_outage", "added_latency", "instance_crash"]),
                    "ms": json_values,
                }
            ),
            max_size=2,
        ),
        "goals": st.lists(
            st.fixed_dictionaries(
                {
                    "metric": st.sampled_from(["p99_ms", "rto_s"]),
                    "op": st.sampled_from(["<=", "<"]),
                    "value": json_values,
                    "scope": st.sampled_from([None, "a", "zz"]),
                }
            ),
            max_size=2,
        ),
    }
)


@SETTINGS
@given(wired)
def test_small_wired_designs_are_a_design_or_a_design_error(doc):
    """Nodes and edges that mostly make sense reach the cross-node rules (cycles, failover)."""
    check(doc)
