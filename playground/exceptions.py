"""Domain errors raised by services and selectors; `playground.api.errors` turns each into the
API's one error shape. (A missing or foreign object is the model's own `DoesNotExist`: 404.)"""

from __future__ import annotations

from simengine.design import Problem


class InvalidInput(Exception):
    """The request cannot be carried out as asked; `problems` say where and why (400)."""

    def __init__(self, detail: str, problems: list[Problem] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.problems = list(problems or [])


class NotFound(Exception):
    """What a live start named does not exist, or is not the learner's to run."""


class Forbidden(Exception):
    """The caller may not do this (403); the message says who may."""


class VersionConflict(Exception):
    """An update named a version that is no longer current: someone saved in between (409)."""

    def __init__(self, *, current_version: int, detail: str | None = None):
        super().__init__(
            detail
            or f"Someone saved this design after you read it (it is now at version "
            f"{current_version}): nothing changed. Re-read it and save again."
        )
        self.current_version = current_version
