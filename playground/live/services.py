"""The database and signing side of live runs (sync code: consumers call it through
`database_sync_to_async`).

A start names what to run in one of three ways: a saved design of the learner's own, a share
token (anyone holding an open link may run its snapshot), or an inline document. Every run is
recorded as it starts (a snapshot and the seed) and its report is stored as it finishes, before
the socket is told: a socket that drops at the end loses nothing (GET /api/runs/{id}/).
"""
from __future__ import annotations

from typing import Any

from django.core import signing

from playground import selectors, services
from playground.models import Design, Run, ShareLink
from playground.owners import Owner

WATCH_SALT = "playground.live.watch"


class NotFound(Exception):
    """What the start named does not exist, or is not the learner's to run."""


def document_for_start(*, owner: Owner, design_id: Any = None, share_token: Any = None,
                       document: Any = None) -> tuple[dict[str, Any], Design | None]:
    """The document to run and the saved design it came from (if any)."""
    if design_id is not None:
        try:
            design = selectors.design_get(owner=owner, design_id=design_id)
        except Design.DoesNotExist:
            raise NotFound(f"No design {design_id!s:.64} of yours exists.") from None
        return design.document, design
    if share_token is not None:
        if not isinstance(share_token, str):
            raise NotFound("share_token must be a string.")
        try:
            link = selectors.share_link_get_open(token=share_token)
        except ShareLink.DoesNotExist:
            raise NotFound("That share link does not exist, was revoked or has expired.") from None
        return link.document, None
    return document, None


def live_run_begin(*, owner: Owner, document: dict[str, Any], seed: int,
                   design: Design | None) -> str:
    """Record a run as it starts; returns its id (a UUID string)."""
    return str(services.run_create(owner=owner, document=document, seed=seed, design=design).pk)


def live_run_end(*, run_id: str, report: dict[str, Any]) -> None:
    """Store the finished run's report."""
    services.run_finish(run_id=run_id, report=report)


def finished_report(*, run_id: str) -> dict[str, Any] | None:
    """The stored report of a finished run (for a viewer who arrives after the end)."""
    run = Run.objects.filter(pk=run_id, finished__isnull=False).only("report").first()
    return run.report if run else None


def watch_token(*, run_id: str) -> str:
    """A watch-along token for a run: its id, signed, so any server process can check it."""
    return signing.Signer(salt=WATCH_SALT).sign(run_id.replace("-", ""))


def watch_run_id(*, token: str) -> str | None:
    """The run a watch token was made for, or None for a forged or malformed token."""
    try:
        raw = signing.Signer(salt=WATCH_SALT).unsign(token)
    except signing.BadSignature:
        return None
    if len(raw) != 32:
        return None
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
