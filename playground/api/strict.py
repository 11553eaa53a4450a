"""Input that means exactly what the OpenAPI schema says, no more.

DRF is lenient where the schema is not: a CharField turns the number 0 into the name "0", an
IntegerField takes the string "2", and a query string's `limit=abc` or `limit=1000` is quietly
replaced by a default or a maximum. A client written against the schema would be surprised by
each, so these fields and the query reader refuse what the schema refuses, with a problem that
names the field and says what to send.
"""

from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers

from playground.exceptions import InvalidInput
from simengine.design import Problem

_WHOLE = re.compile(r"-?[0-9]+")
_MAX_DIGITS = 30  # longer than any limit here; int() of thousands of digits is slow


def json_kind(value: Any) -> str:
    """What a JSON value is, in the words of a message ("a number", "a list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


class TextField(serializers.CharField):
    """A JSON string, stored as sent (no trimming): a number or a list is refused, not turned
    into text."""

    default_error_messages = {"not_text": "must be text (a JSON string), not {kind}."}

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text", kind=json_kind(data))
        return super().to_internal_value(data)


class WholeNumberField(serializers.IntegerField):
    """A JSON integer (2 or 2.0, as JSON Schema counts them); text such as "2" is refused."""

    default_error_messages = {"not_whole": "must be a whole number (a JSON integer), not {kind}."}

    def to_internal_value(self, data: Any) -> int:
        integral_float = isinstance(data, float) and data.is_integer()
        if isinstance(data, bool) or not (isinstance(data, int) or integral_float):
            kind = "a fraction" if isinstance(data, float) else json_kind(data)
            self.fail("not_whole", kind=kind)
        return super().to_internal_value(int(data))


# RFC 3339 (what OpenAPI's `format: date-time` means): a date, a "T", a time, a zone.
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


class DateTimeText(serializers.DateTimeField):
    """An RFC 3339 date and time with its zone, as the schema's `format: date-time` says
    ("2030-01-31T12:00:00Z"); a bare date or a time without a zone is refused, not guessed."""

    default_error_messages = {
        "not_rfc3339": "must be a date and time with a zone, like 2030-01-31T12:00:00Z."
    }

    def to_internal_value(self, value: Any) -> Any:
        if not isinstance(value, str) or not _RFC3339.fullmatch(value):
            self.fail("not_rfc3339")
        return super().to_internal_value(value)


_MISSING = object()


def query_integer(
    query: Any,
    name: str,
    *,
    low: int,
    high: int | None = None,
    default: Any = _MISSING,
    missing: str = "",
) -> int:
    """The whole number in query parameter `name` (sent once, ASCII digits, low..high), or
    `default` when it is absent. Anything else is InvalidInput with a problem on `name`; an
    absent parameter without a default says `missing` (what to send)."""
    values = query.getlist(name)
    if not values:
        if default is _MISSING:
            message = missing or f"is required: send ?{name}=N"
            raise InvalidInput(f"{name}: {message}.", [Problem(name, message)])
        return default
    span = f"from {low}" if high is None else f"from {low} to {high}"
    if len(values) > 1:
        _refuse(name, f"must be sent once, not {len(values)} times")
    text = values[0]
    if not _WHOLE.fullmatch(text):
        _refuse(name, f"must be a whole number {span} (got {text[:40]!r})")
    if len(text.lstrip("-")) > _MAX_DIGITS:
        value = -(10**_MAX_DIGITS) if text.startswith("-") else 10**_MAX_DIGITS
    else:
        value = int(text)
    if value < low or (high is not None and value > high):
        _refuse(name, f"must be a whole number {span} (got {text[:40]})")
    return value


def _refuse(name: str, message: str) -> None:
    raise InvalidInput(f"{name}: {message}.", [Problem(name, message)])
