"""The one form of a design change (a solution, a hint's change): what it may do, what it may
not (touch the users, name what is not there), and that applying it leaves the original alone."""

import pytest

from playground.scenarios.patches import PatchError, apply_patch, check_patch

DOC = {
    "nodes": [
        {"id": "users", "kind": "client", "placement": {}, "props": {"rate": 10}},
        {"id": "lb", "kind": "alb", "placement": {"region": "r"}, "props": {}},
        {"id": "web", "kind": "asg", "placement": {"region": "r"}, "props": {"min": 1}},
    ],
    "edges": [
        {"id": "e1", "from": "users", "to": "lb", "props": {}},
        {"id": "e2", "from": "lb", "to": "web", "props": {}},
    ],
}
CDN = {"id": "cdn", "kind": "cloudfront", "placement": {}, "props": {}}


def test_a_change_removes_adds_moves_and_sets_props_and_leaves_the_original_alone():
    patch = {
        "remove": ["e1"],
        "add_nodes": [CDN],
        "add_edges": [
            {"id": "e3", "from": "users", "to": "cdn", "props": {}},
            {"id": "e4", "from": "cdn", "to": "lb", "props": {}},
        ],
        "placement": {"web": {"az": "r-a"}},
        "props": {"web": {"min": 2}, "cdn": {"ttl_s": 60}, "users": {"retries": 0}},
    }
    check_patch(patch, DOC)
    out = apply_patch(DOC, patch)
    assert [e["id"] for e in out["edges"]] == ["e2", "e3", "e4"]
    web = next(n for n in out["nodes"] if n["id"] == "web")
    assert web["props"] == {"min": 2} and web["placement"] == {"region": "r", "az": "r-a"}
    assert DOC["nodes"][2]["props"] == {"min": 1} and len(DOC["edges"]) == 2


def test_removing_a_node_takes_its_edges():
    out = apply_patch(DOC, {"remove": ["lb"]})
    assert [n["id"] for n in out["nodes"]] == ["users", "web"] and out["edges"] == []


@pytest.mark.parametrize(
    "patch,message",
    [
        ({}, "must be an object"),
        ({"goals": []}, "unknown keys"),
        ({"remove": ["nope"]}, "lacks"),
        ({"remove": ["users"]}, "may not remove the users"),
        ({"props": {"users": {"rate": 1000}}}, "users.rate"),
        ({"props": {"users": {"key_skew": 0}}}, "users.key_skew"),
        ({"placement": {"users": {"region": "x"}}}, "may not alter"),
        ({"props": {"ghost": {"x": 1}}}, "lacks"),
        ({"props": {"web": 3}}, "must map node ids"),
        ({"add_nodes": [{"id": "web", "kind": "ec2"}]}, "repeats"),
        ({"add_nodes": [{"id": "more", "kind": "client"}]}, "may not add users"),
        ({"add_edges": [{"from": "a"}]}, "each with an id"),
    ],
)
def test_a_change_that_cannot_apply_or_switches_the_lesson_off_is_refused(patch, message):
    with pytest.raises(PatchError, match=message):
        check_patch(patch, DOC)
