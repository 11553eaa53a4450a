"""Bad input is a clear 4xx in the one error shape, never a 500."""

from __future__ import annotations

import io

import pytest
from django.conf import settings

from playground.api.errors import PayloadTooLarge
from playground.api.parsers import BoundedJSONParser
from playground.models import Design
from tests.api.conftest import assert_error_shape, create_design

pytestmark = pytest.mark.django_db


def post_raw(client, url, body: bytes | str, content_type="application/json"):
    return client.generic("POST", url, body, content_type=content_type)


@pytest.mark.parametrize(
    "body",
    [
        b'{"name": "x", "document": {',
        b"not json at all",
        b'{"name": "x", "document": NaN}',
        b"\xff\xfe{}",
        b"[" * 5000 + b"]" * 5000,
        b'{"name": "x", "document": {"format": 1, "nodes": [{"id": "a\\u0000b"}]}}',
        b'{"name": "x", "document": {"format": 1, "name": "\\ud800"}}',
        b'{"version": 1' + b"0" * 5000 + b"}",
    ],
)
def test_malformed_json_is_400(anon, body):
    response = post_raw(anon, "/api/designs/", body)
    assert response.status_code == 400, response.content
    assert_error_shape(response.json())
    assert not Design.objects.exists()


@pytest.mark.parametrize(
    ("payload", "path", "message"),
    [
        (
            {"name": 12, "document": {"format": 1}},
            "name",
            "must be text (a JSON string), not a number.",
        ),
        (
            {"name": 0, "document": {"format": 1}},
            "name",
            "must be text (a JSON string), not a number.",
        ),
        (
            {"name": True, "document": {"format": 1}},
            "name",
            "must be text (a JSON string), not true or false.",
        ),
        (
            {"name": ["a"], "document": {"format": 1}},
            "name",
            "must be text (a JSON string), not a list.",
        ),
        ({"name": "", "document": {"format": 1}}, "name", None),
        ({"name": "x" * 201, "document": {"format": 1}}, "name", None),
        ({"document": {"format": 1}}, "name", None),
        ({"name": "x"}, "document", None),
        ({"name": "x", "document": None}, "document", None),
    ],
)
def test_wrong_types_are_400_with_problems(anon, payload, path, message):
    response = anon.post("/api/designs/", payload, format="json")
    assert response.status_code == 400
    assert_error_shape(response.json(), problems=True)
    problems = {p["path"]: p["message"] for p in response.json()["problems"]}
    assert path in problems
    if message:
        assert problems[path] == message
    assert not Design.objects.exists()


def test_a_name_is_stored_exactly_as_sent(anon):
    response = anon.post(
        "/api/designs/", {"name": "  spaced  ", "document": {"format": 1}}, format="json"
    )
    assert response.status_code == 201 and response.json()["name"] == "  spaced  "


def test_a_fork_name_must_be_text_too(anon, document):
    design = create_design(anon, document)
    token = anon.post(f"/api/designs/{design['id']}/share/", {}, format="json").json()["token"]
    response = anon.post(f"/api/shared/{token}/fork/", {"name": 5}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"path": "name", "message": "must be text (a JSON string), not a number."}
    ]
    assert Design.objects.count() == 1


def test_body_that_is_not_an_object_is_400(anon):
    response = anon.post("/api/designs/", [1, 2], format="json")
    assert response.status_code == 400
    assert_error_shape(response.json(), problems=True)


@pytest.mark.parametrize("version", ["two", "2", "1", -1, 0, 2**31, 1.5, None, True, [1]])
def test_bad_versions_are_400(anon, document, version):
    design = create_design(anon, document)
    response = anon.patch(
        f"/api/designs/{design['id']}/", {"name": "x", "version": version}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "version"
    assert Design.objects.get(pk=design["id"]).name == "My design"


def test_a_version_written_as_a_whole_float_is_a_whole_number(anon, document):
    """JSON Schema counts 1.0 as an integer, so the server does too."""
    design = create_design(anon, document)
    response = anon.generic(
        "PATCH",
        f"/api/designs/{design['id']}/",
        b'{"name": "x", "version": 1.0}',
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == 2


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=1.5", "limit"),
        ("limit=", "limit"),
        ("limit=1&limit=2", "limit"),
        ("limit=true", "limit"),
        ("limit=%205", "limit"),
        ("limit=5_0", "limit"),
        ("limit=" + "9" * 5000, "limit"),
        ("offset=-1", "offset"),
        ("offset=abc", "offset"),
        ("offset=1e3", "offset"),
        ("offset=0&offset=1", "offset"),
    ],
)
def test_out_of_range_or_malformed_paging_is_400_on_that_parameter(anon, document, query, path):
    create_design(anon, document)
    response = anon.get(f"/api/designs/?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert_error_shape(body, problems=True)
    assert [p["path"] for p in body["problems"]] == [path]
    assert "whole number" in body["detail"] or "once" in body["detail"]


@pytest.mark.parametrize(
    ("query", "count"),
    [("limit=1", 1), ("limit=100", 2), ("offset=1", 1), ("offset=" + "9" * 40, 0), ("limit=01", 1)],
)
def test_paging_within_range_is_served(anon, document, query, count):
    create_design(anon, document)
    create_design(anon, document)
    response = anon.get(f"/api/designs/?{query}")
    assert response.status_code == 200 and len(response.json()["results"]) == count


def test_oversized_body_is_413(anon, document):
    document["padding"] = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = anon.post("/api/designs/", {"name": "big", "document": document}, format="json")
    assert response.status_code == 413
    assert_error_shape(response.json())
    assert "KiB" in response.json()["detail"]


def test_parser_bounds_the_stream_even_without_a_declared_length():
    """A body whose length was not declared is still read only up to the limit."""
    stream = io.BytesIO(b'{"x": "' + b"y" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}')
    with pytest.raises(PayloadTooLarge):
        BoundedJSONParser().parse(stream, "application/json", {})


def test_oversized_update_is_413_and_changes_nothing(anon, document):
    design = create_design(anon, document)
    big = dict(document, padding="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    response = anon.put(
        f"/api/designs/{design['id']}/", {"name": "b", "document": big, "version": 1}, format="json"
    )
    assert response.status_code == 413
    assert Design.objects.get(pk=design["id"]).version == 1


def test_form_encoded_body_is_415(anon):
    response = anon.post("/api/designs/", {"name": "x"}, format="multipart")
    assert response.status_code == 415
    assert_error_shape(response.json())


def test_unknown_api_path_is_json_404(anon):
    response = anon.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No such API path: /api/nothing-here/. The paths are listed at /api/docs/."
    }


def test_wrong_method_is_405_in_the_error_shape(anon):
    response = anon.delete("/api/designs/")
    assert response.status_code == 405
    assert_error_shape(response.json())


@pytest.mark.django_db(transaction=True)
def test_oversized_body_is_413_through_the_asgi_server_too():
    """Through daphne's path (Django's ASGI handler), not only the test client."""
    from schemathesis.python.asgi import get_client

    from playground.asgi import application

    with get_client(application) as client:
        token = client.get("/api/csrf/").json()["csrfToken"]
        body = b'{"name": "x", "document": "' + b"y" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}'
        response = client.post(
            "/api/designs/",
            data=body,
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )
    assert response.status_code == 413, response.text
    assert_error_shape(response.json())
