"""The ledger of writes that reached the data stores of one run, for idempotency.

At-least-once delivery (an SQS redelivery, a client retry after a timeout) can bring the same
write to a database twice. Like a shop's till roll, the ledger remembers each write's request id
for a while: a second copy of a write the client sent with an idempotency key is ignored; one sent
without is applied again, and counted, so the report can show the learner the duplicates.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

HORIZON_S = 600.0  # a duplicate later than this is no retry of any write still remembered
FORGET_AFTER = 200_000  # writes remembered per node before the oldest half is forgotten


class WriteLedger:
    """The writes of every data store in one run (`Simulation.shared("writes", WriteLedger)`)."""

    def __init__(self) -> None:
        self.applied: dict[str, dict[int, float]] = {}  # node id -> request id -> when applied
        self.counts: dict[str, list[int]] = {}  # node id -> [duplicates applied, ignored]

    def apply(self, node_id: str, req: Any, now: float, horizon_s: float = HORIZON_S) -> bool:
        """Count a write landing on `node_id`. False for a duplicate that an idempotency key
        made harmless (ignored), True when the write takes effect."""
        seen = self.applied.setdefault(node_id, {})
        counts = self.counts.setdefault(node_id, [0, 0])
        if req.id in seen and now - seen[req.id] <= horizon_s:
            if req.client is not None and req.client.idempotent:
                counts[1] += 1
                return False
            counts[0] += 1
            return True
        seen[req.id] = now
        if len(seen) > FORGET_AFTER:
            # Forget the oldest half at once (a dict keeps insertion order, which is time
            # order). Forgetting only those past the horizon freed nothing in a busy run and
            # rescanned every write: 200,000 entries per write once past the limit.
            for rid in list(islice(seen, len(seen) - FORGET_AFTER // 2)):
                del seen[rid]
        return True

    def summary(self, node_id: str) -> dict[str, int]:
        """The report's duplicate counts of a node that took writes (none if it took none)."""
        if node_id not in self.counts:
            return {}
        applied, ignored = self.counts[node_id]
        return {"duplicates_applied": applied, "duplicates_ignored": ignored}
