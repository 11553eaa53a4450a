"""The front end's pure model and commands, tested with node --test (so `make test` covers them)."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_node_unit_tests_pass():
    node = shutil.which("node")
    assert node is not None, "node is not installed (`make test` needs it for npm ci too)"
    res = subprocess.run(
        [node, "--test", "static/js/tests/"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    assert "# fail 0" in res.stdout
    assert int(res.stdout.split("# pass ")[1].split()[0]) >= 30, "the JS tests ran"
