"""What a run does: its settings, the faults it injects and the goals it is judged by.

Fault targets are checked against what the fault hits (`FAULT_KINDS`: a node of some kinds, a
declared AZ, a declared Region); goals against `GOAL_METRICS` and `GOAL_OPS`, and each goal's
scope against what its metric can be measured at (a node of a kind that counts it, the target of
one of the design's faults, or the whole design); run settings against the limits (duration, a
warm-up shorter than the run, a non-negative seed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simengine import props as values
from simengine.catalogue import (
    FAULT_KINDS,
    GOAL_METRICS,
    GOAL_OPS,
    RUN_PROPS,
    FaultKindSpec,
    GoalMetricSpec,
)
from simengine.design import Fault, Goal, Node, Region, RunSettings
from simengine.props import describe, suggest
from simengine.reading import (
    Report,
    as_list,
    as_object,
    at,
    bounded,
    parse_props,
    read_number,
    unknown_keys,
)

FAULT_KEYS = ("at", "kind", "target", "duration", "ms")
GOAL_KEYS = ("metric", "scope", "op", "value")


def parse_run(raw: Any, report: Report) -> RunSettings:
    obj = {} if raw is None else as_object(raw, "run", report) or {}
    limits = report.limits
    specs = bounded(RUN_PROPS, "duration", limits.min_duration_s, limits.max_duration_s)
    specs = bounded(specs, "seed", 0, limits.max_seed)
    props = parse_props(obj, specs, "run", report, "the run")
    duration, warmup = props["duration"], props["warmup"]
    if warmup >= duration:
        report.add(
            "run.warmup", f"must be less than the run's duration ({values.fmt_number(duration)} s)"
        )
    return RunSettings(duration=duration, seed=props["seed"], warmup=warmup)


def parse_faults(
    raw: Any,
    nodes: Mapping[str, Node],
    regions: Mapping[str, Region],
    run: RunSettings,
    report: Report,
) -> tuple[Fault, ...]:
    faults = []
    items = as_list(raw, "faults", report, report.limits.max_faults, "faults")
    for index, item in report.each(items):
        fault = _parse_fault(item, at("faults", index), nodes, regions, run, report)
        if fault is not None:
            faults.append(fault)
    return tuple(faults)


def _parse_fault(
    item: Any,
    path: str,
    nodes: Mapping[str, Node],
    regions: Mapping[str, Region],
    run: RunSettings,
    report: Report,
) -> Fault | None:
    obj = as_object(item, path, report)
    if obj is None:
        return None
    unknown_keys(obj, FAULT_KEYS, path, report)
    start = read_number(obj.get("at"), at(path, "at"), 0.0, None, report, required=True)
    if start is not None and start >= run.duration:
        report.add(
            at(path, "at"), f"starts after the run ends ({values.fmt_number(run.duration)} s)"
        )
    duration = read_number(obj.get("duration"), at(path, "duration"), 0.0, None, report)
    if duration == 0.0:
        report.add(
            at(path, "duration"), "must be more than 0 s (leave it out to last until the end)"
        )
    kind = obj.get("kind")
    if not isinstance(kind, str) or kind not in FAULT_KINDS:
        report.add(
            at(path, "kind"),
            f"unknown fault kind {describe(kind)}; use one of "
            + ", ".join(FAULT_KINDS)
            + suggest(kind, FAULT_KINDS),
        )
        return None
    spec = FAULT_KINDS[kind]
    ms = _fault_ms(obj.get("ms"), spec.needs_ms, kind, at(path, "ms"), report)
    target = _fault_target(obj.get("target"), spec, at(path, "target"), nodes, regions, report)
    if None in (start, target) or (spec.needs_ms and ms is None):
        return None
    return Fault(at=start, kind=kind, target=target, duration=duration, ms=ms)


def _fault_ms(value: Any, needed: bool, kind: str, path: str, report: Report) -> float | None:
    if not needed:
        if value is not None:
            report.add(path, f"only added_latency takes ms; {kind} does not")
        return None
    if value is None:
        report.add(path, f"is missing: {kind} needs ms, the milliseconds to add")
        return None
    ms = read_number(value, path, 0.0, None, report)
    if ms == 0.0:
        report.add(path, "must be more than 0 ms")
    return ms


def _fault_target(
    value: Any,
    spec: FaultKindSpec,
    path: str,
    nodes: Mapping[str, Node],
    regions: Mapping[str, Region],
    report: Report,
) -> str | None:
    if spec.target == "node":
        if not isinstance(value, str) or value not in nodes:
            report.add(
                path,
                f"{spec.kind} needs a node id; there is no node {describe(value)}"
                + suggest(value, nodes),
            )
            return None
        if nodes[value].kind not in spec.target_kinds:
            report.add(
                path,
                f"{spec.kind} cannot hit {value}, which is {nodes[value].kind}; "
                "it hits only: " + ", ".join(spec.target_kinds),
            )
            return None
        return value
    all_azs = [az for region in regions.values() for az in region.azs]
    declared = regions if spec.target == "region" else all_azs
    if not isinstance(value, str) or value not in declared:
        what = "a Region" if spec.target == "region" else "an AZ"
        report.add(
            path,
            f"{spec.kind} needs {what} declared in regions, not {describe(value)}"
            + suggest(value, declared),
        )
        return None
    return value


def parse_goals(
    raw: Any, nodes: Mapping[str, Node], report: Report, faults: tuple[Fault, ...] = ()
) -> tuple[Goal, ...]:
    goals = []
    items = as_list(raw, "goals", report, report.limits.max_goals, "goals")
    for index, item in report.each(items):
        goal = _parse_goal(item, at("goals", index), nodes, faults, report)
        if goal is not None:
            goals.append(goal)
    return tuple(goals)


def _parse_goal(
    item: Any, path: str, nodes: Mapping[str, Node], faults: tuple[Fault, ...], report: Report
) -> Goal | None:
    obj = as_object(item, path, report)
    if obj is None:
        return None
    unknown_keys(obj, GOAL_KEYS, path, report)
    metric, op, scope = obj.get("metric"), obj.get("op"), obj.get("scope")
    ok = True
    if op not in GOAL_OPS:
        report.add(at(path, "op"), f"must be one of {' '.join(GOAL_OPS)}, not {describe(op)}")
        ok = False
    if not isinstance(metric, str) or metric not in GOAL_METRICS:
        report.add(
            at(path, "metric"),
            f"unknown metric {describe(metric)}; use one of "
            + ", ".join(GOAL_METRICS)
            + suggest(metric, GOAL_METRICS),
        )
        return None
    spec = GOAL_METRICS[metric]
    value = read_number(
        obj.get("value"), at(path, "value"), spec.min, spec.max, report, required=True
    )
    problem = _scope_problem(spec, scope, nodes, faults)
    if problem is not None:
        report.add(at(path, "scope"), problem)
        ok = False
    if not ok or value is None:
        return None
    return Goal(metric=metric, scope=scope, op=op, value=value)


def _scope_problem(
    spec: GoalMetricSpec, scope: Any, nodes: Mapping[str, Node], faults: tuple[Fault, ...]
) -> str | None:
    """Why `scope` cannot be where `spec`'s metric is measured (None when it can): a node of a
    kind that does not count it, a fault target no fault of the design hits, or any scope for a
    metric of the whole design."""
    metric = spec.metric
    if scope is None:
        return None if "global" in spec.scopes else f"{metric} needs a scope"
    if "fault" in spec.scopes:
        targets = sorted({f.target for f in faults})
        if isinstance(scope, str) and scope in targets:
            return None
        named = ", ".join(targets) if targets else "this design has no faults"
        return (
            f"{metric} is measured per fault: name the Region, AZ or node a fault hits "
            f"({named}), or leave scope null for the worst fault" + suggest(scope, targets)
        )
    if "node" not in spec.scopes:
        return f"{metric} is measured for the whole design: leave scope null"
    if not isinstance(scope, str) or scope not in nodes:
        return f"there is no node {describe(scope)}" + suggest(scope, nodes)
    kind = nodes[scope].kind
    if spec.kinds and kind not in spec.kinds:
        return (
            f"{metric} ({spec.label.lower()}) is counted only at "
            + " or ".join(spec.kinds)
            + f" nodes; {scope} is {kind}"
        )
    return None
