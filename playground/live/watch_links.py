"""Watch links: let a class follow one live run read-only, until the link expires or its owner
revokes it (sync code: consumers call it through `database_sync_to_async`).

A token is the run's id, signed, so any server process can tell which run it names without a
lookup; the `WatchLink` row (written when the owner shares the run, and again when the run ends)
says whether it still opens. It expires LIVE_WATCH_TTL_S after the run ends (a run whose server
died never writes its end: the row's first `expires` already allows for the longest a run may
play). Once expired or revoked, neither the live run nor its stored report is shown through it,
and its design cannot be forked.

The row also has a short code (`/w/<code>/` redirects to the watch page; a QR code of that short
link is drawn by the page `/live/<token>/qr.svg`) and the run's design snapshot with the scenario
its design attempts: viewers are shown the diagram, the goals and the story from it, and can fork
it into a design of their own (`watch_link_fork`, POST /api/live/<token>/fork/).
"""

from __future__ import annotations

import datetime
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from playground.classroom_models import CODE_ALPHABET, CODE_LENGTH
from playground.design_outline import copy_name, named
from playground.models import NAME_MAX_LENGTH, Design, Scenario, WatchLink
from playground.owners import Owner

log = logging.getLogger(__name__)

WATCH_SALT = "playground.live.watch"

OPEN, EXPIRED, REVOKED, NOT_FOUND = "open", "expired", "revoked", "not_found"

#: What a viewer (the page at /live/<token>/, the socket) is told for each closed state.
MESSAGES = {
    NOT_FOUND: "This watch link is not valid: check that it was copied whole.",
    EXPIRED: "This watch link has expired: a run can be watched until a day after it ends. "
    "Ask whoever shared it for a new run's link.",
    REVOKED: "Whoever shared this run stopped sharing it, so this watch link no longer opens. "
    "Ask them for a new link if you should still watch.",
}


def watch_token(*, run_id: str) -> str:
    """A watch-along token for a run: its id, signed, so any server process can check it."""
    return signing.Signer(salt=WATCH_SALT, sep=".").sign(run_id.replace("-", ""))


def watch_run_id(*, token: str) -> str | None:
    """The run a watch token was made for, or None for a forged or malformed token."""
    try:
        raw = signing.Signer(salt=WATCH_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        return None
    if len(raw) != 32 or any(c not in "0123456789abcdef" for c in raw):
        return None
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def _ttl() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.LIVE_WATCH_TTL_S)


def new_watch_code() -> str:
    """A short code for a watch link (`/w/<code>/`): the classroom's alphabet, read aloud or
    typed off a projector without 0/O or 1/I/L mix-ups."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: Any) -> str | None:
    """A code as typed (any case, spaces or a dash between) in its stored form; None if it
    cannot be one (wrong length or a letter the alphabet leaves out)."""
    if not isinstance(code, str):
        return None
    clean = code.replace("-", "").replace(" ", "").upper()
    if len(clean) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in clean):
        return None
    return clean


def watch_link_open(
    *, run_id: str, owner: Owner, name: Any = "", document: Any = None, design_id: Any = None
) -> dict[str, str]:
    """Make (once) the watch link of a run now playing: {"token", "code"}. The row keeps the
    run's design snapshot (`document`) and the scenario its saved design attempts, for viewers."""
    longest = settings.LIVE_MAX_WALL_S + settings.LIVE_KILL_GRACE_S
    link = WatchLink.objects.filter(run_id=run_id).only("code").first()
    for _ in range(5):  # 31**6 codes: a collision is rare, five in a row never
        if link is not None:
            break
        try:
            with transaction.atomic():
                link = WatchLink.objects.create(
                    run_id=run_id,
                    name=str(name or "")[:NAME_MAX_LENGTH],
                    **owner.fields(),
                    expires=timezone.now() + datetime.timedelta(seconds=longest) + _ttl(),
                    code=new_watch_code(),
                    document=document if isinstance(document, dict) else {},
                    scenario=_scenario_of(design_id),
                )
        except IntegrityError:  # the code was taken, or another socket made the row first
            link = WatchLink.objects.filter(run_id=run_id).only("code").first()
    if link is None:
        raise RuntimeError("could not find a free watch code")
    return {"token": watch_token(run_id=run_id), "code": link.code or ""}


def _scenario_of(design_id: Any) -> str:
    if design_id is None:
        return ""
    return Design.objects.filter(pk=design_id).values_list("scenario", flat=True).first() or ""


def watch_link_ended(*, run_id: str) -> None:
    """The run is over (ended, failed, or its owner left): the link lives LIVE_WATCH_TTL_S more."""
    now = timezone.now()
    WatchLink.objects.filter(run_id=run_id, ended__isnull=True).update(
        ended=now, expires=now + _ttl()
    )


#: What a viewer who opens the link of a run that ended with no report is told.
ENDED_WITHOUT_REPORT = (
    "This run ended early, without a report: its owner left, it crashed, or the server running "
    "it restarted. Ask whoever shared it for a new run's link."
)


def watch_link_has_ended(*, run_id: str) -> bool:
    """Has the run's link begun its last day (its run ended, however it ended)?"""
    return WatchLink.objects.filter(run_id=run_id, ended__isnull=False).exists()


def watch_link_state(*, run_id: str | None) -> str:
    """OPEN, EXPIRED, REVOKED or NOT_FOUND for the run a token named (None: a bad token)."""
    if run_id is None:
        return NOT_FOUND
    link = WatchLink.objects.filter(run_id=run_id).only("revoked", "expires").first()
    return NOT_FOUND if link is None else _state(link)


class LinkClosed(Exception):
    """A watch link that does not open: `state` is EXPIRED, REVOKED or NOT_FOUND, `message` the
    sentence a viewer reads (MESSAGES)."""

    def __init__(self, state: str, message: str | None = None):
        super().__init__(message or MESSAGES[state])
        self.state, self.message = state, message or MESSAGES[state]


def watch_link_get(*, token: Any) -> WatchLink:
    """The open watch link a token names; LinkClosed saying why when it does not open."""
    run_id = watch_run_id(token=token) if isinstance(token, str) else None
    link = WatchLink.objects.filter(run_id=run_id).first() if run_id else None
    state = NOT_FOUND if link is None else _state(link)
    if state != OPEN:
        raise LinkClosed(state)
    return link


def _state(link: WatchLink) -> str:
    if link.revoked:
        return REVOKED
    return EXPIRED if link.expires <= timezone.now() else OPEN


#: What a short code that names no watch link is told (`/w/<code>/`).
CODE_NOT_FOUND = (
    "No run is shared under that code: check the six letters and digits "
    "(there is no 0, O, 1, I or L in a code)."
)


def watch_link_by_code(*, code: Any) -> tuple[str, str | None]:
    """The state of the watch link a short code names, and its token (None when no link has
    that code, or the code cannot be one)."""
    clean = normal_code(code)
    link = WatchLink.objects.filter(code=clean).first() if clean else None
    if link is None:
        return NOT_FOUND, None
    return _state(link), watch_token(run_id=str(link.run_id))


def watch_link_expires(*, run_id: str) -> datetime.datetime | None:
    """When the link of a run stops opening (for the viewer's page, which says so then)."""
    return WatchLink.objects.filter(run_id=run_id).values_list("expires", flat=True).first()


def watch_link_fork(*, owner: Owner, token: Any, name: str | None = None) -> Design:
    """A design of the viewer's own from the run's design snapshot, "Copy of <its name>" unless
    `name` is given, attempting the run's scenario if the library still has it; LinkClosed when
    the link does not open, and for a link that kept no snapshot (made before snapshots were
    kept)."""
    from playground import services  # the one door to writing designs

    link = watch_link_get(token=token)
    if not link.document:
        raise LinkClosed(NOT_FOUND, "This run's design was not kept: it cannot be forked.")
    scenario = link.scenario if Scenario.objects.filter(slug=link.scenario).exists() else ""
    fork_name = str(name or copy_name(link.name or link.document.get("name") or "a live run"))
    fork_name = fork_name[:NAME_MAX_LENGTH]
    return services.design_create(
        owner=owner,
        name=fork_name,
        document=named(link.document, fork_name),
        scenario=scenario,
    )


def watch_link_revoke(*, owner: Owner | None, token: str) -> WatchLink:
    """Stop sharing: the link no longer opens, and viewers watching now are told and let go.
    Idempotent; WatchLink.DoesNotExist for a bad token or a link that is not the caller's."""
    run_id = watch_run_id(token=token) if isinstance(token, str) else None
    if owner is None or run_id is None:
        raise WatchLink.DoesNotExist()
    link = WatchLink.objects.get(owner.q(), run_id=run_id)
    if not link.revoked:
        WatchLink.objects.filter(pk=link.pk).update(revoked=True)
        link.revoked = True
    _tell_revoked(str(link.run_id))
    return link


def _tell_revoked(run_id: str) -> None:
    """Viewers get a final `revoked` error; the owner's socket stops sending them frames."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from playground.live.watch_along import owner_group, watch_group

    layer = get_channel_layer()
    try:
        async_to_sync(layer.group_send)(watch_group(run_id), {"type": "watch.revoked"})
        async_to_sync(layer.group_send)(owner_group(run_id), {"type": "watch.revoked"})
    except Exception:
        log.warning(
            "could not tell the viewers of run %s that its link was revoked", run_id, exc_info=True
        )
