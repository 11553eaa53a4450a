"""Scenarios an instructor writes (issue 14): any design of theirs becomes a scenario of the
library, with its goals and scheduled faults (the design's own), a story, hints and checkpoint
questions. Authored scenarios (`Scenario.author` set) open by their link (`/scenarios/<slug>/`)
and are what an assignment made from a design sets; the public gallery lists only the shipped
library, and `load_scenarios` never touches them (their slugs end in a random suffix no file
name has).
"""

from __future__ import annotations

import copy
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from playground.exceptions import InvalidInput, NotFound
from playground.models import NAME_MAX_LENGTH, Design, Scenario
from playground.owners import Owner
from simengine.design import Problem

SLUG_STEM_MAX = 60


def authored_slug(title: str) -> str:
    """`<title slugified>-<6 random hex>`: readable, and never a shipped scenario's file name."""
    stem = slugify(title)[:SLUG_STEM_MAX].strip("-") or "scenario"
    return f"{stem}-{secrets.token_hex(3)}"


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
    the design (later edits of the design do not change it); its goals are the design's.
    NotFound if the design is not theirs; InvalidInput if the title is empty."""
    title = (title or "").strip()
    if not title:
        raise InvalidInput("A scenario needs a title.", [Problem("title", "must not be empty")])
    owner = Owner(user_id=author_id)
    try:
        design = Design.objects.filter(owner.q(), pk=design_id).first()
    except (ValueError, ValidationError):  # not a UUID: no design has it
        design = None
    if design is None:
        raise NotFound("No design with this id is yours.")
    document = copy.deepcopy(design.document)
    return Scenario.objects.create(
        slug=authored_slug(title),
        title=title[:NAME_MAX_LENGTH],
        summary=summary,
        story=story,
        level=level,
        tags=[],
        hints=list(hints or []),
        questions=list(questions or []),
        document=document,
        goals=list(document.get("goals") or []),
        solution=None,
        order=10_000,  # after the shipped library wherever scenarios are listed together
        author_id=author_id,
    )
