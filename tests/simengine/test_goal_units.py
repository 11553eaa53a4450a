"""Every goal number a learner reads carries its unit (issue 15): the CLI's summary and verdict
and the class CSV's headings say "75.45 ms", "1%", "$0.52/h", "3 duplicates", never a bare
"actual 75.45"."""

from simengine.goal_metrics import GOAL_METRICS, with_unit


def test_each_kind_of_goal_number_reads_with_its_unit():
    assert with_unit(75.45, "ms") == "75.45 ms"
    assert with_unit(12000, "ms") == "12,000 ms", "no exponent form"
    assert with_unit(0.012, None, "error_rate") == "1.2%"
    assert with_unit(0.5234, "USD/h", "cost_per_hour") == "$0.5234/h"
    assert with_unit(150, "req/s") == "150 req/s"
    assert with_unit(3, "duplicates") == "3 duplicates"
    assert with_unit(1, "messages") == "1 message", "a count of one is singular"
    assert with_unit(1, "s") == "1 s" and with_unit(1, "ms") == "1 ms", "a measure stays as it is"
    assert with_unit(None, "ms") == "n/a"


def test_every_goal_metric_but_the_error_rate_names_a_unit():
    unitless = [m for m, spec in GOAL_METRICS.items() if not spec.unit]
    assert unitless == ["error_rate"], "the error rate is a share, said in percent"
