"""The Scenario admin: author and created shown, filtered by source (shipped or authored) and
author; an authored scenario's texts and goals edited there by its author or a superuser; a
shipped one read-only but for a superuser, saying why."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from playground import services
from playground.models import Scenario
from tests.api.authoring_helpers import design_of, lesson_document, make_scenario, user_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    teacher = user_client("teacher", instructor=True, staff=True)
    teacher.user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_scenario", "change_scenario"])
    )
    authored = Scenario.objects.get(slug=make_scenario(teacher, design_of(teacher)).json()["slug"])
    shipped = services.scenario_upsert(
        slug="shipped-one", title="Shipped one", summary="", level="beginner", order=1,
        tags=[], story="From a file", hints=[], document=lesson_document(),
    )[0]  # fmt: skip
    browser = Client()
    browser.force_login(teacher.user)
    return browser, authored, shipped


def test_the_list_shows_author_and_created_and_filters_by_source(admin_client, rows):
    _, authored, shipped = rows
    page = admin_client.get("/admin/playground/scenario/").content.decode()
    assert "teacher" in page and "Created" in page
    only_authored = admin_client.get("/admin/playground/scenario/?source=authored").content
    assert authored.title.encode() in only_authored and b"Shipped one" not in only_authored
    only_shipped = admin_client.get("/admin/playground/scenario/?source=shipped").content
    assert b"Shipped one" in only_shipped and authored.title.encode() not in only_shipped


def _change(client, scenario, **fields):
    data = {
        "title": scenario.title, "summary": scenario.summary, "story": scenario.story,
        "level": scenario.level, "hints": '["h1"]', "questions": "[]",
        "goals": '[{"metric": "p99_ms", "scope": "users", "op": "<=", "value": 500}]',
        "order": scenario.order, "tags": "[]", **fields,
    }  # fmt: skip
    return client.post(f"/admin/playground/scenario/{scenario.pk}/change/", data)


def test_the_author_edits_story_hints_and_goals_of_their_scenario(rows):
    browser, authored, _ = rows
    response = _change(browser, authored, story="Edited in the admin")
    assert response.status_code == 302, response.content[:2000]
    authored.refresh_from_db()
    assert authored.story == "Edited in the admin" and authored.hints == ["h1"]
    assert authored.goals[0]["value"] == 500


def test_a_shipped_one_is_read_only_for_staff_and_says_why(rows):
    browser, _, shipped = rows
    page = browser.get(f"/admin/playground/scenario/{shipped.pk}/change/").content.decode()
    assert "load_scenarios" in page and 'name="story"' not in page
    _change(browser, shipped, story="Changed")
    shipped.refresh_from_db()
    assert shipped.story == "From a file"


def test_a_superuser_may_fix_a_shipped_one(admin_client, rows):
    _, _, shipped = rows
    assert _change(admin_client, shipped, story="Hotfix").status_code == 302
    shipped.refresh_from_db()
    assert shipped.story == "Hotfix"


def test_a_staff_instructor_cannot_edit_another_instructors_scenario(rows):
    _, authored, _ = rows
    other = user_client("other", instructor=True, staff=True)
    other.user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_scenario", "change_scenario"])
    )
    browser = Client()
    browser.force_login(other.user)
    page = browser.get(f"/admin/playground/scenario/{authored.pk}/change/").content.decode()
    assert 'name="story"' not in page
    _change(browser, authored, story="Taken over")
    authored.refresh_from_db()
    assert authored.story == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hints", '{"a": 1}'),
        ("hints", "[1, 2]"),
        ("questions", '[{"question": "Q?"}]'),
        ("questions", '[{"question": "Q?", "answer": " "}]'),
        ("goals", "[]"),
        ("goals", '[{"metric": "no_such_metric", "op": "<=", "value": 1}]'),
        ("level", "expert"),
    ],
)
def test_the_admin_refuses_what_the_scenario_page_could_not_show(rows, field, value):
    browser, authored, _ = rows
    response = _change(browser, authored, **{field: value})
    assert response.status_code == 200, "the form again, with the error"
    assert b"errorlist" in response.content
    fresh = Scenario.objects.get(pk=authored.pk)
    assert (fresh.hints, fresh.questions, fresh.goals) == (
        authored.hints, authored.questions, authored.goals
    )  # fmt: skip
