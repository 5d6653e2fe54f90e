"""The default store: everything in this process's memory, forgotten when it exits.

:class:`MemoryStore` keeps one :class:`~graph_calls.notifications._records.CallRecord` per call and the
finished operations, and applies the rules of the ``state`` module. It never blocks and is not
thread-safe by itself: the :class:`~graph_calls.notifications.CallRegistry` that owns it calls it under
its lock. Ended calls and removals are forgotten after the registry's limits (``_retention``), on the
registry's clock.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from graph_calls import waiting
from graph_calls._constants import MAX_FORGOTTEN_CALL_IDS
from graph_calls.notifications._records import CallRecord, CallSnapshot, id_key, snapshot
from graph_calls.notifications._resources import call_state
from graph_calls.notifications._retention import Retention
from graph_calls.notifications.parsing import is_operation_model, resource_cell
from graph_calls.notifications.stores.base import Limits, WatchKind

if TYPE_CHECKING:
    from graph_calls.notifications.parsing import AnyOperation, Notification

__all__ = ["MemoryStore", "rank"]

# Call states in the order a call goes through them; a state never replaces one of a higher rank.
# Every state not listed (established, hold, transferring, redirecting, ...) has the middle rank, so
# among those the last to arrive wins (a failed transfer goes back to established).
STATE_RANK: Final[Mapping[str, int]] = MappingProxyType(
    {"incoming": 0, "establishing": 1, "terminating": 3, "terminated": 4}
)
DEFAULT_RANK: Final = 2
TERMINATED: Final = "terminated"


def rank(state: str | None) -> int:
    """The rank of a call state (None: below every state)."""
    return -1 if state is None else STATE_RANK.get(state, DEFAULT_RANK)


class MemoryStore:
    """Calls and operation outcomes in this process (the default store of a ``CallRegistry``).

    Made by the registry when it is given no store; one store serves one registry.
    """

    blocking = False

    def __init__(self) -> None:
        self._limits: Limits | None = None
        self._clock: Callable[[], float] = _unattached
        self._calls: dict[str, CallRecord] = {}
        # The keys of the ended calls still in _calls, oldest ended first.
        self._ended: Retention[str, None] = Retention(max_count=0, max_age_s=0.0)
        # The keys of the ended calls dropped from _calls, whose late notifications are ignored.
        self._forgotten: Retention[str, None] = Retention(max_count=0, max_age_s=0.0)
        self._finished: OrderedDict[str, AnyOperation] = OrderedDict()  # operation key → final model
        self._changes = 0  # bumped by every change: what call waits compare

    def __repr__(self) -> str:
        return f"MemoryStore({self.describe()})"

    def attach(self, limits: Limits, clock: Callable[[], float], on_change: Callable[[], None]) -> None:
        """Take the registry's limits and clock (``on_change`` is not needed: every change is local)."""
        if self._limits is not None:
            raise RuntimeError("a MemoryStore serves one CallRegistry")
        self._limits, self._clock = limits, clock
        self._ended = Retention(max_count=limits.max_ended_calls, max_age_s=limits.ended_call_retention_s)
        self._forgotten = Retention(max_count=MAX_FORGOTTEN_CALL_IDS, max_age_s=limits.ended_call_retention_s)

    def describe(self) -> str:
        """``N calls (E ended), F finished operations``."""
        return (
            f"{len(self._calls)} calls ({len(self._ended)} ended), {len(self._finished)} finished operations"
        )

    # Applying

    def apply_all(self, notifications: Sequence[Notification]) -> None:
        """Apply the notifications in order, reading the clock once."""
        now = self._clock()
        self._expire(now)
        for notification in notifications:
            self._apply(notification, now)
        self._changes += 1

    def expire(self) -> bool:
        """Drop the ended calls kept too long; whether one was dropped."""
        dropped = self._expire(self._clock())
        if dropped:
            self._changes += 1
        return dropped

    def _expire(self, now: float) -> bool:
        """Drop the ended calls kept too long, and forget the ids of those dropped long enough ago."""
        self._forgotten.expire(now)
        dropped = self._ended.expire(now)
        self._drop_ended(dropped, now)
        return bool(dropped)

    def _apply(self, notification: Notification, now: float) -> None:
        if notification.kind == "operation":
            if notification.is_operation_finished:
                self._finish_operation(notification)
            return
        if notification.call_id is None:
            return
        record = self._record(notification.call_id)
        if record is None:
            return  # a late notification about an ended call already dropped
        if notification.kind == "call":
            self._apply_call(record, notification, now)
        elif notification.kind in ("participants", "participant"):
            record.apply_roster(notification, now)
        elif notification.kind in ("content_sharing_sessions", "content_sharing_session"):
            record.apply_sessions(notification)

    def _record(self, call_id: str) -> CallRecord | None:
        key = id_key(call_id)
        record = self._calls.get(key)
        if record is None:
            if key in self._forgotten:
                return None
            limits = self._attached()
            removed: Retention[str, int] = Retention(
                max_count=limits.max_removed_participants,
                max_age_s=limits.removed_participant_retention_s,
            )
            record = self._calls[key] = CallRecord(call_id, removed)
        return record

    def _drop_ended(self, keys: Iterable[str], now: float) -> None:
        for key in keys:
            self._calls.pop(key, None)
            self._forgotten.add(key, None, now)

    def _apply_call(self, record: CallRecord, notification: Notification, now: float) -> None:
        call = resource_cell(notification, "Call")  # read without building the model
        sent_state = call_state(call) if call is not None else None
        if notification.change_type == "deleted" or sent_state == TERMINATED:
            record.state = TERMINATED
            record.call = call if call is not None else record.call
            self._mark_ended(record, now)
            return
        if record.ended:
            return  # nothing revives an ended call (a late "established", a duplicate "terminating")
        if sent_state is not None and rank(sent_state) < rank(record.state):
            return  # an older state arriving late (establishing after established)
        if call is not None:
            record.call = call
        if sent_state is not None:
            record.state = sent_state

    def _mark_ended(self, record: CallRecord, now: float) -> None:
        if record.ended:
            return  # a duplicate end: the call is kept for as long as from its first one
        record.ended = True
        self._drop_ended(self._ended.add(id_key(record.call_id), None, now), now)

    def _finish_operation(self, notification: Notification) -> None:
        from graph_calls import models

        sent = notification.resource_data
        # A completion without the operation (or with something else) still ends it.
        data: AnyOperation = (
            sent
            if is_operation_model(sent)
            else models.CommsOperation(id=notification.operation_id, status=waiting.COMPLETED)
        )
        # A "deleted" operation without a final status is over all the same: the waits return it
        # (only "failed" raises).
        ids = {notification.operation_id, getattr(data, "id", None)}
        for operation_id in ids:
            if isinstance(operation_id, str) and operation_id:
                key = id_key(operation_id)
                self._finished.setdefault(key, data)  # the first completion wins; duplicates are harmless
                self._finished.move_to_end(key)
        while len(self._finished) > self._attached().max_finished_operations:
            self._finished.popitem(last=False)

    def forget(self, key: str) -> None:
        """Drop everything about the call; its finished operations are kept."""
        self._calls.pop(key, None)
        self._ended.discard(key)
        self._forgotten.discard(key)
        self._changes += 1

    # Reading

    def get(self, key: str) -> CallSnapshot | None:
        """The call, or None."""
        record = self._calls.get(key)
        return None if record is None else snapshot(record)

    def calls(self) -> list[CallSnapshot]:
        """Every call kept, in the order first heard of."""
        return [snapshot(record) for record in self._calls.values()]

    def contains(self, key: str) -> bool:
        """Whether the call is kept."""
        return key in self._calls

    def forgotten(self, key: str) -> bool:
        """Whether the call ended and was dropped."""
        return key in self._forgotten

    def finished_operation(self, key: str) -> AnyOperation | None:
        """The final model of a finished operation, or None."""
        return self._finished.get(key)

    # Waiting: every change happens here, under the registry's lock, so there is nothing to prepare.

    def arrived_operation(self, key: str) -> AnyOperation | None:
        """The final model of a finished operation, or None."""
        return self._finished.get(key)

    def version(self, key: str) -> Hashable:
        """The number of changes so far."""
        return self._changes

    def watch(self, kind: WatchKind, key: str) -> None:
        """Nothing to do."""

    def prepare(self, kind: WatchKind, key: str) -> None:
        """Nothing to do."""

    def unwatch(self, kind: WatchKind, key: str) -> None:
        """Nothing to do."""

    def close(self) -> None:
        """Nothing to release."""

    def _attached(self) -> Limits:
        if self._limits is None:
            raise RuntimeError("a MemoryStore is used through the CallRegistry it was given to")
        return self._limits


def _unattached() -> float:
    raise RuntimeError("a MemoryStore is used through the CallRegistry it was given to")
