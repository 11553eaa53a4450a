"""EC2: one instance is a queue in front of `concurrency` workers (its vCPUs by default); a full
queue refuses, and a crashed instance fails what it holds and answers nothing until it is back."""

from __future__ import annotations

from sim_helpers import PATIENT, doc, events, node, sim


def one_instance(rate: float, faults: list | None = None, **app: object) -> dict:
    return doc(
        [node("users", "client", rate=rate, **PATIENT), node("app", "ec2", **app)],
        [("users", "app")],
        duration=60,
        faults=faults,
    )


def test_an_instance_serves_as_many_requests_at_once_as_its_type_has_vcpus() -> None:
    s = sim(one_instance(10, instance_type="m5.2xlarge"))
    assert s.components["app"].concurrency == 8
    assert sim(one_instance(10)).components["app"].concurrency == 2  # t3.medium


def test_beyond_its_queue_limit_an_overloaded_instance_drops_requests() -> None:
    rep = sim(
        one_instance(200, concurrency=1, service_ms=20, service_dist="constant", queue_limit=5)
    ).run_to_end()
    app = rep["nodes"]["app"]
    assert app["errors_by_cause"]["dropped"] > 0.5 * app["arrivals"]  # 4x its capacity
    assert rep["requests"]["by_cause"]["dropped"] == app["errors_by_cause"]["dropped"]


def test_a_crashed_instance_called_directly_leaves_its_callers_waiting_then_serves_again() -> None:
    # A stopped host sends nothing back, not even a reset: the caller's attempt hangs until
    # its own timeout (here the users' timeout_ms of 2 s) and fails "timeout", not at once.
    crash = [{"at": 20, "kind": "instance_crash", "target": "app", "duration": 10}]
    d = doc(
        [
            node("users", "client", rate=50, timeout_ms=2000, retries=0),
            node("app", "ec2", concurrency=4, service_ms=10),
        ],
        [("users", "app")],
        duration=60,
        faults=crash,
    )
    s = sim(d)
    users = s.components["users"]
    s.advance(21.5)
    early = users.failed
    assert early <= 2  # only what it held at the crash; the requests sent since still wait...
    s.advance(1)
    assert users.failed - early > 30  # ...and time out 2 s after they were sent
    during = s.advance(6)["nodes"]["app"]
    assert during["status"] == "down"
    s.advance(10)
    after = s.advance(1)["nodes"]["app"]
    assert after["errors"] == 0 and after["rps"] > 30
    rep = s.report()
    assert events(rep, "instance_recovered")
    causes = rep["requests"]["by_cause"]
    assert causes["5xx"] <= 2 and causes["dropped"] == causes["unavailable"] == 0
    assert 400 <= causes["timeout"] <= 600  # 10 s at 50 req/s, each after waiting 2 s
