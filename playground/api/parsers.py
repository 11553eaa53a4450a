"""A JSON parser that refuses what could hurt later instead of failing deep inside a view.

DRF's JSONParser reads the request stream directly, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE
(checked only by `request.body`) never applies: this parser enforces it itself (413). A body
sent chunked, with no Content-Length, reaches it with its length declared and already bounded
(playground/chunked.py, in front of Django). It also refuses, with a 400 that says where: text
that is not UTF-8, malformed JSON, NaN/Infinity, nesting deeper than MAX_DEPTH (json.loads would
raise RecursionError), and strings holding NUL or unpaired surrogates (PostgreSQL cannot store
them).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from playground.api.errors import PayloadTooLarge
from playground.exceptions import InvalidInput
from simengine.design import Problem

MAX_DEPTH = 64


class BoundedJSONParser(JSONParser):
    """application/json, bounded in size and depth, strict about what it accepts."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: dict | None = None
    ) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        if request is not None and _declared_length(request) > limit:
            raise PayloadTooLarge()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge()
        data = _loads(raw)
        _check_value(data, "", 0)
        return data


def _declared_length(request: Any) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0


def _reject_constant(name: str) -> Any:
    raise ParseError(f"Malformed JSON: {name} is not a JSON number.")


def _loads(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"The request body is not UTF-8 text (byte {exc.start}).") from exc
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"Malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}."
        ) from exc
    except RecursionError as exc:
        raise ParseError(f"Malformed JSON: nested deeper than {MAX_DEPTH} levels.") from exc
    except ValueError as exc:  # e.g. an integer with more than 4300 digits
        raise ParseError(f"Malformed JSON: {exc}.") from exc


def _check_value(value: Any, path: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        _refuse(path, f"is nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        _check_text(value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, path)
            _check_value(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(item, f"{path}[{index}]", depth + 1)


def _check_text(text: str, path: str) -> None:
    if "\x00" in text:
        _refuse(path, "text may not contain the NUL character (\\u0000)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        _refuse(path, "text holds an unpaired surrogate (a lone \\ud800-\\udfff escape)")


def _refuse(path: str, message: str) -> None:
    raise InvalidInput(f"{path or 'The request body'}: {message}.", [Problem(path, message)])
