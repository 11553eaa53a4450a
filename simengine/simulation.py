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

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from simpy.events import URGENT, Event, Timeout

from simengine import network
from simengine.changes import checked_props, live_fault
from simengine.components import REGISTRY, Component, Link
from simengine.design import Design, DesignError, Edge, Fault, Problem
from simengine.faults import FaultManager
from simengine.kernel import Kernel
from simengine.metrics import Window
from simengine.rng import Stream
from simengine.run_limits import DEFAULT_RUN_LIMITS, RunLimitExceeded, RunLimits, exceeded

__all__ = ["RunLimitExceeded", "RunLimits", "Simulation"]

FRAME_EVENT_CAP = 200  # events carried by one frame (the rest are counted, and in the report)
EVENT_LOG_CAP = 5000  # events kept for the report

T = TypeVar("T")


class Simulation:
    """One run of one design: its Environment, its random streams, its components and figures."""

    def __init__(
        self,
        design: Design,
        seed: int | None = None,
        limits: RunLimits = DEFAULT_RUN_LIMITS,
        window_s: float = 1.0,
    ) -> None:
        if not window_s > 0:
            raise ValueError("window_s must be more than 0 simulated seconds")
        self.design = design
        self.window_s = float(window_s)  # what a frame's figures cover
        self.seed = int(design.run.seed if seed is None else seed)
        self.limits = limits
        self.env = Kernel()
        self.duration = min(float(design.run.duration), limits.max_sim_seconds)
        self.warmup = min(float(design.run.warmup), self.duration)
        self.traffic_changed: list[str] = []  # clients whose props were changed while running
        self._rng = Stream(self.seed, "sim")
        self._ids = 0
        self.events: list[dict[str, Any]] = []
        self.events_total = 0
        self._events_sent = 0
        self.dark_azs: dict[str, int] = {}
        self.dark_regions: dict[str, int] = {}
        self.current_fault: Any = None
        self.cost_accrued = 0.0
        self.stopped: str | None = None
        self._last_usage = 0.0
        self._slice_t = 0.0  # start of the current slice of the frame window
        self.usage_window = Window(self.window_s)
        self._shared: dict[str, Any] = {}
        self.faults_ready = False
        self.components = self._build(design)
        self.clients = [c for c in self.components.values() if c.spec.is_client]
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

    def _build(self, design: Design) -> dict[str, Component]:
        """One component per node, wired (`connect`) and started once every one exists."""
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
        return self.components

    # --- services for components ------------------------------------------------------------
    def link(self, edge: Edge) -> Link:
        if edge.id not in self.links:
            src, dst = self.components[edge.source], self.components[edge.target]
            link = Link(edge, src, dst, self._latency(src, dst), self.window_s)
            for az in src.calling_azs():
                link.lat_by_az[az] = network.one_way(src.region, az, dst.region, dst.az)
            self.links[edge.id] = link
        return self.links[edge.id]

    def _latency(self, src: Component, dst: Component) -> float:
        if src.paths_out or dst.paths_in:
            return 0.0  # the node computes the user's own path per request
        return src.latency_to(dst)

    def latency_between(self, a: Component, b: Component) -> float:
        return network.one_way(a.region, a.az, b.region, b.az)

    def shared(self, name: str, factory: Callable[[], T]) -> T:
        """The one object of this run that the nodes asking for `name` share, made by `factory`
        on first use (the Lambda executions running per Region, the ledger of writes)."""
        if name not in self._shared:
            self._shared[name] = factory()
        return self._shared[name]

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
        problem = exceeded(self)
        if problem:
            self.stopped = problem
            raise RunLimitExceeded(f"run stopped: {problem}")

    # --- live changes -------------------------------------------------------------------------
    def inject(self, fault: Fault | Mapping[str, Any]) -> Fault:
        """Start a fault now. Accepts a Fault or the websocket's {"kind", "target",
        "duration", "ms"}; a bad one raises DesignError with the problems."""
        if not isinstance(fault, Fault):
            fault = live_fault(dict(fault), self.env.now)
        else:
            fault = Fault(self.env.now, fault.kind, fault.target, fault.duration, fault.ms)
        self.faults.check(fault)
        self.faults.begin(fault)
        return fault

    def set_props(self, node_id: str, props: Mapping[str, Any]) -> None:
        """Change props of a node while running (a client's rate, an ASG's max...). They are
        checked as in a saved design, merged with the node's current props (see `changes`)."""
        comp = self.components.get(node_id)
        if comp is None:
            raise DesignError([Problem("node", f'no node called "{node_id}"')])
        clean = checked_props(comp.spec, comp.node, comp.props, props)
        comp.apply_props(clean)
        if comp.spec.is_client and clean and node_id not in self.traffic_changed:
            self.traffic_changed.append(node_id)  # the run no longer plays the design as drawn
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
