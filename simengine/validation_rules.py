"""Rules that look at more than one value: props that must agree with each other, and wiring
that AWS itself would refuse or that could never finish.

Each rule is a small function over the parsed `Design` that reports through `add(path,
message)`; `check_rules` runs them all. They run after every single value has been checked, so
they may trust types and ranges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from simengine.design import Design, Node
from simengine.props import fmt_number

Add = Callable[[str, str], None]

# Edges out of these kinds are deliveries, not calls the sender waits on.
DELIVERING_KINDS = ("sqs", "sns", "s3", "dynamodb", "rds")


def check_rules(design: Design, paths: Mapping[str, str], add: Add) -> None:
    """Run every cross-prop and cross-node rule; report through `add`."""
    for node in design.nodes:
        path = paths.get(node.id, "nodes") + ".props"
        for rule in NODE_RULES.get(node.kind, ()):
            for prop, message in rule(node):
                add(f"{path}.{prop}", message)
        if node.kind == "route53":
            _route53_edges(design, node, paths.get(node.id, "nodes"), add)
    _sqs_feeds_lambda(design, paths, add)
    _sync_cycles(design, paths, add)


def _asg_size(node: Node) -> Iterator[tuple[str, str]]:
    p = node.props
    if p["min"] > p["max"]:
        yield "max", f"must be at least min ({p['min']})"
    elif p["desired"] < p["min"]:
        yield "desired", f"must be at least min ({p['min']})"
    elif p["desired"] > p["max"]:
        yield "desired", f"must be at most max ({p['max']})"
    if p["policy"] == "scheduled" and not p["min"] <= p["scheduled_desired"] <= p["max"]:
        yield "scheduled_desired", f"must be between min ({p['min']}) and max ({p['max']})"


def _asg_policy(node: Node) -> Iterator[tuple[str, str]]:
    p = node.props
    if p["policy"] == "step" and p["step_lower"] >= p["step_upper"]:
        yield "step_lower", f"must be below step_upper ({fmt_number(p['step_upper'])})"
    tracks_cpu = p["policy"] == "target_tracking" and p["target_metric"] == "cpu"
    if tracks_cpu and not 0 < p["target_value"] <= 100:
        yield "target_value", "is a CPU percentage: between 0 and 100"


def _alb_health(node: Node) -> Iterator[tuple[str, str]]:
    p = node.props
    if p["health_timeout_s"] >= p["health_interval_s"]:
        yield (
            "health_timeout_s",
            (f"must be less than health_interval_s ({p['health_interval_s']} s), as AWS requires"),
        )
    if 0 < p["slow_start_s"] < 30:
        yield "slow_start_s", "must be 0 (off) or between 30 and 900 s"


def _rds_replicas(node: Node) -> Iterator[tuple[str, str]]:
    if node.props["read_from_replicas"] and node.props["read_replicas"] == 0:
        yield "read_from_replicas", "needs at least one read replica (read_replicas)"


def _lambda_concurrency(node: Node) -> Iterator[tuple[str, str]]:
    p = node.props
    if p["reserved_concurrency"] > p["concurrency_limit"]:
        yield (
            "reserved_concurrency",
            (f"must be at most the Region's concurrency_limit ({p['concurrency_limit']})"),
        )


def _client_pattern(node: Node) -> Iterator[tuple[str, str]]:
    if node.props["pattern"] == "spike" and node.props["spike_duration_s"] <= 0:
        yield "spike_duration_s", "must be more than 0 s for a spike to happen"


NODE_RULES: Mapping[str, tuple[Callable[[Node], Iterator[tuple[str, str]]], ...]] = {
    "asg": (_asg_size, _asg_policy),
    "alb": (_alb_health,),
    "rds": (_rds_replicas,),
    "lambda": (_lambda_concurrency,),
    "client": (_client_pattern,),
}


def _route53_edges(design: Design, node: Node, path: str, add: Add) -> None:
    """Failover needs one primary; weighted needs some weight (AWS Route 53 routing policies)."""
    edges = design.out_edges(node.id)
    policy = node.props["policy"]
    if policy == "failover" and edges:
        primaries = sum(1 for e in edges if e.props["role"] == "primary")
        if primaries != 1:
            add(
                f"{path}.props.policy",
                "failover routing needs exactly one outgoing edge with "
                f"role primary (found {primaries})",
            )
    if policy == "weighted" and edges and not any(e.props["weight"] > 0 for e in edges):
        add(f"{path}.props.policy", "weighted routing needs an outgoing edge with weight above 0")


def _sqs_feeds_lambda(design: Design, paths: Mapping[str, str], add: Add) -> None:
    """AWS refuses an SQS event source whose visibility timeout is shorter than the function's
    timeout (AWS Lambda docs, "Using Lambda with Amazon SQS")."""
    for edge in design.edges:
        queue, function = design.node(edge.source), design.node(edge.target)
        if queue.kind != "sqs" or function.kind != "lambda":
            continue
        if queue.props["visibility_timeout_s"] < function.props["timeout_s"]:
            add(
                paths[edge.id],
                f"{queue.id}'s visibility_timeout_s ({queue.props['visibility_timeout_s']} s) must "
                f"be at least {function.id}'s timeout_s ({fmt_number(function.props['timeout_s'])}"
                " s): AWS refuses this event source",
            )


def _sync_cycles(design: Design, paths: Mapping[str, str], add: Add) -> None:
    """A request that calls round in a circle and waits each time would never finish."""
    calls: dict[str, list[tuple[str, str]]] = {n.id: [] for n in design.nodes}
    kinds = {n.id: n.kind for n in design.nodes}
    for edge in design.edges:
        if edge.props["mode"] == "sync" and kinds[edge.source] not in DELIVERING_KINDS:
            calls[edge.source].append((edge.target, edge.id))
    for cycle in _find_cycles(calls):
        names = " -> ".join(cycle[1] + [cycle[1][0]])
        add(
            paths[cycle[0]],
            f"calls go round in a circle ({names}), so a request would never "
            "finish; make one of these edges async or remove it",
        )


def _find_cycles(calls: Mapping[str, list[tuple[str, str]]]) -> list[tuple[str, list[str]]]:
    """One (closing edge id, node ids) per back edge found by an iterative depth-first search."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    found: list[tuple[str, list[str]]] = []
    for start in calls:
        if start in state:
            continue
        path, stack = [start], [iter(calls[start])]
        state[start] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            target, edge_id = step
            if state.get(target) == 1:
                found.append((edge_id, path[path.index(target) :]))
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(calls[target]))
    return found
