"""Rules that look at more than one value: props that must agree with each other, and wiring
that AWS itself would refuse or that could never finish.

A kind's own rules live in its module (`KindSpec.rules` over one node's props, and
`KindSpec.wiring_rules` over a node and its edges); the rule here, that waiting calls must not go
round in a circle, belongs to no one kind. `check_rules` runs them all, reporting through
`add(path, message)`, after every single value has been checked, so they may trust types and
ranges.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from simengine.catalogue import KINDS
from simengine.design import Design, Node
from simengine.spec import Add


def check_rules(design: Design, paths: Mapping[str, str], add: Add) -> None:
    """Run every cross-prop and cross-node rule; report through `add`."""
    for node in design.nodes:
        path = paths.get(node.id, "nodes") + ".props"
        for prop, message in node_problems(node):
            add(f"{path}.{prop}", message)
        for wiring_rule in KINDS[node.kind].wiring_rules:
            wiring_rule(design, node, paths, add)
    _sync_cycles(design, paths, add)


def node_problems(node: Node) -> Iterator[tuple[str, str]]:
    """(prop, message) for each of the node's kind rules its props break; a live change to a
    running node is checked with this too."""
    for rule in KINDS[node.kind].rules:
        yield from rule(node)


def _sync_cycles(design: Design, paths: Mapping[str, str], add: Add) -> None:
    """A request that calls round in a circle and waits each time would never finish."""
    calls: dict[str, list[tuple[str, str]]] = {n.id: [] for n in design.nodes}
    kinds = {n.id: n.kind for n in design.nodes}
    for edge in design.edges:
        if edge.props["mode"] == "sync" and not KINDS[kinds[edge.source]].delivers:
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
