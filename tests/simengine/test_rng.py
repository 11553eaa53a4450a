"""Random streams: seeded by name, independent, drawn in blocks with the right distributions."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from simengine.rng import BLOCK, FIRST_BLOCK, Stream, sampler


def test_streams_are_reproducible_and_independent_by_name() -> None:
    a1, a2, b = Stream(1, "web/service"), Stream(1, "web/service"), Stream(1, "db/service")
    xs = [a1.exp() for _ in range(5000)]
    assert xs == [a2.exp() for _ in range(5000)]
    assert xs[:100] != [b.exp() for _ in range(100)]
    assert [Stream(2, "web/service").exp() for _ in range(3)] != xs[:3]


@pytest.mark.parametrize("dist", ["exponential", "constant", "lognormal"])
def test_samplers_have_the_requested_mean(dist: str) -> None:
    draw = sampler(dist, 0.010, Stream(3, dist), sigma=0.5)
    xs = [draw() for _ in range(40_000)]
    assert statistics.fmean(xs) == pytest.approx(0.010, rel=0.02)
    assert min(xs) >= 0
    if dist == "exponential":
        assert statistics.pstdev(xs) == pytest.approx(0.010, rel=0.03)  # cv = 1


class WholeBlocks:
    """The reference: every block of 4,096 drawn in one go when the last one runs out, used
    from its end (what the streams always did, and what the seeds' reports were made with)."""

    def __init__(self, seed: int, name: str) -> None:
        self.rng = random.Random(f"{seed}/{name}")
        self.bufs: dict[str, list[float]] = {"u": [], "e": [], "z": []}

    def draw(self, kind: str) -> float:
        buf, r = self.bufs[kind], self.rng
        if not buf:
            if kind == "u":
                buf.extend([r.random() for _ in range(BLOCK)])
            elif kind == "e":
                buf.extend([-math.log(1.0 - r.random()) for _ in range(BLOCK)])
            else:
                buf.extend([r.gauss(0.0, 1.0) for _ in range(BLOCK)])
        return buf.pop()


def test_a_stream_starts_with_a_small_block_and_draws_the_same_numbers_as_whole_blocks() -> None:
    s, ref = Stream(5, "users/arrivals"), WholeBlocks(5, "users/arrivals")
    assert s.uniform() == ref.draw("u")
    assert len(s._u) == FIRST_BLOCK - 1  # a run's first frame waits for 256 draws, not 4,096
    pick = random.Random(9)
    service = sampler("exponential", 0.01, s)
    for _ in range(30_000):  # kinds interleaved, as a client's arrivals, mix and retries are
        kind = pick.choice("uuez")
        if kind == "u":
            assert s.uniform() == ref.draw("u")
        elif kind == "z":
            assert s.normal() == ref.draw("z")
        elif pick.random() < 0.5:
            assert s.exp() == ref.draw("e")
        else:
            assert service() == ref.draw("e") * 0.01


def test_blocks_are_the_numbers_a_plain_loop_draws() -> None:
    """The C-level block loops give exactly the uniforms and exponentials of a Python loop."""
    import math
    import random

    from simengine.rng import _exponentials, _uniforms

    a, b = random.Random(11), random.Random(11)
    assert _uniforms(a, 1000) == [b.random() for _ in range(1000)]
    assert _exponentials(a, 1000) == [-math.log(1.0 - b.random()) for _ in range(1000)]
