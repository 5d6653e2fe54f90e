"""One thread per Redis store that hears what other instances applied: the namespace's pub/sub channel.

:class:`Listener` subscribes to the store's ``events`` channel (and to a channel of its own, on which
:meth:`Listener.stop` wakes it) and hands every message to the store. Every confirmation of the
subscription, the first and each one after redis-py reconnected by itself, is reported too: a message
published while the connection was down is lost, so the store then looks up again everything its waits
are waiting for.

When the connection fails for longer than the client's retry window, redis-py raises; the listener reports
the failure (the waits in progress end with it), then subscribes again, backing off from 50 ms to 1 s,
until it is stopped. :meth:`Listener.retry_now` cuts a backoff short when the store learns Redis is back.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from graph_calls.notifications.stores._redis_codec import text

if TYPE_CHECKING:
    from redis import Redis

__all__ = ["Listener"]

_POLL_S: Final = 1.0  # how often a quiet listener looks at its stop flag (stop() also wakes it)
_FIRST_BACKOFF_S: Final = 0.05
_MAX_BACKOFF_S: Final = 1.0
_JOIN_TIMEOUT_S: Final = 5.0


def _log() -> logging.Logger:
    return logging.getLogger("graph_calls.notifications")


class Listener:
    """The thread subscribed to ``channel`` for a store; started on first need, stopped with the store."""

    def __init__(
        self,
        client: Redis,
        channel: str,
        *,
        on_subscribed: Callable[[], None],
        on_message: Callable[[str], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        self._client = client
        self._channel = channel
        self._wake_channel = f"{channel}:listener:{uuid.uuid4().hex}"
        self._on_subscribed = on_subscribed
        self._on_message = on_message
        self._on_failure = on_failure
        self._subscribed = threading.Event()
        self._stopping = threading.Event()
        self._retry = threading.Event()
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread if it is not running (it subscribes in the background)."""
        with self._start_lock:
            if self._thread is None and not self._stopping.is_set():
                self._thread = threading.Thread(
                    target=self._run, name="graph-calls-redis-listener", daemon=True
                )
                self._thread.start()

    def wait_subscribed(self, timeout_s: float) -> bool:
        """Whether the subscription is confirmed (waiting up to ``timeout_s`` for it)."""
        return self._subscribed.wait(timeout_s)

    def retry_now(self) -> None:
        """Subscribe again now if the thread is backing off after a failure."""
        self._retry.set()

    def stop(self) -> None:
        """Stop the thread (it unsubscribes and closes its connection). Safe to call twice."""
        self._stopping.set()
        self._retry.set()
        with self._start_lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        if not self._subscribed.is_set():
            return  # connecting or backing off, Redis away: it stops by itself once its attempt ends
        # Wake it now rather than at its next poll.
        with contextlib.suppress(RedisConnectionError, RedisTimeoutError):
            self._client.publish(self._wake_channel, "stop")
        thread.join(_JOIN_TIMEOUT_S)

    def _run(self) -> None:
        backoff_s = _FIRST_BACKOFF_S
        while not self._stopping.is_set():
            pubsub = self._client.pubsub()
            try:
                pubsub.subscribe(self._channel, self._wake_channel)
                while not self._stopping.is_set():
                    message = pubsub.get_message(timeout=_POLL_S)
                    if message is None or text(message["channel"]) != self._channel:
                        continue
                    if message["type"] == "subscribe":
                        self._subscribed.set()
                        backoff_s = _FIRST_BACKOFF_S
                        self._on_subscribed()
                    elif message["type"] == "message":
                        self._on_message(text(message["data"]))
            except Exception as exc:  # a lost connection, or a bug: either way the waits must hear of it
                self._subscribed.clear()
                if self._stopping.is_set():
                    break
                if not isinstance(exc, RedisConnectionError | RedisTimeoutError):
                    _log().error("the Redis store's listener failed; subscribing again", exc_info=exc)
                self._on_failure(exc)
                self._retry.wait(backoff_s)
                self._retry.clear()
                backoff_s = min(backoff_s * 2, _MAX_BACKOFF_S)
            finally:
                try:
                    pubsub.close()
                except Exception:  # closing a broken connection may fail too; nothing is left to do
                    _log().debug("closing the listener's pub/sub connection failed", exc_info=True)
        self._subscribed.clear()
