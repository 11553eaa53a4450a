"""Production: everything that differs between deployments comes from the environment, and a
setting that would leave the site open refuses to start (ImproperlyConfigured, saying what to set).

SECRET_KEY (required), ALLOWED_HOSTS (comma-separated host names, required, no wildcard),
DATABASE_URL (required: PostgreSQL; there is no silent SQLite fallback), REDIS_URL (channel layer
and the cache behind throttles and log-in lockouts; needed with more than one daphne process),
CSRF_TRUSTED_ORIGINS (comma-separated `https://host` origins, no wildcard), TRUSTED_PROXY_COUNT
(proxies in front of daphne), SECURE_SSL_REDIRECT (default on), SECURE_HSTS_SECONDS, STATIC_ROOT
(where deploy/release.sh collects the static files nginx serves), DATABASE_POOL_MAX_SIZE
(PostgreSQL connections per process, default 4; see settings/base.py). README "Running for a
whole school" and deploy/ have the steps.

ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS are also what the websocket Origin check trusts, so a
wildcard in either would let any site open a learner's live run: none is accepted.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} for production settings.")
    return value


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _is_wildcard_host(host: str) -> bool:
    """'*', '.', '*.x' or any entry with a '*': each matches hosts nobody listed."""
    return "*" in host or host.strip(".") == ""


def _allowed_hosts() -> list[str]:
    hosts = _list("ALLOWED_HOSTS") or [_required("ALLOWED_HOSTS")]
    wild = [host for host in hosts if _is_wildcard_host(host)]
    if wild:
        raise ImproperlyConfigured(
            f"ALLOWED_HOSTS must name the site's hosts, not {', '.join(wild)!s}: a wildcard "
            "accepts any Host header and switches off the websocket Origin check. List each host "
            "name, comma-separated (a leading dot, '.example.org', allows that domain's "
            "subdomains)."
        )
    return hosts


def _trusted_origins() -> list[str]:
    origins = _list("CSRF_TRUSTED_ORIGINS")
    for origin in origins:
        parts = urlsplit(origin)
        host = parts.hostname or ""
        if not parts.scheme or not parts.netloc or host in ("", "*") or origin.strip() == "*":
            raise ImproperlyConfigured(
                "CSRF_TRUSTED_ORIGINS must list origins like https://playground.example.org, "
                f"not {origin!r}: "
                "a bare wildcard would trust every site with the learners' sessions and live runs."
            )
    return origins


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = _allowed_hosts()
CSRF_TRUSTED_ORIGINS = _trusted_origins()
_required(
    "DATABASE_URL"
)  # base.py reads it into DATABASES; without it SQLite would be used silently

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") != "0"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
