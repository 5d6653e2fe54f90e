"""The simulator's clock: :class:`Scheduler` runs delayed jobs, in due order, on one background thread.

The simulated state uses it for every asynchronous outcome (a call becoming established, an
operation completing); :meth:`Scheduler.wait_idle` is how ``GraphSimulator.settle`` knows the
state has stopped moving.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

__all__ = ["Scheduler"]

_log = logging.getLogger(__name__)


class Scheduler:
    """Runs callbacks after a delay, in due order, on one background thread."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._counter = itertools.count()
        self._running = 0
        self._thread: threading.Thread | None = None
        self._stopping = False

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="graph-sim-scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        with self._cond:
            self._stopping = True
            self._heap.clear()
            self._cond.notify_all()
        thread.join(5)

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> None:
        with self._cond:
            job = (time.monotonic() + max(0.0, delay_s), next(self._counter), callback)
            heapq.heappush(self._heap, job)
            # Wake the thread only if this job is now the first due: else it is asleep until an
            # earlier one anyway (and a wake-up per request costs the requests' thread its GIL).
            if self._heap[0] is job:
                self._cond.notify_all()

    def clear(self) -> None:
        """Drop every job not yet started."""
        with self._cond:
            self._heap.clear()
            self._cond.notify_all()

    @property
    def idle(self) -> bool:
        with self._cond:
            return not self._heap and self._running == 0

    def wait_idle(self, timeout_s: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._heap and self._running == 0, timeout_s)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    if self._heap and self._heap[0][0] <= time.monotonic():
                        break
                    timeout = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._cond.wait(timeout)
                if self._stopping:
                    return
                _, _, callback = heapq.heappop(self._heap)
                self._running += 1
            try:
                callback()
            except Exception:  # a broken job must not stop the simulator's clock
                _log.exception("simulator job failed")
            finally:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()
