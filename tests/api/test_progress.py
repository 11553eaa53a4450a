"""Progress on the scenario library: one row per owner and scenario, counting attempts,
keeping the best result, passed once any result met every goal, and carried over on login."""

import pytest
from django.contrib.auth import get_user_model

from playground.models import Progress
from playground.owners import Owner
from playground.progress import progress_adopt, progress_list, progress_record

pytestmark = pytest.mark.django_db

ANON = Owner(session_key="s" * 32)


def test_attempts_count_and_the_best_result_is_kept():
    progress_record(owner=ANON, scenario="caching", goals_passed=1, goals_total=2, source="run")
    progress_record(owner=ANON, scenario="caching", goals_passed=2, goals_total=2, source="check")
    row = progress_record(
        owner=ANON, scenario="caching", goals_passed=0, goals_total=2, source="run"
    )
    assert (row.attempts, row.passed) == (3, True)
    assert row.best["goals_passed"] == 2 and row.best["source"] == "check"
    assert Progress.objects.count() == 1


def test_owners_see_only_their_own_progress():
    other = Owner(session_key="t" * 32)
    progress_record(owner=ANON, scenario="caching", goals_passed=0, goals_total=2, source="run")
    assert progress_list(owner=other) == []
    assert [p.scenario for p in progress_list(owner=ANON)] == ["caching"]


@pytest.mark.parametrize(
    "scenario,passed,total", [("", 1, 2), ("caching", 3, 2), ("caching", -1, 2), ("caching", 0, 0)]
)
def test_an_impossible_result_is_refused_and_records_nothing(scenario, passed, total):
    with pytest.raises(ValueError):
        progress_record(
            owner=ANON, scenario=scenario, goals_passed=passed, goals_total=total, source="run"
        )
    assert Progress.objects.count() == 0


def test_logging_in_merges_the_sessions_progress_into_the_users():
    user = get_user_model().objects.create_user("ada", password="x" * 12)
    mine = Owner(user_id=user.id)
    progress_record(owner=mine, scenario="caching", goals_passed=0, goals_total=2, source="run")
    progress_record(owner=ANON, scenario="caching", goals_passed=2, goals_total=2, source="run")
    progress_record(owner=ANON, scenario="sns-fan-out", goals_passed=1, goals_total=3, source="run")
    progress_adopt(session_key=ANON.session_key, user_id=user.id)
    rows = {p.scenario: p for p in progress_list(owner=mine)}
    assert rows["caching"].attempts == 2 and rows["caching"].passed
    assert rows["sns-fan-out"].best["goals_passed"] == 1
    assert progress_list(owner=ANON) == []
