"""The node tests of the front-end model (static/js/tests/) read a copy of the catalogue, since
they run without a server. The copy must be the catalogue the API serves, or the JS model is
tested against rules the product no longer has. `make golden` rewrites it (`tests/snapshots.py`).
"""

import json
from pathlib import Path

from simengine.catalogue import catalogue_json

FIXTURE = (
    Path(__file__).resolve().parents[2] / "static" / "js" / "tests" / "fixtures" / "catalogue.json"
)


def test_the_js_tests_catalogue_is_the_one_the_api_serves():
    assert json.loads(FIXTURE.read_text()) == json.loads(json.dumps(catalogue_json()))
