"""Instance sizes and approximate AWS list prices: one dated table.

The catalogue's `instance_type`, `instance_class` and `node_type` choices come from here, as do
derived defaults (an EC2 instance serves as many requests at once as it has vCPUs; an RDS
instance accepts about as many connections as MySQL's default formula gives for its memory).

Prices are approximate public on-demand list prices for us-east-1 (Linux, single-AZ), in US
dollars, as published by AWS in 2024-2025 and written down on PRICES_AS_OF. They are teaching
figures so a learner sees that a design has a price per hour; they are not a bill. Other Regions
cost a little more; the model ignores that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, TypeVar

PRICES_AS_OF = "2025-01"
PRICES_SOURCE = "AWS public on-demand pricing pages, us-east-1, approximate"


@dataclass(frozen=True)
class InstanceType:
    """An EC2 instance type. `speed` is relative per-vCPU speed (m5 = 1.0; model assumption:
    c5 is compute-optimised, t3 is burstable and a little slower once credits run low).
    `gpu_speedup`: how many times faster ML inference (`components.tasks`) runs on its GPU
    than on its vCPUs alone (1: no GPU)."""

    name: str
    vcpus: int
    memory_gib: float
    speed: float
    usd_per_hour: float
    gpu_speedup: float = 1.0


@dataclass(frozen=True)
class DatabaseClass:
    """An RDS instance class. `max_connections` follows MySQL's default parameter
    {DBInstanceClassMemory/12582880} (AWS RDS docs: "Maximum number of database connections")."""

    name: str
    vcpus: int
    memory_gib: float
    max_connections: int
    usd_per_hour: float  # single-AZ; Multi-AZ (one standby) costs twice this


@dataclass(frozen=True)
class CacheNodeType:
    """An ElastiCache (Redis OSS) node type."""

    name: str
    vcpus: int
    memory_gib: float
    usd_per_hour: float


class _Row(Protocol):
    @property
    def name(self) -> str: ...


Row = TypeVar("Row", bound=_Row)


def _table(*rows: Row) -> Mapping[str, Row]:
    return MappingProxyType({row.name: row for row in rows})


INSTANCE_TYPES: Mapping[str, InstanceType] = _table(
    InstanceType("t3.micro", 2, 1, 0.9, 0.0104),
    InstanceType("t3.small", 2, 2, 0.9, 0.0208),
    InstanceType("t3.medium", 2, 4, 0.9, 0.0416),
    InstanceType("t3.large", 2, 8, 0.9, 0.0832),
    InstanceType("t3.xlarge", 4, 16, 0.9, 0.1664),
    InstanceType("m5.large", 2, 8, 1.0, 0.096),
    InstanceType("m5.xlarge", 4, 16, 1.0, 0.192),
    InstanceType("m5.2xlarge", 8, 32, 1.0, 0.384),
    InstanceType("c5.large", 2, 4, 1.15, 0.085),
    InstanceType("c5.xlarge", 4, 8, 1.15, 0.17),
    InstanceType("c5.2xlarge", 8, 16, 1.15, 0.34),
    InstanceType("r5.large", 2, 16, 1.0, 0.126),
    # GPU (accelerated computing) instances: AWS EC2 G4dn (one NVIDIA T4 per xlarge/2xlarge) and
    # G5 (one NVIDIA A10G), https://aws.amazon.com/ec2/instance-types/g4/ and .../g5/; prices
    # us-east-1 Linux on-demand as listed on PRICES_AS_OF (https://aws.amazon.com/ec2/pricing/
    # on-demand/). gpu_speedup, a model assumption: NVIDIA rates the T4 at "up to 40X higher
    # performance compared to CPUs" for inference (https://www.nvidia.com/en-us/data-center/
    # tesla-t4/), against a whole CPU server; taken as 10x per request slot (4 slots: about 40
    # vCPUs' worth). AWS measured G5 at up to 3x G4dn's inference throughput ("Achieve four
    # times higher ML inference throughput ... with Amazon EC2 G5 instances", AWS ML blog,
    # 2022): taken as 25x.
    InstanceType("g4dn.xlarge", 4, 16, 1.0, 0.526, gpu_speedup=10.0),
    InstanceType("g4dn.2xlarge", 8, 32, 1.0, 0.752, gpu_speedup=10.0),
    InstanceType("g5.xlarge", 4, 16, 1.0, 1.006, gpu_speedup=25.0),
)

DATABASE_CLASSES: Mapping[str, DatabaseClass] = _table(
    DatabaseClass("db.t3.micro", 2, 1, 85, 0.017),
    DatabaseClass("db.t3.small", 2, 2, 170, 0.034),
    DatabaseClass("db.t3.medium", 2, 4, 341, 0.068),
    DatabaseClass("db.m5.large", 2, 8, 683, 0.171),
    DatabaseClass("db.m5.xlarge", 4, 16, 1365, 0.342),
    DatabaseClass("db.r5.large", 2, 16, 1365, 0.24),
    DatabaseClass("db.r5.xlarge", 4, 32, 2730, 0.48),
)

CACHE_NODE_TYPES: Mapping[str, CacheNodeType] = _table(
    CacheNodeType("cache.t3.micro", 2, 0.5, 0.017),
    CacheNodeType("cache.t3.small", 2, 1.37, 0.034),
    CacheNodeType("cache.t3.medium", 2, 3.09, 0.068),
    CacheNodeType("cache.m5.large", 2, 6.38, 0.156),
    CacheNodeType("cache.r5.large", 2, 13.07, 0.216),
)

# Pay-per-use prices (US dollars). Keys say the unit.
USAGE_PRICES: Mapping[str, float] = MappingProxyType(
    {
        "alb_per_hour": 0.0225,  # plus LCUs, which the model ignores
        "alb_per_lcu_hour": 0.008,
        "lambda_per_gb_second": 0.0000166667,
        "lambda_per_million_requests": 0.20,
        "sqs_per_million_requests": 0.40,  # standard queue, after the free tier
        "sns_per_million_publishes": 0.50,
        "api_gateway_per_million_requests": 3.50,  # REST API, first tier
        "dynamodb_on_demand_per_million_reads": 0.125,  # after the November 2024 price cut
        "dynamodb_on_demand_per_million_writes": 0.625,
        "dynamodb_per_rcu_hour": 0.00013,
        "dynamodb_per_wcu_hour": 0.00065,
        "s3_per_thousand_gets": 0.0004,
        "s3_per_thousand_puts": 0.005,
        "route53_per_million_queries": 0.40,
        "route53_health_check_per_month": 0.50,
        "cloudfront_per_10k_https_requests": 0.01,
        "step_functions_per_thousand_transitions": 0.025,  # standard workflows
        "step_functions_express_per_million_requests": 1.00,
        "cloudwatch_logs_per_gb_ingested": 0.50,  # CloudWatch pricing: Logs, standard class,
        # collect (data ingestion) per GB
    }
)

HOURS_PER_MONTH = 730.0  # AWS pricing pages' convention
