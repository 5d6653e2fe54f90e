"""The nesting depth read off the JSON text agrees with the decoded objects', whatever the strings hold."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from graph_calls.notifications._depth import nests_deeper_than, text_nests_deeper_than

# Strings that look like structure: brackets, quotes and backslashes, escaped or not, and non-ASCII.
TRICKY_STRINGS = [
    "[",
    "]",
    "{",
    "}",
    "[[[",
    "]]]}}",
    '"',
    '\\"',
    "\\",
    "\\\\",
    '\\"]',
    "é[ü]",
    "\u2028",
    "",
    "a",
]


def random_json(rnd: random.Random, depth: int) -> Any:
    roll = rnd.random()
    if depth <= 0 or roll < 0.3:
        return rnd.choice([None, True, 1, 2.5, rnd.choice(TRICKY_STRINGS) * rnd.randint(0, 3)])
    if roll < 0.65:
        return [random_json(rnd, depth - 1) for _ in range(rnd.randint(0, 3))]
    return {
        rnd.choice(TRICKY_STRINGS) + str(i): random_json(rnd, depth - 1) for i in range(rnd.randint(0, 3))
    }


def nested(depth: int, key: str = "k") -> Any:
    """Objects and arrays alternating, ``depth`` levels in all."""
    value: Any = "leaf"
    for level in range(depth):
        value = [value] if level % 2 else {key: value}
    return value


def test_the_text_and_the_objects_agree_on_random_bodies() -> None:
    rnd = random.Random(3)
    for _ in range(3000):
        payload = {"value": [random_json(rnd, rnd.randint(0, 9))]}
        text = json.dumps(payload, ensure_ascii=rnd.random() < 0.5).encode("utf-8")
        for limit in (1, 2, 3, 5, 8):
            assert text_nests_deeper_than(text, limit) == nests_deeper_than(payload, limit), (text, limit)


@pytest.mark.parametrize("key", ["k", "]]]]", "[[[[", '"}\\"', "\\\\"])
@pytest.mark.parametrize("depth", [63, 64, 65, 200])
def test_a_body_is_too_deep_only_past_the_limit(key: str, depth: int) -> None:
    payload = {"value": [nested(depth - 2, key)]}  # the payload and its array are two levels
    text = json.dumps(payload).encode("utf-8")

    assert text_nests_deeper_than(text, 64) is (depth > 64)
    assert nests_deeper_than(payload, 64) is (depth > 64)


def test_brackets_inside_strings_do_not_count() -> None:
    payload = {"value": [{"displayName": "[" * 100 + "]" * 50, "x": "}" * 70}]}

    assert not text_nests_deeper_than(json.dumps(payload).encode("utf-8"), 64)
