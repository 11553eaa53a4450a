"""The classroom's writes, passed on to the class view (issue 14).

Receivers of `classroom_signals.enrollment_created` and `submission_created` (connected in
`PlaygroundConfig.ready`, so every process that writes announces): each sends the row's id to
the channel-layer group of its assignment, `class_group(assignment_id)`, where the instructor's
class sockets (`live.classroom.ClassConsumer`) listen. The signals fire in sync code after the
commit (a request's thread), hence `async_to_sync(group_send)`.

Bounded, so a class view never makes a student's write wait: the message is a few ids (the
socket reads the row itself), a group send only hands it to the layer (the in-memory layer's
queue, or one Redis round trip) and never waits for a socket. It goes through this process's
`fanout` (at most LIVE_FANOUT_IN_FLIGHT layer calls at once, each given up after
LIVE_FANOUT_TIMEOUT_S), and a failure is counted, never raised: one log line per burst
(`CALLS`); the write has committed either way, and the instructor's next page load shows it.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from playground.classroom_signals import enrollment_created, submission_created
from playground.live.fanout import BurstLog, fanout

CALLS = BurstLog("class view", "announcements", "the instructor's next page load shows them")


def class_group(assignment_id: int) -> str:
    return f"class.{int(assignment_id)}"


async def _send(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is not None:
        await fanout(layer).call(CALLS, layer.group_send, group, message)


def announce(*, assignment_id: int, message: dict[str, Any]) -> None:
    """Hand `message` to the assignment's class sockets; never raises."""
    try:
        async_to_sync(_send)(class_group(assignment_id), message)
    except Exception as exc:  # no event loop to run it on, say
        CALLS.failed(exc)


def on_enrollment(sender: Any, *, assignment_id: int, enrollment_id: int, **kwargs: Any) -> None:
    announce(
        assignment_id=assignment_id,
        message={"type": "class.joined", "enrollment_id": int(enrollment_id)},
    )


def on_submission(sender: Any, *, assignment_id: int, submission_id: Any, **kwargs: Any) -> None:
    announce(
        assignment_id=assignment_id,
        message={"type": "class.submitted", "submission_id": str(submission_id)},
    )


def connect() -> None:
    enrollment_created.connect(on_enrollment, dispatch_uid="class-view-joined")
    submission_created.connect(on_submission, dispatch_uid="class-view-submitted")
