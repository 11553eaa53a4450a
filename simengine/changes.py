"""Changes to a running simulation, checked exactly as a saved design would be.

A learner may change a node's props while the run goes on (`Simulation.set_props`) or start a
fault now (`Simulation.inject`). A change is coerced by the same prop coercion the design parser
uses (`simengine.props.coerce`, with the deployment's limits on props such as a client's rate),
merged with the node's current props, and run through the kind's own rules, so an ASG's desired
above its max is refused with the very message a saved design gets. A refusal raises one
`DesignError` listing every problem, with paths relative to the change ("props.desired").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from simengine import props as values
from simengine.catalogue import FAULT_KINDS
from simengine.design import DesignError, Fault, Node, Problem, frozen_map
from simengine.limits import DEFAULT_LIMITS, Limits
from simengine.reading import Report, limited_specs, unknown_keys
from simengine.spec import KindSpec
from simengine.validation_rules import node_problems


def checked_props(
    kind: KindSpec,
    node: Node,
    current: Mapping[str, Any],
    changes: Any,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, Any]:
    """The coerced `changes` to a node of `kind` whose props are now `current`; raises
    DesignError when a value is bad or the merged props break one of the kind's rules."""
    if not isinstance(changes, Mapping):
        raise DesignError([Problem("props", "must be an object of prop names and values")])
    report = Report(limits)
    unknown_keys(dict(changes), kind.prop_names, "props", report, what="prop", owner=kind.kind)
    clean: dict[str, Any] = {}
    for spec in limited_specs(kind, limits):
        if spec.name not in changes:
            continue
        value, problem = values.coerce(spec, changes[spec.name], limits.max_str_length)
        if problem:
            report.add(f"props.{spec.name}", problem)
        else:
            clean[spec.name] = value
    if not report.problems:
        merged = replace(node, props=frozen_map({**current, **clean}))
        for prop, message in node_problems(merged):
            report.add(f"props.{prop}", message)
    if report.problems:
        raise DesignError(report.final())
    return clean


def live_fault(data: Mapping[str, Any], now: float) -> Fault:
    """A fault starting `now` from the websocket's {"kind", "target", "duration", "ms"}; raises
    DesignError for an unknown kind, a missing target or a duration or ms that is no number of
    at least 0 (whether the target exists is checked by the run's `FaultManager`)."""
    problems = []
    kind, target = data.get("kind"), data.get("target")
    if kind not in FAULT_KINDS:
        problems.append(Problem("fault.kind", f"must be one of {', '.join(FAULT_KINDS)}"))
    if not isinstance(target, str):
        problems.append(Problem("fault.target", "must name a node, an AZ or a Region"))
    duration, ms = data.get("duration"), data.get("ms")
    for name, value in (("duration", duration), ("ms", ms)):
        if value is not None and not _non_negative(value):
            problems.append(Problem(f"fault.{name}", "must be a number of at least 0"))
    if problems:
        raise DesignError(problems)
    return Fault(
        now,
        kind,
        target,
        None if duration is None else float(duration),
        None if ms is None else float(ms),
    )


def _non_negative(value: Any) -> bool:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return number and value == value and value >= 0
