"""The component catalogue, as data: every kind a learner can draw, and every knob it has.

Each kind says where it may be placed (its scope: global, regional or zonal), which kinds it may
call and be called by, and every prop with its type, unit, default, range and a one-line help
sentence. Each default names its source: an AWS document where AWS documents the number, or
"model assumption" where the playground had to pick one. The REST API serves `catalogue_json()`
as-is and the palette and inspector are generated from it; validation fills defaults from it.
Nothing else in the codebase repeats it.

The list of AWS Regions a design may use (and a client may sit in) also lives here, in
`AWS_REGIONS`, with each Region's approximate location for the network model.

`catalogue_json()` reads:
    {"format": 1,
     "kinds": [{"kind", "label", "category", "scope", "description", "inputs", "outputs",
                "accepts_async", "props": [{"name", "type", "unit", "default", "min", "max",
                "choices", "help", "source", ["default_from"], ["when": {"prop", "in"}]}]}],
     "edge_props": [prop...], "run_props": [prop...],
     "fault_kinds": [{"kind", "label", "target", "target_kinds", "needs_ms", "description"}],
     "goal_metrics": [{"metric", "label", "unit", "scopes", "min", "max", "description"}],
     "goal_ops": ["<=", ...], "regions": [{"id", "name", "lat", "lon"}],
     "pricing": {"as_of", "source"}, "limits": {...}}
A prop's `default` is null only when `default_from` names where it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from simengine import pricing
from simengine.limits import DEFAULT_LIMITS, Limits

CATALOGUE_FORMAT = 1
PROP_TYPES = ("int", "float", "enum", "bool", "str", "region")
SCOPES = ("global", "regional", "zonal")
MODEL = "model assumption"


@dataclass(frozen=True)
class AwsRegion:
    """An AWS Region: its id, its city, and roughly where it is (degrees), for network latency."""

    id: str
    name: str
    lat: float
    lon: float


AWS_REGIONS: Mapping[str, AwsRegion] = MappingProxyType(
    {
        r.id: r
        for r in (
            AwsRegion("us-east-1", "N. Virginia", 38.9, -77.4),
            AwsRegion("us-east-2", "Ohio", 40.0, -83.0),
            AwsRegion("us-west-1", "N. California", 37.4, -121.9),
            AwsRegion("us-west-2", "Oregon", 45.8, -119.7),
            AwsRegion("ca-central-1", "Canada (Central)", 45.5, -73.6),
            AwsRegion("sa-east-1", "Sao Paulo", -23.5, -46.6),
            AwsRegion("eu-west-1", "Ireland", 53.3, -6.3),
            AwsRegion("eu-west-2", "London", 51.5, -0.1),
            AwsRegion("eu-west-3", "Paris", 48.9, 2.3),
            AwsRegion("eu-central-1", "Frankfurt", 50.1, 8.7),
            AwsRegion("eu-north-1", "Stockholm", 59.3, 18.1),
            AwsRegion("eu-south-1", "Milan", 45.5, 9.2),
            AwsRegion("me-south-1", "Bahrain", 26.1, 50.6),
            AwsRegion("af-south-1", "Cape Town", -33.9, 18.4),
            AwsRegion("ap-south-1", "Mumbai", 19.1, 72.9),
            AwsRegion("ap-east-1", "Hong Kong", 22.3, 114.2),
            AwsRegion("ap-southeast-1", "Singapore", 1.3, 103.8),
            AwsRegion("ap-southeast-2", "Sydney", -33.9, 151.2),
            AwsRegion("ap-northeast-1", "Tokyo", 35.7, 139.7),
            AwsRegion("ap-northeast-2", "Seoul", 37.6, 127.0),
            AwsRegion("ap-northeast-3", "Osaka", 34.7, 135.5),
        )
    }
)


@dataclass(frozen=True)
class PropSpec:
    """One knob of a kind (or of an edge, or of the run).

    `default_from` names a derived default, "<prop>.<attribute>": the attribute of the row the
    prop <prop> selects in a pricing table (ec2 `concurrency` defaults to the instance type's
    vCPUs). `when` says the prop matters only while another prop has one of some values (the
    inspector may hide it otherwise; it is still filled and validated)."""

    name: str
    type: str
    default: Any
    help: str
    source: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] | None = None
    default_from: str | None = None
    when: tuple[str, tuple[Any, ...]] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "unit": self.unit,
            "default": self.default,
            "min": self.min,
            "max": self.max,
            "choices": list(self.choices) if self.choices is not None else None,
            "help": self.help,
            "source": self.source,
        }
        if self.default_from:
            data["default_from"] = self.default_from
        if self.when:
            data["when"] = {"prop": self.when[0], "in": list(self.when[1])}
        return data


@dataclass(frozen=True)
class KindSpec:
    """A component kind: how the palette shows it, where it may go, what it may call."""

    kind: str
    label: str
    category: str
    scope: str
    description: str
    outputs: tuple[str, ...]
    props: tuple[PropSpec, ...]
    accepts_async: bool = False
    inputs: tuple[str, ...] = ()  # derived from every kind's outputs, see _with_inputs

    def prop(self, name: str) -> PropSpec:
        for spec in self.props:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.props)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "category": self.category,
            "scope": self.scope,
            "description": self.description,
            "inputs": list(self.inputs),
            "outputs": list(self.outputs),
            "accepts_async": self.accepts_async,
            "props": [p.to_json() for p in self.props],
        }


# --- small constructors so the data below reads as a table ----------------------------------


def _int(
    name: str,
    default: int | None,
    lo: float | None,
    hi: float | None,
    unit: str | None,
    help: str,
    source: str = MODEL,
    **extra: Any,
) -> PropSpec:
    return PropSpec(name, "int", default, help, source, unit, lo, hi, **extra)


def _float(
    name: str,
    default: float,
    lo: float | None,
    hi: float | None,
    unit: str | None,
    help: str,
    source: str = MODEL,
    **extra: Any,
) -> PropSpec:
    return PropSpec(name, "float", default, help, source, unit, lo, hi, **extra)


def _enum(
    name: str, default: str, choices: tuple[str, ...], help: str, source: str = MODEL, **extra: Any
) -> PropSpec:
    return PropSpec(name, "enum", default, help, source, choices=choices, **extra)


def _bool(name: str, default: bool, help: str, source: str = MODEL, **extra: Any) -> PropSpec:
    return PropSpec(name, "bool", default, help, source, **extra)


def _ratio(name: str, default: float, help: str, source: str = MODEL, **extra: Any) -> PropSpec:
    return _float(name, default, 0.0, 1.0, None, help, source, **extra)


HOUR_S = 3600.0
SERVICE_MS_MAX = HOUR_S * 1000  # one hour of work for a single request


def _service_ms(default: float, what: str, source: str = MODEL) -> PropSpec:
    return _float("service_ms", default, 0.001, SERVICE_MS_MAX, "ms", what, source)


SERVICE_DIST = _enum(
    "service_dist",
    "exponential",
    ("exponential", "constant", "lognormal"),
    "How service times vary around service_ms (exponential makes an M/M/c queue).",
)
SERVICE_CV = _float(
    "service_cv",
    1.0,
    0.0,
    10.0,
    None,
    "Spread of a lognormal service time: standard deviation / mean.",
    when=("service_dist", ("lognormal",)),
)


# --- clients ---------------------------------------------------------------------------------

_CLIENT_PROPS = (
    _float(
        "rate",
        10.0,
        0.0,
        DEFAULT_LIMITS.max_client_rate,
        "req/s",
        "Requests per second this group of users sends (the base rate of the pattern).",
    ),
    _enum(
        "pattern",
        "poisson",
        ("constant", "poisson", "step", "spike", "diurnal"),
        "How arrivals are spread in time: evenly, at random, or changing over the run.",
    ),
    _ratio("read_ratio", 0.8, "Share of requests that read; the rest write."),
    _float(
        "timeout_ms",
        5000.0,
        1.0,
        300_000.0,
        "ms",
        "The client gives up on a request after this long and counts it as failed.",
    ),
    _int(
        "retries",
        2,
        0,
        10,
        None,
        "How many times a failed or timed-out request is tried again.",
        "AWS SDKs and Tools reference: standard retry mode makes 3 attempts (2 retries)",
    ),
    _enum(
        "backoff",
        "exponential_jitter",
        ("none", "exponential", "exponential_jitter"),
        "Wait between retries: none, doubling, or doubling with random jitter.",
        "AWS SDKs and Tools reference: standard retry mode uses exponential backoff with jitter",
    ),
    _float(
        "retry_base_ms",
        100.0,
        0.0,
        60_000.0,
        "ms",
        "First retry waits about this long; each later one waits twice as long.",
        MODEL,
    ),
    _float(
        "retry_max_ms",
        20_000.0,
        0.0,
        300_000.0,
        "ms",
        "Longest wait between two retries.",
        "AWS SDKs and Tools reference: standard retry mode caps backoff at 20 s",
    ),
    PropSpec(
        "location",
        "region",
        "us-east-1",
        "Where these users are: sets network latency to each Region.",
        MODEL,
    ),
    _int(
        "key_count",
        10_000,
        1,
        10_000_000,
        "keys",
        "How many distinct items (users, products) requests ask for.",
    ),
    _float(
        "key_skew",
        0.0,
        0.0,
        3.0,
        None,
        "Zipf exponent of key popularity: 0 is uniform, about 1 makes a few keys hot.",
    ),
    _bool(
        "circuit_breaker",
        False,
        "Stop calling after repeated failures, then try again after cb_reset_s.",
    ),
    _int(
        "cb_failure_threshold",
        5,
        1,
        1000,
        "failures",
        "Consecutive failures that open the circuit breaker.",
        when=("circuit_breaker", (True,)),
    ),
    _float(
        "cb_reset_s",
        30.0,
        0.1,
        HOUR_S,
        "s",
        "How long an open breaker waits before letting one trial request through.",
        when=("circuit_breaker", (True,)),
    ),
    _bool(
        "idempotency",
        False,
        "Send an idempotency key so a duplicate delivery is ignored instead of applied twice.",
    ),
    _bool(
        "sticky_sessions",
        False,
        "Each user keeps going to the same instance (sessions held in that instance's memory).",
    ),
    _float(
        "step_at_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the step pattern raises the rate.",
        when=("pattern", ("step",)),
    ),
    _float(
        "step_multiplier",
        2.0,
        0.0,
        1000.0,
        "x",
        "Rate after the step, as a multiple of rate.",
        when=("pattern", ("step",)),
    ),
    _float(
        "spike_at_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the spike starts.",
        when=("pattern", ("spike",)),
    ),
    _float(
        "spike_duration_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "How long the spike lasts.",
        when=("pattern", ("spike",)),
    ),
    _float(
        "spike_multiplier",
        10.0,
        0.0,
        1000.0,
        "x",
        "Rate during the spike, as a multiple of rate.",
        when=("pattern", ("spike",)),
    ),
    _float(
        "diurnal_period_s",
        600.0,
        1.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "Length of one simulated day (a compressed day-night cycle).",
        when=("pattern", ("diurnal",)),
    ),
    _ratio(
        "diurnal_amplitude",
        0.5,
        "How far the rate swings above and below rate (0..1).",
        when=("pattern", ("diurnal",)),
    ),
)

# --- compute -------------------------------------------------------------------------------------

_EC2_PROPS = (
    _enum(
        "instance_type",
        "t3.medium",
        tuple(pricing.INSTANCE_TYPES),
        "Instance size: vCPUs, relative speed and price per hour.",
        f"AWS EC2 on-demand pricing, us-east-1, {pricing.PRICES_AS_OF}",
    ),
    _int(
        "concurrency",
        None,
        1,
        1024,
        "requests",
        "Requests served at once; more wait in the instance's queue. Default: its vCPUs.",
        default_from="instance_type.vcpus",
    ),
    _service_ms(20.0, "Mean time one request takes on this instance at no load."),
    SERVICE_DIST,
    SERVICE_CV,
    _int(
        "queue_limit",
        1000,
        0,
        1_000_000,
        "requests",
        "Requests that may wait for a free slot; beyond that the instance refuses them.",
    ),
)

_ASG_PROPS = _EC2_PROPS + (
    _int("min", 1, 0, 1000, "instances", "Fewest instances the group keeps running."),
    _int("max", 4, 0, 1000, "instances", "Most instances the group may run."),
    _int("desired", 2, 0, 1000, "instances", "Instances the group starts with (min..max)."),
    _enum(
        "policy",
        "none",
        ("none", "target_tracking", "step", "scheduled"),
        "How the group changes its size during the run.",
    ),
    _enum(
        "target_metric",
        "cpu",
        ("cpu", "requests_per_target", "backlog_per_instance"),
        "What target tracking or step scaling watches: cpu is the group's average CPU in %; "
        "requests_per_target is requests per target per MINUTE (AWS ALBRequestCountPerTarget: "
        "600 req/s over 4 instances is 9000); backlog_per_instance is visible SQS messages "
        "per instance.",
        "AWS Auto Scaling docs: predefined metrics ASGAverageCPUUtilization, "
        "ALBRequestCountPerTarget; backlog per instance for SQS workers",
        when=("policy", ("target_tracking", "step")),
    ),
    _float(
        "target_value",
        50.0,
        0.0,
        1_000_000.0,
        None,
        "Target tracking keeps the metric near this, in its unit: CPU in %, requests per "
        "target per minute (not per second: 3000 is 50 req/s per instance), or messages per "
        "instance.",
        "AWS Auto Scaling docs: target tracking example keeps average CPU at 50%",
        when=("policy", ("target_tracking",)),
    ),
    _float(
        "step_upper",
        70.0,
        0.0,
        1_000_000.0,
        None,
        "Step scaling adds instances while the metric is above this.",
        when=("policy", ("step",)),
    ),
    _float(
        "step_lower",
        30.0,
        0.0,
        1_000_000.0,
        None,
        "Step scaling removes instances while the metric is below this.",
        when=("policy", ("step",)),
    ),
    _int(
        "step_adjustment",
        1,
        1,
        100,
        "instances",
        "Instances added or removed per step.",
        when=("policy", ("step",)),
    ),
    _float(
        "scheduled_at_s",
        300.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the scheduled action sets the desired size.",
        when=("policy", ("scheduled",)),
    ),
    _int(
        "scheduled_desired",
        4,
        0,
        1000,
        "instances",
        "Desired size the scheduled action sets (within min..max).",
        when=("policy", ("scheduled",)),
    ),
    _float(
        "warmup_s",
        300.0,
        0.0,
        HOUR_S,
        "s",
        "A new instance's metrics are ignored for this long after it is in service.",
        "AWS Auto Scaling docs: with warm-up unset, target tracking uses 300 s",
    ),
    _float(
        "cooldown_s",
        300.0,
        0.0,
        HOUR_S,
        "s",
        "After one scaling activity, wait this long before the next (step/simple scaling).",
        "AWS Auto Scaling docs: default cooldown 300 s",
    ),
    _float(
        "launch_s",
        90.0,
        0.0,
        HOUR_S,
        "s",
        "Time from launch until a new instance can serve (boot and start the app).",
        "model assumption (AWS: instances typically take 60-120 s to boot and start)",
    ),
    _enum(
        "health_check_type",
        "ec2",
        ("ec2", "elb"),
        "EC2: replace only instances that stop; ELB: also replace those failing the ALB check.",
        "AWS Auto Scaling docs: default health check type EC2",
    ),
    _float(
        "health_check_grace_s",
        300.0,
        0.0,
        7200.0,
        "s",
        "A new instance is not replaced for failing health checks during this time.",
        "AWS Auto Scaling docs: health check grace period default 300 s",
    ),
    _float(
        "refresh_at_s",
        0.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When an instance refresh replaces every instance with a new one (0 = never).",
        "AWS Auto Scaling docs: instance refresh (immutable replacement)",
    ),
    _int(
        "min_healthy_pct",
        90,
        0,
        100,
        "%",
        "During a refresh, keep at least this share of the group in service.",
        "AWS Auto Scaling docs: instance refresh MinHealthyPercentage default 90",
    ),
)

_LAMBDA_PROPS = (
    _int(
        "memory_mb",
        128,
        128,
        10_240,
        "MB",
        "Memory per environment; CPU grows with it (1,769 MB is one vCPU).",
        "AWS Lambda docs: default memory 128 MB, up to 10,240 MB; 1,769 MB = 1 vCPU",
    ),
    _int(
        "concurrency_limit",
        1000,
        1,
        100_000,
        "executions",
        "Environments running at once in this Region; beyond it calls are throttled (429).",
        "AWS Lambda docs: 1,000 concurrent executions per Region by default",
    ),
    _int(
        "reserved_concurrency",
        0,
        0,
        100_000,
        "executions",
        "Executions kept for this function alone and also its cap; 0 means not reserved.",
    ),
    _float(
        "cold_start_ms",
        250.0,
        0.0,
        60_000.0,
        "ms",
        "Extra time when a call needs a new execution environment.",
    ),
    _float(
        "idle_s",
        600.0,
        0.0,
        7200.0,
        "s",
        "An idle environment is reclaimed after this long, so the next call starts cold.",
    ),
    _service_ms(50.0, "Mean time the function runs per call (warm)."),
    SERVICE_DIST,
    SERVICE_CV,
    _float(
        "timeout_s",
        3.0,
        1.0,
        900.0,
        "s",
        "The call fails after running this long.",
        "AWS Lambda docs: default timeout 3 s, maximum 900 s",
    ),
    _int(
        "batch_size",
        10,
        1,
        10_000,
        "messages",
        "Messages per invocation when the function reads from SQS.",
        "AWS Lambda docs: SQS event source default batch size 10",
    ),
)

_STEP_FUNCTIONS_PROPS = (
    _enum(
        "workflow",
        "standard",
        ("standard", "express"),
        "Standard (exactly-once, priced per transition) or Express (at-least-once, cheaper).",
    ),
    _int("steps", 3, 1, 100, "states", "Task states one execution goes through."),
    _int(
        "step_retries",
        3,
        0,
        10,
        None,
        "Retries of a failed step before the execution fails.",
        "AWS Step Functions docs: Retry MaxAttempts default 3",
    ),
    _service_ms(25.0, "Overhead of one state transition.", MODEL),
)

# --- routers and front doors ---------------------------------------------------------------------

_ROUTE53_PROPS = (
    _enum(
        "policy",
        "simple",
        ("simple", "weighted", "latency", "failover"),
        "How Route 53 picks a target: any, by edge weight, lowest latency, or primary first.",
        "AWS Route 53 docs: routing policies",
    ),
    PropSpec(
        "health_interval_s",
        "int",
        30,
        "Seconds between health checks of each target (standard 30 or fast 10).",
        "AWS Route 53 docs: health check request interval 30 s (or 10 s)",
        "s",
        10,
        30,
        choices=(10, 30),
    ),
    _int(
        "failure_threshold",
        3,
        1,
        10,
        "checks",
        "Failed checks in a row before a target counts as unhealthy.",
        "AWS Route 53 docs: failure threshold 1-10, default 3",
    ),
    _int(
        "ttl_s",
        60,
        0,
        172_800,
        "s",
        "Resolvers cache an answer this long, which delays failover.",
        "AWS Route 53 docs: recommend a TTL of 60 s or less for health-checked records",
    ),
)

_CLOUDFRONT_PROPS = (
    _enum(
        "cache_by",
        "hit_ratio",
        ("hit_ratio", "key"),
        "Decide hits by a fixed ratio, or by key and TTL (skewed keys then hit more).",
    ),
    _ratio(
        "hit_ratio",
        0.8,
        "Share of reads served at the edge (when cache_by is hit_ratio).",
        when=("cache_by", ("hit_ratio",)),
    ),
    _int(
        "ttl_s",
        86_400,
        0,
        31_536_000,
        "s",
        "How long the edge keeps an object.",
        "CloudFront Developer Guide: default TTL 86,400 s (one day)",
    ),
    _float("edge_ms", 10.0, 0.0, 10_000.0, "ms", "Time to answer from the edge location."),
)

_API_GATEWAY_PROPS = (
    _float(
        "rate_limit",
        10_000.0,
        1.0,
        1_000_000.0,
        "req/s",
        "Steady requests per second before it throttles with 429.",
        "AWS API Gateway docs: 10,000 req/s per account and Region",
    ),
    _int(
        "burst",
        5000,
        1,
        1_000_000,
        "requests",
        "Token bucket size: requests above the rate it absorbs at once.",
        "AWS API Gateway docs: burst 5,000 requests",
    ),
    _service_ms(5.0, "Time the gateway adds to each request."),
    _float(
        "integration_timeout_ms",
        29_000.0,
        50.0,
        29_000.0,
        "ms",
        "The gateway answers 504 if the backend takes longer.",
        "AWS API Gateway docs: integration timeout 50 ms to 29 s",
    ),
)

_ALB_PROPS = (
    _enum(
        "algorithm",
        "round_robin",
        ("round_robin", "least_outstanding"),
        "How the ALB picks a healthy target.",
        "AWS ELB docs: round robin by default; least outstanding requests optional",
    ),
    _int(
        "health_interval_s",
        30,
        5,
        300,
        "s",
        "Seconds between health checks of each target.",
        "AWS ELB docs: health check interval default 30 s",
    ),
    _int(
        "health_timeout_s",
        5,
        2,
        120,
        "s",
        "A health check fails if no answer within this.",
        "AWS ELB docs: health check timeout default 5 s",
    ),
    _int(
        "healthy_threshold",
        5,
        2,
        10,
        "checks",
        "Passed checks in a row before a target receives traffic.",
        "AWS ELB docs: healthy threshold default 5",
    ),
    _int(
        "unhealthy_threshold",
        2,
        2,
        10,
        "checks",
        "Failed checks in a row before a target stops receiving traffic.",
        "AWS ELB docs: unhealthy threshold default 2",
    ),
    _int(
        "deregistration_delay_s",
        300,
        0,
        3600,
        "s",
        "A leaving target finishes its in-flight requests for up to this long.",
        "AWS ELB docs: deregistration delay default 300 s",
    ),
    _bool(
        "cross_zone",
        True,
        "Spread requests over targets in every AZ, not only the caller's.",
        "AWS ELB docs: cross-zone load balancing is on by default for ALBs",
    ),
    _int(
        "slow_start_s",
        0,
        0,
        900,
        "s",
        "A new target's share ramps up over this long (0 = off, else 30-900).",
        "AWS ELB docs: slow start off by default, 30-900 s when on",
    ),
    _service_ms(0.5, "Time the ALB adds to each request."),
)

# --- messaging -----------------------------------------------------------------------------------

_SQS_PROPS = (
    _int(
        "visibility_timeout_s",
        30,
        0,
        43_200,
        "s",
        "A received message stays hidden this long; not deleted by then, it is delivered again.",
        "AWS SQS docs: visibility timeout default 30 s, maximum 12 h",
    ),
    _int(
        "max_receives",
        10,
        1,
        1000,
        "receives",
        "After this many receives a message moves to the dead-letter queue.",
        "AWS SQS console: redrive policy maximum receives default 10",
    ),
    _int(
        "batch_size",
        10,
        1,
        10,
        "messages",
        "Messages a consumer takes per receive.",
        "AWS SQS docs: at most 10 messages per ReceiveMessage",
    ),
    _int(
        "long_poll_s",
        20,
        0,
        20,
        "s",
        "A receive waits up to this long for a message (0 = short polling).",
        "AWS SQS docs: long polling up to 20 s (queue default 0; consumers usually use 20)",
    ),
    _int(
        "retention_s",
        345_600,
        60,
        1_209_600,
        "s",
        "Messages older than this are deleted.",
        "AWS SQS docs: retention default 4 days, 60 s to 14 days",
    ),
    _int(
        "delay_s",
        0,
        0,
        900,
        "s",
        "New messages stay invisible this long.",
        "AWS SQS docs: delivery delay default 0, maximum 15 min",
    ),
    _service_ms(10.0, "Time to send or receive one message."),
)

_SNS_PROPS = (
    _int(
        "delivery_retries",
        3,
        0,
        100,
        None,
        "Retries of a failed delivery to one subscriber before it is dropped.",
        "AWS SNS docs: default HTTP/S delivery policy retries 3 times",
    ),
    _float(
        "retry_delay_s",
        20.0,
        1.0,
        HOUR_S,
        "s",
        "Wait before retrying a failed delivery.",
        "AWS SNS docs: default HTTP/S delivery policy minimum delay 20 s",
    ),
    _service_ms(20.0, "Time to accept a publish and hand copies to subscribers."),
)

# --- data ----------------------------------------------------------------------------------------

_ELASTICACHE_PROPS = (
    _enum(
        "node_type",
        "cache.t3.medium",
        tuple(pricing.CACHE_NODE_TYPES),
        "Cache node size: vCPUs, memory and price per hour.",
        f"AWS ElastiCache on-demand pricing, us-east-1, {pricing.PRICES_AS_OF}",
    ),
    _enum(
        "cache_by",
        "hit_ratio",
        ("hit_ratio", "key"),
        "Decide hits by a fixed ratio, or by key, TTL and capacity (skewed keys hit more).",
    ),
    _ratio(
        "hit_ratio",
        0.8,
        "Share of reads answered from the cache (when cache_by is hit_ratio).",
        when=("cache_by", ("hit_ratio",)),
    ),
    _int(
        "ttl_s",
        300,
        1,
        31_536_000,
        "s",
        "A cached key expires after this long.",
        when=("cache_by", ("key",)),
    ),
    _int(
        "capacity_keys",
        100_000,
        1,
        100_000_000,
        "keys",
        "Keys that fit in memory; beyond that the eviction policy drops some.",
        when=("cache_by", ("key",)),
    ),
    _enum(
        "eviction",
        "lru",
        ("lru", "lfu", "random"),
        "Which key goes when the cache is full.",
        "AWS ElastiCache docs: default maxmemory-policy volatile-lru",
        when=("cache_by", ("key",)),
    ),
    _int(
        "concurrency",
        None,
        1,
        1024,
        "requests",
        "Commands served at once. Default: its vCPUs.",
        default_from="node_type.vcpus",
    ),
    _service_ms(0.2, "Time to answer one command from memory."),
)

_RDS_PROPS = (
    _enum(
        "instance_class",
        "db.t3.medium",
        tuple(pricing.DATABASE_CLASSES),
        "Database instance size: vCPUs, memory, connections and price per hour.",
        f"AWS RDS on-demand pricing, us-east-1, {pricing.PRICES_AS_OF}",
    ),
    _bool(
        "multi_az",
        False,
        "Keep a synchronous standby in another AZ that takes over on failure.",
        "AWS RDS docs: Multi-AZ is optional",
    ),
    _float(
        "failover_s",
        90.0,
        1.0,
        600.0,
        "s",
        "Time for the standby to take over.",
        "AWS RDS docs: Multi-AZ failover typically completes in 60-120 s",
        when=("multi_az", (True,)),
    ),
    _int(
        "read_replicas",
        0,
        0,
        15,
        "replicas",
        "Asynchronous copies that can serve reads (they lag behind the primary).",
        "AWS RDS docs: up to 15 read replicas (MySQL, PostgreSQL)",
    ),
    _float(
        "replica_lag_ms",
        100.0,
        0.0,
        3_600_000.0,
        "ms",
        "How far replicas trail the primary (ReplicaLag).",
        MODEL,
    ),
    _bool(
        "read_from_replicas", False, "Send reads to the replicas; writes always go to the primary."
    ),
    _int(
        "max_connections",
        None,
        1,
        100_000,
        "connections",
        "Connections open at once; more are refused. Default: the instance class's limit.",
        "AWS RDS docs: MySQL default max_connections = DBInstanceClassMemory/12582880",
        default_from="instance_class.max_connections",
    ),
    _int(
        "concurrency",
        None,
        1,
        1024,
        "queries",
        "Queries executed at once. Default: its vCPUs.",
        default_from="instance_class.vcpus",
    ),
    # model assumption: an indexed point query on a small RDS instance runs in about 1-2 ms;
    # with 5 ms the benchmark's three-tier reference (400 req/s) saturated a 2-vCPU primary.
    _service_ms(2.0, "Mean time of one read query at no load."),
    SERVICE_DIST,
    SERVICE_CV,
    _float(
        "write_service_ms",
        4.0,
        0.001,
        SERVICE_MS_MAX,
        "ms",
        "Mean time of one write at no load (a Multi-AZ write also waits for the standby).",
    ),
)

_DYNAMODB_PROPS = (
    _enum(
        "mode",
        "on_demand",
        ("on_demand", "provisioned"),
        "On-demand pays per request; provisioned sets read and write capacity.",
        "AWS DynamoDB docs: capacity modes",
    ),
    _int(
        "rcu",
        1000,
        1,
        1_000_000,
        "RCU",
        "Provisioned reads per second (4 KB, strongly consistent).",
        "model assumption (the console's default is 5)",
        when=("mode", ("provisioned",)),
    ),
    _int(
        "wcu",
        500,
        1,
        1_000_000,
        "WCU",
        "Provisioned writes per second (1 KB).",
        "model assumption (the console's default is 5)",
        when=("mode", ("provisioned",)),
    ),
    _int(
        "partitions",
        4,
        1,
        1000,
        "partitions",
        "Keys are spread over partitions; each serves at most 3,000 RCU and 1,000 WCU.",
        "AWS DynamoDB docs: per-partition limit 3,000 RCU and 1,000 WCU",
    ),
    _bool(
        "consistent_reads",
        False,
        "Strongly consistent reads cost a full RCU; eventual ones half.",
        "AWS DynamoDB docs: reads are eventually consistent by default",
    ),
    _service_ms(5.0, "Time of one read or write (single-digit milliseconds)."),
)

_S3_PROPS = (
    _service_ms(30.0, "Time to get or put one object."),
    _bool("events", True, "On each write, send an event notification along the outgoing edges."),
)

_EXTERNAL_PROPS = (
    _float("latency_ms", 100.0, 0.0, 600_000.0, "ms", "Mean time the outside service takes."),
    _ratio("error_rate", 0.0, "Share of calls that fail."),
)


# --- the kinds -----------------------------------------------------------------------------------

CALLERS = ("asg", "ec2", "lambda")  # compute that calls its dependencies
_APP_TARGETS = (
    "alb",
    "api_gateway",
    "ec2",
    "lambda",
    "sqs",
    "sns",
    "elasticache",
    "rds",
    "dynamodb",
    "s3",
    "step_functions",
    "external",
)

_KIND_LIST = (
    KindSpec(
        "client",
        "Users",
        "Clients",
        "global",
        "People or devices sending requests from somewhere in the world.",
        ("route53", "cloudfront", "api_gateway", "alb", "ec2", "lambda", "s3"),
        _CLIENT_PROPS,
    ),
    KindSpec(
        "route53",
        "Route 53",
        "Edge & DNS",
        "global",
        "DNS: sends each user to one target and moves them away from unhealthy ones.",
        ("cloudfront", "api_gateway", "alb", "ec2", "s3", "external"),
        _ROUTE53_PROPS,
    ),
    KindSpec(
        "cloudfront",
        "CloudFront",
        "Edge & DNS",
        "global",
        "CDN: answers cached reads at an edge near the user; misses go to the origin.",
        ("api_gateway", "alb", "ec2", "lambda", "s3", "external"),
        _CLOUDFRONT_PROPS,
    ),
    KindSpec(
        "api_gateway",
        "API Gateway",
        "Edge & DNS",
        "regional",
        "Managed API front door with a token-bucket throttle (429 when exceeded).",
        ("alb", "ec2", "lambda", "sqs", "sns", "dynamodb", "s3", "step_functions", "external"),
        _API_GATEWAY_PROPS,
    ),
    KindSpec(
        "alb",
        "Application Load Balancer",
        "Load balancing",
        "regional",
        "Spreads requests over healthy targets in several AZs, checking their health.",
        ("asg", "ec2", "lambda"),
        _ALB_PROPS,
    ),
    KindSpec(
        "asg",
        "Auto Scaling group",
        "Compute",
        "regional",
        "A fleet of identical EC2 instances over AZs that grows and shrinks with load.",
        _APP_TARGETS,
        _ASG_PROPS,
    ),
    KindSpec(
        "ec2",
        "EC2 instance",
        "Compute",
        "zonal",
        "One virtual server in one AZ: a queue in front of a few workers.",
        _APP_TARGETS,
        _EC2_PROPS,
    ),
    KindSpec(
        "lambda",
        "Lambda function",
        "Compute",
        "regional",
        "Runs code per request in environments that start on demand (cold starts).",
        _APP_TARGETS,
        _LAMBDA_PROPS,
        accepts_async=True,
    ),
    KindSpec(
        "sqs",
        "SQS queue",
        "Messaging",
        "regional",
        "Holds messages until a consumer polls; at-least-once, with a dead-letter queue.",
        ("asg", "ec2", "lambda"),
        _SQS_PROPS,
        accepts_async=True,
    ),
    KindSpec(
        "sns",
        "SNS topic",
        "Messaging",
        "regional",
        "Publish once, deliver a copy to every subscriber (fan-out).",
        ("sqs", "lambda", "external"),
        _SNS_PROPS,
        accepts_async=True,
    ),
    KindSpec(
        "elasticache",
        "ElastiCache",
        "Data",
        "zonal",
        "In-memory cache: hits answer fast, misses go on to the next edge (the database).",
        ("rds", "dynamodb", "s3", "external"),
        _ELASTICACHE_PROPS,
    ),
    KindSpec(
        "rds",
        "RDS database",
        "Data",
        "zonal",
        "Relational database: one primary for writes, optional standby and read replicas. "
        "An edge to another RDS node makes that one a cross-Region replica.",
        ("rds",),
        _RDS_PROPS,
    ),
    KindSpec(
        "dynamodb",
        "DynamoDB table",
        "Data",
        "regional",
        "Key-value table split over partitions; a hot key throttles its partition. "
        "An edge to another table replicates to it (global tables); to Lambda, a stream.",
        ("lambda", "dynamodb"),
        _DYNAMODB_PROPS,
    ),
    KindSpec(
        "s3",
        "S3 bucket",
        "Data",
        "regional",
        "Object storage; can notify a queue, topic or function on each write. "
        "An edge to another bucket replicates to it.",
        ("lambda", "sqs", "sns", "s3"),
        _S3_PROPS,
    ),
    KindSpec(
        "step_functions",
        "Step Functions",
        "Orchestration",
        "regional",
        "A workflow of steps with retries; each step can call a service.",
        (
            "api_gateway",
            "ec2",
            "lambda",
            "sqs",
            "sns",
            "dynamodb",
            "s3",
            "step_functions",
            "external",
        ),
        _STEP_FUNCTIONS_PROPS,
        accepts_async=True,
    ),
    KindSpec(
        "external",
        "External API",
        "External",
        "global",
        "A service outside AWS (a payment provider, a partner API).",
        (),
        _EXTERNAL_PROPS,
    ),
)


def _with_inputs(kinds: tuple[KindSpec, ...]) -> Mapping[str, KindSpec]:
    """Index the kinds by name, deriving each kind's allowed callers from the others' outputs
    (so the two directions can never disagree)."""
    result = {}
    for spec in kinds:
        inputs = tuple(k.kind for k in kinds if spec.kind in k.outputs)
        result[spec.kind] = replace(spec, inputs=inputs)
    return MappingProxyType(result)


KINDS: Mapping[str, KindSpec] = _with_inputs(_KIND_LIST)

# The pricing table an enum prop selects a row of (for `default_from` and for the engine).
CHOICE_TABLES: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "instance_type": pricing.INSTANCE_TYPES,
        "instance_class": pricing.DATABASE_CLASSES,
        "node_type": pricing.CACHE_NODE_TYPES,
    }
)


def derived_default(spec: PropSpec, props: Mapping[str, Any]) -> Any:
    """The default of a prop whose default comes from another prop's choice (`default_from`),
    given the node's other props (already filled)."""
    if not spec.default_from:
        return spec.default
    source, attribute = spec.default_from.split(".")
    row = CHOICE_TABLES[source].get(props.get(source))
    return getattr(row, attribute) if row is not None else spec.default


# --- edges ---------------------------------------------------------------------------------------

EDGE_PROPS: tuple[PropSpec, ...] = (
    _enum(
        "mode",
        "sync",
        ("sync", "async"),
        "sync: the caller waits for the answer; async: it hands the message over and moves on.",
    ),
    _ratio("p", 1.0, "Probability that a request makes this call."),
    _int(
        "weight",
        1,
        0,
        255,
        None,
        "Share of traffic for Route 53 weighted routing (weight / sum of weights).",
        "AWS Route 53 docs: record weights 0-255",
    ),
    _enum(
        "role",
        "primary",
        ("primary", "secondary"),
        "For Route 53 failover routing: the primary target, or the one used when it fails.",
        "AWS Route 53 docs: failover routing (primary and secondary records)",
    ),
)

# --- the run -------------------------------------------------------------------------------------

RUN_PROPS: tuple[PropSpec, ...] = (
    _float(
        "duration",
        300.0,
        DEFAULT_LIMITS.min_duration_s,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "Simulated time the run covers.",
    ),
    _int(
        "seed",
        1,
        0,
        DEFAULT_LIMITS.max_seed,
        None,
        "Random seed: the same design and seed give the same report.",
    ),
    _float(
        "warmup",
        0.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "The first seconds, left out of the report's figures (must be less than duration).",
    ),
)


# --- faults and goals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FaultKindSpec:
    """A failure a design or a live run can inject. `target` says what the fault's target id
    names: a node (of one of `target_kinds`), an AZ id or a Region id."""

    kind: str
    label: str
    target: str
    description: str
    target_kinds: tuple[str, ...] = ()
    needs_ms: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "target": self.target,
            "target_kinds": list(self.target_kinds),
            "needs_ms": self.needs_ms,
            "description": self.description,
        }


_NOT_CLIENTS = tuple(k for k in KINDS if k != "client")

FAULT_KINDS: Mapping[str, FaultKindSpec] = MappingProxyType(
    {
        f.kind: f
        for f in (
            FaultKindSpec(
                "instance_crash",
                "Instance crash",
                "node",
                "One instance stops: an EC2 instance, one member of an Auto Scaling group, "
                "a database primary or a cache node.",
                ("asg", "ec2", "rds", "elasticache"),
            ),
            FaultKindSpec(
                "az_outage",
                "AZ outage",
                "az",
                "Everything in one Availability Zone stops answering.",
            ),
            FaultKindSpec(
                "region_outage",
                "Region outage",
                "region",
                "Everything in one Region stops answering.",
            ),
            FaultKindSpec(
                "dependency_outage",
                "Dependency outage",
                "node",
                "One component fails every call.",
                _NOT_CLIENTS,
            ),
            FaultKindSpec(
                "added_latency",
                "Added latency",
                "node",
                "One component answers `ms` milliseconds slower.",
                _NOT_CLIENTS,
                needs_ms=True,
            ),
        )
    }
)


@dataclass(frozen=True)
class GoalMetricSpec:
    """A figure of the report a goal can test. `scopes`: "global" (scope null) and/or "node"
    (scope a node or client id)."""

    metric: str
    label: str
    unit: str | None
    description: str
    scopes: tuple[str, ...] = ("global", "node")
    min: float = 0.0
    max: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "label": self.label,
            "unit": self.unit,
            "scopes": list(self.scopes),
            "min": self.min,
            "max": self.max,
            "description": self.description,
        }


GOAL_METRICS: Mapping[str, GoalMetricSpec] = MappingProxyType(
    {
        g.metric: g
        for g in (
            GoalMetricSpec(
                "p50_ms", "p50 latency", "ms", "Half of the requests were faster than this."
            ),
            GoalMetricSpec(
                "p95_ms", "p95 latency", "ms", "95% of the requests were faster than this."
            ),
            GoalMetricSpec(
                "p99_ms", "p99 latency", "ms", "99% of the requests were faster than this."
            ),
            GoalMetricSpec("mean_ms", "Mean latency", "ms", "Average time of a request."),
            GoalMetricSpec(
                "error_rate", "Error rate", None, "Share of requests that failed (0..1).", max=1.0
            ),
            GoalMetricSpec(
                "throughput_rps", "Throughput", "req/s", "Requests completed per second."
            ),
            GoalMetricSpec(
                "cost_per_hour", "Cost per hour", "USD/h", "What the design costs to run."
            ),
            GoalMetricSpec(
                "rto_s",
                "Recovery time (RTO)",
                "s",
                "Measured time from a fault until service recovered (worst fault).",
                scopes=("global",),
            ),
            GoalMetricSpec(
                "rpo_s",
                "Data loss window (RPO)",
                "s",
                "Measured span of acknowledged writes lost to a fault (worst fault).",
                scopes=("global",),
            ),
        )
    }
)

GOAL_OPS: tuple[str, ...] = ("<=", "<", ">=", ">", "==")


# --- the whole catalogue as JSON -----------------------------------------------------------------


def _regions_json() -> list[dict[str, Any]]:
    return [{"id": r.id, "name": r.name, "lat": r.lat, "lon": r.lon} for r in AWS_REGIONS.values()]


def catalogue_json(limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Everything the palette, the inspector and the API need, JSON-serialisable. Prop type
    "region" takes any id of `regions`."""
    return {
        "format": CATALOGUE_FORMAT,
        "kinds": [spec.to_json() for spec in KINDS.values()],
        "edge_props": [p.to_json() for p in EDGE_PROPS],
        "run_props": [p.to_json() for p in RUN_PROPS],
        "fault_kinds": [f.to_json() for f in FAULT_KINDS.values()],
        "goal_metrics": [g.to_json() for g in GOAL_METRICS.values()],
        "goal_ops": list(GOAL_OPS),
        "regions": _regions_json(),
        "pricing": {"as_of": pricing.PRICES_AS_OF, "source": pricing.PRICES_SOURCE},
        "limits": limits.to_json(),
    }
