"""Seeds a class has already paid for: the results of earlier checks, shared by every process of
the server through the database (`models.SeedResult`), so thirty learners checking the same
design run it once.

A seed's result is a function of (design, seed, engine) (`simengine.verify_cache`). Before a
check starts, `check_key` names its design and `known_results` reads back what earlier checks of
it ran on this engine; as the check's process runs the other seeds, `results_store` keeps each
one (sync code: the consumer's `LiveServices` calls these through `database_sync_to_async`).
A row that does not read back as a result for the design (hand-edited, or from a bug) is
deleted and its seed simply run again (and kept anew). The table is bounded: `prune` (after
each check) drops rows of other engine versions, then the oldest beyond
LIVE_CHECK_CACHE_MAX_ROWS.

A check whose every needed seed is kept is answered at once (`answer_from_known`: verify's
own verdict on the kept results, no process started, no wait in line). Two checks of the same
design at the same moment in one server process run it once: the second follows the first
(`checks_queue`). In two server processes (REDIS_URL) both may run it; both keep their rows, and
the second write of a seed is ignored.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db.models import Q

from playground.models import SeedResult
from simengine.design import Design
from simengine.verify import verify
from simengine.verify_cache import design_key, engine_version, known_from_json, result_from_json

log = logging.getLogger(__name__)


def check_key(*, design: Design) -> dict[str, str]:
    """What a check of `design` is keyed by: {"key", "engine"}."""
    return {"key": design_key(design), "engine": engine_version()}


def known_results(*, key: str, engine: str, goals: int, seeds: int) -> list[dict[str, Any]]:
    """The stored results of seeds 1..`seeds` of the design `key` on `engine`, as
    `simengine.verify_cache.result_to_json` rows, each one a well-formed result for `goals`
    goals (the others are deleted, and logged)."""
    rows = SeedResult.objects.filter(key=key, engine=engine, seed__lte=seeds).values(
        "seed", "values", "passed"
    )
    known, bad = [], []
    for row in rows:
        if result_from_json(row, goals) is None:
            bad.append(row["seed"])
        else:
            known.append({**row, "stopped": None})
    if bad:  # dropped, so the check that runs these seeds again keeps them anew
        log.warning("dropping malformed stored results: seeds %s of design %s", bad, key)
        SeedResult.objects.filter(key=key, engine=engine, seed__in=bad).delete()
    return known


def results_store(*, key: str, engine: str, results: list[dict[str, Any]]) -> int:
    """Keep each of `results` (result_to_json rows, of runs that were not stopped) that is not
    kept already (a seed written twice keeps its first row); returns how many it offered."""
    rows = [
        SeedResult(key=key, seed=r["seed"], engine=engine, values=r["values"], passed=r["passed"])
        for r in results
        if not r.get("stopped")
    ]
    if not rows:
        return 0
    return len(SeedResult.objects.bulk_create(rows, ignore_conflicts=True))


def prune(*, engine: str, max_rows: int | None = None) -> int:
    """Drop the rows of every other engine version, then the oldest past `max_rows` (default
    LIVE_CHECK_CACHE_MAX_ROWS); returns how many went."""
    cap = settings.LIVE_CHECK_CACHE_MAX_ROWS if max_rows is None else max_rows
    gone, _ = SeedResult.objects.exclude(engine=engine).delete()
    newest_first = SeedResult.objects.order_by("-created", "-id").values_list("created", "id")
    first_past = newest_first[cap : cap + 1].first()
    if first_past is not None:
        created, pk = first_past
        older = Q(created__lt=created) | Q(created=created, id__lte=pk)
        dropped, _ = SeedResult.objects.filter(older).delete()
        gone += dropped
    return gone


class _NotKept(Exception):
    """verify would now run a seed that is not kept."""


def answer_from_known(
    *, document: dict[str, Any], seeds: int, known: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """verify's result for `document` on up to `seeds` seeds when every seed it needs is among
    `known` (result_to_json rows), else None. It is verify itself that decides which seeds are
    needed (it stops at the first check point where every verdict is certain), in this process
    and without running anything: its hooks stop it before it would run a seed not kept."""
    goals = len(document.get("goals") or [])
    kept = known_from_json(known, goals)
    if 1 not in kept:
        return None

    def progress(done: int, planned: int) -> None:
        if done < planned and done + 1 not in kept:
            raise _NotKept

    def look(done: int, rows: list[dict[str, Any]]) -> None:
        if done < seeds and done + 1 not in kept and not all(r["certain"] for r in rows):
            raise _NotKept

    try:
        return verify(document, seeds, workers=1, on_progress=progress, on_look=look, known=kept)
    except _NotKept:
        return None
