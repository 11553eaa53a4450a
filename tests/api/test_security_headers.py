"""Headers every response carries: a strict Content-Security-Policy on the pages (nothing inline
runs but the nonced import map), the same policy on Swagger UI, and `no-store` on API JSON."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from playground.templatetags import importmap
from tests.api.conftest import create_design

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _nonce(policy: dict[str, list[str]]) -> str:
    nonces = [v for v in policy["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1, policy["script-src"]
    return nonces[0][len("'nonce-") : -1]


def _pages(anon, document) -> list[str]:
    design = create_design(anon, document)
    link = anon.post(f"/api/designs/{design['id']}/share/", {}, format="json").json()
    return [
        "/",
        f"/play/{design['id']}/",
        f"/s/{link['token']}/",
        "/scenarios/three-tier/",
        f"/live/{link['token']}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
    ]


def test_every_page_has_a_strict_policy(anon, document):
    for path in _pages(anon, document):
        response = anon.get(path)
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], path
        assert (
            "'unsafe-inline'" not in policy["script-src"]
            and "'unsafe-eval'" not in policy["script-src"]
        ), path
        assert "'unsafe-inline'" not in policy["style-src"], path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], path
        assert policy["frame-ancestors"] == ["'none'"], path


def test_only_the_nonced_import_map_is_inline(anon, document):
    for path in _pages(anon, document):
        response = anon.get(path)
        html = response.content.decode()
        nonce = _nonce(_policy(response))
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or f'nonce="{nonce}"' in tag, (path, tag)
        for tag in re.findall(r"<style\b[^>]*>", html):
            assert f'nonce="{nonce}"' in tag, (path, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path  # no inline event handlers


def test_each_response_has_its_own_nonce():
    first, second = Client().get("/"), Client().get("/")
    assert _nonce(_policy(first)) != _nonce(_policy(second))


def test_the_import_map_names_uplot_and_is_valid_json():
    html = Client().get("/").content.decode()
    body = re.search(r'<script type="importmap" nonce="[^"]+">(.*?)</script>', html, re.S).group(1)
    assert json.loads(body)["imports"]["uplot"].endswith(".js")


def test_the_import_map_maps_each_module_to_its_hashed_name(monkeypatch):
    class Collected:
        hashed_files = {
            "js/app.js": "js/app.0123abcd.js",
            "js/live/run.js": "js/live/run.4567ef.js",
            "js/tests/x.test.js": "js/tests/x.test.89.js",
            "css/app.css": "css/app.ab.css",
            "vendor/uplot/uPlot.esm.js": "vendor/uplot/uPlot.esm.cd.js",
        }

        def url(self, name):
            return "/static/" + self.hashed_files[name]

    monkeypatch.setattr(importmap, "staticfiles_storage", Collected())
    monkeypatch.setattr(importmap, "static", lambda name: Collected().url(name))
    assert importmap.imports() == {
        "uplot": "/static/vendor/uplot/uPlot.esm.cd.js",
        "/static/js/app.js": "/static/js/app.0123abcd.js",
        "/static/js/live/run.js": "/static/js/live/run.4567ef.js",
    }


def test_the_import_map_cannot_end_its_script_element(monkeypatch):
    monkeypatch.setattr(
        importmap, "imports", lambda: {"uplot": "/static/</script><script>alert(1)//.js"}
    )
    rendered = importmap.import_map()
    assert "</script>" not in rendered and "<" not in rendered
    assert json.loads(rendered)["imports"]["uplot"] == "/static/</script><script>alert(1)//.js"


def test_swagger_ui_runs_under_the_same_policy():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    policy = _policy(response)
    assert (
        "'unsafe-inline'" not in policy["script-src"]
        and "'unsafe-inline'" not in policy["style-src"]
    )
    html = response.content.decode()
    nonce = _nonce(policy)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts), scripts
    assert re.search(rf'<style nonce="{re.escape(nonce)}">', html)
    script_url = re.findall(r'<script src="([^"]*\?script=[^"]*)"', html)
    assert script_url == ["/api/docs/?script="]
    script = Client().get(script_url[0])
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_api_json_is_never_stored(anon, document):
    design = create_design(anon, document)
    for response in (
        anon.get("/api/components/"),
        anon.get(f"/api/designs/{design['id']}/"),
        anon.get("/api/designs/"),
        anon.get("/api/no-such/"),
        anon.delete("/api/components/"),
        APIClient().get(f"/api/designs/{design['id']}/"),
    ):
        assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]
        assert response["Content-Type"] == "application/json"


def test_pages_are_not_marked_no_store():
    assert "no-store" not in Client().get("/").get("Cache-Control", "")
