"""Joins that race: the same browser twice at once, or two students taking one name at once.
The database's unique constraints decide; the loser gets what a later join would have got
(the winner's enrollment, or "name taken"), and its half-made fork is rolled back with it."""

from __future__ import annotations

import pytest
from django.db.models.query import QuerySet

from playground import classroom
from playground.exceptions import Conflict
from playground.models import Design, Enrollment
from playground.owners import Owner

pytestmark = pytest.mark.django_db


def test_the_same_browser_racing_itself_gets_the_enrollment_that_won(assignment, monkeypatch):
    owner = Owner(session_key="r" * 32)
    won, created = classroom.assignment_join(
        owner=owner, code=assignment["code"], display_name="Alex"
    )
    assert created
    real, looks = classroom.enrollment_of, []

    def blind_once(**kwargs):  # the second join looked before the first had committed
        looks.append(kwargs)
        return None if len(looks) == 1 else real(**kwargs)

    monkeypatch.setattr(classroom, "enrollment_of", blind_once)
    designs = Design.objects.count()
    lost, created = classroom.assignment_join(
        owner=owner, code=assignment["code"], display_name="Alex again"
    )
    assert (lost.pk, created) == (won.pk, False)
    assert Design.objects.count() == designs, "the loser's fork went with its savepoint"
    assert Enrollment.objects.filter(assignment__code=assignment["code"]).count() == 1


def test_two_students_taking_one_name_at_once_the_second_is_told_it_is_taken(
    assignment, monkeypatch
):
    classroom.assignment_join(
        owner=Owner(session_key="a" * 32), code=assignment["code"], display_name="Sam"
    )
    real, calls = QuerySet.exists, []

    def blind_once(self):  # the name check ran before the other student's join committed
        calls.append(self)
        return False if len(calls) == 1 else real(self)

    monkeypatch.setattr(QuerySet, "exists", blind_once)
    designs = Design.objects.count()
    with pytest.raises(Conflict, match="taken"):
        classroom.assignment_join(
            owner=Owner(session_key="b" * 32), code=assignment["code"], display_name="sam"
        )
    assert calls, "the name check ran"
    assert Design.objects.count() == designs
    assert Enrollment.objects.filter(assignment__code=assignment["code"]).count() == 1
