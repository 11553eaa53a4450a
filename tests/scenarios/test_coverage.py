"""Every item of the study guide has a scenario whose run shows it: the guide is copied into the
repository (playground/scenarios/study-guide.txt), its items are read from its lines, and the
coverage table of playground/scenarios/README.md must give each one a row naming scenarios that
exist, with what in the run shows it. The guide's checkpoint questions are asked, with the
guide's answers, by the scenarios whose runs answer them."""

from __future__ import annotations

import re

import pytest

from playground.scenarios import SCENARIO_DIR, scenario_files

GUIDE = (SCENARIO_DIR / "study-guide.txt").read_text(encoding="utf-8").splitlines()
README = (SCENARIO_DIR / "README.md").read_text(encoding="utf-8").splitlines()
SCENARIOS = {s.slug: s for s in scenario_files()}

# The guide's headings, and the section name the table gives them.
HEADINGS = {
    "Learning Objectives": "Learning Objectives",
    "Key Terms & Glossary": "Key Terms & Glossary",
    'The "Big Idea"': "Big Idea",
    "Formula / Concept Box": "Concept Box",
    "Hierarchical Outline": "Hierarchical Outline",
    "Visual Anchors": "Visual Anchors",
    "Definition-Example Pairs": "Definition-Example Pairs",
    "Worked Examples": "Worked Examples",
    "Checkpoint Questions": "Checkpoint Questions",
}
ANSWERS_MARK = "▶"


def _sections() -> dict[str, list[str]]:
    """The guide's lines under each heading (the answers under their own key)."""
    out: dict[str, list[str]] = {}
    current = None
    for line in GUIDE:
        text = line.strip()
        if text in HEADINGS:
            current = HEADINGS[text]
            out[current] = []
        elif text.startswith(ANSWERS_MARK):
            current = "answers"
            out[current] = []
        elif current and text:
            out[current].append(text)
    return out


def _term(line: str) -> str:
    """'- Term: definition' -> 'Term'."""
    return line[2:].split(": ", 1)[0].strip()


def guide_items() -> list[tuple[str, str]]:
    """Every item of the guide, as (section, item) the way the table names it."""
    s = _sections()
    items = [("Learning Objectives", x[2:]) for x in s["Learning Objectives"] if x.startswith("- ")]
    items += [("Key Terms & Glossary", _term(x)) for x in s["Key Terms & Glossary"]]
    items += [("Big Idea", re.search(r'"([^"]+)"', " ".join(s["Big Idea"])).group(1))]
    rows = [x for x in s["Concept Box"] if x.startswith("| ") and not x.startswith("| Concept ")]
    items += [("Concept Box", r.strip("| ").split(" | ")[0]) for r in rows]
    items += [("Hierarchical Outline", _term(x)) for x in s["Hierarchical Outline"]]
    items += [("Visual Anchors", x) for x in s["Visual Anchors"]]
    pairs = [x for x in s["Definition-Example Pairs"] if not x.startswith("- Example:")]
    items += [("Definition-Example Pairs", _term(x)) for x in pairs]
    worked = [x for x in s["Worked Examples"] if x.startswith("Scenario: ")]
    items += [("Worked Examples", x.removeprefix("Scenario: ")) for x in worked]
    items += [("Checkpoint Questions", x[2:]) for x in s["Checkpoint Questions"]]
    return items


def table() -> dict[tuple[str, str], tuple[list[str], str]]:
    """The README's coverage rows: (section, item) -> (the slugs named, what shows it)."""
    start = README.index("| Section | Guide item | Scenarios | What shows it |")
    rows = {}
    for line in README[start + 2 :]:
        if not line.startswith("| "):
            break
        section, item, slugs, shows = (c.strip() for c in line.strip("| ").split(" | "))
        rows[(section, item)] = (re.findall(r"`([a-z0-9-]+)`", slugs), shows)
    return rows


ITEMS = guide_items()
TABLE = table()


def test_the_guide_is_read_whole():
    """A parser that missed a section or a bullet would leave items without a row unnoticed."""
    count = {}
    for section, _ in ITEMS:
        count[section] = count.get(section, 0) + 1
    assert count == {
        "Learning Objectives": 5,
        "Key Terms & Glossary": 6,
        "Big Idea": 1,
        "Concept Box": 4,
        "Hierarchical Outline": 16,  # 4 parts, 12 bullets
        "Visual Anchors": 2,
        "Definition-Example Pairs": 3,
        "Worked Examples": 2,
        "Checkpoint Questions": 5,
    }
    assert ("Hierarchical Outline", "Logs as Streams") in ITEMS
    assert ("Concept Box", "Asymmetric Scaling") in ITEMS


@pytest.mark.parametrize("item", ITEMS, ids=[i for _, i in ITEMS])
def test_every_guide_item_has_a_row_naming_scenarios_that_show_it(item):
    """An item the table forgets, a slug misspelt or a scenario removed fails here."""
    assert item in TABLE, f"the coverage table has no row for {item}"
    slugs, shows = TABLE[item]
    assert slugs, f"the row for {item} names no scenario"
    missing = [s for s in slugs if s not in SCENARIOS]
    assert not missing, f"the row for {item} names scenarios that do not exist: {missing}"
    assert shows, f"the row for {item} does not say what in the run shows it"


def test_the_table_has_no_row_the_guide_does_not_ask_for():
    assert sorted(set(TABLE) - set(ITEMS)) == []


# The guide's checkpoint questions, by their place in it, and the scenarios whose runs answer
# them: each must ask it, word for word, with the guide's answer in its own.
CHECKPOINTS = {
    0: ("sns-fan-out",),
    1: ("stateless-web-tier",),
    2: ("disaster-recovery",),
    3: ("three-tier", "multi-az-failover"),
    4: ("step-functions-orders",),
}


def checkpoints() -> list[tuple[str, str]]:
    s = _sections()
    questions = [x[2:] for x in s["Checkpoint Questions"]]
    answers = [x[2:] for x in s["answers"]]
    assert len(questions) == len(answers) == len(CHECKPOINTS)
    return list(zip(questions, answers, strict=True))


@pytest.mark.parametrize("index", sorted(CHECKPOINTS))
def test_each_checkpoint_question_is_asked_by_the_scenario_that_answers_it(index):
    """A question reworded, dropped, or moved to a scenario whose run does not answer it, or a
    guide answer lost from the answer, fails here."""
    question, answer = checkpoints()[index]
    asked = [
        q["answer"]
        for slug in CHECKPOINTS[index]
        for q in SCENARIOS[slug].questions
        if q["question"] == question
    ]
    assert asked, f"none of {CHECKPOINTS[index]} asks {question!r}"
    assert any(answer in a for a in asked), f"the answer to {question!r} lacks {answer!r}"
    assert set(CHECKPOINTS[index]) & set(TABLE[("Checkpoint Questions", question)][0])


CHECKPOINT_SF = (
    "What AWS service would you use to orchestrate multiple Lambda functions into a complex "
    "workflow?"
)

# Tags the gallery filters by: a scenario the table names for the item carries the tag, so a
# learner looking for the concept finds a scenario that shows it (was test_library's
# STUDY_GUIDE_CONCEPTS).
TAGS = {
    ("Key Terms & Glossary", "Loose Coupling"): "loose-coupling",
    ("Hierarchical Outline", "Message Queues (SQS)"): "sqs",
    ("Hierarchical Outline", "Pub/Sub (SNS)"): "sns",
    ("Hierarchical Outline", "API Gateway"): "api-gateway",
    ("Concept Box", "Vertical Scaling"): "vertical-scaling",
    ("Concept Box", "Horizontal Scaling"): "horizontal-scaling",
    ("Concept Box", "Symmetric Scaling"): "symmetric-scaling",
    ("Concept Box", "Asymmetric Scaling"): "asymmetric-scaling",
    ("Hierarchical Outline", "Multi-AZ Deployment"): "multi-az",
    ("Hierarchical Outline", "Load Balancing"): "load-balancing",
    ("Hierarchical Outline", "Health Checks"): "health-checks",
    ("Hierarchical Outline", "Read Replicas"): "read-replicas",
    ("Hierarchical Outline", "Sharding/Partitioning"): "sharding",
    ("Hierarchical Outline", "Caching"): "caching",
    ("Hierarchical Outline", "Stateless Processes"): "statelessness",
    ("Hierarchical Outline", "Logs as Streams"): "logs-as-streams",
    ("Definition-Example Pairs", "Immutable Infrastructure"): "immutable-infrastructure",
    ("Definition-Example Pairs", "Circuit Breaker Pattern"): "circuit-breaker",
    ("Key Terms & Glossary", "Idempotency"): "idempotency",
    ("Definition-Example Pairs", "Event-Driven Architecture"): "event-driven",
    ("Key Terms & Glossary", "RPO (Recovery Point Objective)"): "disaster-recovery",
    ("Key Terms & Glossary", "RTO (Recovery Time Objective)"): "rto",
    ("Key Terms & Glossary", "Microservices"): "microservices",
    ("Checkpoint Questions", CHECKPOINT_SF): "step-functions",
    ("Worked Examples", "Global Low-Latency Database Access"): "latency",
}


@pytest.mark.parametrize("item,tag", TAGS.items(), ids=list(TAGS.values()))
def test_a_scenario_the_table_names_carries_the_concepts_tag(item, tag):
    slugs = [s for s in TABLE[item][0] if s in SCENARIOS]
    assert any(tag in SCENARIOS[s].tags for s in slugs), f"none of {slugs} is tagged {tag}"
