"""GET /api/designs/{id}/runs/: the owner's finished runs of a design, newest first, paginated,
small items with the report's headline; GET /api/runs/{id}/ carries the charts' series."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from playground.live.services import live_run_store
from playground.models import Run
from playground.owners import Owner
from tests.api.conftest import create_design

pytestmark = pytest.mark.django_db

SERIES = {"step_s": 1.0, "t": [1.0, 2.0], "rps": [10.0, 11.0], "cost_per_hour": [0.5, 0.5]}


def _report(cost: float, passed: bool = True) -> dict:
    return {
        "duration": 60,
        "seed": 4,
        "graded": True,
        "goals": [{"metric": "latency_p99_ms", "op": "<=", "value": 300, "passed": passed}],
        "requests": {"total": 200, "ok": 150, "failed": 50},
        "latency_ms": {"p50": 12.5, "p95": 40.0, "p99": 90.0},
        "cost": {"per_hour": cost, "total": cost / 60},
        "nodes": {"web": {"mean_ms": 3.0}},
    }


def _store(owner: Owner, design_id, document, *, cost=1.0, minutes_ago=0, series=SERIES):
    run_id = str(uuid.uuid4())
    live_run_store(
        run_id=run_id,
        owner=owner,
        document=document,
        seed=4,
        design_id=design_id,
        report=_report(cost),
        series=series,
        started=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    return run_id


def _owner(client) -> Owner:
    return Owner(session_key=client.cookies["sessionid"].value)


def test_the_owner_lists_finished_runs_newest_first_with_headline_figures(anon, document):
    design = create_design(anon, document)
    older = _store(_owner(anon), design["id"], document, cost=0.5, minutes_ago=5)
    newer = _store(_owner(anon), design["id"], document, cost=2.0, minutes_ago=1)
    Run.objects.create(
        design_id=design["id"], document=document, owner_session=_owner(anon).session_key
    )  # unfinished
    body = anon.get(f"/api/designs/{design['id']}/runs/").json()
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [newer, older]
    item = body["results"][0]
    assert set(item) == {"id", "name", "created", "finished", "seed", "duration", "headline"}
    assert item["duration"] == 60 and item["seed"] == 4 and item["name"] == document["name"]
    assert item["headline"] == {
        "goals_passed": 1,
        "goals_total": 1,
        "graded": True,
        "requests": 200,
        "error_rate": 0.25,
        "p50_ms": 12.5,
        "p95_ms": 40.0,
        "p99_ms": 90.0,
        "cost_per_hour": 2.0,
        "cost_total": 2.0 / 60,
    }


def test_the_run_itself_has_its_report_and_series(anon, other_anon, document):
    design = create_design(anon, document)
    run_id = _store(_owner(anon), design["id"], document)
    body = anon.get(f"/api/runs/{run_id}/").json()
    assert body["series"] == SERIES and body["report"]["cost"]["per_hour"] == 1.0
    assert other_anon.get(f"/api/runs/{run_id}/").status_code == 404


def test_only_this_designs_runs_are_listed(anon, document):
    first = create_design(anon, document)
    second = create_design(anon, document)
    _store(_owner(anon), first["id"], document)
    mine = _store(_owner(anon), second["id"], document)
    body = anon.get(f"/api/designs/{second['id']}/runs/").json()
    assert [r["id"] for r in body["results"]] == [mine]


def test_pagination(anon, document):
    design = create_design(anon, document)
    ids = [_store(_owner(anon), design["id"], document, minutes_ago=m) for m in range(5)]
    url = f"/api/designs/{design['id']}/runs/"
    page = anon.get(url, {"limit": 2, "offset": 1}).json()
    assert page["count"] == 5 and [r["id"] for r in page["results"]] == ids[1:3]
    assert "offset=3" in page["next"] and page["previous"]
    assert anon.get(url, {"offset": 50}).json()["results"] == []
    for bad in ({"limit": 0}, {"limit": 101}, {"limit": "x"}, {"offset": -1}):
        response = anon.get(url, bad)
        assert response.status_code == 400, bad
        assert response.json()["problems"], bad


def test_someone_elses_design_is_404_and_lists_nothing(anon, other_anon, alice, document):
    design = create_design(anon, document)
    _store(_owner(anon), design["id"], document)
    for client in (other_anon, alice):
        response = client.get(f"/api/designs/{design['id']}/runs/")
        assert response.status_code == 404
        assert set(response.json()) >= {"detail"}


@pytest.mark.parametrize("design_id", ["nope", str(uuid.uuid4()), "1" * 300])
def test_unknown_or_malformed_design_is_404(anon, document, design_id):
    create_design(anon, document)
    response = anon.get(f"/api/designs/{design_id}/runs/")
    assert response.status_code == 404 and response.json()["detail"]


def test_a_run_stored_before_series_were_kept_has_none(anon, document):
    design = create_design(anon, document)
    run_id = _store(_owner(anon), design["id"], document, series=None)
    assert anon.get(f"/api/runs/{run_id}/").json()["series"] is None
    assert anon.get(f"/api/designs/{design['id']}/runs/").json()["count"] == 1


def test_a_run_of_a_signed_in_user_is_theirs(alice, bob, document):
    design = create_design(alice, document)
    _store(Owner(user_id=alice.user.id), design["id"], document)
    assert alice.get(f"/api/designs/{design['id']}/runs/").json()["count"] == 1
    assert bob.get(f"/api/designs/{design['id']}/runs/").status_code == 404
