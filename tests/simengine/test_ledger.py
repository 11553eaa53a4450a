"""The ledger of writes: duplicates are told apart, and a busy store's memory stays bounded."""

from __future__ import annotations

from types import SimpleNamespace

from simengine.ledger import FORGET_AFTER, WriteLedger


def write(rid: int, idempotent: bool = False) -> SimpleNamespace:
    return SimpleNamespace(id=rid, client=SimpleNamespace(idempotent=idempotent))


def test_a_busy_store_forgets_its_oldest_writes_and_still_spots_a_recent_retry() -> None:
    ledger = WriteLedger()
    n = FORGET_AFTER + 10
    for rid in range(n):  # 2,000 writes a second for 100 s: all within the retry horizon
        ledger.apply("db", write(rid), rid / 2000.0)
    assert len(ledger.applied["db"]) <= FORGET_AFTER  # bounded, though none is past the horizon
    assert ledger.apply("db", write(n - 1), n / 2000.0)  # a retry of the last write: applied again
    assert ledger.summary("db") == {"duplicates_applied": 1, "duplicates_ignored": 0}
    assert not ledger.apply("db", write(n - 2, idempotent=True), n / 2000.0)  # ignored
