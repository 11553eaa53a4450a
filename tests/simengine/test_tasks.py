"""A client's task: `work` multiplies the time its requests take on app servers (EC2, an Auto
Scaling group, Lambda) but not on the database; ML inference runs `gpu_speedup` times faster on
a GPU instance type. A bug that ignored the work, applied it to the database, or sped up ML on
a CPU instance would change these service times tenfold."""

from __future__ import annotations

import pytest
from sim_helpers import PATIENT, doc, node, run

from simengine.pricing import INSTANCE_TYPES


def served_ms(instance_type: str = "c5.xlarge", **task) -> dict:
    """Mean time in the app server and in the database for 2 req/s of the given task."""
    rep = run(
        doc(
            [
                node("users", "client", rate=2, read_ratio=1.0, **PATIENT, **task),
                node(
                    "app",
                    "ec2",
                    instance_type=instance_type,
                    service_ms=10,
                    service_dist="constant",
                ),
                node("db", "rds", service_dist="constant"),
            ],
            [("users", "app"), ("app", "db")],
            duration=120,
        )
    )
    return {n: rep["nodes"][n]["mean_ms"] for n in ("app", "db")}


def test_a_heavy_request_takes_work_times_the_service_time_on_the_app_server_only():
    plain, report = served_ms(), served_ms(work=50)
    assert plain["app"] == pytest.approx(10, rel=0.05)
    assert report["app"] == pytest.approx(500, rel=0.05)
    assert report["db"] == pytest.approx(plain["db"], rel=0.05)  # the database is not scaled


def test_ml_inference_runs_its_speedup_faster_on_a_gpu_instance_and_not_on_cpus():
    speedup = INSTANCE_TYPES["g4dn.xlarge"].gpu_speedup
    assert speedup > 1 and INSTANCE_TYPES["c5.xlarge"].gpu_speedup == 1
    cpu = served_ms("c5.xlarge", work=40, task="ml_inference")["app"]
    gpu = served_ms("g4dn.xlarge", work=40, task="ml_inference")["app"]
    general_on_gpu = served_ms("g4dn.xlarge", work=40)["app"]
    assert cpu == pytest.approx(400, rel=0.05)
    assert gpu == pytest.approx(400 / speedup, rel=0.05)
    assert general_on_gpu == pytest.approx(400, rel=0.05)  # only ML work uses the GPU


def test_a_lambda_function_runs_heavy_work_on_cpus():
    rep = run(
        doc(
            [
                node("users", "client", rate=2, **PATIENT, work=20, task="ml_inference"),
                node("fn", "lambda", service_ms=10, service_dist="constant", cold_start_ms=0),
            ],
            [("users", "fn")],
            duration=60,
        )
    )
    assert rep["nodes"]["fn"]["mean_ms"] == pytest.approx(200, rel=0.05)
