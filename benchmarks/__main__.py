"""Run every benchmark module and print its figures.

Each module in this package with a `main() -> None` is a benchmark; they run in name order.
Set BENCH_ONLY=engine (a comma-separated list of module names) to run only some.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    only = {n for n in os.environ.get("BENCH_ONLY", "").split(",") if n}
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
    failures = 0
    for name in names:
        if only and name not in only:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        if not hasattr(module, "main"):
            continue
        print(f"== {name}", flush=True)
        t0 = time.perf_counter()
        try:
            module.main()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            failures += 1
            print(f"   {name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"   ({time.perf_counter() - t0:.1f} s wall)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
