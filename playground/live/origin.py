"""The websocket Origin check, as strict as Django's CSRF origin check: scheme, host and port.

CSRF does not run on websockets, so this is the only guard against cross-site websocket
hijacking (a page on another site opening a socket with the learner's session cookie). A
handshake is accepted only when its Origin header

- equals the origin the request itself was made to: `ws` -> `http`, `wss` -> `https` (or https
  when SECURE_PROXY_SSL_HEADER says a proxy in front terminated TLS), and the Host header (or
  X-Forwarded-Host with USE_X_FORWARDED_HOST), which must itself be allowed by ALLOWED_HOSTS; or
- is listed in CSRF_TRUSTED_ORIGINS (`https://*.example.com` covers its subdomains, as in Django).

Anything else, and a handshake without an Origin (or with `null`), is refused with HTTP 403.
Channels' AllowedHostsOriginValidator, which this replaces, accepted any scheme and port of an
allowed host (http://localhost:9999 passed). Settings are read on every handshake, not once when
asgi.py is imported.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": "80", "https": "443"}


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return value.decode("latin-1")
    return None


def _normalise(scheme: str, netloc: str) -> str | None:
    """`scheme://host[:port]` in lower case, without the scheme's default port; None if unusable."""
    scheme, netloc = scheme.lower(), netloc.lower()
    if scheme not in DEFAULT_PORTS or not netloc or "@" in netloc:
        return None
    host, port = split_domain_port(netloc)
    if not host:
        return None
    if host.startswith("[") or ":" in host:  # IPv6: split_domain_port returns it bracketed
        host = host if host.startswith("[") else f"[{host}]"
    return f"{scheme}://{host}" + (f":{port}" if port and port != DEFAULT_PORTS[scheme] else "")


def _request_scheme(scope: dict[str, Any]) -> str:
    secure = scope.get("scheme", "ws") in ("wss", "https")
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        meta_name, secure_value = proxy
        name = meta_name.removeprefix("HTTP_").lower().replace("_", "-").encode("latin-1")
        forwarded = _header(scope, name)
        if forwarded is not None:
            secure = forwarded.split(",", 1)[0].strip() == secure_value
    return "https" if secure else "http"


def _request_host(scope: dict[str, Any]) -> str | None:
    host = None
    if getattr(settings, "USE_X_FORWARDED_HOST", False):
        host = _header(scope, b"x-forwarded-host")
    host = host or _header(scope, b"host")
    if not host:
        return None
    domain, _port = split_domain_port(host.lower())
    allowed = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed:  # Django's own rule for an empty list under DEBUG
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return host if domain and validate_host(domain, allowed) else None


def _trusted(origin: str) -> bool:
    parsed = urlsplit(origin)
    for trusted in getattr(settings, "CSRF_TRUSTED_ORIGINS", ()):
        entry = urlsplit(trusted)
        if "*" in entry.netloc:
            if parsed.scheme == entry.scheme.lower() and is_same_domain(
                parsed.netloc, entry.netloc.lower().split("*", 1)[1]
            ):
                return True
        elif _normalise(entry.scheme, entry.netloc) == origin:
            return True
    return False


def origin_allowed(scope: dict[str, Any]) -> bool:
    """True when the handshake's Origin is this site's own origin or a trusted one."""
    raw = _header(scope, b"origin")
    if not raw or raw == "null":
        return False
    parsed = urlsplit(raw.strip())
    origin = _normalise(parsed.scheme, parsed.netloc)
    if origin is None or parsed.path not in ("", "/"):
        return False
    host = _request_host(scope)
    if host is not None and origin == _normalise(_request_scheme(scope), host):
        return True
    return _trusted(origin)


class StrictOriginValidator:
    """ASGI middleware: websockets whose Origin is not allowed are refused (HTTP 403)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            log.info(
                "websocket refused: Origin %r for Host %r",
                _header(scope, b"origin"),
                _header(scope, b"host"),
            )
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.application(scope, receive, send)
