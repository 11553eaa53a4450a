"""A websocket message nested too deep gets the HTTP parser's problem (playground/api/parsers.py:
MAX_DEPTH), with its path, as a `bad_json` error; the socket stays open. Before, 5,000 levels made
json.loads raise RecursionError and the learner got `internal`."""

from __future__ import annotations

import json

import pytest

from playground.api.parsers import MAX_DEPTH
from playground.live.nesting import deep_path

pytestmark = [pytest.mark.django_db(transaction=True)]


def _nested(levels: int) -> str:
    return '{"type": "start", "design": {"nodes": ' + "[" * levels + "]" * levels + "}}"


@pytest.mark.parametrize("levels", [5000, 100])
async def test_deep_nesting_is_a_clear_problem_with_a_path_and_the_socket_stays_open(
    clients, session_key, levels
):
    client = await clients(session_key=session_key)
    await client.send(_nested(levels))
    error = await client.recv()
    path = "design.nodes" + "[0]" * (MAX_DEPTH - 1)  # the message: 0, design: 1, nodes: 2, ... 65
    assert error["type"] == "error" and error["code"] == "bad_json"
    assert error["message"] == f"{path}: is nested deeper than {MAX_DEPTH} levels."
    assert error["problems"] == [
        {"path": path, "message": f"is nested deeper than {MAX_DEPTH} levels"}
    ]
    await client.send({"type": "pause"})
    assert (await client.recv())["code"] == "not_running", "the socket still answers"


async def test_nesting_within_the_limit_is_not_refused(clients, session_key):
    client = await clients(session_key=session_key)
    await client.send(
        {"type": "start", "design": {"format": 1, "x": json.loads("[" * 50 + "]" * 50)}}
    )
    error = await client.recv()
    assert error["code"] == "invalid_design", (
        error
    )  # the engine's validation, not the nesting check


async def test_text_with_a_nul_character_is_refused_like_the_http_api(clients, session_key):
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": {"name": "a\x00b"}})
    error = await client.recv()
    assert error["code"] == "bad_json" and error["problems"][0]["path"] == "design.name"
    assert "NUL" in error["message"]


def test_the_deep_path_scanner_reads_keys_indices_and_strings():
    text = '{"a": "[[[", "b\\"q": [1, {"c": [[[[]]]]}]}'
    assert deep_path(text, 3) == 'b"q[1].c[0]'
    assert deep_path(text, 10) is None
    assert deep_path("[" * 5 + "]" * 5, 4) is None
    assert deep_path("[" * 6 + "]" * 6, 4) == "[0][0][0][0][0]"
