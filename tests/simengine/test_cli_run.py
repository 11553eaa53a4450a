"""`python -m simengine run`: a JSON report, a readable summary, exit 2 for a bad design."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simengine.cli import main

ROOT = Path(__file__).resolve().parents[2]
THREE_TIER = str(Path(__file__).parent / "fixtures" / "three-tier.json")


def test_json_report_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", THREE_TIER, "--duration", "20", "--seed", "3", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["seed"] == 3 and rep["duration"] == 20
    assert (
        rep["requests"]["total"]
        == rep["requests"]["ok"] + rep["requests"]["failed"] + rep["requests"]["in_flight"]
    )


def test_readable_summary_names_totals_goals_cost_and_bottleneck(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["run", THREE_TIER, "--duration", "20"]) == 0
    out = capsys.readouterr().out
    for words in ("Requests:", "p99", "PASS", "Cost: $", "Bottleneck:", "web", "db"):
        assert words in out


def test_invalid_design_exits_2_with_problems_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    doc = json.loads(Path(THREE_TIER).read_text())
    doc["nodes"][2]["props"]["min"] = 9
    bad.write_text(json.dumps(doc))
    assert main(["run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "nodes[2].props" in err


def test_bad_duration_is_a_problem_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", THREE_TIER, "--duration", "-3"]) == 2
    assert "--duration" in capsys.readouterr().err


def test_module_entry_point_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "simengine", "run", THREE_TIER, "--duration", "5", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["duration"] == 5


@pytest.mark.slow
def test_a_run_over_its_limits_stops_with_a_clear_message_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(Path(THREE_TIER).read_text())
    doc["nodes"][0]["props"].update(rate=50_000, timeout_ms=300_000, retries=0)
    doc["nodes"][2]["props"]["queue_limit"] = 0  # nothing refused: the backlog only grows
    path = tmp_path / "flood.json"
    path.write_text(json.dumps(doc))
    assert main(["run", str(path), "--duration", "600", "--json"]) == 3
    captured = capsys.readouterr()
    assert "in flight" in captured.err and "run stopped" in captured.err
    assert json.loads(captured.out)["stopped"]


@pytest.mark.parametrize("as_json", [False, True])
def test_a_reader_that_stops_early_gets_no_traceback(as_json: bool) -> None:
    """`python -m simengine run X | head`: the reader is gone before the report is written."""
    args = [sys.executable, "-m", "simengine", "run", THREE_TIER, "--duration", "5"]
    proc = subprocess.Popen(
        args + (["--json"] if as_json else []),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # like `head` exiting early: nobody reads the pipe any more
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert err == ""
