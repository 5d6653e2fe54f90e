"""Where the simulated calls live: :class:`CallStore`, its lock, and the moves every resource shares.

The store holds every :class:`~graph_calls.testing._records.CallRecord` by id, under one
re-entrant lock. The resource modules (``_calls``, ``_operations``, ``_participants``,
``_groups``, ``_sessions``) change the records through it: they schedule later outcomes with
:meth:`CallStore.later` (which a :meth:`CallStore.reset` cancels), find active calls (or answer
404), and report roster changes and other changes through the ``notify`` callback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from graph_calls.testing._contract import GraphError
from graph_calls.testing._people import People
from graph_calls.testing._records import CallRecord, json_copy
from graph_calls.testing._scheduler import Scheduler

__all__ = ["CallStore", "Notify", "page"]


class Notify(Protocol):
    """Reports one change: ``(call, changeType, resourceUrl, resourceData, callbackUri override)``."""

    def __call__(
        self,
        call: CallRecord,
        change_type: str,
        resource_url: str,
        resource_data: Any,
        callback_uri: str | None = None,
    ) -> None: ...


def page(items: Iterable[dict[str, Any]], window: slice) -> tuple[int, list[dict[str, Any]]]:
    """How many ``items`` there are, and copies of those in ``window`` (to serve outside the lock).

    Only the page asked for is copied: a list of 1,000 participants is served 100 at a time.
    """
    listed = list(items)
    return len(listed), [json_copy(item) for item in listed[window]]


class CallStore:
    """Every call the simulator knows, the lock that guards them, and the timing settings."""

    def __init__(
        self,
        *,
        scheduler: Scheduler,
        notify: Notify,
        tenant_id: str,
        operation_delay_s: float,
        establish_delay_s: float,
    ) -> None:
        self.lock = threading.RLock()
        self._scheduler = scheduler
        self.notify = notify
        self.tenant_id = tenant_id
        self.operation_delay_s = operation_delay_s
        self.establish_delay_s = establish_delay_s
        self.public_origin = ""
        """``https://127.0.0.1:PORT``, set once the server listens (for recording locations)."""
        self.require_prompt_media = True
        """Whether a prompt must name its media, an https ``mediaInfo.uri`` (see ``_checks``)."""
        self.people = People()
        """How the other side answers invitations and transfers, and ends recordings."""
        self._calls: dict[str, CallRecord] = {}
        self._generation = 0
        self.device_quality_reports: list[dict[str, Any]] = []

    def reset(self) -> None:
        """Forget every call and every scripted answer; jobs already scheduled become no-ops."""
        with self.lock:
            self._generation += 1
            self._calls.clear()
            self.device_quality_reports.clear()
            self.people.clear()

    def now(self) -> float:
        """The simulator's clock (real, or the test's manual one), in seconds."""
        return self._scheduler.clock.now()

    def later(self, delay_s: float, job: Callable[[], None], *, timeout: bool = False) -> None:
        """Run ``job`` under the lock after ``delay_s``, unless the store was reset meanwhile.

        ``timeout``: the job is a timeout (a ring or an invitation nobody answers), which
        ``settle()`` does not wait for in real time.
        """
        generation = self._generation

        def run() -> None:
            with self.lock:
                if generation == self._generation:
                    job()

        self._scheduler.call_later(delay_s, run, timeout=timeout)

    # -- lookups ---------------------------------------------------------------------------------

    def call_record(self, call_id: str) -> CallRecord:
        """The record of a call in any state (``KeyError`` if unknown)."""
        with self.lock:
            return self._calls[call_id]

    def find(self, call_id: str) -> CallRecord | None:
        """The record of a call in any state, or None."""
        with self.lock:
            return self._calls.get(call_id)

    def call_ids(self) -> list[str]:
        with self.lock:
            return list(self._calls)

    def add(self, call: CallRecord) -> None:
        """Keep a new call (``ValueError`` if its id is taken)."""
        with self.lock:
            if call.id in self._calls:
                raise ValueError(f"a call with id {call.id!r} exists already")
            self._calls[call.id] = call

    def active_call(self, call_id: str) -> CallRecord:
        """A call HTTP can still see (not terminated), or 404."""
        call = self._calls.get(call_id)
        if call is None or not call.active:
            raise GraphError(404, "itemNotFound", f"Call '{call_id}' was not found.")
        return call

    # -- shared changes --------------------------------------------------------------------------

    def roster_update(
        self, call: CallRecord, changed: Iterable[dict[str, Any]], *, notify: bool = True
    ) -> None:
        """Stamp the changed participants with the next roster sequence number and report them."""
        call.roster_sequence += 1
        report = notify and bool(call.callback_uri)  # a call with no callbackUri hears of nothing
        data = []
        for participant in changed:
            participant["rosterSequenceNumber"] = call.roster_sequence
            if report:
                data.append(json_copy(participant))
        if report:
            self.notify(call, "updated", f"{call.url}/participants", data)
