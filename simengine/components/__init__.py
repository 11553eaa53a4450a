"""Component kinds, registered by name. Adding a kind is one module and one line here."""
from __future__ import annotations

from simengine.components.alb import Alb
from simengine.components.asg import Asg
from simengine.components.base import Component, Link, Request
from simengine.components.client import Client
from simengine.components.ec2 import Ec2
from simengine.components.rds import Rds

REGISTRY: dict[str, type[Component]] = {
    "client": Client,
    "alb": Alb,
    "asg": Asg,
    "ec2": Ec2,
    "rds": Rds,
}

__all__ = ["REGISTRY", "Component", "Link", "Request"]
