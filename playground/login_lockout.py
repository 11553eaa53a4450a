"""Log-in lockout (django-axes 8): failures are counted per account and per address, each against
its own limit, and while either count is at its limit every log-in is refused, the right password
included (Axes' backend refuses before any password is checked).

Axes compares one number with one limit. A class behind one address needs two: an account is
locked after a few failures (AXES_ACCOUNT_FAILURE_LIMIT), an address only after many
(AXES_ADDRESS_FAILURE_LIMIT: 30 learners mistyping a few passwords each stay under it). The
counters live in Django's cache (LocMem in the embedded default, Redis with REDIS_URL) for
AXES_COOLOFF_TIME after the last failure. A successful log-in clears its account's count, never
its address's (else logging in to one's own account would reset a guesser's address).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import (
    get_client_cache_keys,
    get_cool_off,
    get_credentials,
    get_lockout_parameters,
)
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _limit(parameter: str | list[str]) -> int:
    if parameter == "username":
        return settings.AXES_ACCOUNT_FAILURE_LIMIT
    return settings.AXES_ADDRESS_FAILURE_LIMIT


class PerParameterCacheHandler(AxesCacheHandler):
    """Axes' cache handler with a limit of its own for each lockout parameter."""

    def _counts(self, request: Any, credentials: dict | None) -> list[tuple[str, int, int]]:
        """(parameter, failures, limit) for each lockout parameter, in settings order."""
        keys = get_client_cache_keys(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        return [
            (str(p), self.cache.get(k, default=0), _limit(p))
            for p, k in zip(parameters, keys, strict=True)
        ]

    def locked_by(self, request: Any, credentials: dict | None = None) -> list[str]:
        """The parameters ("username", "ip_address") whose count has reached its limit."""
        return [p for p, failures, limit in self._counts(request, credentials) if failures >= limit]

    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        return settings.AXES_LOCK_OUT_AT_FAILURE and bool(self.locked_by(request, credentials))

    def user_login_failed(
        self, sender: Any, credentials: dict, request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and self.is_locked(request, credentials):
            # this failure reached a limit: answer with the lockout page
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        """Clears the account's count only (Axes' own reset would clear the address's too)."""
        credentials = get_credentials(user.get_username())
        keys = get_client_cache_keys(request, credentials)
        for parameter, key in zip(get_lockout_parameters(request, credentials), keys, strict=True):
            if parameter == "username":
                self.cache.delete(key)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with Retry-After, and a page saying what happened and what to do.

    (Axes' async middleware passes the credentials where the original response belongs; neither
    is needed here.)"""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 15 * 60
    minutes = max(1, round(seconds / 60))
    credentials = getattr(request, "axes_credentials", None)
    handler = PerParameterCacheHandler()
    by_address = "ip_address" in handler.locked_by(
        request, credentials if isinstance(credentials, dict) else None
    )
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "by_address": by_address},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
