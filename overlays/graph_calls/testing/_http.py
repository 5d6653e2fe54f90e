"""The simulator's HTTP vocabulary and raw ASGI plumbing.

What a request and an answer are (:class:`RecordedRequest`, :class:`Reply`, :class:`RawBody`,
and the :class:`Context` a handler gets), Graph-shaped error replies, and the ASGI messages
underneath: reading a body, answering the lifespan protocol, sending a reply (whole or cut
short), and dropping a connection.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from starlette.types import Receive, Send

from graph_calls.testing._contract import error_body, json_bytes

__all__ = ["Context", "RawBody", "RecordedRequest", "Reply"]

JSON_CONTENT_TYPE: Final = (
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
)
DROP_WAIT_S: Final = 2.0


@dataclass
class RecordedRequest:
    """One request as the simulator received it."""

    method: str
    raw_path: str
    """The path as sent on the wire, percent-encoding intact (``/v1.0/.../a%2Fb``)."""
    path: str
    """The percent-decoded path."""
    query_string: str
    headers: list[tuple[str, str]]
    body: bytes
    timestamp: float
    operation: str | None = None
    """The operationId it was routed to (None for unknown paths)."""
    status: int | None = None
    """The status answered (None while in progress, or when the connection was dropped)."""
    path_params: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """The first value of a header (case-insensitive), or None."""
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)

    @property
    def query(self) -> list[tuple[str, str]]:
        """The query parameters, decoded, in order."""
        return urllib.parse.parse_qsl(self.query_string, keep_blank_values=True)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass
class Reply:
    """What a handler answers: status, JSON body (None for none) and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawBody:
    """A non-JSON body (an HTML error page, a recording)."""

    data: bytes
    content_type: str


@dataclass
class Context:
    """One routed, authorized, spec-checked request, as a handler sees it."""

    operation: str
    path_params: dict[str, str]
    query: dict[str, str]
    body: Any
    claims: Mapping[str, Any]
    base_url: str
    page_size: int
    """Server-side page size of lists when the client sends no ``$top``."""

    @property
    def app_id(self) -> str:
        return str(self.claims.get("appid") or self.claims.get("azp") or "")

    @property
    def call_id(self) -> str:
        return self.path_params["call-id"]


def error_reply(
    status: int,
    code: str,
    message: str,
    ids: Mapping[str, str],
    *,
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """A Graph error answer carrying the request's ``request-id`` and ``client-request-id``."""
    body = error_body(code, message, request_id=ids["request-id"], client_request_id=ids["client-request-id"])
    return Reply(status, body, dict(headers or {}))


def reply_bytes(reply: Reply) -> bytes:
    """The bytes of a reply's body (JSON unless it is a :class:`RawBody`)."""
    if reply.body is None:
        return b""
    if isinstance(reply.body, RawBody):
        return reply.body.data
    return json_bytes(reply.body)


async def read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)
        elif message["type"] == "http.disconnect":
            return b"".join(chunks)


async def lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def send_reply(
    send: Send, reply: Reply, payload: bytes, ids: Mapping[str, str], *, truncate: bool
) -> None:
    """Send the reply with Graph's headers; ``truncate`` sends half the body, then drops the connection."""
    headers = {
        "request-id": ids["request-id"],
        "client-request-id": ids["client-request-id"],
        "Cache-Control": "no-store",
        **reply.headers,
    }
    if isinstance(reply.body, RawBody):
        headers["Content-Type"] = reply.body.content_type
    elif payload:
        headers["Content-Type"] = JSON_CONTENT_TYPE
    if reply.status != 204:
        headers["Content-Length"] = str(len(payload))
    await send(
        {
            "type": "http.response.start",
            "status": reply.status,
            "headers": [
                (key.lower().encode("latin-1"), value.encode("latin-1")) for key, value in headers.items()
            ],
        }
    )
    if truncate:
        await send({"type": "http.response.body", "body": payload[: len(payload) // 2], "more_body": True})
        await drop(send, response_started=True)
        return
    await send({"type": "http.response.body", "body": payload})


async def drop(send: Send, *, response_started: bool = False) -> None:
    """Close the client's connection now, without (finishing) an answer.

    uvicorn gives the app no handle on the socket; its ``send`` is a method of the connection's
    request/response cycle, which has one. Elsewhere, fall back to a response that announces a
    body and never sends it: the client sees a broken response either way.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        if not response_started:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]})
        raise ConnectionAbortedError("simulated dropped connection")
    transport.close()
    deadline = time.monotonic() + DROP_WAIT_S
    while not getattr(cycle, "disconnected", True) and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    if not getattr(cycle, "disconnected", True):
        transport.abort()
