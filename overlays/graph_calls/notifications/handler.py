"""Receive Graph's callback POSTs: authenticate, parse, track, acknowledge, then hand them to your code.

:class:`NotificationReceiver` is the framework-free core. For each POST it

1. validates the ``Authorization`` bearer token (:class:`CallbackTokenValidator`) before reading the
   body: a missing or invalid token gets ``401`` and nothing is parsed;
2. parses the body (:func:`parse_notifications`): a malformed one gets ``400`` and nothing is applied
   (that includes a body nested absurdly deep: it is refused before anything recurses into it);
3. applies the notifications to its :class:`CallRegistry` (state, roster, finished operations);
4. answers ``202 Accepted`` at once and calls ``on_notifications`` afterwards, off the request path.

**Why 202.** The Graph reference does not print the bot's answer to a notification. Microsoft's calling
SDK answers them ``202 Accepted`` (its logs show ``"ResponseStatusCode": 202`` for every notification,
e.g. microsoftgraph/microsoft-graph-comms-samples issue #42), and the Teams page "Incoming call
notifications" asks bots to answer quickly; its other answers (``204`` to turn a legacy Skype-format
incoming call into Graph format, ``302`` for region affinity) are for the legacy format and
redirection, which this receiver does not implement: a payload that is not ``commsNotifications``
gets ``400``. If the signing keys cannot be fetched the answer is ``503``: the token may be fine, the
bot cannot tell; the same when the registry's shared store (Redis) is down, so Graph delivers again.

``on_notifications`` receives the list of one request's notifications. **Ordered within a call,
concurrent across calls**: the callbacks about one call run one at a time, in the order the requests were
accepted; callbacks about different calls run at the same time, at most ``max_workers`` (default 8) at
once, so a callback that blocks for its call's whole flow does not keep the next call from being answered.
A plain function runs on one of the receiver's worker threads (started when needed, up to
``max_workers``); a coroutine function runs as a task on the event loop when the request came through
:meth:`~NotificationReceiver.ahandle` or the ASGI app, else with ``asyncio.run`` on a worker thread. A
request's lane is the call its notifications are about (Graph posts one call's notifications per
request; ids compared without case or hyphens). Whatever the callback raises is logged on the
``graph_calls.notifications`` logger and never reaches the reply.

**Never raises.** :meth:`~NotificationReceiver.handle`, :meth:`~NotificationReceiver.ahandle` and the
ASGI app answer every request: a refused token or body is one ``WARNING`` line on that logger (the
reason, cut to a few hundred characters, no traceback) and a ``4xx``; a failure of the receiver itself
is one ``ERROR`` record and a ``500`` (with the traceback, unless it is a ``RecursionError``, whose
traceback would be thousands of lines).

Starlette or FastAPI (``receiver.asgi_app()`` is a plain ASGI app)::

    receiver = NotificationReceiver(app_id, on_notifications=print)
    app = Starlette(routes=[Route("/callback", receiver.asgi_app(), methods=["POST"])])
    # FastAPI: FastAPI(routes=[Route("/callback", receiver.asgi_app(), methods=["POST"])]).
    # Not app.add_route (it expects a request handler, not an ASGI app: mypy rejects it), and not
    # app.mount("/callback", ...): Mount answers "/callback" with a 307 to "/callback/", which Graph
    # does not follow

Flask, or any framework with a request body and headers::

    @app.post("/callback")
    def callback():
        reply = receiver.handle(flask.request.get_data(), flask.request.headers)
        return flask.Response(reply.body, status=reply.status, headers=dict(reply.headers))
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from graph_calls._constants import (
    NOTIFICATION_CLOSE_TIMEOUT_S,
    NOTIFICATION_MAX_BODY_BYTES,
    NOTIFICATION_MAX_WORKERS,
)
from graph_calls.errors import (
    InboundAuthError,
    InvalidInputError,
    NotificationParseError,
    SigningKeysUnavailableError,
    StoreUnavailableError,
)
from graph_calls.notifications._dispatch import LoopLanes, ThreadLanes, lane_of
from graph_calls.notifications._retention import check_count
from graph_calls.notifications.parsing import Notification, parse_body
from graph_calls.notifications.state import CallRegistry
from graph_calls.notifications.validation import CallbackTokenValidator

if TYPE_CHECKING:
    from graph_calls.notifications.validation import InboundClaims

__all__ = ["NotificationApp", "NotificationReceiver", "OnNotifications", "Reply"]

OnNotifications: TypeAlias = Callable[[list[Notification]], Awaitable[None] | None]

# Raw ASGI types (the same shapes as starlette.types, without importing Starlette).
Scope: TypeAlias = MutableMapping[str, Any]
Message: TypeAlias = MutableMapping[str, Any]
Receive: TypeAlias = Callable[[], Awaitable[Message]]
Send: TypeAlias = Callable[[Message], Awaitable[None]]

_LOGGER_NAME: Final = "graph_calls.notifications"
_WORKER_THREAD_NAME: Final = "graph-calls-notifications"
# A refusal's reason is logged and answered on one line of at most this many characters: parse errors
# quote parts of the body, and a hostile body must not turn into a huge log line.
_MAX_REASON_CHARS: Final = 500


def _log() -> logging.Logger:
    return logging.getLogger(_LOGGER_NAME)


@dataclass(frozen=True)
class Reply:
    """The HTTP answer to give Graph: a status, a (usually empty) body and a few headers.

    Example (any framework)::

        reply = receiver.handle(body, headers)
        return Response(reply.body, status=reply.status, headers=reply.headers)
    """

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


_ACCEPTED: Final = Reply(202)
_UNAUTHORIZED: Final = Reply(401, headers=MappingProxyType({"WWW-Authenticate": "Bearer"}))
_KEYS_UNAVAILABLE: Final = Reply(503, headers=MappingProxyType({"Retry-After": "5"}))
_STORE_UNAVAILABLE: Final = Reply(503, headers=MappingProxyType({"Retry-After": "5"}))
_TOO_LARGE: Final = Reply(413)
_NOT_POST: Final = Reply(405, headers=MappingProxyType({"Allow": "POST"}))
_SERVER_ERROR: Final = Reply(500)


def _bad_request(reason: str) -> Reply:
    return Reply(
        400,
        body=reason.encode("utf-8"),
        headers=MappingProxyType({"Content-Type": "text/plain; charset=utf-8"}),
    )


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _MAX_REASON_CHARS:
        return text
    return text[: _MAX_REASON_CHARS - 1] + "…"


def _not_applied(error: Exception, count: int) -> Reply:
    """The registry could not take the notifications: Graph delivers them again on a 5xx answer.

    A shared store that is down (:class:`StoreUnavailableError`) is not a bug: ``503`` with
    ``Retry-After`` and one WARNING line. Anything else is :func:`_failed`.
    """
    if isinstance(error, StoreUnavailableError):
        _log().warning("could not apply %d notification(s): %s", count, _one_line(str(error)))
        return _STORE_UNAVAILABLE
    return _failed(error, f"applying {count} notification(s) to the call registry")


def _failed(error: Exception, doing: str) -> Reply:
    """A bug or an unexpected failure in the receiver: one ERROR record, and a 500."""
    # A RecursionError's traceback repeats the same frames a thousand times: the one line says enough.
    with_traceback = not isinstance(error, RecursionError)
    message = _one_line(f"{type(error).__name__}: {error}")
    _log().error("%s failed: %s", doing, message, exc_info=error if with_traceback else None)
    return _SERVER_ERROR


class NotificationReceiver:
    """Answer Graph's callback POSTs; keep a :class:`CallRegistry` up to date; call your code after.

    Args:
        app_id: the bot's application (client) id: the audience callback tokens must carry.
        validator: the token validator to use (default: ``CallbackTokenValidator(app_id)``, the
            global cloud's calling platform).
        on_notifications: called with each accepted request's notifications, after the reply
            (see the module docs for threads and ordering).
        registry: the registry to apply notifications to (default: a new one, at :attr:`registry`).
        max_body_bytes: larger bodies are refused with ``413`` before they are parsed.
        max_workers: how many ``on_notifications`` calls may run at once, across calls (default 8):
            worker threads for a plain function, concurrent tasks for a coroutine function. The
            callbacks about one call always run one at a time, in order.

    Use one receiver per bot for the life of the app; it is thread-safe, and one instance may serve
    sync and async frameworks at once. :meth:`close` stops its worker threads.

    Example::

        receiver = NotificationReceiver(app_id, on_notifications=lambda ns: print(ns))
        reply = receiver.handle(request_body, request_headers)   # Reply(status=202, ...)
        op = graph.calls[call_id].play_prompt(prompts=[...])
        receiver.registry.wait_for_operation(op, timeout=30)
    """

    def __init__(
        self,
        app_id: str,
        *,
        validator: CallbackTokenValidator | None = None,
        on_notifications: OnNotifications | None = None,
        registry: CallRegistry | None = None,
        max_body_bytes: int = NOTIFICATION_MAX_BODY_BYTES,
        max_workers: int = NOTIFICATION_MAX_WORKERS,
    ) -> None:
        check_count("max_workers", max_workers, minimum=1)
        if validator is None:
            validator = CallbackTokenValidator(app_id)
        elif validator.app_id != app_id:
            raise InvalidInputError("validator checks another app id than app_id")
        if on_notifications is not None and not callable(on_notifications):
            raise InvalidInputError("on_notifications must be callable")
        if max_body_bytes < 1:
            raise InvalidInputError("max_body_bytes must be positive")
        self.app_id: Final = app_id
        self.validator: Final = validator
        self.registry: Final = registry if registry is not None else CallRegistry()
        self.on_notifications: Final = on_notifications
        self.max_body_bytes: Final = max_body_bytes
        self.max_workers: Final = max_workers
        self._callback_is_async = _is_async_callable(on_notifications)
        # Callback deliveries not finished yet (worker jobs and tasks), for wait_idle().
        self._pending = 0
        self._idle = threading.Condition()
        self._workers: ThreadLanes | None = None
        self._workers_lock = threading.Lock()
        # One set of lanes per event loop that delivered requests (usually one, the server's).
        self._loop_lanes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopLanes] = (
            weakref.WeakKeyDictionary()
        )

    def __repr__(self) -> str:
        return f"NotificationReceiver(app_id={self.app_id!r})"

    # Requests

    def handle(self, body: bytes | bytearray | str, headers: Mapping[str, str]) -> Reply:
        """Process one callback POST from any framework; return the reply to send.

        ``headers`` may be any mapping (the ``Authorization`` header is found in any case). May block
        briefly when the signing keys are (re)fetched. Never raises for a bad request: the reply says.

        Example: ``reply = receiver.handle(request.get_data(), request.headers)``.
        """
        try:
            try:
                claims = self.validator.validate_headers(headers)
            except InboundAuthError as exc:
                return _refused(exc)
            return self._accept(body, claims)
        except Exception as exc:
            return _failed(exc, "answering a callback notification")

    async def ahandle(self, body: bytes | bytearray | str, headers: Mapping[str, str]) -> Reply:
        """Async twin of :meth:`handle`; ``on_notifications`` coroutines become tasks on this loop.

        Example: ``reply = await receiver.ahandle(await request.body(), request.headers)``.
        """
        try:
            try:
                claims = await self.validator.avalidate_headers(headers)
            except InboundAuthError as exc:
                return _refused(exc)
            return await self._aaccept(body, claims)
        except Exception as exc:
            return _failed(exc, "answering a callback notification")

    def asgi_app(self) -> NotificationApp:
        """A plain ASGI app answering POSTs with this receiver (any path; other methods get 405).

        Example: ``Route("/callback", receiver.asgi_app(), methods=["POST"])`` in Starlette.
        """
        return NotificationApp(self)

    def _accept(self, body: bytes | bytearray | str, claims: InboundClaims) -> Reply:
        parsed = self._parse(body, claims)
        if isinstance(parsed, Reply):
            return parsed
        try:
            self.registry.apply_all(parsed)
        except Exception as exc:
            return _not_applied(exc, len(parsed))
        return self._accepted(parsed, on_loop=False)

    async def _aaccept(self, body: bytes | bytearray | str, claims: InboundClaims) -> Reply:
        parsed = self._parse(body, claims)
        if isinstance(parsed, Reply):
            return parsed
        try:
            await self.registry.aapply_all(parsed)  # a shared store's round trip runs off the loop
        except Exception as exc:
            return _not_applied(exc, len(parsed))
        return self._accepted(parsed, on_loop=True)

    def _parse(self, body: bytes | bytearray | str, claims: InboundClaims) -> list[Notification] | Reply:
        if len(body) > self.max_body_bytes:
            return _TOO_LARGE
        try:
            return parse_body(body, tenant_id=claims.tenant_id)
        except NotificationParseError as exc:
            reason = _one_line(str(exc))
            _log().warning("refused a callback notification: %s", reason)
            return _bad_request(reason)

    def _accepted(self, notifications: list[Notification], *, on_loop: bool) -> Reply:
        if self.on_notifications is not None and notifications:
            self._dispatch(notifications, on_loop=on_loop)
        return _ACCEPTED

    # Calling the user's code

    def _dispatch(self, notifications: list[Notification], *, on_loop: bool) -> None:
        lane = lane_of([notification.call_id for notification in notifications])
        self._begin()
        try:
            if on_loop and self._callback_is_async:
                self._lanes_of(asyncio.get_running_loop()).submit(
                    lane, lambda: self._run_async(notifications)
                )
                return
            with self._workers_lock:  # close() swaps the lanes under this lock: none is lost
                if self._workers is None:
                    self._workers = ThreadLanes(self.max_workers, thread_name=_WORKER_THREAD_NAME)
                self._workers.submit(lane, lambda: self._run_sync(notifications))
        except BaseException:
            self._end()  # nothing will run: wait_idle() must not wait for it
            raise

    def _lanes_of(self, loop: asyncio.AbstractEventLoop) -> LoopLanes:
        with self._workers_lock:
            lanes = self._loop_lanes.get(loop)
            if lanes is None:
                lanes = self._loop_lanes[loop] = LoopLanes(self.max_workers, on_dropped=self._end)
            return lanes

    async def _run_async(self, notifications: list[Notification]) -> None:
        try:
            callback = self.on_notifications
            assert callback is not None
            result = callback(notifications)
            if inspect.isawaitable(result):
                await result
        except Exception:
            _log().exception("on_notifications raised; the notifications had been accepted (202)")
        finally:
            self._end()

    def _run_sync(self, notifications: list[Notification]) -> None:
        try:
            callback = self.on_notifications
            assert callback is not None
            result = callback(notifications)
            if inspect.isawaitable(result):
                asyncio.run(_awaited(result))
        except Exception:
            _log().exception("on_notifications raised; the notifications had been accepted (202)")
        finally:
            self._end()

    def _begin(self) -> None:
        with self._idle:
            self._pending += 1

    def _end(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    # Lifecycle

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every ``on_notifications`` call scheduled so far has returned; False on timeout.

        Don't call it from the event loop that runs async callbacks (use :meth:`await_idle`).
        """
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    async def await_idle(self, timeout: float | None = None) -> bool:
        """Async twin of :meth:`wait_idle` (the loop keeps running meanwhile)."""
        return await asyncio.to_thread(self.wait_idle, timeout)

    def close(self, timeout: float = NOTIFICATION_CLOSE_TIMEOUT_S) -> None:
        """Let the worker threads finish the callbacks queued so far, then stop them (waits ``timeout`` s).

        The receiver still works afterwards: new workers start when needed.
        """
        with self._workers_lock:
            workers, self._workers = self._workers, None
        if workers is not None:
            workers.stop(timeout)

    def __enter__(self) -> NotificationReceiver:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _refused(error: InboundAuthError) -> Reply:
    # The reason word only: the message may quote parts of an attacker's header.
    _log().warning("refused a callback notification: token %s", error.reason)
    if isinstance(error, SigningKeysUnavailableError):
        return _KEYS_UNAVAILABLE
    return _UNAUTHORIZED


def _is_async_callable(callback: object) -> bool:
    if callback is None:
        return False
    return inspect.iscoroutinefunction(callback) or inspect.iscoroutinefunction(
        getattr(callback, "__call__", None)  # noqa: B004 - an object whose __call__ is async
    )


async def _awaited(awaitable: Awaitable[Any]) -> None:
    await awaitable


class NotificationApp:
    """The ASGI app of a :class:`NotificationReceiver` (``receiver.asgi_app()``); needs no framework.

    Answers ``POST`` on any path (it is meant to be routed or mounted), ``405`` to other methods. The
    token is checked before the body is read; bodies over ``max_body_bytes`` get ``413``. Run on its
    own (uvicorn), it answers the lifespan protocol and stops the receiver's worker at shutdown.

    Example::

        uvicorn.run(receiver.asgi_app(), host="0.0.0.0", port=8443, ssl_certfile=..., ssl_keyfile=...)
    """

    def __init__(self, receiver: NotificationReceiver) -> None:
        self.receiver = receiver

    def __repr__(self) -> str:
        return f"NotificationApp({self.receiver!r})"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope.get("type")
        if kind == "lifespan":
            await self._lifespan(receive, send)
            return
        if kind == "websocket":
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})
            return
        if kind != "http":
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self._answer(scope, receive, tracked_send)
        except Exception as exc:  # never let the server log a traceback per request
            reply = _failed(exc, "answering a callback request")
            if not started:
                with contextlib.suppress(Exception):  # the client may be gone as well
                    await _send_reply(send, reply)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("method") != "POST":
            await _send_reply(send, _NOT_POST)
            return
        receiver = self.receiver
        try:
            claims = await receiver.validator.avalidate_headers(_authorization(scope.get("headers", ())))
        except InboundAuthError as exc:
            await _send_reply(send, _refused(exc))
            return
        try:
            body = await _read_body(receive, receiver.max_body_bytes)
        except _ClientDisconnected:
            return
        if body is None:
            await _send_reply(send, _TOO_LARGE)
            return
        await _send_reply(send, await receiver._aaccept(body, claims))

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await asyncio.to_thread(self.receiver.close)
                await send({"type": "lifespan.shutdown.complete"})
                return


class _ClientDisconnected(Exception):
    """The client went away before the whole body arrived."""


def _authorization(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """The ``Authorization`` header of ASGI header pairs, as a one-entry dict (empty without one).

    Several are joined by ", ", as HTTP combines repeated fields: two ``Authorization`` headers become
    one value the validator refuses as malformed, rather than one of them being picked. The other
    headers are not read (not even decoded): the receiver needs none of them.
    """
    found: str | None = None
    for raw_name, raw_value in raw:
        if raw_name.lower() == b"authorization":
            value = raw_value.decode("latin-1")
            found = value if found is None else f"{found}, {value}"
    return {} if found is None else {"authorization": found}


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The request body, or None if it exceeds ``limit``; raises _ClientDisconnected."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientDisconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send_reply(send: Send, reply: Reply) -> None:
    headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in reply.headers.items()
    ]
    headers.append((b"content-length", str(len(reply.body)).encode("ascii")))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})
