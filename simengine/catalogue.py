"""The component catalogue, as data: every kind a learner can draw, and every knob it has.

Each kind describes itself in its own module (`SPEC` in simengine/components/<kind>.py: where it
may be placed, which kinds it may call, every prop with its type, unit, default, range, help and
source, and its rules); `simengine.components.KINDS` lists them. This module gathers those specs
into `KINDS` (deriving each kind's callers from the others' outputs), and holds what belongs to
no one kind: edge and run props and fault kinds (the goal metrics are `simengine.goal_metrics`'s,
served from here too). The REST API serves `catalogue_json()` as-is and the palette and
inspector are generated from it; validation fills defaults from it. The shared schema
(`PropSpec`, `KindSpec`) is in `simengine.spec`, the Regions in `simengine.regions`.

`catalogue_json()` reads:
    {"format": 1,
     "kinds": [{"kind", "label", "category", "scope", "description", "inputs", "outputs",
                "accepts_async", "props": [{"name", "type", "unit", "default", "min", "max",
                "choices", "help", "source", ["default_from"], ["when": {"prop", "in"}]}]}],
     "edge_props": [prop...], "run_props": [prop...],
     "fault_kinds": [{"kind", "label", "target", "target_kinds", "needs_ms", "description"}],
     "goal_metrics": [{"metric", "label", "unit", "scopes", "kinds", "min", "max",
                       "description"}],
     "goal_ops": ["<=", ...], "regions": [{"id", "name", "lat", "lon"}],
     "pricing": {"as_of", "source"}, "limits": {...}}
A prop's `default` is null only when `default_from` names where it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from simengine import pricing
from simengine.components import KINDS as KIND_CLASSES
from simengine.goal_metrics import GOAL_METRICS, GOAL_OPS, GoalMetricSpec
from simengine.limits import DEFAULT_LIMITS, Limits
from simengine.regions import AWS_REGIONS
from simengine.spec import (
    MODEL,
    PROP_TYPES,
    SCOPES,
    KindSpec,
    PropSpec,
    enum_prop,
    float_prop,
    int_prop,
    ratio_prop,
)

__all__ = [
    "CATALOGUE_FORMAT",
    "CHOICE_TABLES",
    "EDGE_PROPS",
    "FAULT_KINDS",
    "GOAL_METRICS",
    "GOAL_OPS",
    "KINDS",
    "MODEL",
    "PROP_TYPES",
    "RUN_PROPS",
    "SCOPES",
    "FaultKindSpec",
    "GoalMetricSpec",
    "KindSpec",
    "PropSpec",
    "catalogue_json",
    "derived_default",
]

CATALOGUE_FORMAT = 1


def _with_inputs(kinds: tuple[KindSpec, ...]) -> Mapping[str, KindSpec]:
    """Index the kinds by name, deriving each kind's allowed callers from the others' outputs
    (so the two directions can never disagree)."""
    result = {}
    for spec in kinds:
        inputs = tuple(k.kind for k in kinds if spec.kind in k.outputs)
        result[spec.kind] = replace(spec, inputs=inputs)
    return MappingProxyType(result)


KINDS: Mapping[str, KindSpec] = _with_inputs(tuple(cls.spec for cls in KIND_CLASSES))

# The pricing table an enum prop selects a row of (for `default_from` and for the engine).
CHOICE_TABLES: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "instance_type": pricing.INSTANCE_TYPES,
        "instance_class": pricing.DATABASE_CLASSES,
        "node_type": pricing.CACHE_NODE_TYPES,
    }
)


def derived_default(spec: PropSpec, props: Mapping[str, Any]) -> Any:
    """The default of a prop whose default comes from another prop's choice (`default_from`),
    given the node's other props (already filled)."""
    if not spec.default_from:
        return spec.default
    source, attribute = spec.default_from.split(".")
    row = CHOICE_TABLES[source].get(props.get(source))
    return getattr(row, attribute) if row is not None else spec.default


# --- edges ---------------------------------------------------------------------------------------

EDGE_PROPS: tuple[PropSpec, ...] = (
    enum_prop(
        "mode",
        "sync",
        ("sync", "async"),
        "sync: the caller waits for the answer; async: it hands the message over and moves on.",
    ),
    ratio_prop("p", 1.0, "Probability that a request makes this call."),
    enum_prop(
        "carries",
        "all",
        ("all", "reads", "writes"),
        "Which of a server's requests make this call: all, only reads or only writes (an app "
        "that sends its writes to the primary and its reads to a nearby read replica).",
        "AWS RDS docs, Working with read replicas: applications send read queries to a "
        "replica's endpoint and writes to the primary's "
        "(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html)",
    ),
    int_prop(
        "weight",
        1,
        0,
        255,
        None,
        "Share of traffic for Route 53 weighted routing (weight / sum of weights).",
        "AWS Route 53 docs: record weights 0-255",
    ),
    enum_prop(
        "role",
        "primary",
        ("primary", "secondary"),
        "For Route 53 failover routing: the primary target, or the one used when it fails.",
        "AWS Route 53 docs: failover routing (primary and secondary records)",
    ),
)

# --- the run -------------------------------------------------------------------------------------

RUN_PROPS: tuple[PropSpec, ...] = (
    float_prop(
        "duration",
        300.0,
        DEFAULT_LIMITS.min_duration_s,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "Simulated time the run covers.",
    ),
    int_prop(
        "seed",
        1,
        0,
        DEFAULT_LIMITS.max_seed,
        None,
        "Random seed: the same design and seed give the same report.",
    ),
    float_prop(
        "warmup",
        0.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "The first seconds, left out of the report's figures (must be less than duration).",
    ),
)


# --- faults ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaultKindSpec:
    """A failure a design or a live run can inject. `target` says what the fault's target id
    names: a node (of one of `target_kinds`), an AZ id or a Region id."""

    kind: str
    label: str
    target: str
    description: str
    target_kinds: tuple[str, ...] = ()
    needs_ms: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "target": self.target,
            "target_kinds": list(self.target_kinds),
            "needs_ms": self.needs_ms,
            "description": self.description,
        }


_NOT_CLIENTS = tuple(k for k, spec in KINDS.items() if not spec.is_client)

FAULT_KINDS: Mapping[str, FaultKindSpec] = MappingProxyType(
    {
        f.kind: f
        for f in (
            FaultKindSpec(
                "instance_crash",
                "Instance crash",
                "node",
                "One instance stops: an EC2 instance, one member of an Auto Scaling group, "
                "a database primary or a cache node.",
                ("asg", "ec2", "rds", "elasticache"),
            ),
            FaultKindSpec(
                "az_outage",
                "AZ outage",
                "az",
                "Everything in one Availability Zone stops answering.",
            ),
            FaultKindSpec(
                "region_outage",
                "Region outage",
                "region",
                "Everything in one Region stops answering.",
            ),
            FaultKindSpec(
                "dependency_outage",
                "Dependency outage",
                "node",
                "One component fails every call.",
                _NOT_CLIENTS,
            ),
            FaultKindSpec(
                "added_latency",
                "Added latency",
                "node",
                "One component answers `ms` milliseconds slower.",
                _NOT_CLIENTS,
                needs_ms=True,
            ),
        )
    }
)


# --- the whole catalogue as JSON -----------------------------------------------------------------


def _regions_json() -> list[dict[str, Any]]:
    return [{"id": r.id, "name": r.name, "lat": r.lat, "lon": r.lon} for r in AWS_REGIONS.values()]


def catalogue_json(limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Everything the palette, the inspector and the API need, JSON-serialisable. Prop type
    "region" takes any id of `regions`."""
    return {
        "format": CATALOGUE_FORMAT,
        "kinds": [spec.to_json() for spec in KINDS.values()],
        "edge_props": [p.to_json() for p in EDGE_PROPS],
        "run_props": [p.to_json() for p in RUN_PROPS],
        "fault_kinds": [f.to_json() for f in FAULT_KINDS.values()],
        "goal_metrics": [g.to_json() for g in GOAL_METRICS.values()],
        "goal_ops": list(GOAL_OPS),
        "regions": _regions_json(),
        "pricing": {"as_of": pricing.PRICES_AS_OF, "source": pricing.PRICES_SOURCE},
        "limits": limits.to_json(),
    }
