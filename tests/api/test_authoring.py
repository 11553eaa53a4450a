"""playground.authoring: an instructor's design becomes a scenario, a snapshot of it."""

import pytest
from django.contrib.auth.models import User

from playground import authoring, selectors, services
from playground.exceptions import InvalidInput, NotFound
from playground.owners import Owner

pytestmark = pytest.mark.django_db

DOC = {
    "format": 1,
    "name": "mine",
    "regions": [],
    "nodes": [],
    "edges": [],
    "goals": [{"metric": "p99_ms", "op": "<=", "value": 300}],
}


def test_a_design_becomes_an_authored_scenario_a_design_may_attempt():
    user = User.objects.create_user("teach", password="x")
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
    a = User.objects.create_user("a", password="x")
    b = User.objects.create_user("b", password="x")
    design = services.design_create(owner=Owner(user_id=a.pk), name="mine", document=DOC)
    with pytest.raises(NotFound):
        authoring.scenario_from_design(author_id=b.pk, design_id=design.pk, title="t")
    with pytest.raises(NotFound):
        authoring.scenario_from_design(author_id=a.pk, design_id="not-a-uuid", title="t")
    with pytest.raises(InvalidInput):
        authoring.scenario_from_design(author_id=a.pk, design_id=design.pk, title="  ")
    assert not selectors.scenario_exists(slug="no-such-scenario")
