"""A class's traffic over several daphne processes, as a load balancer spreads it: each learner
is a browser (one session, its cookies shared by a keep-alive connection to every process)
whose requests go to the processes in turn: the home page, the design list, and autosaves of
its own design. Used by tests/scale/test_production_load.py and, to measure, by
`python -m tests.scale.load` (which prints the figures the settings' comment quotes)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tests.concurrency.tabs import Tab, together
from tests.live.conftest import short_design
from tests.postgres import connections_to


@dataclass
class Outcome:
    statuses: Counter = field(default_factory=Counter)
    requests: int = 0
    peak_connections: int = 0  # most backends connected to the database at one sample
    connections_after: int = 0  # still connected a moment after the last answer
    failures: list[str] = field(default_factory=list)  # "METHOD path: status body" of each 5xx


def _learner(urls: Sequence[str], index: int, each: int, outcome: Outcome, lock) -> None:
    tabs = [Tab(url) for url in urls]
    for tab in tabs[1:]:
        tab.cookies = tabs[0].cookies  # one browser: the same session on every process
    document = short_design(60)

    def send(n: int, method: str, path: str, body=None):
        answer = tabs[n % len(tabs)].request(method, path, body)
        with lock:
            outcome.requests += 1
            outcome.statuses[answer.status] += 1
            if answer.status >= 500:
                outcome.failures.append(f"{method} {path}: {answer.status} {answer.body!r:.200}")
        return answer

    created = send(
        index, "POST", "/api/designs/", {"name": f"learner {index}", "document": document}
    )
    design, version = (created.json()["id"], 1) if created.status == 201 else (None, 0)
    for n in range(index + 1, index + each):
        step = n % 4
        if step == 0:
            send(n, "GET", "/")
        elif step == 1:
            send(n, "GET", "/api/designs/")
        elif design is not None:
            document["nodes"][0]["ui"] = {"x": index, "y": n}  # a node dragged: autosave
            saved = send(
                n,
                "PUT",
                f"/api/designs/{design}/",
                {"name": f"learner {index}", "document": document, "version": version},
            )
            if saved.status == 200:
                version = saved.json()["version"]
    for tab in tabs:
        tab.close()


def class_load(
    urls: Sequence[str], database_url: str, *, learners: int = 20, each: int = 20
) -> Outcome:
    """`learners` browsers at once (the concurrency), `each` requests apiece, spread over
    `urls`; pg_stat_activity of `database_url` sampled every 20 ms meanwhile."""
    outcome, lock, done = Outcome(), threading.Lock(), threading.Event()

    def sample() -> None:
        while not done.is_set():
            count = connections_to(database_url)
            outcome.peak_connections = max(outcome.peak_connections, count)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        together(lambda i: _learner(urls, i, each, outcome, lock), range(learners))
    finally:
        done.set()
        sampler.join()
    time.sleep(0.5)
    outcome.connections_after = connections_to(database_url)
    return outcome


if __name__ == "__main__":
    import sys

    from tests.postgres import production_pair

    # Each KEY=VALUE argument goes to both servers' environment (DATABASE_POOL_MAX_SIZE=0,
    # DATABASE_POOL_MAX_SIZE=4, ...).
    # learners=N sets the concurrency (20 by default).
    extra = dict(arg.split("=", 1) for arg in sys.argv[1:])
    learners = int(extra.pop("learners", 20))
    with production_pair(extra) as (url, one, two):
        started = time.monotonic()
        result = class_load([one.http_url, two.http_url], url, learners=learners)
        took = time.monotonic() - started
        print(
            f"{extra or 'defaults'}, {learners} at once: "
            f"{result.requests} requests in {took:.1f} s, "
            f"statuses {dict(result.statuses)}, peak connections {result.peak_connections}, "
            f"after {result.connections_after}",
            *result.failures[:5],
            sep="\n",
            file=sys.stdout,
        )
