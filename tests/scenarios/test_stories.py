"""The study guide's shared examples report as they always have (their golden reports). The
scenarios' own runs are checked, on several seeds, by test_beatability.py."""

import pytest

from simengine.simulation import Simulation
from simengine.validation import parse_design
from tests.scenarios.golden import assert_matches_golden


def run(document):
    design = parse_design(document)
    return Simulation(design, design.run.seed).run_to_end()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["three-tier", "video-spike"])
def test_the_shared_examples_report_as_they_always_have(name):
    from tests.simengine.design_samples import example

    assert_matches_golden(f"example.{name}", run(example(name)))
