"""Channel-layer traffic that degrades, never fails (issue 16).

Like a post office with N counters: every message for the channel layer (a watch-along frame,
a viewer's join, a class-view announcement) waits for one of LIVE_FANOUT_IN_FLIGHT counters,
so at most that many layer calls are in flight in this process, and the channel layer's Redis
pool (sized to that bound plus a margin, settings/live.py) never runs dry. A frame waiting for
a counter is replaced by a newer frame for the same group (the latest wins; the events of the
one replaced ride along, `merge`), while an end or an error is never dropped and goes after the
frame it follows: each group's messages go out in order, one at a time (an end that failed is
tried again, LAST_TRIES times in all). Every call gives up after LIVE_FANOUT_TIMEOUT_S. A
failure is counted, never raised: `BurstLog` writes one line per burst ("watch-along: 57 sends
failed in the last 5 s (57 MaxConnectionsError: Too many connections); viewers get the next
frame"), no traceback per failure.

`fanout(layer)` is this process's sender for a layer (one per event loop).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import threading
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

BURST_WINDOW_S = 5.0  # failures within this long of a burst's first make one log line
LAST_TRIES = 3  # a message that is never dropped (an end, an error) is tried this often

Merge = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


class BurstLog:
    """Counts failures and logs one line per `window_s` of them: what failed, how many, of
    which kinds (the last error's words), and what happens instead (`consequence`)."""

    def __init__(self, what: str, noun: str, consequence: str, window_s: float | None = None):
        self.what, self.noun, self.consequence = what, noun, consequence
        self.window_s = BURST_WINDOW_S if window_s is None else window_s
        self.lock = threading.Lock()
        self.kinds: collections.Counter = collections.Counter()
        self.last: dict[str, str] = {}
        self.timer: threading.Timer | None = None

    def failed(self, exc: BaseException) -> None:
        kind = type(exc).__name__
        with self.lock:
            self.kinds[kind] += 1
            self.last[kind] = str(exc)
            if self.timer is None:  # the first of a burst: its line is written at the window's end
                self.timer = threading.Timer(self.window_s, self.flush)
                self.timer.daemon = True
                self.timer.start()

    def flush(self) -> None:
        with self.lock:
            kinds, last, self.kinds, self.last = self.kinds, self.last, collections.Counter(), {}
            if self.timer is not None:  # flushed before its window ended (tests, shutdown)
                self.timer.cancel()
            self.timer = None
        if kinds:
            counted = ", ".join(
                f"{n} {kind}: {last[kind]}" if last[kind] else f"{n} {kind}"
                for kind, n in kinds.most_common()
            )
            log.warning(
                "%s: %d %s failed in the last %g s (%s); %s",
                self.what,
                sum(kinds.values()),
                self.noun,
                self.window_s,
                counted,
                self.consequence,
            )


class _Group:
    """One group's messages not yet sent, in order; `busy` while one is sent or it waits in line."""

    __slots__ = ("items", "busy")

    def __init__(self):
        self.items: collections.deque = collections.deque()  # [message, merge, burst, tries]
        self.busy = False


class Fanout:
    """At most `in_flight` channel-layer calls at once, first come first served; group sends
    posted (`post`) without waiting, other calls awaited (`call`)."""

    def __init__(self, layer, *, in_flight: int, timeout_s: float):
        if int(in_flight) < 1:
            raise ValueError(f"LIVE_FANOUT_IN_FLIGHT must be at least 1, not {in_flight!r}")
        if not timeout_s > 0:
            raise ValueError(f"LIVE_FANOUT_TIMEOUT_S must be above 0, not {timeout_s!r}")
        self.layer, self.limit, self.timeout_s = layer, int(in_flight), float(timeout_s)
        self.active = 0  # calls in flight (or granted a counter and about to start)
        self.line: collections.deque[Callable[[], None]] = collections.deque()
        self.groups: dict[str, _Group] = {}
        self.frames = BurstLog("watch-along", "sends", "viewers get the next frame")

    # -- the counters ---------------------------------------------------------------------------

    def _acquire(self, start: Callable[[], None]) -> None:
        if self.active < self.limit:
            self.active += 1
            start()
        else:
            self.line.append(start)

    def _release(self) -> None:
        if self.line:
            self.line.popleft()()  # the counter passes straight to the next in line
        else:
            self.active -= 1

    # -- group sends, posted --------------------------------------------------------------------

    def post(
        self, group: str, message: dict[str, Any], *, merge: Merge | None = None, burst=None
    ) -> None:
        """Send `message` to `group` when a counter is free. With `merge` it is lossy: a newer
        lossy message for the group replaces it while it waits (`merge(older, newer)` is what
        goes instead). Without, it is never dropped. Never raises; failures go to `burst`."""
        state = self.groups.get(group)
        if state is None:
            state = self.groups[group] = _Group()
        items = state.items
        if merge is not None and items and items[-1][1] is not None:
            items[-1][0] = merge(items[-1][0], message)
        else:
            items.append([message, merge, burst or self.frames, 1])
        if not state.busy:
            state.busy = True
            self._acquire(lambda: self._start(group))

    def _start(self, group: str) -> None:
        asyncio.ensure_future(self._send(group, self.groups[group].items.popleft()))

    async def _send(self, group: str, item: list) -> None:
        message, merge, burst, tries = item
        try:
            async with asyncio.timeout(self.timeout_s):
                await self.layer.group_send(group, message)
        except Exception as exc:
            burst.failed(exc)
            if merge is None and tries < LAST_TRIES:  # never dropped: first in line again
                self.groups[group].items.appendleft([message, merge, burst, tries + 1])
        finally:
            state = self.groups[group]
            if state.items:  # its next message waits in line behind the others
                self.line.append(lambda: self._start(group))
            else:
                state.busy = False
                del self.groups[group]
            self._release()

    # -- any other call, awaited ----------------------------------------------------------------

    async def call(self, burst: BurstLog, fn: Callable[..., Awaitable[Any]], *args: Any) -> bool:
        """`await fn(*args)` once a counter is free, within the timeout (waiting included).
        True if it succeeded; a failure goes to `burst` and gives False, never an exception."""
        granted = asyncio.get_running_loop().create_future()

        def grant() -> None:
            if granted.done():  # its caller stopped waiting: pass the counter on
                self._release()
            else:
                granted.set_result(None)

        self._acquire(grant)
        try:
            async with asyncio.timeout(self.timeout_s):
                await granted
                await fn(*args)
            return True
        except Exception as exc:
            burst.failed(exc)
            return False
        finally:
            if granted.cancelled():  # gave up waiting in line: leave it
                if grant in self.line:
                    self.line.remove(grant)
            elif granted.done():
                self._release()


_senders: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fanout(layer) -> Fanout:
    """This process's sender for `layer` on the running event loop (the settings' bound)."""
    loop = asyncio.get_running_loop()
    per_loop = _senders.setdefault(loop, {})
    sender = per_loop.get(id(layer))
    if sender is None or sender.layer is not layer:
        sender = per_loop[id(layer)] = Fanout(
            layer,
            in_flight=settings.LIVE_FANOUT_IN_FLIGHT,
            timeout_s=settings.LIVE_FANOUT_TIMEOUT_S,
        )
    return sender
