"""Logs as local files or as a stream (simengine/components/logs.py): which log lines a learner
loses when the group terminates an instance, or when one stops abruptly, and what streaming
costs."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sim_helpers import PATIENT, doc, node, run, sim

from simengine.components.logs import FLUSH_S, LINE_BYTES, LogBook
from simengine.pricing import USAGE_PRICES


def line_holder(launched: float = 0.0) -> SimpleNamespace:
    """The part of an instance a log book reads and writes."""
    return SimpleNamespace(
        launched=launched, alive=True, log_kept=0, log_buffer=0, log_flush_at=launched + FLUSH_S
    )


def test_an_abrupt_stop_loses_only_the_lines_written_since_the_last_flush():
    book = LogBook()
    book.mode = "stream"
    inst = line_holder(launched=2.0)  # flushes at 7, 12, 17 ...
    for t in (3.0, 4.0, 6.9):
        book.wrote(inst, t)  # shipped by the flush at 7
    for t in (7.0, 8.0, 11.0):
        book.wrote(inst, t)  # still buffered at 11.5 (the next flush is at 12)
    book.crashed(inst, 11.5)
    assert book.lost == 3  # a book that never flushed would say 6; one that flushed each line, 0
    assert book.shipped == 6


def test_a_crash_just_after_a_flush_loses_nothing_and_a_clean_termination_flushes():
    book = LogBook()
    book.mode = "stream"
    inst = line_holder()
    book.wrote(inst, 1.0)
    book.crashed(inst, 5.0)  # the flush at 5 s came first
    assert book.lost == 0
    other = line_holder()
    book.wrote(other, 1.0)
    book.terminated(other, 2.0)  # drained, then shut down: the agent sends what it holds
    book.crashed(other, 2.0)
    assert book.lost == 0


def test_local_files_are_lost_with_the_disk_at_termination_not_at_a_crash():
    book = LogBook()
    book.mode = "local"
    inst = line_holder()
    for t in range(1, 11):
        book.wrote(inst, float(t))
    book.crashed(inst, 20.0)
    assert book.lost == 0  # the disk survives a crash
    inst.alive = False
    book.terminated(inst, 80.0)
    assert book.lost == 10
    book.terminated(inst, 90.0)  # counted once
    assert book.lost == 10


def shrinking_group(logs: str, **faults) -> dict:
    """Users -> ALB -> a group of 4 that a scheduled action shrinks to 2 at 60 s."""
    return doc(
        [
            node("users", "client", rate=80, pattern="constant", **PATIENT),
            node("lb", "alb", deregistration_delay_s=5),
            node(
                "web",
                "asg",
                min=2,
                max=4,
                desired=4,
                service_ms=5,
                policy="scheduled",
                scheduled_at_s=60,
                scheduled_desired=2,
                logs=logs,
            ),
        ],
        [("users", "lb"), ("lb", "web")],
        duration=120,
        **faults,
    )


def test_scale_in_loses_every_line_on_the_terminated_instances_disks_unless_streamed():
    s = sim(shrinking_group("local"))
    started = list(s.components["web"].instances)  # the group forgets those it terminated
    report = s.run_to_end()
    gone = [i for i in started if i.state == "terminated"]
    assert len(gone) == 2
    assert (
        report["nodes"]["web"]["logs_lost"] == sum(i.served for i in gone) > 2 * 60 * 80 / 4 * 0.8
    )
    streamed = run(shrinking_group("stream"))
    assert streamed["nodes"]["web"]["logs_lost"] == 0  # drained and shut down cleanly


def test_a_crash_the_group_replaces_costs_all_its_lines_locally_and_seconds_of_them_streamed():
    crash = {"faults": [{"at": 42, "kind": "instance_crash", "target": "web", "duration": None}]}
    local = run(shrinking_group("local", **crash))["nodes"]["web"]["logs_lost"]
    streamed = run(shrinking_group("stream", **crash))["nodes"]["web"]["logs_lost"]
    per_instance_s = 80 / 4
    # the crashed instance is the first the scale-in at 60 s terminates, then one more
    assert local > (42 + 60) * per_instance_s * 0.8
    # the crash at 42 s: lines since the flush at 40 s (about 2 s of one instance's)
    assert 0 < streamed <= FLUSH_S * per_instance_s * 2


def test_a_lone_instance_that_crashes_and_comes_back_keeps_its_log_files():
    design = doc(
        [node("users", "client", rate=20, **PATIENT), node("app", "ec2", service_ms=5)],
        [("users", "app")],
        faults=[{"at": 20, "kind": "instance_crash", "target": "app", "duration": 10}],
    )
    assert run(design)["nodes"]["app"]["logs_lost"] == 0


def test_streaming_pays_cloudwatch_logs_ingestion_for_every_line_and_local_files_nothing():
    streamed = sim(shrinking_group("stream"))
    started = list(streamed.components["web"].instances)  # it launches none
    streamed.run_to_end()
    book = streamed.components["web"].logbook
    served = sum(i.served for i in started)
    assert book.shipped == served > 0
    price = USAGE_PRICES["cloudwatch_logs_per_gb_ingested"]
    assert streamed.components["web"].usage_cost() == pytest.approx(
        served * LINE_BYTES / 1e9 * price
    )
    local = sim(shrinking_group("local"))
    local.run_to_end()
    assert local.components["web"].usage_cost() == 0.0


def test_a_logs_lost_goal_reads_the_group_and_the_whole_design():
    design = shrinking_group("local")
    design["goals"] = [
        {"metric": "logs_lost", "scope": "web", "op": "<=", "value": 0},
        {"metric": "logs_lost", "scope": None, "op": "<=", "value": 0},
    ]
    goals = run(design)["goals"]
    assert [g["passed"] for g in goals] == [False, False]
    assert goals[0]["actual"] == goals[1]["actual"] > 0
    design["nodes"][2]["props"]["logs"] = "stream"
    assert [g["passed"] for g in run(design)["goals"]] == [True, True]
