"""The repository holds everything its code and tests read: a clone anywhere else must work.

The team's notes live beside the repository (`../shared`) for people to read; nothing here may
read them. This test fails on any tracked source file that names a path into them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"""(/work/shared|\.\./shared|/work/main|/work/\.library)""")
SOURCES = (".py", ".js", ".mjs", ".html", ".css", ".json", ".toml", ".cfg", ".ini", ".sh")


def _tracked() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    return [ROOT / n for n in names if n.endswith(SOURCES) or n in ("Makefile", ".ci/run")]


def test_no_tracked_file_reads_outside_the_repository():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _tracked()
        if path.is_file()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE.search(line) and path.name != "test_self_contained.py"
    ]
    assert not offenders, "files that reach outside the repository:\n" + "\n".join(offenders)


def test_the_check_sees_a_path_outside():
    assert OUTSIDE.search('json.loads(Path("/work/shared/examples/three-tier.json").read_text())')
    assert not OUTSIDE.search('ROOT / "tests" / "simengine" / "fixtures" / "three-tier.json"')
