"""Network latency between placements: same AZ, across AZs, across Regions, and from a client.

One-way figures in seconds. Within a Region the figures are typical public measurements; between
Regions the latency is estimated from the great-circle distance between the Regions' locations at
the speed of light in fibre (about 200,000 km/s, i.e. 5 us per km) times a route factor, which
reproduces published inter-Region round-trip tables within about 20%.
"""

from __future__ import annotations

import math

from simengine.regions import AWS_REGIONS

# AWS "Regions and Availability Zones": AZs are connected with low-latency links, "single-digit
# millisecond" round trips between AZs. Third-party measurements: about 0.1-0.3 ms one way inside
# an AZ and 0.4-1 ms across AZs (e.g. "AWS inter-AZ latency" benchmarks, 2023).
SAME_AZ_S = 0.0002
CROSS_AZ_S = 0.0007
# Regional services (ALB, SQS, DynamoDB, ...) have endpoints in every AZ of their Region: a call
# reaches the caller's own AZ most of the time.
REGIONAL_S = 0.0004
FIBRE_S_PER_KM = 5e-6  # light in glass: about 200,000 km/s
ROUTE_FACTOR = 1.5  # cables do not follow great circles (typical published ratio 1.3-2)
LAST_MILE_S = 0.010  # a user's access network to the nearest AWS edge, one way (third-party)
UNKNOWN_REGION_S = 0.040

# Each Region's approximate location comes from `simengine.regions.AWS_REGIONS`.
REGION_COORDS: dict[str, tuple[float, float]] = {r.id: (r.lat, r.lon) for r in AWS_REGIONS.values()}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def between_regions(r1: str, r2: str) -> float:
    """One-way latency between two Regions (0 inside one Region)."""
    if r1 == r2:
        return 0.0
    if r1 not in REGION_COORDS or r2 not in REGION_COORDS:
        return UNKNOWN_REGION_S
    return _km(REGION_COORDS[r1], REGION_COORDS[r2]) * FIBRE_S_PER_KM * ROUTE_FACTOR


def one_way(
    src_region: str | None,
    src_az: str | None,
    dst_region: str | None,
    dst_az: str | None,
    from_internet: bool = False,
) -> float:
    """One-way latency from a placement to another. `None` region: a global service (edge)."""
    if from_internet:
        return LAST_MILE_S + (
            between_regions(src_region, dst_region) if src_region and dst_region else 0.0
        )
    if src_region is None or dst_region is None:
        return LAST_MILE_S  # to or from a global service / third party over the internet
    if src_region != dst_region:
        return between_regions(src_region, dst_region)
    if src_az and dst_az:
        return SAME_AZ_S if src_az == dst_az else CROSS_AZ_S
    return REGIONAL_S
