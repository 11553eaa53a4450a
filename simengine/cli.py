"""The command line: `python -m simengine validate DESIGN.json`.

Each subcommand is a small function that takes the parsed arguments and returns the exit code;
`build_parser` registers them. Exit codes: 0 success, 1 stdout was closed before everything was
written (`... | head`; Python's advice: stop quietly), 2 an unreadable or invalid design (the
problems go to stderr, one "path: message" per line), 3 a run stopped at a run limit.
`verify` exits 0 when every goal passed, 1 when one failed or is not certain, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simengine.design import Design, DesignError, Problem
from simengine.validation import parse_design

EXIT_OK = 0
EXIT_BROKEN_PIPE = 1
EXIT_INVALID = 2


def build_parser() -> argparse.ArgumentParser:
    """The `simengine` parser; each subcommand sets `handler` (a function of the args)."""
    parser = argparse.ArgumentParser(
        prog="python -m simengine",
        description="Simulate AWS architecture designs (design documents, format 1).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="check a design document and list its problems")
    validate.add_argument("design", metavar="DESIGN.json", help="path to a design document")
    validate.set_defaults(handler=cmd_validate)
    run = commands.add_parser("run", help="simulate a design and report what happened")
    run.add_argument("design", metavar="DESIGN.json", help="path to a design document")
    run.add_argument(
        "--duration",
        type=float,
        metavar="S",
        help="simulated seconds (default: the design's run.duration)",
    )
    run.add_argument("--seed", type=int, metavar="N", help="random seed (default: run.seed)")
    run.add_argument("--json", action="store_true", help="print the report as JSON")
    run.set_defaults(handler=cmd_run)
    verify = commands.add_parser(
        "verify", help="run a design on many seeds and grade each goal over all of them"
    )
    verify.add_argument("design", metavar="DESIGN.json", help="path to a design document")
    verify.add_argument(
        "--seeds",
        type=int,
        default=20,
        metavar="N",
        help="at most N seeds, 1..N (default 20; it stops sooner once every verdict is certain)",
    )
    verify.add_argument("--json", action="store_true", help="print the verdict as JSON")
    verify.set_defaults(handler=cmd_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = args.handler(args)
        sys.stdout.flush()  # a reader gone early shows here at the latest, not at exit
    except BrokenPipeError:
        # The reader went away (`python -m simengine run X | head`): no traceback. Point stdout
        # at devnull so the interpreter's own flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return code


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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        design = load_design(args.design)
    except DesignError as error:
        return report_problems(error)
    print(
        f"ok: {design.name} ({_count(len(design.nodes), 'node')}, "
        f"{_count(len(design.edges), 'edge')})"
    )
    return EXIT_OK


EXIT_STOPPED = 3


def cmd_run(args: argparse.Namespace) -> int:
    """Run the design; print the report (JSON or a readable summary). A run that hits a run
    limit stops with the reason on stderr (exit 3) and still prints what it measured."""
    import dataclasses

    from simengine.simulation import RunLimitExceeded, Simulation
    from simengine.summary import render

    try:
        design = load_design(args.design)
        if args.duration is not None:
            if not args.duration > 0 or args.duration > 86_400:
                raise DesignError(
                    [
                        Problem(
                            "--duration", "must be more than 0 and at most 86,400 simulated seconds"
                        )
                    ]
                )
            warmup = min(design.run.warmup, args.duration / 2)
            design = dataclasses.replace(
                design, run=dataclasses.replace(design.run, duration=args.duration, warmup=warmup)
            )
        if args.seed is not None and args.seed < 0:
            raise DesignError([Problem("--seed", "must be 0 or more")])
        sim = Simulation(design, seed=args.seed)
    except DesignError as error:
        return report_problems(error)
    code = EXIT_OK
    try:
        sim.run_to_end()
    except RunLimitExceeded as exc:
        print(str(exc), file=sys.stderr)
        code = EXIT_STOPPED
    report = sim.report()
    if args.json:
        print(json.dumps(report, sort_keys=True))
    else:
        print(render(report))
    return code


EXIT_NOT_PASSED = 1


def cmd_verify(args: argparse.Namespace) -> int:
    """Grade the design over seeds (`simengine.verify`): a verdict per goal that no single
    lucky or unlucky seed decides. Progress goes to stderr when it is a terminal."""
    from simengine.verify import render, verify

    def progress(done: int, planned: int) -> None:
        print(f"\rseed {done} of {planned}", end="", file=sys.stderr, flush=True)

    try:
        document = read_json(args.design)
        shown = progress if sys.stderr.isatty() and not args.json else None
        result = verify(document, args.seeds, on_progress=shown)
    except DesignError as error:
        return report_problems(error)
    except ValueError as exc:
        print(f"{args.design}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if shown:
        print(file=sys.stderr)
    print(json.dumps(result, sort_keys=True) if args.json else render(result))
    return EXIT_OK if result["passed"] else EXIT_NOT_PASSED
