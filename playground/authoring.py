"""Scenarios an instructor writes (issue 14): any design of theirs becomes a scenario of the
library, with its goals and scheduled faults (the design's own), a story, hints and checkpoint
questions. Authored scenarios (`Scenario.author` set) open by their link (`/scenarios/<slug>/`)
and are what an assignment made from a design sets; the public gallery lists only the shipped
library, and `load_scenarios` never touches them (their slugs end in a random suffix no file
name has, and `services.scenario_upsert` refuses a slug an authored row holds).

Who may: `playground.instructors.is_instructor` (the instructor group, and staff) authors; only
a scenario's author, or staff, changes or deletes it; nobody changes a shipped scenario here (its
file in playground/scenarios/ is the truth, and `load_scenarios` would put it back). A scenario
is a lesson only if its start can run and it has a goal to meet: both are checked on every
snapshot of a design.
"""

from __future__ import annotations

import copy
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from playground import selectors
from playground.exceptions import Forbidden, InvalidInput, NotFound
from playground.instructors import is_instructor
from playground.models import NAME_MAX_LENGTH, Assignment, Design, Scenario
from playground.owners import Owner
from playground.scenario_lock import graded_document
from simengine.design import Problem

SLUG_STEM_MAX = 60
LEVELS = ("beginner", "intermediate", "advanced")  # the shipped library's levels
# What the API accepts (playground/api/scenario_serializers.py): sized on the shipped library's
# longest (a 1,489-character story, 5 hints, 4 questions, a 544-character answer), with room.
SUMMARY_MAX = 300
STORY_MAX = 5000
HINT_MAX = 1000
MAX_HINTS = 10
QUESTION_MAX = 500
ANSWER_MAX = 2000
MAX_QUESTIONS = 10
EDITABLE = ("title", "summary", "story", "level", "hints", "questions")
NOT_INSTRUCTOR = (
    "Only instructors author scenarios: an admin adds you to the instructor group (Admin, Users)."
)


def authored_slug(title: str) -> str:
    """`<title slugified>-<6 random hex>`: readable, and never a shipped scenario's file name."""
    stem = slugify(title)[:SLUG_STEM_MAX].strip("-") or "scenario"
    return f"{stem}-{secrets.token_hex(3)}"


def check_may_author(user: Any) -> None:
    """Forbidden unless `user` is an instructor (or staff)."""
    if not is_instructor(user):
        raise Forbidden(NOT_INSTRUCTOR)


def _snapshot(*, author_id: int, design_id: Any) -> dict[str, Any]:
    """A copy of the document the author's design `design_id` runs as, checked to be a lesson:
    it runs (simengine finds no problem) and has a goal. NotFound if the design is not theirs."""
    owner = Owner(user_id=author_id)
    try:
        design = Design.objects.filter(owner.q(), pk=design_id).first()
    except (ValueError, ValidationError):  # not a UUID: no design has it
        design = None
    if design is None:
        raise NotFound("No design with this id is yours.")
    # What the design's runs play: a design that attempts a scenario has that scenario's goals,
    # faults and users (playground.scenario_lock), as its drawer shows them.
    document = copy.deepcopy(graded_document(design)[0])
    problems = selectors.document_problems(document=document)
    if problems:
        raise InvalidInput(
            f"The design cannot run, so its scenario would be no lesson: fix "
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} first (Check in the "
            "editor marks them on the canvas).",
            [Problem(f"design.{p.path}" if p.path else "design", p.message) for p in problems],
        )
    if not [g for g in document.get("goals") or [] if isinstance(g, dict)]:
        raise InvalidInput(
            "The design has no goal: add a goal in Goals & story first.",
            [Problem("design.goals", "add a goal in Goals & story first")],
        )
    return document


def _title(title: Any) -> str:
    title = (title or "").strip() if isinstance(title, str) else ""
    if not title:
        raise InvalidInput("A scenario needs a title.", [Problem("title", "must not be empty")])
    return title[:NAME_MAX_LENGTH]


def _new_slug(title: str) -> str:
    while True:  # 16.7 million suffixes per title: a second try is already rare
        slug = authored_slug(title)
        if not Scenario.objects.filter(slug=slug).exists():
            return slug


@transaction.atomic
def scenario_from_design(
    *,
    author_id: int,
    design_id: Any,
    title: str,
    summary: str = "",
    story: str = "",
    level: str = "",
    hints: list[str] | None = None,
    questions: list[dict[str, str]] | None = None,
) -> Scenario:
    """A new scenario authored by user `author_id` from their design `design_id`: a snapshot of
    the design (later edits of the design do not change it); its goals and scheduled faults are
    the design's. Forbidden unless the author is an instructor; NotFound if the design is not
    theirs; InvalidInput if the title is empty, the design cannot run or has no goal."""
    check_may_author(get_user_model().objects.filter(pk=author_id).first())
    title = _title(title)
    document = _snapshot(author_id=author_id, design_id=design_id)
    return Scenario.objects.create(
        slug=_new_slug(title),
        title=title,
        summary=summary,
        story=story,
        level=level,
        tags=[],
        hints=list(hints or []),
        questions=[dict(q) for q in questions or []],
        document=document,
        goals=list(document.get("goals") or []),
        solution=None,
        order=10_000,  # after the shipped library wherever scenarios are listed together
        author_id=author_id,
    )


def may_change(*, user: Any, scenario: Scenario) -> bool:
    """Whether `user` may change or delete `scenario`: an authored one, by its author (still an
    instructor) or staff. What the scenario page asks before it offers Edit and Delete."""
    if scenario.author_id is None or not is_instructor(user):
        return False
    return scenario.author_id == user.pk or bool(user.is_staff)


def _changeable(*, user: Any, slug: str) -> Scenario:
    """The scenario `slug`, locked for the write, if `user` may change it: an instructor who
    wrote it, or staff. Forbidden for anyone else and for every shipped scenario."""
    check_may_author(user)
    scenario = Scenario.objects.select_for_update().get(slug=slug)  # DoesNotExist: 404
    if scenario.author_id is None:
        raise Forbidden(
            "This is a shipped scenario: it is loaded from its file in playground/scenarios/ "
            "and cannot be changed here."
        )
    if scenario.author_id != user.pk and not user.is_staff:
        raise Forbidden(
            "This scenario is another instructor's: only its author (or staff) can change it."
        )
    return scenario


@transaction.atomic
def scenario_update(*, user: Any, slug: str, design_id: Any = None, **changes: Any) -> Scenario:
    """Change an authored scenario's texts (`EDITABLE`); with `design_id`, take a new snapshot of
    that design of the caller's (its goals and faults), checked as a new one is. The slug, and so
    the link students have, never changes."""
    scenario = _changeable(user=user, slug=slug)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Cannot change {', '.join(sorted(unknown))}.")
    if "title" in changes:
        changes["title"] = _title(changes["title"])
    for key, value in changes.items():
        setattr(scenario, key, list(value) if isinstance(value, list) else value)
    if design_id is not None:
        document = _snapshot(author_id=user.pk, design_id=design_id)  # the caller's design
        scenario.document = document
        scenario.goals = list(document.get("goals") or [])
    scenario.save()
    return scenario


@transaction.atomic
def scenario_delete(*, user: Any, slug: str) -> None:
    """Delete an authored scenario (its author, or staff). Designs that attempt it are then
    graded as they stand; one an assignment sets cannot go (InvalidInput naming the assignments'
    codes: their students are graded on it)."""
    scenario = _changeable(user=user, slug=slug)
    codes = list(
        Assignment.objects.filter(scenario=scenario.slug)
        .order_by("created")
        .values_list("code", flat=True)
    )
    if codes:
        which = (
            f"the assignment {codes[0]} sets it"
            if len(codes) == 1
            else f"{len(codes)} assignments set it ({', '.join(codes)})"
        )
        raise InvalidInput(
            f'"{scenario.title}" was not deleted: {which}, and every student who joined is '
            "graded on it. A scenario stays while an assignment sets it.",
            [Problem("slug", "is set by an assignment")],
        )
    scenario.delete()
