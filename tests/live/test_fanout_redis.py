"""Issue 16 against real Redis: one daphne process, 40 watched runs at once (short designs, 1 or
2 viewers each). Every viewer is greeted, gets frames and the end; every owner gets its end and
no socket closes 1011; the server's log has no MaxConnectionsError and no traceback. The owners
get 4 frames a second, not 10: the 2 cores are shared with the test's own 100 sockets, and the
viewers' rate (what the fan-out carries) is the watch interval's either way."""

from __future__ import annotations

import os

import pytest

from playground.live.testing import DaphneServer
from tests.live.fanout_load import load_env, watch_load
from tests.postgres import fresh_redis

pytestmark = [pytest.mark.live]

REDIS_URL = os.environ.get("LIVE_FANOUT_REDIS_URL", "redis://127.0.0.1:6379/11")
RUNS = 40
SETTINGS = "tests.live.fanout_settings"  # an engine that costs nothing: the fan-out is measured


async def test_forty_watched_runs_in_one_process_degrade_never_fail(tmp_path):
    fresh_redis(REDIS_URL)
    log_path = str(tmp_path / "daphne.log")
    env = load_env(REDIS_URL, RUNS, frame_interval_s=0.25)
    with DaphneServer(settings=SETTINGS, env=env, log_path=log_path) as server:
        seen = await watch_load(server, log_path, runs=RUNS, duration=15, timeout=45)
    viewers = seen["viewers"]
    assert len(viewers) == RUNS * 3 // 2
    assert seen["failures"] == {}, open(log_path).read()[-3000:]
    assert seen["owners_ended"] == RUNS, [o.kinds for o in seen["owners"] if "end" not in o.kinds]
    assert seen["owners_closed"] == []
    assert seen["viewers_greeted"] == len(viewers), [v.kinds for v in viewers]
    assert seen["viewers_with_frames"] == len(viewers), [v.kinds for v in viewers]
    assert seen["viewers_ended"] == len(viewers), [(v.kinds, v.errors) for v in viewers]
