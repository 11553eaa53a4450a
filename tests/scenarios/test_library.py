"""The scenario library: every scenario is a valid design, loading is idempotent, and a broken
file stops the load. That every item of the study guide has a scenario where a learner sees it
is test_coverage.py's."""

import json

import pytest
from django.core.management import CommandError, call_command

from playground import scenarios as library
from playground.models import Scenario
from simengine.validation import parse_design

SCENARIOS = library.scenario_files()


def test_the_library_has_scenarios_in_gallery_order():
    assert len(SCENARIOS) >= 15
    orders = [s.order for s in SCENARIOS]
    assert orders == sorted(orders)
    assert len({s.slug for s in SCENARIOS}) == len(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.slug for s in SCENARIOS])
def test_every_scenario_is_a_runnable_design_with_goals_and_hints(scenario):
    design = parse_design(scenario.document)
    assert design.goals, "a scenario without goals gives the learner nothing to reach"
    assert scenario.hints and all(h.strip() for h in scenario.hints)
    assert len(scenario.summary) <= 200
    assert scenario.story.strip()


@pytest.mark.django_db
def test_loading_twice_creates_each_scenario_once_and_updates_in_place(capsys):
    call_command("load_scenarios")
    assert Scenario.objects.count() == len(SCENARIOS)
    Scenario.objects.filter(slug="three-tier").update(title="stale title")
    call_command("load_scenarios")
    assert Scenario.objects.count() == len(SCENARIOS)
    assert Scenario.objects.get(slug="three-tier").title == "Your first three-tier web app"
    assert f"{len(SCENARIOS)} loaded (0 new)" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_scenario_with_an_invalid_design_stops_the_load_and_writes_nothing(tmp_path, monkeypatch):
    good = json.loads((library.SCENARIO_DIR / "three-tier.json").read_text())
    broken = dict(
        good,
        slug="broken",
        document=dict(
            good["document"], nodes=[{"id": "x", "kind": "mainframe", "placement": {}, "props": {}}]
        ),
        hints=[{"text": "A hint that proposes nothing.", "change": None}],
    )
    broken.pop("solution", None)  # its changes name nodes the broken design lacks
    (tmp_path / "three-tier.json").write_text(json.dumps(good))
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    monkeypatch.setattr(library, "SCENARIO_DIR", tmp_path)
    with pytest.raises(
        CommandError, match=r"scenario broken: its design is invalid:\n  nodes\[0\]\.kind"
    ):
        call_command("load_scenarios")
    assert Scenario.objects.count() == 0


@pytest.mark.parametrize(
    "content,message",
    [
        ("{not json", "cannot read it as JSON"),
        ("[1, 2]", "must hold a JSON object"),
        ('{"slug": "bad"}', "missing"),
    ],
)
def test_a_malformed_scenario_file_gets_a_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(library.ScenarioFileError, match=message):
        library.read_scenario(path)


def test_a_scenario_whose_slug_differs_from_its_file_name_is_refused(tmp_path):
    data = json.loads((library.SCENARIO_DIR / "three-tier.json").read_text())
    path = tmp_path / "other-name.json"
    path.write_text(json.dumps(data))
    with pytest.raises(library.ScenarioFileError, match="must match the file name"):
        library.read_scenario(path)
