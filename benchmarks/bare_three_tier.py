"""The three-tier reference written by hand in bare simpy, the usual way: a process per request,
`simpy.Resource` for each server, `random.expovariate` per draw, latencies kept in a list.

Same network as benchmarks/three-tier.json run by the engine: poisson users at `rate` (90%
reads) -> round-robin load balancer -> 4 instances (concurrency 2, exponential 10 ms) -> a
database (concurrency 2, exponential 2 ms reads / 4 ms writes), with the engine's fixed network
delays on the way in, to the database, and back. No client timeouts, retries or health checks:
this is the floor the engine's overhead is measured against.
"""

from __future__ import annotations

import random

import simpy

from simengine import network

WEB_MS, DB_READ_MS, DB_WRITE_MS = 10.0, 2.0, 4.0
IN_S = network.LAST_MILE_S + 0.0005 + network.REGIONAL_S  # users -> ALB (+0.5 ms) -> instance
TO_DB_S = network.one_way("us-east-1", "us-east-1a", "us-east-1", "us-east-1a")
BACK_S = TO_DB_S + network.REGIONAL_S + network.LAST_MILE_S


def run(duration: float, seed: int, rate: float = 400.0, read_ratio: float = 0.9) -> int:
    """Simulate `duration` seconds; return the number of requests that arrived."""
    rng = random.Random(seed)
    env = simpy.Environment()
    web = [simpy.Resource(env, capacity=2) for _ in range(4)]
    db = simpy.Resource(env, capacity=2)
    latencies: list[float] = []
    count = [0]

    def request(target: simpy.Resource, read: bool):
        born = env.now
        yield env.timeout(IN_S)
        with target.request() as slot:
            yield slot
            yield env.timeout(rng.expovariate(1000.0 / WEB_MS))
        yield env.timeout(TO_DB_S)
        with db.request() as slot:
            yield slot
            yield env.timeout(rng.expovariate(1000.0 / (DB_READ_MS if read else DB_WRITE_MS)))
        yield env.timeout(BACK_S)
        latencies.append(env.now - born)

    def users():
        k = 0
        while True:
            yield env.timeout(rng.expovariate(rate))
            k += 1
            count[0] += 1
            env.process(request(web[k % 4], rng.random() < read_ratio))

    env.process(users())
    env.run(until=duration)
    return count[0]
