"""Checking one value from a design document against its catalogue `PropSpec`.

JSON numbers arrive as int or float (or, from a lenient parser, NaN and infinity); booleans are
a kind of int in Python. These helpers accept exactly what a learner means: a whole number for an
int prop (4 or 4.0), any finite number for a float prop, true/false for a bool, one of the listed
choices for an enum, and an AWS Region id for a region prop. They never raise: a bad value comes
back with the sentence that explains it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from typing import Any

from simengine.regions import AWS_REGIONS
from simengine.spec import PropSpec

MAX_SHOWN = 40  # characters of a learner's value echoed back in a message
LARGEST = 1e12  # bound for numbers the catalogue gives no maximum (times, goal values)


def describe(value: Any) -> str:
    """A short, safe description of any JSON value for a message (never a huge repr)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return fmt_number(value)
    if isinstance(value, str):
        shown = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "..."
        return '"' + shown.encode("unicode_escape").decode("ascii") + '"'
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a " + type(value).__name__


def fmt_number(value: Any) -> str:
    """12 not 12.0; 50,000 not 50000; large or odd numbers shortened."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) < 10**15 else "a very large number"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:g}"
    return describe(value)


def suggest(word: Any, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' when a close name exists, else ''."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word[:80], list(choices), n=2, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f'"{c}"' for c in close) + "?)"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def finite_number(value: Any) -> tuple[float | int | None, str | None]:
    """The value if it is a finite JSON number, else why not."""
    if not is_number(value):
        return None, f"must be a number, not {describe(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"must be a finite number, not {describe(value)}"
    return value, None


def whole_number(value: Any) -> tuple[int | None, str | None]:
    """The value as an int if it is a whole JSON number (4 or 4.0), else why not."""
    number, problem = finite_number(value)
    if problem:
        return None, problem.replace("a number", "a whole number")
    if isinstance(number, float):
        if not number.is_integer():
            return None, f"must be a whole number, not {describe(value)}"
        return int(number), None
    return number, None


def in_range(value: float, lo: float | None, hi: float | None, unit: str | None) -> str | None:
    """Why value is outside [lo, hi], or None. Compares without converting big ints to float."""
    suffix = f" {unit}" if unit else ""
    if lo is not None and value < lo:
        return f"must be at least {fmt_number(lo)}{suffix}, not {fmt_number(value)}"
    if hi is not None and value > hi:
        return f"must be at most {fmt_number(hi)}{suffix}, not {fmt_number(value)}"
    return None


def plain_text(value: Any, max_length: int) -> tuple[str | None, str | None]:
    """A short plain-text string (no control characters), else why not."""
    if not isinstance(value, str):
        return None, f"must be text, not {describe(value)}"
    if len(value) > max_length:
        return None, f"is too long: at most {max_length} characters, not {len(value):,}"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None, "must be plain text without control characters (such as line breaks)"
    return value, None


def coerce(spec: PropSpec, value: Any, max_str_length: int) -> tuple[Any, str | None]:
    """The value in the type `spec` declares, or why it cannot be."""
    checker = _CHECKERS[spec.type]
    return checker(spec, value, max_str_length)


def _int_prop(spec: PropSpec, value: Any, _: int) -> tuple[Any, str | None]:
    number, problem = whole_number(value)
    if problem:
        return None, problem
    if spec.choices is not None and number not in spec.choices:
        return None, "must be one of " + ", ".join(fmt_number(c) for c in spec.choices)
    problem = in_range(number, spec.min, spec.max, spec.unit)
    return (None, problem) if problem else (number, None)


def _float_prop(spec: PropSpec, value: Any, _: int) -> tuple[Any, str | None]:
    number, problem = finite_number(value)
    if problem:
        return None, problem
    problem = in_range(number, spec.min, spec.max, spec.unit)
    return (None, problem) if problem else (float(number), None)


def _bool_prop(spec: PropSpec, value: Any, _: int) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    return None, f"must be true or false, not {describe(value)}"


def _enum_prop(spec: PropSpec, value: Any, _: int) -> tuple[Any, str | None]:
    choices = spec.choices or ()
    if isinstance(value, str) and value in choices:
        return value, None
    return None, (
        f"must be one of {', '.join(choices)}, not {describe(value)}" + suggest(value, choices)
    )


def _str_prop(spec: PropSpec, value: Any, max_length: int) -> tuple[Any, str | None]:
    return plain_text(value, max_length)


def _region_prop(spec: PropSpec, value: Any, _: int) -> tuple[Any, str | None]:
    if isinstance(value, str) and value in AWS_REGIONS:
        return value, None
    return None, (
        f"must be an AWS Region id such as us-east-1, not {describe(value)}"
        + suggest(value, AWS_REGIONS)
    )


_CHECKERS = {
    "int": _int_prop,
    "float": _float_prop,
    "bool": _bool_prop,
    "enum": _enum_prop,
    "str": _str_prop,
    "region": _region_prop,
}
