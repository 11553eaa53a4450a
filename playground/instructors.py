"""Who may hand out assignments and author scenarios: staff, and users an admin has put in the
`instructor` group (made by migration 0006; grant it in the admin under Users)."""

from __future__ import annotations

from typing import Any

INSTRUCTOR_GROUP = "instructor"


def is_instructor(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return user.groups.filter(name=INSTRUCTOR_GROUP).exists()
