"""simengine is a pure Python package: importing any of its modules must not pull in Django or
the playground app (STYLE.md: dependencies run one way). New modules are found by walking the
package, so they are covered without editing this test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "simengine"

FORBIDDEN = ("django", "playground", "rest_framework", "channels")
PROBE = f"""
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))
"""


def simengine_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__":
            continue  # running it runs the CLI
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_the_walk_finds_the_modules():
    modules = simengine_modules()
    expected = {"simengine", "simengine.catalogue", "simengine.validation", "simengine.cli"}
    assert expected <= set(modules)


def test_importing_simengine_never_imports_django_or_playground():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}  # no DJANGO_SETTINGS_MODULE either
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *simengine_modules()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
