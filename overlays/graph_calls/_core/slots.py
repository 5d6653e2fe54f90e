"""In-flight control: at most ``max_concurrency`` attempts on the wire per client; the rest wait their turn.

Without it, a burst of 2,000 invites on one client went to httpcore's pool all at once: its queue costs
O(waiters × connections) per event, so every request hit ``PoolTimeout`` before one byte was sent
(measured). Waiting here instead is cheap (a semaphore), fair (asyncio's semaphore is FIFO), bounded by
the caller's deadline, and never mistaken for a network failure. The pool holds as many connections as there
are slots, so an attempt that has a slot never waits in the pool.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from graph_calls._validate import check_max_concurrency
from graph_calls.errors import GraphTimeoutError

if TYPE_CHECKING:
    import asyncio


def _no_slot(limit: int, waited_s: float) -> GraphTimeoutError:
    return GraphTimeoutError(
        f"no request slot came free within the deadline ({waited_s:.2f} s): {limit} requests were in flight "
        "on this client (max_concurrency); nothing was sent"
    )


class Slots:
    """Sync gate, shared by every thread using one client."""

    def __init__(self, limit: int) -> None:
        self.limit = check_max_concurrency(limit)
        self._semaphore = threading.BoundedSemaphore(limit)

    def acquire(self, within_s: float) -> None:
        """Take a slot, waiting at most ``within_s`` seconds; :class:`GraphTimeoutError` otherwise."""
        if not self._semaphore.acquire(timeout=max(0.0, within_s)):
            raise _no_slot(self.limit, within_s)

    def release(self) -> None:
        self._semaphore.release()


class AsyncSlots:
    """Async gate. The semaphore belongs to the event loop that first used it; another loop gets its own."""

    def __init__(self, limit: int) -> None:
        self.limit = check_max_concurrency(limit)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore: asyncio.Semaphore | None = None

    def _current(self) -> asyncio.Semaphore:
        import asyncio  # here, not at the top: the sync client never pays for importing asyncio

        loop = asyncio.get_running_loop()
        if self._semaphore is None or self._loop is not loop:
            self._loop, self._semaphore = loop, asyncio.Semaphore(self.limit)
        return self._semaphore

    async def acquire(self, within_s: float) -> None:
        """Take a slot, waiting at most ``within_s`` seconds; :class:`GraphTimeoutError` otherwise."""
        semaphore = self._current()
        if not semaphore.locked():
            await semaphore.acquire()  # free slot: no timer to arm
            return
        import asyncio

        try:
            async with asyncio.timeout(max(0.0, within_s)):
                await semaphore.acquire()
        except TimeoutError:
            raise _no_slot(self.limit, within_s) from None

    def release(self) -> None:
        if self._semaphore is not None:
            self._semaphore.release()
