"""Issue 16: two daphne processes on the production settings, sharing PostgreSQL and Redis,
behind what a load balancer does (each learner's requests alternate between them). 400 requests
at concurrency 20 (20 learners, each 20 requests: a new design, then the home page, the design
list and autosaves of it, in turn): no answer is a 500, and the connections the two processes
hold stay within their pools: DATABASE_POOL_MAX_SIZE (4) each, 8 in all, however many requests
are in flight. (With the old conn_max_age=60 this held 80-99 connections, PostgreSQL's limit is
100, and answered 500 "too many clients".)"""

from __future__ import annotations

import pytest

from tests.postgres import production_pair
from tests.scale.load import class_load

pytestmark = [pytest.mark.live]

POOL = 4  # DATABASE_POOL_MAX_SIZE's default in playground/settings/base.py


@pytest.fixture(scope="module")
def two_processes():
    with production_pair() as (url, one, two):
        yield url, one, two


def test_a_class_over_two_production_processes_gets_no_500_and_bounded_connections(
    two_processes,
):
    url, one, two = two_processes
    outcome = class_load([one.http_url, two.http_url], url, learners=20, each=20)
    assert outcome.requests == 400
    assert not outcome.failures, f"{outcome.failures}\n{one.log()}\n{two.log()}"
    assert dict(outcome.statuses) == {201: 20, 200: 380}, outcome.statuses
    assert 1 <= outcome.peak_connections <= 2 * POOL, outcome.peak_connections
    assert outcome.connections_after <= 2 * POOL
