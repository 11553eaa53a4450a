"""playground.authoring: an instructor's design becomes a scenario, a snapshot of it."""

import pytest
from django.contrib.auth.models import Group, User

from playground import authoring, selectors, services
from playground.exceptions import Forbidden, InvalidInput, NotFound
from playground.instructors import INSTRUCTOR_GROUP
from playground.owners import Owner
from tests.api.authoring_helpers import FAULT, GOAL, lesson_document

pytestmark = pytest.mark.django_db

DOC = {
    "format": 1,
    "name": "mine",
    "regions": [],
    "nodes": [],
    "edges": [],
    "goals": [{"metric": "p99_ms", "op": "<=", "value": 300}],
}


def _instructor(name: str) -> User:
    user = User.objects.create_user(name, password="x")
    # get_or_create: a transactional test before this one may have flushed the migration's row
    user.groups.add(Group.objects.get_or_create(name=INSTRUCTOR_GROUP)[0])
    return user


def test_a_design_becomes_an_authored_scenario_a_design_may_attempt():
    user = _instructor("teach")
    design = services.design_create(owner=Owner(user_id=user.pk), name="mine", document=DOC)
    sc = authoring.scenario_from_design(
        author_id=user.pk, design_id=design.pk, title="My Lesson!", story="Once upon a time"
    )
    assert sc.slug.startswith("my-lesson-") and len(sc.slug) == len("my-lesson-") + 6
    assert sc.author_id == user.pk and sc.goals == DOC["goals"] and sc.document == DOC
    assert selectors.scenario_exists(slug=sc.slug)
    assert selectors.scenario_get(slug=sc.slug).questions == []
    design.document = {**DOC, "goals": []}
    design.save()
    sc.refresh_from_db()
    assert sc.goals == DOC["goals"], "a snapshot: editing the design does not change it"
    attempt = services.design_create(
        owner=Owner(session_key="s" * 32), name="try", document=DOC, scenario=sc.slug
    )
    assert attempt.scenario == sc.slug


def test_someone_elses_design_a_bad_id_or_no_title_is_refused():
    a = _instructor("a")
    b = _instructor("b")
    design = services.design_create(owner=Owner(user_id=a.pk), name="mine", document=DOC)
    with pytest.raises(NotFound):
        authoring.scenario_from_design(author_id=b.pk, design_id=design.pk, title="t")
    with pytest.raises(NotFound):
        authoring.scenario_from_design(author_id=a.pk, design_id="not-a-uuid", title="t")
    with pytest.raises(InvalidInput):
        authoring.scenario_from_design(author_id=a.pk, design_id=design.pk, title="  ")
    assert not selectors.scenario_exists(slug="no-such-scenario")


def test_only_an_instructor_authors_whoever_calls():
    plain = User.objects.create_user("plain", password="x")
    design = services.design_create(owner=Owner(user_id=plain.pk), name="mine", document=DOC)
    with pytest.raises(Forbidden):
        authoring.scenario_from_design(author_id=plain.pk, design_id=design.pk, title="t")
    with pytest.raises(Forbidden):
        authoring.scenario_from_design(author_id=10**9, design_id=design.pk, title="t")


def test_a_design_that_attempts_a_scenario_is_copied_as_it_runs_with_that_scenarios_goals():
    teacher = _instructor("teach")
    shipped = services.scenario_upsert(
        slug="three-tier", title="Shipped", summary="", level="beginner", order=1, tags=[],
        story="", hints=[], document=lesson_document(),
    )[0]  # fmt: skip
    own = {**GOAL, "value": 100}
    design = services.design_create(
        owner=Owner(user_id=teacher.pk),
        name="fork",
        document=lesson_document(goals=[own], faults=[]),
        scenario=shipped.slug,
    )
    made = authoring.scenario_from_design(author_id=teacher.pk, design_id=design.pk, title="t")
    assert made.goals == [GOAL, own], "the shipped scenario's goal, then the instructor's"
    assert made.document["faults"] == [FAULT]
