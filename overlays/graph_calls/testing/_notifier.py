"""Signed ``commsNotifications`` POSTs to a call's ``callbackUri``, from a background thread.

Deliveries happen one at a time in the order they were queued (the order the service's state
changed), never on the thread that answers Graph requests. Each POST carries
``Authorization: Bearer <JWT>`` minted by the fake identity platform's callback signer for the
app that owns the call, as Graph's calling platform does.
"""

from __future__ import annotations

import json
import queue
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import httpx

__all__ = ["NotificationDelivery", "Notifier"]

DEFAULT_DELIVERY_TIMEOUT_S: Final = 5.0


@dataclass(frozen=True)
class NotificationDelivery:
    """One notification POST: what was sent where, and how the receiver answered."""

    url: str
    payload: dict[str, Any]
    call_id: str
    audience: str
    """The ``aud`` of the bearer token: the app id that owns the call."""
    status: int | None
    """The receiver's HTTP status; None if the POST failed before an answer."""
    error: str | None
    """Why the delivery failed (connection error, or the non-2xx status), else None."""
    sent_at: float
    token: str = field(repr=False, default="")

    @property
    def ok(self) -> bool:
        """Whether the receiver answered 2xx."""
        return self.error is None

    @property
    def notifications(self) -> list[dict[str, Any]]:
        """The ``commsNotification`` items of the payload."""
        items: list[dict[str, Any]] = self.payload.get("value", [])
        return items


@dataclass(frozen=True)
class _Job:
    generation: int
    url: str
    payload: dict[str, Any]
    audience: str
    call_id: str


class Notifier:
    """A FIFO of notifications and the thread that POSTs them."""

    def __init__(
        self,
        *,
        mint_token: Callable[[str], str],
        ssl_context: Callable[[], ssl.SSLContext],
        timeout_s: float = DEFAULT_DELIVERY_TIMEOUT_S,
    ) -> None:
        """``ssl_context`` makes the client context, when the first notification is posted."""
        self._mint_token = mint_token
        self._ssl_context = ssl_context
        self._timeout_s = timeout_s
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._lock = threading.Condition()
        self._unfinished = 0
        self._generation = 0
        self._deliveries: list[NotificationDelivery] = []
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the delivery thread."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="graph-sim-notifier", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Drop what is still queued and stop the delivery thread."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self.reset()
        self._queue.put(None)
        thread.join(self._timeout_s + 1)

    def enqueue(self, url: str, payload: dict[str, Any], *, audience: str, call_id: str) -> None:
        """Queue one POST of ``payload`` to ``url``, signed for ``audience``."""
        with self._lock:
            self._unfinished += 1
            job = _Job(self._generation, url, payload, audience, call_id)
        self._queue.put(job)

    @property
    def deliveries(self) -> list[NotificationDelivery]:
        """Every delivery attempt since start or reset, oldest first."""
        with self._lock:
            return list(self._deliveries)

    @property
    def idle(self) -> bool:
        """Whether nothing is queued or being delivered."""
        with self._lock:
            return self._unfinished == 0

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until idle; False if still busy after ``timeout_s``."""
        with self._lock:
            return self._lock.wait_for(lambda: self._unfinished == 0, timeout_s)

    def reset(self) -> None:
        """Forget past deliveries and drop queued ones (an in-flight POST finishes unrecorded)."""
        with self._lock:
            self._generation += 1
            self._deliveries.clear()

    def _run(self) -> None:
        # Made on first use: loading the system CAs into a context takes tens of milliseconds,
        # which a simulator whose calls have no callback never needs to spend.
        client: httpx.Client | None = None
        try:
            while True:
                job = self._queue.get()
                if job is None:
                    return
                try:
                    if self._is_current(job):
                        if client is None:
                            client = httpx.Client(verify=self._ssl_context(), timeout=self._timeout_s)
                        self._deliver(client, job)
                finally:
                    with self._lock:
                        self._unfinished -= 1
                        self._lock.notify_all()
        finally:
            if client is not None:
                client.close()

    def _is_current(self, job: _Job) -> bool:
        with self._lock:
            return job.generation == self._generation

    def _deliver(self, client: httpx.Client, job: _Job) -> None:
        token = self._mint_token(job.audience)
        status: int | None = None
        error: str | None = None
        try:
            response = client.post(
                job.url,
                content=json.dumps(job.payload).encode("utf-8"),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        delivery = NotificationDelivery(
            url=job.url,
            payload=job.payload,
            call_id=job.call_id,
            audience=job.audience,
            status=status,
            error=error,
            sent_at=time.time(),
            token=token,
        )
        with self._lock:
            if job.generation == self._generation:
                self._deliveries.append(delivery)
