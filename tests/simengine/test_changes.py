"""Live changes (`Simulation.set_props`, `Simulation.inject`) are checked as a saved design is:
the same coercion, the same kind rules over the merged props, the same messages."""

from __future__ import annotations

import pytest
from sim_helpers import PATIENT, doc, events, node, sim

from simengine.design import DesignError
from simengine.validation import parse_design


def web(**asg: object) -> dict:
    props = {"min": 1, "max": 4, "desired": 2, "service_ms": 20, "launch_s": 10, **asg}
    return doc(
        [
            node("users", "client", rate=20, **PATIENT),
            node("lb", "alb"),
            node("web", "asg", **props),
        ],
        [("users", "lb"), ("lb", "web")],
        duration=120,
    )


def problems(error: pytest.ExceptionInfo[DesignError]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in error.value.problems]


def saved_problem(**asg: object) -> tuple[str, str]:
    """The one problem the design parser reports for a saved design with these ASG props."""
    with pytest.raises(DesignError) as saved:
        parse_design(web(**asg))
    [problem] = saved.value.problems
    return problem.path.removeprefix("nodes[2]."), problem.message


@pytest.mark.parametrize(
    ("change", "saved"),
    [
        ({"desired": 5}, {"desired": 5}),
        ({"min": 5}, {"min": 5}),
        ({"max": 1}, {"max": 1}),
        (
            {"policy": "scheduled", "scheduled_desired": 9},
            {"policy": "scheduled", "scheduled_desired": 9},
        ),
    ],
)
def test_a_live_change_an_asg_design_would_refuse_is_refused_with_the_parsers_message(
    change: dict, saved: dict
) -> None:
    s = sim(web())
    s.advance(5)
    with pytest.raises(DesignError) as live:
        s.set_props("web", change)
    assert problems(live) == [saved_problem(**saved)]
    assert s.components["web"].props["max"] == 4  # nothing was applied
    assert not events(s.report(), "props_changed")


def test_a_live_change_is_merged_with_the_current_props() -> None:
    s = sim(web())
    s.advance(5)
    s.set_props("web", {"max": 8})
    s.set_props("web", {"desired": 6})  # above the design's max of 4, below the new one
    s.advance(20)
    assert s.components["web"].desired == 6
    messages = [e["message"] for e in events(s.report(), "props_changed")]
    assert messages == ["web: max set to 8", "web: desired set to 6"]


def test_a_client_rate_above_the_deployments_limit_is_refused_as_in_a_design() -> None:
    s = sim(web())
    with pytest.raises(DesignError) as live:
        s.set_props("users", {"rate": 10**9})
    [(path, message)] = problems(live)
    assert path == "props.rate" and "50000" in message.replace(",", "")


def test_an_unknown_prop_is_named_with_a_suggestion_like_the_parser_does() -> None:
    s = sim(web())
    with pytest.raises(DesignError) as live:
        s.set_props("web", {"desird": 3})
    [(path, message)] = problems(live)
    assert path == "props.desird" and "desired" in message


def test_an_injected_fault_with_a_bad_duration_is_refused_and_nothing_starts() -> None:
    s = sim(web())
    with pytest.raises(DesignError) as live:
        s.inject({"kind": "az_outage", "target": "us-east-1a", "duration": -1})
    assert problems(live) == [("fault.duration", "must be a number of at least 0")]
    assert s.report()["faults"] == []
