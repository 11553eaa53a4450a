"""The component interface: what every kind implements, and the request that travels between them.

A run is a graph of components (one per design node) and links (one per edge). A request is
born at a client and walked through the graph by ONE simpy process: the client's generator
calls `yield from target.handle(req)` on its first hop; each component does its own work (a
router picks one target and delegates to it, a server queues and serves, a cache may answer
at once) and, for its outgoing synchronous links, calls `yield from link.dst.handle(req)` in
turn. There is no sub-process per hop (FIELD-NOTES: that costs 1.5x the CPU).

A request is a letter carried by one courier from desk to desk: each desk may make the courier
wait (queue), stamp it (service), or send a copy by post (`publish`, for async edges).

The contract of `handle(req)`:

- It is a generator (it must contain a `yield`, even if a path returns at once). It returns
  `None` when the request succeeded at this node and below, or a cause string (`"timeout"`,
  `"throttled"`, `"5xx"`, `"unavailable"`, `"dropped"`) naming why it failed. A failure is
  counted once, by the node where it started (`self.fail(cause)`); callers pass it up.
- It sleeps by yielding a float (seconds) and waits for a worker by yielding the instance's
  deque (`simengine/README.md`, "The schedule"); it may also yield any simpy event.
- Network time is not yielded hop by hop. The caller adds the link's one-way latency to
  `req.pending` before calling and again after the call returns (`self.call`). A node with a
  queue settles the debt before joining its queue (`yield from self.settle(req)`); a router
  or pure delay just adds to it. The client settles the last of it when the answer arrives.
  This keeps the event count per request low without changing any queue's arrival times.
- A node's own time (queueing plus its own service, excluding network and downstream calls)
  goes to `self.stats`: `touch(now)` before `n`/`busy`/`cap` change, `arrivals += 1`,
  `w_arrivals += 1`, `completed += 1` and `win.add(own_seconds)` when the request leaves.
  (`w_arrivals` and `win` are the current slice of the frame window: `metrics.Window`.)

Other hooks, all optional:

- `connect()`: after every component exists; resolve `self.links` (outgoing edges).
- `start()`: start background processes (health checks, scaling, pollers).
- `publish(req, link)`: an async edge delivers a message here (default: walk `handle` in a
  process of its own, with nobody waiting for the answer).
- `set_fault(kind, on, fault)`: a fault starts (`on=True`) or ends. The base class keeps
  `self.down` (every call fails "unavailable") and `self.extra_s` (added latency).
- `on_zone(az, up)` / `on_region(up)`: an AZ or this node's Region fails or recovers.
- `apply_props(props)`: live changes after `set_props`; validated already.
- `frame()`: the last window's figures for a live frame (the simulation has closed the slice
  already); `summary()`: the report's node figures.
- `cost_per_hour()`: what the node costs right now, per hour (instances, provisioned capacity);
  `usage_cost()`: pay-per-use dollars accrued since the start.
- `latency_to(dst)` and `calling_azs()`: the network time of its calls (see `Simulation.link`);
  `backlog()`: messages waiting (queues); `summary_row(nid, figures)`: a row of its own in the
  readable summary. Class flags: `paths_out`/`paths_in`, `ends_user_path`, `busy_column`.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from simpy.events import Event

from simengine import network
from simengine.design import Edge, Fault, Node
from simengine.metrics import NodeStats, Window
from simengine.spec import KindSpec
from simengine.walker import Walker

if TYPE_CHECKING:
    from simengine.simulation import Simulation

Gen = Generator[Event, Any, "str | None"]
CAUSES = ("timeout", "throttled", "5xx", "unavailable", "dropped")


class Request:
    """One attempt of one request. `origin` is the first attempt (the logical request the user
    sent); retries are new Request objects that share it and its id. A copy travelling on an
    async edge is a new request (a new id); SQS redeliveries of one message keep its id."""

    __slots__ = (
        "id",
        "client",
        "origin",
        "born",
        "attempt",
        "write",
        "key",
        "session",
        "pending",
        "done",
    )

    def __init__(self, rid: int, client: Any, born: float, write: bool) -> None:
        self.id = rid
        self.client = client
        self.origin = self
        self.born = born
        self.attempt = 0
        self.write = write
        self.key = -1  # drawn lazily (client.key_of) by the first component that needs it
        self.session = -1
        self.pending = 0.0  # network seconds owed, settled at the next queue or at the end
        self.done = False  # this attempt is over (answered, failed or timed out)

    def retry(self, now: float) -> Request:
        r = Request(self.id, self.client, now, self.write)
        r.origin = self.origin
        r.attempt = self.attempt + 1
        r.key = self.key
        r.session = self.session
        return r


class Link:
    """A resolved edge: its target component, one-way latency, probability and counters."""

    __slots__ = ("edge", "id", "src", "dst", "lat", "p", "is_async", "calls", "w_calls")
    __slots__ += ("weight", "role", "carries", "lat_by_az", "window", "always")

    def __init__(
        self, edge: Edge, src: Component, dst: Component, lat: float, window_s: float = 1.0
    ) -> None:
        self.edge = edge
        self.id = edge.id
        self.src = src
        self.dst = dst
        self.lat = lat
        self.lat_by_az: dict[str | None, float] = {}
        self.p = float(edge.props["p"])
        self.is_async = edge.props["mode"] == "async"
        self.weight = int(edge.props["weight"])
        self.role = edge.props["role"]
        self.carries = edge.props["carries"]  # all, reads or writes (call_links)
        self.always = self.carries == "all" and self.p >= 1.0  # taken by every request
        self.calls = 0
        self.w_calls = 0  # `calls` when the current frame slice began
        self.window = Window(window_s)


class Component:
    """Base of every kind. A concrete kind sets `spec` (its `KindSpec`, which names its `kind`)
    and overrides `handle` and a few hooks."""

    spec: ClassVar[KindSpec]
    kind: ClassVar[str] = ""
    is_router: ClassVar[bool] = False  # no queue of its own: utilization is not meaningful
    # It works out each user's own network path per request (DNS, an edge location), so the
    # links out of it (`paths_out`), or into it (`paths_in`), carry no latency of their own.
    paths_out: ClassVar[bool] = False
    paths_in: ClassVar[bool] = False
    busy_column: ClassVar[bool] = True  # the readable summary shows its utilization
    ends_user_path: ClassVar[bool] = False  # the user does not wait on what it calls (a queue)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "spec" in cls.__dict__:
            cls.kind = cls.spec.kind

    def __init__(self, sim: Simulation, node: Node) -> None:
        self.sim = sim
        self.env = sim.env
        self.node = node
        self.id = node.id
        self.props: dict[str, Any] = dict(node.props)
        self.region = node.placement.region
        self.az = node.placement.az
        self.azs: tuple[str, ...] = node.placement.azs
        self.stats = NodeStats(0.0, sim.window_s)
        self.links: list[Link] = []
        self.in_links: list[Link] = []
        self.down = False  # a dependency_outage (or the whole node's AZ/Region is dark)
        self.extra_s = 0.0  # added_latency fault
        self._faults: dict[str, int] = {}

    # --- wiring ----------------------------------------------------------------------------
    def connect(self) -> None:
        """Resolve outgoing edges into `self.links` (the simulation has created every node)."""
        self.links = [self.sim.link(e) for e in self.sim.design.out_edges(self.id)]
        for link in self.links:
            link.dst.in_links.append(link)

    def start(self) -> None:
        """Start background processes. Default: none."""

    def latency_to(self, dst: Component) -> float:
        """One-way network time of a call from this node to `dst` (placement to placement)."""
        return network.one_way(self.region, self.az, dst.region, dst.az)

    def calling_azs(self) -> tuple[str, ...]:
        """The AZs whose calls get a latency of their own (an ASG calls from each instance's AZ);
        none for a node that calls from one place."""
        return ()

    @property
    def sync_links(self) -> list[Link]:
        return [lk for lk in self.links if not lk.is_async]

    # --- the request path ------------------------------------------------------------------
    def handle(self, req: Request) -> Gen:
        raise NotImplementedError

    def publish(self, req: Request, link: Link) -> None:
        """An async edge hands a message over. Default: serve it in a process of its own."""
        msg = req.client.spawn_message(req) if req.client is not None else req
        msg.pending = link.lat
        Walker(self.env, self.handle(msg))

    def settle(self, req: Request) -> Generator[Event, Any, None]:
        """Yield the network time the request still owes (see the module docstring)."""
        if req.pending > 0.0:
            yield req.pending
            req.pending = 0.0

    def call_links(self, req: Request, az: str | None = None) -> Gen:
        """Call every outgoing link in order (sync: wait; async: publish and move on); a link
        with p < 1 taken with that probability, one for reads (or writes) only by those."""
        for link in self.links:
            if not link.always:
                if link.carries != "all" and (link.carries == "writes") != req.write:
                    continue
                if link.p < 1.0 and self.sim.uniform() >= link.p:
                    continue
            link.calls += 1
            lat = link.lat_by_az.get(az, link.lat) if az is not None else link.lat
            if link.is_async:
                link.dst.publish(req, link)
                continue
            req.pending += lat
            cause = yield from link.dst.handle(req)
            req.pending += lat
            if cause is not None:
                return cause
        return None

    def arrive(self) -> bool:
        """Count a request arriving here; False when this node is down (the caller then returns
        `self.fail("unavailable")`)."""
        st = self.stats
        st.arrivals += 1
        st.w_arrivals += 1
        return not self.down

    def answer_in(self, req: Request, ms: float) -> None:
        """A managed service answering in a fixed `ms` (plus any injected latency), without a
        queue of its own: the time is owed by the request and counted as served here."""
        d = ms / 1000.0 + self.extra_s
        st = self.stats
        st.a_n += d
        st.win.add(d)
        st.completed += 1
        req.pending += d

    def fail(self, cause: str) -> str:
        """Count a failure that started here and return its cause."""
        self.stats.error(cause)
        return cause

    def unavailable(self) -> Gen:
        """A generator that fails at once: `return (yield from self.unavailable())`."""
        self.stats.arrivals += 1
        self.stats.w_arrivals += 1
        return self.fail("unavailable")
        yield  # pragma: no cover - makes this a generator

    # --- faults ----------------------------------------------------------------------------
    def set_fault(self, kind: str, on: bool, fault: Fault) -> None:
        """Default fault behaviour: dependency_outage makes every call fail "unavailable";
        added_latency adds `fault.ms`. Kinds with instances override for instance_crash."""
        if kind == "dependency_outage":
            self._count_fault("dep", on)
            self.down = self._dark()
        elif kind == "added_latency":
            self.extra_s += (1 if on else -1) * (fault.ms or 0.0) / 1000.0
            self.extra_s = max(0.0, self.extra_s)

    def _count_fault(self, key: str, on: bool) -> None:
        self._faults[key] = self._faults.get(key, 0) + (1 if on else -1)

    def _dark(self) -> bool:
        return any(v > 0 for v in self._faults.values())

    def on_zone(self, az: str, up: bool) -> None:
        """An AZ failed (up=False) or recovered. Zonal nodes in it go dark."""
        if self.az == az:
            self._count_fault("az", not up)
            self.down = self._dark()

    def on_region(self, region: str, up: bool) -> None:
        if self.region == region:
            self._count_fault("region", not up)
            self.down = self._dark()

    # --- live changes, figures, cost -------------------------------------------------------
    def apply_props(self, props: dict[str, Any]) -> None:
        self.props.update(props)

    def status(self) -> str:
        return "down" if self.down else "ok"

    def frame(self) -> dict[str, Any]:
        fig = self.stats.figures()
        out: dict[str, Any] = {
            "status": self.status(),
            "rps": fig["rps"],
            "errors": fig["errors"],
            "p99_ms": fig["p99_ms"],
        }
        if not self.is_router:
            out["utilization"] = fig["utilization"]
        out.update(self.frame_extra())
        return out

    def frame_extra(self) -> dict[str, Any]:
        return {}

    def summary(self) -> dict[str, Any]:
        self.stats.close(self.env.now)
        out = self.stats.summary(self.env.now)
        out["kind"] = self.kind
        out["cost_per_hour"] = self.cost_per_hour()
        out["usage_cost"] = self.usage_cost()
        out.update(self.summary_extra())
        return out

    def summary_extra(self) -> dict[str, Any]:
        return {}

    @classmethod
    def summary_row(cls, nid: str, n: Mapping[str, Any]) -> tuple[str, str] | None:
        """A row of its own in the readable summary's table for a node's report figures `n`,
        and a line to print after the table; None for the usual row (arrivals, errors,
        latency and, if `busy_column`, utilization)."""
        return None

    def cost_per_hour(self) -> float:
        return 0.0

    def usage_cost(self) -> float:
        return 0.0

    def backlog(self) -> int:
        """Messages waiting here for a consumer (only a queue holds any)."""
        return 0

    def saturation(self) -> float:
        """How close to its limit the node is (0..1+) for the bottleneck flag."""
        return self.stats.a_busy / self.stats.a_cap if self.stats.a_cap > 0 else 0.0
