"""Running a request's generator on simpy events, without making it a simpy event itself.

`simpy.Process` is an event: starting one schedules an `Initialize` event, and ending one
schedules the process event, so that others may wait for it. Nobody waits for a request: the
client counts its outcome itself. A `Walker` drives the generator exactly as `Process._resume`
does (send the value of each event it yielded, throw in failures) but starts at once and ends
silently, saving two of the eight events a three-tier request costs. Background loops (health
checks, scaling, pollers) stay ordinary simpy processes.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any


class _Start:
    _ok = True
    _value = None


_START = _Start()


class Walker:
    __slots__ = ("gen",)

    def __init__(self, gen: Generator[Any, Any, Any]) -> None:
        self.gen = gen
        self._resume(_START)

    def _resume(self, event: Any) -> None:
        gen = self.gen
        try:
            while True:
                if event._ok:
                    event = gen.send(event._value)
                else:
                    event._defused = True
                    event = gen.throw(event._value)
                if event.callbacks is not None:  # not yet processed: wait for it
                    event.callbacks.append(self._resume)
                    return
        except StopIteration:
            return
