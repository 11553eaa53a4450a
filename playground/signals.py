"""An anonymous learner who signs up or logs in keeps what they made.

Django cycles the session key on login (`login()` calls `cycle_key()` before `user_logged_in`
fires), so the key the designs are filed under is gone by then. `owner_for_request` therefore
records it inside the session data (`ANONYMOUS_OWNER_KEY`), which `cycle_key()` carries over.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from playground.owners import ANONYMOUS_OWNER_KEY
from playground.services import owned_things_adopt

logger = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="playground-adopt-anonymous-designs")
def adopt_anonymous_designs(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Move the session's designs, links and runs to the user who just logged in."""
    session = getattr(request, "session", None)
    if session is None:
        return
    old_key = session.pop(ANONYMOUS_OWNER_KEY, None)
    if old_key:
        moved = owned_things_adopt(session_key=old_key, user_id=user.pk)
        logger.info("moved %d anonymous design(s) to user %s", moved, user.pk)
