"""`python -m simengine verify`: a verdict per goal over seeds; exit 0 pass, 1 fail or not
certain, 2 bad input. The design is test_verify's one server (p95 about 89 ms a seed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simengine import verify as verify_module
from simengine.cli import main
from tests.simengine.test_verify import EDGE_MS, SERVER, server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process: the worker pool is tested once, end to end, below."""
    monkeypatch.setattr(verify_module, "usable_cores", lambda: 1)


def saved(tmp_path: Path, doc: Any, name: str = "design.json") -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return str(path)


def test_a_passing_design_exits_0_with_one_line_per_goal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", saved(tmp_path, server(200, error_rate=0.01))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "One server: graded on seeds 1-4 (stopped early: every verdict is certain)"
    assert out[1].split()[0] == "PASS" and "p95 latency (users) <= 200 ms: met on 4 of 4" in out[1]
    assert "Error rate (overall) <= 1%: met on 4 of 4 seeds; 95% interval 0% to 0%" in out[2]
    assert out[-1] == "Verdict: PASS, every goal met whatever the seed"


def test_a_failing_design_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", saved(tmp_path, server(40)), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["seeds"] == 4 and not result["passed"] and result["goals"][0]["certain"]


def test_an_uncertain_design_exits_1_and_says_it_needs_more_seeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", saved(tmp_path, server(EDGE_MS)), "--seeds", "8"]) == 1
    out = capsys.readouterr().out
    assert "graded on seeds 1-8 (the cap)" in out
    assert "NOT CERTAIN" in out and out.count("needs more seeds") == 1
    assert "Verdict: NOT PASSED (0 failed, 1 not certain)" in out


@pytest.mark.parametrize(
    ("content", "args", "words"),
    [
        ("{not json", [], "is not valid JSON (Expecting property name"),
        (SERVER, [], "the design has no goals to verify"),
        (server(200, rate=-5), [], "nodes[0].props.rate"),
        (server(200), ["--seeds", "1"], "seeds must be 2 to 100"),
        (server(200), ["--seeds", "101"], "seeds must be 2 to 100"),
    ],
)
def test_bad_input_exits_2_with_the_reason_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, args: list[str], words: str
) -> None:
    assert main(["verify", saved(tmp_path, content), *args]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.out == ""


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path / "nowhere.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_the_module_entry_point_runs_seeds_in_worker_processes(tmp_path: Path) -> None:
    path = saved(tmp_path, server(40))
    out = subprocess.run(
        [sys.executable, "-m", "simengine", "verify", path, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout)["goals"][0]["verdict"] == "fail"
