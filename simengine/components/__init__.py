"""Component kinds, registered by name. Adding a kind is one module and one line here."""

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

REGISTRY: dict[str, type[Component]] = {
    "client": Client,
    "route53": Route53,
    "cloudfront": CloudFront,
    "api_gateway": ApiGateway,
    "alb": Alb,
    "asg": Asg,
    "ec2": Ec2,
    "lambda": LambdaFn,
    "sqs": Sqs,
    "sns": Sns,
    "elasticache": ElastiCache,
    "rds": Rds,
    "dynamodb": DynamoDb,
    "s3": S3,
    "step_functions": StepFunctions,
    "external": External,
}

__all__ = ["REGISTRY", "Component", "Link", "Request"]
