"""API responses: never cached, and a view's unhandled error answered in the API's error shape.

Every /api/ response carries `Cache-Control: no-store` (designs are private and change with
every autosave: no browser or proxy may keep one). An exception a view under /api/ did not handle
is logged with its traceback and answered `500 {"detail": ...}`, whatever DEBUG says (Django's
debug page is HTML, which no API client can read).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from playground.error_views import api_error, is_api

log = logging.getLogger("playground.api")


class ApiResponseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api(request):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_api(request):
            return None
        log.error("Unhandled error on %s %s", request.method, request.path, exc_info=exception)
        return api_error(500)
