"""Watch links: let a class follow one live run read-only, until the link expires or its owner
revokes it (sync code: consumers call it through `database_sync_to_async`).

A token is the run's id, signed, so any server process can tell which run it names without a
lookup; the `WatchLink` row (written when the owner shares the run, and again when the run ends)
says whether it still opens. It expires LIVE_WATCH_TTL_S after the run ends (a run whose server
died never writes its end: the row's first `expires` already allows for the longest a run may
play). Once expired or revoked, neither the live run nor its stored report is shown through it.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import timezone

from playground.models import NAME_MAX_LENGTH, WatchLink
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


def watch_link_open(*, run_id: str, owner: Owner, name: Any = "") -> str:
    """Make (once) the watch link of a run now playing; its token."""
    longest = settings.LIVE_MAX_WALL_S + settings.LIVE_KILL_GRACE_S
    WatchLink.objects.get_or_create(
        run_id=run_id,
        defaults={
            "name": str(name or "")[:NAME_MAX_LENGTH],
            **owner.fields(),
            "expires": timezone.now() + datetime.timedelta(seconds=longest) + _ttl(),
        },
    )
    return watch_token(run_id=run_id)


def watch_link_ended(*, run_id: str) -> None:
    """The run is over (ended, failed, or its owner left): the link lives LIVE_WATCH_TTL_S more."""
    now = timezone.now()
    WatchLink.objects.filter(run_id=run_id, ended__isnull=True).update(
        ended=now, expires=now + _ttl()
    )


def watch_link_state(*, run_id: str | None) -> str:
    """OPEN, EXPIRED, REVOKED or NOT_FOUND for the run a token named (None: a bad token)."""
    if run_id is None:
        return NOT_FOUND
    link = WatchLink.objects.filter(run_id=run_id).only("revoked", "expires").first()
    if link is None:
        return NOT_FOUND
    if link.revoked:
        return REVOKED
    return EXPIRED if link.expires <= timezone.now() else OPEN


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
