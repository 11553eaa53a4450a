"""Running a request's generator on the schedule, without making it a simpy event itself.

`simpy.Process` is an event: starting one schedules an `Initialize` event, and ending one
schedules the process event, so that others may wait for it. Nobody waits for a request: the
client counts its outcome itself. A `Walker` drives the generator exactly as `Process._resume`
does (send the value of each event it yielded, throw in failures) but starts at once and ends
silently, saving two of the eight events a three-tier request costs. Background loops (health
checks, scaling, pollers) stay ordinary simpy processes.

A generator it drives may also yield a float, a sleep of that many seconds: the walker then
schedules itself, `(now + delay, NORMAL, next id)` as a `Timeout` would be, and the kernel's
loop (`simengine.kernel.Kernel.run`) resumes it when the time comes. No event object is made.

It may also yield a `deque`, a line to wait in: the walker appends itself to it, and whoever
frees a place calls `hand_over` with what it popped, which schedules the walker now, as
`Event.succeed()` would have scheduled an event waited on (a simpy process waiting in line, via
`simengine.kernel.timeouts`, is represented in the deque by such an event).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from heapq import heappush
from typing import TYPE_CHECKING, Any

from simpy.core import NORMAL

if TYPE_CHECKING:
    import simpy


class _Start:
    """A happened event with the value None: what starts a walker."""

    callbacks = None
    _ok = True
    _value = None


_START = _Start()


class Walker:
    __slots__ = ("env", "gen")

    def __init__(self, env: simpy.Environment, gen: Generator[Any, Any, Any]) -> None:
        self.env = env
        self.gen = gen
        self._resume(_START)

    def _resume(self, out: Any) -> None:
        """Go on from `out`: what the generator yielded (a float: sleep; a deque: a line; an
        event not yet processed: wait for it), or an event that has happened (the callback of
        one waited on, or `_START`): send its value in, or throw its failure. The kernel
        handles the commonest case, a sleep after a sleep, itself."""
        gen = self.gen
        try:
            while True:
                if out.__class__ is float:
                    if out < 0.0:
                        raise ValueError(f"a negative sleep ({out}) in {gen!r}")
                    env = self.env
                    heappush(env._queue, (env._now + out, NORMAL, next(env._eid), self))
                    return
                if out.__class__ is deque:  # wait in this line for `hand_over`
                    out.append(self)
                    return
                if out.callbacks is not None:  # not yet processed: wait for it
                    out.callbacks.append(self._resume)
                    return
                if out._ok:
                    out = gen.send(out._value)
                else:
                    out._defused = True
                    out = gen.throw(out._value)
        except StopIteration:
            return


def hand_over(env: simpy.Environment, waiter: Any) -> None:
    """Let `waiter` (a walker or an event, popped from a line it waited in) go on now, after
    what is already scheduled now: the entry `Event.succeed()` would make."""
    if waiter.__class__ is Walker:
        heappush(env._queue, (env._now, NORMAL, next(env._eid), waiter))
    else:
        waiter.succeed()
