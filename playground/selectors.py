"""Reads. Every read of owned data takes an `Owner` and sees only that owner's rows: another
person's design is indistinguishable from one that does not exist (`DoesNotExist`, a 404)."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from playground import scenarios
from playground.models import Design, Run, Scenario, ShareLink
from playground.owners import Owner
from simengine import design as engine_design
from simengine.catalogue import catalogue_json
from simengine.design import Problem
from simengine.validation import parse_design, validate


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def design_list(*, owner: Owner | None) -> QuerySet[Design]:
    """The owner's designs, most recently changed first (none for a caller who owns nothing),
    each with `scenario_title`: the title of the scenario it attempts (None for none, or one
    the library no longer has), read in the same query."""
    if owner is None:
        return Design.objects.none()
    title = Scenario.objects.filter(slug=OuterRef("scenario")).values("title")[:1]
    return (
        Design.objects.filter(owner.q())
        .annotate(scenario_title=Subquery(title))
        .order_by("-updated", "-created", "-pk")
    )


def design_get(*, owner: Owner | None, design_id: Any) -> Design:
    """One of the owner's designs; `Design.DoesNotExist` for an unknown, foreign or malformed id."""
    return design_owned(owner=owner, design_id=design_id).get()


def design_owned(*, owner: Owner | None, design_id: Any) -> QuerySet[Design]:
    """The owner's design with this id as a query (empty for an unknown, foreign or malformed
    id), for writes that must check ownership in the same statement that writes."""
    pk = _uuid_or_none(design_id)
    if owner is None or pk is None:
        return Design.objects.none()
    return Design.objects.filter(owner.q(), pk=pk)


def share_link_list(*, owner: Owner | None, design_id: Any) -> QuerySet[ShareLink]:
    """The links the owner made to one of their designs, newest first (404 if not theirs)."""
    design = design_get(owner=owner, design_id=design_id)
    assert owner is not None
    return design.share_links.filter(owner.q(user_field="creator", session_field="creator_session"))


def share_link_get_open(*, token: str) -> ShareLink:
    """A link anyone holding the token may read: not revoked, not expired."""
    now = timezone.now()
    return ShareLink.objects.filter(Q(expires__isnull=True) | Q(expires__gt=now)).get(
        token=token, revoked=False
    )


def share_link_get_own(*, owner: Owner | None, token: str) -> ShareLink:
    """A link the owner made, in any state (revoked or expired too)."""
    if owner is None:
        raise ShareLink.DoesNotExist("no such link")
    return ShareLink.objects.get(
        owner.q(user_field="creator", session_field="creator_session"), token=token
    )


def run_get(*, owner: Owner | None, run_id: Any) -> Run:
    """One of the owner's runs; `Run.DoesNotExist` otherwise."""
    pk = _uuid_or_none(run_id)
    if owner is None or pk is None:
        raise Run.DoesNotExist("no such run")
    return Run.objects.get(owner.q(), pk=pk)


def design_runs(*, owner: Owner | None, design_id: Any) -> QuerySet[Run]:
    """The owner's finished runs of one of their designs, newest first, without the snapshot
    and the series (a list shows the report's headline); `Design.DoesNotExist` if not theirs."""
    design = design_get(owner=owner, design_id=design_id)
    assert owner is not None
    return (
        Run.objects.filter(owner.q(), design_id=design.pk, finished__isnull=False)
        .defer("document", "series")
        .order_by("-created", "-id")
    )


def scenario_list() -> QuerySet[Scenario]:
    """The shipped library (playground/scenarios/) in gallery order: what the gallery lists.
    Authored scenarios open by their link, not from here."""
    return Scenario.objects.filter(author__isnull=True)


def scenario_list_authored(*, author_id: int) -> QuerySet[Scenario]:
    """The scenarios user `author_id` authored, newest first."""
    return Scenario.objects.filter(author_id=author_id).order_by("-created", "slug")


@lru_cache(maxsize=1)
def scenario_slugs() -> tuple[str, ...]:
    """The library's scenarios (one file each in playground/scenarios/), sorted: what a design may
    attempt. The files, not the rows: the library does not change while the process runs."""
    return tuple(sorted(path.stem for path in scenarios.SCENARIO_DIR.glob("*.json")))


def scenario_exists(*, slug: str) -> bool:
    """A design may attempt it: a shipped scenario's file, or an instructor's authored row."""
    return (
        slug in scenario_slugs()
        or Scenario.objects.filter(slug=slug, author__isnull=False).exists()
    )


def scenario_get(*, slug: str) -> Scenario:
    """One scenario, shipped or authored, with `questions`: its checkpoint questions
    [{"question", "answer"}], read from its file for a shipped one (none if the library no longer
    holds the file) and from the row for an authored one."""
    scenario = Scenario.objects.get(slug=slug)
    if scenario.author_id is None:  # the shipped library: the file says
        scenario.questions = scenario_questions(slug=scenario.slug)
    return scenario


def scenario_questions(*, slug: str) -> list[dict[str, str]]:
    """The checkpoint questions of the library's scenario `slug`, as its file has them now."""
    path = scenarios.SCENARIO_DIR / f"{slug}.json"
    return scenarios.read_scenario(path).questions if path.is_file() else []


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """The component catalogue (simengine's data; it never changes while the process runs)."""
    return catalogue_json()


def document_problems(*, document: Any) -> list[Problem]:
    """Everything simengine finds wrong with a document (empty: it can run)."""
    return list(validate(document))


def design_parsed(*, document: Any) -> engine_design.Design:
    """The design a document describes, parsed and validated once by simengine (frozen
    dataclasses the engine runs as they are); `DesignError` with every problem otherwise."""
    return parse_design(document)
