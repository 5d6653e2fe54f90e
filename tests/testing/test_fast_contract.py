"""The precompiled contract checks agree with openapi-core, value for value.

The simulator trusts ``FastContract``'s "conforms" without asking openapi-core, so the two must
never disagree in that direction (a broken answer would go unnoticed); and they should not
disagree in the other either (every conforming request would pay for openapi-core). Each test
runs both on the same inputs: the Graph reference's documented requests, responses and
notifications, each also broken one field at a time in a dozen ways, and query strings and
content types from the ordinary to the odd.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any, Final

import pytest
from tests.testing.test_simulator_contract import REFERENCE, _path_params, reference_examples

from graph_calls.testing._contract import SpecContract
from graph_calls.testing._fast_contract import FastContract

CONTRACT: Final = SpecContract.load()
REFERENCE_CONTRACT: Final = SpecContract(CONTRACT.spec, check_spec=False, precompiled=False)
FAST: Final = FastContract(CONTRACT.spec)
CALL_ID: Final = "57dab8b1-894c-409a-b240-bd8beae78896"
JSON_RESPONSE: Final = "application/json;odata.metadata=minimal;odata.streaming=true;charset=utf-8"
# What a field is replaced with: each breaks some schema (type, nullability, enum, format, pattern)
# and fits others.
PROBES: Final[tuple[Any, ...]] = (
    None,
    "exploded",
    12345,
    2**40,
    1.5,
    True,
    [],
    {},
    "P1DT2H",
    "2024-01-01T00:00:00Z",
    "00000000-0000-0000-0000-000000000000",
    {"@odata.type": "#microsoft.graph.identity", "id": "x"},
)


def _mutations(value: Any) -> Iterator[Any]:
    """``value`` with one field replaced by a probe (cycling through them), or dropped."""
    probes = itertools.cycle(PROBES)
    for path in _paths(value):
        yield _replace(value, path, next(probes))
        if path and isinstance(path[-1], str):
            yield _replace(value, path, _DROP)


_DROP: Final = object()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copied = json.loads(json.dumps(value))
    parent = copied
    for part in path[:-1]:
        parent = parent[part]
    if new is _DROP:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return copied


def _encoded(value: Any) -> bytes | None:
    return None if value is None else json.dumps(value).encode()


def _request_agrees(
    operation: str,
    body: bytes | None,
    content_type: str,
    query: list[tuple[str, str]],
    *,
    odd: bool = False,
) -> None:
    """Same verdict; for an ``odd`` input the fast path may also just leave it to openapi-core."""
    spec_operation = CONTRACT.operations[operation]
    params = dict.fromkeys(_path_params(spec_operation.path), CALL_ID)
    body = body if spec_operation.has_request_body else None
    fast = FAST.request_conforms(
        operation, path_params=params, query=query, headers={}, body=body, content_type=content_type
    )
    problems = REFERENCE_CONTRACT.check_request(
        operation, path_params=params, query=query, body=body, content_type=content_type
    )
    if odd:
        assert not (fast and problems), (operation, body, content_type, query, problems)
    else:
        assert fast == (not problems), (operation, body, content_type, query, problems)


def _response_agrees(operation: str, status: int, body: bytes | None, content_type: str) -> None:
    params = dict.fromkeys(_path_params(CONTRACT.operations[operation].path), CALL_ID)
    fast = FAST.response_conforms(operation, status=status, body=body, content_type=content_type)
    problems = REFERENCE_CONTRACT.check_response(
        operation, status=status, body=body, content_type=content_type, path_params=params
    )
    assert fast == (not problems), (operation, status, body, problems)


EXAMPLES: Final = [
    pytest.param(example, id=f"{page}#{index}") for page, index, example in reference_examples()
]


@pytest.mark.parametrize("example", EXAMPLES)
def test_documented_requests_and_their_broken_variants_get_the_same_verdict(example: dict[str, Any]) -> None:
    body = example["request"]["body"]
    for variant in [body, *(_mutations(body) if body is not None else ())]:
        _request_agrees(example["operation"], _encoded(variant), "application/json", [])


@pytest.mark.parametrize("example", EXAMPLES)
def test_documented_responses_and_their_broken_variants_get_the_same_verdict(example: dict[str, Any]) -> None:
    response = example["response"]
    body = response.get("body")
    for variant in [body, *(_mutations(body) if body is not None else ())]:
        payload = _encoded(variant)
        _response_agrees(example["operation"], response["status"], payload, JSON_RESPONSE if payload else "")


def test_statuses_without_a_response_of_their_own_fall_back_like_openapi_core() -> None:
    error = _encoded({"error": {"code": "BadRequest", "message": "no"}})
    for status, body in [(202, None), (204, None), (400, error), (404, error), (500, None), (200, b"")]:
        _response_agrees("calls_answer", status, body, JSON_RESPONSE if body else "")
        _response_agrees("calls_get", status, body, JSON_RESPONSE if body else "")


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/json ;odata.metadata=minimal",
        " application/json",
        "application/json; charset",
        "application/json; a=b=c",
        "application/*",
        "text/plain",
        "",
    ],
)
def test_content_types_get_the_same_verdict(content_type: str) -> None:
    body = _encoded({"participants": [{"identity": {"user": {"id": "u1"}}}]})
    _request_agrees("participants_invite", body, content_type, [])
    _response_agrees("participants_invite", 200, _encoded({"id": "op", "status": "running"}), content_type)


ORDINARY_QUERIES: Final = [
    *([("$top", value)] for value in ("0", "5", "05", "-1", "abc", "99999999999999999999")),
    *([("$count", value)] for value in ("true", "TRUE", "false", "maybe")),
    [("$skip", "3"), ("$select", "id,info"), ("$filter", "x"), ("$orderby", "id")],
    [("$skiptoken", "whatever"), ("unknown", "x")],
    [("$expand", "*"), ("$search", '"x"')],
]
# Accepted by openapi-core's casts, and left to it: int("1_0"), bool("yes"), repeated parameters.
ODD_QUERIES: Final = [
    *([("$top", value)] for value in ("1_0", " 5", "+5", "1e3", "٣")),
    *([("$count", value)] for value in ("yes", "1", "t", "off")),
    [("$top", "5"), ("$top", "abc")],
    [("$top", "abc"), ("$top", "5")],
    [("$select", "a"), ("$select", "b")],
]


@pytest.mark.parametrize(
    ("query", "odd"),
    [(query, False) for query in ORDINARY_QUERIES] + [(query, True) for query in ODD_QUERIES],
)
def test_query_strings_get_the_same_verdict(query: list[tuple[str, str]], odd: bool) -> None:
    _request_agrees("participants_list", None, "", query, odd=odd)
    _request_agrees("calls_get", None, "", query, odd=odd)


def test_bodies_that_are_not_json_objects_get_the_same_verdict() -> None:
    for body in [
        b"",
        b"{",
        b"[]",
        b"null",
        b"42",
        b'"x"',
        b"{}",
        b'{"participants": null}',
        b"\xef\xbb\xbf{}",
    ]:
        _request_agrees("participants_invite", body, "application/json", [])
        _response_agrees("participants_invite", 200, body, JSON_RESPONSE)


def _notification_resources() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(REFERENCE.glob("*.json")):
        for example in json.loads(path.read_text())["examples"]:
            for notification in example.get("notifications") or []:
                for item in notification.get("value", []):
                    data = item.get("resourceData")
                    for entity in data if isinstance(data, list) else [data]:
                        if isinstance(entity, dict) and "@odata.type" in entity:
                            yield path.name, entity


def test_notification_payloads_and_their_broken_variants_get_the_same_verdict() -> None:
    schemas = CONTRACT.spec["components"]["schemas"]
    checked = 0
    for _, entity in _notification_resources():
        schema = entity["@odata.type"].rsplit(".", 1)[-1]
        if schema not in schemas:
            continue
        for variant in [entity, *itertools.islice(_mutations(entity), 0, None, 3)]:
            fast = FAST.schema_conforms(schema, variant)
            assert fast == (not REFERENCE_CONTRACT.check_schema(schema, variant)), (schema, variant)
            checked += 1
    assert checked > 50


def test_every_operation_of_the_packaged_spec_compiles() -> None:
    # An operation that does not compile is still checked (by openapi-core alone), but slowly.
    assert FAST.uncompiled() == {}
