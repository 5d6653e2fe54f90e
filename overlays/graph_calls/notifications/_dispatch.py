"""Run ``on_notifications`` callbacks ordered within a call and concurrent across calls.

A bot's callback for one call often blocks for that call's whole flow (answer, wait for ``established``,
play a prompt, wait for it to finish). Run one at a time, a second call would not be answered until the
first call's flow ended. So callbacks are queued per *lane* (the call the notifications are about): a lane
runs one callback at a time, in the order the requests were accepted, and different lanes run in parallel,
at most ``max_workers`` at once.

- :class:`ThreadLanes` runs plain callbacks on worker threads, started when needed (up to
  ``max_workers``) and kept until :meth:`~ThreadLanes.stop`.
- :class:`LoopLanes` runs coroutine callbacks as tasks on one event loop: one task per busy lane, and a
  semaphore of ``max_workers`` around each callback.

Imports only the standard library.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Final

__all__ = ["LoopLanes", "ThreadLanes", "lane_of"]

Job = Callable[[], None]
AsyncJob = Callable[[], Awaitable[None]]

_NO_CALL: Final = "<no call>"


def lane_of(call_ids: list[str | None]) -> str:
    """The lane of one request's notifications: the first call id among them, normalised.

    Graph posts the notifications of one call per request; ids are compared without case or hyphens, as
    the reference spells one call ``57dab8b1-894c-...`` in answers and ``57DAB8B1894C...`` in
    notifications. Notifications about no call share one lane.
    """
    for call_id in call_ids:
        if call_id:
            return call_id.replace("-", "").lower()
    return _NO_CALL


class ThreadLanes:
    """Worker threads running jobs one at a time per lane, in submission order, lanes in parallel.

    Threads start when a lane has work and no thread is free (at most ``max_workers``); each takes the
    lane that has waited longest, runs its first job, then puts the lane back at the end of the line if
    it has more. Jobs catch their own errors.
    """

    def __init__(self, max_workers: int, *, thread_name: str) -> None:
        self._max_workers = max_workers
        self._thread_name = thread_name
        self._cond = threading.Condition()
        # lane → its jobs, the running one first; a lane is here while it has a job queued or running.
        self._lanes: dict[Hashable, deque[Job]] = {}
        self._ready: deque[Hashable] = deque()  # lanes with a job to start and none running
        self._threads: list[threading.Thread] = []
        self._free = 0
        self._stopping = False

    @property
    def thread_count(self) -> int:
        """How many worker threads were started (they stay until :meth:`stop`)."""
        with self._cond:
            return len(self._threads)

    def submit(self, lane: Hashable, job: Job) -> None:
        """Queue ``job`` after the jobs already queued in ``lane``."""
        with self._cond:
            if self._stopping:
                raise RuntimeError("these lanes are stopped")
            queued = self._lanes.get(lane)
            if queued is not None:
                queued.append(job)  # the worker running this lane starts it after the current job
                return
            self._lanes[lane] = deque((job,))
            self._ready.append(lane)
            if self._free:
                self._cond.notify()
            elif len(self._threads) < self._max_workers:
                thread = threading.Thread(target=self._work, name=self._thread_name, daemon=True)
                self._threads.append(thread)
                thread.start()

    def stop(self, timeout: float) -> None:
        """Let the workers finish every job queued so far, then end them (waits up to ``timeout`` s)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            threads = list(self._threads)
        deadline = time.monotonic() + timeout
        current = threading.current_thread()
        for thread in threads:
            if thread is not current:  # a callback may close its own receiver
                thread.join(max(0.0, deadline - time.monotonic()))

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._ready:
                    if self._stopping:
                        return
                    self._free += 1
                    self._cond.wait()
                    self._free -= 1
                lane = self._ready.popleft()
                job = self._lanes[lane][0]
            try:
                job()
            finally:
                with self._cond:
                    queued = self._lanes[lane]
                    queued.popleft()
                    if queued:
                        self._ready.append(lane)  # behind the lanes already waiting: no call starves
                    else:
                        del self._lanes[lane]


class LoopLanes:
    """Coroutine jobs on one event loop: one at a time per lane, in submission order, lanes in parallel.

    :meth:`submit` must be called on the loop's thread. ``on_dropped`` is called once for each job that
    never ran because its lane's task was cancelled (the loop shutting down).
    """

    def __init__(self, max_workers: int, *, on_dropped: Callable[[], None]) -> None:
        self._on_dropped = on_dropped
        self._lanes: dict[Hashable, deque[AsyncJob]] = {}
        self._slots = asyncio.Semaphore(max_workers)
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def busy(self) -> bool:
        """Whether a lane has a job queued or running."""
        return bool(self._lanes)

    def submit(self, lane: Hashable, job: AsyncJob) -> None:
        """Queue ``job`` after the jobs already queued in ``lane`` (on the running loop)."""
        queued = self._lanes.get(lane)
        if queued is not None:
            queued.append(job)
            return
        self._lanes[lane] = deque((job,))
        task = asyncio.get_running_loop().create_task(self._drain(lane))
        self._tasks.add(task)  # the loop keeps only weak references to tasks
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, lane: Hashable) -> None:
        queued = self._lanes[lane]
        try:
            while queued:
                async with self._slots:
                    job = queued.popleft()  # the lane stays in _lanes: a submit meanwhile queues behind it
                    await job()
        finally:
            # Cancelled (the loop is closing): the jobs that never started will not run.
            for _ in queued:
                self._on_dropped()
            del self._lanes[lane]
