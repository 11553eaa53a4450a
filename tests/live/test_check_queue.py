"""A fair line for checks a class shares: with no check core free a check waits, first come
first served, and hears its place at once and at each change; a cancel or a closed socket takes
it out of the line and frees nothing else; bad input is still refused, and a full line refuses
"busy" (the learners and their played processes: `check_harness`)."""

from __future__ import annotations

import pytest

from playground.live import checks_queue, limits
from tests.live import check_harness
from tests.live.check_harness import process_made, queued_place

line = check_harness.line  # the fixture, where pytest finds it

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_a_waiting_check_hears_its_place_at_once_and_as_the_checks_ahead_end(line):
    learner, made = line
    a, b, c = await learner(), await learner(), await learner()
    await a.check()
    assert (await a.next())["type"] == "check_started"
    await b.check()
    first = await b.next()
    assert queued_place(first) == (1, 1) and first["id"] == "c", "next in line, one check running"
    await c.check()
    assert queued_place(await c.next()) == (2, 2)

    (await process_made(made, 1)).end()
    assert (await a.until("check_end"))[0]["reason"] == "completed"
    started = await b.next()
    assert started["type"] == "check_started" and started["workers"] == 1
    assert queued_place(await c.next()) == (1, 1), "told as soon as it moves up"

    await b.stop()  # a running check cancelled: its process goes, the next one starts
    assert (await b.until("check_end"))[0]["reason"] == "cancelled"
    assert made[1].killed
    assert (await c.next())["type"] == "check_started"
    made[2].end()
    await c.until("check_end")
    assert [p.service_ms for p in made] == [10, 11, 12], "first come, first served"
    assert a.quiet() and b.quiet() and c.quiet()
    assert not limits.admission().check_cores and not limits.admission().checks


async def test_a_check_cancelled_or_closed_while_waiting_leaves_and_frees_nothing_else(line):
    learner, made = line
    a, b, c, d = [await learner() for _ in range(4)]
    await a.check()
    await a.next()
    for who, place in ((b, 1), (c, 2), (d, 3)):
        await who.check()
        assert queued_place(await who.next()) == (place, place)

    await b.stop()
    cancelled = await b.next()
    assert cancelled["type"] == "check_end" and cancelled["reason"] == "cancelled"
    assert queued_place(await c.next()) == (1, 1) and queued_place(await d.next()) == (2, 2)
    await c.checks.close()  # the tab closes while it waits
    assert queued_place(await d.next()) == (1, 1)
    assert len(made) == 1 and not made[0].killed, "the running check goes on"
    assert len(limits.admission().check_cores) == 1, "its core is still its own"

    await b.check()  # free to check again: at the end of the line
    assert queued_place(await b.next()) == (2, 2)
    made[0].end()
    await a.until("check_end")
    assert (await d.next())["type"] == "check_started" and made[1].service_ms == 13
    assert queued_place(await b.next()) == (1, 1)
    made[1].end()
    assert (await b.until("check_started"))[1] == []
    made[2].end()
    await b.until("check_end")
    assert len(made) == 3, "nobody ran the check that left"
    assert c.quiet() and not limits.admission().checks


async def test_the_line_is_first_come_first_served(line):
    learner, made = line
    learners = [await learner() for _ in range(5)]
    for each in learners:
        await each.check()
    for n, each in enumerate(learners):
        process = await process_made(made, n + 1)
        assert process.service_ms == 10 + n, "the n-th check to come is the n-th to run"
        process.end()
        _, heard = await each.until("check_end")
        places = [queued_place(m) for m in heard if m["type"] == "check_queued"]
        assert places == [(p, p) for p in range(n, 0, -1)], "one place up as each ahead ends"
    assert all(each.quiet() for each in learners)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ({"type": "check", "seeds": 4}, "missing_field"),
        ({"type": "check", "design_id": "x", "seeds": 0}, "bad_field"),
        ({"type": "check", "design_id": "00000000-0000-0000-0000-000000000000"}, "not_found"),
    ],
)
async def test_bad_checks_are_refused_while_others_wait_and_never_join_the_line(
    line, message, code
):
    learner, made = line
    a, b, c = await learner(), await learner(), await learner()
    await a.check()
    await a.next()
    await b.check()
    await b.next()
    with pytest.raises(Exception) as refused:
        await c.checks.handle(message)
    assert refused.value.code == code
    assert len(checks_queue.line().waiting) == 1 and c.quiet()
    assert limits.owner_key(c.checks.owner) not in limits.admission().checks
    await b.stop()
    made[0].end()
    await a.until("check_end")


async def test_a_full_line_refuses_busy_and_holds_nothing(line, settings):
    settings.LIVE_CHECK_QUEUE_MAX = 1
    learner, made = line
    a, b, c = await learner(), await learner(), await learner()
    await a.check()
    await b.check()
    with pytest.raises(Exception) as refused:
        await c.check()
    assert refused.value.code == "busy" and "already waiting" in refused.value.message
    assert limits.owner_key(c.checks.owner) not in limits.admission().checks
    await b.stop()
    made[0].end()
    await a.until("check_end")
