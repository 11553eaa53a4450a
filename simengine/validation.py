"""Reading a design document (format 1) into the frozen `Design` the engine runs.

`parse_design` is the one boundary: it checks everything a learner can get wrong, reports ALL
problems at once (each with a JSON path such as `nodes[3].props.max` and a sentence), and fills
every prop of every node and edge with its catalogue default. It accepts any JSON value and never
raises anything but `DesignError`. `validate` returns the problems as a list instead.
`design_to_document` turns a `Design` back into a document that parses to an equal `Design`.

Id space: node ids and edge ids share one space (the canvas selects either by id), so an edge may
not reuse a node's id. Region and AZ ids are AWS ids (`simengine.regions.AWS_REGIONS`; an AZ is
its Region id plus one letter, like us-east-1a); a client's `location` may be any AWS Region id,
declared in `regions` or not (it only sets network latency).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simengine import props as values
from simengine.catalogue import EDGE_PROPS, KINDS
from simengine.design import FORMAT_VERSION, Design, DesignError, Edge, Fault, Node, Problem, Region
from simengine.limits import DEFAULT_LIMITS, Limits
from simengine.props import describe, suggest
from simengine.reading import (
    Report,
    as_list,
    as_object,
    at,
    check_id,
    limited_specs,
    parse_props,
    parse_ui,
    rough_size,
    unknown_keys,
)
from simengine.validation_placement import parse_placement, parse_regions
from simengine.validation_rules import check_rules
from simengine.validation_run import parse_faults, parse_goals, parse_run

TOP_KEYS = ("format", "name", "regions", "nodes", "edges", "faults", "goals", "run")
NODE_KEYS = ("id", "kind", "label", "placement", "props", "ui")
EDGE_KEYS = ("id", "from", "to", "props")
DEFAULT_NAME = "Untitled design"


# --- public API ----------------------------------------------------------------------------------


def parse_design(document: object, limits: Limits = DEFAULT_LIMITS) -> Design:
    """The `Design` a document describes, or `DesignError` listing every problem with it."""
    report = Report(limits)
    try:
        design = _parse(document, report)
    except Exception as exc:
        # A safety net, not a path (the fuzz tests fail on it): a bug here must still answer as
        # a design problem rather than crash the API or the CLI.
        report.add("", f"this design could not be read (internal error: {type(exc).__name__})")
        design = None
    if report.problems or design is None:
        raise DesignError(report.final() or [Problem("", "this design could not be read")])
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
        report.add(
            "",
            f"the design is too large: its JSON must stay under "
            f"{report.limits.max_document_bytes:,} bytes",
        )
        return None
    if not _check_format(document, report):
        return None
    unknown_keys(document, TOP_KEYS, "", report)
    regions = parse_regions(document.get("regions"), report)
    nodes = _parse_nodes(document.get("nodes"), regions, report)
    edges = _parse_edges(document.get("edges"), nodes, report)
    run = parse_run(document.get("run"), report)
    faults = parse_faults(document.get("faults"), nodes, regions, run, report)
    design = Design(
        name=_parse_name(document.get("name"), report),
        regions=tuple(regions.values()),
        nodes=tuple(nodes.values()),
        edges=tuple(edges.values()),
        faults=faults,
        goals=parse_goals(document.get("goals"), nodes, report, faults),
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
        report.add(
            "format",
            f"unknown format version {describe(version)}: "
            f"this playground reads format {FORMAT_VERSION}",
        )
    else:
        report.add("format", f"must be the number {FORMAT_VERSION}, not {describe(version)}")
    return False


def _parse_name(value: Any, report: Report) -> str:
    """The design's name: short plain text; missing or null gives "Untitled design"."""
    if value is None:
        return DEFAULT_NAME
    name, problem = values.plain_text(value, report.limits.max_name_length)
    if problem:
        report.add("name", problem)
        return DEFAULT_NAME
    if not name.strip():
        report.add("name", "must not be empty")
    return name


# --- nodes ---------------------------------------------------------------------------------------


def _parse_nodes(raw: Any, regions: Mapping[str, Region], report: Report) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    items = as_list(raw, "nodes", report, report.limits.max_nodes, "nodes")
    for index, item in report.each(items):
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


def _parse_node(item: Any, path: str, regions: Mapping[str, Region], report: Report) -> Node | None:
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
    placement = parse_placement(obj.get("placement"), kind, at(path, "placement"), regions, report)
    specs = limited_specs(KINDS[kind], report.limits)
    props = parse_props(obj.get("props"), specs, at(path, "props"), report, kind)
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


# --- edges ---------------------------------------------------------------------------------------


def _parse_edges(raw: Any, nodes: Mapping[str, Node], report: Report) -> dict[str, Edge]:
    edges: dict[str, Edge] = {}
    pairs: dict[tuple[str, str], str] = {}
    items = as_list(raw, "edges", report, report.limits.max_edges, "edges")
    for index, item in report.each(items):
        path = at("edges", index)
        edge = _parse_edge(item, path, nodes, report)
        if edge is None:
            continue
        if edge.id in edges or edge.id in nodes:
            owner = "an edge" if edge.id in edges else "a node"
            report.add(
                at(path, "id"),
                f'{owner} already has the id "{edge.id}" (nodes and edges share one set of ids)',
            )
            continue
        pair = (edge.source, edge.target)
        if pair in pairs:
            report.add(
                path,
                f"there is already an edge from {edge.source} to {edge.target} ({pairs[pair]})",
            )
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
    if report.full:
        report.unlisted += 1
    elif value is None:
        report.add(path, "is missing: name the node's id")
    else:
        report.add(path, f"there is no node {describe(value)}" + suggest(value, nodes))
    return None


def _edge_allowed(
    source: Node, target: Node, props: Mapping[str, Any], path: str, report: Report
) -> bool:
    """AWS-shaped wiring: only calls the source kind can make, to a kind that can take them."""
    if source.id == target.id:
        report.add(path, f"an edge cannot go from {source.id} to itself")
        return False
    spec, target_spec = KINDS[source.kind], KINDS[target.kind]
    if target_spec.is_client:
        report.add(
            at(path, "to"),
            "a client cannot be the target of an edge: users send requests, nothing sends to them",
        )
        return False
    if target.kind not in spec.outputs:
        can = ", ".join(spec.outputs) if spec.outputs else "nothing in the design"
        report.add(
            path,
            f"{source.kind} cannot send to {target.kind} "
            f"({source.id} -> {target.id}); {source.kind} can send to: {can}",
        )
        return False
    if props["mode"] == "async" and not target_spec.accepts_async:
        report.add(
            at(at(path, "props"), "mode"),
            f"{target.kind} cannot take asynchronous calls: make this edge sync, "
            "or put an SQS queue or SNS topic in between",
        )
        return False
    return True


# --- back to a document --------------------------------------------------------------------------


def design_to_document(design: Design) -> dict[str, Any]:
    """The document (format 1) for a design: `parse_design` of it gives an equal `Design`."""
    return {
        "format": design.format,
        "name": design.name,
        "regions": [{"id": r.id, "azs": list(r.azs)} for r in design.regions],
        "nodes": [_node_document(n) for n in design.nodes],
        "edges": [
            {"id": e.id, "from": e.source, "to": e.target, "props": dict(e.props)}
            for e in design.edges
        ],
        "faults": [_fault_document(f) for f in design.faults],
        "goals": [
            {"metric": g.metric, "scope": g.scope, "op": g.op, "value": g.value}
            for g in design.goals
        ],
        "run": {
            "duration": design.run.duration,
            "seed": design.run.seed,
            "warmup": design.run.warmup,
        },
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
