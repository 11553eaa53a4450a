"""A scenario design's live run counts as progress on its scenario when it ends complete and
graded; a run stopped early counts nothing (playground.progress.progress_from_run, called where
the run is stored)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from tests.live.conftest import short_design

pytestmark = [pytest.mark.django_db(transaction=True)]

GOALS = [
    {"metric": "p99_ms", "scope": "users", "op": "<=", "value": 60000},  # met by any run
    {"metric": "error_rate", "scope": "users", "op": "<=", "value": 0},  # met or not: counted
]


@database_sync_to_async
def _scenario_design(session_key: str, duration: float) -> str:
    from playground.models import Design, Scenario

    document = {**short_design(duration), "goals": GOALS}
    Scenario.objects.update_or_create(  # the lock plays the scenario's run length and faults
        slug="three-tier", defaults={"title": "T", "goals": GOALS, "document": document}
    )
    design = Design.objects.create(
        name="attempt", document=document, scenario="three-tier", owner_session=session_key
    )
    return str(design.pk)


@database_sync_to_async
def _progress(session_key: str) -> list:
    from playground.models import Progress

    return list(Progress.objects.filter(owner_session=session_key).values())


async def test_a_complete_run_of_a_scenario_design_is_an_attempt_with_its_goals(
    clients, session_key
):
    design_id = await _scenario_design(session_key, 5)
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design_id": design_id, "speed": "max"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end", timeout=20)
    assert end["reason"] == "completed" and end["report"]["graded"] is True
    met = sum(g["passed"] for g in end["report"]["goals"])
    (row,) = await _progress(session_key)
    assert row["scenario"] == "three-tier" and row["attempts"] == 1
    assert row["best"]["goals_passed"] == met >= 1 and row["best"]["goals_total"] == 2
    assert row["passed"] is (met == 2)


async def test_a_run_stopped_early_is_no_attempt(clients, session_key):
    design_id = await _scenario_design(session_key, 300)
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design_id": design_id, "speed": 10})
    assert (await client.recv())["type"] == "started"
    await client.recv_until(lambda m: m["type"] == "frame")
    await client.send({"type": "stop"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end", timeout=20)
    assert end["reason"] == "stopped" and end["report"]["graded"] is False
    assert await _progress(session_key) == []
