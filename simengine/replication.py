"""Asynchronous replication of writes from one data store to another (DynamoDB global tables,
S3 replication), and the writes a Region outage takes with it.

Like letters posted to a sister office: the source acknowledges a write to its user at once and
posts a copy, which arrives after a replication lag. A copy that arrives is applied by the
replica as a replicated write: never posted on again, so replication drawn both ways (A -> B and
B -> A, active-active) cannot echo a write back and forth. If the source's Region fails, the
copies still in the post never arrive: those acknowledged writes are lost, and the fault's RPO
is the age of the oldest of them when the Region failed (the model does not replay them if the
Region comes back).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simpy.events import Timeout

if TYPE_CHECKING:
    from simengine.components.base import Component, Link, Request

MEMORY_S = 7200.0  # acknowledged writes older than this are taken as replicated (the lag's tail)


class Replication:
    """One replicated edge: `link` from a source store to its replica. `lag` draws one copy's
    replication lag in seconds (the network time between the Regions is added to it)."""

    def __init__(self, link: Link, lag: Callable[[], float]) -> None:
        self.link = link
        self.lag = lag
        self.env = link.src.env
        self.in_flight: deque[tuple[float, float]] = deque()  # (acknowledged, arrives)
        self.generation = 0  # bumped when the source's Region fails: its copies never arrive
        self.sent = self.applied = 0

    def send(self, req: Request) -> None:
        """Post a copy of an acknowledged write; it lands on the replica after the lag."""
        now = self.env.now
        delay = self.link.lat + self.lag()
        self.in_flight.append((now, now + delay))
        while self.in_flight and self.in_flight[0][0] < now - MEMORY_S:
            self.in_flight.popleft()
        self.sent += 1
        self.link.calls += 1
        gen = self.generation
        Timeout(self.env, delay).callbacks.append(lambda _e: self._arrive(req, gen))

    def _arrive(self, req: Request, gen: int) -> None:
        if gen != self.generation:
            return  # posted before the source's Region failed: lost with it
        dst: Any = self.link.dst
        if dst.down:
            return
        self.applied += 1
        dst.apply_replicated(req, self.link)

    def lost_now(self) -> tuple[float, int]:
        """The source's Region fails now: (RPO, writes lost) of the copies still in flight."""
        now = self.env.now
        lost = [ack for ack, arrives in self.in_flight if ack <= now < arrives]
        self.in_flight.clear()
        self.generation += 1
        return (now - min(lost) if lost else 0.0), len(lost)


def replications(store: Component, lag: Callable[[], float]) -> dict[str, Replication]:
    """The replicated edges out of `store`: those to a node of its own kind."""
    return {lk.id: Replication(lk, lag) for lk in store.links if lk.dst.kind == store.kind}


def region_lost(store: Component, reps: dict[str, Replication], region: str) -> None:
    """`store`'s Region `region` failed: report what its replications had not delivered."""
    if store.region != region or not reps:
        return
    sim = store.sim
    rpo, n = 0.0, 0
    for rep in reps.values():
        r, k = rep.lost_now()
        rpo, n = max(rpo, r), n + k
    sim.faults.record_loss(sim.current_fault, store.id, rpo, n)
    if n:
        sim.event(
            "writes_lost",
            store.id,
            f"{store.id}: {n} acknowledged writes had not replicated when Region {region} "
            f"failed (the oldest {rpo:.1f} s old): they are lost",
        )
