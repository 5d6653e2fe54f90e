"""The simulator's timed work: :class:`Scheduler` runs delayed jobs, in due order, on one background thread.

The simulated state uses it for every asynchronous outcome (a call becoming established, an
operation completing, an invitation or a ring timing out). Jobs fall due on a
:class:`~graph_calls.testing._clock.SimClock`: real time by default, or a manual clock the test
advances (then a job runs only once :meth:`SimClock.advance` reaches it). :meth:`Scheduler.wait_idle`
is how ``GraphSimulator.settle`` knows the state has stopped moving: no job running, and none due
(on a manual clock, jobs due later wait for the test, so they do not count). A job scheduled as
a *timeout* (a ring nobody answers, an invitation nobody answers) never counts in real time: it
may be seconds away, and usually finds nothing left to do.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

from graph_calls.testing._clock import SimClock

__all__ = ["Scheduler"]

_log = logging.getLogger(__name__)
# Due times this close to where advance() goes are reached by it (float rounding, not a real difference).
_SAME_TIME_S = 1e-6


class Scheduler:
    """Runs callbacks after a delay, in due order, on one background thread."""

    def __init__(self, clock: SimClock | None = None) -> None:
        self.clock = clock or SimClock()
        """The clock jobs fall due on (``sim.clock``)."""
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Callable[[], None], bool]] = []  # (due, n, job, is timeout)
        self._not_timeouts = 0  # jobs in the heap that are not timeouts
        self._counter = itertools.count()
        self._running = 0
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.clock._bind(self._wake, self._advance_to)

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
            self._not_timeouts = 0
            self._cond.notify_all()
        thread.join(5)

    def call_later(self, delay_s: float, callback: Callable[[], None], *, timeout: bool = False) -> None:
        """Run ``callback`` once ``delay_s`` passed on the clock; ``timeout``: see the module docs."""
        with self._cond:
            job = (self.clock.now() + max(0.0, delay_s), next(self._counter), callback, timeout)
            heapq.heappush(self._heap, job)
            self._not_timeouts += not timeout
            # Wake the thread only if this job is now the first due: else it is asleep until an
            # earlier one anyway (and a wake-up per request costs the requests' thread its GIL).
            if self._heap[0] is job:
                self._cond.notify_all()

    def clear(self) -> None:
        """Drop every job not yet started."""
        with self._cond:
            self._heap.clear()
            self._not_timeouts = 0
            self._cond.notify_all()

    @property
    def idle(self) -> bool:
        """Whether no job is running and none is due (on a manual clock: due now)."""
        with self._cond:
            return self._quiet()

    @property
    def pending(self) -> int:
        """How many jobs wait to run (due or not)."""
        with self._cond:
            return len(self._heap)

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until :attr:`idle`; False if still busy after ``timeout_s``."""
        with self._cond:
            return self._cond.wait_for(self._quiet, timeout_s)

    def _quiet(self) -> bool:
        if self._running:
            return False
        if not self._heap:
            return True
        if self.clock.manual:
            # A manual clock does not move by itself: a job due later waits for the test, not for us.
            return self._heap[0][0] > self.clock.now()
        return self._not_timeouts == 0

    def _wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def _advance_to(self, target: float, timeout_s: float) -> bool:
        """Step the manual clock from due job to due job up to ``target``, letting each run."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while True:
                if not self._cond.wait_for(self._quiet, max(0.0, deadline - time.monotonic())):
                    return False
                # Within a microsecond counts as reached: the clock's times are floats, and two steps of
                # 59.9 and 0.1 s from a start near 15,000 s can fall an ulp short of a job due at 60 s.
                if self._heap and self._heap[0][0] <= target + _SAME_TIME_S:
                    self.clock._set(self._heap[0][0])
                    self._cond.notify_all()
                    if self._thread is None:  # stopped: nothing would run the job
                        return False
                    continue
                self.clock._set(target)
                return True

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    now = self.clock.now()
                    if self._heap and self._heap[0][0] <= now:
                        break
                    # On a manual clock only advance() makes a job due, and it wakes us.
                    timeout = self._heap[0][0] - now if self._heap and not self.clock.manual else None
                    self._cond.wait(timeout)
                if self._stopping:
                    return
                _, _, callback, timeout = heapq.heappop(self._heap)
                self._not_timeouts -= not timeout
                self._running += 1
            try:
                callback()
            except Exception:  # a broken job must not stop the simulator's clock
                _log.exception("simulator job failed")
            finally:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()
