"""The simulator's time: :class:`SimClock`, real (the default) or moved only by the test.

Every timed outcome of the simulator (a call becoming established, an operation completing, an
invitee who does not answer, a ring that times out) is due at a time on this clock, and the
:class:`~graph_calls.testing._scheduler.Scheduler` runs it once the clock reaches it. In real
time the clock follows ``time.monotonic``. Once a test takes control of it
(``sim.use_manual_clock()``), time stands still: nothing timed happens until the test calls
:meth:`SimClock.advance`, which returns once everything that fell due has run. Time never goes
backwards, whichever way the clock is switched.

Example::

    sim.use_manual_clock()
    op = graph.calls[call_id].participants.invite([...])   # the invitee does not answer
    sim.clock.advance(60)                                   # the invitation times out now
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Final

__all__ = ["SimClock"]

DEFAULT_ADVANCE_TIMEOUT_S: Final = 10.0


class SimClock:
    """The simulator's monotonic clock, in seconds: real time, or still until :meth:`advance`.

    Thread-safe. ``sim.clock`` is the one a running simulator uses.
    """

    def __init__(self, *, manual: bool = False) -> None:
        self._lock = threading.Lock()
        self._manual = manual
        self._offset = 0.0  # real mode: now = time.monotonic() + offset (never goes backwards)
        self._frozen_at = time.monotonic()  # manual mode: now
        self._changed: Callable[[], None] = lambda: None
        self._advance_to: Callable[[float, float], bool] = self._advance_unbound

    def __repr__(self) -> str:
        return f"SimClock({'manual' if self.manual else 'real'}, now={self.now():.3f})"

    @property
    def manual(self) -> bool:
        """Whether the test moves the clock (:meth:`advance`) rather than real time."""
        with self._lock:
            return self._manual

    def now(self) -> float:
        """The current time on this clock, in seconds (comparable only with itself)."""
        with self._lock:
            return self._now()

    def _now(self) -> float:
        return self._frozen_at if self._manual else time.monotonic() + self._offset

    def use_manual(self) -> None:
        """Stop time: from now on, timed outcomes happen only when :meth:`advance` reaches them."""
        with self._lock:
            if not self._manual:
                self._frozen_at = self._now()
                self._manual = True
        self._changed()

    def use_real(self) -> None:
        """Let time run again, from where the manual clock stands."""
        with self._lock:
            if self._manual:
                self._offset = self._frozen_at - time.monotonic()
                self._manual = False
        self._changed()

    def advance(self, seconds: float, *, timeout_s: float = DEFAULT_ADVANCE_TIMEOUT_S) -> None:
        """Move the manual clock ``seconds`` forward, running what falls due on the way, in due order.

        The clock stops at each due time in turn, so a job scheduled by one that ran (a transfer
        accepted, then completed) is due relative to when that one ran, and runs too if that is
        still within ``seconds``. Returns once all of them have run (the notifications they posted
        are queued for delivery by then). Raises ``RuntimeError`` on a real-time clock,
        ``ValueError`` for a negative ``seconds``, and ``TimeoutError`` if the jobs take longer than
        ``timeout_s`` (wall time) to run.
        """
        if seconds < 0:
            raise ValueError(f"the clock cannot go back ({seconds} s)")
        with self._lock:
            if not self._manual:
                raise RuntimeError(
                    "the simulator's clock follows real time; call sim.use_manual_clock() first"
                )
            target = self._frozen_at + seconds
        if not self._advance_to(target, timeout_s):
            raise TimeoutError(f"the jobs due within {seconds} s did not finish within {timeout_s} s")

    def _advance_unbound(self, target: float, timeout_s: float) -> bool:
        """With no scheduler bound there is nothing to run: just move the time."""
        self._set(target)
        return True

    def _set(self, when: float) -> None:
        """Move the manual clock to ``when`` (never back); the scheduler steps it from job to job."""
        with self._lock:
            if self._manual:
                self._frozen_at = max(self._frozen_at, when)

    def _bind(self, changed: Callable[[], None], advance_to: Callable[[float, float], bool]) -> None:
        """Called by the scheduler: how to wake it when the clock changes, and how to step it."""
        self._changed = changed
        self._advance_to = advance_to
