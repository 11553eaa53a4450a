"""The runner: one design, one seed, one simpy Environment, driven in steps.

    sim = Simulation(design, seed=1)
    while not sim.done:
        frame = sim.advance(1.0)      # run one second of simulated time, get its figures
    report = sim.report()

A frame's figures (rps, percentiles, utilization) cover the last `window_s` of simulated time
(1 s by default) however the run is stepped: ten `advance(0.1)` give the same figures at t = 10
as one `advance(10)` (see `metrics.Window`). Its events are those since the previous frame.

`advance(dt)` can be called again and again (that is how the live stream and the CLI both drive
it); `inject(fault)` and `set_props(node, props)` change the run between steps. Everything a run
owns (its Environment, its random streams, its figures) lives on this object: no globals, so the
same design and seed always give the same report, byte for byte.
"""

from __future__ import annotations

import resource
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import simpy
from simpy.events import URGENT, Event, Timeout

from simengine import network
from simengine.catalogue import FAULT_KINDS, KINDS
from simengine.components import REGISTRY, Component, Link
from simengine.design import Design, DesignError, Edge, Fault, Problem
from simengine.faults import FaultManager
from simengine.metrics import Window
from simengine.props import coerce
from simengine.rng import Stream

FRAME_EVENT_CAP = 200  # events carried by one frame (the rest are counted, and in the report)
EVENT_LOG_CAP = 5000  # events kept for the report


@dataclass(frozen=True)
class RunLimits:
    """What one run may use before it is stopped with a clear message."""

    max_sim_seconds: float = 86_400.0
    max_events: int = 60_000_000  # simpy events scheduled: ~20M requests, minutes of CPU
    max_in_flight: int = 200_000  # requests started and not yet answered
    max_memory_mb: float = 2048.0  # the process's peak resident memory
    slice_s: float = 1.0  # limits are checked at least this often (simulated seconds)


def resident_mb() -> float:
    """The process's resident memory now (Linux /proc), else its peak (getrusage)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RunLimitExceeded(RuntimeError):
    """The run was stopped because it would exceed a limit; the message says which."""


class Simulation:
    def __init__(
        self,
        design: Design,
        seed: int | None = None,
        limits: RunLimits = RunLimits(),
        window_s: float = 1.0,
    ) -> None:
        if not window_s > 0:
            raise ValueError("window_s must be more than 0 simulated seconds")
        self.design = design
        self.window_s = float(window_s)  # what a frame's figures cover
        self.seed = int(design.run.seed if seed is None else seed)
        self.limits = limits
        self.env = simpy.Environment()
        self.duration = min(float(design.run.duration), limits.max_sim_seconds)
        self.warmup = min(float(design.run.warmup), self.duration)
        self._rng = Stream(self.seed, "sim")
        self._ids = 0
        self.events: list[dict[str, Any]] = []
        self.events_total = 0
        self._events_sent = 0
        self.dark_azs: dict[str, int] = {}
        self.dark_regions: dict[str, int] = {}
        self.sec_ok: list[int] = []
        self.sec_fail: list[int] = []
        self.current_fault: Any = None
        self.cost_accrued = 0.0
        self.stopped: str | None = None
        self._last_usage = 0.0
        self._slice_t = 0.0  # start of the current slice of the frame window
        self.usage_window = Window(self.window_s)
        self.applied: dict[str, dict[int, float]] = {}
        self.dup_counts: dict[str, list[int]] = {}
        self.lambda_running: dict[str | None, int] = {}
        self.faults_ready = False  # executions per Region (shared limit)
        unknown = [n for n in design.nodes if n.kind not in REGISTRY]
        if unknown:
            raise DesignError(
                [
                    Problem(
                        f"nodes[{design.nodes.index(n)}].kind",
                        f'the engine cannot run kind "{n.kind}" yet',
                    )
                    for n in unknown
                ]
            )
        self.components: dict[str, Component] = {}
        for node in design.nodes:
            self.components[node.id] = REGISTRY[node.kind](self, node)
        self.links: dict[str, Link] = {}
        for comp in self.components.values():
            comp.connect()
        for comp in self.components.values():
            comp.start()
        self.clients = [c for c in self.components.values() if c.kind == "client"]
        self.faults = FaultManager(self)
        self.faults_ready = True
        for fault in design.faults:
            self.faults.schedule(fault)
        if self.warmup > 0:
            # URGENT, so advance(warmup) ends with the warmup already over
            mark = Event(self.env)
            mark._ok, mark._value = True, None
            mark.callbacks.append(self._end_warmup)
            self.env.schedule(mark, URGENT, self.warmup)
        self.env.process(self._accrue_cost())

    # --- services for components ------------------------------------------------------------
    def link(self, edge: Edge) -> Link:
        if edge.id not in self.links:
            src, dst = self.components[edge.source], self.components[edge.target]
            link = Link(edge, src, dst, self._latency(src, dst), self.window_s)
            for az in src.azs if src.kind == "asg" else ():
                link.lat_by_az[az] = network.one_way(src.region, az, dst.region, dst.az)
            self.links[edge.id] = link
        return self.links[edge.id]

    def _latency(self, src: Component, dst: Component) -> float:
        if src.kind in ("route53", "cloudfront") or dst.kind == "route53":
            return 0.0  # these compute the user's own path per request
        if src.kind == "client":
            return (
                network.one_way(
                    getattr(src, "location", None),
                    None,
                    dst.region,
                    dst.az,
                    from_internet=dst.region is not None,
                )
                if dst.region
                else network.LAST_MILE_S
            )
        return network.one_way(src.region, src.az, dst.region, dst.az)

    def latency_between(self, a: Component, b: Component) -> float:
        return network.one_way(a.region, a.az, b.region, b.az)

    def stream(self, node_id: str, purpose: str) -> Stream:
        return Stream(self.seed, f"{node_id}/{purpose}")

    def uniform(self) -> float:
        return self._rng.uniform()

    def uniform_index(self, n: int) -> int:
        return min(n - 1, int(self._rng.uniform() * n))

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def region_azs(self, region: str | None) -> tuple[str, ...]:
        for r in self.design.regions:
            if r.id == region:
                return r.azs
        return ()

    def az_dark(self, az: str) -> bool:
        if self.dark_azs.get(az, 0) > 0:
            return True
        return any(self.dark_regions.get(r.id, 0) > 0 and az in r.azs for r in self.design.regions)

    def event(self, kind: str, node: str | None, message: str) -> None:
        """Something a learner should notice, in a sentence."""
        self.events_total += 1
        if len(self.events) < EVENT_LOG_CAP:
            self.events.append(
                {"t": round(self.env.now, 3), "kind": kind, "node": node, "message": message}
            )

    def outcome(self, now: float, ok: bool) -> None:
        """A user's request ended (per-second success counts, for RTO)."""
        sec = int(now)
        while len(self.sec_ok) <= sec:
            self.sec_ok.append(0)
            self.sec_fail.append(0)
        if ok:
            self.sec_ok[sec] += 1
        else:
            self.sec_fail[sec] += 1

    def record_loss(self, fault: Any, node_id: str, rpo_s: float, writes_lost: int) -> None:
        self.faults.record_loss(fault, node_id, rpo_s, writes_lost)

    def apply_write(self, node_id: str, req: Any, horizon_s: float = 600.0) -> bool:
        """Count a write landing on a data store. Returns False for a duplicate that an
        idempotency key made harmless (ignored), True when the write takes effect."""
        seen = self.applied.setdefault(node_id, {})
        counts = self.dup_counts.setdefault(node_id, [0, 0])
        now = self.env.now
        if req.id in seen and now - seen[req.id] <= horizon_s:
            if req.client is not None and req.client.idempotent:
                counts[1] += 1
                return False
            counts[0] += 1
            return True
        seen[req.id] = now
        if len(seen) > 200_000:  # forget writes older than any retry could be
            for rid in [r for r, t in seen.items() if now - t > horizon_s]:
                del seen[rid]
        return True

    # --- driving the run --------------------------------------------------------------------
    @property
    def now(self) -> float:
        return self.env.now

    @property
    def done(self) -> bool:
        return self.env.now >= self.duration - 1e-9 or self.stopped is not None

    def _end_warmup(self, _event: Any) -> None:
        for comp in self.components.values():
            comp.stats.reset(self.env.now)

    def _accrue_cost(self) -> Any:
        while True:
            rate = sum(c.cost_per_hour() for c in self.components.values())
            yield Timeout(self.env, 1.0)
            self.cost_accrued += rate / 3600.0

    def advance(self, dt: float) -> dict[str, Any]:
        """Run `dt` simulated seconds (never past the run's duration) and return a frame.
        A step longer than the frame window closes a slice one window before its end, so the
        frame covers exactly the last window."""
        end = min(self.env.now + max(0.0, dt), self.duration)
        mark = end - self.window_s
        while self.env.now < end - 1e-12 and self.stopped is None:
            step = min(end, self.env.now + self.limits.slice_s)
            at_mark = self.env.now < mark - 1e-9 and step >= mark - 1e-9
            if at_mark:
                step = mark
            self.env.run(until=step)
            if at_mark:
                self.close_slices()
            self._check_limits()
        return self.frame()

    def run_to_end(self) -> dict[str, Any]:
        while not self.done:
            self.advance(60.0)
        return self.report()

    def _check_limits(self) -> None:
        lim = self.limits
        in_flight = sum(c.total - c.ok - c.failed for c in self.clients)
        problem = None
        if in_flight > lim.max_in_flight:
            problem = (
                f"{in_flight:,} requests are in flight at t={self.env.now:.0f} s, more than "
                f"the limit of {lim.max_in_flight:,}: the design cannot keep up with its "
                "traffic (add capacity, lower the rate, or set client timeouts)"
            )
        elif next(self.env._eid) > lim.max_events:
            problem = (
                f"the run scheduled more than {lim.max_events:,} simulation events by "
                f"t={self.env.now:.0f} s: shorten the run or lower the request rate"
            )
        elif resident_mb() > lim.max_memory_mb:
            problem = f"the run used more than {lim.max_memory_mb:,.0f} MB of memory"
        if problem:
            self.stopped = problem
            raise RunLimitExceeded(f"run stopped: {problem}")

    # --- live changes -------------------------------------------------------------------------
    def inject(self, fault: Fault | Mapping[str, Any]) -> Fault:
        """Start a fault now. Accepts a Fault or the websocket's {"kind", "target",
        "duration", "ms"}; a bad one raises DesignError with the problems."""
        if not isinstance(fault, Fault):
            fault = self._fault_from(dict(fault))
        else:
            fault = Fault(self.env.now, fault.kind, fault.target, fault.duration, fault.ms)
        self.faults.check(fault)
        self.faults.begin(fault)
        return fault

    def _fault_from(self, data: dict[str, Any]) -> Fault:
        problems = []
        kind, target = data.get("kind"), data.get("target")
        if kind not in FAULT_KINDS:
            problems.append(Problem("fault.kind", f"must be one of {', '.join(FAULT_KINDS)}"))
        if not isinstance(target, str):
            problems.append(Problem("fault.target", "must name a node, an AZ or a Region"))
        duration, ms = data.get("duration"), data.get("ms")
        for name, value in (("duration", duration), ("ms", ms)):
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or value < 0
                or value != value
            ):
                problems.append(Problem(f"fault.{name}", "must be a number of at least 0"))
        if problems:
            raise DesignError(problems)
        return Fault(
            self.env.now,
            kind,
            target,
            None if duration is None else float(duration),
            None if ms is None else float(ms),
        )

    def set_props(self, node_id: str, props: Mapping[str, Any]) -> None:
        """Change props of a node while running (a client's rate, an ASG's max...)."""
        comp = self.components.get(node_id)
        if comp is None:
            raise DesignError([Problem("node", f'no node called "{node_id}"')])
        spec = KINDS[comp.kind]
        clean, problems = {}, []
        if not isinstance(props, Mapping):
            raise DesignError([Problem("props", "must be an object of prop names and values")])
        for name, value in props.items():
            if name not in spec.prop_names:
                problems.append(Problem(f"props.{name}", f'{comp.kind} has no prop "{name}"'))
                continue
            good, why = coerce(spec.prop(name), value, 200)
            if why:
                problems.append(Problem(f"props.{name}", why))
            else:
                clean[name] = good
        merged = {**comp.props, **clean}
        if comp.kind == "asg" and not problems:
            if merged["min"] > merged["max"]:
                problems.append(Problem("props.max", f"must be at least min ({merged['min']})"))
        if problems:
            raise DesignError(problems)
        comp.apply_props(clean)
        self.event(
            "props_changed",
            node_id,
            f"{node_id}: " + ", ".join(f"{k} set to {v}" for k, v in sorted(clean.items())),
        )

    # --- figures ------------------------------------------------------------------------------
    def close_slices(self) -> None:
        """Close the current slice of every frame counter now (nodes, clients, edges, usage)."""
        now = self.env.now
        for comp in self.components.values():
            comp.stats.close(now)
        for client in self.clients:
            client.close(now)
        for link in self.links.values():
            link.window.push(self._slice_t, now, (link.calls - link.w_calls,))
            link.w_calls = link.calls
        usage = sum(c.usage_cost() for c in self.components.values())
        self.usage_window.push(self._slice_t, now, (usage - self._last_usage,))
        self._last_usage = usage
        self._slice_t = now

    def frame(self) -> dict[str, Any]:
        from simengine.report import build_frame

        return build_frame(self)

    def report(self) -> dict[str, Any]:
        from simengine.report import build_report

        return build_report(self)
