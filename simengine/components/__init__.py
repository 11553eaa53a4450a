"""The component kinds. Each module describes its kind (`SPEC`) beside its behaviour class;
`KINDS` below is the one list of them, in palette order. The engine's `REGISTRY` and the
catalogue's kinds are both built from it, so adding a kind is one module and one line here."""

from __future__ import annotations

from simengine.components.alb import Alb
from simengine.components.api_gateway import ApiGateway
from simengine.components.asg import Asg
from simengine.components.base import Component, Link, Request
from simengine.components.client import Client
from simengine.components.cloudfront import CloudFront
from simengine.components.dynamodb import DynamoDb
from simengine.components.ec2 import Ec2
from simengine.components.elasticache import ElastiCache
from simengine.components.external import External
from simengine.components.lambda_fn import LambdaFn
from simengine.components.rds import Rds
from simengine.components.route53 import Route53
from simengine.components.s3 import S3
from simengine.components.sns import Sns
from simengine.components.sqs import Sqs
from simengine.components.step_functions import StepFunctions

KINDS: tuple[type[Component], ...] = (
    Client,
    Route53,
    CloudFront,
    ApiGateway,
    Alb,
    Asg,
    Ec2,
    LambdaFn,
    Sqs,
    Sns,
    ElastiCache,
    Rds,
    DynamoDb,
    S3,
    StepFunctions,
    External,
)

REGISTRY: dict[str, type[Component]] = {cls.kind: cls for cls in KINDS}

__all__ = ["KINDS", "REGISTRY", "Component", "Link", "Request"]
