"""Waits across instances on a RedisStore (real redis-server on 127.0.0.1): an operation awaited on one
instance resolves from a completion another instance applied, before the wait began, while it begins, or
during it; a call waited on changes from another instance's notifications; nothing is ever missed."""

from __future__ import annotations

import asyncio
import random
import threading
from typing import Any

import pytest
from tests._redis_server import RedisStores

from graph_calls import models
from graph_calls.errors import GraphTimeoutError, OperationFailed, OperationTimeoutError
from graph_calls.notifications import CallRegistry, parse_notifications

from ._payloads import (
    CALL_ID,
    call_data,
    notification,
    operation_done,
    participant_data,
    payload,
    reference,
    reference_response,
    roster,
)


def feed(registry: CallRegistry, *notifications: dict[str, Any]) -> None:
    registry.apply_all(parse_notifications(payload(*notifications)))


class Later:
    """Runs ``feed`` on another thread once released; joined by the test."""

    def __init__(self, registry: CallRegistry, *notifications: dict[str, Any]) -> None:
        self.go = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(registry, notifications))
        self._thread.start()

    def _run(self, registry: CallRegistry, notifications: tuple[dict[str, Any], ...]) -> None:
        self.go.wait(10)
        feed(registry, *notifications)

    def join(self) -> None:
        self.go.set()
        self._thread.join(10)


# Operations


def test_a_wait_on_one_instance_resolves_from_a_completion_another_instance_received(
    stores: RedisStores,
) -> None:
    waiting_on, receiving = stores.registry(), stores.registry()
    returned = models.InviteParticipantsOperation.from_dict(reference_response("participant-invite", 0))
    completion = Later(receiving, reference("participant-invite", 0, 0)["value"][0])
    results: list[Any] = []

    def wait() -> None:
        results.append(waiting_on.wait_for_operation(returned, timeout=10))

    waiter = threading.Thread(target=wait)
    waiter.start()
    completion.join()
    waiter.join(10)

    assert [(type(r).__name__, r.id, r.status) for r in results] == [
        ("InviteParticipantsOperation", returned.id, "completed")
    ]


@pytest.mark.anyio
async def test_an_await_on_one_instance_resolves_from_a_failure_another_instance_received(
    stores: RedisStores,
) -> None:
    waiting_on, receiving = stores.registry(), stores.registry()

    async def fail_soon() -> None:
        await asyncio.sleep(0.01)
        await asyncio.to_thread(
            feed,
            receiving,
            operation_done("op-1", "failed", code=500, subcode=7700, message="transfer failed"),
        )

    task = asyncio.get_running_loop().create_task(fail_soon())
    with pytest.raises(OperationFailed) as caught:
        await waiting_on.await_operation("op-1", timeout=10)
    await task

    assert (caught.value.code, caught.value.subcode, caught.value.result_message) == (
        500,
        7700,
        "transfer failed",
    )


def test_a_completion_stored_before_the_wait_began_resolves_it_on_another_instance(
    stores: RedisStores,
) -> None:
    receiving = stores.registry()
    feed(receiving, operation_done("op-1", client_context="done early"))
    waiting_on = stores.registry()  # its store has not subscribed to anything yet

    done = waiting_on.wait_for_operation("op-1", timeout=10)

    assert done.client_context == "done early"
    assert waiting_on.finished_operation("op-1") is done


@pytest.mark.anyio
async def test_no_completion_is_lost_whether_it_lands_before_while_or_after_its_wait_begins(
    stores: RedisStores,
) -> None:
    waiting_on, receiving = stores.registry(), stores.registry()
    operations = [f"op-{n}" for n in range(300)]
    before, racing = operations[:100], operations[100:200]  # the last 100 complete once armed
    feed(receiving, *(operation_done(op) for op in before))
    shuffler = random.Random(16)

    def complete(op_ids: list[str]) -> None:
        for op_id in op_ids:
            feed(receiving, operation_done(op_id))

    armed = asyncio.Event()

    async def complete_racing_then_the_rest() -> None:
        order = list(racing)
        shuffler.shuffle(order)
        await asyncio.to_thread(complete, order)  # while the waits below are beginning
        await armed.wait()
        await asyncio.to_thread(complete, operations[200:])

    completer = asyncio.get_running_loop().create_task(complete_racing_then_the_rest())
    waits = [asyncio.ensure_future(waiting_on.await_operation(op, timeout=30)) for op in operations]
    await asyncio.sleep(0)
    armed.set()
    done = await asyncio.gather(*waits)
    await completer

    assert sorted(d.id for d in done) == sorted(operations)
    assert waiting_on._async_waiters == []


def test_a_wait_for_an_operation_nobody_completes_times_out(stores: RedisStores) -> None:
    waiting_on, receiving = stores.registry(), stores.registry()
    feed(receiving, operation_done("another-op"))

    with pytest.raises(OperationTimeoutError, match="op-never"):
        waiting_on.wait_for_operation("op-never", timeout=0.2)


# Calls


def test_a_call_wait_on_one_instance_sees_the_roster_another_instance_applied(stores: RedisStores) -> None:
    waiting_on, receiving = stores.registry(), stores.registry()
    feed(receiving, notification("updated", "", call_data("established")))
    joins = Later(
        receiving,
        roster("updated", participant_data("alice", sequence=1)),
        roster("updated", participant_data("bob", sequence=2)),
    )

    def release_once_checked(call: Any) -> bool:
        joins.go.set()  # the wait checked once: the joins reach it waiting
        return len(call.participants) == 2

    call = waiting_on.wait_for_call(CALL_ID, release_once_checked, timeout=10)
    joins.join()

    assert list(call.participants) == ["alice", "bob"]


@pytest.mark.anyio
async def test_a_call_await_on_one_instance_sees_the_end_another_instance_applied(
    stores: RedisStores,
) -> None:
    waiting_on, receiving = stores.registry(), stores.registry()
    feed(receiving, notification("updated", "", call_data("established")))

    async def hang_up() -> None:
        await asyncio.sleep(0.01)
        await asyncio.to_thread(feed, receiving, notification("deleted", "", call_data("terminated")))

    task = asyncio.get_running_loop().create_task(hang_up())
    call = await waiting_on.await_call(CALL_ID, lambda c: c.ended, timeout=10)
    await task

    assert call.state == "terminated"


def test_a_call_wait_ends_at_once_when_another_instance_drops_the_call(stores: RedisStores) -> None:
    waiting_on, receiving = stores.registry(max_ended_calls=1), stores.registry(max_ended_calls=1)
    feed(receiving, notification("updated", "", call_data("established"), call_id="a"))
    drop = Later(
        receiving,
        notification("deleted", "", call_data("terminated"), call_id="a"),
        notification("deleted", "", call_data("terminated"), call_id="b"),  # pushes "a" out
    )

    def release_once_checked(call: Any) -> bool:
        drop.go.set()
        return call.state == "transferring"

    with pytest.raises(GraphTimeoutError, match="dropped"):
        waiting_on.wait_for_call("a", release_once_checked, timeout=30)
    drop.join()


@pytest.mark.anyio
async def test_applying_from_async_code_runs_off_the_event_loop_and_wakes_other_instances(
    stores: RedisStores,
) -> None:
    waiting_on, receiving = stores.registry(), stores.registry()
    loop_thread = threading.get_ident()
    applied_on: list[int] = []
    original = receiving.store.apply_all

    def recording(notifications: Any) -> None:
        applied_on.append(threading.get_ident())
        original(notifications)

    receiving.store.apply_all = recording  # type: ignore[method-assign]
    awaiting = asyncio.ensure_future(waiting_on.await_operation("op-1", timeout=10))
    await asyncio.sleep(0.01)

    await receiving.aapply_all(parse_notifications(payload(operation_done("op-1"))))

    assert (await awaiting).id == "op-1"
    assert applied_on
    assert loop_thread not in applied_on
