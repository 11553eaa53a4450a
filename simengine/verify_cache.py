"""What one seed's result is a function of, so that a check can reuse seeds already run.

A run is deterministic: the same design on the same seed by the same engine gives the same
report. So a seed's `verify.SeedResult` is a function of three things, each a string here:

- `design_key(design)`: the sha256 of the design's canonical form. The form is the parsed design
  written back (`validation.design_to_document`: every prop in its declared type and with its
  default filled in, so `"max": 4` and `"max": 4.0`, or a prop left out and the same prop at its
  default, are one design), as JSON with sorted keys and every whole float written as an int
  (a fault `"at": 60.0` is `60`: the engine does the same arithmetic on both). Left out, because
  the engine never reads them while it runs: the design's `name` (only the report's heading),
  node `label`s (only the names in validation's messages) and `ui` (canvas positions), and
  `run.seed` (verify passes each seed explicitly: `Simulation(design, seed=seed)`).
  `tests/simengine/test_verify_cache.py` runs designs that differ in exactly these and compares
  their results. Order is kept wherever the document has it (nodes, edges, faults, goals): the
  goals' order is the order of a result's values, and the others set the order events happen in.
- the seed.
- `engine_version()`: a sha256 over the engine's own sources (every `.py` file of the simengine
  package, by path and content) and the versions of Python and simpy, computed once, when this
  module is imported (a server that picked up new code on disk without restarting still runs,
  and so is keyed by, the code it imported). Any change to the engine's code is a new version,
  whether or not it changes a result: the cache then starts again, which costs runs, never a
  wrong verdict.

`result_to_json` / `result_from_json` carry a SeedResult through JSON (a database row, a pipe):
values may be None, and +/-inf or NaN, which JSON cannot hold, travel as the strings "inf",
"-inf" and "nan". `result_from_json` returns None for anything that is not a well-formed
result for the goals it is meant for, so a bad stored row is run again rather than believed.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import simpy

from simengine.design import Design
from simengine.validation import design_to_document
from simengine.verify import SeedResult

PACKAGE = Path(__file__).resolve().parent
NOT_FINITE = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}
MAX_STOPPED_LENGTH = 2000


def _sources_hash(root: Path) -> str:
    """sha256 over every .py file under `root` (its path relative to root, then its bytes)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _engine_version(root: Path = PACKAGE) -> str:
    platform = f"python {sys.version_info[0]}.{sys.version_info[1]}; simpy {simpy.__version__}"
    return hashlib.sha256(f"{_sources_hash(root)}; {platform}".encode()).hexdigest()


ENGINE_VERSION = _engine_version()


def engine_version() -> str:
    """The version of the engine this process runs (see the module's docstring)."""
    return ENGINE_VERSION


def canonical_document(design: Design) -> dict[str, Any]:
    """The design as the engine runs it: what cannot change a run left out (module docstring)."""
    document = design_to_document(design)
    document.pop("name", None)
    document["run"].pop("seed", None)
    for node in document["nodes"]:
        node.pop("label", None)
        node.pop("ui", None)
    return _whole_numbers(document)


def _whole_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_whole_numbers(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def design_key(design: Design) -> str:
    """sha256 (hex) of the design's canonical form: equal for designs that run alike."""
    text = json.dumps(canonical_document(design), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def result_to_json(result: SeedResult) -> dict[str, Any]:
    """A SeedResult as plain JSON (no NaN or infinity in it)."""
    return {
        "seed": result.seed,
        "values": [_value_to_json(v) for v in result.values],
        "passed": list(result.passed),
        "stopped": result.stopped,
    }


def _value_to_json(value: float | None) -> float | str | None:
    if value is None or math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


def result_from_json(data: Any, goals: int) -> SeedResult | None:
    """The SeedResult `data` holds for a design with `goals` goals, or None if it holds none."""
    if not isinstance(data, Mapping):
        return None
    seed, values, passed = data.get("seed"), data.get("values"), data.get("passed")
    stopped = data.get("stopped")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 1:
        return None
    if not isinstance(values, list) or not isinstance(passed, list):
        return None
    if len(values) != goals or len(passed) != goals:
        return None
    if not all(isinstance(p, bool) for p in passed):
        return None
    if stopped is not None and (not isinstance(stopped, str) or len(stopped) > MAX_STOPPED_LENGTH):
        return None
    read = [_value_from_json(v) for v in values]
    if any(v is _BAD for v in read):
        return None
    return SeedResult(seed, tuple(read), tuple(passed), stopped)


_BAD = object()


def _value_from_json(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return NOT_FINITE.get(value, _BAD)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value if math.isfinite(value) else _BAD
    return _BAD


def known_from_json(rows: Any, goals: int) -> dict[int, SeedResult]:
    """The well-formed results among `rows` (a list of result_to_json dicts), by seed."""
    known: dict[int, SeedResult] = {}
    for row in rows if isinstance(rows, list) else []:
        result = result_from_json(row, goals)
        if result is not None:
            known[result.seed] = result
    return known


__all__ = [
    "ENGINE_VERSION",
    "canonical_document",
    "design_key",
    "engine_version",
    "known_from_json",
    "result_from_json",
    "result_to_json",
]
