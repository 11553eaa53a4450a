"""How many executions a Lambda function may run, and how fast it may add environments (AWS
Lambda Developer Guide, "Lambda scaling behavior", "Configuring reserved concurrency").

Think of a Region's account concurrency as a car park shared by every function in it: a
function with reserved concurrency has its own fenced-off bays (it may use only those, and no
other function may), and every other function shares what is left. Separately, each function
may open new execution environments at most 1,000 per 10 s: a token bucket of 1,000 that
refills continuously at 100 a second. A call that needs a new environment when the bucket is
empty is throttled (429), even far below the concurrency limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from simengine.components.s3 import Bucket

if TYPE_CHECKING:
    from simengine.components.lambda_fn import LambdaFn
    from simengine.design import Design, Node
    from simengine.spec import Add

# AWS Lambda Developer Guide, Configuring reserved concurrency: "You can reserve up to the
# Unreserved account concurrency value that is shown, minus 100 for functions that don't have
# reserved concurrency" (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html)
KEPT_UNRESERVED = 100

# AWS Lambda Developer Guide, Lambda scaling behavior: "for each function, your concurrency
# scaling rate is 1,000 execution environment instances every 10 seconds ... Lambda makes a best
# attempt to refill your concurrency scaling rate continuously"
# (https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html)
SCALING_BURST = 1000.0
SCALING_REFILL_PER_S = SCALING_BURST / 10.0


class RegionPool:
    """Per Region: the executions running in functions without reserved concurrency, and the
    concurrency reserved by the others (carved out of the Region's limit)."""

    def __init__(self) -> None:
        self.unreserved_running: dict[str | None, int] = {}
        self.reserved: dict[str | None, int] = {}


class Capacity:
    """One function's concurrency (its reservation or its share of the Region's unreserved
    pool) and its scaling rate."""

    def __init__(self, fn: LambdaFn) -> None:
        p = fn.props
        self.region = fn.region
        self.regional = int(p["concurrency_limit"])
        self.reserved = int(p["reserved_concurrency"])  # 0: not reserved
        self.pool: RegionPool = fn.sim.shared("lambda_regions", RegionPool)
        if self.reserved:
            self.pool.reserved[self.region] = self.pool.reserved.get(self.region, 0) + self.reserved
        self.running = 0
        self.rate = Bucket(SCALING_REFILL_PER_S, SCALING_BURST)

    @property
    def limit(self) -> int:
        """The most this function may run: its reservation, or the Region's unreserved part."""
        if self.reserved:
            return self.reserved
        return max(0, self.regional - self.pool.reserved.get(self.region, 0))

    def has_room(self) -> bool:
        if self.reserved:
            return self.running < self.reserved
        running = self.pool.unreserved_running.get(self.region, 0)
        return running < self.limit

    def take(self) -> None:
        """One execution more (taken before any waiting: two calls cannot take the last one)."""
        self.running += 1
        if not self.reserved:
            pool = self.pool.unreserved_running
            pool[self.region] = pool.get(self.region, 0) + 1

    def release(self) -> None:
        self.running -= 1
        if not self.reserved:
            self.pool.unreserved_running[self.region] -= 1

    def new_environment(self, now: float) -> bool:
        """May the function start one more execution environment now (its scaling rate)?"""
        return self.rate.take(now)

    def can_add(self, now: float) -> bool:
        """Would `new_environment` succeed now (without taking the token)?"""
        self.rate.refill(now)
        return self.rate.tokens >= 1.0


def reservation_rule(node: Node) -> Iterator[tuple[str, str]]:
    """One function cannot reserve what AWS keeps for the functions that reserve nothing."""
    p = node.props
    most = p["concurrency_limit"] - KEPT_UNRESERVED
    if p["reserved_concurrency"] > max(0, most):
        yield (
            "reserved_concurrency",
            f"must leave {KEPT_UNRESERVED} of the Region's concurrency_limit "
            f"({p['concurrency_limit']}) unreserved, as AWS does: at most {max(0, most)}",
        )


def region_reservations_rule(
    design: Design, node: Node, paths: Mapping[str, str], add: Add
) -> None:
    """Neither can a Region's functions together (reported on each function that reserves)."""
    mine = node.props["reserved_concurrency"]
    region = node.placement.region
    peers = [
        n
        for n in design.nodes
        if n.kind == "lambda" and n.placement.region == region and n.props["reserved_concurrency"]
    ]
    total = sum(n.props["reserved_concurrency"] for n in peers)
    most = node.props["concurrency_limit"] - KEPT_UNRESERVED
    if mine and len(peers) > 1 and mine <= most < total:
        add(
            f"{paths[node.id]}.props.reserved_concurrency",
            f"the functions of {region} reserve {total} executions together; AWS keeps "
            f"{KEPT_UNRESERVED} of the Region's {node.props['concurrency_limit']} unreserved, "
            f"so they may reserve at most {most}",
        )
