"""The scale-out benchmark's arithmetic (benchmarks/scale_clients.py, scale_report.py): the
figures it prints are only as good as these. No server: records are made by hand."""

from __future__ import annotations

import pytest

from benchmarks.bench_scale_out import limits_env, servers
from benchmarks.scale_clients import Client, percentile, viewer_lags
from benchmarks.scale_report import server_log_errors


def _client(frames):
    client = Client("c")
    client.frames = list(frames)
    return client


def test_viewer_lag_is_the_wait_for_a_frame_with_that_seq_or_later():
    owner = _client([(10.0, 1), (10.1, 2), (10.2, 3), (10.3, 4)])
    # the viewer is coalesced: it gets seq 2 at 10.15 and seq 4 at 10.45 (3 was skipped)
    viewer = _client([(10.15, 2), (10.45, 4)])
    lags, missed = viewer_lags(owner, viewer, 10.0, 11.0)
    assert lags == pytest.approx([0.15, 0.05, 0.25, 0.15])
    assert missed == 0


def test_frames_a_viewer_never_caught_up_with_are_counted_not_hidden():
    owner = _client([(10.0, 1), (10.1, 2), (10.2, 3)])
    viewer = _client([(10.05, 1)])
    lags, missed = viewer_lags(owner, viewer, 10.0, 11.0)
    assert lags == pytest.approx([0.05]) and missed == 2


def test_viewer_lag_counts_only_owner_frames_inside_the_window():
    owner = _client([(9.9, 1), (10.0, 2), (11.0, 3)])
    viewer = _client([(10.0, 1), (10.2, 2), (11.1, 3)])
    lags, missed = viewer_lags(owner, viewer, 10.0, 11.0)
    assert lags == pytest.approx([0.2]) and missed == 0


def test_a_viewer_frame_out_of_order_does_not_count_as_older():
    # a later frame with a lower seq (cannot happen today) must not undo the one before
    owner = _client([(10.0, 5)])
    viewer = _client([(10.1, 6), (10.2, 4)])
    lags, _ = viewer_lags(owner, viewer, 10.0, 11.0)
    assert lags == pytest.approx([0.1])


def test_frames_per_second_leave_out_the_paused_spans():
    client = _client([(10.0 + i / 10, i) for i in range(100)])  # 10 a second for 10 s
    assert client.fps(10.0, 20.0) == pytest.approx(10.0)
    # paused 10.5-11.0 and (partly outside the window) 19.5-21: 2 s not played
    spans = [(10.5, 11.0), (19.5, 21.0), (30.0, 31.0)]
    assert client.fps(10.0, 20.0, spans) == pytest.approx(100 / 9.0)
    # overlapping spans (a pause acknowledged while the last resume was not) count once
    assert client.fps(10.0, 20.0, [(12.0, 14.0), (13.0, 15.0)]) == pytest.approx(100 / 7.0)


def test_percentile_is_nearest_rank_and_nan_for_nothing():
    values = list(range(1, 101))
    assert percentile(values, 0.5) == 51 and percentile(values, 0.99) == 99
    assert percentile(values, 1.0) == 100 and percentile([7], 0.99) == 7
    assert percentile([], 0.5) != percentile([], 0.5)  # NaN


def test_limits_are_raised_to_admit_the_whole_load_from_one_address():
    env = limits_env(60)
    assert env["LIVE_MAX_RUNS_TOTAL"] == env["LIVE_MAX_RUNS_PER_ADDRESS"] == "60"
    assert env["LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES"] == "0"
    cores = 2  # the seat budget by CPU (live.py): cores x 0.8 / per-run must hold 60
    assert cores * 0.8 / float(env["LIVE_CPU_PER_RUN"]) >= 60
    assert int(env["LIVE_MEMORY_BUDGET_MB"]) // 256 >= 60


def test_server_log_lines_that_report_trouble_are_found(tmp_path):
    (tmp_path / "a.log").write_text(
        '127.0.0.1:1 - - [x] "GET /api/csrf/" 200 80\n'
        "Application instance <Task> for connection <WebSocketProtocol> took too long to shut "
        "down and was killed.\n"
        '127.0.0.1:2 - - [x] "WSREJECT /ws/watch/t/" - -\n'
        '127.0.0.1:3 - - [x] "POST /api/designs/" 500 20\n'
    )
    (tmp_path / "b.log").write_text('127.0.0.1:1 - - [x] "POST /api/designs/" 201 1172\n')
    found = server_log_errors(tmp_path)
    assert len(found["a"]) == 3 and found["b"] == []


def test_an_unknown_topology_is_refused_by_name(tmp_path):
    with pytest.raises(ValueError, match="'clustered' is neither embedded nor scaled"):
        with servers("clustered", 3, str(tmp_path)):
            pass
