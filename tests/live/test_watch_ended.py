"""A viewer who opens the link of a run that ended without a report (its server died, its owner
left) is told so at once, with a final error `ended`, instead of waiting for a player that will
never answer (a run still playing is waited for as before: test_sources_and_watch.py)."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async

from playground.live import watch_links
from playground.owners import Owner

pytestmark = [pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def _link(*, ended: bool) -> str:
    run_id = str(uuid.uuid4())
    made = watch_links.watch_link_open(run_id=run_id, owner=Owner(session_key="x"))
    if ended:
        watch_links.watch_link_ended(run_id=run_id)
    return made["token"]


async def test_a_link_whose_run_ended_without_a_report_says_so(clients):
    viewer = await clients(f"/ws/watch/{await _link(ended=True)}/")
    told = await viewer.recv()
    assert told["type"] == "error" and told["code"] == "ended" and told["final"] is True
    assert told["message"] == watch_links.ENDED_WITHOUT_REPORT
