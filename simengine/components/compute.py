"""Compute shared by ec2, asg, rds and elasticache: an instance is a queue in front of a few
workers (`Instance`), and a node that owns instances (`Compute`) keeps their service-time
sampler, their list and their figures.

An instance serves `concurrency` requests at once; more wait in its accept queue, up to
`queue_limit`, beyond which it refuses them ("dropped"). Each request takes a service time drawn
from `service_dist` with mean `service_ms`; then the instance calls its owner's dependencies (its
outgoing edges) one after the other, releasing its worker first (CPU work is done; waiting on a
database does not hold a vCPU). An instance that crashes fails everything queued or in service on
it ("5xx": the load balancer answers 502) and answers nothing until it is replaced (asg) or the
fault ends (ec2): a request sent to it meanwhile waits for a connection that never comes
(`Instance.refuse`: the ALB's 10 s connect timeout, or the caller's own timeout).
"""

from __future__ import annotations

import math
from collections import deque
from typing import TYPE_CHECKING, Any

from simengine import pricing
from simengine.components.base import Component, Gen, Request
from simengine.components.instance_health import tally
from simengine.components.logs import FLUSH_S, LogBook
from simengine.rng import sampler
from simengine.walker import hand_over

if TYPE_CHECKING:
    from simengine.design import Node
    from simengine.simulation import Simulation

# A caller that connects to a stopped host hears nothing back and waits for its own timeout.
# With no client deadline to bound it, the model waits this long (model assumption: Linux's
# default TCP SYN retries give up after about 2 minutes; SDK connect timeouts are shorter).
DIRECT_CONNECT_TIMEOUT_S = 120.0


class Instance:
    """One server. `state`: pending (booting), in_service, draining, terminated.
    `alive` is False while crashed or while its AZ is dark. `gen` changes on every crash so
    requests that were inside can tell."""

    __slots__ = (
        "owner",
        "env",
        "id",
        "az",
        "cap",
        "busy",
        "queue",
        "state",
        "alive",
        "gen",
        "launched",
        "in_service_at",
        "outstanding",
        "served",
        "hc_pass",
        "hc_fail",
        "healthy",
        "registered",
        "busy_s",
        "down_since",
        "healthy_at",
        "hc_initial",
        "log_kept",
        "log_buffer",
        "log_flush_at",
    )

    def __init__(self, owner: Compute, iid: str, az: str | None, cap: int) -> None:
        self.owner = owner
        self.env = owner.env
        self.id = iid
        self.az = az
        self.cap = cap
        self.busy = 0
        self.queue: deque[Any] = deque()  # walkers (or events) waiting for a worker
        self.state = "pending"
        self.alive = True
        self.gen = 0
        self.launched = self.env.now
        self.in_service_at: float | None = None
        self.outstanding = 0  # requests the load balancer has sent and not had answered
        self.served = 0
        self.hc_pass = 0
        self.hc_fail = 0
        self.healthy = False  # as the load balancer sees it
        self.registered = False
        self.busy_s = 0.0  # seconds of service done (CPU-seconds / concurrency for CPU metrics)
        self.down_since = 0.0
        self.healthy_at = -math.inf  # when its load balancer last found it healthy
        self.hc_initial = False  # registered and not yet healthy nor unhealthy ("initial")
        self.log_kept = 0  # log lines in files on its own disk (`logs: local`)
        self.log_buffer = 0  # lines the log agent has not shipped yet (`logs: stream`)
        self.log_flush_at = self.launched + FLUSH_S

    @property
    def serving(self) -> bool:
        return self.alive and self.state in ("in_service", "draining")

    def serve(self, req: Request) -> Gen:
        """Queue, serve, then call the owner's dependencies. Returns None or a cause.

        The hottest code of a run: `NodeStats.touch` for `n` and `busy` is written out inline
        (twice); `cap` does not change here, so its integral waits for the next `touch`."""
        owner = self.owner
        env = self.env
        st = owner.stats
        if req.pending > 0.0:
            yield req.pending
            req.pending = 0.0
        st.arrivals += 1
        st.w_arrivals += 1
        if not self.alive or self.state in ("pending", "terminated"):
            return owner.fail("5xx")
        if owner.down:  # dependency_outage: the application answers errors
            return owner.fail("unavailable")
        t_arr = env._now
        dt = t_arr - st.t
        if dt:
            st.a_n += st.n * dt
            st.a_busy += st.busy * dt
            st.t = t_arr
        st.n += 1
        gen = self.gen
        if self.busy < self.cap:
            self.busy += 1
            st.busy += 1
        else:
            if 0 < owner.queue_limit <= len(self.queue):
                st.n -= 1
                return owner.fail("dropped")
            yield self.queue  # wait in line (a walker joins it: simengine.walker)
            if self.gen != gen:  # crashed while we waited: crash() already took us out
                return owner.fail("5xx")
        d = owner.sample_write() if req.write else owner.sample()
        if owner.scales_work and req.client is not None:  # a report, an ML inference (tasks)
            d *= req.client.task.factor(owner.gpu_speedup)
        yield d
        if self.gen != gen:
            return owner.fail("5xx")
        self.busy_s += d
        now = env._now
        dt = now - st.t
        if dt:
            st.a_n += st.n * dt
            st.a_busy += st.busy * dt
            st.t = now
        st.n -= 1
        q = self.queue
        if q:
            hand_over(env, q.popleft())  # the worker goes straight to the next in line
        else:
            self.busy -= 1
            st.busy -= 1
        st.completed += 1
        st.win.add(now - t_arr)
        self.served += 1
        logbook = owner.logbook
        if logbook.mode == "local":  # LogBook.wrote's first case, without the call
            self.log_kept += 1
        elif logbook.mode is not None:
            logbook.wrote(self, now)
        if owner.extra_s:
            req.pending += owner.extra_s  # added_latency fault: the answer leaves later
        if owner.deps:
            return (yield from owner.call_links(req, self.az))
        return None

    def refuse(self, req: Request, wait_s: float, cause: str) -> Gen:
        """A request sent to this instance while it is stopped (crashed, its AZ dark): nothing
        answers, not even a TCP reset, so the caller waits `wait_s` for its connection before
        it fails with `cause`. A crash is not free: every request still routed here costs
        its caller that wait."""
        st = self.owner.stats
        st.arrivals += 1  # sent here (the connection attempt), failed when the wait is over
        st.w_arrivals += 1
        yield float(req.pending + max(0.0, wait_s))
        req.pending = 0.0
        return self.owner.fail(cause)

    def crash(self) -> None:
        """Stop at once: everything inside fails; the worker slots leave the node's capacity."""
        if not self.alive:
            return
        self.owner.logbook.crashed(self, self.env.now)
        st = self.owner.stats
        st.touch(self.env.now)
        st.n -= self.busy + len(self.queue)
        st.busy -= self.busy
        if self.state in ("in_service", "draining"):
            st.cap -= self.cap
        self.alive = False
        self.down_since = self.env.now
        self.gen += 1
        self.busy = 0
        waiting, self.queue = self.queue, deque()
        for waiter in waiting:
            hand_over(self.env, waiter)

    def revive(self) -> None:
        if self.alive or self.state == "terminated":
            return
        self.alive = True
        if self.state in ("in_service", "draining"):
            st = self.owner.stats
            st.touch(self.env.now)
            st.cap += self.cap

    def enter_service(self) -> None:
        if self.state != "pending":
            return
        self.state = "in_service"
        self.in_service_at = self.env.now
        if self.alive:
            st = self.owner.stats
            st.touch(self.env.now)
            st.cap += self.cap

    def terminate(self) -> None:
        if self.state == "terminated":
            return
        self.owner.logbook.terminated(self, self.env.now)  # its disk goes with it
        if self.alive and self.state in ("in_service", "draining"):
            self.crash()  # whatever is still inside fails, like a real termination
        self.state = "terminated"


def patience_s(req: Request, now: float) -> float:
    """How long a caller with no connect timeout of its own waits for a dead endpoint: until
    the user's client gives up on the attempt (its `timeout_ms`), or
    DIRECT_CONNECT_TIMEOUT_S when no user waits."""
    client = req.client
    if client is None:
        return DIRECT_CONNECT_TIMEOUT_S
    return min(DIRECT_CONNECT_TIMEOUT_S, client.pending_deadline(req) - now)


class Compute(Component):
    """Shared by ec2 and asg: the service-time sampler, the instance list and their figures."""

    scales_work = False  # app code (set by ec2/asg's _configure): a client's task scales it

    def __init__(self, sim: Simulation, node: Node) -> None:
        super().__init__(sim, node)
        self.instances: list[Instance] = []
        self._seq = 0
        self.logbook = LogBook()  # where its instances' log lines go (`logs`, ec2 and asg)
        self._configure()

    def _configure(self) -> None:
        p = self.props
        itype = pricing.INSTANCE_TYPES[p["instance_type"]]
        self.price = itype.usd_per_hour
        self.gpu_speedup = itype.gpu_speedup
        self.scales_work = True
        self.concurrency = int(p["concurrency"])
        self.queue_limit = int(p["queue_limit"])
        mean_s = float(p["service_ms"]) / 1000.0
        self.mean_s = mean_s
        cv = float(p["service_cv"])
        sigma = math.sqrt(math.log(1.0 + cv * cv))  # lognormal: cv^2 = exp(sigma^2) - 1
        self.sample = sampler(p["service_dist"], mean_s, self.sim.stream(self.id, "service"), sigma)
        self.sample_write = self.sample
        self.logbook.mode = p.get("logs")

    def connect(self) -> None:
        super().connect()
        self.deps = bool(self.links)  # Instance.serve calls these after its own service

    def apply_props(self, props: dict[str, Any]) -> None:
        super().apply_props(props)
        self._configure()

    def new_instance(self, az: str | None) -> Instance:
        self._seq += 1
        inst = Instance(self, f"{self.id}-{self._seq}", az, self.concurrency)
        self.instances.append(inst)
        return inst

    def live(self) -> list[Instance]:
        return [i for i in self.instances if i.state != "terminated"]

    def counts(self) -> dict[str, int]:
        """Its instances by state, each in exactly one (`instance_health`): the same truth its
        load balancer's target counts are read from."""
        return tally(self.live())

    def on_zone(self, az: str, up: bool) -> None:
        for inst in self.instances:
            if inst.az == az:
                inst.crash() if not up else self.zone_back(inst)

    def on_region(self, region: str, up: bool) -> None:
        if self.region == region:
            for inst in self.instances:
                inst.crash() if not up else self.zone_back(inst)

    def zone_back(self, inst: Instance) -> None:
        inst.revive()

    def status(self) -> str:
        c = self.counts()
        if c["in_service"] == 0:
            return "down"
        return "degraded" if c["unhealthy"] else "ok"

    def frame_extra(self) -> dict[str, Any]:
        return {"instances": self.counts()}

    def summary_extra(self) -> dict[str, Any]:
        return {
            "instances": self.counts(),
            "instance_type": self.props["instance_type"],
            "logs_lost": self.logbook.lost,
        }

    def cost_per_hour(self) -> float:
        return self.price * sum(1 for i in self.instances if i.state != "terminated")

    def usage_cost(self) -> float:
        return self.logbook.ingest_cost()
