"""Pathological notification bodies: nesting hundreds or a hundred thousand levels deep is a parse error
(``NotificationParseError``), answered 400 with one WARNING line, never an exception or a traceback, through
every entry point of the receiver over a real socket; the next valid notification is still applied. And a
failure inside the receiver itself is a 500 and one ERROR record, never an exception the server logs.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from graph_calls._constants import NOTIFICATION_MAX_JSON_DEPTH
from graph_calls.errors import NotificationParseError
from graph_calls.notifications import (
    CallbackTokenValidator,
    Notification,
    NotificationReceiver,
    parse_notifications,
)
from graph_calls.notifications import handler as handler_module

from ._payloads import APP_ID, CALL_ID, ESTABLISHED, call_data, notification, payload
from ._servers import ENTRY_POINTS, EntryPoint, serving

DEEP = 500
VERY_DEEP = 100_000  # past the interpreter's recursion limit: json.loads itself raises RecursionError


def nested_json(levels: int) -> str:
    """``levels`` arrays, one inside the other: ``[[[...]]]``."""
    return "[" * levels + "]" * levels


def nested_list(levels: int) -> list[Any]:
    """The same as a Python value, built without recursion."""
    value: list[Any] = []
    for _ in range(levels - 1):
        value = [value]
    return value


def deep_body(levels: int, where: str = "resourceData") -> bytes:
    """A call notification with ``levels`` nested arrays in an undocumented property, at ``where``.

    ``resourceData``: a property of the Call; ``notification``: a property of the commsNotification;
    ``payload``: a property of the commsNotifications object.
    """
    marker = "nested arrays go here"
    item = notification("updated", "", call_data("established"))
    body = payload(item)
    {"resourceData": item["resourceData"], "notification": item, "payload": body}[where]["extra"] = marker
    return json.dumps(body).replace(json.dumps(marker), nested_json(levels)).encode("utf-8")


def body_of_depth(depth: int) -> dict[str, Any]:
    """A valid payload whose arrays and objects nest exactly ``depth`` levels, the payload itself level 1."""
    item = notification("updated", "", call_data("established"))
    # payload (1) > value (2) > the notification (3) > its "extra" lists (4 ...)
    item["extra"] = nested_list(depth - 3)
    return payload(item)


# The parser


@pytest.mark.parametrize("levels", [DEEP, VERY_DEEP])
@pytest.mark.parametrize("where", ["resourceData", "notification", "payload"])
def test_a_body_nested_too_deep_is_a_parse_error_wherever_the_nesting_is(levels: int, where: str) -> None:
    body = deep_body(levels, where)

    for given in (body, body.decode("utf-8"), bytearray(body)):
        with pytest.raises(NotificationParseError, match=f"deeper than {NOTIFICATION_MAX_JSON_DEPTH} levels"):
            parse_notifications(given)


@pytest.mark.parametrize("levels", [DEEP, VERY_DEEP])
def test_an_already_decoded_payload_nested_too_deep_is_a_parse_error(levels: int) -> None:
    item = notification("updated", "", {**call_data("established"), "extra": nested_list(levels)})

    with pytest.raises(NotificationParseError, match="deeper than"):
        parse_notifications(payload(item))


def test_the_depth_limit_counts_the_payload_itself_and_is_far_above_graphs_own() -> None:
    assert NOTIFICATION_MAX_JSON_DEPTH == 64

    [parsed] = parse_notifications(body_of_depth(NOTIFICATION_MAX_JSON_DEPTH))
    assert parsed.kind == "call"
    with pytest.raises(NotificationParseError, match="deeper than 64 levels"):
        parse_notifications(body_of_depth(NOTIFICATION_MAX_JSON_DEPTH + 1))
    with pytest.raises(NotificationParseError, match="deeper than 64 levels"):
        parse_notifications(json.dumps(body_of_depth(NOTIFICATION_MAX_JSON_DEPTH + 1)))


def test_a_deep_body_is_refused_even_with_little_stack_left() -> None:
    # As if deep inside a framework: the parse must not need the stack the body would.
    def at_depth(frames_left: int) -> None:
        if frames_left:
            at_depth(frames_left - 1)
            return
        with pytest.raises(NotificationParseError):
            parse_notifications(deep_body(VERY_DEEP))
        [parsed] = parse_notifications(ESTABLISHED)
        assert parsed.kind == "call"

    at_depth(sys.getrecursionlimit() - 250)


# The receiver, over a real socket, through each entry point


class Recorder:
    def __init__(self) -> None:
        self.calls: list[list[Notification]] = []

    def __call__(self, notifications: list[Notification]) -> None:
        self.calls.append(notifications)


@pytest.fixture(params=ENTRY_POINTS)
def served(
    request: pytest.FixtureRequest, validator: CallbackTokenValidator
) -> Iterator[tuple[str, NotificationReceiver, Recorder]]:
    entry_point: EntryPoint = request.param
    recorder = Recorder()
    receiver = NotificationReceiver(APP_ID, validator=validator, on_notifications=recorder)
    with serving(receiver, entry_point) as url:
        yield url, receiver, recorder
    receiver.close()


def warnings_and_worse(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("levels", [DEEP, VERY_DEEP])
def test_a_deeply_nested_body_gets_400_and_one_warning_line_and_the_next_notification_applies(
    served: tuple[str, NotificationReceiver, Recorder],
    headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    levels: int,
) -> None:
    url, receiver, recorder = served

    with caplog.at_level(logging.DEBUG):
        refused = httpx.post(url, content=deep_body(levels), headers=headers, timeout=10)
        logged = warnings_and_worse(caplog)
        accepted = httpx.post(url, content=ESTABLISHED, headers=headers, timeout=10)

    assert refused.status_code == 400
    assert b"deeper than 64 levels" in refused.content
    [record] = logged
    assert (record.name, record.levelno, record.exc_info) == (
        "graph_calls.notifications",
        logging.WARNING,
        None,
    )
    assert "deeper than 64 levels" in record.getMessage()
    assert "\n" not in record.getMessage()
    assert accepted.status_code == 202
    assert receiver.registry[CALL_ID].state == "established"
    assert receiver.wait_idle(5)
    assert [[n.kind for n in ns] for ns in recorder.calls] == [["call"]]


def test_a_refusal_is_logged_and_answered_on_one_short_line(
    served: tuple[str, NotificationReceiver, Recorder],
    headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, _, _ = served

    def refuse(body: object, *, tenant_id: str | None) -> list[Notification]:
        # A parse error quoting a long, multi-line value.
        raise NotificationParseError("value[0] cannot be read: " + "x\n" * 100_000)

    monkeypatch.setattr(handler_module, "parse_body", refuse)
    with caplog.at_level(logging.DEBUG):
        refused = httpx.post(url, content=ESTABLISHED, headers=headers, timeout=10)

    assert refused.status_code == 400
    [record] = warnings_and_worse(caplog)
    message = record.getMessage()
    assert message.startswith("refused a callback notification: value[0] cannot be read: x x x")
    assert len(message) < 600
    assert "\n" not in message
    assert len(refused.content.decode("utf-8")) == 500


# Failures inside the receiver: a 500, one ERROR record, nothing escapes to the server


@pytest.mark.parametrize("failure", [RuntimeError("validator bug"), RecursionError("deep inside")])
@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_a_failure_inside_the_receiver_is_a_500_and_one_error_record(
    validator: CallbackTokenValidator,
    headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception,
    entry_point: EntryPoint,
) -> None:
    receiver = NotificationReceiver(APP_ID, validator=validator)

    def broken(*args: object) -> Any:
        raise failure

    async def abroken(*args: object) -> Any:
        raise failure

    monkeypatch.setattr(validator, "validate_headers", broken)
    monkeypatch.setattr(validator, "avalidate_headers", abroken)
    with serving(receiver, entry_point) as url, caplog.at_level(logging.DEBUG):
        reply = httpx.post(url, content=ESTABLISHED, headers=headers, timeout=10)
        logged = warnings_and_worse(caplog)
    receiver.close()

    assert reply.status_code == 500
    [record] = logged
    assert (record.name, record.levelno) == ("graph_calls.notifications", logging.ERROR)
    assert str(failure) in record.getMessage()
    # A traceback for a bug; none for a RecursionError, whose traceback is the same frame a thousand times.
    assert (record.exc_info is not None) == (not isinstance(failure, RecursionError))
