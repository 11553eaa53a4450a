"""The three-tier reference on the engine's own schedule with no model: the floor of the design.

The same network and delays as `bare_three_tier`, but run the way the engine runs a request: one
generator per request driven by a `simengine.walker.Walker` on a `simengine.kernel.Kernel`,
sleeping on floats and waiting for a worker in a deque, with no metrics, no client timeouts, no
routing logic and no component objects. What the engine costs beyond this is its model: the
bookkeeping for frames and reports, timeouts, routing, sessions, logs.
"""

from __future__ import annotations

import random
from collections import deque

from benchmarks.bare_three_tier import BACK_S, DB_READ_MS, DB_WRITE_MS, IN_S, TO_DB_S, WEB_MS
from simengine.kernel import Kernel
from simengine.walker import Walker, hand_over


def run(duration: float, seed: int, rate: float = 400.0, read_ratio: float = 0.9) -> int:
    """Simulate `duration` seconds; return the number of requests that arrived."""
    rng = random.Random(seed)
    exp = rng.expovariate
    env = Kernel()
    latencies: list[float] = []

    class Server:
        def __init__(self, cap: int) -> None:
            self.cap, self.busy, self.line = cap, 0, deque()

        def serve(self, owed: float, rate_per_s: float):
            yield owed
            if self.busy < self.cap:
                self.busy += 1
            else:
                yield self.line
            yield exp(rate_per_s)
            if self.line:
                hand_over(env, self.line.popleft())
            else:
                self.busy -= 1

    web = [Server(2) for _ in range(4)]
    db = Server(2)

    def request(target: Server, read: bool):
        born = env.now
        yield from target.serve(IN_S, 1000.0 / WEB_MS)
        yield from db.serve(TO_DB_S, 1000.0 / (DB_READ_MS if read else DB_WRITE_MS))
        latencies.append(env.now + BACK_S - born)

    count = [0]

    def users():
        k = 0
        while True:
            yield exp(rate)
            k += 1
            count[0] += 1
            Walker(env, request(web[k % 4], rng.random() < read_ratio))

    Walker(env, users())
    env.run(until=duration)
    return count[0]
