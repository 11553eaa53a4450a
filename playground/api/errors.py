"""One error shape for the whole API: `{"detail": "...", "problems": [{"path", "message"}]}`
(`problems` wherever there is something field-addressed to list), plus `current_version` on 409.

Every error a view can meet ends here (settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]); anything not
recognised is left to Django (a 500 is a bug to fix, not a response to design).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from playground.exceptions import Conflict, Forbidden, InvalidInput, NotFound, VersionConflict
from simengine.design import DesignError, Problem


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"

    def __init__(self) -> None:
        from django.conf import settings

        limit_kib = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        super().__init__(f"The request body is too large: at most {limit_kib} KiB.")


def error_body(detail: str, problems: list[Problem] | None = None, **extra: Any) -> dict[str, Any]:
    """The error shape."""
    body: dict[str, Any] = {"detail": detail}
    if problems:
        body["problems"] = [p.to_dict() for p in problems]
    body.update(extra)
    return body


def flatten(detail: Any, path: str = "") -> list[Problem]:
    """DRF's nested validation detail as a flat list of field-addressed problems."""
    if isinstance(detail, dict):
        problems: list[Problem] = []
        for key, value in detail.items():
            if isinstance(key, int):  # a list field's item: `hints[1]`, as documents' paths are
                problems += flatten(value, f"{path}[{key}]")
                continue
            key = "" if key == "non_field_errors" else str(key)
            problems += flatten(value, f"{path}.{key}" if path and key else (key or path))
        return problems
    if isinstance(detail, list):
        if all(isinstance(item, (str, exceptions.ErrorDetail)) for item in detail):
            return [Problem(path, str(item)) for item in detail]
        return [p for index, item in enumerate(detail) for p in flatten(item, f"{path}[{index}]")]
    return [Problem(path, str(detail))]


def _validation_response(exc: exceptions.ValidationError) -> Response:
    problems = flatten(exc.detail)
    first = str(problems[0]) if problems else "invalid input"
    return Response(
        error_body(f"Invalid input: {first}", problems), status=status.HTTP_400_BAD_REQUEST
    )


def _translate(exc: Exception) -> Exception:
    """Django's and the domain's exceptions as DRF's."""
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, (ObjectDoesNotExist, Http404)):
        return exceptions.NotFound("Not found.")
    if isinstance(exc, NotFound):
        return exceptions.NotFound(str(exc) or "Not found.")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


#: Domain refusals that carry their own sentence, and their status.
_DOMAIN_STATUS = (
    (NotFound, status.HTTP_404_NOT_FOUND),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (Conflict, status.HTTP_409_CONFLICT),
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error as the one shape."""
    exc = _translate(exc)
    if isinstance(exc, VersionConflict):
        return Response(
            error_body(str(exc), current_version=exc.current_version),
            status=status.HTTP_409_CONFLICT,
        )
    for kind, code in _DOMAIN_STATUS:
        if isinstance(exc, kind):
            return Response(error_body(str(exc)), status=code)
    if isinstance(exc, InvalidInput):
        return Response(error_body(exc.detail, exc.problems), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DesignError):
        return Response(
            error_body("The design is invalid.", exc.problems), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(exc)
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = (
            response.data.get("detail", response.data)
            if isinstance(response.data, dict)
            else response.data
        )
        response.data = error_body(str(detail))
    return response
