"""GET /api/progress/: the caller's own progress on the scenario library, and nobody else's."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from playground.models import Progress
from playground.owners import Owner
from playground.progress import progress_record
from tests.api.conftest import create_design

pytestmark = pytest.mark.django_db

URL = "/api/progress/"


def _session_owner(client) -> Owner:
    return Owner(session_key=client.cookies["sessionid"].value)


def test_a_fresh_browser_sees_nothing_and_gets_no_session_for_asking(anon):
    response = anon.get(URL)
    assert response.status_code == 200 and response.json() == []
    assert "sessionid" not in response.cookies, "asking must not start a session"


def test_each_owner_sees_only_their_own(anon, other_anon, document):
    create_design(anon, document)
    create_design(other_anon, document)  # both now have a session
    mine, theirs = _session_owner(anon), _session_owner(other_anon)
    progress_record(owner=mine, scenario="caching", goals_passed=1, goals_total=2, source="run")
    progress_record(owner=mine, scenario="caching", goals_passed=2, goals_total=2, source="check")
    progress_record(
        owner=theirs, scenario="sns-fan-out", goals_passed=0, goals_total=2, source="run"
    )
    body = anon.get(URL).json()
    assert [p["scenario"] for p in body] == ["caching"]
    (row,) = body
    assert set(row) == {"scenario", "attempts", "passed", "best"}
    assert (row["attempts"], row["passed"]) == (2, True)
    assert set(row["best"]) == {"goals_passed", "goals_total", "source", "at"}
    assert row["best"]["goals_passed"] == 2 and row["best"]["source"] == "check"
    assert [p["scenario"] for p in other_anon.get(URL).json()] == ["sns-fan-out"]


def test_a_signed_in_learner_sees_the_progress_of_their_account(anon, document):
    user = get_user_model().objects.create_user("grace", password="x" * 12)
    progress_record(
        owner=Owner(user_id=user.pk),
        scenario="caching",
        goals_passed=0,
        goals_total=2,
        source="run",
    )
    assert anon.get(URL).json() == [], "an anonymous browser does not see the account's"
    anon.force_login(user)
    assert [p["scenario"] for p in anon.get(URL).json()] == ["caching"]


def test_a_session_that_never_attempted_a_scenario_sees_an_empty_list(anon, document):
    create_design(anon, document)
    assert anon.get(URL).json() == []
    assert Progress.objects.count() == 0


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_progress_cannot_be_written_through_the_api(anon, method):
    response = getattr(anon, method)(URL, {"scenario": "caching", "passed": True}, format="json")
    assert response.status_code == 405, "a learner cannot award themselves progress"
    assert "detail" in response.json()
    assert Progress.objects.count() == 0


def test_query_parameters_do_not_reach_another_owners_progress(anon, other_anon, document):
    create_design(other_anon, document)
    theirs = _session_owner(other_anon)
    progress_record(owner=theirs, scenario="caching", goals_passed=1, goals_total=2, source="run")
    for query in ("?owner_session=" + theirs.session_key, "?scenario=caching", "?limit=-1"):
        assert anon.get(URL + query).json() == []
