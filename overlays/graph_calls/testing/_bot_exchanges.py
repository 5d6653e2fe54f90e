"""What a served bot was posted and what it answered: :class:`BotExchange`, recorded by :class:`RecordingApp`.

:class:`RecordingApp` wraps the bot's ASGI app. It reads each request's body before the app does (to say
later what was posted), lets the app answer, and keeps the status, a redirect's ``Location``, the start
of the body, and whatever the app raised (answering ``500`` itself then, so the server logs nothing).
:class:`ErrorLog` keeps the ``ERROR`` records of the ``graph_calls.notifications`` logger: the receiver
logs there what ``on_notifications`` raised, after the ``202`` went out.

Nothing here keeps a request's headers: the ``Authorization`` header carries the callback token.
"""

from __future__ import annotations

import json
import logging
import textwrap
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BotExchange", "ErrorLog", "RecordingApp", "describe_items", "describe_posted", "local_time"]

# How much of a reply body an exchange keeps, and how much of a request body it parses.
_ANSWER_CHARS: Final = 300
_MAX_PARSED_BODY: Final = 1024 * 1024
_NOTIFICATIONS_LOGGER: Final = "graph_calls.notifications"


def local_time(timestamp: float) -> str:
    """``12:00:01.250``: a wall-clock time as the explanations print it."""
    return time.strftime("%H:%M:%S", time.localtime(timestamp)) + f".{int(timestamp % 1 * 1000):03d}"


def describe_posted(body: bytes) -> tuple[str, ...]:
    """One line per notification of a ``commsNotifications`` body (:func:`describe_items`).

    A body that is not a notification payload is shown by its first characters.
    """
    try:
        items = json.loads(body)["value"] if len(body) <= _MAX_PARSED_BODY else None
    except (ValueError, KeyError, TypeError):
        items = None
    if not isinstance(items, list):
        return (f"a body that is not commsNotifications: {body[:80]!r}",)
    return describe_items(items)


def describe_items(items: list[Any]) -> tuple[str, ...]:
    """``updated /communications/calls/… (established)``: one line per ``commsNotification``.

    The resource's ``state`` or ``status`` follows in brackets when it has one.
    """
    lines = []
    for item in items:
        if not isinstance(item, dict):
            lines.append(repr(item)[:80])
            continue
        line = f"{item.get('changeType')} {item.get('resourceUrl') or item.get('resource')}"
        data = item.get("resourceData")
        if isinstance(data, dict):
            what = data.get("state") or data.get("status")
            if isinstance(what, str):
                line += f" ({what})"
        elif isinstance(data, list):
            line += f" ({len(data)} participant(s))"
        lines.append(line)
    return tuple(lines)


@dataclass(frozen=True)
class BotExchange:
    """One request the served bot answered: what was posted, what it answered, and what it raised."""

    method: str
    path: str
    posted: tuple[str, ...]
    """One line per notification posted (:func:`describe_posted`)."""
    status: int | None
    """The HTTP status Graph got (500 when the app raised before answering); None if nothing was sent."""
    location: str | None
    """The ``Location`` header of a redirect."""
    answer: str
    """The start of the reply body."""
    error: str | None
    """What the bot's app raised, with its traceback; None if it answered."""
    at: float
    """When the request arrived (``time.time()``)."""

    @property
    def ok(self) -> bool:
        """Whether the bot answered ``2xx`` without raising."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def describe(self) -> str:
        """What was posted and what the bot did, on a few lines (with advice for redirects)."""
        posted = "; ".join(self.posted) or "(nothing readable)"
        if self.error is not None:
            got = f" (Graph got {self.status})" if self.status is not None else ""
            outcome = f"raised{got}:\n" + textwrap.indent(self.error.rstrip(), "      ")
        else:
            outcome = f"answered {self.status}"
            if self.location:
                outcome += f" (Location: {self.location})"
            if self.answer:
                outcome += f": {self.answer!r}"
        text = f"{local_time(self.at)} {self.method} {self.path} [{posted}]\n    the bot {outcome}"
        if self.status is not None and 300 <= self.status < 400:
            text += (
                "\n    Graph does not follow redirects. A Starlette/FastAPI Mount answers a path without its"
                " trailing slash with 307: route the callback with Route(path, receiver.asgi_app(),"
                " methods=['POST']), or give the callbackUri the trailing slash."
            )
        return text


class RecordingApp:
    """An ASGI app that runs ``app`` and records each HTTP exchange through ``record``.

    :meth:`wait_idle` waits until no request is being answered and recorded: an app may raise after its
    answer went out, and the simulator may see that answer before the exchange is recorded.
    """

    def __init__(self, app: ASGIApp, record: Callable[[BotExchange], None]) -> None:
        self.app = app
        self._record = record
        self._in_flight = 0
        self._idle = threading.Condition()

    def __repr__(self) -> str:
        return f"the bot's server ({self._in_flight} request(s) in progress)"

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every request that arrived so far is answered and recorded; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # lifespan: the bot's own startup and shutdown
            return
        with self._idle:
            self._in_flight += 1
        try:
            await self._answer(scope, receive, send)
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        at = time.time()
        body, replay = await _read_whole_body(receive)
        answer = _Answer(send)
        error: str | None = None
        try:
            await self.app(scope, replay, answer.send)
        except Exception:
            error = traceback.format_exc()
            if answer.status is None:
                answer.status = 500
                await send({"type": "http.response.start", "status": 500, "headers": []})
                await send({"type": "http.response.body", "body": b""})
        self._record(
            BotExchange(
                method=str(scope.get("method", "")),
                path=str(scope.get("path", "")),
                posted=describe_posted(body),
                status=answer.status,
                location=answer.location,
                answer=bytes(answer.body).decode("utf-8", "replace"),
                error=error,
                at=at,
            )
        )


class _Answer:
    """The ``send`` the app sees: passes every message on, keeping the status, Location and body start."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.status: int | None = None
        self.location: str | None = None
        self.body = bytearray()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            for name, value in message.get("headers", ()):
                if name.lower() == b"location":
                    self.location = value.decode("latin-1")
        elif message["type"] == "http.response.body" and len(self.body) < _ANSWER_CHARS:
            self.body += message.get("body", b"")[: _ANSWER_CHARS - len(self.body)]
        await self._send(message)


async def _read_whole_body(receive: Receive) -> tuple[bytes, Receive]:
    """The request body, and a ``receive`` that hands it to the app again, then waits as the real one."""
    chunks: list[bytes] = []
    disconnected: Message | None = None
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            disconnected = message
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            if disconnected is not None:
                return disconnected
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


class ErrorLog(logging.Handler):
    """Keeps the ``ERROR`` records of the notification receivers while installed (a context manager)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self._records: list[str] = []
        self._lock_records = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = f"{local_time(record.created)} {record.getMessage()}"
        except Exception:  # a broken log call: show its template
            text = f"{local_time(record.created)} {record.msg}"
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        with self._lock_records:
            self._records.append(text)

    @property
    def records(self) -> list[str]:
        """The messages logged (with their tracebacks), oldest first."""
        with self._lock_records:
            return list(self._records)

    def install(self) -> None:
        logging.getLogger(_NOTIFICATIONS_LOGGER).addHandler(self)

    def uninstall(self) -> None:
        logging.getLogger(_NOTIFICATIONS_LOGGER).removeHandler(self)

    def __enter__(self) -> ErrorLog:
        self.install()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.uninstall()
