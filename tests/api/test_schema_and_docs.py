"""The OpenAPI schema is valid with no warning, Swagger UI is served locally, and production
settings pass Django's deployment checklist."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_openapi_schema_validates_without_warnings(tmp_path):
    result = _manage(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
        DJANGO_SETTINGS_MODULE="playground.settings.test",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    schema = (tmp_path / "schema.yaml").read_text()
    for path in (
        "/api/designs/",
        "/api/designs/{id}/",
        "/api/designs/validate/",
        "/api/components/",
        "/api/designs/{id}/share/",
        "/api/designs/{id}/shares/",
        "/api/shared/{token}/",
        "/api/shared/{token}/revoke/",
        "/api/shared/{token}/fork/",
        "/api/runs/{id}/",
        "/api/scenarios/",
        "/api/scenarios/{slug}/",
        "/api/progress/",
        "/api/csrf/",
        "/api/me/",
    ):
        assert f"  {path}:" in schema, path


def test_check_deploy_passes_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="playground.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://playground@127.0.0.1:5432/playground",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"Architecture Playground API" in response.content


@pytest.mark.django_db
def test_swagger_ui_uses_no_external_urls(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html.lower()
    sources = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', html)
    assert sources, html
    for source in sources:
        assert not re.match(r"^(https?:)?//", source), source
    assert "cdn" not in html.lower()
    for source in sources:  # and every asset it names ships with the sidecar
        if source.startswith(
            "/api/docs/?"
        ):  # its start-up script, from itself (no inline script: CSP)
            continue
        assert source.startswith(settings.STATIC_URL), source
        assert finders.find(source.split("?")[0].removeprefix(settings.STATIC_URL)), source


@pytest.fixture
def schema(client, db) -> dict:
    return client.get("/api/schema/?format=json").json()


def _request_component(schema: dict, path: str, method: str) -> dict:
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"][
        "$ref"
    ]
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_schema_says_what_the_server_refuses(schema):
    """Every flag a client author reads in the schema is what the server does."""
    patch = _request_component(schema, "/api/designs/{id}/", "patch")
    assert patch["required"] == ["version"]  # PATCH without `version` is a 400
    put = _request_component(schema, "/api/designs/{id}/", "put")
    assert set(put["required"]) == {"name", "document", "version"}
    for body in (patch, put, _request_component(schema, "/api/designs/", "post")):
        assert (
            body["properties"]["name"]["type"] == "string"
            and body["properties"]["name"]["minLength"] == 1
        )
    for body in (patch, put):
        assert body["properties"]["version"]["type"] == "integer"
    listing = {p["name"]: p for p in schema["paths"]["/api/designs/"]["get"]["parameters"]}
    assert listing["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert listing["offset"]["schema"] == {"type": "integer", "minimum": 0}
    assert "400" in schema["paths"]["/api/designs/"]["get"]["responses"]
    delete = schema["paths"]["/api/designs/{id}/"]["delete"]
    version = next(p for p in delete["parameters"] if p["name"] == "version")
    assert version["in"] == "query" and version["required"] is True
    assert version["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert {"204", "400", "403", "404", "409"} <= set(delete["responses"])
