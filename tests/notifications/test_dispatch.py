"""on_notifications callbacks: ordered within a call, concurrent across calls, ``max_workers`` at most.

Every notification is a real POST over 127.0.0.1 with a callback token the fake identity platform signed,
through each of the receiver's entry points (``asgi``, ``ahandle``, ``handle``), with plain and coroutine
callbacks.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from graph_calls.errors import InvalidInputError
from graph_calls.notifications import CallbackTokenValidator, Notification, NotificationReceiver

from ._payloads import APP_ID, body, call_data, notification
from ._servers import ENTRY_POINTS, EntryPoint, serving

WAIT_S = 10.0
CALL_A = "11111111-aaaa-4aaa-8aaa-000000000001"
CALL_B = "22222222-bbbb-4bbb-8bbb-000000000002"


def call_update(call_id: str, sequence: int) -> bytes:
    """One ``updated`` notification on a call, its sequence number in ``subject``."""
    return body(notification("updated", "", call_data("established", subject=str(sequence)), call_id=call_id))


def sequence_of(notification: Notification) -> int:
    return int(notification.raw["resourceData"]["subject"])


def blocking(kind: str, run: Callable[[list[Notification]], None]) -> Any:
    """``run`` as a plain callback, or as a coroutine callback that runs it off the event loop."""
    if kind == "sync":
        return run

    async def on_notifications(notifications: list[Notification]) -> None:
        await asyncio.to_thread(run, notifications)

    return on_notifications


@pytest.fixture
def post(headers: dict[str, str]) -> Iterator[Callable[[str, bytes], None]]:
    """POST a body to a callback URL (one connection, so requests arrive in the order posted)."""
    with httpx.Client(timeout=WAIT_S) as client:

        def send(url: str, content: bytes) -> None:
            reply = client.post(url, content=content, headers=headers)
            assert reply.status_code == 202, reply.text

        yield send


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_a_callback_blocked_on_one_call_does_not_hold_back_another_calls_callback(
    entry_point: EntryPoint,
    kind: str,
    validator: CallbackTokenValidator,
    post: Callable[[str, bytes], None],
) -> None:
    second_call_ran = threading.Event()
    seen: list[str] = []

    def run(notifications: list[Notification]) -> None:
        call_id = notifications[0].call_id
        if call_id == CALL_A:
            # The first call's flow waits for something that only the second call's callback does.
            seen.append("A saw B" if second_call_ran.wait(WAIT_S) else "A gave up waiting for B")
        else:
            seen.append("B")
            second_call_ran.set()

    receiver = NotificationReceiver(APP_ID, validator=validator, on_notifications=blocking(kind, run))
    with receiver, serving(receiver, entry_point) as url:
        post(url, call_update(CALL_A, 1))
        post(url, call_update(CALL_B, 1))
        assert receiver.wait_idle(WAIT_S * 2)

    assert seen == ["B", "A saw B"]


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_callbacks_about_one_call_run_one_at_a_time_in_the_order_posted(
    entry_point: EntryPoint,
    kind: str,
    validator: CallbackTokenValidator,
    post: Callable[[str, bytes], None],
) -> None:
    calls = [f"{index:08d}-cccc-4ccc-8ccc-00000000000{index}" for index in range(4)]
    lock = threading.Lock()
    order: dict[str, list[int]] = {call_id: [] for call_id in calls}
    running: dict[str, int] = dict.fromkeys(calls, 0)
    overlaps: list[str] = []

    def run(notifications: list[Notification]) -> None:
        [received] = notifications
        call_id = received.call_id
        assert call_id is not None
        with lock:
            running[call_id] += 1
            if running[call_id] > 1:
                overlaps.append(call_id)
        # Give the other workers every chance to start a second callback of the same call meanwhile.
        threading.Event().wait(0.001)
        with lock:
            order[call_id].append(sequence_of(received))
            running[call_id] -= 1

    receiver = NotificationReceiver(
        APP_ID, validator=validator, on_notifications=blocking(kind, run), max_workers=4
    )
    with receiver, serving(receiver, entry_point) as url:
        for sequence in range(25):
            for call_id in calls:  # the calls interleave
                post(url, call_update(call_id, sequence))
        assert receiver.wait_idle(WAIT_S * 2)

    assert overlaps == []
    assert order == {call_id: list(range(25)) for call_id in calls}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("entry_point", ["asgi", "handle"])
def test_no_more_than_max_workers_callbacks_run_at_once(
    entry_point: EntryPoint,
    kind: str,
    validator: CallbackTokenValidator,
    post: Callable[[str, bytes], None],
) -> None:
    changed = threading.Condition()
    running = 0
    most = 0
    release = threading.Event()

    def run(notifications: list[Notification]) -> None:
        nonlocal running, most
        with changed:
            running += 1
            most = max(most, running)
            changed.notify_all()
        release.wait(WAIT_S)
        with changed:
            running -= 1

    receiver = NotificationReceiver(
        APP_ID, validator=validator, on_notifications=blocking(kind, run), max_workers=2
    )
    with receiver, serving(receiver, entry_point) as url:
        for index in range(5):
            post(url, call_update(f"{index:08d}-dddd-4ddd-8ddd-000000000000", 1))
        with changed:
            assert changed.wait_for(lambda: running == 2, WAIT_S)
        release.set()
        assert receiver.wait_idle(WAIT_S * 2)

    assert most == 2


def test_worker_threads_start_only_as_calls_need_them(
    validator: CallbackTokenValidator, post: Callable[[str, bytes], None]
) -> None:
    before = {thread.ident for thread in threading.enumerate()}
    receiver = NotificationReceiver(
        APP_ID, validator=validator, on_notifications=lambda _: None, max_workers=8
    )
    with receiver, serving(receiver, "handle") as url:
        for sequence in range(10):
            post(url, call_update(CALL_A, sequence))  # one call: one lane, one thread is enough
        assert receiver.wait_idle(WAIT_S)
        started = [
            thread
            for thread in threading.enumerate()
            if thread.ident not in before and thread.name == "graph-calls-notifications"
        ]

    assert len(started) == 1


def test_close_lets_every_call_finish_its_queued_callbacks(
    validator: CallbackTokenValidator, post: Callable[[str, bytes], None]
) -> None:
    done: list[tuple[str | None, int]] = []
    lock = threading.Lock()

    def run(notifications: list[Notification]) -> None:
        threading.Event().wait(0.001)
        with lock:
            done.extend((n.call_id, sequence_of(n)) for n in notifications)

    receiver = NotificationReceiver(APP_ID, validator=validator, on_notifications=run, max_workers=2)
    with serving(receiver, "handle") as url:
        for sequence in range(10):
            post(url, call_update(CALL_A, sequence))
            post(url, call_update(CALL_B, sequence))
    receiver.close()

    assert sorted(done) == sorted((call_id, s) for s in range(10) for call_id in (CALL_A, CALL_B))


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "8"])
def test_max_workers_must_be_a_positive_integer(bad: Any, validator: CallbackTokenValidator) -> None:
    with pytest.raises(InvalidInputError, match="max_workers"):
        NotificationReceiver(APP_ID, validator=validator, max_workers=bad)
