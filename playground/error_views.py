"""What a refused or failed request gets: under /api/ always the API's error shape
`{"detail": ...}` (playground.api.errors), elsewhere the product's own pages (templates/404.html,
500.html, 403.html, 400.html).

Django calls the handlers in playground/urls.py when DEBUG is off; the /api/ catch-all route and
`playground.middleware.ApiResponseMiddleware` give the API the same answers when DEBUG is on.
CSRF failures come here through settings.CSRF_FAILURE_VIEW whatever DEBUG says.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import csrf_exempt

from playground.api.errors import error_body

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
TEXT = {
    400: "Bad request: the request could not be read. Check the address and try again.",
    403: "Forbidden: you may not do that here.",
    404: "Not found.",
    500: "Something went wrong on the server, and it has been logged. Nothing you sent was saved "
    "by this request; try again in a moment.",
}
CSRF_TEXT = (
    "CSRF check failed: send the token from /api/csrf/ (or the csrftoken cookie) as the "
    "X-CSRFToken header."
)
CSRF_PAGE_TEXT = (
    "This form had expired or was sent from another site. Go back, reload the page "
    "and send it again."
)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, detail: str | None = None) -> JsonResponse:
    return JsonResponse(error_body(detail or TEXT[status]), status=status)


@csrf_exempt
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """The /api/ catch-all: any method on a path no API route matches."""
    hint = "" if request.path.endswith("/") else " The API's paths end with a slash."
    return api_error(
        404, f"No such API path: {request.path}.{hint} The paths are listed at /api/docs/."
    )


def _page(request: HttpRequest, status: int, template: str, **context: object) -> HttpResponse:
    return render(request, template, {"status": status, **context}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return api_error(400) if is_api(request) else _page(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return api_error(403) if is_api(request) else _page(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return api_error(404) if is_api(request) else _page(request, 404, "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """No request context (the error may lie there): the 500 page reads nothing but static URLs,
    and plain text is the answer if even that fails."""
    if is_api(request):
        return api_error(500)
    try:
        return HttpResponse(loader.get_template("500.html").render({}), status=500)
    except Exception:
        log.exception("The 500 page itself failed")
        return HttpResponse(TEXT[500], status=500, content_type="text/plain; charset=utf-8")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW."""
    if is_api(request):
        return api_error(403, CSRF_TEXT)
    return _page(request, 403, "403.html", message=CSRF_PAGE_TEXT)
