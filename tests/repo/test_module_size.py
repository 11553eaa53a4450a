"""Small modules, as STYLE.md asks: no tracked Python or JavaScript module past 350 lines.

A module that grows past it is two modules waiting to be split; this test names it so the split
happens when the module is touched, not years later.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 350


def _modules() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files", "*.py", "*.js"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    return [ROOT / n for n in names if not n.startswith("playground/migrations/")]


def _too_long(paths: list[Path], limit: int) -> list[str]:
    lines = {p: len(p.read_text().splitlines()) for p in paths if p.is_file()}
    return [f"{_name(p)}: {n} lines" for p, n in sorted(lines.items()) if n > limit]


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def test_every_module_is_under_the_limit():
    offenders = _too_long(_modules(), MAX_LINES)
    assert not offenders, f"modules past {MAX_LINES} lines:\n" + "\n".join(offenders)


def test_the_check_sees_a_long_module(tmp_path):
    long, short = tmp_path / "long.py", tmp_path / "short.js"
    long.write_text("x = 1\n" * (MAX_LINES + 1))
    short.write_text("let x = 1;\n" * MAX_LINES)
    assert _too_long([long, short], MAX_LINES) == ["long.py: 351 lines"]
