"""Rate limits on Django's cache, for the API's throttles (`playground.api.throttles`), the token
pages, sign-up and the start of an anonymous session.

A scope ("design_create", "token", ...) is counted per owner (the signed-in user or the browser
session) and per client address (`playground.client_address`), each in the windows that
settings.THROTTLE_RATES gives "<scope>.owner" and "<scope>.address" ("20/m", "34/5m", "120/h"; a
missing or None entry counts nothing). Windows are fixed (they start at multiples of their length)
and counted with the cache's atomic `incr`, so concurrent requests cannot slip past a limit by
more than their number. A refused request counts nothing, and its answer is 429 with Retry-After
(the seconds until the window that refused it ends) and a sentence that says what to do.

Rates are read at each request, so `override_settings(THROTTLE_RATES=...)` works in tests.
"""

from __future__ import annotations

import functools
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework import exceptions

from playground import client_address

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}

#: What a refused learner reads (followed by "Try again in N seconds.").
MESSAGES = {
    "signup": (
        "Too many sign-ups from your network in a short time. You can keep working without "
        "an account meanwhile: your designs stay in this browser and move to your account "
        "when you sign up."
    ),
    "design_create": (
        "New designs are being made faster than a person can. Nothing was lost: "
        "your designs are as they were."
    ),
    "share_create": (
        "Too many share links in a short time: reuse a link you already made "
        "(each design lists its links under Share)."
    ),
    "scenario_create": (
        "Scenarios are being made faster than a person writes them. Nothing was lost: your "
        "design and your scenarios are as they were."
    ),
    "token": (
        "Too many shared-link look-ups from your network in a short time: check that the "
        "link is the one you were given."
    ),
    "assignment": (
        "Too many assignment look-ups from your network in a short time: check that the "
        "code is the one your instructor gave you."
    ),
    "assignment_create": "Too many assignments set in a short time: reuse one you already set.",
    "session": (
        "Too many new browser sessions from your network in a short time. Keep working in "
        "the browser window you already have open (your designs are there), and make sure "
        "cookies are allowed for this site."
    ),
}


@dataclass(frozen=True)
class Window:
    """At most `count` requests in each `seconds`-long window."""

    count: int
    seconds: int


def parse_rate(rate: str) -> Window:
    """'20/m' -> 20 a minute; '34/5m' -> 34 in five minutes; '100/h', '1000/d', '5/10s'."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"A rate reads like '20/m' or '34/5m', not {rate!r}.")
    count, multiple, unit = match.groups()
    return Window(int(count), int(multiple or 1) * _UNIT_S[unit])


def windows(name: str) -> list[Window]:
    """The windows of "<scope>.<per>" in settings.THROTTLE_RATES (none when missing or None)."""
    rates = getattr(settings, "THROTTLE_RATES", {}).get(name)
    if not rates:
        return []
    return [parse_rate(rate) for rate in ([rates] if isinstance(rates, str) else rates)]


class RateLimited(exceptions.Throttled):
    """429 in the API's error shape, Retry-After set by DRF from `wait`."""

    extra_detail_singular = "Try again in {wait} second."
    extra_detail_plural = "Try again in {wait} seconds."

    def __init__(self, scope: str, wait: float):
        self.scope = scope
        super().__init__(
            wait=max(1, math.ceil(wait)), detail=MESSAGES.get(scope, "Too many requests.")
        )


def owner_ident(request: Any) -> str | None:
    """The user or browser session a request comes from; None for a browser with no session yet."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    return f"session:{key}" if key else None


def _counters(
    request: Any, scopes: Iterable[str], now: float
) -> list[tuple[str, str, Window, int]]:
    """(scope, cache key, window, seconds until it ends) for every window that applies."""
    idents = {"owner": owner_ident(request), "address": client_address.from_request(request)}
    counters = []
    for scope in scopes:
        for per, ident in idents.items():
            if ident is None:
                continue
            for window in windows(f"{scope}.{per}"):
                start = int(now // window.seconds) * window.seconds
                key = f"rl:{scope}.{per}:{window.count}/{window.seconds}:{start}:{ident}"
                counters.append((scope, key, window, start + window.seconds - now))
    return counters


def take(request: Any, scopes: Iterable[str]) -> None:
    """Counts one request in every window of `scopes`, or raises RateLimited counting nothing."""
    counters = _counters(request, scopes, time.time())
    if not counters:
        return
    current = cache.get_many([key for _, key, _, _ in counters])
    refused = [
        (left, scope)
        for scope, key, window, left in counters
        if current.get(key, 0) >= window.count
    ]
    if refused:
        left, scope = max(refused)
        raise RateLimited(scope, left)
    for _, key, _window, left in counters:
        # add() starts the window's counter (expiring with the window); incr() is atomic.
        if not cache.add(key, 1, timeout=math.ceil(left) + 1):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr(): this request starts it again
                cache.add(key, 1, timeout=math.ceil(left) + 1)


def refusal_page(request: HttpRequest, refusal: RateLimited) -> HttpResponse:
    """The 429 page for a refused page request (the API answers in its own error shape)."""
    response = render(
        request,
        "429.html",
        {"message": MESSAGES.get(refusal.scope, ""), "wait": refusal.wait},
        status=429,
    )
    response["Retry-After"] = str(refusal.wait)
    return response


def limit_page(scope: str, *, methods: tuple[str, ...] | None = None) -> Callable:
    """Decorates a page view: each request (of `methods`, or any) counts in `scope`; refused
    ones get the 429 page."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if methods is None or request.method in methods:
                try:
                    take(request, [scope])
                except RateLimited as refusal:
                    return refusal_page(request, refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
