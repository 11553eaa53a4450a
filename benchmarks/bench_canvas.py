"""Canvas frame times in headless Chromium: panning a 200-node design, and applying live frames to
it (overlays painted straight onto the SVG, plus the charts). Target: under 16 ms a frame.

Starts its own daphne on a free port with a temporary SQLite database, like the browser tests.
Prints figures (median and p95 of requestAnimationFrame-to-requestAnimationFrame intervals, and
of the script time per update, measured with performance.now()); asserts nothing about time.
Panning moves the view every displayed frame; live frames (every node and edge changing) arrive
10 times a second, as the server sends them, while every displayed frame is timed.
Figures depend on the machine's load: run it on a quiet machine.
"""
from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


def big_design(n_nodes: int = 200, seed: int = 7) -> dict:
    """A made-up design of `n_nodes` components over one Region with three AZs."""
    rng = random.Random(seed)
    azs = ["us-east-1a", "us-east-1b", "us-east-1c"]
    nodes = [{"id": f"users{i}", "kind": "client", "placement": {}, "props": {"rate": 50}} for i in range(4)]
    for i in range(n_nodes - len(nodes)):
        if i % 4 == 0:
            nodes.append({"id": f"asg{i}", "kind": "asg", "placement": {"region": "us-east-1"}, "props": {}})
        elif i % 4 == 1:
            nodes.append({"id": f"q{i}", "kind": "sqs", "placement": {"region": "us-east-1"}, "props": {}})
        else:
            nodes.append({"id": f"ec2-{i}", "kind": "ec2", "placement": {"region": "us-east-1", "az": azs[i % 3]}, "props": {}})
    edges = []
    for i in range(1, len(nodes)):
        j = rng.randrange(0, i)
        edges.append({"id": f"e{len(edges) + 1}", "from": nodes[j]["id"], "to": nodes[i]["id"], "props": {}})
    return {"format": 1, "name": f"Benchmark: {n_nodes} components", "regions": [{"id": "us-east-1", "azs": azs}],
            "nodes": nodes, "edges": edges, "faults": [], "goals": [], "run": {"duration": 60, "seed": 1, "warmup": 0}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "playground.settings.test", "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "playground.asgi:application"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/components/", timeout=2).read()
            return proc, base
        except Exception:  # noqa: BLE001 - not up yet
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("daphne did not start")
            time.sleep(0.2)


MEASURE = """async ([mode, count]) => {
  const pg = window.playground; const c = pg.canvas; const ed = pg.editor;
  const frameTimes = []; const work = [];
  const nodes = ed.design.nodes; const edges = ed.design.edges;
  let last = performance.now();
  const synth = (i) => ({ type: 'frame', t: i, global: { rps: 900, ok_rps: 890, error_rate: 0.01, p50_ms: 40, p95_ms: 120, p99_ms: 300, cost_per_hour: 3.2 },
    nodes: Object.fromEntries(nodes.map((n, k) => [n.id, { status: (k + i) % 17 === 0 ? 'down' : (k + i) % 7 === 0 ? 'degraded' : 'ok', rps: (k * 13 + i * 7) % 400,
      p99_ms: 20 + (k % 50), utilization: ((k + i) % 100) / 100, ...(n.kind === 'sqs' ? { depth: (k * i) % 500 } : {}),
      ...(n.kind === 'asg' ? { instances: { in_service: 2 + (i % 3), pending: i % 2, unhealthy: 0 } } : {}) }])),
    edges: Object.fromEntries(edges.map((e, k) => [e.id, { rps: (k * 11 + i * 5) % 300 }])), events: i % 10 === 0 ? [{ t: i, kind: 'scale_out', node: 'asg0', message: 'asg0: desired 2 -> 3' }] : [] });
  if (mode === 'live') { pg.live.enterRunMode(); c.setMode('run'); pg.live.state = 'running'; }
  await new Promise((r) => requestAnimationFrame(r));
  last = performance.now();
  if (mode === 'live') {
    // Frames arrive as the server sends them, 10 a second; measure every displayed frame meanwhile.
    let i = 0;
    const timer = setInterval(() => { const t0 = performance.now(); pg.live.onFrame(synth(i)); i += 1; work.push(performance.now() - t0); }, 100);
    const end = performance.now() + count * 50;
    while (performance.now() < end) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now(); frameTimes.push(now - last); last = now;
    }
    clearInterval(timer);
    return { frameTimes, work };
  }
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    if (mode === 'pan') c.setView(c.view.s, c.view.tx + (i % 40 < 20 ? 6 : -6), c.view.ty + (i % 20 < 10 ? 3 : -3));
    else pg.live.onFrame(synth(i));
    work.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now(); frameTimes.push(now - last); last = now;
  }
  return { frameTimes, work };
}"""


ZOOM = """(z) => { const c = window.playground.canvas; c.fit();
  if (z !== 'fit') { const r = c.paper.el.getBoundingClientRect(); c.zoomAt(z, r.left + r.width / 2, r.top + r.height / 2); }
  return c.view.s; }"""


def _stats(xs: list[float]) -> str:
    s = sorted(xs)
    pick = lambda q: s[min(len(s) - 1, int(q * len(s)))]  # noqa: E731
    return f"median {pick(0.5):6.2f} ms  p95 {pick(0.95):6.2f} ms  max {s[-1]:6.2f} ms"


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print("   skipped: /usr/bin/chromium is not installed")
        return
    doc = big_design()
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = _start_server(Path(tmp))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(f"{base}/")
                design = page.evaluate("""async (doc) => {
                    const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
                    const r = await fetch('/api/designs/', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
                        body: JSON.stringify({name: doc.name, document: doc})});
                    return r.json(); }""", doc)
                t0 = time.perf_counter()
                page.goto(f"{base}/play/{design['id']}/")
                page.wait_for_selector("body[data-ready=true]", timeout=60000)
                print(f"   open a {len(doc['nodes'])}-node, {len(doc['edges'])}-edge design: {time.perf_counter() - t0:.2f} s to ready")
                for zoom in ("fit", 1.0):
                    scale = page.evaluate(ZOOM, zoom)
                    print(f"   zoom {'to fit' if zoom == 'fit' else '100%'} (scale {scale:.2f}; text under about 6 px is not drawn):")
                    for mode, label in (("pan", "panning"), ("live", "live 10 Hz")):
                        r = page.evaluate(MEASURE, [mode, 120])
                        print(f"   {label:12s} frame interval: {_stats(r['frameTimes'])}")
                        print(f"   {label:12s} script/update : {_stats(r['work'])}")
                        if mode == "live":
                            page.evaluate("window.playground.live.leaveRunMode()")
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print("   target: under 16 ms a frame (headless Chromium, software rendering)")


if __name__ == "__main__":
    main()
