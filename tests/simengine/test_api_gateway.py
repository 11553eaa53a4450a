"""API Gateway: a token bucket throttles requests above its rate with 429."""

from __future__ import annotations

import pytest
from sim_helpers import doc, events, node, sim


def test_api_gateway_throttles_above_its_rate_with_429() -> None:
    d = doc(
        [
            node("users", "client", rate=300, retries=0),
            node("api", "api_gateway", rate_limit=100, burst=50),
            node("fn", "lambda"),
        ],
        [("users", "api"), ("api", "fn")],
        duration=60,
    )
    rep = sim(d).run_to_end()
    api = rep["nodes"]["api"]
    assert api["throttled"] / api["arrivals"] == pytest.approx(2 / 3, abs=0.02)
    assert rep["requests"]["by_cause"]["throttled"] == api["throttled"]


def regional(region: str, rates: tuple[float, ...]) -> dict:
    """Users calling one API Gateway each (in `region`), in front of one function."""
    fn = node("fn", "lambda", placement={"region": region}, concurrency_limit=10_000)
    nodes, edges = [fn], []
    for k, rate in enumerate(rates):
        nodes += [
            node(f"users{k}", "client", rate=rate, pattern="constant", retries=0),
            node(f"api{k}", "api_gateway", placement={"region": region}),
        ]
        edges += [(f"users{k}", f"api{k}"), (f"api{k}", "fn")]
    azs = [f"{region}a", f"{region}b"]
    return doc(nodes, edges, duration=20, regions=[{"id": region, "azs": azs}])


def test_the_account_throttle_is_lower_in_some_regions() -> None:
    # Amazon API Gateway quotas: 10,000 RPS (5,000 burst) per account and Region, but "2500 RPS
    # and ... 1250" in Africa (Cape Town), Europe (Milan) and others:
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    virginia = sim(regional("us-east-1", (3000,))).run_to_end()
    milan = sim(regional("eu-south-1", (3000,))).run_to_end()
    assert virginia["nodes"]["api0"]["throttled"] == 0
    api = milan["nodes"]["api0"]
    # 20 s of 3,000 req/s against 2,500 a second plus the 1,250 burst
    expected = (3000 * 20 - (1250 + 2500 * 20)) / (3000 * 20)
    assert api["throttled"] / api["arrivals"] == pytest.approx(expected, rel=0.02)
    said = [e["message"] for e in events(milan, "throttling") if e["node"] == "api0"]
    assert "account quota, 2500 req/s (burst 1250)" in said[0]


def test_the_apis_of_a_region_share_its_account_throttle() -> None:
    rep = sim(regional("af-south-1", (1500, 1500))).run_to_end()  # each well under 10,000
    throttled = sum(rep["nodes"][a]["throttled"] for a in ("api0", "api1"))
    expected = 3000 * 20 - (1250 + 2500 * 20)  # together 3,000 req/s against 2,500
    assert throttled == pytest.approx(expected, rel=0.02)
