"""The contract between a :class:`~graph_calls.notifications.CallRegistry` and where it keeps its state.

A :class:`Store` holds the calls (state, ``Call``, roster, content-sharing sessions) and the finished
operations a registry builds from notifications, applying the ordering rules the ``state`` module
documents. The registry keeps what is local to a process: the lock its sync waits block on and the futures
of its ``await``s; the store tells it when something changed that no local ``apply`` announced (another
instance applied a notification, a connection came back) by calling the ``on_change`` callback it was
attached with.

Two stores ship: :class:`~graph_calls.notifications.stores.MemoryStore` (the default, one process) and
:class:`~graph_calls.notifications.stores.RedisStore` (several bot instances sharing one Redis).

**Locking.** The registry calls every method under its lock except :meth:`Store.prepare`,
:meth:`Store.watch`, :meth:`Store.unwatch` and :meth:`Store.close`, which it calls without it (``prepare``
may wait for a connection, and the store's own thread takes the registry's lock to report a change).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, TypeAlias, runtime_checkable

from graph_calls.errors import StoreUnavailableError

if TYPE_CHECKING:
    from graph_calls.notifications._records import CallSnapshot
    from graph_calls.notifications.parsing import AnyOperation, Notification

__all__ = ["Limits", "Store", "StoreUnavailableError", "WatchKind"]

WatchKind: TypeAlias = Literal["operation", "call"]
"""What a wait watches: an operation's outcome (keyed by operation) or a call's changes (keyed by call)."""


@dataclass(frozen=True)
class Limits:
    """The retention limits a registry was made with (:class:`~graph_calls.notifications.CallRegistry`)."""

    max_finished_operations: int
    max_ended_calls: int
    ended_call_retention_s: float
    max_removed_participants: int
    removed_participant_retention_s: float


@runtime_checkable
class Store(Protocol):
    """Where a :class:`~graph_calls.notifications.CallRegistry` keeps calls and operation outcomes.

    Keys are ids as the registry compares them (lower case, without hyphens). ``blocking`` says whether
    the methods wait on a network: the registry's ``await`` methods then call :meth:`prepare` and their
    first read from a worker thread, never on the event loop.
    """

    blocking: bool

    def attach(self, limits: Limits, clock: Callable[[], float], on_change: Callable[[], None]) -> None:
        """Called once by each registry using this store, before anything else."""

    def describe(self) -> str:
        """What the registry's repr shows (no I/O, no secrets)."""

    def apply_all(self, notifications: Sequence[Notification]) -> None:
        """Apply notifications in order, as one change (the rules of the ``state`` module)."""

    def expire(self) -> bool:
        """Drop what the retention limits say is over; whether a call was dropped."""

    def get(self, key: str) -> CallSnapshot | None:
        """The call, or None if unknown (or dropped)."""

    def calls(self) -> list[CallSnapshot]:
        """Every call kept, in the order first heard of."""

    def contains(self, key: str) -> bool:
        """Whether the call is kept."""

    def forgotten(self, key: str) -> bool:
        """Whether the call ended and was dropped (a wait on it ends at once)."""

    def forget(self, key: str) -> None:
        """Drop everything about the call (a later notification starts a new record)."""

    def finished_operation(self, key: str) -> AnyOperation | None:
        """The final model of a finished operation, or None."""

    def arrived_operation(self, key: str) -> AnyOperation | None:
        """What a wait on an operation checks after every change: the outcome, if known here (no I/O).

        Raises :class:`StoreUnavailableError` when the store lost its connection during the wait.
        """

    def version(self, key: str) -> Hashable:
        """A value that changes whenever the call may have changed (no I/O): call waits read again then."""

    def watch(self, kind: WatchKind, key: str) -> None:
        """A wait begins (no I/O); every ``watch`` is paired with one :meth:`unwatch`."""

    def prepare(self, kind: WatchKind, key: str) -> None:
        """Make sure the wait will hear of changes made anywhere (may block; called after :meth:`watch`).

        For an operation this also looks up an outcome stored before the wait began, so a completion
        that landed first is never missed. Raises :class:`StoreUnavailableError`.
        """

    def unwatch(self, kind: WatchKind, key: str) -> None:
        """The wait is over (no I/O)."""

    def close(self) -> None:
        """Release connections and threads; the store is unusable afterwards. Safe to call twice."""
