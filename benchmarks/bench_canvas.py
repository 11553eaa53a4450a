"""Canvas frame cost in headless Chromium: panning a 200-node design, and applying live frames to it
(overlays painted straight onto the SVG, plus the charts). Target: under 16 ms of work a frame.

requestAnimationFrame intervals cannot show that target: they are quantised to the 60 Hz vsync
(a frame that fits shows as 16.7 ms, a missed one as 33 ms). So each measurement is recorded with
Chromium's tracing and read per main frame (a "frame" = one BeginMainFrame of the page):

- main: the page's main-thread CPU time since the previous frame, plus the frame itself (script,
  style, layout, paint, commit). Live updates arrive in their own timer tasks and count toward
  the next frame;
- raster: the CPU time the raster workers spent drawing that frame's tiles (software rendering:
  this is usually the largest part). Thread CPU time, not wall time: the machine is shared, and
  other jobs stretch wall time without making the page any slower;
- work = main + raster, as median, p95 and the share of frames over 16.7 ms;
- dropped: Chromium's own count of frames that did not reach the screen in time (PipelineReporter
  STATE_DROPPED, over every frame presented or dropped), the share of frames that missed vsync.

Panning moves the view every displayed frame (in design mode); live frames (every node and edge
changing) arrive 10 times a second in run mode. Both at zoom-to-fit and at 100%.

BENCH_CANVAS_BASELINE=<git rev> also measures the page's static/js and static/css as they were at
that revision (served to a second browser context through request interception), round by round
in alternating order, so baseline and candidate share the machine's load. BENCH_ROUNDS (default 3)
sets the rounds; figures are medians over all frames of all rounds.

Starts its own daphne on a free port with a temporary SQLite database, like the browser tests.
Asserts nothing about time.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.canvas_trace import CATEGORIES, pct, read_trace

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def big_design(n_nodes: int = 200, seed: int = 7) -> dict:
    """A made-up design of `n_nodes` components over one Region with three AZs."""
    rng = random.Random(seed)
    azs = ["us-east-1a", "us-east-1b", "us-east-1c"]
    nodes = [
        {"id": f"users{i}", "kind": "client", "placement": {}, "props": {"rate": 50}}
        for i in range(4)
    ]
    for i in range(n_nodes - len(nodes)):
        if i % 4 == 0:
            nodes.append(
                {"id": f"asg{i}", "kind": "asg", "placement": {"region": "us-east-1"}, "props": {}}
            )
        elif i % 4 == 1:
            nodes.append(
                {"id": f"q{i}", "kind": "sqs", "placement": {"region": "us-east-1"}, "props": {}}
            )
        else:
            nodes.append(
                {
                    "id": f"ec2-{i}",
                    "kind": "ec2",
                    "placement": {"region": "us-east-1", "az": azs[i % 3]},
                    "props": {},
                }
            )
    edges = []
    for i in range(1, len(nodes)):
        j = rng.randrange(0, i)
        edges.append(
            {"id": f"e{len(edges) + 1}", "from": nodes[j]["id"], "to": nodes[i]["id"], "props": {}}
        )
    return {
        "format": 1,
        "name": f"Benchmark: {n_nodes} components",
        "regions": [{"id": "us-east-1", "azs": azs}],
        "nodes": nodes,
        "edges": edges,
        "faults": [],
        "goals": [],
        "run": {"duration": 60, "seed": 1, "warmup": 0},
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "playground.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "playground.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/components/", timeout=2).read()
            return proc, base
        except Exception as exc:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("daphne did not start") from exc
            time.sleep(0.2)


def _static_from_git(rev: str):
    """A route handler that serves /static/js and /static/css as they were at `rev`."""

    def handle(route):
        path = urllib.parse.urlparse(route.request.url).path
        rel = path[len("/static/") :] if path.startswith("/static/") else ""
        if rel.startswith(("js/", "css/")):
            r = subprocess.run(
                ["git", "show", f"{rev}:static/{rel}"], cwd=ROOT, capture_output=True
            )
            if r.returncode == 0:
                kind = "text/css" if rel.endswith(".css") else "text/javascript"
                return route.fulfill(
                    status=200,
                    body=r.stdout,
                    headers={"Content-Type": kind, "Cache-Control": "no-store"},
                )
        return route.continue_()

    return handle


def page_script(name: str) -> str:
    """A function expression from canvas_page/, for Playwright's evaluate (leading comments off)."""
    lines = (ROOT / "benchmarks" / "canvas_page" / f"{name}.js").read_text().splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    return "\n".join(lines)


def _open(browser, base: str, doc: dict, rev: str | None):
    """A browser context of its own (its own session owns its copy of the design), design open."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    if rev:
        ctx.route("**/static/**", _static_from_git(rev))
    page = ctx.new_page()
    page.goto(f"{base}/")
    design = page.evaluate(page_script("create"), doc)
    page.goto(f"{base}/play/{design['id']}/")
    page.wait_for_selector("body[data-ready=true]", timeout=60000)
    page.evaluate(page_script("synth"))
    return page


def _measure(browser, pages: dict, variants: list, cases: list, rounds: int, ms: int):
    """Every case on every variant, round by round, alternating which variant goes first."""
    results = {(v, m, z): [] for v in variants for m, z in cases}
    scales = {}
    prepare, measure = page_script("prepare"), page_script("measure")
    for r in range(rounds):
        order = variants if r % 2 == 0 else variants[::-1]
        for mode, zoom in cases:
            for v in order:
                pg = pages[v]
                pg.bring_to_front()
                scales[(mode, zoom)] = pg.evaluate(prepare, [mode, zoom])
                tag = f"{v}-{mode}-{zoom}-{r}"
                browser.start_tracing(page=pg, categories=CATEGORIES)
                js = pg.evaluate(measure, [mode, ms, tag])
                fr = read_trace(browser.stop_tracing(), tag)
                fr["script"] = js["script"]
                fr["intervals"] = js["intervals"]
                results[(v, mode, zoom)].append(fr)
    return results, scales


def _line(name: str, runs: list, ms: int) -> str:
    """One variant's figures for one case, over all frames of all rounds."""

    def cat(key: str) -> list:
        return [x for run in runs for x in run[key]]

    work, intervals = cat("work"), cat("intervals")
    over = sum(1 for w in work if w > 16.7) / max(1, len(work))
    n_dropped = sum(run["dropped"] for run in runs)
    dropped = n_dropped / max(1, sum(run["dropped"] + run["shown"] for run in runs))
    per_round = " ".join(f"{pct(run['work'], 0.5):.1f}" for run in runs)
    slow_raf = sum(1 for x in intervals if x > 25) / max(1, len(intervals))
    return (
        f"     {name:20s} work/frame median {pct(work, 0.5):5.1f} ms  p95 {pct(work, 0.95):5.1f}"
        f" ms  p99 {pct(work, 0.99):5.1f} ms  max {max(work, default=float('nan')):5.1f} ms"
        f"  over 16.7 ms {over:5.1%}"
        f"  | main {pct(cat('main'), 0.5):4.1f} raster {pct(cat('raster'), 0.5):4.1f} (medians)"
        f"  | dropped {dropped:4.0%} ({n_dropped / (len(runs) * ms / 1000):.1f}/s)"
        f"  | script/update median {pct(cat('script'), 0.5):4.2f} ms"
        f"  | rAF interval median {pct(intervals, 0.5):4.1f} ms, over 25 ms {slow_raf:4.1%}"
        f"  | per-round medians {per_round}"
    )


LEGEND = (
    "   work = main-thread CPU time for the frame (and the tasks before it) + raster CPU time of"
    " its tiles;",
    "   dropped = frames Chromium reports as not shown in time, as a share of the frames it"
    " produced and per second",
    "   (wall clock: the machine's load counts here; a page that asks for fewer frames shows a"
    " larger share);",
    "   target: under 16.7 ms a frame (headless Chromium, software rendering, shared 2-core"
    " machine)",
)


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print("   skipped: /usr/bin/chromium is not installed")
        return
    baseline = os.environ.get("BENCH_CANVAS_BASELINE")
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    ms = int(os.environ.get("BENCH_CANVAS_MS", "2500"))
    doc = big_design()
    cases = [("pan", "fit"), ("live", "fit"), ("pan", 1.0), ("live", 1.0)]
    variants = ["baseline", "current"] if baseline else ["current"]
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = _start_server(Path(tmp))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                t0 = time.perf_counter()
                pages = {
                    v: _open(browser, base, doc, baseline if v == "baseline" else None)
                    for v in variants
                }
                print(
                    f"   a {len(doc['nodes'])}-node, {len(doc['edges'])}-edge design;"
                    f" {len(variants)} page(s) ready in {time.perf_counter() - t0:.2f} s"
                )
                results, scales = _measure(browser, pages, variants, cases, rounds, ms)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    for mode, zoom in cases:
        what = "panning" if mode == "pan" else "live 10 Hz"
        where = "zoom to fit" if zoom == "fit" else "100%"
        print(f"   {what}, {where} (scale {scales[(mode, zoom)]:.2f}):")
        for v in variants:
            name = f"{v} ({baseline})" if v == "baseline" else v
            print(_line(name, results[(v, mode, zoom)], ms))
    print("\n".join(LEGEND))


if __name__ == "__main__":
    main()
