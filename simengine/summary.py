"""A run's report as text a learner can read (the CLI's `run` without --json)."""

from __future__ import annotations

from typing import Any

from simengine.components import REGISTRY
from simengine.goal_metrics import GOAL_METRICS, with_unit


def _ms(x: float | None) -> str:
    return "-" if x is None else f"{x:,.1f}"


def render(report: dict[str, Any]) -> str:
    r = report
    req, lat = r["requests"], r["latency_ms"]
    lines = [
        f"{r['name']}: seed {r['seed']}, {r['duration']:g} s simulated"
        + (
            f" (the first {r['warmup']:g} s are warmup, left out of the figures)"
            if r["warmup"]
            else ""
        ),
    ]
    if r.get("stopped"):
        lines.append(f"STOPPED EARLY: {r['stopped']}")
    lines += [
        "",
        f"Requests: {req['total']:,} sent, {req['ok']:,} ok, {req['failed']:,} failed, "
        f"{req['in_flight']:,} still in flight (error rate {r['error_rate']:.2%})",
    ]
    causes = {k: v for k, v in req["by_cause"].items() if v}
    if causes:
        lines.append("  failed because: " + ", ".join(f"{k} {v:,}" for k, v in causes.items()))
    lines += [
        f"Latency as users see it (ms): mean {_ms(lat['mean'])}, p50 {_ms(lat['p50'])}, "
        f"p95 {_ms(lat['p95'])}, p99 {_ms(lat['p99'])}",
        f"Throughput: {r['throughput_rps']:,.1f} successful requests per second",
        "",
        f"{'node':<18}{'kind':<15}{'arrivals':>10}{'errors':>8}{'mean ms':>10}{'p99 ms':>10}"
        f"{'busy':>7}",
    ]
    queues = []
    for nid, n in r["nodes"].items():
        kind = REGISTRY[n["kind"]]
        own = kind.summary_row(nid, n)
        if own is not None:
            lines.append(own[0])
            queues.append(own[1])
            continue
        util = f"{n['utilization']:.0%}" if kind.busy_column else ""
        lines.append(
            f"{nid[:17]:<18}{n['kind']:<15}{n['arrivals']:>10,}{n['errors']:>8,}"
            f"{n['mean_ms']:>10.1f}{n['p99_ms']:>10.1f}{util:>7}"
        )
    lines += queues
    for cid, c in r["clients"].items():
        cl = c["latency_ms"]
        lines.append(
            f"client {cid}: {c['total']:,} requests, {c['error_rate']:.2%} failed, p99 "
            f"{_ms(cl['p99'])} ms, {c['retries']:,} retries"
        )
    where = r.get("latency_breakdown_ms") or {}
    if where:
        lines.append(
            "Where a request's time went (ms): "
            + ", ".join(
                f"{k.replace('_', ' ')} {v:.1f}"
                for k, v in sorted(where.items(), key=lambda kv: -kv[1])
            )
        )
    b = r.get("bottleneck")
    lines.append(f"Bottleneck: {b['reason']}" if b else "Bottleneck: none (no node is saturated)")
    if r["goals"]:
        lines += ["", "Goals:"]
        for g in r["goals"]:
            scope = g["scope"] or "overall"
            spec = GOAL_METRICS.get(g["metric"])
            unit = spec.unit if spec else None
            actual = with_unit(g["actual"], unit, g["metric"])
            why = f" ({g['detail']})" if g.get("detail") else ""
            lines.append(
                f"  {'PASS' if g['passed'] else 'FAIL'}  {g['metric']} ({scope}) "
                f"{g['op']} {with_unit(g['value'], unit, g['metric'])}: actual {actual}{why}"
            )
    if r["faults"]:
        lines += ["", "Faults:"]
        for f in r["faults"]:
            rto = "not recovered by the end" if f["rto_s"] is None else f"{f['rto_s']:g} s"
            lines.append(
                f"  {f['kind']} on {f['target']} at {f['at']:g} s: RTO {rto}, RPO "
                f"{f['rpo_s']:g} s ({f['writes_lost']} acknowledged writes lost)"
            )
    kinds: dict[str, int] = {}
    for e in r["events"]:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    lines += [
        "",
        f"Events: {r['events_total']:,}"
        + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")" if kinds else ""),
    ]
    for e in r["events"][:8]:
        lines.append(f"  {e['t']:>8.1f} s  {e['message']}")
    if len(r["events"]) > 8:
        lines.append(f"  ... {r['events_total'] - 8:,} more (use --json for all)")
    cost = r["cost"]
    lines += [
        "",
        f"Cost: ${cost['per_hour']:,.4f} per hour, ${cost['total']:,.4f} for this run "
        f"({cost['prices']})",
    ]
    return "\n".join(lines)
