"""POST /api/assignments/{code}/submissions/: only the enrolled student, only their own fork;
the verdict is the kept check's (409 until this version is checked, nothing stored); a version
is submitted once; a closed assignment refuses and loses nothing; a submission is an immutable
record that later edits of the design never change."""

from __future__ import annotations

import uuid

import pytest

from playground import classroom_signals
from playground.models import Submission
from tests.api.assignment_support import GOAL, edit, join, keep_check, submit
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db

CHECK_FIRST = "Check this version of your design first (Check my design), then submit."


@pytest.fixture
def joined(assignment, student):
    return join(student, assignment["code"], "Alex")


def test_a_checked_fork_is_submitted_with_the_checks_verdict(assignment, student, joined):
    result = keep_check(joined["design_id"])
    response = submit(student, assignment["code"].lower(), joined["design_id"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["design_version"] == 1
    assert (body["goals_passed"], body["goals_total"]) == (1, 1)
    verdict = body["verdict"]
    assert verdict["seeds"] == result["seeds"] and verdict["passed"] is True
    [goal] = verdict["goals"]
    row = result["goals"][0]
    assert {k: goal[k] for k in ("metric", "op", "value", "passed")} == {
        "metric": GOAL["metric"], "op": "<=", "value": 0.5, "passed": True,
    }  # fmt: skip
    assert goal["actual"] == row["mean"] and goal["counts"] is True
    assert goal["interval"] == {"low": row["low"], "high": row["high"]}
    stored = Submission.objects.get()
    assert stored.document == student.get(f"/api/designs/{joined['design_id']}/").json()["document"]
    you = student.get(f"/api/assignments/{assignment['code']}/").json()["you"]
    assert [s["id"] for s in you["submissions"]] == [body["id"]]
    assert you["submissions"][0]["goals_passed"] == 1


def test_an_unchecked_version_is_409_and_nothing_is_stored(assignment, student, joined):
    response = submit(student, assignment["code"], joined["design_id"])
    assert response.status_code == 409
    assert response.json() == {"detail": CHECK_FIRST}
    assert not Submission.objects.exists()


def test_a_check_of_an_older_version_does_not_count(assignment, student, joined):
    """(A version that plays exactly as a checked one, say with only a moved box or a locked
    prop changed, shares its check: the check cache keys what runs, not the version number.)"""

    keep_check(joined["design_id"])

    def slower(document):
        document["nodes"][2]["props"].update(max=3, desired=3)

    edit(student, joined["design_id"], slower)
    response = submit(student, assignment["code"], joined["design_id"])
    assert response.status_code == 409 and response.json()["detail"] == CHECK_FIRST


def test_the_same_version_twice_is_409_and_a_new_checked_version_is_a_new_submission(
    assignment, student, joined
):
    keep_check(joined["design_id"])
    assert submit(student, assignment["code"], joined["design_id"]).status_code == 201
    again = submit(student, assignment["code"], joined["design_id"])
    assert again.status_code == 409
    assert again.json()["detail"].startswith("You already submitted this version")
    assert Submission.objects.count() == 1

    def more(document):
        document["nodes"][2]["props"].update(max=3, desired=3)

    edit(student, joined["design_id"], more)
    keep_check(joined["design_id"])
    second = submit(student, assignment["code"], joined["design_id"])
    assert second.status_code == 201 and second.json()["design_version"] == 2
    assert Submission.objects.count() == 2


def test_later_edits_never_change_a_submission(assignment, student, joined):
    keep_check(joined["design_id"])
    body = submit(student, assignment["code"], joined["design_id"]).json()
    before = Submission.objects.get(pk=body["id"])
    snapshot, verdict = before.document, before.verdict

    def wreck(document):
        document["nodes"] = []
        document["goals"] = []

    edit(student, joined["design_id"], wreck)
    after = Submission.objects.get(pk=body["id"])
    assert after.document == snapshot and after.verdict == verdict
    assert after.design_version == 1 and after.goals_passed == 1
    assert after.document["nodes"], "the snapshot still holds the design as submitted"


def test_a_closed_assignment_refuses_and_the_design_stays(assignment, teacher, student, joined):
    keep_check(joined["design_id"])
    before = student.get(f"/api/designs/{joined['design_id']}/").json()
    teacher.post(f"/api/assignments/{assignment['code']}/close/")
    response = submit(student, assignment["code"], joined["design_id"])
    assert response.status_code == 409
    assert response.json()["detail"].startswith("This assignment is closed")
    assert not Submission.objects.exists()
    after = student.get(f"/api/designs/{joined['design_id']}/").json()
    assert after["assignment"]["is_open"] is False
    assert {**after, "assignment": None} == {**before, "assignment": None}, "the design is kept"
    teacher.post(f"/api/assignments/{assignment['code']}/reopen/")
    assert submit(student, assignment["code"], joined["design_id"]).status_code == 201


def test_only_the_enrolled_student_and_only_their_own_fork(
    assignment, student, classmate, teacher, plain, anon, joined, document
):
    keep_check(joined["design_id"])
    code = assignment["code"]
    # not enrolled: another student, the instructor, a plain user, a browser with no session
    for client in (classmate, teacher, plain, anon):
        response = submit(client, code, joined["design_id"])
        assert response.status_code == 403, response.content
        assert "You have not joined this assignment" in response.json()["detail"]
    # enrolled, but another design: their own other design, a classmate's fork, an unknown id
    theirs = join(classmate, code, "Sam")
    other = create_design(student, document)
    for design_id in (other["id"], theirs["design_id"], uuid.uuid4()):
        response = submit(student, code, design_id)
        assert response.status_code == 403
        assert "only your own fork" in response.json()["detail"]
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("body", "says"),
    [({}, "required"), ({"design_id": "nope"}, "UUID"), ({"design_id": 5}, "UUID")],
)
def test_bad_input_is_400(assignment, student, joined, body, says):
    response = student.post(
        f"/api/assignments/{assignment['code']}/submissions/", body, format="json"
    )
    assert response.status_code == 400
    assert_error_shape(response.json(), problems=True)
    assert response.json()["problems"][0]["path"] == "design_id"
    assert says.lower() in response.json()["detail"].lower()


def test_a_submission_is_announced_once_committed(
    assignment, student, joined, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, signal, **kwargs):
        heard.append(kwargs)

    keep_check(joined["design_id"])
    classroom_signals.submission_created.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            body = submit(student, assignment["code"], joined["design_id"]).json()
            submit(student, assignment["code"], joined["design_id"])  # 409: not announced
    finally:
        classroom_signals.submission_created.disconnect(listener)
    stored = Submission.objects.get()
    assert str(stored.pk) == body["id"]
    assert heard == [{"assignment_id": stored.assignment_id, "submission_id": stored.pk}]
