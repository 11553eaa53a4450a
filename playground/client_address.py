"""The address a learner's request or websocket comes from, for per-address limits.

A class sits behind one address (a school's NAT), so per-address limits are generous and
per-owner ones are tight. By default the address is the socket's peer. Behind a load balancer or
reverse proxy, set TRUSTED_PROXY_COUNT to the number of proxies in front of daphne: the address
is then taken that many entries from the right of X-Forwarded-For (each proxy appends the peer it
saw, so entries further left are whatever the client chose to send and are never trusted).
DRF's throttles read the same number (REST_FRAMEWORK["NUM_PROXIES"]).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

UNKNOWN = "unknown"


def _pick(forwarded: str, peer: str) -> str:
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return peer or UNKNOWN
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:  # fewer hops than proxies: not through them; trust nothing it says
        return peer or UNKNOWN
    return hops[-proxies]


def from_request(request: Any) -> str:
    """The client address of a Django (or DRF) HTTP request."""
    meta = request.META
    return _pick(meta.get("HTTP_X_FORWARDED_FOR", ""), meta.get("REMOTE_ADDR", ""))


def from_scope(scope: dict[str, Any]) -> str:
    """The client address of a Channels websocket scope."""
    client = scope.get("client") or (None, None)
    peer = str(client[0]) if client and client[0] else ""
    forwarded = ""
    for name, value in scope.get("headers") or ():
        if name == b"x-forwarded-for":
            forwarded = value.decode("latin-1")
    return _pick(forwarded, peer)
