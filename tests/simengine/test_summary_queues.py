"""The readable summary speaks of a queue in messages: how many were sent, processed, delivered
again and dead-lettered, and how many wait at the end, not in the request columns (a queue
serves nobody, so its arrivals and latencies would read as zeros)."""

from sim_helpers import PATIENT, doc, node, run

from simengine.summary import render


def test_a_queue_is_summarised_in_messages():
    report = run(
        doc(
            [
                node("users", "client", rate=20, read_ratio=0.0, **PATIENT),
                node("api", "api_gateway"),
                node("jobs", "sqs", visibility_timeout_s=30),
                node("workers", "asg", min=1, max=1, desired=1, concurrency=1, service_ms=100),
            ],
            [("users", "api"), ("api", "jobs", {"mode": "async"}), ("jobs", "workers")],
            duration=60,
        )
    )
    text = render(report)
    jobs = report["nodes"]["jobs"]
    assert jobs["sent"] > 1000 and jobs["depth"] > 0  # 20 a second into a worker doing 10
    assert (
        f"queue jobs: {jobs['sent']:,} messages sent, {jobs['deleted']:,} processed, "
        f"{jobs['redelivered']:,} delivered again, 0 to the dead-letter queue; "
        f"{jobs['depth']:,} waiting at the end"
    ) in text
    row = next(line for line in text.splitlines() if line.startswith("jobs "))
    assert f"{jobs['sent']:,}" in row and "0.0" not in row
