"""Reading a Chromium trace of the canvas benchmark: per main frame, the page's main-thread CPU
time and its raster workers' CPU time, and Chromium's own count of dropped frames (see
`bench_canvas` for why frames are read from the trace and not from requestAnimationFrame)."""

from __future__ import annotations

import json


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))] if s else float("nan")


def _cpu(e: dict) -> float:
    """An event's thread (CPU) time in ms: other jobs on the machine stretch wall time, not this."""
    return e.get("tdur", e["dur"]) / 1000


def read_trace(data: bytes, tag: str) -> dict:
    """Per-frame work of the page marked `tag`: main-thread and raster time, and dropped frames."""
    t = json.loads(data)
    ev = t["traceEvents"] if isinstance(t, dict) else t
    marks = {e["name"]: e for e in ev if e.get("name", "").startswith(f"bench:{tag}:")}
    start, end = marks[f"bench:{tag}:start"], marks[f"bench:{tag}:end"]
    pid, t0, t1 = start["pid"], start["ts"], end["ts"]
    main = {
        e["tid"]
        for e in ev
        if e.get("ph") == "M"
        and e.get("name") == "thread_name"
        and e["pid"] == pid
        and e["args"]["name"] == "CrRendererMain"
    }
    on_main = sorted(
        (
            e
            for e in ev
            if e.get("ph") == "X" and e["pid"] == pid and e["tid"] in main and t0 <= e["ts"] <= t1
        ),
        key=lambda e: (e["ts"], -e.get("dur", 0)),
    )
    bmf = [e for e in on_main if e["name"] == "ProxyMain::BeginMainFrame"]
    numbers = {}  # BeginMainFrame ts -> source frame number (from the update of layers it contains)
    for e in on_main:
        if e["name"] == "LayerTreeHost::DoUpdateLayers":
            for b in bmf:
                if b["ts"] <= e["ts"] <= b["ts"] + b["dur"]:
                    numbers[b["ts"]] = e["args"].get("source_frame_number")
    raster: dict[int, float] = {}
    for e in ev:
        if e.get("ph") == "X" and e.get("name") == "RasterTask" and e["pid"] == pid:
            n = (e.get("args", {}).get("tileData") or {}).get("sourceFrameNumber")
            if n is not None:
                raster[n] = raster.get(n, 0.0) + _cpu(e)
    frames, acc, top_end = [], 0.0, -1
    for e in on_main:  # top-level tasks only; those without a frame count toward the next one
        if e["name"] != "RunTask" or e["ts"] < top_end:
            continue
        top_end = e["ts"] + e["dur"]
        acc += _cpu(e)
        inside = [b for b in bmf if e["ts"] <= b["ts"] <= top_end]
        if inside:
            n = numbers.get(inside[0]["ts"])
            r = raster.get(n, 0.0) if n is not None else 0.0
            frames.append((acc, r))
            acc = 0.0
    states = {}
    for e in ev:
        if (
            e.get("name") == "PipelineReporter"
            and e.get("ph") == "b"
            and e["pid"] == pid
            and t0 <= e["ts"] <= t1
        ):
            st = e["args"]["frame_reporter"].get("state", "")
            states[st] = states.get(st, 0) + 1
    shown = states.get("STATE_PRESENTED_ALL", 0) + states.get("STATE_PRESENTED_PARTIAL", 0)
    return {
        "main": [m for m, _ in frames],
        "raster": [r for _, r in frames],
        "work": [m + r for m, r in frames],
        "dropped": states.get("STATE_DROPPED", 0),
        "shown": shown,
    }


CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "cc",
    "benchmark",
    "blink.user_timing",
]
