"""Which item a request asks for: a key drawn from a Zipf law with exponent `key_skew` over
`key_count` keys (0: every key alike; about 1: a few keys are hot, as with a shop's best
sellers). Caches, CDNs and DynamoDB partitions see the hot keys."""

from __future__ import annotations

import bisect

from simengine.rng import Stream
from simengine.spec import float_prop, int_prop

ZIPF_TABLE_MAX = 200_000  # keys beyond this rank share the tail uniformly (model simplification)

KEY_PROPS = (
    int_prop(
        "key_count",
        10_000,
        1,
        10_000_000,
        "keys",
        "How many distinct items (users, products) requests ask for.",
    ),
    float_prop(
        "key_skew",
        0.0,
        0.0,
        3.0,
        None,
        "Zipf exponent of key popularity: 0 is uniform, about 1 makes a few keys hot.",
    ),
)


class KeyPicker:
    """Draws the key of each request of one client, from its own random stream."""

    def __init__(self, stream: Stream, count: int, skew: float) -> None:
        self.stream = stream
        self.count = count
        self.zipf: list[float] | None = None  # the cumulative popularity of ranks 1..m
        if skew > 0:
            m = min(count, ZIPF_TABLE_MAX)
            acc, cdf = 0.0, []
            for k in range(1, m + 1):
                acc += k**-skew
                cdf.append(acc)
            self.zipf = [c / acc for c in cdf]

    def draw(self) -> int:
        u = self.stream.uniform()
        if self.zipf is None:
            return int(u * self.count)
        return bisect.bisect_left(self.zipf, u)
