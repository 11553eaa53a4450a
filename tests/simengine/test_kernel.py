"""The kernel runs simpy's schedule in its own loop and lets a walker sleep without an event:
the order of events must be exactly simpy's, or every run would change."""

from __future__ import annotations

import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st
from simpy.core import URGENT
from simpy.events import Event, Timeout

from simengine.kernel import Kernel
from simengine.walker import Walker


def _play(env: simpy.Environment, plan: list[tuple[int, list[int]]], steps: list[float]) -> list:
    """Processes sleeping the given delays (in tenths of a second, so ties happen), an URGENT
    event at each step boundary scheduled before the run reaches it, and the log of who woke
    when, with the clock after each `run(until=...)`."""
    log: list = []

    def sleeper(k: int, delays: list[int]):
        for d in delays:
            yield Timeout(env, d / 10.0)
            log.append((k, env.now))

    def starter(s: float):
        log.append(("started", s, env.now))
        yield Timeout(env, 0)

    def at_mark(s: float) -> None:
        log.append(("mark", s, env.now))
        env.process(starter(s))  # URGENT at the stop time, after the stop: the next run's

    for k, delays in plan:
        env.process(sleeper(k, delays))
    for step in steps:
        mark = Event(env)
        mark._ok, mark._value = True, None
        mark.callbacks.append(lambda _e, s=step: at_mark(s))
        env.schedule(mark, URGENT, step - env.now)
        env.run(until=step)
        log.append(("stop", env.now))
    return log


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 9), st.lists(st.integers(0, 6), max_size=6)), max_size=8),
    st.lists(st.integers(1, 6), min_size=1, max_size=4),
)
def test_the_kernel_processes_events_in_exactly_simpys_order(plan, gaps) -> None:
    steps, t = [], 0.0
    for g in gaps:
        t += g / 10.0
        steps.append(round(t, 1))
    assert _play(Kernel(), plan, steps) == _play(simpy.Environment(), plan, steps)


def test_a_walker_sleeping_on_floats_keeps_the_order_timeouts_had() -> None:
    """The same walk, once sleeping with Timeout events and once with floats, in the kernel,
    beside a process: the log is the same."""

    def walk(env: Kernel, log: list, floats: bool):
        def one(k: int, d: float):
            yield (d if floats else Timeout(env, d))
            log.append((k, env.now))

        def background():
            for _ in range(3):
                yield Timeout(env, 0.5)
                log.append(("bg", env.now))

        env.process(background())
        for k, d in enumerate([0.5, 0.25, 0.5, 1.0, 0.0]):
            Walker(env, one(k, d))
        env.run(until=2.0)
        return log

    assert walk(Kernel(), [], True) == walk(Kernel(), [], False)


def test_a_process_may_sleep_on_a_float_and_returns_its_value() -> None:
    env = Kernel()

    def inner():
        yield 0.25
        return "done"

    def outer():
        value = yield from inner()
        yield 0.5
        return value

    proc = env.process(outer())
    env.run(until=1.0)
    assert proc.value == "done"


def test_a_failed_event_is_thrown_into_a_process_through_the_float_adapter() -> None:
    env = Kernel()
    caught = []

    def waiter(ev):
        try:
            yield ev
        except ValueError as exc:
            caught.append(str(exc))
        yield 0.1
        caught.append(env.now)

    ev = Event(env)
    env.process(waiter(ev))
    env.run(until=0.5)
    ev.fail(ValueError("no"))
    env.run(until=1.0)
    assert caught == ["no", pytest.approx(0.6)]


def test_a_negative_sleep_is_refused() -> None:
    env = Kernel()

    def bad():
        yield -1.0

    with pytest.raises(ValueError, match="negative sleep"):
        Walker(env, bad())


def test_run_refuses_a_time_not_ahead() -> None:
    env = Kernel()
    env.run(until=1.0)
    with pytest.raises(ValueError, match="must be greater"):
        env.run(until=1.0)


def test_walkers_and_processes_waiting_in_one_line_are_handed_over_in_order() -> None:
    """A deque yielded is a line: walkers join it themselves, a process joins it through an
    event (the float adapter); `hand_over` lets each go in turn, at the time of the hand-over."""
    from collections import deque

    from simengine.walker import hand_over

    env, line, log = Kernel(), deque(), []

    def waiter(name: str):
        yield line
        log.append((name, env.now))

    Walker(env, waiter("walker 1"))
    env.process(waiter("process"))
    env.run(until=0.1)  # the process starts (its Initialize event) and joins after walker 1
    Walker(env, waiter("walker 2"))

    def server():
        for _ in range(3):
            yield 1.0
            hand_over(env, line.popleft())

    Walker(env, server())
    env.run(until=4.0)
    assert log == [("walker 1", 1.1), ("process", 2.1), ("walker 2", 3.1)]
