"""The live class view's socket, /ws/class/<code>/: the instructor only; the current results on
connect, then an update per join and per submission, made through the ORM and the classroom's
signals as the classroom's services make them (after commit)."""

from __future__ import annotations

import asyncio
import os

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from playground.asgi import application
from playground.live import classroom
from tests.api import class_rows as rows
from tests.live.conftest import HOST, ORIGIN, Client

pytestmark = [pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def cookie_of(user: User | None) -> str | None:
    if user is None:
        return None
    http = HttpClient()
    http.force_login(user)
    return http.cookies["sessionid"].value


@database_sync_to_async
def make_class():
    teacher = rows.instructor()
    return teacher, rows.assignment(teacher)


async def connect(code: str, user: User | None) -> Client:
    return await Client(f"/ws/class/{code}/", await cookie_of(user)).connect()


async def test_the_instructor_gets_the_results_then_each_join_and_submission():
    teacher, lab = await make_class()
    await database_sync_to_async(rows.join)(lab, "early")
    view = await connect(lab.code, teacher)
    try:
        first = await view.recv()
        assert first["type"] == "results" and first["joined"] == 1 and first["submitted"] == 0
        assert [s["display_name"] for s in first["students"]] == ["early"]
        assert first["goals"][0]["unit"] == "ms"

        zoe = await database_sync_to_async(rows.join)(lab, "Zoe")
        joined = await view.recv()
        assert joined["type"] == "update" and (joined["joined"], joined["submitted"]) == (2, 0)
        assert [s["display_name"] for s in joined["students"]] == ["Zoe"]
        assert joined["students"][0]["latest"] is None

        sub = await database_sync_to_async(rows.submit)(zoe, (120.0, True), (0.5, False))
        submitted = await view.recv()
        line = submitted["students"][0]
        assert (submitted["joined"], submitted["submitted"]) == (2, 1)
        assert line["latest"]["id"] == str(sub.pk) and line["latest"]["goals_passed"] == 1
        assert [g["passed"] for g in line["latest"]["goals"]] == [True, False]
        assert line["latest"]["created"].endswith("Z")
    finally:
        await view.close()


async def test_another_class_is_not_heard():
    teacher, lab = await make_class()
    other_teacher = await database_sync_to_async(rows.instructor)("other")
    other = await database_sync_to_async(rows.assignment)(other_teacher)
    view = await connect(lab.code, teacher)
    try:
        await view.recv()
        await database_sync_to_async(rows.join)(other, "elsewhere")
        mine = await database_sync_to_async(rows.join)(lab, "mine")
        update = await view.recv()
        assert [s["enrollment_id"] for s in update["students"]] == [mine.pk]
    finally:
        await view.close()


@pytest.mark.parametrize("who", ["anonymous", "student", "other instructor"])
async def test_anyone_but_the_instructor_is_refused_with_a_reason(who):
    teacher, lab = await make_class()
    user = {
        "anonymous": None,
        "student": await database_sync_to_async(User.objects.create_user)("s", password="x"),
        "other instructor": await database_sync_to_async(rows.instructor)("t2"),
    }[who]
    client = await connect(lab.code, user)
    error = await client.recv()
    assert error == {
        "type": "error",
        "code": "forbidden",
        "message": error["message"],
        "final": True,
    }
    assert "instructor" in error["message"]
    closed = await client.comm.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4403}
    await database_sync_to_async(rows.join)(lab, "unseen")
    assert await client.comm.receive_nothing(timeout=0.3)


async def test_an_unknown_code_is_refused_as_not_found():
    teacher, _ = await make_class()
    client = await connect("NOPE22", teacher)
    error = await client.recv()
    assert error["code"] == "not_found" and error["final"] is True
    assert (await client.comm.receive_output(timeout=2))["code"] == 4404


async def test_a_bad_path_is_not_routed():
    comm = WebsocketCommunicator(application, "/ws/class/../", headers=[ORIGIN, HOST])
    with pytest.raises(ValueError):  # no route: Channels' URLRouter refuses it
        await comm.connect()


async def test_what_the_instructor_sends_is_refused_and_the_socket_stays_open():
    teacher, lab = await make_class()
    view = await connect(lab.code, teacher)
    try:
        await view.recv()
        await view.send({"type": "start"})
        assert (await view.recv())["code"] == "read_only"
        await view.send("not json")
        assert (await view.recv())["code"] == "bad_json"
        await database_sync_to_async(rows.join)(lab, "still here")
        assert (await view.recv())["type"] == "update"
    finally:
        await view.close()


async def test_a_slow_socket_gathers_changes_into_one_update(monkeypatch):
    """While the send buffer is full nothing is sent and the writes do not wait; once it drains,
    one update carries every student who changed, as they are then."""
    teacher, lab = await make_class()
    view = await connect(lab.code, teacher)
    try:
        await view.recv()
        slow = {"on": True}
        monkeypatch.setattr(classroom.ClassConsumer, "_slow", lambda self: slow["on"])
        started = asyncio.get_running_loop().time()
        names = [f"s{i:02d}" for i in range(12)]
        for name in names:
            await database_sync_to_async(rows.join)(lab, name)
        assert asyncio.get_running_loop().time() - started < 5, "the writes did not wait"
        assert await view.comm.receive_nothing(timeout=0.3)
        slow["on"] = False
        update = await view.recv()
        assert sorted(s["display_name"] for s in update["students"]) == names
        assert update["joined"] == 12
        assert await view.comm.receive_nothing(timeout=0.3)
    finally:
        await view.close()


async def test_a_failing_channel_layer_never_fails_the_write(monkeypatch, caplog):
    from playground.live import class_fanout

    teacher, lab = await make_class()

    class Broken:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(class_fanout, "get_channel_layer", lambda: Broken())
    enrollment = await database_sync_to_async(rows.join)(lab, "fine")
    assert enrollment.pk
    class_fanout.CALLS.flush()  # the burst's one line, without waiting for its window to end
    assert (
        "class view: 1 announcements failed in the last 5 s (1 ConnectionError: redis is down)"
        in caplog.text
    )


REDIS_URL = os.environ.get("LIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


async def test_updates_cross_processes_through_redis(settings):
    """With REDIS_URL (channels_redis), as with the in-memory layer of `make run`."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).flushdb()
    except redis.RedisError:
        pytest.fail(f"Redis is needed for this test and is not reachable at {REDIS_URL}")
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 10}]},
        }
    }
    from channels.layers import get_channel_layer

    assert type(get_channel_layer()).__name__ == "RedisChannelLayer"
    teacher, lab = await make_class()
    view = await connect(lab.code, teacher)
    try:
        assert (await view.recv())["type"] == "results"
        zoe = await database_sync_to_async(rows.join)(lab, "zoe")
        assert (await view.recv())["students"][0]["display_name"] == "zoe"
        await database_sync_to_async(rows.submit)(zoe, (1.0, True), (0.0, True))
        update = await view.recv()
        assert update["students"][0]["latest"]["goals_passed"] == 2
    finally:
        await view.close()
