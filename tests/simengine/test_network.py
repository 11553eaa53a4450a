"""Network latency figures: same AZ < cross-AZ < cross-Region, growing with distance."""

from __future__ import annotations

from simengine import network


def test_latency_grows_from_same_az_to_cross_az_to_cross_region() -> None:
    same = network.one_way("us-east-1", "us-east-1a", "us-east-1", "us-east-1a")
    cross = network.one_way("us-east-1", "us-east-1a", "us-east-1", "us-east-1b")
    region = network.one_way("us-east-1", "us-east-1a", "us-east-2", "us-east-2a")
    far = network.one_way("us-east-1", "us-east-1a", "ap-southeast-2", "ap-southeast-2a")
    assert 0 < same < cross < 0.002 < region < far


def test_inter_region_round_trips_match_published_figures_roughly() -> None:
    # published round trips: Virginia-Ireland about 70 ms, Virginia-Singapore about 220 ms
    rtt = 2 * 1000 * network.between_regions("us-east-1", "eu-west-1")
    assert 55 < rtt < 95
    rtt = 2 * 1000 * network.between_regions("us-east-1", "ap-southeast-1")
    assert 180 < rtt < 270


def test_users_reach_their_own_region_over_their_access_network() -> None:
    assert (
        network.one_way("eu-west-1", None, "eu-west-1", None, from_internet=True)
        == network.LAST_MILE_S
    )
