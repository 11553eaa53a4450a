"""Reading a design document (format 1) into the frozen `Design` the engine runs.

`parse_design` is the one boundary: it checks everything a learner can get wrong, reports ALL
problems at once (each with a JSON path such as `nodes[3].props.max` and a sentence), and fills
every prop of every node and edge with its catalogue default. It accepts any JSON value and never
raises anything but `DesignError`. `validate` returns the problems as a list instead.
`design_to_document` turns a `Design` back into a document that parses to an equal `Design`.

Id space: node ids and edge ids share one space (the canvas selects either by id), so an edge may
not reuse a node's id. Region and AZ ids are AWS ids (`simengine.catalogue.AWS_REGIONS`; an AZ is
its Region id plus one letter, like us-east-1a); a client's `location` may be any AWS Region id,
declared in `regions` or not (it only sets network latency).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from simengine import props as values
from simengine.catalogue import (AWS_REGIONS, EDGE_PROPS, FAULT_KINDS, GOAL_METRICS, GOAL_OPS,
                                 KINDS, RUN_PROPS, PropSpec, derived_default)
from simengine.design import (FORMAT_VERSION, Design, DesignError, Edge, Fault, Goal, Node,
                              Placement, Problem, Region, RunSettings, frozen_map)
from simengine.limits import DEFAULT_LIMITS, Limits
from simengine.props import describe, suggest
from simengine.validation_rules import check_rules

TOP_KEYS = ("format", "name", "regions", "nodes", "edges", "faults", "goals", "run")
REGION_KEYS = ("id", "azs")
NODE_KEYS = ("id", "kind", "label", "placement", "props", "ui")
EDGE_KEYS = ("id", "from", "to", "props")
FAULT_KEYS = ("at", "kind", "target", "duration", "ms")
GOAL_KEYS = ("metric", "scope", "op", "value")
UI_KEYS = ("x", "y", "w", "h")
DEFAULT_NAME = "Untitled design"


@dataclass
class Report:
    """Problems found so far, in document order, and the limits being applied."""

    limits: Limits
    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # node/edge id -> its JSON path

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


def at(path: str, key: str | int) -> str:
    """JSON path of a member: at("nodes", 3) == "nodes[3]", at("nodes[3]", "props") == ..."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


# --- public API ----------------------------------------------------------------------------------

def parse_design(document: object, limits: Limits = DEFAULT_LIMITS) -> Design:
    """The `Design` a document describes, or `DesignError` listing every problem with it."""
    report = Report(limits)
    try:
        design = _parse(document, report)
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, OverflowError) as exc:
        # A safety net, not a path: a bug here must still answer as a design problem.
        report.add("", f"this design could not be read (internal error: {type(exc).__name__})")
        design = None
    if report.problems or design is None:
        raise DesignError(report.problems or [Problem("", "this design could not be read")])
    return design


def validate(document: object, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Every problem with the document; empty when it is a valid design."""
    try:
        parse_design(document, limits)
    except DesignError as error:
        return error.problems
    return []


# --- the document --------------------------------------------------------------------------------

def _parse(document: object, report: Report) -> Design | None:
    if not isinstance(document, dict):
        report.add("", f"a design must be a JSON object ({{...}}), not {describe(document)}")
        return None
    if rough_size(document, report.limits.max_document_bytes) > report.limits.max_document_bytes:
        report.add("", f"the design is too large: its JSON must stay under "
                       f"{report.limits.max_document_bytes:,} bytes")
        return None
    if not _check_format(document, report):
        return None
    unknown_keys(document, TOP_KEYS, "", report)
    regions = _parse_regions(document.get("regions"), report)
    nodes = _parse_nodes(document.get("nodes"), regions, report)
    edges = _parse_edges(document.get("edges"), nodes, report)
    run = _parse_run(document.get("run"), report)
    design = Design(
        name=_parse_name(document.get("name", DEFAULT_NAME), report),
        regions=tuple(regions.values()),
        nodes=tuple(nodes.values()),
        edges=tuple(edges.values()),
        faults=_parse_faults(document.get("faults"), nodes, regions, run, report),
        goals=_parse_goals(document.get("goals"), nodes, report),
        run=run,
    )
    check_rules(design, report.paths, report.add)
    return design


def _check_format(document: dict, report: Report) -> bool:
    """Only format 1 is read; anything else stops the parse (the rest would not make sense)."""
    if "format" not in document:
        report.add("format", f'is missing: a design starts with "format": {FORMAT_VERSION}')
        return False
    version = document["format"]
    if values.is_number(version) and version == FORMAT_VERSION:
        return True
    if values.is_number(version):
        report.add("format", f"unknown format version {describe(version)}: "
                             f"this playground reads format {FORMAT_VERSION}")
    else:
        report.add("format", f"must be the number {FORMAT_VERSION}, not {describe(version)}")
    return False


def unknown_keys(obj: dict, allowed: tuple[str, ...], path: str, report: Report,
                 what: str = "key", owner: str = "") -> None:
    of = f" for {owner}" if owner else ""
    for key in obj:
        if not isinstance(key, str):
            report.add(path, f"has a key that is not text: {describe(key)}")
        elif key not in allowed:
            report.add(at(path, key), f"unknown {what} {describe(key)}{of}" + suggest(key, allowed))


def rough_size(value: Any, cap: int) -> int:
    """Approximate length of `value` as JSON text, counted without recursion and giving up once
    past `cap` (so a deeply nested or huge document costs little)."""
    total, stack = 0, [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, dict):
            total += 2 + len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            total += 2 + len(item)
            stack.extend(item)
        elif isinstance(item, str):
            total += len(item) + 2
        else:
            total += 8
    return total


def as_list(value: Any, path: str, report: Report, limit: int, what: str) -> list:
    """A list member of the document (missing or null is empty), with its size limit checked."""
    if value is None:
        return []
    if not isinstance(value, list):
        report.add(path, f"must be a list, not {describe(value)}")
        return []
    if len(value) > limit:
        report.add(path, f"has too many {what}: {len(value):,} (the limit is {limit:,})")
    return value


def as_object(value: Any, path: str, report: Report) -> dict | None:
    if isinstance(value, dict):
        return value
    report.add(path, f"must be an object ({{...}}), not {describe(value)}")
    return None


def check_id(value: Any, path: str, report: Report) -> str | None:
    if not isinstance(value, str):
        report.add(path, "is missing" if value is None else f"must be text, not {describe(value)}")
        return None
    if not re.fullmatch(report.limits.id_pattern, value):
        report.add(path, f"{describe(value)} is not a valid id: use 1-64 letters, digits, "
                         "_ . : or -, starting with a letter or digit")
        return None
    return value


def _parse_name(value: Any, report: Report) -> str:
    name, problem = values.plain_text(value, report.limits.max_name_length)
    if problem:
        report.add("name", problem)
        return DEFAULT_NAME
    if not name.strip():
        report.add("name", "must not be empty")
    return name


# --- regions -------------------------------------------------------------------------------------

def _parse_regions(raw: Any, report: Report) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    items = as_list(raw, "regions", report, report.limits.max_regions, "Regions")
    for index, item in enumerate(items):
        path = at("regions", index)
        region = _parse_region(item, path, report)
        if region is None:
            continue
        if region.id in regions:
            report.add(at(path, "id"), f"Region {region.id} is declared twice")
            continue
        regions[region.id] = region
    return regions


def _parse_region(item: Any, path: str, report: Report) -> Region | None:
    obj = as_object(item, path, report)
    if obj is None:
        return None
    unknown_keys(obj, REGION_KEYS, path, report)
    region_id = obj.get("id")
    if not isinstance(region_id, str) or region_id not in AWS_REGIONS:
        report.add(at(path, "id"), f"must be an AWS Region id such as us-east-1, not "
                                   f"{describe(region_id)}" + suggest(region_id, AWS_REGIONS))
        return None
    azs = _parse_azs(obj.get("azs"), region_id, at(path, "azs"), report)
    return Region(region_id, azs)


def _parse_azs(raw: Any, region_id: str, path: str, report: Report) -> tuple[str, ...]:
    items = as_list(raw, path, report, report.limits.max_azs_per_region, "Availability Zones")
    if raw is None or (isinstance(raw, list) and not raw):
        report.add(path, f"Region {region_id} needs at least one Availability Zone, "
                         f"such as {region_id}a")
    azs: list[str] = []
    for index, az in enumerate(items):
        if not isinstance(az, str) or not re.fullmatch(re.escape(region_id) + "[a-z]", az):
            report.add(at(path, index), f"{describe(az)} is not an AZ of {region_id}: "
                                        f"use the Region id and a letter, such as {region_id}a")
        elif az in azs:
            report.add(at(path, index), f"AZ {az} is listed twice")
        else:
            azs.append(az)
    return tuple(azs)


# --- nodes ---------------------------------------------------------------------------------------

def _parse_nodes(raw: Any, regions: Mapping[str, Region], report: Report) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    items = as_list(raw, "nodes", report, report.limits.max_nodes, "nodes")
    for index, item in enumerate(items):
        path = at("nodes", index)
        node = _parse_node(item, path, regions, report)
        if node is None:
            continue
        if node.id in nodes:
            report.add(at(path, "id"), f'another node already has the id "{node.id}"')
            continue
        nodes[node.id] = node
        report.paths[node.id] = path
    return nodes


def _parse_node(item: Any, path: str, regions: Mapping[str, Region],
                report: Report) -> Node | None:
    obj = as_object(item, path, report)
    if obj is None:
        return None
    unknown_keys(obj, NODE_KEYS, path, report)
    node_id = check_id(obj.get("id"), at(path, "id"), report)
    kind = obj.get("kind")
    label = _parse_label(obj.get("label"), at(path, "label"), report)
    ui = parse_ui(obj.get("ui"), at(path, "ui"), report)
    if not isinstance(kind, str) or kind not in KINDS:
        shown = "is missing" if kind is None else f"unknown kind {describe(kind)}"
        report.add(at(path, "kind"), shown + suggest(kind, KINDS))
        return None
    placement = _parse_placement(obj.get("placement"), kind, at(path, "placement"), regions, report)
    props = parse_props(obj.get("props"), KINDS[kind].props, at(path, "props"), report, kind)
    if node_id is None:
        return None
    return Node(node_id, kind, placement, props, label, ui)


def _parse_label(value: Any, path: str, report: Report) -> str | None:
    if value is None:
        return None
    label, problem = values.plain_text(value, report.limits.max_label_length)
    if problem:
        report.add(path, problem)
    return label


def parse_ui(value: Any, path: str, report: Report) -> Mapping[str, Any] | None:
    """Canvas position (x, y) and, for containers, size (w, h): numbers only, never markup."""
    if value is None:
        return None
    obj = as_object(value, path, report)
    if obj is None:
        return None
    unknown_keys(obj, UI_KEYS, path, report)
    ui: dict[str, float] = {}
    bound = report.limits.max_ui_coordinate
    for key in UI_KEYS:
        if key not in obj:
            continue
        number, problem = values.finite_number(obj[key])
        lo = 0.0 if key in ("w", "h") else -bound
        problem = problem or values.in_range(number, lo, bound, None)
        if problem:
            report.add(at(path, key), problem)
        else:
            ui[key] = float(number)
    return frozen_map(ui)


def parse_props(raw: Any, specs: tuple[PropSpec, ...], path: str, report: Report,
                owner: str) -> Mapping[str, Any]:
    """Every prop of `specs`: the document's value where it gave a valid one (null means the
    default), the catalogue default otherwise."""
    given = {} if raw is None else as_object(raw, path, report) or {}
    names = tuple(spec.name for spec in specs)
    unknown_keys(given, names, path, report, what="prop", owner=owner)
    result: dict[str, Any] = {}
    for spec in specs:
        value = given.get(spec.name)
        if value is None:
            continue
        coerced, problem = values.coerce(spec, value, report.limits.max_str_length)
        if problem:
            report.add(at(path, spec.name), problem)
        else:
            result[spec.name] = coerced
    for spec in specs:
        if spec.name not in result:
            result[spec.name] = spec.default if not spec.default_from else None
    for spec in specs:
        if result[spec.name] is None:
            result[spec.name] = derived_default(spec, result)
    return frozen_map({name: result[name] for name in names})


# --- placement -----------------------------------------------------------------------------------

def _parse_placement(raw: Any, kind: str, path: str, regions: Mapping[str, Region],
                     report: Report) -> Placement:
    obj = {} if raw is None else as_object(raw, path, report)
    if obj is None:
        return Placement()
    scope = KINDS[kind].scope
    label = KINDS[kind].label
    if scope == "global":
        if obj:
            report.add(path, f"{label} is global: leave its placement empty ({{}}), "
                             "it is not inside a Region")
        return Placement()
    unknown_keys(obj, ("region", "azs") if scope == "regional" else ("region", "az"), path,
                 report, what="placement key")
    region = _placement_region(obj.get("region"), label, scope, path, regions, report)
    if scope == "regional":
        return _regional(obj, region, path, report)
    return _zonal(obj, label, region, path, report)


def _placement_region(value: Any, label: str, scope: str, path: str,
                      regions: Mapping[str, Region], report: Report) -> Region | None:
    if value is None:
        report.add(at(path, "region"), f"{label} is {scope}: choose the Region it runs in")
        return None
    if not isinstance(value, str) or value not in regions:
        report.add(at(path, "region"), f"Region {describe(value)} is not declared in regions"
                   + suggest(value, regions))
        return None
    return regions[value]


def _regional(obj: dict, region: Region | None, path: str, report: Report) -> Placement:
    if region is None:
        return Placement()
    raw = obj.get("azs")
    if raw is None:
        return Placement(region.id, None, region.azs)
    items = as_list(raw, at(path, "azs"), report, report.limits.max_azs_per_region, "AZs")
    if isinstance(raw, list) and not raw:
        report.add(at(path, "azs"), "must list at least one AZ (leave azs out for all of them)")
    azs: list[str] = []
    for index, az in enumerate(items):
        if az in azs:
            report.add(at(at(path, "azs"), index), f"AZ {az} is listed twice")
        elif not isinstance(az, str) or az not in region.azs:
            report.add(at(at(path, "azs"), index),
                       f"{describe(az)} is not an AZ declared in {region.id}"
                       + suggest(az, region.azs))
        else:
            azs.append(az)
    return Placement(region.id, None, tuple(azs))


def _zonal(obj: dict, label: str, region: Region | None, path: str,
           report: Report) -> Placement:
    az = obj.get("az")
    if az is None:
        report.add(at(path, "az"), f"{label} is zonal: choose the Availability Zone it runs in")
        return Placement(region.id if region else None)
    if region is None:
        return Placement()
    if not isinstance(az, str) or az not in region.azs:
        report.add(at(path, "az"), f"{describe(az)} is not an AZ declared in {region.id}"
                   + suggest(az, region.azs))
        return Placement(region.id)
    return Placement(region.id, az, (az,))


# --- edges ---------------------------------------------------------------------------------------

def _parse_edges(raw: Any, nodes: Mapping[str, Node], report: Report) -> dict[str, Edge]:
    edges: dict[str, Edge] = {}
    pairs: dict[tuple[str, str], str] = {}
    items = as_list(raw, "edges", report, report.limits.max_edges, "edges")
    for index, item in enumerate(items):
        path = at("edges", index)
        edge = _parse_edge(item, path, nodes, report)
        if edge is None:
            continue
        if edge.id in edges or edge.id in nodes:
            owner = "an edge" if edge.id in edges else "a node"
            report.add(at(path, "id"), f'{owner} already has the id "{edge.id}" '
                                       "(nodes and edges share one set of ids)")
            continue
        pair = (edge.source, edge.target)
        if pair in pairs:
            report.add(path, f"there is already an edge from {edge.source} to {edge.target} "
                             f"({pairs[pair]})")
            continue
        pairs[pair] = edge.id
        edges[edge.id] = edge
        report.paths[edge.id] = path
    return edges


def _parse_edge(item: Any, path: str, nodes: Mapping[str, Node], report: Report) -> Edge | None:
    obj = as_object(item, path, report)
    if obj is None:
        return None
    unknown_keys(obj, EDGE_KEYS, path, report)
    edge_id = check_id(obj.get("id"), at(path, "id"), report)
    source = _endpoint(obj.get("from"), at(path, "from"), nodes, report)
    target = _endpoint(obj.get("to"), at(path, "to"), nodes, report)
    props = parse_props(obj.get("props"), EDGE_PROPS, at(path, "props"), report, "an edge")
    if edge_id is None or source is None or target is None:
        return None
    if not _edge_allowed(nodes[source], nodes[target], props, path, report):
        return None
    return Edge(edge_id, source, target, props)


def _endpoint(value: Any, path: str, nodes: Mapping[str, Node], report: Report) -> str | None:
    if isinstance(value, str) and value in nodes:
        return value
    if value is None:
        report.add(path, "is missing: name the node's id")
    else:
        report.add(path, f"there is no node {describe(value)}" + suggest(value, nodes))
    return None


def _edge_allowed(source: Node, target: Node, props: Mapping[str, Any], path: str,
                  report: Report) -> bool:
    """AWS-shaped wiring: only calls the source kind can make, to a kind that can take them."""
    if source.id == target.id:
        report.add(path, f"an edge cannot go from {source.id} to itself")
        return False
    spec, target_spec = KINDS[source.kind], KINDS[target.kind]
    if target.kind == "client":
        report.add(at(path, "to"), "a client cannot be the target of an edge: "
                                   "users send requests, nothing sends to them")
        return False
    if target.kind not in spec.outputs:
        can = ", ".join(spec.outputs) if spec.outputs else "nothing in the design"
        report.add(path, f"{source.kind} cannot send to {target.kind} "
                         f"({source.id} -> {target.id}); {source.kind} can send to: {can}")
        return False
    if props["mode"] == "async" and not target_spec.accepts_async:
        report.add(at(at(path, "props"), "mode"),
                   f"{target.kind} cannot take asynchronous calls: make this edge sync, "
                   "or put an SQS queue or SNS topic in between")
        return False
    return True


# --- faults, goals, run --------------------------------------------------------------------------

def _parse_run(raw: Any, report: Report) -> RunSettings:
    obj = {} if raw is None else as_object(raw, "run", report) or {}
    props = parse_props(obj, RUN_PROPS, "run", report, "the run")
    duration, warmup = props["duration"], props["warmup"]
    limits = report.limits
    problem = values.in_range(duration, limits.min_duration_s, limits.max_duration_s, "s")
    if problem and "duration" in obj:
        report.add("run.duration", problem)
    if warmup >= duration:
        report.add("run.warmup", f"must be less than the run's duration "
                                 f"({values.fmt_number(duration)} s)")
    return RunSettings(duration=duration, seed=props["seed"], warmup=warmup)


def _parse_faults(raw: Any, nodes: Mapping[str, Node], regions: Mapping[str, Region],
                  run: RunSettings, report: Report) -> tuple[Fault, ...]:
    faults = []
    items = as_list(raw, "faults", report, report.limits.max_faults, "faults")
    for index, item in enumerate(items):
        fault = _parse_fault(item, at("faults", index), nodes, regions, run, report)
        if fault is not None:
            faults.append(fault)
    return tuple(faults)


def _parse_fault(item: Any, path: str, nodes: Mapping[str, Node], regions: Mapping[str, Region],
                 run: RunSettings, report: Report) -> Fault | None:
    obj = as_object(item, path, report)
    if obj is None:
        return None
    unknown_keys(obj, FAULT_KEYS, path, report)
    start = _number(obj.get("at"), at(path, "at"), 0.0, None, report, required=True)
    if start is not None and start >= run.duration:
        report.add(at(path, "at"), f"starts after the run ends ({values.fmt_number(run.duration)} s)")
    duration = _number(obj.get("duration"), at(path, "duration"), 0.0, None, report)
    if duration == 0.0:
        report.add(at(path, "duration"), "must be more than 0 s (leave it out to last until the end)")
    kind = obj.get("kind")
    if not isinstance(kind, str) or kind not in FAULT_KINDS:
        report.add(at(path, "kind"), f"unknown fault kind {describe(kind)}; use one of "
                   + ", ".join(FAULT_KINDS) + suggest(kind, FAULT_KINDS))
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
    ms = _number(value, path, 0.0, None, report)
    if ms == 0.0:
        report.add(path, "must be more than 0 ms")
    return ms


def _fault_target(value: Any, spec: Any, path: str, nodes: Mapping[str, Node],
                  regions: Mapping[str, Region], report: Report) -> str | None:
    if spec.target == "node":
        if not isinstance(value, str) or value not in nodes:
            report.add(path, f"{spec.kind} needs a node id; there is no node {describe(value)}"
                       + suggest(value, nodes))
            return None
        if nodes[value].kind not in spec.target_kinds:
            report.add(path, f"{spec.kind} cannot hit {value}, which is {nodes[value].kind}; "
                             "it hits only: " + ", ".join(spec.target_kinds))
            return None
        return value
    declared = regions if spec.target == "region" else [az for r in regions.values() for az in r.azs]
    if not isinstance(value, str) or value not in declared:
        what = "a Region" if spec.target == "region" else "an AZ"
        report.add(path, f"{spec.kind} needs {what} declared in regions, not {describe(value)}"
                   + suggest(value, declared))
        return None
    return value


def _number(value: Any, path: str, lo: float | None, hi: float | None, report: Report,
            required: bool = False) -> float | None:
    if value is None:
        if required:
            report.add(path, "is missing")
        return None
    number, problem = values.finite_number(value)
    hi = values.LARGEST if hi is None else hi
    problem = problem or values.in_range(number, lo, hi, None)
    if problem:
        report.add(path, problem)
        return None
    return float(number)


def _parse_goals(raw: Any, nodes: Mapping[str, Node], report: Report) -> tuple[Goal, ...]:
    goals = []
    items = as_list(raw, "goals", report, report.limits.max_goals, "goals")
    for index, item in enumerate(items):
        goal = _parse_goal(item, at("goals", index), nodes, report)
        if goal is not None:
            goals.append(goal)
    return tuple(goals)


def _parse_goal(item: Any, path: str, nodes: Mapping[str, Node], report: Report) -> Goal | None:
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
        report.add(at(path, "metric"), f"unknown metric {describe(metric)}; use one of "
                   + ", ".join(GOAL_METRICS) + suggest(metric, GOAL_METRICS))
        return None
    spec = GOAL_METRICS[metric]
    value = _number(obj.get("value"), at(path, "value"), spec.min, spec.max, report, required=True)
    if scope is not None:
        if "node" not in spec.scopes:
            report.add(at(path, "scope"), f"{metric} is measured for the whole design: "
                                          "leave scope null")
            ok = False
        elif not isinstance(scope, str) or scope not in nodes:
            report.add(at(path, "scope"), f"there is no node {describe(scope)}"
                       + suggest(scope, nodes))
            ok = False
    if not ok or value is None:
        return None
    return Goal(metric=metric, scope=scope, op=op, value=value)


# --- back to a document --------------------------------------------------------------------------

def design_to_document(design: Design) -> dict[str, Any]:
    """The document (format 1) for a design: `parse_design` of it gives an equal `Design`."""
    return {
        "format": design.format,
        "name": design.name,
        "regions": [{"id": r.id, "azs": list(r.azs)} for r in design.regions],
        "nodes": [_node_document(n) for n in design.nodes],
        "edges": [{"id": e.id, "from": e.source, "to": e.target, "props": dict(e.props)}
                  for e in design.edges],
        "faults": [_fault_document(f) for f in design.faults],
        "goals": [{"metric": g.metric, "scope": g.scope, "op": g.op, "value": g.value}
                  for g in design.goals],
        "run": {"duration": design.run.duration, "seed": design.run.seed,
                "warmup": design.run.warmup},
    }


def _node_document(node: Node) -> dict[str, Any]:
    document: dict[str, Any] = {"id": node.id, "kind": node.kind}
    if node.label is not None:
        document["label"] = node.label
    document["placement"] = _placement_document(node)
    document["props"] = dict(node.props)
    if node.ui is not None:
        document["ui"] = dict(node.ui)
    return document


def _placement_document(node: Node) -> dict[str, Any]:
    scope = KINDS[node.kind].scope
    placement = node.placement
    if scope == "global":
        return {}
    if scope == "zonal":
        return {"region": placement.region, "az": placement.az}
    return {"region": placement.region, "azs": list(placement.azs)}


def _fault_document(fault: Fault) -> dict[str, Any]:
    document: dict[str, Any] = {"at": fault.at, "kind": fault.kind, "target": fault.target}
    if fault.duration is not None:
        document["duration"] = fault.duration
    if fault.ms is not None:
        document["ms"] = fault.ms
    return document
