"""Reading a JSON document into checked values, collecting problems with their JSON paths.

Generic helpers the design parser is built from: each takes the raw JSON value, the path it sits
at (such as `nodes[3].props`) and the `Report` that collects problems, and returns the checked
value or None. None of them raises for any JSON input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from simengine import props as values
from simengine.catalogue import derived_default
from simengine.design import Problem, frozen_map
from simengine.limits import Limits
from simengine.props import describe, suggest
from simengine.spec import KindSpec, PropSpec

UI_KEYS = ("x", "y", "w", "h")


@dataclass
class Report:
    """Problems found so far, in document order, and the limits being applied."""

    limits: Limits
    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)  # node/edge id -> its JSON path
    unlisted: int = 0  # problems past `limits.max_problems`, counted but not kept
    stopped: bool = False  # True when items were left unchecked because the list was full

    @property
    def full(self) -> bool:
        """True once enough problems are listed: callers may skip costly suggestions."""
        return len(self.problems) >= self.limits.max_problems

    def add(self, path: str, message: str) -> None:
        if self.full:
            self.unlisted += 1
        else:
            self.problems.append(Problem(path, message))

    def each(self, items: list) -> Iterator[tuple[int, Any]]:
        """(index, item) of a list member, until enough problems are listed (a huge broken
        document then costs little)."""
        for index, item in enumerate(items):
            if self.full:
                self.stopped = True
                return
            yield index, item

    def final(self) -> list[Problem]:
        """The listed problems, and a last line when there were more."""
        if not (self.unlisted or self.stopped):
            return list(self.problems)
        more = Problem(
            "",
            f"... and more problems: only the first {len(self.problems)} are "
            "listed; fix these and check again",
        )
        return [*self.problems, more]


def at(path: str, key: str | int) -> str:
    """JSON path of a member: at("nodes", 3) == "nodes[3]", at("nodes[3]", "props") == ..."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def unknown_keys(
    obj: dict,
    allowed: tuple[str, ...],
    path: str,
    report: Report,
    what: str = "key",
    owner: str = "",
) -> None:
    of = f" for {owner}" if owner else ""
    for key in obj:
        if report.full and key not in allowed:
            report.unlisted += 1
        elif not isinstance(key, str):
            report.add(path, f"has a key that is not text: {describe(key)}")
        elif key not in allowed:
            report.add(at(path, key), f"unknown {what} {describe(key)}{of}" + suggest(key, allowed))


def rough_size(value: Any, cap: int) -> int:
    """Approximate length of `value` as JSON text, counted without recursion and giving up once
    past `cap` (so a deeply nested or huge document costs little)."""
    total, stack = 0, [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, dict):
            total += 2 + len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            total += 2 + len(item)
            stack.extend(item)
        elif isinstance(item, str):
            total += len(item) + 2
        else:
            total += 8
    return total


def as_list(value: Any, path: str, report: Report, limit: int, what: str) -> list:
    """A list member of the document (missing or null is empty), with its size limit checked."""
    if value is None:
        return []
    if not isinstance(value, list):
        report.add(path, f"must be a list, not {describe(value)}")
        return []
    if len(value) > limit:
        report.add(path, f"has too many {what}: {len(value):,} (the limit is {limit:,})")
    return value


def as_object(value: Any, path: str, report: Report) -> dict | None:
    if isinstance(value, dict):
        return value
    report.add(path, f"must be an object ({{...}}), not {describe(value)}")
    return None


def check_id(value: Any, path: str, report: Report) -> str | None:
    if not isinstance(value, str):
        report.add(path, "is missing" if value is None else f"must be text, not {describe(value)}")
        return None
    if not re.fullmatch(report.limits.id_pattern, value):
        report.add(
            path,
            f"{describe(value)} is not a valid id: use 1-64 letters, digits, "
            "_ . : or -, starting with a letter or digit",
        )
        return None
    return value


def read_number(
    value: Any,
    path: str,
    lo: float | None,
    hi: float | None,
    report: Report,
    required: bool = False,
) -> float | None:
    if value is None:
        if required:
            report.add(path, "is missing")
        return None
    number, problem = values.finite_number(value)
    hi = values.LARGEST if hi is None else hi
    problem = problem or values.in_range(number, lo, hi, None)
    if problem:
        report.add(path, problem)
        return None
    return float(number)


def parse_ui(value: Any, path: str, report: Report) -> Mapping[str, Any] | None:
    """Canvas position (x, y) and, for containers, size (w, h): numbers only, never markup."""
    if value is None:
        return None
    obj = as_object(value, path, report)
    if obj is None:
        return None
    unknown_keys(obj, UI_KEYS, path, report)
    ui: dict[str, float] = {}
    bound = report.limits.max_ui_coordinate
    for key in UI_KEYS:
        if key not in obj:
            continue
        number, problem = values.finite_number(obj[key])
        lo = 0.0 if key in ("w", "h") else -bound
        problem = problem or values.in_range(number, lo, bound, None)
        if problem:
            report.add(at(path, key), problem)
        else:
            ui[key] = float(number)
    return frozen_map(ui)


def parse_props(
    raw: Any, specs: tuple[PropSpec, ...], path: str, report: Report, owner: str
) -> Mapping[str, Any]:
    """Every prop of `specs`: the document's value where it gave a valid one (null means the
    default), the catalogue default otherwise."""
    given = {} if raw is None else as_object(raw, path, report) or {}
    names = tuple(spec.name for spec in specs)
    unknown_keys(given, names, path, report, what="prop", owner=owner)
    result: dict[str, Any] = {}
    for spec in specs:
        value = given.get(spec.name)
        if value is None:
            continue
        coerced, problem = values.coerce(spec, value, report.limits.max_str_length)
        if problem:
            report.add(at(path, spec.name), problem)
        else:
            result[spec.name] = coerced
    for spec in specs:
        if spec.name not in result:
            result[spec.name] = spec.default if not spec.default_from else None
    for spec in specs:
        if result[spec.name] is None:
            result[spec.name] = derived_default(spec, result)
    return frozen_map({name: result[name] for name in names})


def bounded(specs: tuple[PropSpec, ...], name: str, lo: float, hi: float) -> tuple[PropSpec, ...]:
    """`specs` with one prop's range set from the `Limits` in force (a deployment's limits may
    differ from the defaults the catalogue was written with)."""
    return tuple(replace(spec, min=lo, max=hi) if spec.name == name else spec for spec in specs)


def limited_specs(kind: KindSpec, limits: Limits) -> tuple[PropSpec, ...]:
    """A kind's props, with the maximum of each of its `limited_props` taken from the `Limits`
    in force (a client's rate is capped by `max_client_rate`)."""
    caps = {name: getattr(limits, attribute) for name, attribute in kind.limited_props}
    return tuple(
        replace(spec, max=caps[spec.name]) if spec.name in caps else spec for spec in kind.props
    )
