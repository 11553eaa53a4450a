"""Where an instance's application logs go: a file on its own disk, or a stream shipped off it
(the 12-factor app's "treat logs as event streams rather than local files").

Every request an EC2 instance (a lone ec2 or one of an Auto Scaling group's) serves writes one
log line, its access-log line. Where the line ends up is the node's `logs` prop:
- `local`: the line stays in a file on the instance's disk, its root EBS volume, which is
  deleted when the instance is terminated (DeleteOnTermination defaults to true for Auto
  Scaling). Every line on an instance the group terminates is lost: at scale-in, when it
  replaces a stopped or unhealthy instance (a crash, an AZ outage), in an instance refresh. A
  lone ec2 that crashes and comes back still has its disk, and so its lines.
- `stream`: a log agent on the instance (the CloudWatch agent) ships the lines to CloudWatch
  Logs every FLUSH_S. An instance that shuts down cleanly (it was drained, then terminated)
  flushes what it holds; one that stops abruptly (a crash, its AZ going dark) loses the lines
  written since the last flush. Each line shipped is ingested at CloudWatch Logs' price.

Only ec2 and asg have the prop; the other kinds built on instances (rds, elasticache) keep no
log book (`mode` None).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from simengine.pricing import USAGE_PRICES
from simengine.spec import enum_prop

if TYPE_CHECKING:
    from simengine.components.compute import Instance

LOGS_PROP = enum_prop(
    "logs",
    "local",
    ("local", "stream"),
    "Where the app writes its logs: local, a file on the instance's disk (gone when the "
    "instance is terminated); stream, shipped off it by a log agent every few seconds.",
    "AWS docs: EC2 Auto Scaling, Ebs DeleteOnTermination (default true); CloudWatch agent "
    "configuration file, logs section (force_flush_interval)",
)

FLUSH_S = 5.0  # AWS CloudWatch agent configuration file docs: logs force_flush_interval,
# default 5 s (the most time a line waits in the agent's buffer before it is sent)
LINE_BYTES = 250  # model assumption: one access-log line of a few hundred bytes


class LogBook:
    """One compute node's log lines: where they are kept, and how many have been lost."""

    def __init__(self) -> None:
        self.mode: str | None = None
        self.lost = 0
        self.shipped = 0  # lines written while streaming (each ingested by CloudWatch Logs)

    def wrote(self, inst: Instance, now: float) -> None:
        """`inst` has just written one line (`Instance.serve` does the "local" case inline)."""
        if self.mode == "local":
            inst.log_kept += 1
        elif self.mode == "stream":
            self._flush(inst, now)
            inst.log_buffer += 1
            self.shipped += 1

    def crashed(self, inst: Instance, now: float) -> None:
        """`inst` stopped abruptly: the agent's buffer goes with it (the disk stays)."""
        self._flush(inst, now)
        self.lost += inst.log_buffer
        inst.log_buffer = 0

    def terminated(self, inst: Instance, now: float) -> None:
        """`inst` is being terminated: its disk is deleted with whatever it holds. A running
        agent flushes its buffer first (a clean shutdown)."""
        if inst.alive:
            self._flush(inst, math.inf)
        self.lost += inst.log_kept
        inst.log_kept = 0

    def _flush(self, inst: Instance, now: float) -> None:
        """Ship the buffer if a flush has come due by `now` (flushes every FLUSH_S from the
        instance's launch)."""
        if now >= inst.log_flush_at:
            inst.log_buffer = 0
            if math.isfinite(now):
                due = math.floor((now - inst.launched) / FLUSH_S) + 1
                inst.log_flush_at = inst.launched + due * FLUSH_S

    def ingest_cost(self) -> float:
        """What the lines shipped cost to ingest into CloudWatch Logs (US dollars)."""
        gb = self.shipped * LINE_BYTES / 1e9
        return gb * USAGE_PRICES["cloudwatch_logs_per_gb_ingested"]
