"""Call state and operation outcomes in Redis, shared by every bot instance: :class:`RedisStore`.

Graph posts a call's notifications to its ``callbackUri``; behind a load balancer any instance may
receive them. With every instance's :class:`~graph_calls.notifications.CallRegistry` on one
``RedisStore`` (same Redis, same ``namespace``):

- **Calls and rosters** live in Redis, applied by Lua scripts (``_redis_scripts``) with the rules of the
  ``state`` module, atomically: two instances applying one call's roster updates in different orders end
  with the same roster (per participant, the highest ``rosterSequenceNumber`` wins).
- **A notification delivered twice is applied once**: the same content again, with nothing applied to
  the call since, is a redelivery and is skipped (``duplicates`` counts them). The same content after
  something else changed the call is applied again, as the in-memory registry does: without a sequence
  number, arrival order decides (an unmute, a mute, then an unmute identical to the first).
- **Operation outcomes** are stored once (the first completion wins) and published on the namespace's
  channel: :meth:`~graph_calls.notifications.CallRegistry.wait_for_operation` on any instance resolves
  from a completion any instance received, whether it landed before the wait began (looked up once the
  subscription is confirmed, so none slips between) or during it.
- **Restarts**: a new instance's registry reads the calls in progress from Redis (``calls()``,
  ``get()``). The listener thread resubscribes after a connection drop and looks up again the outcomes its
  waits are waiting for, so none published meanwhile is lost; outcomes stored in Redis survive a Redis
  restart if Redis persists them (``appendonly yes``).
- **Failures** are :class:`~graph_calls.notifications.stores.StoreUnavailableError`: Redis down when a
  call is made (after the client's retries), or gone for longer than that during a wait (the wait ends
  with it). An apply is one script: all of it or none of it, safe to repeat.

**Which callbackUri.** A call's notifications all go to the ``callbackUri`` it was created (or answered)
with, and Graph has no way to change it afterwards.

- *Shared* (one load-balanced URL for every instance): any instance may receive any notification, so the
  state must be shared (this store); in exchange an instance may die or be replaced at any time and its
  calls carry on, their notifications going to the instances still up. ``make demo-scale`` shows it.
- *Per instance* (each instance gives its own URL): a call's notifications all reach the instance that
  made it, so the in-memory store suffices while that instance lives; when it dies, its calls' notifications
  go nowhere until something answers at that URL again. With this store a replacement on the same URL
  picks up where it stopped; without it, those calls are lost to the bot.

What differs from the in-memory store: time is Redis's (its ``TIME`` and key expiry), so the registry's
``clock`` is not used; ended calls expire after ``ended_call_retention_s`` by TTL; finished operations
expire after ``operation_retention_s`` instead of counting ``max_finished_operations``.

Keys start with ``graph_calls:<namespace>:`` (use the app id: one namespace per bot). Standalone Redis
(or a primary), not Redis Cluster. Requires the ``redis`` extra: ``pip install graph-calls[redis]``.

Example::

    from graph_calls.notifications import CallRegistry, NotificationReceiver
    from graph_calls.notifications.stores import RedisStore

    store = RedisStore("redis://10.0.0.5:6379/0", namespace=app_id)
    registry = CallRegistry(store=store)
    receiver = NotificationReceiver(app_id, registry=registry)
    ...
    registry.wait_for_operation(graph.calls[call_id].participants.invite([...]), timeout=30)
"""

from __future__ import annotations

import contextlib
import json
import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from graph_calls.errors import InvalidInputError
from graph_calls.notifications._retention import check_duration
from graph_calls.notifications.stores._redis_codec import decode_call, decode_outcome, encode, text
from graph_calls.notifications.stores._redis_listener import Listener
from graph_calls.notifications.stores._redis_scripts import APPLY, READ
from graph_calls.notifications.stores.base import Limits, StoreUnavailableError, WatchKind

if TYPE_CHECKING:
    from graph_calls.notifications._records import CallSnapshot
    from graph_calls.notifications.parsing import AnyOperation, Notification

__all__ = ["OPERATION_RETENTION_S", "REDELIVERY_WINDOW_S", "RedisStore"]

OPERATION_RETENTION_S: Final = 3600.0
"""How long a finished operation's outcome stays in Redis."""
REDELIVERY_WINDOW_S: Final = 600.0
"""How long a notification's content is remembered to recognise a redelivery."""
# A dropped call's id is remembered this long when ended calls are kept without a time limit.
_FORGET_WITHOUT_RETENTION_S: Final = 86_400.0
# The client made from a URL: 7 retries 50 ms..0.5 s apart ride out a Redis restart of about 2 s; past
# that, a call raises (StoreUnavailableError) instead of hanging.
_RETRY_BACKOFF: Final = (0.5, 0.025)  # cap, base
_RETRIES: Final = 7
_CONNECT_TIMEOUT_S: Final = 2.0
_SOCKET_TIMEOUT_S: Final = 5.0
_SUBSCRIBE_TIMEOUT_S: Final = 10.0
_SUBSCRIBE_POLL_S: Final = 0.05
_KEPT_MODELS: Final = 1024  # outcomes read lately, so reading one twice gives the same object


class RedisStore:
    """Calls, rosters and operation outcomes in Redis, for every instance of a bot (see the module docs).

    Args:
        redis_or_url: a ``redis://`` (or ``rediss://``, ``unix://``) URL, or a ``redis.Redis`` client you
            configured (then you close it; a client from a URL is closed by :meth:`close`).
        namespace: what the keys of this bot start with (``graph_calls:<namespace>:``): its app id.
        operation_retention_s: how long an operation's outcome is kept.
        redelivery_window_s: how long a notification's content is remembered to skip a redelivery.

    The store is thread-safe and serves any number of registries in the process (same limits). Nothing
    connects before the first use. Use it as a context manager, or call :meth:`close`.
    """

    blocking = True

    def __init__(
        self,
        redis_or_url: str | redis.Redis,
        *,
        namespace: str,
        operation_retention_s: float = OPERATION_RETENTION_S,
        redelivery_window_s: float = REDELIVERY_WINDOW_S,
    ) -> None:
        if not isinstance(namespace, str) or not namespace.strip():
            raise InvalidInputError("namespace must be a non-empty string (the bot's app id, for example)")
        for name, value in (
            ("operation_retention_s", operation_retention_s),
            ("redelivery_window_s", redelivery_window_s),
        ):
            check_duration(name, value)
            if not 0 < value < math.inf:
                raise InvalidInputError(f"{name} must be a finite number of seconds > 0, not {value!r}")
        if isinstance(redis_or_url, str):
            self._client: redis.Redis = _client_from_url(redis_or_url, namespace)
            self._owns_client = True
        elif isinstance(redis_or_url, redis.Redis):
            self._client, self._owns_client = redis_or_url, False
        else:
            raise InvalidInputError(
                f"RedisStore needs a redis:// URL or a redis.Redis client, not {type(redis_or_url).__name__}"
            )
        self.namespace: Final = namespace
        self._prefix = f"graph_calls:{namespace}:"
        self._where = f"Redis {_address(self._client)}, namespace {namespace!r}"
        self._op_ms = math.ceil(operation_retention_s * 1000)
        self._seen_ms = math.ceil(redelivery_window_s * 1000)
        self._apply = self._client.register_script(APPLY)
        self._read = self._client.register_script(READ)
        self._limits: Limits | None = None
        self._on_change: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self._applied = 0
        self._duplicates = 0
        # What the waits of this process wait for, and what the listener heard about it.
        self._pending: Counter[str] = Counter()  # operation key → waits on it
        self._arrived: dict[str, str] = {}  # operation key → stored outcome (JSON), while waited on
        self._models: OrderedDict[str, AnyOperation] = OrderedDict()  # operation key → model read
        self._watched_calls: Counter[str] = Counter()  # call key → waits on it
        self._versions: dict[str, int] = {}  # watched call key → changes heard of
        self._epoch = 0  # subscriptions confirmed (each one: everything may have changed)
        self._failure: StoreUnavailableError | None = None  # the listener lost Redis
        self._closed = False
        self._listener = Listener(
            self._client,
            self._prefix + "events",
            on_subscribed=self._subscribed,
            on_message=self._message,
            on_failure=self._lost,
        )

    def __repr__(self) -> str:
        return f"RedisStore({self._where})"

    def __enter__(self) -> RedisStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def applied(self) -> int:
        """Notifications (and operation completions) this store applied for this process."""
        return self._applied

    @property
    def duplicates(self) -> int:
        """Notifications this process sent that Redis recognised as already applied (and skipped)."""
        return self._duplicates

    # The Store protocol: setting up

    def attach(self, limits: Limits, clock: Callable[[], float], on_change: Callable[[], None]) -> None:
        """Take a registry's limits (each registry on this store must give the same) and its wake-up."""
        with self._lock:
            if self._limits is not None and self._limits != limits:
                raise InvalidInputError(
                    "every CallRegistry on one RedisStore must have the same limits (Redis applies them)"
                )
            self._limits = limits
            self._on_change.append(on_change)

    def describe(self) -> str:
        """Where the store is (no password)."""
        return self._where

    def close(self) -> None:
        """Stop the listener; close the client if this store made it. Safe to call twice."""
        self._closed = True
        self._listener.stop()
        if self._owns_client:
            with contextlib.suppress(Exception):
                self._client.close()

    # Applying and reading

    def apply_all(self, notifications: Sequence[Notification]) -> None:
        """Apply a batch in one script: all of it, or (Redis failing) none of it."""
        batch, touched = encode(notifications)
        if not batch:
            return
        limits = self._attached()
        ended_s = limits.ended_call_retention_s
        with self._translated():
            applied, duplicates = self._apply(
                args=[
                    self._prefix,
                    json.dumps(batch, separators=(",", ":"), ensure_ascii=False),
                    _micro(ended_s),
                    limits.max_ended_calls,
                    _micro(limits.removed_participant_retention_s),
                    limits.max_removed_participants,
                    self._seen_ms,
                    self._op_ms,
                    math.ceil((ended_s if ended_s < math.inf else _FORGET_WITHOUT_RETENTION_S) * 1000),
                ]
            )
        with self._lock:
            self._applied += int(applied)
            self._duplicates += int(duplicates)
            for key in touched & self._watched_calls.keys():
                self._versions[key] = self._versions.get(key, 0) + 1

    def expire(self) -> bool:
        """Nothing to do: Redis expires ended calls by itself."""
        return False

    def get(self, key: str) -> CallSnapshot | None:
        """The call, read in one atomic script, or None."""
        with self._translated():
            found = self._read(args=[self._prefix, key])
        return decode_call(found[0]) if found else None

    def calls(self) -> list[CallSnapshot]:
        """Every call kept, in the order first heard of (any instance's)."""
        with self._translated():
            found = self._read(args=[self._prefix, ""])
        return [decode_call(one) for one in found]

    def contains(self, key: str) -> bool:
        """Whether the call is kept."""
        with self._translated():
            return bool(self._client.exists(self._prefix + "call:" + key))

    def forgotten(self, key: str) -> bool:
        """Whether the call ended and was dropped (its id is still remembered)."""
        with self._translated():
            kept = self._client.exists(self._prefix + "call:" + key)
            gone = self._client.exists(self._prefix + "gone:" + key)
        return not kept and bool(gone)

    def forget(self, key: str) -> None:
        """Drop everything about the call, for every instance; its operation outcomes are kept."""
        names = ("call", "roster", "order", "seq", "removed", "sessions", "gone")
        with self._translated():
            pipeline = self._client.pipeline(transaction=True)
            pipeline.delete(*(f"{self._prefix}{name}:{key}" for name in names))
            pipeline.zrem(self._prefix + "calls", key)
            pipeline.zrem(self._prefix + "ended", key)
            pipeline.publish(self._prefix + "events", "c:" + key)
            pipeline.execute()

    def finished_operation(self, key: str) -> AnyOperation | None:
        """The final model of a finished operation (any instance's), or None."""
        with self._lock:
            model = self._models.get(key)
        if model is not None:
            return model
        with self._translated():
            stored = self._client.get(self._prefix + "op:" + key)
        return None if stored is None else self._model(key, text(stored))

    # Waiting

    def watch(self, kind: WatchKind, key: str) -> None:
        """Count a wait on ``key`` (messages about it are kept from now on)."""
        if self._closed:
            raise StoreUnavailableError(f"the store ({self._where}) is closed", store=self._where)
        with self._lock:
            (self._pending if kind == "operation" else self._watched_calls)[key] += 1

    def unwatch(self, kind: WatchKind, key: str) -> None:
        """A wait on ``key`` is over."""
        with self._lock:
            counter = self._pending if kind == "operation" else self._watched_calls
            counter[key] -= 1
            if counter[key] <= 0:
                del counter[key]
                self._arrived.pop(key, None)
                self._versions.pop(key, None)

    def prepare(self, kind: WatchKind, key: str) -> None:
        """Be subscribed; for an operation, then look its outcome up (no completion slips between)."""
        self._listener.start()
        if not self._listener.wait_subscribed(0):  # first use, or an outage: is Redis there at all?
            with self._translated():  # down: this raises after the client's retries, not the listener's
                self._client.ping()
        deadline = time.monotonic() + _SUBSCRIBE_TIMEOUT_S
        earlier_failure = self._failure
        while not self._listener.wait_subscribed(_SUBSCRIBE_POLL_S):
            failure = self._failure
            if failure is not None and failure is not earlier_failure:
                raise failure  # the listener just failed to subscribe: Redis is down
            if failure is not None:  # from an earlier outage: is Redis back?
                with self._translated():  # still down: this raises, after the client's retries
                    self._client.ping()
                self._listener.retry_now()  # it is back: the listener need not wait out its backoff
            if time.monotonic() > deadline:
                raise StoreUnavailableError(
                    f"the store ({self._where}) did not confirm its subscription within"
                    f" {_SUBSCRIBE_TIMEOUT_S} s",
                    store=self._where,
                )
        if kind != "operation":
            return
        with self._translated():
            stored = self._client.get(self._prefix + "op:" + key)
        if stored is not None:
            with self._lock:
                if key in self._pending:
                    self._arrived[key] = text(stored)

    def arrived_operation(self, key: str) -> AnyOperation | None:
        """The outcome if a message or a lookup brought it; raises if the listener lost Redis meanwhile."""
        with self._lock:
            model = self._models.get(key)
            stored = self._arrived.get(key) if model is None else None
            failure = self._failure
        if model is not None:
            return model
        if stored is not None:
            return self._model(key, stored)
        if failure is not None:
            raise failure
        return None

    def version(self, key: str) -> Hashable:
        """Changes heard of for the call, subscriptions confirmed, and whether Redis is lost."""
        with self._lock:
            return self._epoch, self._versions.get(key, 0), self._failure is not None

    # The listener's reports (on its thread)

    def _subscribed(self) -> None:
        with self._lock:
            self._failure = None
            self._epoch += 1
            pending = list(self._pending)
        if pending:  # what was published while the connection was down is lost: look it up again
            found = self._client.mget([self._prefix + "op:" + key for key in pending])
            with self._lock:
                for key, stored in zip(pending, found, strict=True):
                    if stored is not None and key in self._pending:
                        self._arrived[key] = text(stored)
        self._changed()

    def _message(self, data: str) -> None:
        kind, body = data[:2], data[2:]
        with self._lock:
            if kind == "o:":
                key, _, stored = body.partition("\n")
                if key not in self._pending:
                    return
                self._arrived[key] = stored
            elif kind == "c:" and body in self._watched_calls:
                self._versions[body] = self._versions.get(body, 0) + 1
            else:
                return
        self._changed()

    def _lost(self, error: Exception) -> None:
        with self._lock:
            self._failure = self._unavailable(error)
        self._changed()

    def _changed(self) -> None:
        for on_change in list(self._on_change):
            on_change()

    # Helpers

    def _model(self, key: str, stored: str) -> AnyOperation:
        model = decode_outcome(stored)
        with self._lock:
            model = self._models.setdefault(key, model)  # two readers at once get the same object
            self._models.move_to_end(key)
            while len(self._models) > _KEPT_MODELS:
                self._models.popitem(last=False)
        return model

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except (RedisConnectionError, RedisTimeoutError) as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, error: Exception) -> StoreUnavailableError:
        return StoreUnavailableError(
            f"the store ({self._where}) is unavailable: {type(error).__name__}: {error}", store=self._where
        )

    def _attached(self) -> Limits:
        if self._limits is None:
            raise RuntimeError("a RedisStore is used through a CallRegistry: CallRegistry(store=store)")
        return self._limits


def _client_from_url(url: str, namespace: str) -> redis.Redis:
    try:
        client: redis.Redis = redis.Redis.from_url(
            url,
            decode_responses=True,
            retry=Retry(ExponentialBackoff(*_RETRY_BACKOFF), _RETRIES),
            socket_connect_timeout=_CONNECT_TIMEOUT_S,
            socket_timeout=_SOCKET_TIMEOUT_S,
            client_name=f"graph-calls:{namespace}"[:64].replace(" ", "_"),
        )
    except ValueError as exc:  # the message names the scheme or the part that is wrong, not a password
        raise InvalidInputError(f"not a Redis URL ({exc})") from None
    return client


def _address(client: redis.Redis) -> str:
    """``host:port/db`` (or the socket path) of a client: never its password."""
    kwargs: dict[str, Any] = client.connection_pool.connection_kwargs
    if "path" in kwargs:
        return f"{kwargs['path']}/{kwargs.get('db', 0)}"
    return f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{kwargs.get('db', 0)}"


def _micro(seconds: float) -> int:
    """Seconds → µs for the scripts; -1 for no limit."""
    return -1 if seconds == math.inf else math.ceil(seconds * 1_000_000)
