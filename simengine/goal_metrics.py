"""The figures a goal can test, as data: what each one measures, in the learner's words, and where.

A goal reads `{"metric", "scope", "op", "value"}`. Its `scope` says where the metric is measured:
null for the whole design ("global"), a node or client id ("node", limited to `kinds` when the
metric is counted only by some kinds: dead-lettered messages only at an SQS queue), or, for RTO
and RPO, the target of one of the design's faults ("fault": the Region, AZ or node it hit).
`simengine.validation_run` refuses a scope a metric cannot apply to; `simengine.goals` measures
each goal from the run. The catalogue serves this table to the goal editor (`catalogue_json`).

Latency goals count failures: a failed request counts as slower than any target (see
`simengine.goals`), so a design whose requests all fail never meets a latency goal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

__all__ = ["GOAL_METRICS", "GOAL_OPS", "GOAL_SCOPES", "GoalMetricSpec", "with_unit"]

GOAL_SCOPES = ("global", "node", "fault")
GOAL_OPS: tuple[str, ...] = ("<=", "<", ">=", ">", "==")

THROTTLING_KINDS = ("client", "api_gateway", "lambda", "dynamodb", "s3")
DATA_STORES = ("rds", "dynamodb")  # where the idempotency ledger counts duplicate writes


@dataclass(frozen=True)
class GoalMetricSpec:
    """A figure of the report a goal can test. `scopes`: "global" (scope null), "node" (scope a
    node or client id; only of `kinds` when it names some) and "fault" (scope the target of one
    of the design's faults)."""

    metric: str
    label: str
    unit: str | None
    description: str
    scopes: tuple[str, ...] = ("global", "node")
    kinds: tuple[str, ...] = ()
    min: float = 0.0
    max: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "label": self.label,
            "unit": self.unit,
            "scopes": list(self.scopes),
            "kinds": list(self.kinds),
            "min": self.min,
            "max": self.max,
            "description": self.description,
        }


def with_unit(value: float | None, unit: str | None, metric: str = "") -> str:
    """A goal's number as a learner reads it, with its unit: "75.45 ms", "1.2%" (an error rate,
    a share 0..1, in percent), "$0.52/h", "3 duplicates", "1 message" (a count's noun singular
    for one); "n/a" for no number."""
    if value is None:
        return "n/a"
    if metric == "error_rate":
        return f"{_num(value * 100)}%"
    if unit == "USD/h":
        return f"${_num(value)}/h"
    if not unit:
        return _num(value)
    if value == 1 and unit not in _MEASURES and unit.endswith("s"):
        unit = unit[:-1]  # a count's noun: "1 message"
    return f"{_num(value)} {unit}"


def _num(v: float) -> str:
    """Four significant figures, never in exponent form: "75.45", "0.0123", "12,000"."""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.4g}"


_MEASURES = ("ms", "s", "req/s")  # units that are no count's noun


_FAILED = " A failed request counts as slower than any target."


def _latency(metric: str, label: str, description: str) -> GoalMetricSpec:
    return GoalMetricSpec(metric, label, "ms", description + _FAILED)


def _count(
    metric: str, label: str, kinds: tuple[str, ...], description: str, unit: str | None = None
) -> GoalMetricSpec:
    return GoalMetricSpec(metric, label, unit, description, ("global", "node"), kinds)


_SPECS = (
    _latency("p50_ms", "p50 latency", "Half of the requests succeeded faster than this."),
    _latency("p95_ms", "p95 latency", "95% of the requests succeeded faster than this."),
    _latency("p99_ms", "p99 latency", "99% of the requests succeeded faster than this."),
    _latency(
        "mean_ms",
        "Mean latency",
        "Average time of a request; any failed request makes the mean miss its target.",
    ),
    GoalMetricSpec(
        "error_rate", "Error rate", None, "Share of requests that failed (0..1).", max=1.0
    ),
    GoalMetricSpec("throughput_rps", "Throughput", "req/s", "Requests completed per second."),
    _count(
        "requests_throttled",
        "Requests throttled",
        THROTTLING_KINDS,
        "Users' requests that failed because a service throttled them (429), after retries; "
        "at a service, the calls it refused.",
        "requests",
    ),
    _count(
        "duplicates_applied",
        "Duplicates applied",
        ("sqs", *DATA_STORES),
        "Work done twice: a redelivered message or a retried write applied again because it "
        "carried no idempotency key (a customer charged twice).",
        "duplicates",
    ),
    _count(
        "sessions_lost",
        "Sessions lost",
        ("alb",),
        "Users logged out because the instance holding their session went away.",
        "sessions",
    ),
    _count(
        "dead_lettered",
        "Messages in the dead-letter queue",
        ("sqs",),
        "Messages received too many times without being processed, moved aside.",
        "messages",
    ),
    _count(
        "oldest_message_age_s",
        "Age of the oldest message",
        ("sqs",),
        "How long the oldest waiting message had waited when the run ended.",
        "s",
    ),
    _count(
        "backlog_end",
        "Backlog left at the end",
        ("sqs",),
        "Messages still in the queue when the run ended (waiting or being processed).",
        "messages",
    ),
    _count(
        "executions_failed",
        "Executions failed",
        ("step_functions",),
        "Workflow executions that ended in failure.",
        "executions",
    ),
    _count(
        "work_dropped",
        "Work dropped",
        ("sqs", "sns", "lambda"),
        "Background work that never got done (an upload with no thumbnail): messages "
        "dead-lettered, expired or sent while the queue or topic was down, deliveries given "
        "up, async events dropped.",
        "items",
    ),
    _count(
        "logs_lost",
        "Log lines lost",
        ("ec2", "asg"),
        "Log lines the app wrote that nobody can read any more: in a file on the disk of an "
        "instance that was terminated (scale-in, a replacement, an instance refresh), or "
        "still in the log agent's buffer when the instance stopped abruptly.",
        "log lines",
    ),
    GoalMetricSpec(
        "rto_s",
        "Recovery time (RTO)",
        "s",
        "Measured time from a fault until service recovered (the worst fault, or the fault "
        "on the Region, AZ or node named).",
        scopes=("global", "fault"),
    ),
    GoalMetricSpec(
        "rpo_s",
        "Data loss window (RPO)",
        "s",
        "Measured span of acknowledged writes lost to a fault (the worst fault, or the fault "
        "on the Region, AZ or node named).",
        scopes=("global", "fault"),
    ),
    GoalMetricSpec(
        "cost_per_hour",
        "Cost per hour",
        "USD/h",
        "What the whole design costs to run.",
        scopes=("global",),
    ),
)

GOAL_METRICS: Mapping[str, GoalMetricSpec] = MappingProxyType({g.metric: g for g in _SPECS})
