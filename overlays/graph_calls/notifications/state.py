"""What the notifications say about each call: its state, its roster, and the outcome of its operations.

:class:`CallRegistry` is fed :class:`~graph_calls.notifications.Notification` objects (``apply``) and
keeps, per call id, the latest ``Call``, its ``state``, the roster and the content-sharing sessions;
:meth:`CallRegistry.get` returns them as a :class:`CallSnapshot`. It also remembers which operations
finished, so code that started an operation can wait for its outcome without polling Graph
(:meth:`~CallRegistry.wait_for_operation`, :meth:`~CallRegistry.await_operation`).

Notifications may arrive out of order and more than once. The rules:

- **Call state.** A ``deleted`` notification on the call ends it (state ``terminated``); nothing after
  that revives it. ``incoming`` and ``establishing`` never replace a later state (the docs warn that
  ``establishing`` and ``established`` can swap), and ``terminating`` never replaces ``terminated``;
  otherwise the last notification to arrive wins.
- **Roster.** A roster notification carries the participants that changed, not the whole roster: the
  Graph reference's mute, unmute, changeScreenSharingRole and invite examples each show a one-entry
  roster update in a group call, and ``participant.rosterSequenceNumber`` is documented as "the roster
  sequence number in which the participant was last updated". So each listed participant is added or
  replaced, and one is removed when the notification is ``deleted`` or the entry has a ``removedState``;
  a participant missing from an update is left as it was. Per participant, an entry whose
  ``rosterSequenceNumber`` is not higher than the last one applied for that participant (removals
  included) is ignored; without a number, arrival order decides. Entries without an ``id`` are skipped.
- **Operations.** An operation is finished when a notification on ``.../operations/{id}`` is
  ``deleted`` or says ``completed``/``failed``. Finished operations are remembered (the most recent
  ``max_finished_operations``), so a notification that arrives before anyone waits still resolves the
  wait.
- **Ids.** Call, participant and operation ids are compared without case and hyphens: the reference
  examples return ``57dab8b1-894c-...`` from the API and notify ``57DAB8B1894C...`` for the same call.

What is over is forgotten, so a bot's memory stays flat however many calls it handles (the limits in
parentheses are the defaults, from ``graph_calls._constants``; the named ones are constructor options):

- **Ended calls** stay readable for ``ended_call_retention_s`` (600 s) after they end, and only the
  ``max_ended_calls`` (1,000) most recently ended; whichever limit comes first drops the oldest. Then the
  call is gone: :meth:`~CallRegistry.get` returns None, ``call_id in registry`` is False,
  :meth:`~CallRegistry.calls` leaves it out, and a wait on it (:meth:`~CallRegistry.wait_for_call`)
  raises :class:`~graph_calls.errors.GraphTimeoutError` at once, saying the call ended and was dropped,
  instead of waiting out its timeout. Its id is remembered a while longer (the ``MAX_FORGOTTEN_CALL_IDS``
  most recent, for ``ended_call_retention_s`` again) and notifications that still arrive for it are
  ignored, so a late roster update does not bring it back as a call that never ends (Graph never reuses
  a call id). Calls in progress are never dropped.
- **Removed participants** never appear in snapshots; the registry remembers each removal (for its
  sequence number, so an older entry arriving late does not bring the participant back) for
  ``removed_participant_retention_s`` (600 s), and at most ``max_removed_participants`` (1,000) per call,
  oldest dropped first. After that, a late entry older than the removal is applied as if new. The time
  limit is checked whenever the call's roster changes.
- **Finished operations**: the most recent ``max_finished_operations`` (10,000).

Time is read from ``clock`` (``time.monotonic`` unless given), once per change and once per read;
dropping is O(1) per item dropped, never a scan of everything held.

Example::

    registry = CallRegistry()
    registry.apply_all(parse_notifications(body))     # NotificationReceiver does this for you
    op = graph.calls[call_id].participants.invite([...])
    registry.wait_for_operation(op, timeout=30)       # raises OperationFailed / OperationTimeoutError
    call = registry.get(call_id)
    print(call.state, [p.id for p in call.participants.values()])
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, cast

from graph_calls import waiting
from graph_calls._constants import (
    DEFAULT_CALL_WAIT_TIMEOUT_S,
    DEFAULT_OPERATION_TIMEOUT_S,
    ENDED_CALL_RETENTION_S,
    MAX_ENDED_CALLS,
    MAX_FINISHED_OPERATIONS,
    MAX_FORGOTTEN_CALL_IDS,
    MAX_REMOVED_PARTICIPANTS,
    REMOVED_PARTICIPANT_RETENTION_S,
)
from graph_calls.errors import GraphTimeoutError, InvalidInputError, OperationTimeoutError
from graph_calls.notifications._async_waiters import TIMED_OUT, AsyncWaiter, await_condition, wake
from graph_calls.notifications._records import CallRecord
from graph_calls.notifications._records import id_key as _key
from graph_calls.notifications._resources import call_state
from graph_calls.notifications._retention import Retention, check_count, check_duration
from graph_calls.notifications.parsing import is_operation_model, resource_cell

if TYPE_CHECKING:
    from graph_calls.notifications.parsing import AnyOperation, Notification
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.content_sharing_session import ContentSharingSession
    from graph_calls_generated.models.participant import Participant

__all__ = ["CallRegistry", "CallSnapshot"]


# Call states in the order a call goes through them; a state never replaces one of a higher rank.
# Every state not listed (established, hold, transferring, redirecting, ...) has the middle rank, so
# among those the last to arrive wins (a failed transfer goes back to established).
_STATE_RANK: Final[Mapping[str, int]] = MappingProxyType(
    {"incoming": 0, "establishing": 1, "terminating": 3, "terminated": 4}
)
_DEFAULT_RANK: Final = 2
_TERMINATED: Final = "terminated"
_FORGOTTEN: Final = object()  # what a wait's check returns for a call the registry dropped


@dataclass(frozen=True)
class CallSnapshot:
    """A call as the notifications received so far describe it (a copy; later notifications don't change it).

    Attributes:
        call_id: the call's id, as first seen.
        state: the call's state as last accepted (``establishing``, ``established``, ``terminated``...),
            or None if no notification said.
        call: the latest ``Call`` model a call notification carried (None if none did yet).
        ended: whether the call ended (a ``deleted`` notification on it, or state ``terminated``).
        participants: the roster, participant id → ``Participant``, in the order they joined.
        content_sharing_sessions: session id → ``ContentSharingSession`` (None when the notification
            named the session without carrying it).

    The models are shared with the registry, which replaces them but never changes them: treat them
    as read-only.
    """

    call_id: str
    state: str | None
    call: Call | None
    ended: bool
    participants: Mapping[str, Participant]
    content_sharing_sessions: Mapping[str, ContentSharingSession | None] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def participant(self, participant_id: str) -> Participant | None:
        """The participant with this id (compared without case and hyphens), or None."""
        wanted = _key(participant_id)
        return next((p for pid, p in self.participants.items() if _key(pid) == wanted), None)

    def participant_with_identity(self, identity_id: str) -> Participant | None:
        """The participant whose identity (user, application, phone, guest...) has this id, or None.

        Example: ``call.participant_with_identity(user_id)`` tells whether an invited user joined.
        """
        return next((p for p in self.participants.values() if identity_id in _identity_ids(p)), None)


def _snapshot(record: CallRecord) -> CallSnapshot:
    participants = {e.participant_id: e.participant for e in record.roster.values()}
    return CallSnapshot(
        call_id=record.call_id,
        state=record.state,
        call=None if record.call is None else cast("Call", record.call.get()),
        ended=record.ended,
        participants=MappingProxyType(participants),
        content_sharing_sessions=MappingProxyType(dict(record.sessions.values())),
    )


class CallRegistry:
    """The state of every call a bot hears about, built from its notifications; thread-safe.

    Feed it with :meth:`apply` / :meth:`apply_all` (a :class:`NotificationReceiver` does that for each
    request it accepts), read it with :meth:`get`, and wait on it with :meth:`wait_for_operation`,
    :meth:`wait_for_call` or their async twins. Any thread may apply while others wait, sync or async:
    an ``await`` is woken on its own event loop.

    Args:
        max_finished_operations: how many finished operations to remember (oldest forgotten first); a
            wait for a forgotten operation times out.
        max_ended_calls: how many ended calls to keep (oldest ended first out); calls in progress are
            always kept.
        ended_call_retention_s: how long an ended call stays readable after it ended (``math.inf``:
            until ``max_ended_calls`` pushes it out).
        max_removed_participants: how many removals to remember per call, for their sequence numbers.
        removed_participant_retention_s: how long a removal is remembered.
        clock: the monotonic clock, in seconds, the two retention times are measured on.

    What happens to a call or participant these limits drop is in the module docs: a dropped call reads
    as unknown (``get`` returns None) and a wait on it ends at once with ``GraphTimeoutError``.

    Example::

        registry = CallRegistry()
        receiver = NotificationReceiver(app_id, registry=registry)
        ...
        op = graph.calls[call_id].participants.invite([invitee])
        registry.wait_for_operation(op, timeout=30)
        call = registry.wait_for_call(call_id, lambda c: len(c.participants) > 1, timeout=30)
    """

    def __init__(
        self,
        *,
        max_finished_operations: int = MAX_FINISHED_OPERATIONS,
        max_ended_calls: int = MAX_ENDED_CALLS,
        ended_call_retention_s: float = ENDED_CALL_RETENTION_S,
        max_removed_participants: int = MAX_REMOVED_PARTICIPANTS,
        removed_participant_retention_s: float = REMOVED_PARTICIPANT_RETENTION_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        check_count("max_finished_operations", max_finished_operations, minimum=1)
        check_count("max_ended_calls", max_ended_calls, minimum=0)
        check_count("max_removed_participants", max_removed_participants, minimum=0)
        check_duration("ended_call_retention_s", ended_call_retention_s)
        check_duration("removed_participant_retention_s", removed_participant_retention_s)
        if not callable(clock):
            raise InvalidInputError("clock must be a function returning monotonic seconds")
        self.max_finished_operations: Final = max_finished_operations
        self.max_ended_calls: Final = max_ended_calls
        self.ended_call_retention_s: Final = ended_call_retention_s
        self.max_removed_participants: Final = max_removed_participants
        self.removed_participant_retention_s: Final = removed_participant_retention_s
        self._clock: Final = clock
        self._changed = threading.Condition()
        self._calls: dict[str, CallRecord] = {}
        # The keys of the ended calls still in _calls, oldest ended first.
        self._ended: Retention[str, None] = Retention(
            max_count=max_ended_calls, max_age_s=ended_call_retention_s
        )
        # The keys of the ended calls dropped from _calls, whose late notifications are ignored.
        self._forgotten: Retention[str, None] = Retention(
            max_count=MAX_FORGOTTEN_CALL_IDS, max_age_s=ended_call_retention_s
        )
        self._finished: OrderedDict[str, AnyOperation] = OrderedDict()  # operation key → final model
        self._async_waiters: list[AsyncWaiter] = []

    def __repr__(self) -> str:
        with self._changed:
            return (
                f"CallRegistry({len(self._calls)} calls ({len(self._ended)} ended), "
                f"{len(self._finished)} finished operations)"
            )

    # Feeding

    def apply(self, notification: Notification) -> None:
        """Apply one notification (see the module docs for the ordering rules)."""
        self.apply_all((notification,))

    def apply_all(self, notifications: Iterable[Notification]) -> None:
        """Apply several notifications, in order, as one change (waiters see all or none of them)."""
        with self._changed:
            now = self._clock()
            self._expire(now)
            for notification in notifications:
                self._apply(notification, now)
            self._changed.notify_all()
            wake(self._async_waiters)

    def forget(self, call_id: str) -> None:
        """Drop everything known about a call (its finished operations are kept).

        Unlike a call the limits drop, a later notification about it starts a new record.
        """
        key = _key(call_id)
        with self._changed:
            self._calls.pop(key, None)
            self._ended.discard(key)
            self._forgotten.discard(key)

    # Reading

    def get(self, call_id: str) -> CallSnapshot | None:
        """The call as the notifications describe it, or None if none named it.

        An ended call reads as None too once the registry dropped it (``max_ended_calls``,
        ``ended_call_retention_s``).

        Example: ``registry.get(call_id).state == "established"``.
        """
        with self._changed:
            self._expire_on_read()
            record = self._calls.get(_key(call_id))
            return None if record is None else _snapshot(record)

    def __getitem__(self, call_id: str) -> CallSnapshot:
        snapshot = self.get(call_id)
        if snapshot is None:
            raise KeyError(call_id)
        return snapshot

    def __contains__(self, call_id: object) -> bool:
        if not isinstance(call_id, str):
            return False
        with self._changed:
            self._expire_on_read()
            return _key(call_id) in self._calls

    def calls(self) -> list[CallSnapshot]:
        """Every call known (ended ones only while kept), in the order first heard of."""
        with self._changed:
            self._expire_on_read()
            return [_snapshot(record) for record in self._calls.values()]

    def finished_operation(self, operation_id: str) -> AnyOperation | None:
        """The final model of a finished operation, or None if no completion was received (yet)."""
        with self._changed:
            return self._finished.get(_key(operation_id))

    # Waiting for operations

    def wait_for_operation(
        self, operation: str | Any, *, timeout: float = DEFAULT_OPERATION_TIMEOUT_S
    ) -> AnyOperation:
        """Block until the operation's completion notification arrives; return the final operation.

        ``operation`` is the operation the client returned (``graph.calls[id].play_prompt(...)``) or
        its id. An operation returned already ``completed`` or ``failed`` gets no notification (per
        the Graph docs), so it resolves at once. A completion applied before this call resolves it too.

        Raises :class:`~graph_calls.errors.OperationFailed` (with the ``resultInfo`` code, subcode and
        message) if it failed, :class:`~graph_calls.errors.OperationTimeoutError` after ``timeout``
        seconds.

        Example::

            op = graph.calls[call_id].participants.invite([invitee])
            done = registry.wait_for_operation(op, timeout=30)
        """
        returned, key = _operation_target(operation)
        _check_timeout(timeout)
        if returned is not None and waiting.is_finished(returned):
            return _outcome(returned)
        with self._changed:
            found = self._changed.wait_for(lambda: self._finished.get(key), timeout)
        if found is None:
            raise _operation_timeout(operation, timeout)
        return _outcome(found)

    async def await_operation(
        self, operation: str | Any, *, timeout: float = DEFAULT_OPERATION_TIMEOUT_S
    ) -> AnyOperation:
        """Async twin of :meth:`wait_for_operation` (asyncio); other threads may apply meanwhile.

        Example: ``done = await registry.await_operation(op, timeout=30)``.
        """
        returned, key = _operation_target(operation)
        _check_timeout(timeout)
        if returned is not None and waiting.is_finished(returned):
            return _outcome(returned)

        def check() -> tuple[bool, Any]:
            found = self._finished.get(key)
            return found is not None, found

        found = await await_condition(self._changed, self._async_waiters, check, timeout)
        if found is TIMED_OUT:
            raise _operation_timeout(operation, timeout)
        return _outcome(found)

    # Waiting for a call to reach some state

    def wait_for_call(
        self,
        call_id: str,
        until: Callable[[CallSnapshot], bool],
        *,
        timeout: float = DEFAULT_CALL_WAIT_TIMEOUT_S,
    ) -> CallSnapshot:
        """Block until ``until(snapshot)`` is true for the call; return that snapshot.

        ``until`` runs under the registry's lock after every change: keep it quick and don't call the
        registry from it. Raises :class:`~graph_calls.errors.GraphTimeoutError` after ``timeout`` s, or
        at once if the call ended and the registry dropped it (see the module docs): it can no longer
        change.

        Example::

            call = registry.wait_for_call(call_id, lambda c: c.state == "established", timeout=20)
        """
        _check_timeout(timeout)
        check = self._call_check(call_id, until)
        with self._changed:
            self._expire_on_read()
            done, snapshot = check()
            if not done and self._changed.wait_for(lambda: check()[0], timeout):
                done, snapshot = check()
        return self._call_wait_result(call_id, snapshot if done else TIMED_OUT, timeout)

    async def await_call(
        self,
        call_id: str,
        until: Callable[[CallSnapshot], bool],
        *,
        timeout: float = DEFAULT_CALL_WAIT_TIMEOUT_S,
    ) -> CallSnapshot:
        """Async twin of :meth:`wait_for_call` (asyncio).

        Example: ``call = await registry.await_call(call_id, lambda c: c.ended, timeout=20)``.
        """
        _check_timeout(timeout)
        check = self._call_check(call_id, until)
        with self._changed:
            self._expire_on_read()
        snapshot = await await_condition(self._changed, self._async_waiters, check, timeout)
        return self._call_wait_result(call_id, snapshot, timeout)

    def _call_check(
        self, call_id: str, until: Callable[[CallSnapshot], bool]
    ) -> Callable[[], tuple[bool, Any]]:
        key = _key(call_id)

        def check() -> tuple[bool, Any]:
            record = self._calls.get(key)
            if record is None:
                return (True, _FORGOTTEN) if key in self._forgotten else (False, None)
            snapshot = _snapshot(record)
            return bool(until(snapshot)), snapshot

        return check

    def _call_wait_result(self, call_id: str, found: Any, timeout: float) -> CallSnapshot:
        if found is _FORGOTTEN:
            raise GraphTimeoutError(
                f"call {call_id} ended and the registry dropped it (it keeps the {self.max_ended_calls} most"
                f" recently ended calls for {self.ended_call_retention_s} s) before it reached the awaited"
                " state"
            )
        if found is TIMED_OUT:
            raise GraphTimeoutError(f"call {call_id} did not reach the awaited state within {timeout} s")
        result: CallSnapshot = found
        return result

    # Applying (the caller holds the lock)

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
        key = _key(call_id)
        record = self._calls.get(key)
        if record is None:
            if key in self._forgotten:
                return None
            removed: Retention[str, int] = Retention(
                max_count=self.max_removed_participants, max_age_s=self.removed_participant_retention_s
            )
            record = self._calls[key] = CallRecord(call_id, removed)
        return record

    def _expire(self, now: float) -> bool:
        """Drop the ended calls kept too long, and forget the ids of those dropped long enough ago.

        Returns whether a call was dropped.
        """
        self._forgotten.expire(now)
        dropped = self._ended.expire(now)
        self._drop_ended(dropped, now)
        return bool(dropped)

    def _expire_on_read(self) -> None:
        if self._expire(self._clock()):  # the waits on a dropped call end now, not at their timeout
            self._changed.notify_all()
            wake(self._async_waiters)

    def _drop_ended(self, keys: Iterable[str], now: float) -> None:
        for key in keys:
            self._calls.pop(key, None)
            self._forgotten.add(key, None, now)

    def _apply_call(self, record: CallRecord, notification: Notification, now: float) -> None:
        call = resource_cell(notification, "Call")  # read without building the model
        sent_state = call_state(call) if call is not None else None
        if notification.change_type == "deleted" or sent_state == _TERMINATED:
            record.state = _TERMINATED
            record.call = call if call is not None else record.call
            self._mark_ended(record, now)
            return
        if record.ended:
            return  # nothing revives an ended call (a late "established", a duplicate "terminating")
        if sent_state is not None and _rank(sent_state) < _rank(record.state):
            return  # an older state arriving late (establishing after established)
        if call is not None:
            record.call = call
        if sent_state is not None:
            record.state = sent_state

    def _mark_ended(self, record: CallRecord, now: float) -> None:
        if record.ended:
            return  # a duplicate end: the call is kept for as long as from its first one
        record.ended = True
        self._drop_ended(self._ended.add(_key(record.call_id), None, now), now)

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
                key = _key(operation_id)
                self._finished.setdefault(key, data)  # the first completion wins; duplicates are harmless
                self._finished.move_to_end(key)
        while len(self._finished) > self.max_finished_operations:
            self._finished.popitem(last=False)


# Module helpers


def _identity_ids(participant: Participant) -> set[str]:
    """The ids of every identity in a participant's ``info.identity`` set."""
    identity_set = getattr(getattr(participant, "info", None), "identity", None)
    to_dict = getattr(identity_set, "to_dict", None)
    if to_dict is None:
        return set()
    identities = to_dict().values()
    return {i["id"] for i in identities if isinstance(i, dict) and isinstance(i.get("id"), str)}


def _rank(state: str | None) -> int:
    return -1 if state is None else _STATE_RANK.get(state, _DEFAULT_RANK)


def _check_timeout(timeout: float) -> None:
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not timeout > 0:
        raise InvalidInputError(f"timeout must be a positive number of seconds, not {timeout!r}")


def _operation_target(operation: object) -> tuple[Any, str]:
    """The operation object the caller holds (None for a bare id) and the key to wait on."""
    returned = None if isinstance(operation, str) else operation
    operation_id = operation if isinstance(operation, str) else getattr(operation, "id", None)
    if not isinstance(operation_id, str) or not operation_id:
        raise InvalidInputError("operation must be an operation id or an operation with an id")
    return returned, _key(operation_id)


def _outcome(operation: Any) -> AnyOperation:
    """The operation if it completed; :class:`OperationFailed` (with its resultInfo) if it failed."""
    final: AnyOperation = waiting.outcome(operation)
    return final


def _operation_timeout(operation: object, timeout: float) -> OperationTimeoutError:
    if isinstance(operation, str):
        return OperationTimeoutError(
            f"no completion notification for operation {operation} within {timeout} s", operation=None
        )
    error = waiting.timeout_error(operation, timeout)
    return OperationTimeoutError(f"{error} (no completion notification)", operation=operation)
