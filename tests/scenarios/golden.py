"""Golden reports: what each shipped scenario and example reports, to the byte, kept in
`tests/scenarios/golden/`. A change that moves code around (the kinds-as-modules work, a faster
engine) must leave every one identical; a change that means to alter behaviour rewrites them
with `make golden` (UPDATE_GOLDEN=1 on tests/scenarios) and says why in its commit, the diff
showing what moved.

The runs are the ones the story tests make anyway (seed as shipped, the full duration), so
keeping the goldens costs no extra simulation.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"


def canonical(report: dict[str, Any]) -> str:
    """The report as stored: sorted keys, one value a line, so a diff says what changed."""
    return json.dumps(report, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def assert_matches_golden(name: str, report: dict[str, Any]) -> None:
    path = GOLDEN / f"{name}.json"
    text = canonical(report)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text)
        return
    assert path.exists(), f"no golden report {path.name}: run `make golden` once"
    expected = path.read_text()
    if text != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(True),
                    text.splitlines(True),
                    f"golden/{path.name}",
                    "this run",
                    n=1,
                )
            )[:60]
        )
        raise AssertionError(
            f"{name}: the report is not the golden one (UPDATE_GOLDEN=1 rewrites "
            f"it, if the change is meant):\n{diff}"
        )
