"""Rewrite the catalogue's two stored copies after a deliberate catalogue change (`make golden`
runs this, then rewrites the golden reports): the snapshot that
`tests/simengine/test_catalogue_snapshot.py` compares with, and the copy the front end's node
tests read (`tests/e2e/test_js_fixtures.py`).
Read the diff before committing it: it is what the palette, the inspector and the API will say."""

from __future__ import annotations

import json
from pathlib import Path

from simengine.catalogue import catalogue_json

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "simengine" / "fixtures" / "catalogue.json"
JS_COPY = ROOT / "static" / "js" / "tests" / "fixtures" / "catalogue.json"


def main() -> None:
    catalogue = catalogue_json()
    SNAPSHOT.write_text(json.dumps(catalogue, indent=1, sort_keys=True) + "\n")
    JS_COPY.write_text(json.dumps(catalogue, indent=1) + "\n")
    print(f"rewrote {SNAPSHOT.relative_to(ROOT)} and {JS_COPY.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
