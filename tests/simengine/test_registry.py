"""`simengine.components.KINDS` is the one list of kinds: every check here runs over it, so a new
kind is covered the moment its registry line exists, and a scratch copy of simengine with one
throwaway module and one registry line shows that nothing else has to change."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simengine.catalogue import KINDS
from simengine.components import KINDS as KIND_CLASSES
from simengine.components import REGISTRY
from simengine.design import Node, Placement, frozen_map
from simengine.validation import parse_design
from simengine.validation_rules import node_problems

ROOT = Path(__file__).resolve().parents[2]
TESTS = Path(__file__).parent
PLACEMENT = {
    "global": {},
    "regional": {"region": "us-east-1"},
    "zonal": {"region": "us-east-1", "az": "us-east-1a"},
}
CLASSES = {cls.kind: cls for cls in KIND_CLASSES}


def alone(kind: str) -> dict:
    """A design with one node of `kind` and nothing else, every prop left to its default."""
    return {
        "format": 1,
        "name": f"one {kind}",
        "regions": [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
        "nodes": [{"id": "it", "kind": kind, "placement": PLACEMENT[KINDS[kind].scope]}],
        "edges": [],
        "run": {"duration": 5},
    }


def test_the_catalogue_and_the_engine_are_built_from_the_one_list() -> None:
    assert list(KINDS) == [cls.kind for cls in KIND_CLASSES] == list(REGISTRY)
    for kind, spec in KINDS.items():
        assert REGISTRY[kind].spec.props == spec.props  # the catalogue adds only the callers


@pytest.mark.parametrize("kind", list(CLASSES))
def test_every_kind_has_a_test_file_named_after_its_module(kind: str) -> None:
    module = CLASSES[kind].__module__.rsplit(".", 1)[-1]
    assert (TESTS / f"test_{module}.py").exists(), f"{kind} needs tests/simengine/test_{module}.py"


@pytest.mark.parametrize("kind", list(CLASSES))
def test_every_kind_alone_with_its_defaults_parses_keeps_its_own_rules_and_runs(kind: str) -> None:
    from simengine.simulation import Simulation

    design = parse_design(alone(kind))
    [node] = design.nodes
    assert set(node.props) == set(KINDS[kind].prop_names)  # every default filled
    assert list(node_problems(node)) == []
    report = Simulation(design).run_to_end()
    assert report["duration"] == 5


@pytest.mark.parametrize("kind", [k for k, spec in KINDS.items() if spec.rules])
def test_a_kinds_rules_look_only_at_its_props(kind: str) -> None:
    defaults = parse_design(alone(kind)).nodes[0].props
    node = Node("it", kind, Placement(), frozen_map(defaults))
    for rule in KINDS[kind].rules:
        for prop, message in rule(node):
            pytest.fail(f"{kind} defaults break {rule.__name__}: {prop} {message}")


PROBE = """
import json
from simengine.catalogue import KINDS, catalogue_json
from simengine.simulation import Simulation
from simengine.validation import parse_design
document = {
    "format": 1, "name": "ping", "regions": [{"id": "us-east-1", "azs": ["us-east-1a"]}],
    "nodes": [{"id": "p", "kind": "pinger", "props": {"interval_s": 0.5}},
              {"id": "x", "kind": "external", "props": {"latency_ms": 5}}],
    "edges": [{"id": "e1", "from": "p", "to": "x"}], "run": {"duration": 10},
}
report = Simulation(parse_design(document)).run_to_end()
palette = [k["kind"] for k in catalogue_json()["kinds"]]
print(json.dumps({"palette": palette, "external_inputs": list(KINDS["external"].inputs),
                  "calls": report["nodes"]["x"]["calls"]}))
"""


def test_a_new_kind_is_one_module_and_one_registry_line(tmp_path: Path) -> None:
    scratch = tmp_path / "simengine"
    shutil.copytree(ROOT / "simengine", scratch, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(TESTS / "fixtures" / "throwaway_kind" / "pinger.py", scratch / "components")
    registry = scratch / "components" / "__init__.py"
    text = registry.read_text()
    imported = "from simengine.components.external import External\n"
    assert imported in text and "    External,\n)" in text
    text = text.replace(imported, imported + "from simengine.components.pinger import Pinger\n")
    text = text.replace("    External,\n)", "    External,\n    Pinger,\n)")  # the registry line
    registry.write_text(text)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["palette"][-1] == "pinger"
    assert "pinger" in seen["external_inputs"]  # callers are derived: external was not edited
    assert 15 <= seen["calls"] <= 20  # the engine ran it: a ping every 0.5 s for 10 s
