"""A RedisStore when Redis fails (a real redis-server on 127.0.0.1, stopped, killed and restarted): down at
start is a clear StoreUnavailableError, a restart mid-run loses no stored outcome and no armed wait, a stop
during a wait ends the wait with that error, and an apply is never half done."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests._redis_server import RedisServer, RedisStores

from graph_calls.errors import GraphCallsError
from graph_calls.notifications import CallRegistry, NotificationReceiver, parse_notifications
from graph_calls.notifications.stores import RedisStore, StoreUnavailableError

from ._payloads import (
    APP_ID,
    body,
    call_data,
    notification,
    operation_done,
    participant_data,
    payload,
    roster,
)
from ._servers import serving

pytestmark = pytest.mark.slow  # each failure waits out the store's reconnect window (~2.25 s)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    with RedisServer(tmp_path / "redis", appendonly=True) as running:  # every write on disk: restarts keep it
        yield running


def feed(registry: CallRegistry, *notifications: dict[str, Any]) -> None:
    registry.apply_all(parse_notifications(payload(*notifications)))


def one_call(call_id: str) -> list[dict[str, Any]]:
    """What one request might carry: the call established, three participants, an operation's end."""
    people = [participant_data(f"{call_id}-p{n}", sequence=n) for n in range(3)]
    return [
        notification("updated", "", call_data("established"), call_id=call_id),
        roster("updated", *people, call_id=call_id),
        operation_done(f"{call_id}-op"),
    ]


# Down at start


NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_redis_down_at_start_is_a_store_unavailable_error_naming_the_server() -> None:
    store = RedisStore(NOWHERE, namespace="app-id")
    registry = CallRegistry(store=store)

    failures: list[BaseException] = []
    for attempt in (
        lambda: feed(registry, *one_call("c1")),
        lambda: registry.get("c1"),
        lambda: registry.wait_for_operation("op-1", timeout=30),
    ):
        with pytest.raises(StoreUnavailableError) as caught:
            attempt()
        failures.append(caught.value)
    store.close()

    assert all(isinstance(f, GraphCallsError) for f in failures)
    assert all("127.0.0.1:1/0" in str(f) and "'app-id'" in str(f) for f in failures), failures


@pytest.mark.anyio
async def test_an_await_with_redis_down_at_start_raises_store_unavailable_error() -> None:
    store = RedisStore(NOWHERE, namespace="app-id")
    registry = CallRegistry(store=store)

    with pytest.raises(StoreUnavailableError):
        await registry.await_operation("op-1", timeout=30)
    store.close()
    assert registry._async_waiters == []


@pytest.mark.parametrize("entry", ["asgi", "ahandle", "handle"])
def test_a_receiver_whose_redis_is_down_answers_503_so_graph_delivers_again(
    server: RedisServer,
    stores: RedisStores,
    validator: Any,
    headers: dict[str, str],
    entry: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import httpx

    receiver = NotificationReceiver(APP_ID, validator=validator, registry=stores.registry())
    with serving(receiver, entry) as url, caplog.at_level(logging.WARNING, "graph_calls.notifications"):
        server.stop()
        refused = httpx.post(url, content=body(*one_call("c1")), headers=headers, timeout=30)
        server.start()
        accepted = httpx.post(url, content=body(*one_call("c1")), headers=headers, timeout=30)
    receiver.close()

    assert (refused.status_code, accepted.status_code) == (503, 202)
    assert refused.headers["Retry-After"] == "5"
    assert list(stores.registry()["c1"].participants) == ["c1-p0", "c1-p1", "c1-p2"]
    # One WARNING naming the store, no ERROR and no traceback: an outage is not a bug of the bot.
    records = [r for r in caplog.records if r.name == "graph_calls.notifications"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert "could not apply 3 notification(s): the store (Redis 127.0.0.1:" in records[0].getMessage()
    assert records[0].exc_info is None


# Restarted mid-run


def test_a_redis_restart_mid_run_loses_no_stored_outcome_and_no_armed_wait(
    server: RedisServer, stores: RedisStores
) -> None:
    waiting_on, receiving = stores.registry(), stores.registry()
    feed(receiving, operation_done("stored-before"))
    results: dict[str, Any] = {}
    armed = threading.Barrier(3)

    def wait(op_id: str) -> None:
        armed.wait(10)
        try:
            results[op_id] = waiting_on.wait_for_operation(op_id, timeout=30).id
        except GraphCallsError as exc:
            results[op_id] = exc

    waiters = [threading.Thread(target=wait, args=(op,)) for op in ("during-outage", "after-restart")]
    for waiter in waiters:
        waiter.start()
    armed.wait(10)
    waiting_on.wait_for_operation("stored-before", timeout=10)  # subscribed: the waits above are armed

    server.kill()  # a crash: only what reached the append-only file survives
    during = threading.Thread(target=feed, args=(receiving, operation_done("during-outage")))
    during.start()  # the client retries while Redis is away
    server.start()
    during.join(30)
    feed(receiving, operation_done("after-restart"))
    for waiter in waiters:
        waiter.join(30)

    assert results == {"during-outage": "during-outage", "after-restart": "after-restart"}
    restarted = stores.registry()
    assert restarted.wait_for_operation("stored-before", timeout=10).id == "stored-before"


def test_an_instance_keeps_applying_after_redis_restarts(server: RedisServer, stores: RedisStores) -> None:
    registry = stores.registry()
    feed(registry, *one_call("before"))

    server.restart()
    feed(registry, *one_call("after"))

    assert [c.call_id for c in registry.calls()] == ["before", "after"]


# Stopped during a wait


def test_redis_stopped_during_a_wait_ends_the_wait_with_store_unavailable_error(
    server: RedisServer, stores: RedisStores
) -> None:
    registry = stores.registry()
    outcome: list[BaseException] = []
    ready = threading.Event()

    def wait() -> None:
        try:
            registry.wait_for_call("c1", lambda call: ready.set() or call.ended, timeout=60)
        except GraphCallsError as exc:
            outcome.append(exc)

    def wait_for_operation() -> None:
        try:
            registry.wait_for_operation("op-never", timeout=60)
        except GraphCallsError as exc:
            outcome.append(exc)

    feed(registry, *one_call("c1"))
    waiters = [threading.Thread(target=wait), threading.Thread(target=wait_for_operation)]
    for waiter in waiters:
        waiter.start()
    ready.wait(10)
    registry.wait_for_operation("c1-op", timeout=10)  # subscribed: both waits are armed
    server.stop()
    for waiter in waiters:
        waiter.join(60)

    assert [type(e).__name__ for e in outcome] == ["StoreUnavailableError"] * 2


@pytest.mark.anyio
async def test_redis_stopped_during_an_await_ends_it_with_store_unavailable_error(
    server: RedisServer, stores: RedisStores
) -> None:
    registry = stores.registry()
    feed(registry, operation_done("op-done"))
    awaiting = asyncio.ensure_future(registry.await_operation("op-never", timeout=60))
    await registry.await_operation("op-done", timeout=10)  # subscribed: the await above is armed

    await asyncio.to_thread(server.stop)

    with pytest.raises(StoreUnavailableError):
        await asyncio.wait_for(awaiting, 60)


def test_an_apply_is_all_or_nothing_when_redis_is_killed_mid_run(
    server: RedisServer, stores: RedisStores
) -> None:
    registries = [stores.registry() for _ in range(4)]
    sent: dict[str, list[str]] = {str(n): [] for n in range(4)}
    failed = threading.Event()

    def apply_calls(index: int) -> None:
        for n in range(10_000):
            call_id = f"call-{index}-{n}"
            try:
                feed(registries[index], *one_call(call_id))
            except StoreUnavailableError:
                failed.set()
                return
            sent[str(index)].append(call_id)

    appliers = [threading.Thread(target=apply_calls, args=(n,)) for n in range(4)]
    for applier in appliers:
        applier.start()
    while sum(map(len, sent.values())) < 200:
        threading.Event().wait(0.005)
    server.kill()  # mid-run, scripts in flight
    for applier in appliers:
        applier.join(60)
    server.start()

    assert failed.is_set()
    reader = stores.registry()
    calls = {call.call_id: call for call in reader.calls()}
    for call_id, call in calls.items():  # every call there came whole: its roster and its operation too
        assert list(call.participants) == [f"{call_id}-p{n}" for n in range(3)]
        assert reader.finished_operation(f"{call_id}-op") is not None
    every_sent = {call_id for ids in sent.values() for call_id in ids}
    assert every_sent <= set(calls)  # and every apply that returned is there, after the crash


# Optional, and cheap without it


def test_importing_graph_calls_and_its_notifications_does_not_import_redis() -> None:
    code = (
        "import sys, graph_calls, graph_calls.notifications, graph_calls.notifications.stores\n"
        "from graph_calls.notifications import CallRegistry\n"
        "CallRegistry().apply_all([])\n"
        "print(sorted(m for m in sys.modules if m == 'redis' or m.startswith('redis.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"
