"""Random numbers for one run, drawn in blocks.

Every consumer (a client's arrivals, a node's service times, a router's choices) owns a stream
seeded from the run seed and the stream's name, so adding a node never shifts another node's
numbers, and the same seed gives the same run. Draws are made 4,096 at a time into a list and
popped one by one (FIELD-NOTES: a list pop costs about 100 ns, `expovariate` about 430 ns).

A block is popped from its end, so its last draw is used first. A stream's first block of each
kind is drawn in two parts, so that starting a run (a dozen streams at once) does not wait for
a dozen full blocks: its last `FIRST_BLOCK` draws at once (the generator is run ahead past the
rest, which costs a tenth as much as drawing them), the rest from a saved generator state when
those run out. The numbers, and their order, are exactly those of drawing the block in one go.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from itertools import repeat, starmap
from operator import neg
from typing import Any

BLOCK = 4096
FIRST_BLOCK = 256  # draws ready at a stream's first use (see the module docstring)
_log = math.log
_ONE_MINUS = (1.0).__sub__  # x -> 1.0 - x

Draw = Callable[[random.Random, int], list[float]]


# The blocks are drawn in C-level loops (`map`, `starmap`): the same numbers, in the same order,
# as `[r() for _ in range(n)]` and `[-log(1.0 - r()) for _ in range(n)]`.
def _uniforms(rng: random.Random, n: int) -> list[float]:
    return list(starmap(rng.random, repeat((), n)))


def _exponentials(rng: random.Random, n: int) -> list[float]:
    return list(map(neg, map(_log, map(_ONE_MINUS, starmap(rng.random, repeat((), n))))))


def _normals(rng: random.Random, n: int) -> list[float]:
    g = rng.gauss
    return [g(0.0, 1.0) for _ in range(n)]


def _at(state: Any) -> random.Random:
    rng = random.Random(0)
    rng.setstate(state)
    return rng


class Stream:
    """A named, seeded source of uniforms, unit exponentials and standard normals."""

    __slots__ = ("rng", "_u", "_e", "_z", "_rest")

    def __init__(self, seed: int, name: str) -> None:
        self.rng = random.Random(f"{seed}/{name}")  # str seeds hash with SHA-512: stable
        self._u: list[float] = []
        self._e: list[float] = []
        self._z: list[float] = []
        # per kind of draw: absent before its first block, then the generator state at the
        # start of that block while its first part is still to be drawn, then None
        self._rest: dict[Draw, Any] = {}

    def fill(self, buf: list[float], draw: Draw) -> None:
        """Refill the empty `buf` with the next draws made by `draw` (the next block, in the
        order a pop uses them)."""
        rest = self._rest
        if draw not in rest:
            # Each draw uses one `random()` (normals use them in pairs, and a block is even):
            # two 32-bit words of the generator, which `getrandbits` skips at C speed.
            start = self.rng.getstate()
            ahead = _at(start)
            ahead.getrandbits(64 * (BLOCK - FIRST_BLOCK))
            buf.extend(draw(ahead, FIRST_BLOCK))
            self.rng.setstate(ahead.getstate())  # past the whole block, as if drawn at once
            rest[draw] = start
        elif rest[draw] is not None:
            buf.extend(draw(_at(rest[draw]), BLOCK - FIRST_BLOCK))
            rest[draw] = None
        else:
            buf.extend(draw(self.rng, BLOCK))

    def uniform(self) -> float:
        u = self._u
        if not u:
            self.fill(u, _uniforms)
        return u.pop()

    def exp(self) -> float:
        """A unit-mean exponential."""
        e = self._e
        if not e:
            self.fill(e, _exponentials)
        return e.pop()

    def normal(self) -> float:
        z = self._z
        if not z:
            self.fill(z, _normals)
        return z.pop()


def sampler(dist: str, mean: float, stream: Stream, sigma: float = 0.5) -> Callable[[], float]:
    """A function drawing service times with the given mean (seconds) and distribution.

    exponential: memoryless (M/M/c analysis applies); constant: every request takes `mean`;
    lognormal: a long right tail typical of real services, `sigma` its log-space spread.
    """
    if mean <= 0:
        return lambda: 0.0
    if dist == "constant":
        return lambda: mean
    if dist == "lognormal":
        mu = math.log(mean) - sigma * sigma / 2.0
        nz = stream.normal
        exp_ = math.exp
        return lambda: exp_(mu + sigma * nz())
    buf = stream._e
    fill = stream.fill

    def exponential() -> float:
        if not buf:
            fill(buf, _exponentials)
        return buf.pop() * mean

    return exponential
