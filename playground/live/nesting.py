"""The same checks on a websocket message as the HTTP parser makes on a request body
(`playground.api.parsers`: nesting deeper than MAX_DEPTH, NUL characters, lone surrogates), with
the same problem and its path.

A message nested thousands of levels deep makes `json.loads` itself raise RecursionError before
any check can walk it; `deep_path` then finds, without recursion, the path of the first value
nested too deep, so the learner is told where, exactly as the HTTP API would say it.
"""

from __future__ import annotations

import json
from typing import Any

from playground.api.parsers import MAX_DEPTH, _check_value
from playground.exceptions import InvalidInput
from simengine.design import Problem

TOO_DEEP = f"is nested deeper than {MAX_DEPTH} levels"


def check_message(text: str) -> Any:
    """The decoded message; InvalidInput (a sentence and problems with paths) if refused.
    ValueError for text that is not JSON at all."""
    try:
        value = json.loads(text)
    except RecursionError:
        path = deep_path(text, MAX_DEPTH)
        raise InvalidInput(
            f"{path or 'The message'}: {TOO_DEEP}.", [Problem(path or "", TOO_DEEP)]
        ) from None
    _check_value(value, "", 0)
    return value


def deep_path(text: str, max_depth: int) -> str | None:
    """The JSON path of the first value nested deeper than `max_depth` in `text` (the top-level
    value is at depth 0), found by scanning the text once; None if nothing is that deep."""
    stack: list[list] = []  # per open container: [kind, key or index]
    i, n = 0, len(text)
    last_string = ""
    while i < n:
        char = text[i]
        if char == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            last_string = text[i : end + 1]
            i = end + 1
            continue
        if char in "[{":
            if len(stack) == max_depth + 1:
                return _path(stack)
            stack.append(["list", 0] if char == "[" else ["dict", None])
        elif char in "]}":
            if stack:
                stack.pop()
        elif char == ":" and stack and stack[-1][0] == "dict":
            try:
                stack[-1][1] = json.loads(last_string)
            except ValueError:
                stack[-1][1] = last_string.strip('"')
        elif char == "," and stack and stack[-1][0] == "list":
            stack[-1][1] += 1
        i += 1
    return None


def _path(stack: list[list]) -> str:
    path = ""
    for kind, key in stack:
        if kind == "list":
            path += f"[{key}]"
        else:
            path = f"{path}.{key}" if path else str(key)
    return path
