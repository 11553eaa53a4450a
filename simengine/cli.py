"""The command line: `python -m simengine validate DESIGN.json`.

Each subcommand is a small function that takes the parsed arguments and returns the exit code;
`build_parser` registers them. Exit codes: 0 success, 2 an unreadable or invalid design (the
problems go to stderr, one "path: message" per line).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from simengine.design import Design, DesignError, Problem
from simengine.validation import parse_design

EXIT_OK = 0
EXIT_INVALID = 2


def build_parser() -> argparse.ArgumentParser:
    """The `simengine` parser; each subcommand sets `handler` (a function of the args)."""
    parser = argparse.ArgumentParser(
        prog="python -m simengine",
        description="Simulate AWS architecture designs (design documents, format 1).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check a design document and list its problems")
    validate.add_argument("design", metavar="DESIGN.json", help="path to a design document")
    validate.set_defaults(handler=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


def load_design(path: str) -> Design:
    """Read and parse a design file; every way it can fail is a `DesignError`."""
    return parse_design(read_json(path))


def read_json(path: str) -> Any:
    """The JSON value in a file, or a `DesignError` saying plainly why it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DesignError([Problem("", f"cannot read {path}: {_reason(exc)}")]) from exc
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise DesignError([Problem("", f"{path} is nested too deeply to read")]) from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        message = f"{path} is not valid JSON ({exc.msg} at {where})"
        raise DesignError([Problem("", message)]) from exc


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return str(exc)


def report_problems(error: DesignError) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    return EXIT_INVALID


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        design = load_design(args.design)
    except DesignError as error:
        return report_problems(error)
    print(f"ok: {design.name} ({len(design.nodes)} nodes, {len(design.edges)} edges)")
    return EXIT_OK
