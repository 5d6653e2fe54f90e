"""CallRegistry on a RedisStore, over a real redis-server on 127.0.0.1: the same rules as in memory, shared.

The rules suite of ``test_state`` runs again here, unchanged, with its ``registry`` fixture made on Redis:
every test imported below proves its rule holds for the Redis store too. Then what only a shared store
has: instances applying one roster in different orders at once converge, a notification delivered to two
instances is applied once, ended calls expire by Redis's clock, namespaces keep apps apart, and a new
instance (a restarted one) finds the calls in progress.
"""

from __future__ import annotations

import json
import random
import threading
import time
from typing import Any

import pytest
import redis
from tests._redis_server import RedisServer, RedisStores

from graph_calls.errors import InvalidInputError
from graph_calls.notifications import CallRegistry, parse_notifications
from graph_calls.notifications.stores import RedisStore

from . import test_state as rules
from ._payloads import CALL_ID, call_data, notification, operation_done, participant_data, payload, roster

# The rules suite (see the module docs): each name below is a test of test_state, run on Redis.
test_a_created_call_is_tracked_with_its_state_and_model = (
    rules.test_a_created_call_is_tracked_with_its_state_and_model
)
test_establishing_after_established_does_not_go_back = (
    rules.test_establishing_after_established_does_not_go_back
)
test_a_deleted_call_is_terminated_and_nothing_revives_it = (
    rules.test_a_deleted_call_is_terminated_and_nothing_revives_it
)
test_a_failed_transfer_returns_to_established = rules.test_a_failed_transfer_returns_to_established
test_a_completed_transfer_ends_the_call = rules.test_a_completed_transfer_ends_the_call
test_a_call_update_without_state_keeps_the_state = rules.test_a_call_update_without_state_keeps_the_state
test_call_ids_match_across_case_and_hyphens = rules.test_call_ids_match_across_case_and_hyphens
test_unknown_calls_are_none_and_a_key_error = rules.test_unknown_calls_are_none_and_a_key_error
test_forget_drops_a_call = rules.test_forget_drops_a_call
test_a_roster_in_order_gives_the_expected_participants = (
    rules.test_a_roster_in_order_gives_the_expected_participants
)
test_an_older_update_after_a_newer_one_is_ignored = rules.test_an_older_update_after_a_newer_one_is_ignored
test_an_older_join_after_the_leave_does_not_bring_a_participant_back = (
    rules.test_an_older_join_after_the_leave_does_not_bring_a_participant_back
)
test_without_sequence_numbers_arrival_order_decides = (
    rules.test_without_sequence_numbers_arrival_order_decides
)
test_an_unsequenced_update_applies_but_an_older_sequenced_one_still_does_not = (
    rules.test_an_unsequenced_update_applies_but_an_older_sequenced_one_still_does_not
)
test_participants_missing_from_an_update_stay_in_the_roster = (
    rules.test_participants_missing_from_an_update_stay_in_the_roster
)
test_removed_state_or_a_deleted_notification_removes_a_participant = (
    rules.test_removed_state_or_a_deleted_notification_removes_a_participant
)
test_mute_and_lobby_updates_from_the_reference_apply = (
    rules.test_mute_and_lobby_updates_from_the_reference_apply
)
test_participants_without_an_id_are_skipped = rules.test_participants_without_an_id_are_skipped
test_snapshots_do_not_change_afterwards = rules.test_snapshots_do_not_change_afterwards
test_content_sharing_sessions_come_and_go = rules.test_content_sharing_sessions_come_and_go
test_a_completion_received_before_the_wait_resolves_it = (
    rules.test_a_completion_received_before_the_wait_resolves_it
)
test_an_invite_awaited_in_a_thread_resolves_when_the_notification_arrives = (
    rules.test_an_invite_awaited_in_a_thread_resolves_when_the_notification_arrives
)
test_operation_ids_match_across_case_and_hyphens = rules.test_operation_ids_match_across_case_and_hyphens
test_a_failed_operation_raises_operation_failed_with_its_result_info = (
    rules.test_a_failed_operation_raises_operation_failed_with_its_result_info
)
test_the_reference_cancelled_record_operation_fails = (
    rules.test_the_reference_cancelled_record_operation_fails
)
test_a_wait_times_out_without_a_notification = rules.test_a_wait_times_out_without_a_notification
test_an_operation_returned_finished_resolves_without_a_notification = (
    rules.test_an_operation_returned_finished_resolves_without_a_notification
)
test_an_updated_notification_with_a_final_status_finishes_the_operation = (
    rules.test_an_updated_notification_with_a_final_status_finishes_the_operation
)
test_a_completion_without_resource_data_still_finishes_the_operation = (
    rules.test_a_completion_without_resource_data_still_finishes_the_operation
)
test_duplicate_completions_are_harmless = rules.test_duplicate_completions_are_harmless
test_an_invite_awaited_resolves_when_another_thread_applies_the_notification = (
    rules.test_an_invite_awaited_resolves_when_another_thread_applies_the_notification
)
test_an_awaited_failed_operation_raises_operation_failed = (
    rules.test_an_awaited_failed_operation_raises_operation_failed
)
test_an_await_times_out_and_leaves_no_waiter = rules.test_an_await_times_out_and_leaves_no_waiter
test_an_await_resolves_at_once_for_a_known_or_returned_finished_operation = (
    rules.test_an_await_resolves_at_once_for_a_known_or_returned_finished_operation
)
test_waiting_for_a_call_state_from_another_thread = rules.test_waiting_for_a_call_state_from_another_thread
test_waiting_for_a_call_state_times_out_saying_no_notification_arrived = (
    rules.test_waiting_for_a_call_state_times_out_saying_no_notification_arrived
)
test_a_call_wait_that_times_out_names_the_last_state_notified = (
    rules.test_a_call_wait_that_times_out_names_the_last_state_notified
)
test_awaiting_a_call_to_end = rules.test_awaiting_a_call_to_end
test_a_failing_predicate_reaches_the_awaiting_code = rules.test_a_failing_predicate_reaches_the_awaiting_code
test_await_call_times_out = rules.test_await_call_times_out
test_a_participant_is_found_by_any_identity_id = rules.test_a_participant_is_found_by_any_identity_id
test_applying_from_async_code_wakes_an_awaiting_operation = (
    rules.test_applying_from_async_code_wakes_an_awaiting_operation
)
applier = rules.applier  # the fixture some of them use


@pytest.fixture
def registry(stores: RedisStores) -> CallRegistry:
    return stores.registry()


def feed(registry: CallRegistry, *notifications: dict[str, Any]) -> None:
    registry.apply_all(parse_notifications(payload(*notifications)))


def keys(server: RedisServer, namespace: str) -> set[str]:
    with redis.Redis.from_url(server.url, decode_responses=True) as client:
        return set(client.scan_iter(f"graph_calls:{namespace}:*"))


# Instances sharing one store


def test_two_instances_applying_a_roster_in_different_orders_at_once_converge(stores: RedisStores) -> None:
    shuffler = random.Random(20261128)
    base = stores.namespace
    for round_number in range(10):
        stores.namespace = f"{base}-{round_number}"  # a fresh call each round
        first, second = stores.registry(), stores.registry()
        orders = [list(rules.ROSTER_EVENTS), list(rules.ROSTER_EVENTS)]
        for events in orders:
            shuffler.shuffle(events)
        start = threading.Barrier(2)

        def apply_in_order(
            registry: CallRegistry, events: list[dict[str, Any]], start: threading.Barrier = start
        ) -> None:
            start.wait(5)
            for event in events:  # one request per notification, as Graph posts them
                feed(registry, event)

        threads = [
            threading.Thread(target=apply_in_order, args=(registry, events))
            for registry, events in zip((first, second), orders, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)

        assert rules.roster_view(first[CALL_ID]) == rules.FINAL_ROSTER
        assert first[CALL_ID] == second[CALL_ID]  # one roster, the same join order included


def test_a_notification_delivered_to_two_instances_is_applied_once(
    server: RedisServer, stores: RedisStores
) -> None:
    first, second = stores.registry(), stores.registry()
    body = payload(
        notification("updated", "", call_data("established")),
        roster("updated", participant_data("alice", sequence=1)),
        operation_done("op-1"),
    )
    with redis.Redis.from_url(server.url, decode_responses=True) as client, client.pubsub() as events:
        events.subscribe(f"graph_calls:{stores.namespace}:events")
        assert events.get_message(timeout=5)["type"] == "subscribe"

        first.apply_all(parse_notifications(body))
        second.apply_all(parse_notifications(body))  # Graph delivered it again, to another instance

        published = []
        while (message := events.get_message(timeout=0.5)) is not None:
            published.append(message["data"].split("\n")[0])

    assert (first.store.applied, first.store.duplicates) == (3, 0)
    assert (second.store.applied, second.store.duplicates) == (0, 3)
    key = CALL_ID.replace("-", "")
    assert published == [f"c:{key}", f"c:{key}", "o:op1"]  # the call, its roster, the outcome: once each


def test_the_same_content_after_a_change_is_not_taken_for_a_redelivery(stores: RedisStores) -> None:
    first, second = stores.registry(), stores.registry()
    muted = roster("updated", participant_data("alice", muted=True))

    feed(first, muted)
    feed(second, roster("updated", participant_data("alice", muted=False)))
    feed(second, muted)  # no sequence numbers: arrival order decides, as in memory

    assert rules.roster_view(first[CALL_ID]) == {"alice": (True, False)}
    assert second.store.duplicates == 0


def test_a_new_instance_finds_the_calls_in_progress(stores: RedisStores) -> None:
    first = stores.registry()
    feed(first, notification("updated", "", call_data("established"), call_id="live"))
    feed(first, roster("updated", participant_data("alice", sequence=1), call_id="live"))
    feed(first, notification("updated", "", call_data("established"), call_id="over"))
    feed(first, notification("deleted", "", call_data("terminated"), call_id="over"))
    first.store.close()  # the instance goes away

    restarted = stores.registry()

    assert [(c.call_id, c.state, c.ended) for c in restarted.calls()] == [
        ("live", "established", False),
        ("over", "terminated", True),  # ended, still within ended_call_retention_s
    ]
    assert list(restarted["live"].participants) == ["alice"]
    assert "live" in restarted


def test_models_are_stored_as_the_json_graph_sent(server: RedisServer, stores: RedisStores) -> None:
    registry = stores.registry()
    sent_call = call_data("established", subject="weekly sync")
    sent_participant = participant_data("alice", sequence=4, muted=True)

    feed(registry, notification("updated", "", sent_call), roster("updated", sent_participant))

    key = CALL_ID.replace("-", "")
    with redis.Redis.from_url(server.url, decode_responses=True) as client:
        stored_call = client.hget(f"graph_calls:{stores.namespace}:call:{key}", "call")
        stored_participant = client.hget(f"graph_calls:{stores.namespace}:roster:{key}", "alice")
    assert json.loads(stored_call) == sent_call
    assert json.loads(stored_participant) == ["alice", sent_participant]
    assert registry[CALL_ID].call.subject == "weekly sync"


def test_namespaces_keep_apps_apart(server: RedisServer, stores: RedisStores) -> None:
    app_a = CallRegistry(store=stores.store(namespace=f"{stores.namespace}-a"))
    app_b = CallRegistry(store=stores.store(namespace=f"{stores.namespace}-b"))

    feed(app_a, notification("updated", "", call_data("established")), operation_done("op-1"))

    assert app_b.get(CALL_ID) is None
    assert app_b.finished_operation("op-1") is None
    assert keys(server, f"{stores.namespace}-b") == set()
    assert keys(server, f"{stores.namespace}-a")


# Forgetting what is over, on Redis's clock


def test_an_ended_call_expires_with_all_its_keys_and_is_not_brought_back(
    server: RedisServer, stores: RedisStores
) -> None:
    registry = stores.registry(ended_call_retention_s=0.3)
    feed(registry, notification("updated", "", call_data("established"), call_id="live"))
    feed(registry, roster("updated", participant_data("alice", sequence=1), call_id="over"))
    feed(registry, notification("deleted", "", call_data("terminated"), call_id="over"))
    with redis.Redis.from_url(server.url, decode_responses=True) as client:
        ttls = {key: client.pttl(key) for key in keys(server, stores.namespace) if key.endswith(":over")}
    assert len(ttls) >= 4  # its record, roster, order and sequence numbers (and its "gone" marker)
    assert all(0 < ttl <= 600 for ttl in ttls.values()), ttls  # every key of the ended call goes with it
    assert registry["over"].ended

    deadline = time.monotonic() + 10
    while registry.get("over") is not None and time.monotonic() < deadline:
        time.sleep(0.05)

    assert registry.get("over") is None
    assert [c.call_id for c in registry.calls()] == ["live"]
    feed(registry, roster("updated", participant_data("bob", sequence=2), call_id="over"))  # late
    assert registry.get("over") is None
    # Left: its id, remembered so the late update above was ignored (and the redelivery keys of the
    # notifications applied before it ended, which expire after redelivery_window_s).
    assert {key.split(":")[2] for key in keys(server, stores.namespace) if ":over" in key} <= {"gone", "seen"}


def test_only_the_most_recent_ended_calls_are_kept(stores: RedisStores) -> None:
    registry = stores.registry(max_ended_calls=2)
    feed(registry, notification("updated", "", call_data("established"), call_id="live"))
    for call_id in ("a", "b", "c"):
        feed(registry, notification("deleted", "", call_data("terminated"), call_id=call_id))

    assert [c.call_id for c in registry.calls()] == ["live", "b", "c"]
    assert registry.store.forgotten("a")


def test_only_the_most_recent_removals_of_a_call_are_remembered(stores: RedisStores) -> None:
    registry = stores.registry(max_removed_participants=3)
    feed(registry, *(roster("deleted", participant_data(f"p{n}", sequence=10)) for n in range(1, 5)))

    feed(registry, roster("updated", participant_data("p4", sequence=1), participant_data("p2", sequence=1)))
    assert list(registry[CALL_ID].participants) == []  # remembered: older than their removals
    feed(registry, roster("updated", participant_data("p1", sequence=1)))
    assert list(registry[CALL_ID].participants) == ["p1"]  # the oldest removal, forgotten: applied


def test_a_removal_is_remembered_until_its_retention_time_is_up(stores: RedisStores) -> None:
    registry = stores.registry(removed_participant_retention_s=0.2)
    feed(registry, roster("deleted", participant_data("p1", sequence=5)))
    feed(registry, roster("updated", participant_data("p1", sequence=3)))
    assert list(registry[CALL_ID].participants) == []

    time.sleep(0.25)
    feed(registry, roster("updated", participant_data("p1", sequence=4)))  # forgotten: applied as new

    assert list(registry[CALL_ID].participants) == ["p1"]


# Setting up


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        (("redis://127.0.0.1:1/0",), {"namespace": ""}),
        (("http://127.0.0.1:1/0",), {"namespace": "app"}),
        ((42,), {"namespace": "app"}),
        (("redis://127.0.0.1:1/0",), {"namespace": "app", "operation_retention_s": 0}),
        (("redis://127.0.0.1:1/0",), {"namespace": "app", "redelivery_window_s": float("inf")}),
    ],
)
def test_bad_store_options_are_refused(arguments: tuple[Any, ...], options: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError):
        RedisStore(*arguments, **options)


def test_registries_on_one_store_must_agree_on_their_limits(stores: RedisStores) -> None:
    store = stores.store()
    CallRegistry(store=store, max_ended_calls=5)
    CallRegistry(store=store, max_ended_calls=5)

    with pytest.raises(InvalidInputError, match="same limits"):
        CallRegistry(store=store, max_ended_calls=6)


def test_a_url_password_never_shows() -> None:
    store = RedisStore("redis://:hunter2-secret@127.0.0.1:1/0", namespace="app")

    assert "hunter2" not in repr(store)
    assert "hunter2" not in repr(CallRegistry(store=store))
    store.close()


def test_a_store_on_your_own_client_reads_and_waits_whatever_its_decoding(
    server: RedisServer, stores: RedisStores
) -> None:
    with redis.Redis.from_url(server.url) as raw_client:  # bytes replies: decode_responses left off
        registry = CallRegistry(store=RedisStore(raw_client, namespace=stores.namespace))
        feed(registry, notification("updated", "", call_data("established")))
        feed(registry, roster("updated", participant_data("alice", sequence=1)), operation_done("op-1"))

        assert registry.wait_for_operation("op-1", timeout=10).id == "op-1"
        assert list(registry[CALL_ID].participants) == ["alice"]
        assert [c.state for c in registry.calls()] == ["established"]
        registry.store.close()
        assert raw_client.ping()  # yours: the store leaves it open
