"""Placement: global kinds sit in no Region, regional ones in a declared Region (some or all
of its AZs), zonal ones in one AZ of it; Region and AZ ids are AWS ids."""

from __future__ import annotations

from design_samples import node, problems, web_app

from simengine.validation import parse_design


def test_a_client_may_sit_in_any_aws_region():
    doc = web_app()
    node(doc, "users")["props"]["location"] = "ap-southeast-2"
    assert problems(doc) == {}


def test_a_global_kind_is_not_placed_in_a_region():
    doc = web_app()
    node(doc, "users")["placement"] = {"region": "us-east-1"}
    assert "is global" in problems(doc)["nodes[0].placement"]


def test_a_regional_kind_needs_a_declared_region():
    doc = web_app()
    node(doc, "lb")["placement"] = {}
    assert "choose the Region" in problems(doc)["nodes[1].placement.region"]
    node(doc, "lb")["placement"] = {"region": "eu-west-1"}
    assert "is not declared in regions" in problems(doc)["nodes[1].placement.region"]


def test_a_zonal_kind_needs_an_az_of_its_region():
    doc = web_app()
    node(doc, "db")["placement"] = {"region": "us-east-1"}
    assert "is zonal" in problems(doc)["nodes[3].placement.az"]
    node(doc, "db")["placement"] = {"region": "us-east-1", "az": "us-east-1c"}
    assert "is not an AZ declared in us-east-1" in problems(doc)["nodes[3].placement.az"]


def test_a_regional_kind_may_use_some_of_the_azs():
    doc = web_app()
    node(doc, "web")["placement"] = {"region": "us-east-1", "azs": ["us-east-1b"]}
    assert parse_design(doc).node("web").placement.azs == ("us-east-1b",)
    node(doc, "web")["placement"] = {"region": "us-east-1", "azs": ["us-east-1d"]}
    assert "not an AZ declared" in problems(doc)["nodes[2].placement.azs[0]"]


def test_regions_and_azs_are_aws_ids_declared_once():
    doc = web_app()
    doc["regions"] = [
        {"id": "us-east-1", "azs": ["us-east-1a", "us-east-1a", "eu-west-1a"]},
        {"id": "us-east-1", "azs": ["us-east-1a"]},
        {"id": "moon-1", "azs": []},
    ]
    found = problems(doc)
    assert found["regions[0].azs[1]"] == "AZ us-east-1a is listed twice"
    assert "is not an AZ of us-east-1" in found["regions[0].azs[2]"]
    assert found["regions[1].id"] == "Region us-east-1 is declared twice"
    assert "must be an AWS Region id" in found["regions[2].id"]


def test_a_regional_node_without_azs_runs_in_every_az_of_its_region():
    design = parse_design(web_app())
    assert design.node("web").placement.azs == ("us-east-1a", "us-east-1b")
    assert design.node("db").placement.azs == ("us-east-1a",)
    assert design.node("users").placement.region is None
