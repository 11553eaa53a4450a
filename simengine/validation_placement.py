"""Where things run: the design's Regions and AZs, and each node's placement.

A node's scope comes from its kind (DESIGN.md): global kinds have an empty placement; regional
kinds name a declared Region and optionally some of its AZs (all of them when left out); zonal
kinds name a Region and one of its AZs. Region ids are AWS Region ids (`AWS_REGIONS`), and an AZ
id is its Region id plus one letter (us-east-1a), as in AWS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from simengine.catalogue import KINDS
from simengine.design import Placement, Region
from simengine.props import describe, suggest
from simengine.reading import Report, as_list, as_object, at, unknown_keys
from simengine.regions import AWS_REGIONS

REGION_KEYS = ("id", "azs")


def parse_regions(raw: Any, report: Report) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    items = as_list(raw, "regions", report, report.limits.max_regions, "Regions")
    for index, item in report.each(items):
        path = at("regions", index)
        region = _parse_region(item, path, report)
        if region is None:
            continue
        if region.id in regions:
            report.add(at(path, "id"), f"Region {region.id} is declared twice")
            continue
        regions[region.id] = region
    return regions


def _parse_region(item: Any, path: str, report: Report) -> Region | None:
    obj = as_object(item, path, report)
    if obj is None:
        return None
    unknown_keys(obj, REGION_KEYS, path, report)
    region_id = obj.get("id")
    if not isinstance(region_id, str) or region_id not in AWS_REGIONS:
        report.add(
            at(path, "id"),
            f"must be an AWS Region id such as us-east-1, not "
            f"{describe(region_id)}" + suggest(region_id, AWS_REGIONS),
        )
        return None
    azs = _parse_azs(obj.get("azs"), region_id, at(path, "azs"), report)
    return Region(region_id, azs)


def _parse_azs(raw: Any, region_id: str, path: str, report: Report) -> tuple[str, ...]:
    items = as_list(raw, path, report, report.limits.max_azs_per_region, "Availability Zones")
    if raw is None or (isinstance(raw, list) and not raw):
        report.add(
            path, f"Region {region_id} needs at least one Availability Zone, such as {region_id}a"
        )
    azs: list[str] = []
    for index, az in enumerate(items):
        if not isinstance(az, str) or not re.fullmatch(re.escape(region_id) + "[a-z]", az):
            report.add(
                at(path, index),
                f"{describe(az)} is not an AZ of {region_id}: "
                f"use the Region id and a letter, such as {region_id}a",
            )
        elif az in azs:
            report.add(at(path, index), f"AZ {az} is listed twice")
        else:
            azs.append(az)
    return tuple(azs)


def parse_placement(
    raw: Any, kind: str, path: str, regions: Mapping[str, Region], report: Report
) -> Placement:
    obj = {} if raw is None else as_object(raw, path, report)
    if obj is None:
        return Placement()
    scope = KINDS[kind].scope
    label = KINDS[kind].label
    if scope == "global":
        if obj:
            report.add(
                path,
                f"{label} is global: leave its placement empty ({{}}), it is not inside a Region",
            )
        return Placement()
    unknown_keys(
        obj,
        ("region", "azs") if scope == "regional" else ("region", "az"),
        path,
        report,
        what="placement key",
    )
    region = _placement_region(obj.get("region"), label, scope, path, regions, report)
    if scope == "regional":
        return _regional(obj, region, path, report)
    return _zonal(obj, label, region, path, report)


def _placement_region(
    value: Any, label: str, scope: str, path: str, regions: Mapping[str, Region], report: Report
) -> Region | None:
    if value is None:
        report.add(at(path, "region"), f"{label} is {scope}: choose the Region it runs in")
        return None
    if not isinstance(value, str) or value not in regions:
        report.add(
            at(path, "region"),
            f"Region {describe(value)} is not declared in regions" + suggest(value, regions),
        )
        return None
    return regions[value]


def _regional(obj: dict, region: Region | None, path: str, report: Report) -> Placement:
    if region is None:
        return Placement()
    raw = obj.get("azs")
    if raw is None:
        return Placement(region.id, None, region.azs)
    items = as_list(raw, at(path, "azs"), report, report.limits.max_azs_per_region, "AZs")
    if isinstance(raw, list) and not raw:
        report.add(at(path, "azs"), "must list at least one AZ (leave azs out for all of them)")
    azs: list[str] = []
    for index, az in enumerate(items):
        if az in azs:
            report.add(at(at(path, "azs"), index), f"AZ {az} is listed twice")
        elif not isinstance(az, str) or az not in region.azs:
            report.add(
                at(at(path, "azs"), index),
                f"{describe(az)} is not an AZ declared in {region.id}" + suggest(az, region.azs),
            )
        else:
            azs.append(az)
    return Placement(region.id, None, tuple(azs))


def _zonal(obj: dict, label: str, region: Region | None, path: str, report: Report) -> Placement:
    az = obj.get("az")
    if az is None:
        report.add(at(path, "az"), f"{label} is zonal: choose the Availability Zone it runs in")
        return Placement(region.id if region else None)
    if region is None:
        return Placement()
    if not isinstance(az, str) or az not in region.azs:
        report.add(
            at(path, "az"),
            f"{describe(az)} is not an AZ declared in {region.id}" + suggest(az, region.azs),
        )
        return Placement(region.id)
    return Placement(region.id, az, (az,))
