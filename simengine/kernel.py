"""simpy's Environment with a tighter loop and a sleep that is not an event.

A request spends most of its events sleeping: the network time it owes before a queue, its
service, the next arrival. In plain simpy each sleep is a `Timeout` (an event object with a
callback list) that the loop pops and whose callbacks it calls, one of which resumes the
generator. Here a generator driven by a `Walker` (`simengine.walker`) sleeps by yielding the
delay itself, a float: the walker puts *itself* on the schedule, and the loop, seeing a walker,
resumes it directly. No object is made and no callback list is walked, and the schedule entry
is the one simpy would have made, `(now + delay, NORMAL, next id)`, so events happen in exactly
the order they did with `Timeout` (the same run, the same report).

Everything else is simpy's: events, conditions (`a | b`), processes, `schedule`. Background
loops stay ordinary simpy processes; `process` wraps their generator (`timeouts`) so that they
may yield a float too, which then becomes a `Timeout` as before (a poller serving a message runs
the same request code as a walker). `run(until=t)` keeps simpy's meaning: it stops at `t` after
the URGENT events scheduled there before the call, before the others.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from heapq import heappop, heappush
from typing import Any

import simpy
from simpy.core import NORMAL, URGENT
from simpy.events import Event, Process, Timeout

from simengine.walker import Walker


def timeouts(env: simpy.Environment, gen: Generator[Any, Any, Any]) -> Generator[Any, Any, Any]:
    """Drive `gen` as `yield from gen` would (sends, throws, its return value), turning each
    float it yields (a sleep, see the module docstring) into a `Timeout` for simpy's process,
    and each deque (a line to wait in, `simengine.walker`) into an event waiting in it."""
    try:
        out = next(gen)
    except StopIteration as stop:
        return stop.value
    while True:
        if out.__class__ is float:
            out = Timeout(env, out)
        elif out.__class__ is deque:  # a line to wait in: an event stands in it for us
            line, out = out, Event(env)
            line.append(out)
        try:
            sent = yield out
        except GeneratorExit:
            gen.close()
            raise
        except BaseException as exc:  # an interrupt or a failed event: pass it in
            try:
                out = gen.throw(exc)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                out = gen.send(sent)
            except StopIteration as stop:
                return stop.value


class Kernel(simpy.Environment):
    """One run's clock and schedule (see the module docstring)."""

    def process(self, generator: Generator[Any, Any, Any]) -> Process:  # type: ignore[override]
        return Process(self, timeouts(self, generator))

    def run(self, until: Any = None) -> None:
        """Process every event before `until` (a time: the simulation always gives one)."""
        at = float(until)
        if at <= self._now:
            raise ValueError(f"until ({at}) must be greater than the current simulation time")
        at = self._now + (at - self._now)  # the time simpy's `until` event would have, to the bit
        stop = next(self._eid)  # and the id it would have taken
        queue = self._queue
        eid = self._eid
        while queue:
            entry = heappop(queue)
            t, prio, _, event = entry
            if t >= at and (t > at or prio > URGENT or entry[2] > stop):
                heappush(queue, entry)  # not this run's: put it back, where it was
                break
            self._now = t
            if event.__class__ is Walker:
                # A sleep ended: send None (a Timeout's value). The commonest next step, another
                # sleep, is scheduled here, as `Walker._resume` would (one call fewer an event).
                try:
                    out = event.gen.send(None)
                except StopIteration:
                    continue
                if out.__class__ is float and out >= 0.0:
                    heappush(queue, (t + out, NORMAL, next(eid), event))
                else:
                    event._resume(out)
                continue
            callbacks, event.callbacks = event.callbacks, None
            for callback in callbacks:
                callback(event)
            if not event._ok and not hasattr(event, "_defused"):
                exc = type(event._value)(*event._value.args)  # as simpy's step(): crash the run
                exc.__cause__ = event._value
                raise exc
        self._now = at
