"""Checkpoint questions: every scenario file carries at least one, the study guide's five sit in
the scenarios that teach them, a malformed list is refused with a clear message, and the
scenario API serves them (documented in the OpenAPI schema)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from playground import scenarios as library
from playground import services

# The study guide's five checkpoint questions, each with its answer as the guide gives it, and the
# scenario whose run teaches it.
GUIDE = {
    "sns-fan-out": (
        "What is the main difference between SQS and SNS in a fan-out pattern?",
        "SQS is for 1-to-1 message processing (queuing); SNS is for 1-to-many message "
        "distribution (broadcasting).",
    ),
    "stateless-web-tier": (
        'Why is "Statelessness" a requirement for effective horizontal scaling?',
        "Because any instance in a scaling group must be able to handle any incoming request "
        "without needing local session data from previous requests.",
    ),
    "disaster-recovery": (
        "In a Disaster Recovery scenario, which strategy has the lower RTO: Pilot Light or "
        "Warm Standby?",
        "Warm Standby has a lower RTO because more resources are already running at a smaller "
        "scale compared to Pilot Light.",
    ),
    "multi-az-failover": (
        "How does an Application Load Balancer (ALB) handle a failed instance in a target group?",
        "The ALB uses Health Checks; if an instance fails, the ALB stops routing traffic to it "
        "and redirects it to healthy instances.",
    ),
    "step-functions-orders": (
        "What AWS service would you use to orchestrate multiple Lambda functions into a "
        "complex workflow?",
        "AWS Step Functions.",
    ),
}


def test_every_scenario_has_checkpoint_questions():
    for scenario in library.scenario_files():
        assert scenario.questions, f"{scenario.slug} has no checkpoint question"


def test_the_study_guides_five_questions_sit_in_the_scenarios_that_teach_them():
    files = {s.slug: s for s in library.scenario_files()}
    for slug, (question, answer) in GUIDE.items():
        # the guide's answer in its words first; what the scenario's run shows may follow
        answers = [q["answer"] for q in files[slug].questions if q["question"] == question]
        assert answers and answers[0].startswith(answer), slug
    asked = [q["question"] for s in files.values() for q in s.questions]
    for question, _ in GUIDE.values():
        assert asked.count(question) == 1, f"asked more than once: {question}"


def _file_with(tmp_path: Path, questions) -> Path:
    data = json.loads((library.SCENARIO_DIR / "three-tier.json").read_text())
    if questions is ...:
        del data["questions"]
    else:
        data["questions"] = questions
    path = tmp_path / "three-tier.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    "questions,message",
    [
        (..., r"missing \['questions'\]"),
        ([], "questions must be a list of at least one"),
        ("What is SQS?", "questions must be a list of at least one"),
        ({"question": "Q?", "answer": "A."}, "questions must be a list of at least one"),
        (["What is SQS?"], r'questions\[0\] must be an object with exactly "question"'),
        ([{"question": "Q?"}], r'questions\[0\] must be an object with exactly "question"'),
        (
            [{"question": "Q?", "answer": "A.", "hint": "H"}],
            r'questions\[0\] must be an object with exactly "question"',
        ),
        ([{"question": "", "answer": "A."}], r"questions\[0\]\.question must be a non-empty"),
        (
            [{"question": "Q?", "answer": "A."}, {"question": "Q2?", "answer": "  \n"}],
            r"questions\[1\]\.answer must be a non-empty string",
        ),
        ([{"question": 3, "answer": "A."}], r"questions\[0\]\.question must be a non-empty"),
        ([{"question": "Q?", "answer": None}], r"questions\[0\]\.answer must be a non-empty"),
    ],
)
def test_malformed_questions_are_refused_with_a_clear_message(tmp_path, questions, message):
    path = _file_with(tmp_path, questions)
    with pytest.raises(library.ScenarioFileError, match=f"three-tier.json: {message}"):
        library.read_scenario(path)


def test_well_formed_questions_are_read_as_written(tmp_path):
    questions = [{"question": "Which tier is busiest?", "answer": "The web tier, about 50%."}]
    assert library.read_scenario(_file_with(tmp_path, questions)).questions == questions


@pytest.mark.django_db
def test_the_scenario_api_serves_a_library_scenarios_questions(anon):
    call_command("load_scenarios", stdout=io.StringIO())
    files = {s.slug: s for s in library.scenario_files()}
    body = anon.get("/api/scenarios/stateless-web-tier/").json()
    assert body["questions"] == files["stateless-web-tier"].questions
    assert body["questions"][0] == {
        "question": GUIDE["stateless-web-tier"][0],
        "answer": GUIDE["stateless-web-tier"][1],
    }
    listed = anon.get("/api/scenarios/").json()
    assert listed and all("questions" not in s for s in listed), "answers wait for the detail"


@pytest.mark.django_db
def test_a_scenario_the_library_does_not_hold_has_no_questions(anon, document):
    services.scenario_upsert(
        slug="made-in-admin",
        title="Made in the admin",
        summary="one line",
        level="beginner",
        order=1,
        tags=[],
        story="A story.",
        hints=["A hint."],
        document=document,
    )
    assert anon.get("/api/scenarios/made-in-admin/").json()["questions"] == []


def test_the_openapi_schema_documents_questions(anon):
    schema = anon.get("/api/schema/?format=json").json()["components"]["schemas"]
    questions = schema["ScenarioOutput"]["properties"]["questions"]
    assert questions["type"] == "array" and "after an attempt" in questions["description"]
    item = schema[questions["items"]["$ref"].rsplit("/", 1)[-1]]
    assert item["properties"] == {"question": {"type": "string"}, "answer": {"type": "string"}}
    assert set(item["required"]) == {"question", "answer"}
    assert "questions" in schema["ScenarioOutput"]["required"]
