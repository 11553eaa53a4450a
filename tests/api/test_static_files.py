"""Static files as `make run` serves them: collected with hashed names, the hashed ones cached for
a year, and the import map sending every ES module import to its hashed file.

Collects into a temporary folder with the settings dev.py uses (the other tests read the files
through the finders)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from playground.settings import base

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=base.STORAGES,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_pages_name_hashed_files_and_map_every_module_to_one(collected):
    html = Client().get("/").content.decode()
    stylesheet = re.search(
        r'<link rel="stylesheet" href="(/static/css/app\.[0-9a-f]{12}\.css)"', html
    )
    assert stylesheet, html[:800]
    imports = json.loads(
        re.search(r'<script type="importmap" nonce="[^"]+">(.*?)</script>', html, re.S).group(1)
    )["imports"]
    modules = sorted(
        p.relative_to(collected).as_posix()
        for p in (collected / "js").rglob("*.js")
        if not re.search(r"\.[0-9a-f]{12}\.js$", p.name) and "tests/" not in p.as_posix()
    )
    assert "js/app.js" in modules and "js/live/run.js" in modules
    for module in modules:
        hashed = imports[f"/static/{module}"]
        assert re.fullmatch(rf"/static/{re.escape(module[:-3])}\.[0-9a-f]{{12}}\.js", hashed), (
            module,
            hashed,
        )
        assert (collected / hashed.removeprefix("/static/")).is_file()
    assert re.fullmatch(r"/static/vendor/uplot/uPlot\.esm\.[0-9a-f]{12}\.js", imports["uplot"])
    assert re.search(r'<script type="module" src="/static/js/home\.[0-9a-f]{12}\.js"', html)


def test_hashed_files_are_cached_for_a_year_and_plain_ones_briefly(collected):
    html = Client().get("/").content.decode()
    hashed = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html).group(1)
    response = Client().get(hashed)
    assert response.status_code == 200
    assert (
        "immutable" in response["Cache-Control"]
        and "max-age=315360000" in response["Cache-Control"]
    )
    plain = Client().get("/static/icons/asg.svg")
    assert plain.status_code == 200 and "immutable" not in plain["Cache-Control"]
