"""Session authentication with CSRF protection for everyone.

DRF's SessionAuthentication checks CSRF only for signed-in users. Here an anonymous learner owns
designs through the session cookie too, so a cross-site form could otherwise create, change or
delete them. Every unsafe method (POST, PUT, PATCH, DELETE) therefore needs the CSRF token in the
`X-CSRFToken` header, signed in or not. The page reads the `csrftoken` cookie, or GETs
`/api/csrf/`, which sets the cookie and returns the token.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS


class CsrfSessionAuthentication(SessionAuthentication):
    """The session's user, if any; CSRF enforced on unsafe methods for every caller."""

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        user = getattr(request._request, "user", None)
        if user is not None and user.is_active:
            self.enforce_csrf(request)
            return (user, None)
        if request.method not in SAFE_METHODS:
            self.enforce_csrf(request)
        return None


class CsrfSessionScheme(OpenApiAuthenticationExtension):
    """OpenAPI: the session cookie (optional: an anonymous learner's session is made on its
    first save)."""

    target_class = CsrfSessionAuthentication
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The session cookie; unsafe methods also need the X-CSRFToken header.",
        }
