"""CallRegistry forgets what is over: ended calls after ``max_ended_calls`` / ``ended_call_retention_s``,
removed participants after ``max_removed_participants`` / ``removed_participant_retention_s`` per call. What a
caller then sees is defined (unknown, not a hang), memory stays flat under 200,000 ended calls and 200,000
removals, and time is moved by hand on an injected clock, never slept.
"""

from __future__ import annotations

import asyncio
import gc
import math
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest

from graph_calls import models
from graph_calls._constants import (
    ENDED_CALL_RETENTION_S,
    MAX_ENDED_CALLS,
    MAX_REMOVED_PARTICIPANTS,
    REMOVED_PARTICIPANT_RETENTION_S,
)
from graph_calls.errors import GraphTimeoutError, InvalidInputError
from graph_calls.notifications import (
    CallbackTokenValidator,
    CallRegistry,
    Notification,
    NotificationReceiver,
    parse_notifications,
)
from graph_calls.notifications._retention import Retention

from ._payloads import APP_ID, body, call_data, notification, participant_data, payload, roster
from ._servers import serving

LIVE = "live-call"
KB = 1024
# What 10,000 more calls (or removals) may leave allocated: 25 bytes each, less than one small object.
LEAK_BOUND = 250 * KB


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def feed(registry: CallRegistry, *notifications: dict[str, Any]) -> None:
    registry.apply_all(parse_notifications(payload(*notifications)))


def start(call_id: str) -> dict[str, Any]:
    return notification("updated", "", call_data("established"), call_id=call_id)


def end(call_id: str) -> dict[str, Any]:
    return notification("deleted", "", call_data("terminated"), call_id=call_id)


def leave(participant_id: str, sequence: int | None, call_id: str = LIVE) -> dict[str, Any]:
    return roster("deleted", participant_data(participant_id, sequence=sequence), call_id=call_id)


def join(participant_id: str, sequence: int | None, call_id: str = LIVE) -> dict[str, Any]:
    return roster("updated", participant_data(participant_id, sequence=sequence), call_id=call_id)


def present(registry: CallRegistry, call_id: str = LIVE) -> list[str]:
    return list(registry[call_id].participants)


# The building block


def test_retention_drops_the_oldest_past_its_count_or_its_age() -> None:
    kept: Retention[str, int] = Retention(max_count=2, max_age_s=10)

    assert list(kept.add("a", 1, now=0)) == []
    assert list(kept.add("b", 2, now=5)) == []
    assert list(kept.add("a", 3, now=6)) == []  # again: now the newest, with its new value and time
    assert list(kept.add("c", 4, now=7)) == ["b"]
    assert (len(kept), kept.get("a"), "b" in kept) == (2, 3, False)

    assert list(kept.expire(now=15.9)) == []
    assert list(kept.expire(now=17)) == ["a", "c"]  # "a" was added at 6, "c" at 7: 10 s or more ago
    kept.discard("absent")
    assert len(kept) == 0


def test_retention_without_an_age_limit_only_counts() -> None:
    kept: Retention[str, None] = Retention(max_count=1, max_age_s=math.inf)
    kept.add("a", None, now=0)

    assert list(kept.expire(now=1e12)) == []
    assert list(kept.add("b", None, now=1e12)) == ["a"]


# Defaults and options


def test_the_defaults() -> None:
    registry = CallRegistry()

    assert (MAX_ENDED_CALLS, ENDED_CALL_RETENTION_S) == (1_000, 600.0)
    assert (MAX_REMOVED_PARTICIPANTS, REMOVED_PARTICIPANT_RETENTION_S) == (1_000, 600.0)
    assert registry.max_ended_calls == MAX_ENDED_CALLS
    assert registry.ended_call_retention_s == ENDED_CALL_RETENTION_S
    assert registry.max_removed_participants == MAX_REMOVED_PARTICIPANTS
    assert registry.removed_participant_retention_s == REMOVED_PARTICIPANT_RETENTION_S


@pytest.mark.parametrize(
    "options",
    [
        {"max_ended_calls": -1},
        {"max_ended_calls": 1.5},
        {"max_ended_calls": True},
        {"max_removed_participants": -1},
        {"max_removed_participants": "10"},
        {"max_finished_operations": 0},
        {"ended_call_retention_s": -1},
        {"ended_call_retention_s": math.nan},
        {"ended_call_retention_s": "600"},
        {"removed_participant_retention_s": False},
        {"removed_participant_retention_s": -0.5},
        {"clock": 12.0},
    ],
)
def test_bad_limits_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError, match=next(iter(options))):
        CallRegistry(**options)


def test_zero_and_infinity_are_valid_limits() -> None:
    registry = CallRegistry(
        max_ended_calls=0,
        max_removed_participants=0,
        ended_call_retention_s=math.inf,
        removed_participant_retention_s=0,
    )

    feed(registry, start("a"), end("a"))

    assert registry.get("a") is None


# Ended calls


def test_the_oldest_ended_calls_go_first_and_calls_in_progress_stay(clock: Clock) -> None:
    registry = CallRegistry(max_ended_calls=2, clock=clock)
    feed(registry, start(LIVE))
    for call_id in ("a", "b", "c"):
        feed(registry, start(call_id), end(call_id))
        clock.advance(1)

    assert [c.call_id for c in registry.calls()] == [LIVE, "b", "c"]
    assert registry.get("a") is None
    assert "a" not in registry
    with pytest.raises(KeyError):
        registry["a"]


def test_an_ended_call_is_dropped_when_its_retention_time_is_up_even_with_no_notification(
    clock: Clock,
) -> None:
    registry = CallRegistry(ended_call_retention_s=600, clock=clock)
    feed(registry, start(LIVE), start("a"), end("a"))

    clock.advance(599)
    assert registry["a"].ended
    feed(registry, end("a"))  # a duplicate end does not keep it longer
    clock.advance(1)

    assert registry.get("a") is None
    assert [c.call_id for c in registry.calls()] == [LIVE]
    clock.advance(10 * 365 * 86400)
    assert registry[LIVE].state == "established"  # a call in progress is never dropped


def test_a_late_notification_does_not_bring_a_dropped_call_back(clock: Clock) -> None:
    registry = CallRegistry(max_ended_calls=1, ended_call_retention_s=600, clock=clock)
    feed(registry, start("a"), join("p1", 1, call_id="a"), end("a"))
    feed(registry, start("b"), end("b"))  # pushes "a" out

    feed(registry, leave("p1", 2, call_id="a"), start("a"), end("a"))

    assert registry.get("a") is None
    # Its id is remembered as long again; after that, Graph is not expected to mention it any more, and a
    # notification that still does starts a new record.
    clock.advance(600)
    feed(registry, start("a"))
    assert registry["a"].state == "established"


def test_waiting_on_a_dropped_call_fails_at_once_not_after_its_timeout(clock: Clock) -> None:
    registry = CallRegistry(max_ended_calls=1, clock=clock)
    feed(registry, start("a"), end("a"), start("b"), end("b"))

    began = time.monotonic()
    with pytest.raises(GraphTimeoutError, match="call a ended and the registry dropped it"):
        registry.wait_for_call("a", lambda c: c.state == "established", timeout=30)
    assert time.monotonic() - began < 5


def test_a_wait_in_progress_ends_when_its_call_is_dropped(clock: Clock) -> None:
    registry = CallRegistry(max_ended_calls=1, clock=clock)
    feed(registry, start("a"))
    errors: list[BaseException] = []
    waiting = threading.Event()

    def wait() -> None:
        try:
            registry.wait_for_call("a", lambda c: waiting.set() or c.state == "transferring", timeout=30)
        except GraphTimeoutError as exc:
            errors.append(exc)

    waiter = threading.Thread(target=wait)
    waiter.start()
    waiting.wait(5)  # it checked once, under the lock: the next change reaches it waiting
    feed(registry, end("a"))  # ended: the state it waits for can no longer come
    feed(registry, start("b"), end("b"))  # and now dropped
    waiter.join(5)

    assert not waiter.is_alive()
    [error] = errors
    assert "dropped" in str(error)


def test_a_wait_ends_when_its_call_is_dropped_by_time_noticed_on_a_read(clock: Clock) -> None:
    registry = CallRegistry(ended_call_retention_s=60, clock=clock)
    feed(registry, start("a"), end("a"))
    errors: list[BaseException] = []
    waiting = threading.Event()

    def wait() -> None:
        try:
            registry.wait_for_call("a", lambda c: waiting.set() or c.state == "hold", timeout=30)
        except GraphTimeoutError as exc:
            errors.append(exc)

    waiter = threading.Thread(target=wait)
    waiter.start()
    waiting.wait(5)  # it checked once, under the lock: the read below reaches it waiting
    clock.advance(60)
    assert registry.get("a") is None  # no notification: the read drops it, and wakes the wait
    waiter.join(5)

    assert not waiter.is_alive()
    assert "dropped" in str(errors[0])


@pytest.mark.anyio
async def test_an_await_on_a_dropped_call_ends_when_it_is_dropped(clock: Clock) -> None:
    registry = CallRegistry(ended_call_retention_s=60, clock=clock)
    feed(registry, start("a"))
    awaiting = asyncio.ensure_future(registry.await_call("a", lambda c: c.state == "hold", timeout=30))
    await asyncio.sleep(0)

    feed(registry, end("a"))
    clock.advance(60)
    await asyncio.to_thread(feed, registry, start("other"))  # the next change drops "a"

    with pytest.raises(GraphTimeoutError, match="dropped"):
        await asyncio.wait_for(awaiting, 5)
    with pytest.raises(GraphTimeoutError, match="dropped"):
        await registry.await_call("a", lambda c: True, timeout=30)


def test_forget_is_not_a_drop_a_later_notification_starts_a_new_record() -> None:
    registry = CallRegistry()
    feed(registry, start("a"), end("a"))

    registry.forget("a")
    feed(registry, start("a"))

    assert registry["a"].state == "established"


# Removed participants


def test_a_removal_is_remembered_until_its_retention_time_is_up(clock: Clock) -> None:
    registry = CallRegistry(removed_participant_retention_s=600, clock=clock)
    feed(registry, start(LIVE), join("p1", 1), leave("p1", 5))

    clock.advance(599)
    feed(registry, join("p1", 3))  # older than the removal: ignored
    assert present(registry) == []

    clock.advance(1)
    feed(registry, join("p1", 3))  # the removal is forgotten: applied as if new
    assert present(registry) == ["p1"]


def test_only_the_most_recent_removals_of_a_call_are_remembered(clock: Clock) -> None:
    registry = CallRegistry(max_removed_participants=3, clock=clock)
    feed(registry, start(LIVE), *(leave(f"p{n}", 10) for n in range(1, 5)))

    feed(registry, join("p4", 1), join("p2", 1))  # remembered: ignored
    assert present(registry) == []
    feed(registry, join("p1", 1))  # the oldest removal, forgotten: applied
    assert present(registry) == ["p1"]


def test_a_rejoin_clears_the_removal_and_an_unnumbered_removal_is_not_remembered(clock: Clock) -> None:
    registry = CallRegistry(max_removed_participants=1, clock=clock)
    feed(registry, start(LIVE), leave("p1", 5), join("p1", 6), leave("p3", 7), leave("p2", None))

    assert present(registry) == ["p1"]
    feed(registry, leave("p1", 4))  # older than the rejoin (6): ignored
    assert present(registry) == ["p1"]
    feed(registry, join("p3", 6))  # p3's removal still holds the one place: p2's took none
    assert present(registry) == ["p1"]


# 200,000 of each: counts stay at the bound, memory stays flat


def ended_call(call_id: str, template: Notification) -> Notification:
    # The registry reads the kind, the call id, the change and the data; the URL may stay the template's.
    return Notification("deleted", template.resource_url, call_id, "call", template.resource_data, {})


def grown_by_the_last_batches(
    run_batch: Callable[[int], object], batches: int = 200, window: int = 10
) -> int:
    """Bytes still allocated after the last ``window`` batches, beyond what the ``window`` before them left.

    Only those last two windows are traced (tracing makes every allocation ~10 times dearer): the first
    reaches the steady state under tracing, the second would show what each batch keeps. Both are far past
    the bounds, so the registry's kept calls and removals are replaced, not added to.
    """
    gc.collect()
    for batch in range(batches - 2 * window):
        run_batch(batch)
    tracemalloc.start()
    try:
        for batch in range(batches - 2 * window, batches - window):
            run_batch(batch)
        gc.collect()
        steady = tracemalloc.get_traced_memory()[0]
        for batch in range(batches - window, batches):
            run_batch(batch)
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - steady
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_200000_ended_calls_keep_the_registry_at_its_bound_and_memory_flat() -> None:
    registry = CallRegistry()  # the defaults: 1,000 ended calls
    [ended] = parse_notifications(payload(end("template")))
    [late] = parse_notifications(payload(leave("bot", 9, call_id="template")))
    feed(registry, start(LIVE))

    def run_batch(batch: int) -> None:
        # (Ids are compared without hyphens: "call-1-10" would be "call-11-0".)
        notifications = [ended_call(f"call-{batch * 1000 + n}", ended) for n in range(1000)]
        if batch >= 2:  # and every tenth call's last roster update comes 2,000 calls late, after its drop
            late_ids = (f"call-{(batch - 2) * 1000 + n}" for n in range(0, 1000, 10))
            notifications += [replace(late, call_id=call_id) for call_id in late_ids]
        registry.apply_all(notifications)
        if batch % 50 == 49:
            assert len(registry.calls()) == 1 + MAX_ENDED_CALLS

    grown = grown_by_the_last_batches(run_batch)

    assert registry.get("call-0") is None
    assert registry["call-199999"].ended
    assert registry[LIVE].state == "established"
    assert grown < LEAK_BOUND, f"{grown / KB:.0f} KiB more after 200,000 ended calls than after 190,000"


@pytest.mark.slow
def test_200000_removed_participants_keep_the_call_at_its_bound_and_memory_flat() -> None:
    registry = CallRegistry()  # the defaults: 1,000 removals remembered per call
    [template] = parse_notifications(payload(leave("template", 1)))
    feed(registry, start(LIVE), join("bot", 1))

    def run_batch(batch: int) -> None:
        removed: list[Any] = [
            models.Participant(id=f"p{batch * 1000 + n}", roster_sequence_number=batch * 1000 + n + 2)
            for n in range(1000)
        ]
        registry.apply(Notification("deleted", template.resource_url, LIVE, "participants", removed, {}))

    grown = grown_by_the_last_batches(run_batch)

    assert present(registry) == ["bot"]
    feed(registry, join("p199999", 1), join("p199000", 1))  # among the last 1,000 removals: ignored
    assert present(registry) == ["bot"]
    feed(registry, join("p198999", 1))  # just past them: forgotten, so applied
    assert present(registry) == ["bot", "p198999"]
    assert grown < LEAK_BOUND, f"{grown / KB:.0f} KiB more after 200,000 removals than after 190,000"


# End to end: through the receiver over a real socket


def test_the_receiver_keeps_its_registry_bounded(
    validator: CallbackTokenValidator, headers: dict[str, str], clock: Clock
) -> None:
    registry = CallRegistry(max_ended_calls=10, max_removed_participants=10, clock=clock)
    receiver = NotificationReceiver(APP_ID, validator=validator, registry=registry)
    statuses: list[int] = []

    with serving(receiver, "asgi") as url:

        def post(*notifications: dict[str, Any]) -> None:
            statuses.append(
                httpx.post(url, content=body(*notifications), headers=headers, timeout=10).status_code
            )

        post(start(LIVE), join("bot", 1))
        for batch in range(5):
            post(*(item for n in range(100) for item in (start(f"c{batch}x{n}"), end(f"c{batch}x{n}"))))
            post(*(leave(f"p{batch}x{n}", 2) for n in range(100)))
        post(join("p4x95", 1), join("p0x0", 1))  # one removal still remembered, one forgotten
        post(start("c0x0"))  # a dropped call
        clock.advance(ENDED_CALL_RETENTION_S)
        post(join("bot", 2))  # the next request drops the remaining ended calls
    receiver.close()

    assert set(statuses) == {202}
    assert [c.call_id for c in registry.calls()] == [LIVE]
    assert present(registry) == ["bot", "p0x0"]
    assert registry.get("c0x0") is None
    with pytest.raises(GraphTimeoutError, match="dropped"):
        registry.wait_for_call("c4x99", lambda c: True, timeout=30)
