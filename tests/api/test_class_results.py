"""The class view's API: GET /api/assignments/{code}/results/ (and .csv), a submission as
submitted, and the instructor's fork of it. Only the assignment's instructor (or staff)."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from playground.classroom_models import Submission
from playground.models import Design
from tests.api import class_rows as rows
from tests.api.conftest import assert_error_shape

pytestmark = pytest.mark.django_db


def _client(user: User | None = None) -> APIClient:
    client = APIClient(enforce_csrf_checks=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def lab():
    teacher = rows.instructor()
    a = rows.assignment(teacher)
    zoe = rows.join(a, "zoe")
    amir = rows.join(a, "Amir")
    rows.join(a, "=HYPERLINK(evil)")
    first = rows.submit(zoe, (250.0, True), (0.02, False))  # 1 of 2
    rows.submit(zoe, (400.0, False), (0.03, False))  # 0 of 2
    rows.submit(zoe, (280.0, True), (0.05, False))  # the latest, 1 of 2: later, so not the best
    both = rows.submit(amir, (120.0, True), (0.001, True))
    return {"teacher": teacher, "a": a, "zoe_best": first, "amir": both}


def test_the_instructor_sees_every_student_latest_and_best_sorted_by_name(lab):
    body = _client(lab["teacher"]).get(f"/api/assignments/{lab['a'].code}/results/").json()
    assert [s["display_name"] for s in body["students"]] == ["=HYPERLINK(evil)", "Amir", "zoe"]
    assert (body["joined"], body["submitted"]) == (3, 2)
    assert [g["metric"] for g in body["goals"]] == ["p99_ms", "error_rate"]
    assert body["goals"][0]["unit"] == "ms" and body["goals"][0]["label"] == "p99 latency"
    nobody, amir, zoe = body["students"]
    assert nobody["latest"] is None and nobody["best"] is None and nobody["submissions"] == 0
    assert zoe["submissions"] == 3
    assert zoe["latest"]["goals_passed"] == 1
    assert [g["actual"] for g in zoe["latest"]["goals"]] == [280.0, 0.05]
    assert zoe["best"]["id"] == str(lab["zoe_best"].pk), "most passed, then the earlier"
    assert zoe["best"]["goals"][0] == {
        "metric": "p99_ms",
        "scope": None,
        "op": "<=",
        "value": 300.0,
        "actual": 250.0,
        "passed": True,
    }
    assert amir["best"] == amir["latest"] and amir["best"]["goals_passed"] == 2
    assert amir["design_id"] and amir["joined"]


def test_a_check_verdict_reads_like_a_run_report(lab):
    zoe = lab["zoe_best"].enrollment
    sub = rows.submit(zoe, (1.0, True), (0.0, True))
    sub.verdict = {"goals": [{**g, "mean": 99.5, "passed": True} for g in rows.GOALS]}
    Submission.objects.filter(pk=sub.pk).update(verdict=sub.verdict)
    body = _client(lab["teacher"]).get(f"/api/assignments/{lab['a'].code}/results/").json()
    latest = body["students"][2]["latest"]
    assert [g["actual"] for g in latest["goals"]] == [99.5, 99.5]


def test_only_the_instructor_or_staff_see_results(lab):
    code = lab["a"].code
    other = rows.instructor("other-teacher")
    student = User.objects.create_user("student", password="x")
    staff = User.objects.create_user("staff", password="x", is_staff=True)
    for path in (f"/api/assignments/{code}/results/", f"/api/assignments/{code}/results.csv"):
        for who, says in ((None, "Log in"), (other, "Only"), (student, "Only")):
            response = _client(who).get(path)
            assert response.status_code == 403, (who, path)
            assert_error_shape(response.json())
            assert says in response.json()["detail"]
        assert _client(staff).get(path).status_code == 200
        assert _client(lab["teacher"]).get(path.replace(code, code.lower())).status_code == 200


def test_an_anonymous_student_who_joined_cannot_read_the_class(lab):
    client = _client()
    session = client.session
    session["x"] = 1
    session.save()
    rows.join(lab["a"], "sneaky", session_key=session.session_key)
    response = client.get(f"/api/assignments/{lab['a'].code}/results/")
    assert response.status_code == 403


@pytest.mark.parametrize("code", ["ZZZZZZ", "x" * 40, "%00", "abc-def"])
def test_an_unknown_code_is_a_json_404(lab, code):
    for path, accept in (
        (f"/api/assignments/{code}/results/", "application/json"),
        (f"/api/assignments/{code}/results.csv", "text/csv"),
    ):
        response = _client(lab["teacher"]).get(path, HTTP_ACCEPT=accept)
        assert response.status_code == 404, (path, response.content)
        assert response["Content-Type"].startswith("application/json")
        assert_error_shape(response.json())


def test_the_csv_is_one_row_per_student_with_passed_and_actual_per_goal(lab):
    response = _client(lab["teacher"]).get(f"/api/assignments/{lab['a'].code}/results.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="results-{lab["a"].code}.csv"'
    )
    text = response.content.decode()
    assert "\r\n" in text
    table = list(csv.DictReader(io.StringIO(text)))
    assert [r["display_name"] for r in table] == ["'=HYPERLINK(evil)", "Amir", "zoe"]
    zoe = table[2]
    assert zoe["submissions"] == "3"
    assert zoe["latest: Error rate <= 1%: passed"] == "fail"
    assert zoe["latest: p99 latency <= 300 ms: actual"] == "280.0"
    assert zoe["best: p99 latency <= 300 ms: passed"] == "pass"
    assert zoe["best: p99 latency <= 300 ms: actual"] == "250.0"
    assert zoe["best_goals_passed"] == "1" and zoe["best_goals_total"] == "2"
    assert table[0]["latest_submitted"] == "" and table[0]["best: Error rate <= 1%: passed"] == ""


@pytest.mark.parametrize("name", ["+1", "-2", "@SUM(A1)", "\tx", "=1+1"])
def test_every_formula_start_is_defused(lab, name):
    rows.join(lab["a"], name)
    text = _client(lab["teacher"]).get(f"/api/assignments/{lab['a'].code}/results.csv")
    names = [r["display_name"] for r in csv.DictReader(io.StringIO(text.content.decode()))]
    assert "'" + name in names and name not in names


def test_a_submission_reads_as_submitted_for_its_instructor_only(lab):
    sub = lab["amir"]
    path = f"/api/assignments/{lab['a'].code}/submissions/{sub.pk}/"
    body = _client(lab["teacher"]).get(path).json()
    assert body["display_name"] == "Amir" and body["document"]["format"] == 1
    assert body["goals_passed"] == 2 and body["goals"][1]["actual"] == 0.001
    assert _client(rows.instructor("b")).get(path).status_code == 403
    assert _client().get(path).status_code == 403
    other = rows.assignment(lab["teacher"], title="another")
    wrong = f"/api/assignments/{other.code}/submissions/{sub.pk}/"
    assert _client(lab["teacher"]).get(wrong).status_code == 404, "not of this assignment"
    for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = _client(lab["teacher"]).get(
            f"/api/assignments/{lab['a'].code}/submissions/{bad}/"
        )
        assert response.status_code == 404
        assert_error_shape(response.json())


def test_the_instructor_forks_a_submission_into_a_design_of_their_own(lab):
    sub = lab["amir"]
    path = f"/api/assignments/{lab['a'].code}/submissions/{sub.pk}/fork/"
    response = _client(lab["teacher"]).post(path, format="json")
    assert response.status_code == 201, response.content
    design = Design.objects.get(pk=response.json()["id"])
    assert design.owner_id == lab["teacher"].pk and design.document == sub.document
    assert design.scenario == lab["a"].scenario and design.name == "Amir: Scaling lab"
    sub.refresh_from_db()
    assert sub.design_id != design.pk, "the submission is untouched"


def test_nobody_else_forks_a_submission_and_nothing_is_made(lab):
    sub = lab["amir"]
    path = f"/api/assignments/{lab['a'].code}/submissions/{sub.pk}/fork/"
    before = Design.objects.count()
    for who in (None, rows.instructor("b"), User.objects.create_user("s", password="x")):
        response = _client(who).post(path, format="json")
        assert response.status_code == 403
        assert_error_shape(response.json())
    for bad in ("nope", "00000000-0000-0000-0000-000000000000"):
        path = f"/api/assignments/{lab['a'].code}/submissions/{bad}/fork/"
        assert _client(lab["teacher"]).post(path, format="json").status_code == 404
    assert (
        _client(lab["teacher"])
        .post(f"/api/assignments/NOPE22/submissions/{sub.pk}/fork/", format="json")
        .status_code
        == 404
    )
    assert Design.objects.count() == before


def test_an_unreadable_or_oversized_body_to_a_fork_is_refused_and_nothing_is_made(lab):
    path = f"/api/assignments/{lab['a'].code}/submissions/{lab['amir'].pk}/fork/"
    before = Design.objects.count()
    client = _client(lab["teacher"])
    bad = client.post(path, data="not json{", content_type="application/json")
    assert bad.status_code == 400
    assert_error_shape(bad.json())
    huge = client.post(path, data="[" + "1," * 400_000 + "1]", content_type="application/json")
    assert huge.status_code == 413
    assert "too large" in huge.json()["detail"]
    assert Design.objects.count() == before


def test_a_fork_without_the_csrf_token_is_refused(lab):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(lab["teacher"])
    path = f"/api/assignments/{lab['a'].code}/submissions/{lab['amir'].pk}/fork/"
    response = client.post(path, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_get_is_the_only_method_on_results(lab):
    path = f"/api/assignments/{lab['a'].code}/results/"
    response = _client(lab["teacher"]).post(path, {}, format="json")
    assert response.status_code == 405
    assert_error_shape(response.json())
