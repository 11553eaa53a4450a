"""`python -m simengine validate` as a learner (or a CI script) runs it in a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from design_samples import FIXTURES, web_app

ROOT = Path(__file__).resolve().parents[2]


def simengine(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simengine", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(tmp_path: Path, document: object, name: str = "design.json") -> str:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return str(path)


def test_a_valid_design_says_ok_with_its_size():
    result = simengine("validate", str(FIXTURES / "three-tier.json"))
    assert result.returncode == 0
    assert result.stdout == "ok: Three-tier web app (the benchmark reference) (4 nodes, 3 edges)\n"
    assert result.stderr == ""


def test_one_node_or_edge_is_counted_in_the_singular(tmp_path):
    doc = json.loads((FIXTURES / "three-tier.json").read_text())
    doc["goals"] = []
    doc["nodes"], doc["edges"] = doc["nodes"][:2], doc["edges"][:1]  # users -> lb
    assert simengine("validate", write(tmp_path, doc)).stdout.endswith("(2 nodes, 1 edge)\n")
    doc["nodes"], doc["edges"] = [n for n in doc["nodes"] if n["id"] == "lb"], []
    assert simengine("validate", write(tmp_path, doc)).stdout.endswith("(1 node, 0 edges)\n")


def test_an_invalid_design_lists_every_problem_on_stderr(tmp_path):
    doc = web_app()
    doc["nodes"][2]["props"]["max"] = 1
    doc["edges"][2]["to"] = "dbb"
    result = simengine("validate", write(tmp_path, doc))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "nodes[2].props.max: must be at least min (2)" in lines
    assert 'edges[2].to: there is no node "dbb" (did you mean "db"?)' in lines


def test_a_missing_file_is_explained(tmp_path):
    result = simengine("validate", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr and "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_json_is_explained_with_its_position(tmp_path):
    result = simengine("validate", write(tmp_path, '{"format": 1,\n  "nodes": [}'))
    assert result.returncode == 2
    assert "is not valid JSON" in result.stderr and "line 2" in result.stderr


def test_a_file_that_is_not_text_is_explained(tmp_path):
    path = tmp_path / "design.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = simengine("validate", str(path))
    assert result.returncode == 2 and "not UTF-8" in result.stderr


def test_deeply_nested_json_is_explained_not_a_crash(tmp_path):
    result = simengine("validate", write(tmp_path, "[" * 100_000 + "]" * 100_000))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_without_a_command_it_shows_usage():
    result = simengine()
    assert result.returncode == 2 and "usage:" in result.stderr
