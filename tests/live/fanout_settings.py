"""The test settings with an engine that costs next to nothing (`IdleSimulation`): for the
watch-along load (tests/live/test_fanout_redis.py), whose subject is the channel layer's traffic,
not the engine's CPU, on 2 cores shared with the test's own sockets."""

from playground.settings.test import *  # noqa: F403

LIVE_ENGINE = "tests.live.fake_engine:IdleSimulation"
