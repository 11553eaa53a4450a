"""Writes. Keyword-only and typed; each one is a single transaction that leaves the database
consistent. Views call these; nothing else writes playground's models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from playground import selectors
from playground.classroom import enrollments_adopt
from playground.design_outline import copy_name, named
from playground.documents import draft_problems
from playground.exceptions import InvalidInput, VersionConflict
from playground.models import NAME_MAX_LENGTH, Design, Run, Scenario, ShareLink
from playground.owners import Owner
from playground.progress import progress_adopt, progress_from_run
from simengine.design import Problem

_CREATOR = {"user_field": "creator", "session_field": "creator_session"}


def _checked_draft(document: Any, *, field: str = "document") -> dict[str, Any]:
    """The document if the draft rule (playground.documents) lets it be stored; else InvalidInput
    with each problem addressed from the request field (`document.nodes[2]`)."""
    problems = draft_problems(document)
    if problems:
        raise InvalidInput(
            "This design document cannot be saved: fix the problems listed (a half-built design "
            "is fine; an unreadable one is not).",
            [Problem(f"{field}.{p.path}" if p.path else field, p.message) for p in problems],
        )
    return document


def _checked_scenario(scenario: str) -> str:
    """A scenario a design attempts must be one of the library's, shipped or authored by an
    instructor (InvalidInput otherwise)."""
    if scenario and not selectors.scenario_exists(slug=scenario):
        raise InvalidInput(
            f'There is no scenario "{scenario:.100}" in the library.',
            [Problem("scenario", "must be the slug of a library scenario (GET /api/scenarios/)")],
        )
    return scenario


def design_create(*, owner: Owner, name: str, document: Any, scenario: str = "") -> Design:
    """Store a new design (a draft may be half-built; see playground.documents), version 1.
    `scenario`: the library scenario it attempts (its goals and faults are then locked:
    playground.scenario_lock), or "" for a design of the learner's own."""
    return Design.objects.create(
        name=name,
        document=_checked_draft(document),
        scenario=_checked_scenario(scenario),
        **owner.fields(),
    )


def design_update(
    *,
    owner: Owner | None,
    design_id: Any,
    version: int,
    name: str | None = None,
    document: Any = None,
) -> Design:
    """Replace the name and/or document of one of the owner's designs, if `version` is still the
    current one; the version then grows by one. A stale version raises VersionConflict and
    changes nothing; a design that is not the owner's is DoesNotExist (404).

    The check and the write are one UPDATE filtered on owner, id and version, so two racing saves
    cannot both win. The document is checked before the transaction: the write lock (SQLite
    takes it at BEGIN) is held only for the UPDATE and the read-back.

    A new `name` without a document (a rename from the home page) is also written into the
    stored document's own name, which the editor shows and saves: read here, and written only
    if `version` is still current, so a save in between is a 409, never lost."""
    changes: dict[str, Any] = {"version": F("version") + 1, "updated": timezone.now()}
    owned = selectors.design_owned(owner=owner, design_id=design_id)
    if name is not None:
        changes["name"] = name
        if document is None:
            stored = owned.values_list("document", flat=True).first()
            if isinstance(stored, dict):
                document = named(stored, name)
    if document is not None:
        changes["document"] = _checked_draft(document)
    with transaction.atomic():
        written = owned.filter(version=version).update(**changes)
        design = owned.get()
    if not written:
        raise VersionConflict(current_version=design.version)
    return design


def design_duplicate(*, owner: Owner | None, design_id: Any) -> Design:
    """A new design of the owner's, "Copy of <name>", holding the design's document as it is
    saved now and attempting the same scenario (so its goals stay locked); version 1. Runs,
    share links and an assignment stay with the original. DoesNotExist (404) for a design that
    is not the owner's."""
    original = selectors.design_get(owner=owner, design_id=design_id)
    assert owner is not None
    name = copy_name(original.name)
    return Design.objects.create(
        name=name,
        document=named(original.document, name),
        scenario=original.scenario,
        **owner.fields(),
    )


@transaction.atomic
def design_delete(*, owner: Owner | None, design_id: Any, version: int) -> None:
    """Delete one of the owner's designs if `version` is still the current one: a tab that read
    an older version cannot delete newer work (VersionConflict, nothing deleted); a design that
    is not the owner's is DoesNotExist (404). Its share links and runs keep their snapshots
    (Django's collector lets go of them: `on_delete=SET_NULL`).

    The row is locked from the version check to the delete (SELECT ... FOR UPDATE on PostgreSQL;
    on SQLite the IMMEDIATE transaction holds the database's write lock from its BEGIN), so a save
    racing the delete either lands first (the delete then sees a newer version: 409) or waits and
    then finds no design (404)."""
    design = selectors.design_owned(owner=owner, design_id=design_id).select_for_update().get()
    if design.version != version:
        raise VersionConflict(
            current_version=design.version,
            detail="Someone saved this design after you read it: nothing was deleted. "
            "Re-read it and delete again with its current version if you still mean to.",
        )
    design.delete()


def share_link_create(
    *, owner: Owner | None, design_id: Any, expires: dt.datetime | None = None
) -> ShareLink:
    """A read-only link to a snapshot of the design as it is now (later edits do not show)."""
    design = selectors.design_get(owner=owner, design_id=design_id)
    assert owner is not None
    if expires is not None and expires <= timezone.now():
        raise InvalidInput(
            "The link would already have expired.", [Problem("expires", "must be in the future")]
        )
    return ShareLink.objects.create(
        design=design,
        name=design.name,
        document=design.document,
        expires=expires,
        **owner.fields(**_CREATOR),
    )


def share_link_revoke(*, owner: Owner | None, token: str) -> ShareLink:
    """Revoke a link the owner made; revoking twice is harmless."""
    link = selectors.share_link_get_own(owner=owner, token=token)
    if not link.revoked:
        link.revoked = True
        link.save(update_fields=["revoked"])
    return link


def shared_design_fork(
    *, owner: Owner, token: str, name: str | None = None, scenario: str | None = None
) -> Design:
    """Copy a shared snapshot into a new design of the caller's own (the original is untouched),
    named `name` or else "Copy of <the shared name>". The copy attempts `scenario` if given (a
    library slug, or "" for none), else the scenario the shared design attempts (if it still
    exists), so a shared scenario attempt stays locked."""
    link = selectors.share_link_get_open(token=token)
    if scenario is None:
        scenario = link.design.scenario if link.design is not None else ""
    name = name or copy_name(link.name)
    return Design.objects.create(
        name=name,
        document=named(link.document, name),
        scenario=_checked_scenario(scenario),
        **owner.fields(),
    )


def run_create(
    *,
    owner: Owner,
    document: dict[str, Any],
    seed: int,
    name: str = "",
    design: Design | None = None,
) -> Run:
    """Record a run as it starts: a snapshot of what runs, and with which seed."""
    return Run.objects.create(
        design=design,
        name=name or str(document.get("name", ""))[:NAME_MAX_LENGTH],
        document=document,
        seed=seed,
        **owner.fields(),
    )


def run_finish(*, run_id: Any, report: dict[str, Any]) -> Run:
    """Store a finished run's report (DESIGN.md "Report"); a scenario design's complete graded
    run also counts as progress on its scenario (`progress.progress_from_run`)."""
    run = Run.objects.get(pk=run_id)
    run.report = report
    run.finished = timezone.now()
    run.save(update_fields=["report", "finished"])
    owner = Owner(user_id=run.owner_id, session_key=None if run.owner_id else run.owner_session)
    progress_from_run(owner=owner, design_id=run.design_id, report=report)
    return run


@transaction.atomic
def owned_things_adopt(*, session_key: str, user_id: int) -> int:
    """Move everything an anonymous session owns (designs, share links, runs, enrollments in
    assignments) to a user, as the learner signs up or logs in. Returns how many designs
    moved."""
    if not session_key:
        return 0
    moved = Design.objects.filter(owner__isnull=True, owner_session=session_key).update(
        owner_id=user_id, owner_session=""
    )
    Run.objects.filter(owner__isnull=True, owner_session=session_key).update(
        owner_id=user_id, owner_session=""
    )
    ShareLink.objects.filter(creator__isnull=True, creator_session=session_key).update(
        creator_id=user_id, creator_session=""
    )
    progress_adopt(session_key=session_key, user_id=user_id)
    enrollments_adopt(session_key=session_key, user_id=user_id)
    return moved


def scenario_upsert(
    *,
    slug: str,
    title: str,
    summary: str,
    level: str,
    order: int,
    tags: list[str],
    story: str,
    hints: list[str],
    document: dict[str, Any],
    goals: list[dict[str, Any]] | None = None,
    solution: dict[str, Any] | None = None,
) -> tuple[Scenario, bool]:
    """Create or update the scenario with this slug. `goals` default to the document's goals.
    Returns the scenario and whether it was created. (The caller validates the document.)
    Only the shipped library: a slug an instructor's authored scenario holds is InvalidInput,
    and that row is left as it is."""
    if Scenario.objects.filter(slug=slug, author__isnull=False).exists():
        raise InvalidInput(
            f'The slug "{slug}" is an instructor\'s authored scenario: rename the file.',
            [Problem("slug", "is taken by an authored scenario")],
        )
    values = {
        "title": title,
        "summary": summary,
        "level": level,
        "order": order,
        "tags": list(tags),
        "story": story,
        "hints": list(hints),
        "document": document,
        "goals": list(goals if goals is not None else document.get("goals", [])),
        "solution": solution,
    }
    return Scenario.objects.filter(author__isnull=True).update_or_create(slug=slug, defaults=values)
