"""The AWS Regions a design may use (and a client may sit in), with each Region's approximate
location for the network model (`simengine.network` turns two locations into a latency)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class AwsRegion:
    """An AWS Region: its id, its city, and roughly where it is (degrees), for network latency."""

    id: str
    name: str
    lat: float
    lon: float


AWS_REGIONS: Mapping[str, AwsRegion] = MappingProxyType(
    {
        r.id: r
        for r in (
            AwsRegion("us-east-1", "N. Virginia", 38.9, -77.4),
            AwsRegion("us-east-2", "Ohio", 40.0, -83.0),
            AwsRegion("us-west-1", "N. California", 37.4, -121.9),
            AwsRegion("us-west-2", "Oregon", 45.8, -119.7),
            AwsRegion("ca-central-1", "Canada (Central)", 45.5, -73.6),
            AwsRegion("sa-east-1", "Sao Paulo", -23.5, -46.6),
            AwsRegion("eu-west-1", "Ireland", 53.3, -6.3),
            AwsRegion("eu-west-2", "London", 51.5, -0.1),
            AwsRegion("eu-west-3", "Paris", 48.9, 2.3),
            AwsRegion("eu-central-1", "Frankfurt", 50.1, 8.7),
            AwsRegion("eu-north-1", "Stockholm", 59.3, 18.1),
            AwsRegion("eu-south-1", "Milan", 45.5, 9.2),
            AwsRegion("me-south-1", "Bahrain", 26.1, 50.6),
            AwsRegion("af-south-1", "Cape Town", -33.9, 18.4),
            AwsRegion("ap-south-1", "Mumbai", 19.1, 72.9),
            AwsRegion("ap-east-1", "Hong Kong", 22.3, 114.2),
            AwsRegion("ap-southeast-1", "Singapore", 1.3, 103.8),
            AwsRegion("ap-southeast-2", "Sydney", -33.9, 151.2),
            AwsRegion("ap-northeast-1", "Tokyo", 35.7, 139.7),
            AwsRegion("ap-northeast-2", "Seoul", 37.6, 127.0),
            AwsRegion("ap-northeast-3", "Osaka", 34.7, 135.5),
        )
    }
)
