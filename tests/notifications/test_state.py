"""CallRegistry: call state, rosters out of order, content sharing, and waiting for operations (sync and
async, applied from other threads)."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from graph_calls import models
from graph_calls.errors import GraphTimeoutError, InvalidInputError, OperationFailed, OperationTimeoutError
from graph_calls.notifications import CallRegistry, CallSnapshot, Notification, parse_notifications

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

OP_ID = "eec3812a-fdc3-4fb4-825c-a06c9f35414e"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def registry() -> CallRegistry:
    return CallRegistry()


def parsed(*notifications: dict[str, Any]) -> list[Notification]:
    return parse_notifications(payload(*notifications))


def feed(registry: CallRegistry, *notifications: dict[str, Any]) -> None:
    registry.apply_all(parsed(*notifications))


def feed_reference(registry: CallRegistry, page: str, example: int) -> None:
    index = 0
    while True:
        try:
            registry.apply_all(parse_notifications(reference(page, example, index)))
        except LookupError:
            return
        index += 1


def roster_view(call: CallSnapshot) -> dict[str, tuple[bool, bool]]:
    return {pid: (bool(p.is_muted), bool(p.is_in_lobby)) for pid, p in call.participants.items()}


@pytest.fixture
def applier() -> Iterator[list[threading.Thread]]:
    """Threads that apply notifications later; joined at the end of the test."""
    threads: list[threading.Thread] = []
    yield threads
    for thread in threads:
        thread.join(5)


def apply_later(
    threads: list[threading.Thread],
    registry: CallRegistry,
    *notifications: dict[str, Any],
    ready: threading.Event,
) -> None:
    def run() -> None:
        ready.wait(5)
        feed(registry, *notifications)

    thread = threading.Thread(target=run)
    threads.append(thread)
    thread.start()


# Call state


def test_a_created_call_is_tracked_with_its_state_and_model(registry: CallRegistry) -> None:
    feed_reference(registry, "call-answer", 3)

    call = registry["e71f0300-9c1f-4d99-b5f4-2722e877d497"]
    assert call.state == "incoming"
    assert isinstance(call.call, models.Call)
    assert not call.ended
    assert "e71f0300-9c1f-4d99-b5f4-2722e877d497" in registry


def test_establishing_after_established_does_not_go_back(registry: CallRegistry) -> None:
    feed(registry, notification("updated", "", call_data("established")))
    feed(registry, notification("updated", "", call_data("establishing")))

    assert registry[CALL_ID].state == "established"
    assert registry[CALL_ID].call.state == "established"


def test_a_deleted_call_is_terminated_and_nothing_revives_it(registry: CallRegistry) -> None:
    feed_reference(registry, "call-delete", 0)
    call_id = "57dab8b1-894c-409a-b240-bd8beae78896"

    feed(registry, notification("updated", "", call_data("established"), call_id=call_id))
    feed(registry, notification("updated", "", call_data("terminating"), call_id=call_id))

    call = registry[call_id]
    assert call.ended
    assert call.state == "terminated"
    assert (call.call.result_info.code, call.call.result_info.subcode) == (200, 5001)


def test_a_failed_transfer_returns_to_established(registry: CallRegistry) -> None:
    raw = reference("call-transfer", 0, 0)["value"][0], reference("call-transfer", 0, 3)["value"][0]

    feed(registry, *raw)

    call = registry["341a0500-d4bf-4224-8b19-1581168d328b"]
    assert call.state == "established"
    assert not call.ended
    assert (call.call.result_info.code, call.call.result_info.subcode) == (500, 7000)


def test_a_completed_transfer_ends_the_call(registry: CallRegistry) -> None:
    for index in range(3):
        registry.apply_all(parse_notifications(reference("call-transfer", 1, index)))

    assert registry["341a0500-d4bf-4224-8b19-1581168d328b"].ended


def test_a_call_update_without_state_keeps_the_state(registry: CallRegistry) -> None:
    feed(registry, notification("updated", "", call_data("established")))
    feed(registry, notification("updated", "", call_data(None, toneInfo={"sequenceId": 1, "tone": "tone1"})))

    call = registry[CALL_ID]
    assert call.state == "established"
    assert call.call.tone_info.tone == "tone1"


def test_call_ids_match_across_case_and_hyphens(registry: CallRegistry) -> None:
    feed_reference(registry, "call-answer", 1)  # notifies 57DAB8B1894C409AB240BD8BEAE78896

    call = registry.get("57dab8b1-894c-409a-b240-bd8beae78896")
    assert call is not None
    assert call.call_id == "57DAB8B1894C409AB240BD8BEAE78896"
    assert call.state == "established"


def test_unknown_calls_are_none_and_a_key_error(registry: CallRegistry) -> None:
    assert registry.get("nope") is None
    assert "nope" not in registry
    with pytest.raises(KeyError):
        registry["nope"]


def test_forget_drops_a_call(registry: CallRegistry) -> None:
    feed(registry, notification("updated", "", call_data("established")))

    registry.forget(CALL_ID)

    assert registry.get(CALL_ID) is None
    assert registry.calls() == []


def test_only_the_most_recent_ended_calls_are_kept() -> None:
    registry = CallRegistry(max_ended_calls=2)
    feed(registry, notification("updated", "", call_data("established"), call_id="live"))
    for call_id in ("a", "b", "c"):
        feed(registry, notification("deleted", "", call_data("terminated"), call_id=call_id))

    assert [c.call_id for c in registry.calls()] == ["live", "b", "c"]


# Roster

ROSTER_EVENTS = [
    roster("updated", participant_data("bot", sequence=1)),
    roster("updated", participant_data("alice", sequence=2)),
    roster("updated", participant_data("alice", sequence=3, muted=True)),
    roster("updated", participant_data("bob", sequence=4, in_lobby=True)),
    roster("updated", participant_data("carol", sequence=5)),
    roster("updated", participant_data("bob", sequence=6)),
    roster("deleted", participant_data("carol", sequence=7)),
    roster(
        "updated", participant_data("alice", sequence=8, muted=False), participant_data("dave", sequence=8)
    ),
    roster("updated", participant_data("dave", sequence=9, removed="leftMeeting")),
    roster("updated", participant_data("erin", sequence=10, muted=True)),
    roster("updated", participant_data("erin", sequence=10, muted=True)),  # a duplicate
    roster("updated", participant_data("alice", sequence=11, muted=True)),
]
FINAL_ROSTER = {
    "bot": (False, False),
    "alice": (True, False),
    "bob": (False, False),
    "erin": (True, False),
}


def test_a_roster_in_order_gives_the_expected_participants(registry: CallRegistry) -> None:
    feed(registry, *ROSTER_EVENTS)

    call = registry[CALL_ID]
    assert roster_view(call) == FINAL_ROSTER
    assert list(call.participants) == ["bot", "alice", "bob", "erin"]  # join order


def test_any_arrival_order_of_a_sequenced_roster_gives_the_same_roster() -> None:
    shuffler = random.Random(20261128)
    for _ in range(50):
        events = list(ROSTER_EVENTS)
        shuffler.shuffle(events)
        registry = CallRegistry()
        for event in events:  # one request per notification, as Graph posts them
            feed(registry, event)

        assert roster_view(registry[CALL_ID]) == FINAL_ROSTER


def test_an_older_update_after_a_newer_one_is_ignored(registry: CallRegistry) -> None:
    feed(registry, roster("updated", participant_data("alice", sequence=5, muted=True)))
    feed(registry, roster("updated", participant_data("alice", sequence=4, muted=False)))

    assert roster_view(registry[CALL_ID]) == {"alice": (True, False)}


def test_an_older_join_after_the_leave_does_not_bring_a_participant_back(registry: CallRegistry) -> None:
    feed(registry, roster("deleted", participant_data("alice", sequence=9)))
    feed(registry, roster("updated", participant_data("alice", sequence=3)))

    assert registry[CALL_ID].participants == {}


def test_without_sequence_numbers_arrival_order_decides(registry: CallRegistry) -> None:
    feed(registry, roster("updated", participant_data("alice", muted=True)))
    feed(registry, roster("updated", participant_data("alice", muted=False)))
    assert roster_view(registry[CALL_ID]) == {"alice": (False, False)}

    feed(registry, roster("updated", participant_data("alice", muted=True)))
    assert roster_view(registry[CALL_ID]) == {"alice": (True, False)}


def test_an_unsequenced_update_applies_but_an_older_sequenced_one_still_does_not(
    registry: CallRegistry,
) -> None:
    feed(registry, roster("updated", participant_data("alice", sequence=5)))
    feed(registry, roster("updated", participant_data("alice", muted=True)))
    feed(registry, roster("updated", participant_data("alice", sequence=4, in_lobby=True)))

    assert roster_view(registry[CALL_ID]) == {"alice": (True, False)}


def test_participants_missing_from_an_update_stay_in_the_roster(registry: CallRegistry) -> None:
    feed_reference(registry, "application-post-calls", 4)  # a roster of two
    call_id = "2f1a1100-b174-40a0-aba7-0b405e01ed92"
    feed(
        registry, roster("updated", participant_data("0d7664b6-6432-43ed-8d27-d9e7adec188c"), call_id=call_id)
    )

    call = registry[call_id]
    assert call.state == "established"
    assert set(call.participants) == {
        "0d7664b6-6432-43ed-8d27-d9e7adec188c",
        "05491616-385f-44a8-9974-18cc5f9933c1",
    }
    assert call.participant("0D7664B6643243ED8D27D9E7ADEC188C") is not None


def test_removed_state_or_a_deleted_notification_removes_a_participant(registry: CallRegistry) -> None:
    feed(
        registry,
        roster("updated", participant_data("alice"), participant_data("bob"), participant_data("carol")),
    )
    feed(registry, roster("updated", participant_data("alice", removed="kicked")))
    feed(registry, roster("deleted", participant_data("bob")))
    feed(registry, notification("deleted", "/participants/carol"))

    assert registry[CALL_ID].participants == {}


def test_mute_and_lobby_updates_from_the_reference_apply(registry: CallRegistry) -> None:
    feed_reference(registry, "participant-mute", 0)

    [participant] = registry["57dab8b1-894c-409a-b240-bd8beae78896"].participants.values()
    assert participant.is_muted is True
    assert participant.media_streams[0].media_type == "audio"


def test_participants_without_an_id_are_skipped(registry: CallRegistry) -> None:
    feed_reference(registry, "participant-invite", 1)

    assert registry["7531d31f-d10d-44de-802f-c569dbca451c"].participants == {}


def test_snapshots_do_not_change_afterwards(registry: CallRegistry) -> None:
    feed(registry, roster("updated", participant_data("alice")))
    before = registry[CALL_ID]

    feed(registry, roster("updated", participant_data("bob")))

    assert list(before.participants) == ["alice"]
    assert list(registry[CALL_ID].participants) == ["alice", "bob"]
    with pytest.raises(TypeError):
        before.participants["x"] = None  # type: ignore[index]


# Content sharing


def test_content_sharing_sessions_come_and_go(registry: CallRegistry) -> None:
    call_id = "421f4c00-4436-4c3a-9d9a-c4924cf98e67"
    registry.apply_all(parse_notifications(reference("application-post-calls", 0, 2)))
    [session_id] = registry[call_id].content_sharing_sessions
    assert isinstance(registry[call_id].content_sharing_sessions[session_id], models.ContentSharingSession)

    registry.apply_all(parse_notifications(reference("application-post-calls", 0, 4)))
    assert registry[call_id].content_sharing_sessions == {}

    registry.apply_all(parse_notifications(reference("call-answer", 2, 3)))  # URL form, no data
    assert dict(registry[call_id].content_sharing_sessions) == {"2765eb15-01f8-47c6-b12b-c32111a4a86f": None}
    registry.apply_all(parse_notifications(reference("call-answer", 2, 4)))
    assert registry[call_id].content_sharing_sessions == {}


# Operations: sync


def test_a_completion_received_before_the_wait_resolves_it(registry: CallRegistry) -> None:
    registry.apply_all(parse_notifications(reference("participant-invite", 0, 0)))

    done = registry.wait_for_operation(OP_ID, timeout=1)

    assert isinstance(done, models.InviteParticipantsOperation)
    assert done.status == "completed"
    assert registry.finished_operation(OP_ID) is done


def test_an_invite_awaited_in_a_thread_resolves_when_the_notification_arrives(
    registry: CallRegistry, applier: list[threading.Thread]
) -> None:
    returned = models.InviteParticipantsOperation.from_dict(reference_response("participant-invite", 0))
    assert returned.status == "Running"
    results: list[Any] = []
    waiting = threading.Event()

    def wait() -> None:
        waiting.set()
        results.append(registry.wait_for_operation(returned, timeout=5))

    waiter = threading.Thread(target=wait)
    waiter.start()
    apply_later(applier, registry, reference("participant-invite", 0, 0)["value"][0], ready=waiting)
    waiter.join(5)

    assert [type(r).__name__ for r in results] == ["InviteParticipantsOperation"]
    assert results[0].id == returned.id


def test_operation_ids_match_across_case_and_hyphens(registry: CallRegistry) -> None:
    # playPrompt returns 0fe0623f-d628-..., its notification names 0FE0623FD628...
    returned = models.PlayPromptOperation.from_dict(reference_response("call-playprompt", 0))
    registry.apply_all(parse_notifications(reference("call-playprompt", 0, 0)))

    done = registry.wait_for_operation(returned, timeout=1)

    assert done.result_info.message == "Action completed successfully."


def test_a_failed_operation_raises_operation_failed_with_its_result_info(registry: CallRegistry) -> None:
    feed(
        registry,
        operation_done("op-1", "failed", code="400", subcode=8508, message="the operation was cancelled"),
    )

    with pytest.raises(OperationFailed) as caught:
        registry.wait_for_operation("op-1", timeout=1)

    assert (caught.value.code, caught.value.subcode) == (400, 8508)
    assert caught.value.result_message == "the operation was cancelled"
    assert isinstance(caught.value.operation, models.InviteParticipantsOperation)


def test_the_reference_cancelled_record_operation_fails(registry: CallRegistry) -> None:
    returned = models.RecordOperation.from_dict(reference_response("call-record", 0))
    registry.apply_all(parse_notifications(reference("call-cancelmediaprocessing", 0, 0)))

    with pytest.raises(OperationFailed) as caught:
        registry.wait_for_operation(returned, timeout=1)

    assert (caught.value.code, caught.value.subcode) == (400, 8508)


def test_a_wait_times_out_without_a_notification(registry: CallRegistry) -> None:
    returned = models.InviteParticipantsOperation(id="op-never", status="running")

    with pytest.raises(OperationTimeoutError) as caught:
        registry.wait_for_operation(returned, timeout=0.05)
    assert caught.value.operation is returned
    assert "op-never" in str(caught.value)

    with pytest.raises(OperationTimeoutError, match="op-never"):
        registry.wait_for_operation("op-never", timeout=0.05)


def test_an_operation_returned_finished_resolves_without_a_notification(registry: CallRegistry) -> None:
    completed = models.MuteParticipantOperation.from_dict(reference_response("participant-mute", 0))
    assert completed.status == "completed"
    failed = models.CommsOperation(
        id="op-f", status="Failed", result_info=models.ResultInfo(code=500, subcode=7000, message="nope")
    )

    assert registry.wait_for_operation(completed, timeout=0.01) is completed
    with pytest.raises(OperationFailed) as caught:
        registry.wait_for_operation(failed, timeout=0.01)
    assert (caught.value.code, caught.value.subcode, caught.value.result_message) == (500, 7000, "nope")


def test_an_updated_notification_with_a_final_status_finishes_the_operation(registry: CallRegistry) -> None:
    feed(registry, notification("updated", "/operations/op-1", {"id": "op-1", "status": "Running"}))
    assert registry.finished_operation("op-1") is None

    feed(registry, notification("updated", "/operations/op-1", {"id": "op-1", "status": "Completed"}))
    assert registry.wait_for_operation("op-1", timeout=0.01).status == "Completed"


def test_a_completion_without_resource_data_still_finishes_the_operation(registry: CallRegistry) -> None:
    feed(registry, notification("deleted", "/operations/op-1"))

    done = registry.wait_for_operation("op-1", timeout=0.01)

    assert (done.id, done.status) == ("op-1", "completed")


def test_duplicate_completions_are_harmless(registry: CallRegistry) -> None:
    feed(registry, operation_done("op-1", client_context="first"))
    feed(registry, operation_done("op-1", client_context="second"), operation_done("op-1", "failed"))

    assert registry.wait_for_operation("op-1", timeout=0.01).client_context == "first"


def test_only_the_most_recent_finished_operations_are_remembered() -> None:
    registry = CallRegistry(max_finished_operations=2)
    for index in range(3):
        feed(registry, operation_done(f"op-{index}"))

    assert registry.finished_operation("op-0") is None
    assert registry.finished_operation("op-2") is not None


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), True])
def test_timeouts_must_be_positive(registry: CallRegistry, timeout: float) -> None:
    with pytest.raises(InvalidInputError):
        registry.wait_for_operation("op", timeout=timeout)


def test_an_operation_without_an_id_is_refused(registry: CallRegistry) -> None:
    with pytest.raises(InvalidInputError):
        registry.wait_for_operation(models.CommsOperation(status="running"), timeout=1)
    with pytest.raises(InvalidInputError):
        registry.wait_for_operation("", timeout=1)


# Operations and calls: async


@pytest.mark.anyio
async def test_an_invite_awaited_resolves_when_another_thread_applies_the_notification(
    registry: CallRegistry, applier: list[threading.Thread]
) -> None:
    returned = models.InviteParticipantsOperation.from_dict(reference_response("participant-invite", 0))
    ready = threading.Event()
    apply_later(applier, registry, reference("participant-invite", 0, 0)["value"][0], ready=ready)

    async def release() -> None:
        await asyncio.sleep(0.01)
        ready.set()

    task = asyncio.get_running_loop().create_task(release())
    done = await registry.await_operation(returned, timeout=5)
    await task

    assert isinstance(done, models.InviteParticipantsOperation)
    assert done.id == returned.id


@pytest.mark.anyio
async def test_an_awaited_failed_operation_raises_operation_failed(registry: CallRegistry) -> None:
    async def fail_soon() -> None:
        await anyio.to_thread.run_sync(
            feed,
            registry,
            operation_done("op-1", "failed", code=500, subcode=7700, message="transfer failed"),
        )

    task = asyncio.get_running_loop().create_task(fail_soon())
    with pytest.raises(OperationFailed) as caught:
        await registry.await_operation("op-1", timeout=5)
    await task

    assert (caught.value.code, caught.value.subcode, caught.value.result_message) == (
        500,
        7700,
        "transfer failed",
    )


@pytest.mark.anyio
async def test_an_await_times_out_and_leaves_no_waiter(registry: CallRegistry) -> None:
    with pytest.raises(OperationTimeoutError):
        await registry.await_operation("op-never", timeout=0.05)

    assert registry._async_waiters == []


@pytest.mark.anyio
async def test_an_await_resolves_at_once_for_a_known_or_returned_finished_operation(
    registry: CallRegistry,
) -> None:
    feed(registry, operation_done("op-1"))
    returned = models.CommsOperation(id="op-2", status="completed")

    assert (await registry.await_operation("op-1", timeout=0.01)).id == "op-1"
    assert await registry.await_operation(returned, timeout=0.01) is returned


def test_waiting_for_a_call_state_from_another_thread(
    registry: CallRegistry, applier: list[threading.Thread]
) -> None:
    ready = threading.Event()
    apply_later(
        applier, registry, roster("updated", participant_data("alice"), participant_data("bob")), ready=ready
    )
    ready.set()

    call = registry.wait_for_call(CALL_ID, lambda c: len(c.participants) == 2, timeout=5)

    assert list(call.participants) == ["alice", "bob"]


def test_waiting_for_a_call_state_times_out_saying_no_notification_arrived(registry: CallRegistry) -> None:
    with pytest.raises(GraphTimeoutError, match=CALL_ID) as raised:
        registry.wait_for_call(CALL_ID, lambda c: c.ended, timeout=0.05)
    assert "no notification about this call arrived" in str(raised.value)


def test_a_call_wait_that_times_out_names_the_last_state_notified(registry: CallRegistry) -> None:
    feed(registry, notification("updated", "", call_data("establishing")))
    with pytest.raises(GraphTimeoutError) as raised:
        registry.wait_for_call(CALL_ID, lambda c: c.state == "established", timeout=0.05)
    assert "(last state notified: establishing)" in str(raised.value)


@pytest.mark.anyio
async def test_awaiting_a_call_to_end(registry: CallRegistry) -> None:
    feed(registry, notification("updated", "", call_data("established")))

    async def hang_up() -> None:
        await anyio.to_thread.run_sync(feed, registry, notification("deleted", "", call_data("terminated")))

    task = asyncio.get_running_loop().create_task(hang_up())
    call = await registry.await_call(CALL_ID, lambda c: c.ended, timeout=5)
    await task

    assert call.state == "terminated"


@pytest.mark.anyio
async def test_a_failing_predicate_reaches_the_awaiting_code(registry: CallRegistry) -> None:
    def broken(call: CallSnapshot) -> bool:
        if call.participants:
            raise RuntimeError("predicate bug")
        return False

    async def join() -> None:
        await anyio.to_thread.run_sync(feed, registry, roster("updated", participant_data("alice")))

    task = asyncio.get_running_loop().create_task(join())
    with pytest.raises(RuntimeError, match="predicate bug"):
        await registry.await_call(CALL_ID, broken, timeout=5)
    await task


@pytest.mark.anyio
async def test_await_call_times_out(registry: CallRegistry) -> None:
    with pytest.raises(GraphTimeoutError):
        await registry.await_call(CALL_ID, lambda c: c.ended, timeout=0.05)


def test_a_participant_is_found_by_any_identity_id(registry: CallRegistry) -> None:
    feed_reference(registry, "application-post-calls", 4)
    call = registry["2f1a1100-b174-40a0-aba7-0b405e01ed92"]

    user = call.participant_with_identity("112f7296-5fa4-42ca-bae8-6a692b15d4b8")
    bot = call.participant_with_identity("2891555a-92ff-42e6-80fa-6e1300c6b5c6")

    assert (user.id, bot.id) == (
        "0d7664b6-6432-43ed-8d27-d9e7adec188c",
        "05491616-385f-44a8-9974-18cc5f9933c1",
    )
    assert call.participant_with_identity("nobody") is None


@pytest.mark.anyio
async def test_applying_from_async_code_wakes_an_awaiting_operation(registry: CallRegistry) -> None:
    awaiting = asyncio.ensure_future(registry.await_operation("op-1", timeout=5))
    await asyncio.sleep(0)

    await registry.aapply_all(parsed(operation_done("op-1")))

    assert (await awaiting).id == "op-1"
