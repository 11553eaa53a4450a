"""The palette, the inspector and the REST API read `catalogue_json()`: moving each kind's
description into its own module must not change one byte of what they read. The fixture is
the catalogue as it was before the move (issue 10); a deliberate catalogue change rewrites it
(`make golden`, which runs `tests/snapshots.py`) in the same commit."""

from __future__ import annotations

import json
from pathlib import Path

from simengine.catalogue import catalogue_json

FIXTURE = Path(__file__).parent / "fixtures" / "catalogue.json"


def test_the_catalogue_is_the_snapshot_taken_before_the_kinds_moved_into_modules() -> None:
    now = json.loads(json.dumps(catalogue_json()))
    before = json.loads(FIXTURE.read_text())
    assert now == before  # lists compare in order: the palette's order is kept too
