"""The class view's pages, /a/<code>/class/ and /a/<code>/submissions/<id>/: shells for the
assignment's instructor; a visitor is sent to log in, anyone else gets the 403 page, an
unknown code or submission the 404 page."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.api import class_rows as rows

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def lab():
    teacher = rows.instructor()
    a = rows.assignment(teacher, title="<b>Lab</b> & more")
    sub = rows.submit(rows.join(a, "zoe"), (1.0, True), (0.0, True))
    return teacher, a, sub


def test_the_instructor_gets_the_class_view_with_the_title_escaped(lab):
    teacher, a, _ = lab
    response = _client(teacher).get(f"/a/{a.code}/class/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-code="{a.code}"' in html
    assert "&lt;b&gt;Lab&lt;/b&gt; &amp; more" in html and "<b>Lab</b>" not in html
    assert f"/api/assignments/{a.code}/results.csv" in html
    assert "js/classroom/class-view.js" in html
    assert 'data-testid="class-closed"' not in html
    a.is_open = False
    a.save()
    closed = _client(teacher).get(f"/a/{a.code}/class/").content.decode()
    assert 'data-testid="class-closed"' in closed, "a closed assignment says so"
    assert "csrftoken" in response.cookies


def test_a_visitor_is_sent_to_log_in_and_comes_back(lab):
    _, a, sub = lab
    for path in (f"/a/{a.code}/class/", f"/a/{a.code}/submissions/{sub.pk}/"):
        response = _client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/a/")


def test_anyone_else_gets_the_403_page(lab):
    _, a, sub = lab
    for user in (rows.instructor("other"), User.objects.create_user("student", password="x")):
        for path in (f"/a/{a.code}/class/", f"/a/{a.code}/submissions/{sub.pk}/"):
            response = _client(user).get(path)
            assert response.status_code == 403, path
            assert b'data-testid="error-page"' in response.content
            assert b"zoe" not in response.content


def test_unknown_codes_and_submissions_get_the_404_page(lab):
    teacher, a, sub = lab
    other = rows.assignment(teacher, title="another")
    for path in (
        "/a/NOPE22/class/",
        f"/a/{a.code}/submissions/{uuid.uuid4()}/",
        f"/a/{other.code}/submissions/{sub.pk}/",
        f"/a/NOPE22/submissions/{sub.pk}/",
    ):
        response = _client(teacher).get(path)
        assert response.status_code == 404, path
        assert b'data-testid="error-page"' in response.content


def test_the_submission_page_is_the_read_only_canvas_for_it(lab):
    teacher, a, sub = lab
    response = _client(teacher).get(f"/a/{a.code}/submissions/{sub.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-mode="submission"' in html and f'data-ref="{sub.pk}"' in html
    assert f'data-assignment="{a.code}"' in html
