"""A scenario's goals and faults are locked: a design that attempts a library scenario is graded
on the scenario's goals (the learner's own come after), plays its scheduled faults over its run
length, whatever the saved document deleted or edited; the REST create and fork keep which
scenario a design attempts, and refuse one the library does not hold."""

from __future__ import annotations

import copy

import pytest

from playground import services
from playground.live import services as live_services
from playground.models import Design
from playground.owners import Owner
from playground.scenario_lock import goal_key, locked_document, scenario_goals_passed
from tests.api.conftest import VALID_DOCUMENT, assert_error_shape

pytestmark = pytest.mark.django_db

GOAL = {"metric": "p99_ms", "scope": "users", "op": "<=", "value": 300}
FAULT = {"at": 30, "kind": "instance_crash", "target": "web", "duration": None}
ME = Owner(session_key="m" * 32)
SLUG = "stateless-web-tier"  # a library scenario; its row here carries the test's own document


@pytest.fixture
def scenario():
    document = copy.deepcopy(VALID_DOCUMENT)
    document.update(goals=[GOAL], faults=[FAULT], run={"duration": 60, "seed": 1, "warmup": 5})
    return services.scenario_upsert(
        slug=SLUG, title="Locked", summary="", level="beginner", order=1, tags=[],
        story="", hints=[], document=document,
    )[0]  # fmt: skip


def _learners(**changes) -> dict:
    document = copy.deepcopy(VALID_DOCUMENT)
    document.update(changes)
    return document


def test_a_deleted_scenario_goal_and_fault_come_back_first(scenario):
    own = {"metric": "error_rate", "scope": None, "op": "<=", "value": 0.01}
    doc = locked_document(_learners(goals=[own], faults=[]), scenario)
    assert doc["goals"] == [GOAL, own], "the scenario's goal first, then the learner's own"
    assert doc["faults"] == [FAULT]


def test_an_edited_scenario_goal_is_the_learners_own_and_the_original_is_graded_too(scenario):
    easier = {**GOAL, "value": 60000}
    doc = locked_document(_learners(goals=[easier]), scenario)
    assert doc["goals"] == [GOAL, easier]


def test_the_scenario_goals_already_there_are_not_doubled(scenario):
    own = {"metric": "error_rate", "op": "<=", "value": 0.01}  # no scope: the same as null
    doc = locked_document(
        _learners(goals=[own, {**GOAL, "value": 300.0}], faults=[FAULT]), scenario
    )
    assert doc["goals"] == [GOAL, own] and doc["faults"] == [FAULT]
    assert goal_key({**own, "scope": None}) == goal_key(own)


def test_the_run_length_is_the_scenarios_the_seed_stays_the_learners(scenario):
    doc = locked_document(_learners(run={"duration": 10, "seed": 7, "warmup": 0}), scenario)
    assert doc["run"] == {"duration": 60, "seed": 7, "warmup": 5}, "a shorter run skips faults"


def test_the_learners_document_is_not_changed(scenario):
    mine = _learners(goals=[])
    locked_document(mine, scenario)
    assert mine["goals"] == []


def test_a_scenario_goal_count_comes_from_the_first_rows(scenario):
    rows = [{"passed": False}, {"passed": True}]  # the scenario's failed, the learner's passed
    assert scenario_goals_passed(rows, scenario) == (0, 1)


def test_a_live_run_of_a_scenario_design_plays_the_locked_document(scenario):
    design = services.design_create(
        owner=ME, name="Mine", document=_learners(goals=[], faults=[]), scenario=SLUG
    )
    document, design_id = live_services.document_for_start(owner=ME, design_id=design.pk)
    assert design_id == design.pk
    assert document["goals"] == [GOAL] and document["faults"] == [FAULT]
    check = live_services.document_for_check(owner=ME, design_id=design.pk)
    assert check["document"] == document and check["scenario"] == SLUG
    assert check["scenario_goals"] == 1


def test_a_design_of_ones_own_runs_as_saved(scenario):
    design = services.design_create(owner=ME, name="Mine", document=_learners(goals=[]))
    document, _ = live_services.document_for_start(owner=ME, design_id=design.pk)
    assert document == design.document and document["goals"] == []


def test_a_design_whose_scenario_is_not_loaded_runs_as_saved(scenario):
    design = services.design_create(
        owner=ME, name="Mine", document=_learners(), scenario=scenario.slug
    )
    scenario.delete()
    document, _ = live_services.document_for_start(owner=ME, design_id=design.pk)
    assert document == design.document


# -- the REST API -------------------------------------------------------------------------------


def test_create_keeps_the_scenario_and_a_save_cannot_change_it(anon, scenario):
    body = {"name": "Attempt", "document": _learners(), "scenario": SLUG}
    created = anon.post("/api/designs/", body, format="json")
    assert created.status_code == 201 and created.json()["scenario"] == SLUG
    design = created.json()
    put = {"name": "A", "document": _learners(), "version": 1, "scenario": ""}
    assert anon.put(f"/api/designs/{design['id']}/", put, format="json").status_code == 200
    assert anon.get(f"/api/designs/{design['id']}/").json()["scenario"] == SLUG
    assert anon.get("/api/designs/").json()["results"][0]["scenario"] == SLUG


def test_a_design_of_ones_own_has_no_scenario(anon):
    created = anon.post("/api/designs/", {"name": "Mine", "document": _learners()}, format="json")
    assert created.status_code == 201 and created.json()["scenario"] == ""


@pytest.mark.parametrize("slug", ["no-such-scenario", "Not a slug!", 7, None, "x" * 101])
def test_create_with_a_scenario_not_in_the_library_is_400_and_saves_nothing(anon, scenario, slug):
    body = {"name": "Attempt", "document": _learners(), "scenario": slug}
    response = anon.post("/api/designs/", body, format="json")
    assert response.status_code == 400, response.content
    assert_error_shape(response.json(), problems=True)
    assert response.json()["problems"][0]["path"] == "scenario"
    assert not Design.objects.exists() and "sessionid" not in anon.cookies


def test_fork_keeps_the_shared_designs_scenario_or_takes_one_given(anon, other_anon, scenario):
    body = {"name": "Attempt", "document": _learners(), "scenario": SLUG}
    design = anon.post("/api/designs/", body, format="json").json()
    token = anon.post(f"/api/designs/{design['id']}/share/", {}, format="json").json()["token"]
    kept = other_anon.post(f"/api/shared/{token}/fork/", {}, format="json")
    assert kept.status_code == 201 and kept.json()["scenario"] == SLUG
    none = other_anon.post(f"/api/shared/{token}/fork/", {"scenario": ""}, format="json")
    assert none.status_code == 201 and none.json()["scenario"] == ""
    bad = other_anon.post(f"/api/shared/{token}/fork/", {"scenario": "nope"}, format="json")
    assert bad.status_code == 400 and bad.json()["problems"][0]["path"] == "scenario"
    assert Design.objects.count() == 3  # the original and two forks: the bad one saved nothing


def test_the_service_refuses_an_unknown_scenario_too(scenario):
    from playground.exceptions import InvalidInput

    with pytest.raises(InvalidInput):
        services.design_create(owner=ME, name="x", document=_learners(), scenario="nope")
    assert not Design.objects.exists()


def _users(document):
    return [n for n in document["nodes"] if n["kind"] == "client"]


def test_the_users_send_what_the_scenarios_send_and_added_users_are_not_played(scenario):
    mine = _learners()
    client = _users(mine)[0]
    theirs = copy.deepcopy(client["props"])
    client["props"].update(rate=1, key_skew=0, retries=0)  # fewer users; the code's own retries
    extra = {**copy.deepcopy(client), "id": "easy-users", "props": {"rate": 5000}}
    mine["nodes"].append(extra)
    mine["edges"].append({"id": "easy", "from": "easy-users", "to": mine["edges"][0]["to"]})
    doc = locked_document(mine, scenario)
    [locked] = _users(doc)
    assert locked["id"] == client["id"]
    assert {k: v for k, v in locked["props"].items() if k != "retries"} == {
        k: v for k, v in theirs.items() if k != "retries"
    }, "rate and key skew are the scenario's again"
    assert locked["props"]["retries"] == 0, "the calling code's retries stay the learner's"
    assert all("easy-users" not in (e["from"], e["to"]) for e in doc["edges"])
