"""`make test`'s pytest steps (tests/run_suite.sh), with a stand-in for python that records what
it was asked and exits as told: a failure in either of the two processes fails the suite, "no
tests collected" (pytest's exit 5) is said and passes, the API runs again on PostgreSQL under
a unique name, and nothing under tests/ is left out of both processes."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "run_suite.sh"

FAKE_PYTHON = """#!/usr/bin/env bash
# records "<niceness> <DATABASE_URL or -> <args>" and exits as EXIT_<word> says for the first
# test path it was given (e2e, simengine, api, ...), else 0
echo "$(nice) ${DATABASE_URL:--} $*" >> "$CALLS"
printf '%s\n' "$@" > "$CALLS.argv"  # the last call's arguments, one a line
for arg in "$@"; do
  case "$arg" in
    tests/e2e) exit "${EXIT_SERVER:-0}";;
    tests) if [ -z "${DATABASE_URL:-}" ]; then exit "${EXIT_ENGINE:-0}"; fi;;
    tests/api) exit "${EXIT_POSTGRES:-0}";;
  esac
done
exit "${EXIT_OTHER:-0}"
"""


def run(tmp_path: Path, **env: str) -> tuple[int, str, list[str]]:
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    calls = tmp_path / "calls"
    calls.write_text("")
    full = {
        **os.environ,
        "PY": str(python),
        "CALLS": str(calls),
        "PYTEST_ARGS": "",
        "POSTGRES_API": "1",
        **env,
    }
    done = subprocess.run(
        ["bash", str(SCRIPT)], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60
    )
    return done.returncode, done.stdout + done.stderr, calls.read_text().splitlines()


def test_the_whole_suite_is_two_processes_the_second_niced_then_the_api_on_postgresql(tmp_path):
    code, out, calls = run(tmp_path)
    assert code == 0, out
    base = int(subprocess.run(["nice"], capture_output=True, text=True).stdout)
    server = next(c for c in calls if "tests/e2e" in c.split())
    engine = next(c for c in calls if " tests --ignore=" in c)
    postgres = next(c for c in calls if "tests/api --create-db" in c)
    assert server.split()[0] == str(base)
    assert engine.split()[0] == str(min(base + 10, 19))
    assert postgres.split()[0] == str(min(base + 10, 19))
    assert postgres.split()[1].startswith("postgresql://") and postgres.split()[1][-1].isdigit()
    assert "server tests: exit 0; engine, scenarios and API: exit 0" in out


def test_every_test_directory_runs_in_one_of_the_two_processes(tmp_path):
    _code, _out, calls = run(tmp_path)
    server = next(c for c in calls if "tests/e2e" in c.split()).split()
    engine = next(c for c in calls if " tests --ignore=" in c).split()
    ignored = {a.removeprefix("--ignore=") for a in engine if a.startswith("--ignore=")}
    served = {a for a in server if a.startswith("tests/")}
    assert ignored == served  # what the second leaves out, the first runs
    on_disk = {f"tests/{p.name}" for p in (ROOT / "tests").iterdir() if p.is_dir()}
    assert served <= on_disk, served - on_disk


@pytest.mark.parametrize(
    "env",
    [{"EXIT_SERVER": "1"}, {"EXIT_ENGINE": "1"}, {"EXIT_POSTGRES": "1"}, {"EXIT_ENGINE": "2"}],
)
def test_a_failure_in_either_process_fails_the_suite(tmp_path, env):
    code, out, _calls = run(tmp_path, **env)
    assert code != 0, out


def test_no_tests_collected_is_said_and_passes(tmp_path):
    code, out, _calls = run(tmp_path, EXIT_SERVER="5", EXIT_ENGINE="5", EXIT_POSTGRES="5")
    assert code == 0, out
    assert out.count("pytest collected no tests") == 3
    assert "0 passed, 0 failed" in out


def test_chosen_tests_run_alone_and_their_failure_or_emptiness_is_reported(tmp_path):
    code, out, calls = run(tmp_path, PYTEST_ARGS="tests/simengine -k alb", POSTGRES_API="0")
    assert code == 0, out
    assert [c.split(" ", 2)[2] for c in calls] == ["-m pytest tests/simengine -k alb"]
    run(tmp_path, PYTEST_ARGS='tests/api -k "a and not b"', POSTGRES_API="0")
    argv = (tmp_path / "calls.argv").read_text().splitlines()
    assert argv == ["-m", "pytest", "tests/api", "-k", "a and not b"], "quotes kept, as make's"
    code, out, _ = run(tmp_path, PYTEST_ARGS="tests/simengine", POSTGRES_API="0", EXIT_OTHER="5")
    assert code == 0 and "pytest collected no tests (the chosen tests)" in out
    code, out, _ = run(tmp_path, PYTEST_ARGS="tests/simengine", POSTGRES_API="0", EXIT_OTHER="1")
    assert code == 1, out
