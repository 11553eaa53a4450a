"""Runs (a finished run's stored report, owner only) and the scenario library (read-only)."""

from __future__ import annotations

import io
import uuid

import pytest

from playground import services
from playground.models import Design, Scenario
from playground.owners import Owner
from tests.api.conftest import create_design

pytestmark = pytest.mark.django_db

REPORT = {
    "requests": {"total": 10, "ok": 10, "failed": 0, "in_flight": 0, "by_cause": {}},
    "seed": 3,
}


def _session_owner(client) -> Owner:
    return Owner(session_key=client.cookies["sessionid"].value)


def test_owner_reads_a_finished_run(anon, other_anon, alice, document):
    design = create_design(anon, document)
    run = services.run_create(
        owner=_session_owner(anon),
        document=document,
        seed=3,
        design=Design.objects.get(pk=design["id"]),
    )
    url = f"/api/runs/{run.id}/"
    body = anon.get(url).json()
    assert body["report"] is None and body["finished"] is None and body["design"] == design["id"]
    services.run_finish(run_id=run.id, report=REPORT)
    body = anon.get(url).json()
    assert set(body) == {"id", "design", "name", "seed", "report", "series", "created", "finished"}
    assert body["report"] == REPORT and body["seed"] == 3 and body["name"] == document["name"]
    assert other_anon.get(url).status_code == 404
    assert alice.get(url).status_code == 404


@pytest.mark.parametrize("run_id", ["nope", str(uuid.uuid4())])
def test_unknown_run_is_404(anon, run_id):
    assert anon.get(f"/api/runs/{run_id}/").status_code == 404


def _scenario(slug: str, order: int, document) -> Scenario:
    scenario, created = services.scenario_upsert(
        slug=slug,
        title=slug.title(),
        summary="one line",
        level="beginner",
        order=order,
        tags=["alb"],
        story="A story.",
        hints=["Add a second AZ."],
        document=document,
    )
    assert created
    return scenario


def test_scenarios_list_and_detail(anon, document):
    document["goals"] = [{"metric": "p99_ms", "scope": "users", "op": "<=", "value": 300}]
    _scenario("second", 20, document)
    _scenario("first", 10, document)
    listed = anon.get("/api/scenarios/").json()
    assert [s["slug"] for s in listed] == ["first", "second"]
    assert set(listed[0]) == {"slug", "title", "summary", "level", "tags", "order", "puzzle"} | {
        "authored",
        "url",
        "created",
        "goal_count",
        "fault_count",
        "outline",  # what the gallery's thumbnail is drawn from
    }
    assert listed[0]["puzzle"] is False  # no solution: an exploration
    detail = anon.get("/api/scenarios/first/").json()
    assert detail["goals"] == document["goals"] and detail["document"] == document
    assert detail["story"] == "A story." and detail["hints"] == ["Add a second AZ."]
    assert detail["solution"] is None  # an exploration has no fix to reveal
    assert anon.get("/api/scenarios/missing/").status_code == 404


def test_a_puzzle_serves_its_solution(anon, document):
    fix = {"web": {"max": 8}}
    services.scenario_upsert(
        slug="puzzle",
        title="Puzzle",
        summary="",
        level="beginner",
        order=1,
        tags=[],
        story="",
        hints=[],
        document=document,
        solution=fix,
    )
    assert anon.get("/api/scenarios/puzzle/").json()["solution"] == fix
    assert [s["puzzle"] for s in anon.get("/api/scenarios/").json() if s["slug"] == "puzzle"] == [
        True
    ]


def test_load_scenarios_stores_each_puzzles_solution():
    from django.core.management import call_command

    from playground.scenarios import scenario_files

    call_command("load_scenarios", stdout=io.StringIO())
    files = {f.slug: f for f in scenario_files()}
    stored = {sc.slug: sc.solution for sc in Scenario.objects.all()}
    assert stored == {slug: f.solution for slug, f in files.items()}
    assert sum(1 for v in stored.values() if v) >= 7


def test_scenario_upsert_updates_by_slug(document):
    _scenario("again", 1, document)
    scenario, created = services.scenario_upsert(
        slug="again",
        title="New title",
        summary="",
        level="advanced",
        order=5,
        tags=[],
        story="",
        hints=[],
        document=document,
    )
    assert not created and scenario.title == "New title" and Scenario.objects.count() == 1
