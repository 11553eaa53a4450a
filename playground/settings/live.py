"""Live runs: how many, how big, how fast, how long. Imported by base.py; each number can be
changed from the environment of the same name."""
import os


def _number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


# Runs playing at once, per owner (a user, or an anonymous browser session) and per deployment.
# Past either a start gets a "busy" error at once; nothing queues.
LIVE_MAX_RUNS_PER_OWNER = int(_number("LIVE_MAX_RUNS_PER_OWNER", 2))
LIVE_MAX_RUNS_TOTAL = int(_number("LIVE_MAX_RUNS_TOTAL", 64))
# One websocket message from a client (a start carrying an inline design is the biggest).
LIVE_MAX_MESSAGE_BYTES = int(_number("LIVE_MAX_MESSAGE_BYTES", 64 * 1024))
# Messages a connection may send: `rate` a second on average, bursts of `burst`.
LIVE_MESSAGE_RATE = _number("LIVE_MESSAGE_RATE", 20)
LIVE_MESSAGE_BURST = _number("LIVE_MESSAGE_BURST", 40)
# A run's simulated duration (design `run.duration`) and its wall-clock time. At its wall-clock
# limit a run ends itself with its report; LIVE_KILL_GRACE_S later the server kills it regardless.
LIVE_MAX_SIMULATED_S = _number("LIVE_MAX_SIMULATED_S", 6 * 3600)
LIVE_MAX_WALL_S = _number("LIVE_MAX_WALL_S", 30 * 60)
LIVE_KILL_GRACE_S = _number("LIVE_KILL_GRACE_S", 5)
# Address-space cap of one worker process (RLIMIT_AS), in MiB.
LIVE_MEMORY_MB = int(_number("LIVE_MEMORY_MB", 768))
# Frames: at most one per interval of wall time (10 a second), each the latest window. The engine
# is stepped in slices of at most LIVE_SLICE_MAX_S simulated seconds, controls obeyed between.
LIVE_FRAME_INTERVAL_S = _number("LIVE_FRAME_INTERVAL_S", 0.1)
LIVE_SLICE_MAX_S = _number("LIVE_SLICE_MAX_S", 1.0)
# A client that reads slower than frames come: while this many bytes wait in its socket's send
# buffer, stale frames are dropped (the newest is kept, `seq` shows the gap).
LIVE_SEND_BACKLOG_BYTES = int(_number("LIVE_SEND_BACKLOG_BYTES", 4 * 1024))
# The kernel's send buffer of each live socket (Linux doubles it): small, so a stalled reader
# is noticed within about a second of frames instead of after megabytes. 0 leaves the default.
LIVE_SOCKET_SNDBUF = int(_number("LIVE_SOCKET_SNDBUF", 8 * 1024))
# Watch-along: frames to viewers go through the channel layer, at most one per this interval.
# With Redis (several processes) that is a coalesced low rate, never the owner's 10 Hz stream.
LIVE_REDIS_URL = os.environ.get("REDIS_URL") or None
LIVE_WATCH_INTERVAL_S = _number("LIVE_WATCH_INTERVAL_S", 0.25 if LIVE_REDIS_URL else 0.1)
# The engine the workers run (settings only, never user input; tests swap in misbehaving ones).
LIVE_ENGINE = "simengine.simulation:Simulation"
LIVE_PARSER = "simengine.validation:parse_design"
