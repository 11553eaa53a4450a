"""What a request asks the servers to do: how much work, and of what kind.

A group of users may ask for more than a typical request: a report that scans a month of orders,
or an ML model's inference. A client's `work` multiplies the service time of each of its
requests wherever application code runs them (an EC2 instance, an Auto Scaling group's
instances, a Lambda function; not a database's queries): 1 is the server's typical request, so
a server with `service_ms` 10 takes about 500 ms for a request of work 50.

`task: ml_inference` marks work that a GPU accelerates: on a GPU instance type (`pricing`
`InstanceType.gpu_speedup`) it runs that many times faster; on vCPUs only, at `work` times the
service time. Lambda offers no GPU (AWS Lambda runs on CPUs: "Lambda does not support GPUs",
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html lists no GPU option).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simengine.spec import MODEL, enum_prop, float_prop

TASK_PROPS = (
    float_prop(
        "work",
        1.0,
        0.01,
        1000.0,
        "x",
        "Work each request asks of the app servers, as a multiple of their typical request "
        "(a report over a month of orders: about 50).",
        MODEL,
    ),
    enum_prop(
        "task",
        "general",
        ("general", "ml_inference"),
        "What the work is: general code, or ML inference, which runs many times faster on a "
        "GPU instance type.",
        "AWS EC2 accelerated computing instances (G4dn, G5): GPUs for ML inference",
    ),
)


@dataclass(frozen=True)
class Task:
    """A client's request, as app servers see it."""

    work: float = 1.0
    ml: bool = False

    @classmethod
    def of(cls, props: Any) -> Task:
        return cls(float(props["work"]), props["task"] == "ml_inference")

    def factor(self, gpu_speedup: float) -> float:
        """How many typical requests' time one of these takes on a server with this speedup."""
        return self.work / gpu_speedup if self.ml else self.work
