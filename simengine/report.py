"""Frames (live figures of the last window) and the report (the whole run, warmup excluded).

Shapes follow DESIGN.md ("Metrics frames", "Report"). Every number is computed from the run's
own counters and histograms; nothing here simulates. The goals are judged by `simengine.goals`.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from simengine.components.base import CAUSES
from simengine.goals import judge
from simengine.metrics import Histogram, merged

if TYPE_CHECKING:
    from simengine.simulation import Simulation

SATURATED = 0.85  # utilization from which a node counts as saturated (queues grow quickly)


def _r(x: Any, nd: int = 6) -> Any:
    if isinstance(x, float):
        return round(x, nd)
    if isinstance(x, dict):
        return {k: _r(v, nd) for k, v in x.items()}
    if isinstance(x, list):
        return [_r(v, nd) for v in x]
    return x


def _pcts(h: Histogram) -> dict[str, float]:
    return {
        "mean": h.mean * 1000.0,
        "p50": h.quantile(0.5) * 1000.0,
        "p95": h.quantile(0.95) * 1000.0,
        "p99": h.quantile(0.99) * 1000.0,
    }


# --- frames -----------------------------------------------------------------------------------


def build_frame(sim: Simulation) -> dict[str, Any]:
    """The live figures: each over the last window of simulated time (`Simulation.window_s`,
    see `metrics.Window`), events since the previous frame, request counts since the start, and
    `run_p99_ms`, the run's p99 so far computed as the report's `latency_ms.p99` is."""
    now = sim.env.now
    sim.close_slices()
    span, usage, _ = sim.usage_window.last()  # every slice of a frame shares these bounds
    wins = []
    w_total = w_ok = w_failed = 0
    for client in sim.clients:
        _, (c_total, c_ok, c_failed), c_win = client.window.last()
        w_total, w_ok, w_failed = w_total + c_total, w_ok + c_ok, w_failed + c_failed
        wins.append(c_win)
    win = wins[0] if len(wins) == 1 else merged(wins)  # read only
    p50, p95, p99 = win.quantiles((0.5, 0.95, 0.99))
    # The run so far as the report will say it (latency_ms.p99: the requests that succeeded,
    # after warm-up), so the panel can show it beside the last second's; None before any.
    so_far = sim.clients[0].hist if len(sim.clients) == 1 else merged(c.hist for c in sim.clients)
    total = sum(c.total for c in sim.clients)
    ok = sum(c.ok for c in sim.clients)
    failed = sum(c.failed for c in sim.clients)
    per_s = 1.0 / span if span > 0 else 0.0
    nodes = {cid: comp.frame() for cid, comp in sim.components.items()}
    edges = {lid: {"rps": link.window.last()[1][0] * per_s} for lid, link in sim.links.items()}
    fresh = sim.events[sim._events_sent :]
    sim._events_sent = len(sim.events)
    frame = {
        "type": "frame",
        "t": now,
        "global": {
            "rps": w_total * per_s,
            "ok_rps": w_ok * per_s,
            "error_rate": w_failed / (w_ok + w_failed) if w_ok + w_failed else 0.0,
            "p50_ms": p50 * 1000.0,
            "p95_ms": p95 * 1000.0,
            "p99_ms": p99 * 1000.0,
            "run_p99_ms": so_far.quantile(0.99) * 1000.0 if so_far.n else None,
            "cost_per_hour": sum(c.cost_per_hour() for c in sim.components.values())
            + usage[0] * per_s * 3600.0,
            "requests": {
                "total": total,
                "ok": ok,
                "failed": failed,
                "in_flight": total - ok - failed,
            },
        },
        "nodes": nodes,
        "edges": edges,
        "events": fresh[:200],
    }
    if sim.stopped:
        frame["stopped"] = sim.stopped
    return _r(frame)


# --- the report -------------------------------------------------------------------------------


def build_report(sim: Simulation) -> dict[str, Any]:
    now = sim.env.now
    clients = {c.id: c.summary() for c in sim.clients}
    nodes = {cid: comp.summary() for cid, comp in sim.components.items() if not comp.spec.is_client}
    latency = merged(c.hist for c in sim.clients)
    by_cause = dict.fromkeys(CAUSES, 0)
    for c in clients.values():
        for cause, k in c["by_cause"].items():
            by_cause[cause] = by_cause.get(cause, 0) + k
    total = sum(c["total"] for c in clients.values())
    ok = sum(c["ok"] for c in clients.values())
    failed = sum(c["failed"] for c in clients.values())
    usage = sum(c.usage_cost() for c in sim.components.values())
    cost_total = sim.cost_accrued + usage
    span = max(1e-9, now - sim.warmup)
    report = {
        "name": sim.design.name,
        "seed": sim.seed,
        "duration": now,
        "warmup": sim.warmup,
        "requests": {
            "total": total,
            "ok": ok,
            "failed": failed,
            "in_flight": total - ok - failed,
            "by_cause": by_cause,
        },
        "latency_ms": _pcts(latency),
        "throughput_rps": ok / span,
        "error_rate": failed / (ok + failed) if ok + failed else 0.0,
        "clients": clients,
        "nodes": nodes,
        "events": sim.events,
        "events_total": sim.events_total,
        "faults": sim.faults.summary(),
        "cost": {
            "per_hour": cost_total / (now / 3600.0) if now > 0 else 0.0,
            "total": cost_total,
            "prices": "approximate on-demand list prices, us-east-1",
        },
        "latency_breakdown_ms": breakdown(sim, nodes, latency),
        "bottleneck": bottleneck(sim, nodes),
    }
    report["goals"] = judge(sim, report)
    report["not_graded"] = not_graded(sim)
    report["graded"] = report["not_graded"] is None
    if sim.stopped:
        report["stopped"] = sim.stopped
    return _r(report)


def not_graded(sim: Simulation) -> str | None:
    """Why this run's goals do not grade the design, or None: only a run that played the design
    as drawn, to its end, grades it (a run stopped early would pass a puzzle whose fault comes
    later; users whose traffic was changed live are not the design's users)."""
    why = []
    if sim.env.now < sim.duration - 1e-9:
        why.append(f"the run stopped at {sim.env.now:g} of {sim.duration:g} s")
    if sim.traffic_changed:
        who = ", ".join(sim.traffic_changed)
        why.append(f"the traffic of {who} was changed during the run")
    return "; ".join(why) if why else None


def sync_path(sim: Simulation) -> list[str]:
    """Nodes a user's request visits while the user waits (breadth first from the clients;
    async edges and queue/topic consumers are not on it)."""
    seen: list[str] = []
    todo = deque(c.id for c in sim.clients)
    while todo:
        nid = todo.popleft()
        if nid in seen:
            continue
        seen.append(nid)
        comp = sim.components[nid]
        if comp.ends_user_path:
            continue
        todo.extend(lk.dst.id for lk in comp.links if not lk.is_async)
    return seen


def breakdown(sim: Simulation, nodes: dict[str, Any], latency: Histogram) -> dict[str, float]:
    """Where a user's request spent its time, on average over the measured requests: each node's
    own time (queueing and service, every attempt included) per request, and the rest (network,
    backoff between retries)."""
    finished = sum(c.m_ok + c.m_failed for c in sim.clients)
    if not finished:
        return {}
    out = {}
    for nid in sync_path(sim):
        comp = sim.components[nid]
        if comp.spec.is_client:
            continue
        spent = comp.stats.hist.total * 1000.0 / finished
        if spent > 0:
            out[nid] = spent
    out["network_and_retries"] = max(0.0, latency.mean * 1000.0 - sum(out.values()))
    return out


def bottleneck(sim: Simulation, nodes: dict[str, Any]) -> dict[str, Any] | None:
    """The first saturated node, breadth first from the clients (the users' path first)."""
    order = sync_path(sim)
    todo = deque(order)
    while todo:  # then whatever hangs off it asynchronously
        for lk in sim.components[todo.popleft()].links:
            if lk.dst.id not in order:
                order.append(lk.dst.id)
                todo.append(lk.dst.id)
    for nid in order:
        fig = nodes.get(nid)
        if fig is None:
            continue
        util = sim.components[nid].saturation()
        arrivals = max(1, fig["arrivals"])
        causes = fig.get("errors_by_cause", {})
        refused = causes.get("throttled", 0) + causes.get("dropped", 0)
        if util >= SATURATED:
            return {
                "node": nid,
                "utilization": util,
                "reason": f"{nid} is {util:.0%} busy: requests queue there",
            }
        if refused / arrivals > 0.01:
            return {
                "node": nid,
                "utilization": util,
                "reason": f"{nid} refused {refused / arrivals:.1%} of its requests "
                "(throttled or over its limits)",
            }
    return None
