"""What a `start` becomes before anything is held: the message checked, the document fetched (a
saved design, a share link's snapshot, or inline) and parsed once, the seed and the length
checked. The result, a `StartPlan`, is all the session needs to launch the run.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from playground.exceptions import NotFound
from playground.live import controls
from playground.live.protocol import BadMessage
from simengine.design import DesignError


@dataclass(frozen=True)
class StartPlan:
    """A run ready to launch. `design` is the parsed design (the worker runs it as it is);
    `document` is what was parsed (stored with the report, shown to viewers)."""

    document: dict[str, Any]
    design: Any
    design_id: Any
    seed: int
    speed: int | str
    share: bool

    @property
    def name(self) -> Any:
        return self.document.get("name")

    @property
    def duration(self) -> Any:
        """run.duration as the document says it (what `started` has always carried)."""
        run = self.document.get("run")
        return run.get("duration") if isinstance(run, dict) else None


async def prepare(message: dict[str, Any], *, owner, services) -> StartPlan:
    """The `start` message made a plan, or a BadMessage that says what is wrong."""
    if owner is None:
        raise BadMessage(
            "no_session",
            "No session: open the playground page first, so the run "
            "can be filed under your browser session or account.",
        )
    request = controls.start(message)
    try:
        document, design_id = await services.document_for_start(
            owner=owner,
            design_id=request.design_id,
            share_token=request.share_token,
            document=request.design,
        )
    except NotFound as exc:
        raise BadMessage("not_found", str(exc)) from None
    design = await asyncio.to_thread(_parsed, services, document)
    seed = controls.seed(design.run.seed if request.seed is controls.DESIGN_SEED else request.seed)
    if design.run.duration > settings.LIVE_MAX_SIMULATED_S:
        raise BadMessage(
            "too_long",
            f"run.duration is {design.run.duration:g} s; a live run may "
            f"simulate at most {settings.LIVE_MAX_SIMULATED_S:g} s.",
        )
    return StartPlan(document, design, design_id, seed, request.speed, request.share)


def _parsed(services, document: Any):
    try:
        return services.design_parsed(document=document)
    except DesignError as exc:
        raise BadMessage(
            "invalid_design",
            "The design has problems; fix them and run again.",
            problems=[p.to_dict() for p in exc.problems],
        ) from None
