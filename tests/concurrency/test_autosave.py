"""A class autosaving at once, against a real `python -m daphne` on the embedded default
(`playground.settings.dev`, a SQLite FILE database): the case behind every decision.

- 30 learners, each with their own session and design, save many times at the same moment:
  every save is a 200 and the last one is what is stored. (On the old settings, a deferred
  transaction that read then wrote, this answered 500 "database is locked".)
  Every third learner also runs their design over the websocket meanwhile, so the session reads
  of the handshake and each finished run's store (`database_sync_to_async`) land among the saves;
  every run ends and its report is stored.
- 24 tabs of one learner race on ONE design, each saving the version it last read: every answer
  is 200 or 409, each version is won by exactly one 200, every 409 names a newer version, and
  the design ends as the save that won the last version left it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from websockets.sync.client import connect

from playground.live.testing import DaphneServer
from tests.concurrency.tabs import Tab, together

ROOT = Path(__file__).resolve().parents[2]
LEARNERS = 30
SAVES_EACH = 6
TABS = 24
ROUNDS_EACH = 4
RUN_EVERY = 3  # every third learner runs a simulation while saving


def reference_document() -> dict:
    document = json.loads((ROOT / "playground" / "scenarios" / "three-tier.json").read_text())[
        "document"
    ]
    document["run"] = {"duration": 60, "seed": 1, "warmup": 0}
    document["faults"] = []  # the lesson's crash comes later than these short runs last
    return document


def _until_end(ws) -> dict:
    while True:
        message = json.loads(ws.recv(timeout=120))
        if message["type"] in ("end", "error"):
            return message


@pytest.fixture(scope="module")
def server():
    with DaphneServer(settings="playground.settings.dev") as running:
        yield running


def test_thirty_learners_autosaving_at_once_all_get_200_and_keep_their_last_save(server):
    def learner(index: int) -> tuple[list[int], bool]:
        tab = Tab(server.http_url)
        document = reference_document()
        created = tab.request(
            "POST", "/api/designs/", {"name": f"learner {index}", "document": document}
        )
        statuses = [created.status]
        if created.status != 201:
            return statuses, False
        design, version = created.json()["id"], 1
        ws = None
        if index % RUN_EVERY == 0:
            ws = connect(
                server.ws_url + "/ws/simulate/",
                origin=server.http_url,
                compression=None,
                additional_headers={
                    "Cookie": "; ".join(f"{k}={v}" for k, v in tab.cookies.items())
                },
                max_size=8 * 2**20,
                legacy=True,
            )
            ws.send(json.dumps({"type": "start", "design_id": design, "seed": index, "speed": 10}))
        for save in range(SAVES_EACH):
            document["nodes"][0]["ui"] = {"x": index, "y": save}  # dragged a node: autosave
            answer = tab.request(
                "PUT",
                f"/api/designs/{design}/",
                {"name": f"learner {index}", "document": document, "version": version},
            )
            statuses.append(answer.status)
            if answer.status == 200:
                version = answer.json()["version"]
        stored = tab.request("GET", f"/api/designs/{design}/").json()
        kept = stored["version"] == version and stored["document"] == document
        if ws is not None:
            with ws:
                end = _until_end(ws)
            assert end["type"] == "end", end
            run = tab.request("GET", f"/api/runs/{end['run']}/")
            statuses.append(run.status)
            kept = kept and run.status == 200 and run.json()["report"] == end["report"]
        tab.close()
        return statuses, kept

    outcomes = together(learner, range(LEARNERS))
    statuses = [s for each, _ in outcomes for s in each]
    failed = sorted(s for s in statuses if s not in (200, 201))
    assert not failed, (
        f"{len(failed)} of {len(statuses)} requests failed: {failed}\nserver log: {server.log()}"
    )
    runs = len(range(0, LEARNERS, RUN_EVERY))
    assert len(statuses) == LEARNERS * (SAVES_EACH + 1) + runs
    assert all(kept for _, kept in outcomes), "every learner's last save (and run report) is stored"


def test_two_dozen_tabs_racing_on_one_design_each_version_is_won_once(server):
    owner = Tab(server.http_url)
    created = owner.request(
        "POST", "/api/designs/", {"name": "shared", "document": reference_document()}
    )
    assert created.status == 201, created.body
    design = created.json()["id"]

    def tab_work(index: int) -> list[tuple[int, int, dict]]:
        tab = Tab(server.http_url, like=owner)
        seen = []
        for round_ in range(ROUNDS_EACH):
            read = tab.request("GET", f"/api/designs/{design}/")
            assert read.status == 200, read.body
            version = read.json()["version"]
            document = copy.deepcopy(read.json()["document"])
            document["name"] = f"tab {index} round {round_}"
            sent = {"name": f"tab {index} round {round_}", "document": document, "version": version}
            answer = tab.request("PUT", f"/api/designs/{design}/", sent)
            seen.append(
                (answer.status, version, answer.body if answer.status in (200, 409) else {})
            )
            if answer.status == 200:
                assert answer.json()["document"] == document
        tab.close()
        return seen

    answers = [a for each in together(tab_work, range(TABS)) for a in each]
    statuses = [status for status, _, _ in answers]
    assert set(statuses) <= {200, 409}, (
        f"not 200/409: {sorted(s for s in statuses if s not in (200, 409))}"
        f"\nserver log: {server.log()}"
    )
    wins = sorted(body["version"] for status, _, body in answers if status == 200)
    final = owner.request("GET", f"/api/designs/{design}/").json()
    assert wins == list(range(2, final["version"] + 1)), "every version is won by exactly one save"
    for status, sent_version, body in answers:
        if status == 409:
            assert body["detail"] and body["current_version"] > sent_version
    last = next(
        body for status, _, body in answers if status == 200 and body["version"] == final["version"]
    )
    assert final["name"] == last["name"] and final["document"] == last["document"]


def test_a_stale_tab_deleting_while_another_saves_never_deletes_the_newer_work(server):
    """Tab A read version 1 and deletes; tab B saves version 1 at the same moment. Either the
    save lands first (the delete then sees version 2: 409, and the design keeps B's save) or the
    delete does (B's save then finds no design: 404). Never both: a 200 save deleted anyway."""
    owner = Tab(server.http_url)
    outcomes = []
    for round_ in range(8):
        created = owner.request(
            "POST", "/api/designs/", {"name": f"race {round_}", "document": reference_document()}
        )
        assert created.status == 201, created.body
        design = created.json()["id"]
        document = reference_document()
        document["name"] = f"saved in round {round_}"

        def act(which: str, design=design, document=document):
            tab = Tab(server.http_url, like=owner)
            try:
                if which == "delete":
                    return tab.request("DELETE", f"/api/designs/{design}/?version=1")
                return tab.request(
                    "PUT",
                    f"/api/designs/{design}/",
                    {"name": "newer", "document": document, "version": 1},
                )
            finally:
                tab.close()

        deleted, saved = together(act, ["delete", "save"])
        after = owner.request("GET", f"/api/designs/{design}/")
        outcomes.append((deleted.status, saved.status))
        if saved.status == 200:
            assert deleted.status == 409 and deleted.json()["current_version"] == 2, deleted.body
            assert after.status == 200 and after.json()["document"] == document
        else:
            assert (deleted.status, saved.status) == (204, 404), (deleted.status, saved.body)
            assert after.status == 404
    assert set(outcomes) <= {(409, 200), (204, 404)}, outcomes
