"""Live runs: how many, how big, how fast, how long. Imported by base.py; each number can be
changed from the environment of the same name."""

import os


def _number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def machine_memory_mb() -> int:
    """This machine's memory (MemTotal in /proc/meminfo), in MiB."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20


# Admission (playground/live/limits.py): runs playing at once. Past any of these a start gets a
# "busy" error at once that names the limit; nothing queues.
# Per owner (a user, or an anonymous browser session).
LIVE_MAX_RUNS_PER_OWNER = int(_number("LIVE_MAX_RUNS_PER_OWNER", 2))
# Per client address: a class of 30 and its instructor behind one school NAT fit; one client
# minting sessions cannot hold every seat.
LIVE_MAX_RUNS_PER_ADDRESS = int(_number("LIVE_MAX_RUNS_PER_ADDRESS", 40))
# Whatever the figure above, one address never holds every seat: this share of the total (at
# least one seat; 0 turns this off) stays for the others. On 2 cores (40 seats in all) an address
# may hold 35, so a class of 31 behind one NAT fits and a client minting sessions elsewhere
# leaves 5 seats.
LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES = _number("LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES", 0.125)
# Per server process (each daphne process plays its own runs in its own worker processes, so
# each admits what its share of the machine holds), and never more than the memory budget holds
# at LIVE_MEMORY_MB each, nor more than the cores keep playing at 1x (LIVE_CPU_PER_RUN each,
# below). Several processes on one machine: give each its share, LIVE_CPU_CORES and
# LIVE_MEMORY_BUDGET_MB divided between them.
LIVE_MAX_RUNS_TOTAL = int(_number("LIVE_MAX_RUNS_TOTAL", 64))
# Per deployment: all server processes together (counted in Redis; without REDIS_URL the one
# process is the deployment). 0: no cap beyond each process's own. The per-owner and per-address
# limits above are counted across the deployment too.
LIVE_MAX_RUNS_DEPLOYMENT = int(_number("LIVE_MAX_RUNS_DEPLOYMENT", 0))
# Address-space cap of one worker process (RLIMIT_AS), in MiB. Measured (a forkserver worker,
# each shipped scenario played to its end at "max"): the heaviest, dynamodb-hot-key, peaks at
# 55 MiB of address space and 48 MiB resident; read-replicas at 39 and 32. 256 is 4.6x that.
LIVE_MEMORY_MB = int(_number("LIVE_MEMORY_MB", 256))
# What all workers' caps together may add up to: three quarters of the machine's memory (the
# rest for daphne, the database and the system). The 24 GiB machine here (MemTotal 23.5 GiB):
# 70 runs at 256 MiB (so the cores bind: 40 on 2); at 768 MiB only 23, where 64 x 768 MiB
# (48 GiB) were admitted before.
LIVE_MEMORY_BUDGET_MB = int(_number("LIVE_MEMORY_BUDGET_MB", machine_memory_mb() * 3 // 4))
# CPU. A run at 1x is light but not free: measured (make bench, classroom), 30 runs of the
# reference design at 1x took 1.2 cores in their workers, 0.04 core each with their frames; the
# engine alone takes 2% of a core for three-tier, 10% for read-replicas, the heaviest scenario.
# So runs at 1x may together use LIVE_CPU_SHARE of the cores (2 cores: 40 runs), the rest is the
# server's. One at "max" (or 30x and more for a heavy design) keeps a whole core busy: at most
# LIVE_MAX_FAST_RUNS such runs play at once, by default one fewer than the cores (at least one),
# so the class at 1x and the server always keep a core; a start or a speed-up past it is busy.
# The cores this process may run on (its affinity: fewer than os.cpu_count() when the server is
# pinned to some of the machine's cores).
LIVE_CPU_CORES = int(_number("LIVE_CPU_CORES", len(os.sched_getaffinity(0)) or 1))
LIVE_CPU_PER_RUN = _number("LIVE_CPU_PER_RUN", 0.04)
LIVE_CPU_SHARE = _number("LIVE_CPU_SHARE", 0.8)
LIVE_FAST_SPEED = _number("LIVE_FAST_SPEED", 30)
LIVE_MAX_FAST_RUNS = int(_number("LIVE_MAX_FAST_RUNS", max(1, LIVE_CPU_CORES - 1)))
# CPU time one run may use, in seconds: it then ends itself with its report (reason cpu_limit).
# Seven minutes of a core at "max" speed; no shipped scenario at 1x comes near it within the
# wall-clock limit (read-replicas: about 190 s in 30 minutes). RLIMIT_CPU, a little above, is
# the backstop for a worker that cannot stop itself.
LIVE_MAX_CPU_S = _number("LIVE_MAX_CPU_S", 420)
# A run's worker lowers its priority by this much: the server's event loop (which accepts
# sockets, greets viewers, relays controls and carries every frame) must win a core the moment
# it wakes, or a class past the cores' capacity fails (handshakes time out, viewers are never
# greeted) where it should only slow down (each run's frames come less often). Checks
# (LIVE_CHECK_NICE, 19) stay below the runs. Not shown by measurement: make bench's scale-out
# at 60 watched runs on 2 cores gave 0 errors on one process with and without it, and its
# two-process failures came and went either way (benchmarks/README.md).
LIVE_RUN_NICE = int(_number("LIVE_RUN_NICE", 5))
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
# After "stop", a worker has this long to send its report; one that has not (hung, SIGSTOPped,
# stuck in a step) is killed, its seat freed and the client told (error `unresponsive`).
LIVE_STOP_GRACE_S = _number("LIVE_STOP_GRACE_S", 3)
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
# Channel-layer traffic of one process (playground/live/fanout.py: watch-along frames, viewers'
# joins and greetings, class-view announcements): at most LIVE_FANOUT_IN_FLIGHT layer calls at
# once; a frame waiting for its turn is replaced by its run's next one (the latest wins), an end
# is never dropped. Each call gives up after LIVE_FANOUT_TIMEOUT_S (below the Redis socket_timeout
# of 10 s, base.py; at 2 s calls timed out on this loaded machine). Measured
# (benchmarks/fanout_capacity.py: one daphne process, runs at 1x with 1-2 viewers each, 2 cores
# shared with other work): before this bound (redis-py's pool of 100, a task per send) errors
# began at 30 runs (owners' sockets closed 1011) and at 40 the log had 24 MaxConnectionsError,
# 3 owners closed; with 16 in flight and a pool of 32, none at 30 to 60 runs. 16 is not tuned
# further: a group send takes a few Redis round trips, so 16 at once is well above the 160 a
# second the frame budget below allows.
LIVE_FANOUT_IN_FLIGHT = int(_number("LIVE_FANOUT_IN_FLIGHT", 16))
LIVE_FANOUT_TIMEOUT_S = _number("LIVE_FANOUT_TIMEOUT_S", 5)
# The channel layer's Redis pool (redis-py 8.1's asyncio ConnectionPool `max_connections`,
# default 100, redis/asyncio/connection.py; channels_redis 4.3 hands a host's keys to
# `ConnectionPool.from_url`, base.py): the bound above plus a margin for what does not go
# through it: the layer's receive loop (one BZPOPMIN per process), the class view's
# group_add/discard, a revoke's group sends from a request. So the bound, not the pool, limits:
# the pool never raises MaxConnectionsError.
LIVE_REDIS_MAX_CONNECTIONS = int(_number("LIVE_REDIS_MAX_CONNECTIONS", LIVE_FANOUT_IN_FLIGHT + 16))
# Frames to viewers from all the shared runs of one process together, at most this many a
# second: past LIVE_WATCH_FRAMES_PER_S x LIVE_WATCH_INTERVAL_S runs, each sends less often (viewers
# see the latest state, less smoothly). channels_redis receives a process's messages one at a
# time (four Redis round trips each) into one inbox of `capacity` 100 for all its sockets: past
# what its loop drains, messages are dropped silently and a greeting is refused (ChannelFull).
# Measured (benchmarks/fanout_capacity.py, one process, 1-2 viewers a run, 2 shared cores,
# noisy): 40 runs at 4 frames/s (160 a second) greeted every viewer; without this budget 50 and
# 60 runs left 40 of 75 and 54 of 90 viewers ungreeted within their 15 s runs (all got the end,
# 0 and 4 no frame), with it 28 of 75 and 9 of 90 (2 and 0 no frame).
LIVE_WATCH_FRAMES_PER_S = _number("LIVE_WATCH_FRAMES_PER_S", 160)
# That inbox's size (channels_redis's `capacity`, default 100): channels_redis 4.3 keeps every
# socket of a process in one Redis sorted set (`send` counts `prefix + non_local_name(channel)`,
# core.py), so 100 is for the whole process, not for a socket. A process whose sockets watch
# runs of other processes receives every frame of theirs through it: 120 viewers on one process
# of 60 runs on another (make bench, scale-out) filled it in bursts and 6 viewers' greetings
# were refused (ChannelFull) until their joins gave up ("unavailable"). Room for 500 absorbs
# the bursts and holds under 2 s of frames at that rate; 2,000 only turned the refusals into a
# backlog that greetings waited behind past the joins' patience (129 errors in the same bench).
LIVE_LAYER_CAPACITY = int(_number("LIVE_LAYER_CAPACITY", 500))
# Liveness (playground/live/liveness.py), with REDIS_URL: each server process refreshes its
# heartbeat key every LIVE_HEARTBEAT_S, and it lives LIVE_PROCESS_TTL_S. A process whose key has
# gone is dead: another frees its seats (and check cores and claims) and tells its runs' viewers
# (error `server_restarted`), so a killed process's seats are free again within
# LIVE_PROCESS_TTL_S + LIVE_HEARTBEAT_S (8 s; measured: B's viewer told 5.7 s after a SIGKILL).
# Every seat also expires on its own a little after the wall-clock limit (the backstop).
LIVE_HEARTBEAT_S = _number("LIVE_HEARTBEAT_S", 2)
LIVE_PROCESS_TTL_S = _number("LIVE_PROCESS_TTL_S", 6)
# A control sent through another socket than the one playing the run (its "run" field names
# it) is forwarded through the channel layer; no answer within this long: `not_running`.
LIVE_CONTROL_RELAY_S = _number("LIVE_CONTROL_RELAY_S", 2)
# A watch link opens (the live run, then its stored report) until this long after the run ends,
# unless its owner revokes it sooner.
LIVE_WATCH_TTL_S = _number("LIVE_WATCH_TTL_S", 24 * 3600)
# The engine the workers run (settings only, never user input; tests swap in misbehaving ones).
LIVE_ENGINE = "simengine.simulation:Simulation"
# "Check my design" (playground/live/checks.py, checks_queue.py): simengine.verify over many
# seeds, in a process group of its own. A learner has one check at a time. Checks are CPU-bound
# batch work: their processes run at niceness LIVE_CHECK_NICE, so the class's live runs (and
# daphne) at niceness 0 always win a core when they wake, and checks use what CPU is left. So a
# check takes no live seat and no fast seat: it takes check cores, one per worker process, out
# of LIVE_CHECK_CORES in all (by default every core: more check processes than cores would not
# end any check sooner, only hold more memory). When none is free a check waits in line, first
# come first served, and is told its place. A check takes more than one core (at most
# LIVE_CHECK_MAX_WORKERS) only when nobody waits behind it. Measured (benchmarks/README.md,
# class checks): 30 checks at once beside 10 live runs at 1x, the last verdict in 33-68 s on
# this shared 2-core machine, the live runs at 10 frames/s (frame interval p99 106-110 ms).
# Seeds: 2 to LIVE_CHECK_MAX_SEEDS (verify stops earlier once every verdict is certain). Past
# its wall-clock limit (counted from its start, not its wait) a check's process group is killed
# and the learner told. At most LIVE_CHECK_QUEUE_MAX checks wait in one server process; past
# that a check is refused "busy". The line is looked at again every LIVE_CHECK_QUEUE_POLL_S
# while it waits (with REDIS_URL a core may be freed by another server process).
LIVE_CHECK_DEFAULT_SEEDS = int(_number("LIVE_CHECK_DEFAULT_SEEDS", 20))
LIVE_CHECK_MAX_SEEDS = int(_number("LIVE_CHECK_MAX_SEEDS", 20))
LIVE_CHECK_CORES = int(_number("LIVE_CHECK_CORES", LIVE_CPU_CORES))
LIVE_CHECK_MAX_WORKERS = int(_number("LIVE_CHECK_MAX_WORKERS", LIVE_CHECK_CORES))
LIVE_CHECK_NICE = int(_number("LIVE_CHECK_NICE", 19))
LIVE_CHECK_MAX_WALL_S = _number("LIVE_CHECK_MAX_WALL_S", 15 * 60)
LIVE_CHECK_QUEUE_MAX = int(_number("LIVE_CHECK_QUEUE_MAX", 200))
LIVE_CHECK_QUEUE_POLL_S = _number("LIVE_CHECK_QUEUE_POLL_S", 1.0)
# Seeds already run are kept (playground/live/check_cache.py, one row of a few hundred bytes a
# seed of a design) and a repeated check is answered from them; past this many rows the oldest
# go, after each check (and every row of an older engine version).
LIVE_CHECK_CACHE_MAX_ROWS = int(_number("LIVE_CHECK_CACHE_MAX_ROWS", 50_000))
