"""Who owns a thing: a signed-in user, or an anonymous learner's browser session.

Learners need no account: what they make belongs to their session until they sign up or log in,
when it moves to their user (`playground.signals`). Every read and write of owned data goes
through an `Owner`, so "nobody touches another person's design" is one `Q` object, not a check
repeated in each view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from playground import rate_limits

#: Session data key remembering which session key the anonymous learner's things are filed under.
#: Django cycles the session key on login, so the old key must survive inside the session data.
ANONYMOUS_OWNER_KEY = "playground_owner_session"


@dataclass(frozen=True)
class Owner:
    """A user (`user_id`) or an anonymous session (`session_key`); exactly one is set."""

    user_id: int | None = None
    session_key: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def q(self, *, user_field: str = "owner", session_field: str = "owner_session") -> Q:
        """The filter selecting rows this owner owns."""
        if self.user_id is not None:
            return Q(**{f"{user_field}_id": self.user_id})
        return Q(**{f"{user_field}__isnull": True, session_field: self.session_key})

    def fields(
        self, *, user_field: str = "owner", session_field: str = "owner_session"
    ) -> dict[str, Any]:
        """Model field values that file a new row under this owner."""
        if self.user_id is not None:
            return {f"{user_field}_id": self.user_id, session_field: ""}
        return {f"{user_field}_id": None, session_field: self.session_key}


def owner_for_request(request: Any, *, create: bool) -> Owner | None:
    """The owner behind an HTTP request (a Django or DRF request).

    A signed-in user owns by user. An anonymous learner owns by session key; with `create=True`
    a session is started (and its cookie sent) if the browser has none yet, within the
    per-address limit on new sessions ("session" in settings.THROTTLE_RATES: past it,
    `playground.rate_limits.RateLimited`, a 429 that tells the learner to keep the window they
    have open). Returns None for an anonymous request without a session when `create` is False:
    such a caller owns nothing.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Owner(user_id=user.pk)
    session = request.session
    if not session.session_key:
        if not create:
            return None
        rate_limits.take(request, ["session"])
        session.save()
    if create and session.get(ANONYMOUS_OWNER_KEY) != session.session_key:
        session[ANONYMOUS_OWNER_KEY] = (
            session.session_key
        )  # marks the session modified: cookie sent
    return Owner(session_key=session.session_key)


def owner_for_scope(scope: dict[str, Any]) -> Owner | None:
    """The owner behind a Channels websocket scope (after `AuthMiddlewareStack`), or None."""
    user = scope.get("user")
    if user is not None and user.is_authenticated:
        return Owner(user_id=user.pk)
    session = scope.get("session")
    key = getattr(session, "session_key", None)
    return Owner(session_key=key) if key else None
