"""asyncio waits on a condition other threads change: how a ``CallRegistry`` wakes an ``await``.

:class:`~graph_calls.notifications.CallRegistry` guards its state with one ``threading.Condition``;
sync waiters block on it. An ``await`` cannot, so it parks an :class:`AsyncWaiter` (its check and a
future on its own event loop) in the registry's list; after every change, the thread that made it calls
:func:`wake`, which resolves the future of each waiter whose check now holds through
``call_soon_threadsafe``. With a shared store (Redis), changes made by other instances arrive on the
store's listener thread, which calls :func:`wake` the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["TIMED_OUT", "AsyncWaiter", "await_condition", "wake"]

TIMED_OUT: Final = object()
"""What :func:`await_condition` returns when the timeout passed first."""

Check = Callable[[], tuple[bool, Any]]
"""Run under the lock: whether the wait is over, and the value to return if so."""


@dataclass(eq=False)
class AsyncWaiter:
    """An ``await`` in progress: ``check`` runs under the registry lock after every change."""

    check: Check
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]


async def await_condition(
    lock: threading.Condition, waiters: list[AsyncWaiter], check: Check, timeout: float
) -> Any:
    """Wait on the running loop until ``check`` holds; its value, or :data:`TIMED_OUT`.

    ``waiters`` is the list :func:`wake` is called with (under ``lock``); the waiter leaves it either way.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()
    with lock:
        done, value = check()
        if done:
            return value
        waiter = AsyncWaiter(check, loop, future)
        waiters.append(waiter)
    try:
        async with asyncio.timeout(timeout):
            return await future
    except TimeoutError:
        if future.done() and not future.cancelled():  # resolved just as the timeout fired
            return future.result()
        return TIMED_OUT
    finally:
        with lock:
            if waiter in waiters:
                waiters.remove(waiter)


def wake(waiters: list[AsyncWaiter]) -> None:
    """Resolve every waiter whose check now holds and drop it from ``waiters`` (caller holds the lock)."""
    still_waiting: list[AsyncWaiter] = []
    for waiter in waiters:
        if waiter.future.done():
            continue
        try:
            done, value = waiter.check()
        except Exception as exc:  # a user predicate failed: the awaiting code gets the error
            _resolve_threadsafe(waiter, None, exc)
            continue
        if done:
            _resolve_threadsafe(waiter, value, None)
        else:
            still_waiting.append(waiter)
    waiters[:] = still_waiting


def _resolve_threadsafe(waiter: AsyncWaiter, value: Any, error: BaseException | None) -> None:
    def resolve() -> None:
        if waiter.future.done():
            return
        if error is not None:
            waiter.future.set_exception(error)
        else:
            waiter.future.set_result(value)

    with contextlib.suppress(RuntimeError):  # the waiting loop is closed: nobody is left to wake
        waiter.loop.call_soon_threadsafe(resolve)
