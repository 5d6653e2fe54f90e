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

**Where the state lives.** By default in this process
(:class:`~graph_calls.notifications.stores.MemoryStore`). Several bot instances behind a load balancer
share one store instead: ``CallRegistry(store=RedisStore("redis://...", namespace=app_id))`` keeps calls,
rosters and operation outcomes in Redis, so an operation awaited on one instance resolves from a
completion another instance received, and a restarted instance finds its calls again (see
:mod:`graph_calls.notifications.stores.redis_store` for what changes: Redis's clock and TTLs replace
``clock`` and the counts).

Example::

    registry = CallRegistry()
    registry.apply_all(parse_notifications(body))     # NotificationReceiver does this for you
    op = graph.calls[call_id].participants.invite([...])
    registry.wait_for_operation(op, timeout=30)       # raises OperationFailed / OperationTimeoutError
    call = registry.get(call_id)
    print(call.state, [p.id for p in call.participants.values()])
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any, Final

from graph_calls import waiting
from graph_calls._constants import (
    DEFAULT_CALL_WAIT_TIMEOUT_S,
    DEFAULT_OPERATION_TIMEOUT_S,
    ENDED_CALL_RETENTION_S,
    MAX_ENDED_CALLS,
    MAX_FINISHED_OPERATIONS,
    MAX_REMOVED_PARTICIPANTS,
    REMOVED_PARTICIPANT_RETENTION_S,
)
from graph_calls.errors import GraphTimeoutError, InvalidInputError, OperationTimeoutError
from graph_calls.notifications._async_waiters import TIMED_OUT, AsyncWaiter, await_condition, wake
from graph_calls.notifications._records import CallSnapshot
from graph_calls.notifications._records import id_key as _key
from graph_calls.notifications._retention import check_count, check_duration
from graph_calls.notifications.stores.base import Limits, Store, WatchKind
from graph_calls.notifications.stores.memory import MemoryStore

if TYPE_CHECKING:
    from graph_calls.notifications.parsing import AnyOperation, Notification

__all__ = ["CallRegistry", "CallSnapshot"]

_FORGOTTEN: Final = object()  # what a wait's check returns for a call the registry dropped
_NEVER: Final = object()  # a version no store returns: the first check always reads


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
        store: where calls and operation outcomes are kept: this process's memory unless given (a
            :class:`~graph_calls.notifications.stores.RedisStore` shares them between bot instances).

    What happens to a call or participant these limits drop is in the module docs: a dropped call reads
    as unknown (``get`` returns None) and a wait on it ends at once with ``GraphTimeoutError``. With a
    shared store, every read, apply and wait may also raise
    :class:`~graph_calls.notifications.stores.StoreUnavailableError`.

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
        store: Store | None = None,
    ) -> None:
        check_count("max_finished_operations", max_finished_operations, minimum=1)
        check_count("max_ended_calls", max_ended_calls, minimum=0)
        check_count("max_removed_participants", max_removed_participants, minimum=0)
        check_duration("ended_call_retention_s", ended_call_retention_s)
        check_duration("removed_participant_retention_s", removed_participant_retention_s)
        if not callable(clock):
            raise InvalidInputError("clock must be a function returning monotonic seconds")
        if store is not None and not isinstance(store, Store):
            raise InvalidInputError(
                f"store must be a Store (MemoryStore, RedisStore), not {type(store).__name__}"
            )
        self.max_finished_operations: Final = max_finished_operations
        self.max_ended_calls: Final = max_ended_calls
        self.ended_call_retention_s: Final = ended_call_retention_s
        self.max_removed_participants: Final = max_removed_participants
        self.removed_participant_retention_s: Final = removed_participant_retention_s
        self._clock: Final = clock
        self._changed = threading.Condition()
        self._async_waiters: list[AsyncWaiter] = []
        self.store: Final[Store] = store if store is not None else MemoryStore()
        """Where the calls and operation outcomes are kept."""
        limits = Limits(
            max_finished_operations=max_finished_operations,
            max_ended_calls=max_ended_calls,
            ended_call_retention_s=ended_call_retention_s,
            max_removed_participants=max_removed_participants,
            removed_participant_retention_s=removed_participant_retention_s,
        )
        self.store.attach(limits, clock, self._changed_elsewhere)

    def __repr__(self) -> str:
        with self._changed:
            return f"CallRegistry({self.store.describe()})"

    def _changed_elsewhere(self) -> None:
        """The store heard of a change no local apply made (another instance, a reconnection): wake waits."""
        with self._changed:
            self._changed.notify_all()
            wake(self._async_waiters)

    # Feeding

    def apply(self, notification: Notification) -> None:
        """Apply one notification (see the module docs for the ordering rules)."""
        self.apply_all((notification,))

    def apply_all(self, notifications: Iterable[Notification]) -> None:
        """Apply several notifications, in order, as one change (waiters see all or none of them)."""
        batch = list(notifications)
        with self._changed:
            self.store.apply_all(batch)
            self._changed.notify_all()
            wake(self._async_waiters)

    async def aapply_all(self, notifications: Iterable[Notification]) -> None:
        """Async twin of :meth:`apply_all`: with a shared store, the round trip runs off the event loop.

        Example: ``await registry.aapply_all(parse_notifications(body))``.
        """
        batch = list(notifications)
        if self.store.blocking:
            await asyncio.to_thread(self.apply_all, batch)
        else:
            self.apply_all(batch)

    def forget(self, call_id: str) -> None:
        """Drop everything known about a call (its finished operations are kept).

        Unlike a call the limits drop, a later notification about it starts a new record.
        """
        with self._changed:
            self.store.forget(_key(call_id))

    # Reading

    def get(self, call_id: str) -> CallSnapshot | None:
        """The call as the notifications describe it, or None if none named it.

        An ended call reads as None too once the registry dropped it (``max_ended_calls``,
        ``ended_call_retention_s``).

        Example: ``registry.get(call_id).state == "established"``.
        """
        with self._changed:
            self._expire_on_read()
            return self.store.get(_key(call_id))

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
            return self.store.contains(_key(call_id))

    def calls(self) -> list[CallSnapshot]:
        """Every call known (ended ones only while kept), in the order first heard of."""
        with self._changed:
            self._expire_on_read()
            return self.store.calls()

    def finished_operation(self, operation_id: str) -> AnyOperation | None:
        """The final model of a finished operation, or None if no completion was received (yet)."""
        with self._changed:
            return self.store.finished_operation(_key(operation_id))

    # Waiting for operations

    def wait_for_operation(
        self, operation: str | Any, *, timeout: float = DEFAULT_OPERATION_TIMEOUT_S
    ) -> AnyOperation:
        """Block until the operation's completion notification arrives; return the final operation.

        ``operation`` is the operation the client returned (``graph.calls[id].play_prompt(...)``) or
        its id. An operation returned already ``completed`` or ``failed`` gets no notification (per
        the Graph docs), so it resolves at once. A completion applied before this call resolves it too
        (with a shared store: applied by any instance).

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
        with self._watching("operation", key):
            self.store.prepare("operation", key)
            with self._changed:
                found = self._changed.wait_for(lambda: self.store.arrived_operation(key), timeout)
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
            found = self.store.arrived_operation(key)
            return found is not None, found

        with self._watching("operation", key):
            await self._prepare("operation", key)
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
        key = _key(call_id)
        check = self._call_check(key, until)
        with self._watching("call", key):
            self.store.prepare("call", key)
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
        key = _key(call_id)
        check = self._call_check(key, until)
        with self._watching("call", key):
            await self._prepare("call", key)
            if self.store.blocking:  # the first read, off the event loop (later ones run where changes land)
                await asyncio.to_thread(self._first_call_check, check)
            else:
                self._first_call_check(check)
            snapshot = await await_condition(self._changed, self._async_waiters, check, timeout)
        return self._call_wait_result(call_id, snapshot, timeout)

    def _first_call_check(self, check: Callable[[], tuple[bool, Any]]) -> None:
        with self._changed:
            self._expire_on_read()
            check()  # its answer is kept: await_condition's own first check does not read again

    def _call_check(self, key: str, until: Callable[[CallSnapshot], bool]) -> Callable[[], tuple[bool, Any]]:
        # A wait is checked after every change anywhere; the call is read again only when the store says
        # it may have changed (a shared store would otherwise be read once per waiter per notification).
        seen: Hashable = _NEVER
        answer: tuple[bool, Any] = (False, None)

        def check() -> tuple[bool, Any]:
            nonlocal seen, answer
            version = self.store.version(key)
            if version == seen:
                return answer
            snapshot = self.store.get(key)
            if snapshot is None:
                answer = (True, _FORGOTTEN) if self.store.forgotten(key) else (False, None)
            else:
                answer = bool(until(snapshot)), snapshot
            seen = version
            return answer

        return check

    def _call_wait_result(self, call_id: str, found: Any, timeout: float) -> CallSnapshot:
        if found is _FORGOTTEN:
            raise GraphTimeoutError(
                f"call {call_id} ended and the registry dropped it (it keeps the {self.max_ended_calls} most"
                f" recently ended calls for {self.ended_call_retention_s} s) before it reached the awaited"
                " state"
            )
        if found is TIMED_OUT:
            last = self.get(call_id)
            raise GraphTimeoutError(
                waiting.call_timeout_message(
                    call_id,
                    timeout,
                    last_state=None if last is None else last.state,
                    heard_of=last is not None,
                )
            )
        result: CallSnapshot = found
        return result

    # The store's side of waiting

    def _watching(self, kind: WatchKind, key: str) -> _Watch:
        return _Watch(self.store, kind, key)

    async def _prepare(self, kind: WatchKind, key: str) -> None:
        if self.store.blocking:
            await asyncio.to_thread(self.store.prepare, kind, key)
        else:
            self.store.prepare(kind, key)

    def _expire_on_read(self) -> None:
        if self.store.expire():  # the waits on a dropped call end now, not at their timeout
            self._changed.notify_all()
            wake(self._async_waiters)


class _Watch:
    """``with``: a wait registered with the store, unregistered however it ends (cancelled included)."""

    __slots__ = ("_key", "_kind", "_store")

    def __init__(self, store: Store, kind: WatchKind, key: str) -> None:
        self._store, self._kind, self._key = store, kind, key

    def __enter__(self) -> None:
        self._store.watch(self._kind, self._key)

    def __exit__(self, *exc_info: object) -> None:
        self._store.unwatch(self._kind, self._key)


# Module helpers


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
