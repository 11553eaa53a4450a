"""The API's throttle (DRF throttling, counted on Django's cache by `playground.rate_limits`).

A view names what each method costs in `throttle_scopes`, e.g. `{"POST": ("design_create",)}`;
methods it does not name are not throttled. Every scope counts per owner and per address in the
windows settings.THROTTLE_RATES gives it. A refused request is answered 429 with Retry-After, in
the API's error shape, with a sentence that says what to do; it counts nothing.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.throttling import BaseThrottle

from playground import rate_limits


class ScopedThrottle(BaseThrottle):
    """Counts the request in each scope its view's `throttle_scopes` names for its method."""

    def allow_request(self, request: Any, view: Any) -> bool:
        scopes = (getattr(view, "throttle_scopes", None) or {}).get(request.method, ())
        rate_limits.take(request, scopes)  # raises RateLimited: 429 with the scope's own message
        return True


def throttled_methods(view_class: type) -> set[str]:
    """The methods of a view that a throttle can refuse (for the OpenAPI 429 responses)."""
    return {
        method.lower()
        for method, scopes in (getattr(view_class, "throttle_scopes", None) or {}).items()
        if scopes
    }


class ThrottledAutoSchema(AutoSchema):
    """drf-spectacular's schema, with a 429 response (and its Retry-After header) on every
    operation `throttle_scopes` names."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction)
        if self.method.lower() in throttled_methods(type(self.view)) and "429" not in bodies:
            from playground.api.serializers import ErrorOutput

            response = self._get_response_for_code(
                OpenApiResponse(
                    ErrorOutput,
                    description=(
                        "Too many requests of this kind from you or your network: `detail` "
                        "says what to do and when to try again; nothing was changed."
                    ),
                ),
                "429",
                direction=direction,
            )
            response["headers"] = {
                "Retry-After": {
                    "schema": {"type": "integer", "minimum": 1},
                    "description": "Seconds until the request can succeed.",
                }
            }
            bodies["429"] = response
        return bodies
