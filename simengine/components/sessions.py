"""Where the calling app keeps a user's session (login, cart), and what the load balancer's
stickiness does with it. A user is the request's key (`key_count` users).

Two props of the client, both the app's code and configuration, not the users':
- `sticky_sessions` is the ALB's stickiness (a cookie binds the user to one target): the user
  keeps going to the instance that served them, until it leaves rotation; then the ALB picks a
  new target and binds the user to it (AWS ELB docs, "Sticky sessions for your Application Load
  Balancer", https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html).
- `sessions` is where the app keeps the session:
  - "none": the app has no login state (an API); nothing can be lost. Stickiness only routes.
  - "instance": in the memory of the instance that served the user last. A request that lands on
    another instance finds no session: the user is logged out (a session lost, and the request
    fails 5xx, the error the ALB path answers). With stickiness that happens only when the
    user's instance leaves (scale-in, a crash); without it, on about (n-1)/n of a returning
    user's requests over n instances, and never with one instance.
  - "store": in a session store every instance reads (ElastiCache or DynamoDB), so any instance
    can serve any request and none is lost ("Session Management", AWS caching,
    https://aws.amazon.com/caching/session-management/). The web tier the users reach must call
    such a store: `store_rule` refuses the design otherwise.
Sessions are followed where an ALB picks the instance; a Lambda target, or one instance the
users call directly, loses none (model simplification).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from simengine.spec import Add, bool_prop, enum_prop

if TYPE_CHECKING:
    from simengine.components.alb import Alb
    from simengine.components.base import Request
    from simengine.components.compute import Instance
    from simengine.design import Design, Node

STICKY_DOC = (
    "AWS ELB docs, Sticky sessions for your Application Load Balancer "
    "(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html)"
)
STORE_DOC = "AWS, Session Management (https://aws.amazon.com/caching/session-management/)"

SESSION_PROPS = (
    bool_prop(
        "sticky_sessions",
        False,
        "The load balancer sends each user back to the instance that served them, until it "
        "leaves. Loses nothing by itself: see Sessions for where the session is kept.",
        STICKY_DOC,
    ),
    enum_prop(
        "sessions",
        "none",
        ("none", "instance", "store"),
        "Where the app keeps each user's session: none (no login state), instance (in the "
        "memory of the instance that served the user last: lost when a request lands on "
        "another one), store (in ElastiCache or DynamoDB, which the web tier must call: "
        "never lost).",
        STORE_DOC,
    ),
)

ROUTERS = ("route53", "cloudfront", "api_gateway", "alb")  # pass a request on to the web tier
WEB_TIER = ("ec2", "asg", "lambda")
STORES = ("elasticache", "dynamodb")


def route(alb: Alb, req: Request) -> tuple[Instance | None, bool]:
    """The ALB's target for the request, and whether the user's session was lost on the way.
    The ALB asks only for users whose session it must follow: sticky, or kept in the memory
    of an instance (any other request is simply `alb.pick(req)`)."""
    client = req.client
    where = client.sessions
    user = client.key_of(req)
    last = alb.sessions.get(user)  # the instance that served this user last
    if client.sticky and last is not None and last in alb.rotation:
        return last, False
    inst = alb.pick(req)
    if inst is None:
        return None, False
    alb.sessions[user] = inst  # the user logs in again here, if the session was lost
    return inst, where == "instance" and last is not None and last is not inst


def store_rule(design: Design, node: Node, paths: Mapping[str, str], add: Add) -> None:
    """Sessions in a store need a store: every web tier node the users reach (through DNS,
    CDN, API Gateway or a load balancer) must call an ElastiCache or DynamoDB node."""
    if node.props["sessions"] != "store":
        return
    web, seen, todo = [], {node.id}, [node.id]
    while todo:
        for edge in design.out_edges(todo.pop()):
            target = design.node(edge.target)
            if edge.is_async or target.id in seen:
                continue
            seen.add(target.id)
            if target.kind in WEB_TIER:
                web.append(target)
            elif target.kind in ROUTERS:
                todo.append(target.id)
    path = f"{paths.get(node.id, 'nodes')}.props.sessions"
    if not web:
        add(
            path,
            f"{node.name} keeps sessions in a store, but reaches no web tier (EC2, Auto "
            "Scaling group or Lambda) to read it",
        )
    for tier in web:
        kinds = {design.node(e.target).kind for e in design.out_edges(tier.id)}
        if not kinds & set(STORES):
            add(
                path,
                f"{node.name} keeps sessions in a store, but {tier.name} calls no "
                "ElastiCache or DynamoDB node: connect it to a session store, or keep the "
                "sessions on the instance",
            )
