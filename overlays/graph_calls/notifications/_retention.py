"""Bounded memory for what is over: how a ``CallRegistry`` forgets ended calls and removed participants.

A :class:`Retention` holds keys in the order they were added, each with a value and the time it was
added, and keeps at most ``max_count`` of them for at most ``max_age_s`` seconds: whichever limit is
reached first drops the oldest. Every operation is O(1) (amortised, for the ones that drop keys: each
key is dropped once), so a registry fed thousands of ended calls or removals a second never scans
everything it holds.

Times come from the caller (one clock reading per change), so the registry decides what clock to use
and tests can move time by hand. :func:`check_count` and :func:`check_duration` validate the limits a
registry is given.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Final, Generic, TypeVar

from graph_calls.errors import InvalidInputError

__all__ = ["Retention", "check_count", "check_duration"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_NOTHING: Final[tuple[()]] = ()


class Retention(Generic[K, V]):
    """Keys, oldest first, each with a value; at most ``max_count`` of them, none older than ``max_age_s``.

    Example::

        removed: Retention[str, int] = Retention(max_count=1000, max_age_s=600.0)
        removed.add("participant-1", 7, now=clock())
        for key in removed.expire(now=clock()):
            ...  # forgotten: older than 600 s
    """

    __slots__ = ("_entries", "max_age_s", "max_count")

    def __init__(self, *, max_count: int, max_age_s: float) -> None:
        self.max_count: Final = max_count
        self.max_age_s: Final = max_age_s
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def __repr__(self) -> str:
        return f"Retention({len(self._entries)} of {self.max_count}, {self.max_age_s} s)"

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: K) -> V | None:
        """The value kept for ``key``, or None."""
        entry = self._entries.get(key)
        return None if entry is None else entry[1]

    def add(self, key: K, value: V, now: float) -> Sequence[K]:
        """Keep ``key`` (again) as the newest, added at ``now``; return the keys dropped to stay in count."""
        entries = self._entries
        entries[key] = (now, value)
        entries.move_to_end(key)
        if len(entries) <= self.max_count:
            return _NOTHING
        dropped: list[K] = []
        while len(entries) > self.max_count:
            dropped.append(entries.popitem(last=False)[0])
        return dropped

    def discard(self, key: K) -> None:
        """Forget ``key`` now, if it is kept."""
        self._entries.pop(key, None)

    def expire(self, now: float) -> Sequence[K]:
        """Drop the keys added ``max_age_s`` or more before ``now``, and return them (oldest first)."""
        entries = self._entries
        cutoff = now - self.max_age_s
        if not entries or next(iter(entries.values()))[0] > cutoff:
            return _NOTHING  # the usual case, without allocating
        dropped: list[K] = []
        while entries:
            key, (added, _) = next(iter(entries.items()))
            if added > cutoff:
                break
            del entries[key]
            dropped.append(key)
        return dropped


def check_count(name: str, value: object, *, minimum: int) -> None:
    """Raise :class:`InvalidInputError` unless ``value`` is an int (not a bool) of at least ``minimum``."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InvalidInputError(f"{name} must be an integer >= {minimum}, not {value!r}")


def check_duration(name: str, value: object) -> None:
    """Raise :class:`InvalidInputError` unless ``value`` is a number of seconds >= 0 (``math.inf`` is one)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:  # NaN fails too
        raise InvalidInputError(
            f"{name} must be a number of seconds >= 0 (math.inf: no limit), not {value!r}"
        )
