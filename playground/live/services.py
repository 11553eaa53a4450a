"""The database side of live runs (sync code: the consumer's `LiveServices` calls it through
`database_sync_to_async`; watch links are in `watch_links`).

A start names what to run in one of three ways: a saved design of the learner's own, a share
token (anyone holding an open link may run its snapshot), or an inline document. Every finished
run is stored with its report (a snapshot, the seed, who and when) before the socket is told:
a socket that drops at the end loses nothing (GET /api/runs/{id}/).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from playground import selectors
from playground.exceptions import NotFound
from playground.models import NAME_MAX_LENGTH, Design, Run, ShareLink, WatchLink
from playground.owners import Owner
from playground.progress import progress_from_run, progress_record
from playground.scenario_lock import graded_document, scenario_goals


def document_for_start(
    *, owner: Owner, design_id: Any = None, share_token: Any = None, document: Any = None
) -> tuple[dict[str, Any], Any]:
    """The document to run and the id of the saved design it came from (None if none);
    NotFound when what the start named is not there for this learner. A saved design that
    attempts a library scenario runs with the scenario's goals and faults (`scenario_lock`)."""
    if design_id is not None:
        design = _own_design(owner, design_id)
        return graded_document(design)[0], design.pk
    if share_token is not None:
        if not isinstance(share_token, str):
            raise NotFound("share_token must be a string.")
        try:
            link = selectors.share_link_get_open(token=share_token)
        except ShareLink.DoesNotExist:
            raise NotFound("That share link does not exist, was revoked or has expired.") from None
        return link.document, None
    return document, None


def _own_design(owner: Owner, design_id: Any) -> Design:
    try:
        return selectors.design_get(owner=owner, design_id=design_id)
    except Design.DoesNotExist:
        raise NotFound(f"No design {design_id!s:.64} of yours exists.") from None


def document_for_check(*, owner: Owner, design_id: Any) -> dict[str, Any]:
    """What "Check my design" checks: the learner's saved design as a run of it plays (locked
    to its scenario's goals and faults, `scenario_lock`), and which scenario it attempts:
    {"document", "design_id", "scenario" (slug or ""), "scenario_goals" (how many of the
    document's first goals are the scenario's)}. NotFound for a design not theirs."""
    design = _own_design(owner, design_id)
    document, scenario = graded_document(design)
    return {
        "document": document,
        "design_id": str(design.pk),
        "scenario": scenario.slug if scenario else "",
        "scenario_goals": len(scenario_goals(scenario)) if scenario else 0,
    }


def check_progress_record(
    *, owner: Owner, scenario: str, goals: list[dict[str, Any]], scenario_goals: int
) -> None:
    """A check of a scenario design ended: its scenario's goals (the first `scenario_goals` of
    the check's rows) count as an attempt, passed when every one of them passed."""
    if not scenario or scenario_goals < 1:
        return
    passed = sum(bool(goal.get("passed")) for goal in goals[:scenario_goals])
    progress_record(
        owner=owner,
        scenario=scenario,
        goals_passed=passed,
        goals_total=scenario_goals,
        source="check",
    )


def live_run_store(
    *,
    run_id: str,
    owner: Owner,
    document: dict[str, Any],
    seed: int,
    design_id: Any,
    report: dict[str, Any],
    started: datetime.datetime,
    series: dict[str, Any] | None = None,
    watch_final: dict[str, Any] | None = None,
) -> None:
    """Store a finished run: the snapshot it ran, the seed, its report and the charts' series
    (`series.py`), who and when, and for a shared run, in the same transaction, its last picture
    on the watch link's row (`watch_final`: {"frame", "faults", "history", "events"}, what a
    viewer who joins after the end is shown); then, for a
    scenario design's complete graded run, the learner's progress on the scenario
    (`progress.progress_from_run`: after the run is committed, so a progress write that fails
    loses no report).

    Written once, at the end (a start writes nothing: thirty starts at once must not queue
    behind thirty commits). Runs abandoned by a dropped socket are not finished, so not stored."""
    design_id = _existing_design(design_id)
    with transaction.atomic():
        run = Run.objects.create(
            id=run_id,
            design_id=design_id,
            name=str(document.get("name") or "")[:NAME_MAX_LENGTH],
            document=document,
            seed=seed,
            report=report,
            series=series if isinstance(series, dict) else None,
            finished=timezone.now(),
            **owner.fields(),
        )
        Run.objects.filter(pk=run.pk).update(created=started)  # auto_now_add: when it started
        if watch_final:
            WatchLink.objects.filter(run_id=run_id).update(final=watch_final)
    progress_from_run(owner=owner, design_id=design_id, report=report)


def _existing_design(design_id: Any) -> Any:
    if design_id is None:
        return None
    return design_id if Design.objects.filter(pk=design_id).exists() else None


def finished_run(*, run_id: str) -> dict[str, Any] | None:
    """A finished run, for a viewer who arrives after the end: its report, the design it ran
    and, when its watch link kept them, the last frame, the faults injected, the charts' rows
    and the events ({"report", "design", "frame", "faults", "history", "events"}: the page
    shades what was still down and shows the run's last figures), or None while it plays (or if
    it was never stored)."""
    run = Run.objects.filter(pk=run_id, finished__isnull=False).only("report", "document").first()
    if run is None:
        return None
    final = WatchLink.objects.filter(run_id=run_id).values_list("final", flat=True).first() or {}
    return {
        "report": run.report,
        "design": run.document,
        "frame": final.get("frame"),
        "faults": final.get("faults") or [],
        "history": final.get("history") or [],
        "events": final.get("events") or [],
    }
