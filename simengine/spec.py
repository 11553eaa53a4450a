"""The shared schema of the catalogue: what a prop, and a kind, say about themselves.

Every component module (simengine/components/<kind>.py) describes its kind with one
`KindSpec`: how the palette shows it, where it may go (its scope), which kinds it may call, its
props (`PropSpec`: type, unit, default, range, help and the source of the default) and the rules
that look at more than one prop (`rules`) or at the node's wiring (`wiring_rules`).
`simengine.catalogue` gathers the specs of the registered kinds and derives the callers of each.
The `*_prop` constructors below let a kind's prop table read as a table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simengine.design import Design, Node

PROP_TYPES = ("int", "float", "enum", "bool", "str", "region")
SCOPES = ("global", "regional", "zonal")
MODEL = "model assumption"

Add = Callable[[str, str], None]
# A node rule yields (prop, message) for props of one node that disagree with each other.
NodeRule = Callable[["Node"], Iterator[tuple[str, str]]]
# A wiring rule looks at a node and its edges: (design, node, JSON paths by id, add).
WiringRule = Callable[["Design", "Node", Mapping[str, str], Add], None]


@dataclass(frozen=True)
class PropSpec:
    """One knob of a kind (or of an edge, or of the run).

    `default_from` names a derived default, "<prop>.<attribute>": the attribute of the row the
    prop <prop> selects in a pricing table (ec2 `concurrency` defaults to the instance type's
    vCPUs). `when` says the prop matters only while another prop has one of some values (the
    inspector may hide it otherwise; it is still filled and validated)."""

    name: str
    type: str
    default: Any
    help: str
    source: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] | None = None
    default_from: str | None = None
    when: tuple[str, tuple[Any, ...]] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "unit": self.unit,
            "default": self.default,
            "min": self.min,
            "max": self.max,
            "choices": list(self.choices) if self.choices is not None else None,
            "help": self.help,
            "source": self.source,
        }
        if self.default_from:
            data["default_from"] = self.default_from
        if self.when:
            data["when"] = {"prop": self.when[0], "in": list(self.when[1])}
        return data


@dataclass(frozen=True)
class KindSpec:
    """A component kind: how the palette shows it, where it may go, what it may call, and the
    rules its props and wiring must follow.

    `outputs` are the kinds it may call (`inputs`, its callers, are derived by the catalogue from
    every kind's outputs). `delivers`: its outgoing edges deliver messages or replicate data
    rather than make calls a sender waits on (so they never close a cycle of waiting calls).
    `is_client`: a group of users, which sends requests and which nothing may call.
    `limited_props`: (prop, `Limits` attribute) pairs whose maximum the deployment's limits set.
    Only the palette fields go to JSON; the rules and flags are for validation and the engine."""

    kind: str
    label: str
    category: str
    scope: str
    description: str
    outputs: tuple[str, ...]
    props: tuple[PropSpec, ...]
    accepts_async: bool = False
    inputs: tuple[str, ...] = ()  # derived from every kind's outputs (simengine.catalogue)
    rules: tuple[NodeRule, ...] = ()
    wiring_rules: tuple[WiringRule, ...] = ()
    delivers: bool = False
    is_client: bool = False
    limited_props: tuple[tuple[str, str], ...] = ()

    def prop(self, name: str) -> PropSpec:
        for spec in self.props:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.props)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "category": self.category,
            "scope": self.scope,
            "description": self.description,
            "inputs": list(self.inputs),
            "outputs": list(self.outputs),
            "accepts_async": self.accepts_async,
            "props": [p.to_json() for p in self.props],
        }


# --- small constructors so a kind's prop table reads as a table ------------------------------


def int_prop(
    name: str,
    default: int | None,
    lo: float | None,
    hi: float | None,
    unit: str | None,
    help: str,
    source: str = MODEL,
    **extra: Any,
) -> PropSpec:
    return PropSpec(name, "int", default, help, source, unit, lo, hi, **extra)


def float_prop(
    name: str,
    default: float,
    lo: float | None,
    hi: float | None,
    unit: str | None,
    help: str,
    source: str = MODEL,
    **extra: Any,
) -> PropSpec:
    return PropSpec(name, "float", default, help, source, unit, lo, hi, **extra)


def enum_prop(
    name: str, default: str, choices: tuple[str, ...], help: str, source: str = MODEL, **extra: Any
) -> PropSpec:
    return PropSpec(name, "enum", default, help, source, choices=choices, **extra)


def bool_prop(name: str, default: bool, help: str, source: str = MODEL, **extra: Any) -> PropSpec:
    return PropSpec(name, "bool", default, help, source, **extra)


def ratio_prop(name: str, default: float, help: str, source: str = MODEL, **extra: Any) -> PropSpec:
    return float_prop(name, default, 0.0, 1.0, None, help, source, **extra)


HOUR_S = 3600.0
SERVICE_MS_MAX = HOUR_S * 1000  # one hour of work for a single request


def service_ms(default: float, what: str, source: str = MODEL) -> PropSpec:
    return float_prop("service_ms", default, 0.001, SERVICE_MS_MAX, "ms", what, source)


SERVICE_DIST = enum_prop(
    "service_dist",
    "exponential",
    ("exponential", "constant", "lognormal"),
    "How service times vary around service_ms (exponential makes an M/M/c queue).",
)
SERVICE_CV = float_prop(
    "service_cv",
    1.0,
    0.0,
    10.0,
    None,
    "Spread of a lognormal service time: standard deviation / mean.",
    when=("service_dist", ("lognormal",)),
)


# What application compute (an instance, a group, a function) may call.
APP_TARGETS = (
    "alb",
    "api_gateway",
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
