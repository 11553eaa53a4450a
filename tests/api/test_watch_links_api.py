"""A watch link seen from the web: what it shows (GET /api/live/<token>/), forking the run's design
(POST /api/live/<token>/fork/), its short code (/w/<code>/) and its QR code
(/live/<token>/qr.svg). Every way a link does not open (a bad token or code, expired, revoked)
gets its status and a sentence that says why."""

from __future__ import annotations

import copy
import datetime as dt
import io
import uuid

import pytest
import segno
from django.utils import timezone
from rest_framework.test import APIClient

from playground import services
from playground.classroom_models import CODE_ALPHABET
from playground.live import watch_links
from playground.models import Design, WatchLink
from playground.owners import Owner
from tests.api.conftest import (
    VALID_DOCUMENT,
    assert_error_shape,
    assert_throttled,
    shipped_window,
)

pytestmark = pytest.mark.django_db

TEACHER = Owner(session_key="t" * 32)
SLUG = "stateless-web-tier"


def _run(document=None, design_id=None) -> tuple[str, str, str]:
    """A shared live run's link, as the run's socket makes it: (run id, token, code)."""
    run_id = str(uuid.uuid4())
    made = watch_links.watch_link_open(
        run_id=run_id,
        owner=TEACHER,
        name="Today's run",
        document=copy.deepcopy(document or VALID_DOCUMENT),
        design_id=design_id,
    )
    return run_id, made["token"], made["code"]


def _expire(run_id: str) -> None:
    WatchLink.objects.filter(run_id=run_id).update(expires=timezone.now() - dt.timedelta(seconds=1))


def _revoke(run_id: str) -> None:
    WatchLink.objects.filter(run_id=run_id).update(revoked=True)


FORGED = "0123456789abcdef0123456789abcdef.forged"


# -- the link and its code ------------------------------------------------------------------------


def test_a_link_has_a_short_code_in_the_classroom_alphabet():
    codes = {_run()[2] for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)
    run_id, token, code = _run()
    again = watch_links.watch_link_open(run_id=run_id, owner=TEACHER, name="x")
    assert again == {"token": token, "code": code}, "asked again: the same link and code"
    assert WatchLink.objects.filter(run_id=run_id).count() == 1


def test_anyone_with_the_link_reads_what_the_run_plays():
    run_id, token, code = _run()
    body = APIClient().get(f"/api/live/{token}/").json()
    assert body["token"] == token and body["code"] == code and body["name"] == "Today's run"
    assert body["url"] == f"http://testserver/live/{token}/"
    assert body["short_url"] == f"http://testserver/w/{code}/"
    assert body["document"] == VALID_DOCUMENT and body["scenario"] == ""
    assert body["revoked"] is False and body["ended"] is None and body["expires"]


@pytest.mark.parametrize(
    ("spoil", "status", "says"),
    [
        ("forged", 404, "copied whole"),
        ("expired", 410, "expired"),
        ("revoked", 410, "stopped sharing"),
    ],
)
def test_a_link_that_does_not_open_is_refused_with_why(spoil, status, says):
    run_id, token, _ = _run()
    if spoil == "forged":
        token = FORGED
    elif spoil == "expired":
        _expire(run_id)
    else:
        _revoke(run_id)
    client = APIClient()
    for response in (
        client.get(f"/api/live/{token}/"),
        client.post(f"/api/live/{token}/fork/", {}, format="json"),
    ):
        assert response.status_code == status, response.content
        assert_error_shape(response.json())
        assert says in response.json()["detail"]
    assert Design.objects.count() == 0, "nothing is forked from a link that does not open"


# -- fork -----------------------------------------------------------------------------------------


def test_a_viewer_forks_the_runs_design_into_their_own():
    _, token, _ = _run()
    viewer, stranger = APIClient(), APIClient()
    response = viewer.post(f"/api/live/{token}/fork/", {}, format="json")
    assert response.status_code == 201, response.content
    design = response.json()
    assert design["name"] == "Copy of Today's run", "a fork is named as a copy"
    assert design["document"] == {**VALID_DOCUMENT, "name": "Copy of Today's run"}
    assert design["scenario"] == "" and design["version"] == 1
    assert viewer.get(f"/api/designs/{design['id']}/").status_code == 200, "the viewer's own"
    assert stranger.get(f"/api/designs/{design['id']}/").status_code == 404, "nobody else's"
    named = viewer.post(f"/api/live/{token}/fork/", {"name": "Mine now"}, format="json")
    assert named.status_code == 201 and named.json()["name"] == "Mine now"


def test_a_fork_of_a_scenario_run_attempts_the_scenario():
    document = copy.deepcopy(VALID_DOCUMENT)
    document["goals"] = [{"metric": "p99_ms", "scope": "users", "op": "<=", "value": 300}]
    services.scenario_upsert(
        slug=SLUG, title="Locked", summary="", level="beginner", order=1, tags=[],
        story="Keep the web tier up.", hints=[], document=document,
    )  # fmt: skip
    teachers = services.design_create(owner=TEACHER, name="Demo", document=document, scenario=SLUG)
    _, token, _ = _run(document, design_id=teachers.pk)
    assert APIClient().get(f"/api/live/{token}/").json()["scenario"] == SLUG
    forked = APIClient().post(f"/api/live/{token}/fork/", {}, format="json").json()
    assert forked["scenario"] == SLUG and forked["document"]["goals"] == document["goals"]


def test_a_fork_needs_the_csrf_token_and_a_name_that_is_text():
    _, token, _ = _run()
    strict = APIClient(enforce_csrf_checks=True)
    refused = strict.post(f"/api/live/{token}/fork/", {}, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    csrf = strict.get("/api/csrf/").json()["csrfToken"]
    bad = strict.post(f"/api/live/{token}/fork/", {"name": 5}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert bad.status_code == 400 and bad.json()["problems"][0]["path"] == "name"
    ok = strict.post(f"/api/live/{token}/fork/", {}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert ok.status_code == 201
    assert Design.objects.count() == 1


def test_a_link_that_kept_no_design_says_so():
    run_id, token, _ = _run()
    WatchLink.objects.filter(run_id=run_id).update(document={})
    response = APIClient().post(f"/api/live/{token}/fork/", {}, format="json")
    assert response.status_code == 404 and "was not kept" in response.json()["detail"]


def test_forks_are_throttled_like_share_forks(shipped_rates):
    _, token, _ = _run()
    viewer = APIClient()
    limit = shipped_window("design_create.owner")
    # The first fork starts the viewer's session (counted by address only); then the owner's.
    for _ in range(1 + limit):
        assert viewer.post(f"/api/live/{token}/fork/", {}, format="json").status_code == 201
    assert_throttled(
        viewer.post(f"/api/live/{token}/fork/", {}, format="json"),
        says="New designs are being made faster",
    )
    assert Design.objects.count() == 1 + limit


# -- the short code -------------------------------------------------------------------------------


def test_a_short_code_redirects_to_the_watch_page_in_any_case():
    _, token, code = _run()
    client = APIClient()
    for typed in (code, code.lower(), f"{code[:3]}-{code[3:]}"):
        response = client.get(f"/w/{typed}/")
        assert response.status_code == 302 and response["Location"] == f"/live/{token}/"
    assert client.get(f"/live/{token}/").status_code == 200
    # Projector mode survives the redirect; nothing else in the address is carried.
    response = client.get(f"/w/{code}/?projector=1")
    assert response.status_code == 302 and response["Location"] == f"/live/{token}/?projector=1"
    response = client.get(f"/w/{code}/?projector=https://evil.example/&x=1")
    assert response.status_code == 302 and response["Location"] == f"/live/{token}/"


def test_a_short_code_keeps_its_query_string_so_a_projector_link_opens_in_projector_mode():
    _, token, code = _run()
    response = APIClient().get(f"/w/{code}/?projector=1")
    assert response.status_code == 302
    assert response["Location"] == f"/live/{token}/?projector=1"
    evil = APIClient().get(f"/w/{code}/?next=//evil.example/")
    assert evil["Location"] == f"/live/{token}/", "only projector= goes along; the path is ours"


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("ABC", "six letters and digits"),  # too short
        ("ABCDE0", "no 0, O, 1, I or L"),  # 0 is not in the alphabet
        ("ABCDEFG", "six letters and digits"),  # too long
        ("ZZZZZZ", "No run is shared under that code"),  # well formed, but nobody's
    ],
)
def test_a_code_that_names_no_link_is_a_404_page_that_says_so(code, says):
    _run()
    response = APIClient().get(f"/w/{code}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert says in html and 'data-reason="not_found"' in html
    assert 'href="/"' in html, "the page has the way back to the gallery"


def test_the_code_of_an_expired_or_revoked_link_is_a_410_page():
    expired_run, _, expired = _run()
    revoked_run, _, revoked = _run()
    _expire(expired_run)
    _revoke(revoked_run)
    page = APIClient().get(f"/w/{expired}/")
    assert page.status_code == 410 and "This watch link has expired" in page.content.decode()
    page = APIClient().get(f"/w/{revoked}/")
    assert page.status_code == 410 and "This run is no longer shared" in page.content.decode()


# -- the QR code ----------------------------------------------------------------------------------


def test_the_qr_code_is_an_svg_of_the_short_link():
    _, token, code = _run()
    response = APIClient().get(f"/live/{token}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    want = io.BytesIO()
    segno.make(f"http://testserver/w/{code}/", error="m").save(
        want, kind="svg", scale=8, border=2, xmldecl=False, svgclass="qr", lineclass=None
    )
    assert response.content == want.getvalue(), "the QR code encodes the short link"
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<script" not in svg and "style" not in svg


def test_no_qr_code_for_a_link_that_does_not_open():
    run_id, token, _ = _run()
    _revoke(run_id)
    response = APIClient().get(f"/live/{token}/qr.svg")
    assert response.status_code == 410 and "stopped sharing" in response.content.decode()
    assert APIClient().get(f"/live/{FORGED}/qr.svg").status_code == 404


def test_the_watch_endpoints_are_in_the_openapi_schema():
    schema = APIClient().get("/api/schema/").content.decode()
    for operation in ("live_watch_retrieve", "live_watch_fork"):
        assert operation in schema
    assert "/api/live/{token}/fork/" in schema and "'410':" in schema
    fork = schema[schema.index("operationId: live_watch_fork") :]
    assert "'429':" in fork[: fork.index("operationId:", 30)], "a throttled fork can be refused"
