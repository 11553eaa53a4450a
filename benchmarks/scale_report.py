"""Printing the scale-out benchmark's figures (`bench_scale_out`): one table per topology and
load, every error spelled out, and what the servers' logs said went wrong."""

from __future__ import annotations

import re
from pathlib import Path

# A log line that reports something going wrong: Python's tracebacks and logging levels, and
# daphne's own complaints.
_BAD = re.compile(
    r"Traceback|\bERROR\b|\bWARNING\b|\bCRITICAL\b|Exception|failed|Error:|"
    r"took too long to shut down|destroyed but it is pending|WSREJECT|\" 5\d\d "
)
SHOWN = 10  # errors printed in full; the rest counted


def server_log_errors(logs: Path) -> dict[str, list[str]]:
    """Per server log in `logs`: its lines that report an error."""
    found = {}
    for log in sorted(logs.glob("*.log")):
        lines = log.read_text(errors="replace").splitlines()
        found[log.stem] = [line.strip() for line in lines if _BAD.search(line)]
    return found


def _pair(values: tuple[float, float], unit: str = "") -> str:
    return f"{values[0]:.1f} / {values[1]:.1f}{unit}"


def _each(values: list[float], fmt: str) -> str:
    return " + ".join(fmt.format(v) for v in values) if values else "-"


def table(topology: str, r: dict) -> str:
    """The figures of one load on one topology, as a markdown table, then the errors."""
    rows = [
        ("runs / viewers", f"{r['runs']} / {r['viewers']} ({r['workers']} run workers mid window)"),
        ("frames/s per owner, median / p5", _pair(r["owner_fps"])),
        ("frames/s per viewer, median / p5", _pair(r["viewer_fps"])),
        (
            "viewer lag p50 / p99",
            f"{r['lag_ms'][0]:.0f} / {r['lag_ms'][1]:.0f} ms ({r['lag_samples']} frames, "
            f"{r['lag_missed']} never reached a viewer)",
        ),
        (
            "control round trip p50 / p99",
            f"{r['rtt_ms'][0]:.0f} / {r['rtt_ms'][1]:.0f} ms ({r['rtt_acked']} acknowledged, "
            f"{r['rtt_unacked']} not)",
        ),
        (
            "first frame, median / p99",
            f"{r['first_ms'][0]:.0f} / {r['first_ms'][1]:.0f} ms ({r['first_missing']} runs "
            f"without one); viewer join -> frame median / max {r['viewer_first_ms'][0]:.0f} / "
            f"{r['viewer_first_ms'][1]:.0f} ms",
        ),
        ("errors (sockets, messages, saves)", str(len(r["errors"]))),
        (
            "server log lines reporting errors",
            ", ".join(f"{name} {len(lines)}" for name, lines in r["log_errors"].items()),
        ),
        (
            "memory: RSS (PSS) per server, mid window",
            f"{_each(r['rss_mb'], '{:.0f}')} MB ({_each(r['pss_mb'], '{:.0f}')} MB); idle "
            f"{_each(r['idle_rss_mb'], '{:.0f}')} MB ({_each(r['idle_pss_mb'], '{:.0f}')} MB)",
        ),
        (
            "memory per run",
            f"RSS {r['per_run_rss_mb']:.1f} MB (all RSS / runs); PSS {r['per_run_pss_mb']:.1f} "
            "MB (over idle / runs)",
        ),
        (
            "CPU, cores: per server / per run",
            f"{_each(r['cpu_cores'], '{:.2f}')} / {r['cpu_per_run']:.3f}",
        ),
        ("clients' CPU, machine load", f"{r['client_cpu']:.2f} cores, load {r['load']:.1f}"),
    ]
    lines = [f"   {topology}, {r['runs']} runs:", "   | figure | value |", "   | --- | --- |"]
    lines += [f"   | {name} | {value} |" for name, value in rows]
    for error in r["errors"][:SHOWN]:
        lines.append(f"     error: {error}")
    if len(r["errors"]) > SHOWN:
        lines.append(f"     ... and {len(r['errors']) - SHOWN} more errors")
    for name, found in r["log_errors"].items():
        for line in found[:3]:
            lines.append(f"     {name}.log: {line[:300]}")
        if len(found) > 3:
            lines.append(f"     {name}.log: ... and {len(found) - 3} more such lines")
    return "\n".join(lines)
