"""The parsed design: frozen dataclasses that the engine runs.

A design document (format 1, see DESIGN.md) is parsed and validated once, at the boundary, by
`simengine.validation.parse_design`; everything downstream trusts these objects and never
re-validates. Node and edge `props` hold EVERY prop of the kind from the catalogue, with defaults
filled in and values coerced to their declared type, so the engine reads `node.props["rate"]`
without a fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where (a JSON path such as `nodes[3].props.max`) and why,
    in a sentence a learner understands."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class DesignError(ValueError):
    """Every problem with a document, reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems) or "invalid design")


def frozen_map(values: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True)
class Region:
    id: str
    azs: tuple[str, ...]


@dataclass(frozen=True)
class Placement:
    """Where a node runs. Global kinds: all None/empty. Regional kinds: `region` and `azs` (every
    AZ of the Region when the document left `azs` out). Zonal kinds: `region` and `az`, and
    `azs == (az,)`."""

    region: str | None = None
    az: str | None = None
    azs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    placement: Placement
    props: Mapping[str, Any] = field(default_factory=frozen_map)
    label: str | None = None
    ui: Mapping[str, Any] | None = None

    @property
    def name(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class Edge:
    id: str
    source: str  # "from" in the document
    target: str  # "to" in the document
    props: Mapping[str, Any] = field(default_factory=frozen_map)

    @property
    def is_async(self) -> bool:
        return self.props.get("mode") == "async"


@dataclass(frozen=True)
class Fault:
    """A failure at simulated time `at` for `duration` seconds (None: until the run ends).
    `target` is a node id, an AZ id or a Region id depending on `kind`; `ms` is the added
    latency for `added_latency`."""

    at: float
    kind: str
    target: str
    duration: float | None = None
    ms: float | None = None


@dataclass(frozen=True)
class Goal:
    metric: str
    scope: str | None
    op: str
    value: float


@dataclass(frozen=True)
class RunSettings:
    duration: float = 300.0
    seed: int = 1
    warmup: float = 0.0


@dataclass(frozen=True)
class Design:
    name: str
    regions: tuple[Region, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    faults: tuple[Fault, ...] = ()
    goals: tuple[Goal, ...] = ()
    run: RunSettings = field(default_factory=RunSettings)
    format: int = FORMAT_VERSION

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def out_edges(self, node_id: str) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.source == node_id)

    def in_edges(self, node_id: str) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.target == node_id)

    def region(self, region_id: str) -> Region:
        for region in self.regions:
            if region.id == region_id:
                return region
        raise KeyError(region_id)
