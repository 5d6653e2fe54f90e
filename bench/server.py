"""A minimal, fast HTTP/1.1 stand-in for Graph's participant routes, for benchmarks only.

It is *not* the validating simulator (``graph_calls.testing``): that one checks every request against the
spec and keeps call state, and its cost would dominate a per-request measurement. This server answers four
routes with fixed, realistic bodies (shapes from ``tests/fixtures/graph_reference``), over keep-alive
connections, from one asyncio event loop (stdlib only, so it runs under any of the benchmark's venvs):

- ``POST …/communications/calls/{id}/participants/invite`` → 200 ``inviteParticipantsOperation``
- ``DELETE …/communications/calls/{id}/participants/{pid}`` → 204
- ``GET …/communications/calls/{id}/participants/{pid}`` → 200 ``participant``
- ``GET …/communications/calls/{id}/participants`` → 200, a page of 100 participants; for a roster call id
  (:func:`roster_call_id`, the last group of the id is the roster's size, up to 10,000) the roster in pages
  of 100, each but the last with an ``@odata.nextLink`` (``…/participants?$skiptoken=<page>``), as Graph
  pages a long list
- ``GET /_stats`` → ``{"requests": n, "cpu_s": …}``: what the server itself spent, to check it is not the
  bottleneck.

A path that starts with ``/_latency/{ms}`` (say a client's base URL is ``http://127.0.0.1:PORT/_latency/200/v1.0``)
is answered like the same path without that prefix, ``ms`` milliseconds later: the service time of a remote
Graph, without a thread or CPU spent waiting (a timer on the event loop). The connection answers nothing
else meanwhile, as HTTP/1.1 answers in order.

A request without ``Authorization: Bearer …`` gets a 401, so every contender proves it sends its token.

Run it as its own process: ``python bench/server.py [--port 0]`` prints ``PORT <n>`` once it listens and
serves until stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import email.utils
import http.client
import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "graph_reference"
HOST = "127.0.0.1"
LIST_SIZE = 100
PAGE_SIZE = 100  # participants per page of a roster, as the simulator pages them by default
MAX_ROSTER = 10_000
CALL_ID = "7531d31f-d10d-44de-802f-c569dbca451c"
ROSTER_CALL_PREFIX = "7531d31f-d10d-44de-802f-"
TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
MAX_HEAD_BYTES = 64 * 1024
LATENCY_PREFIX = b"/_latency/"
MAX_LATENCY_MS = 60_000
GRAPH_CONTENT_TYPE = (
    b"application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
)


def _fixture_body(name: str, example: int = 0) -> dict[str, Any]:
    document = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    body: dict[str, Any] = document["examples"][example]["response"]["body"]
    return body


def invite_body() -> dict[str, Any]:
    """The reference page's ``inviteParticipantsOperation`` (participant-invite, example 1)."""
    return _fixture_body("participant-invite.json")


def participant_body() -> dict[str, Any]:
    """The reference page's ``participant`` (participant-get)."""
    return _fixture_body("participant-get.json")


def _media_stream(media_type: str, source_id: int, direction: str) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.mediaStream",
        "mediaType": media_type,
        "sourceId": str(source_id),
        "direction": direction,
        "serverMuted": False,
        "label": None,
    }


def _identity(n: int) -> dict[str, Any]:
    """An identitySet as Graph lists them: one member set, the others null (users, bots, phones)."""
    members: dict[str, Any] = {"application": None, "user": None, "device": None, "phone": None}
    kind = n % 5
    if kind in (0, 1, 2):  # Teams users, most of a roster
        members["user"] = {
            "@odata.type": "#microsoft.graph.identity",
            "id": f"278405a3-f568-4b3e-b684-{n:012d}",
            "displayName": f"User {n}",
            "identityProvider": "AAD",
            "tenantId": TENANT_ID,
        }
    elif kind == 3:  # a bot, as in the reference page
        members["application"] = {
            "@odata.type": "#microsoft.graph.identity",
            "id": f"ef43e42b-4c05-4594-9756-{n:012d}",
            "displayName": "Test Participant",
        }
    else:  # a PSTN caller
        members["phone"] = {"@odata.type": "#microsoft.graph.identity", "id": f"+1425555{n:04d}"}
    return {"@odata.type": "#microsoft.graph.identitySet", **members}


def _participant(template: dict[str, Any], n: int) -> dict[str, Any]:
    participant = copy.deepcopy(template)
    participant["id"] = f"1e126418-44a0-4a94-a6f8-{n:012d}"
    participant["info"]["identity"] = _identity(n)
    participant["info"]["id"] = None
    participant["info"]["endpointType"] = "default"
    participant["info"]["languageId"] = "en-US"
    participant["info"]["region"] = "amer"
    streams = [_media_stream("audio", 3 * n + 1, "sendReceive")]
    if n % 3 == 0:
        streams.append(_media_stream("video", 3 * n + 2, "sendReceive"))
    if n % 10 == 0:
        streams.append(_media_stream("videoBasedScreenSharing", 3 * n + 3, "receiveOnly"))
    participant["mediaStreams"] = streams
    participant["isMuted"] = n % 2 == 0
    participant["recordingInfo"] = {
        "@odata.type": "#microsoft.graph.recordingInfo",
        "initiator": None,
        "recordingStatus": "notRecording",
    }
    return participant


def list_body(size: int = LIST_SIZE) -> dict[str, Any]:
    """A one-page roster of ``size`` participants, built on the reference page's (call-list-participants)."""
    reference = _fixture_body("call-list-participants.json")
    template = reference["value"][0]
    return {
        "@odata.context": reference["@odata.context"],
        "value": [_participant(template, n) for n in range(size)],
    }


def roster_call_id(size: int) -> str:
    """The call id whose participants list is a roster of ``size``: ``CALL_ID`` for 100 (one page)."""
    if not 0 < size <= MAX_ROSTER:
        raise ValueError(f"a roster holds 1..{MAX_ROSTER} participants, not {size}")
    return CALL_ID if size == LIST_SIZE else f"{ROSTER_CALL_PREFIX}{size:012d}"


def roster_size(call_id: bytes) -> int | None:
    """The roster size a call id names (``LIST_SIZE`` for any other id); None when it is too large.

    >>> roster_size(b"7531d31f-d10d-44de-802f-000000005000"), roster_size(b"anything")
    (5000, 100)
    """
    last = call_id.rpartition(b"-")[2]
    if not call_id.startswith(ROSTER_CALL_PREFIX.encode()) or len(last) != 12 or not last.isdigit():
        return LIST_SIZE
    size = int(last)
    return size if 0 < size <= MAX_ROSTER else None


def skiptoken(query: bytes) -> int | None:
    """The page number in a query's ``$skiptoken`` (0 without one; None when it is not a number)."""
    for pair in query.split(b"&"):
        name, _, value = pair.partition(b"=")
        if name in (b"$skiptoken", b"%24skiptoken"):
            return int(value) if value.isdigit() else None
    return 0


def error_body(code: str, message: str) -> dict[str, Any]:
    """An OData error as Graph sends it."""
    return {
        "error": {
            "code": code,
            "message": message,
            "innerError": {"request-id": str(uuid.uuid4()), "date": "2026-11-28T00:00:00"},
        }
    }


@dataclass(frozen=True)
class Reply:
    """A response to send: status line and body, ready-encoded."""

    status: bytes
    body: bytes


def _json(status: bytes, document: dict[str, Any]) -> Reply:
    return Reply(status, json.dumps(document, separators=(",", ":")).encode())


class Routes:
    """Maps (method, path) to one of the fixed replies; the bodies are encoded once, at start."""

    def __init__(self) -> None:
        self.invite = _json(b"200 OK", invite_body())
        self.participant = _json(b"200 OK", participant_body())
        self.page = _json(b"200 OK", list_body())
        self.deleted = Reply(b"204 No Content", b"")
        self.unauthorized = _json(
            b"401 Unauthorized", error_body("InvalidAuthenticationToken", "Access token is empty.")
        )
        self.not_found = _json(b"404 Not Found", error_body("itemNotFound", "No such route."))
        self.requests = 0
        self._context = json.dumps(_fixture_body("call-list-participants.json")["@odata.context"]).encode()
        self._roster_values: dict[int, list[bytes]] = {}  # size → each page's "value" array, encoded
        self._pages: dict[tuple[bytes, int], Reply] = {}  # (link root + path, page) → its reply

    def _roster_page(self, size: int, page: int, path: bytes, link_root: bytes) -> Reply:
        """Page ``page`` of a roster of ``size``, linking on under ``link_root`` (built once, then kept)."""
        key = (link_root + path, page)
        cached = self._pages.get(key)
        if cached is not None:
            return cached
        values = self._roster_values.get(size)
        if values is None:
            everyone = list_body(size)["value"]
            values = self._roster_values[size] = [
                json.dumps(everyone[start : start + PAGE_SIZE], separators=(",", ":")).encode()
                for start in range(0, size, PAGE_SIZE)
            ]
        if page >= len(values):
            return self.not_found
        body = b'{"@odata.context":' + self._context + b',"value":' + values[page]
        if page + 1 < len(values):
            link = link_root + path + b"?$skiptoken=" + str(page + 1).encode()
            body += b',"@odata.nextLink":' + json.dumps(link.decode()).encode()
        reply = self._pages[key] = Reply(b"200 OK", body + b"}")
        return reply

    def reply(
        self, method: bytes, target: bytes, authorization: bytes | None, link_root: bytes = b""
    ) -> Reply:
        """The reply for one request (the body is not needed to choose it).

        ``link_root`` (``http://host:port`` and any latency prefix) starts a roster page's next link.
        """
        path, _, query = target.partition(b"?")
        path = path.rstrip(b"/")
        if path == b"/_stats":
            return _json(b"200 OK", {"requests": self.requests, "cpu_s": time.process_time()})
        self.requests += 1
        if authorization is None or not authorization.startswith(b"Bearer ") or len(authorization) < 8:
            return self.unauthorized
        head, _, last = path.rpartition(b"/")
        if last == b"participants" and method == b"GET":
            size, page = roster_size(head.rpartition(b"/")[2]), skiptoken(query)
            if size is None or page is None:
                return self.not_found
            if size == LIST_SIZE and page == 0:
                return self.page
            return self._roster_page(size, page, path, link_root)
        if last == b"invite" and head.endswith(b"/participants") and method == b"POST":
            return self.invite
        if head.endswith(b"/participants") and last:
            if method == b"GET":
                return self.participant
            if method == b"DELETE":
                return self.deleted
        return self.not_found


def split_latency(target: bytes) -> tuple[float, bytes]:
    """``(seconds to wait, the target without the prefix)`` for ``/_latency/{ms}/…``; else ``(0, target)``.

    >>> split_latency(b"/_latency/200/v1.0/communications/calls")
    (0.2, b'/v1.0/communications/calls')
    """
    if not target.startswith(LATENCY_PREFIX):
        return 0.0, target
    digits, slash, rest = target[len(LATENCY_PREFIX) :].partition(b"/")
    if not digits.isdigit() or int(digits) > MAX_LATENCY_MS:
        return 0.0, target  # not a latency prefix after all: routed as it is (a 404)
    return int(digits) / 1000, slash + rest


def latency_url(root_url: str, latency_ms: int) -> str:
    """The Graph base URL on the server at ``root_url`` whose answers come ``latency_ms`` late."""
    if not 0 <= latency_ms <= MAX_LATENCY_MS:
        raise ValueError(f"latency must be within 0..{MAX_LATENCY_MS} ms, not {latency_ms}")
    return f"{root_url}/v1.0" if latency_ms == 0 else f"{root_url}/_latency/{latency_ms}/v1.0"


class _DateHeader:
    """The ``Date`` header, formatted at most once a second."""

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def value(self) -> bytes:
        now = int(time.time())
        if now != self._second:
            self._second = now
            self._value = email.utils.formatdate(now, usegmt=True).encode()
        return self._value


class _Connection(asyncio.Protocol):
    """One keep-alive connection: parse requests (Content-Length bodies) and answer them in order."""

    def __init__(self, routes: Routes, date: _DateHeader) -> None:
        self._routes = routes
        self._date = date
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self._delayed = False  # a reply is waiting for its latency: later requests wait for it

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        self._answer_buffered()

    def _answer_buffered(self) -> None:
        while self._transport is not None and not self._delayed and self._answer_one():
            pass

    def _answer_one(self) -> bool:
        """Answer the first complete request in the buffer; False when there is none yet."""
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self._buffer) > MAX_HEAD_BYTES:
                self._close()
            return False
        lines = bytes(self._buffer[:end]).split(b"\r\n")
        try:
            method, target, _version = lines[0].split(b" ", 2)
        except ValueError:
            self._close()
            return False
        headers: dict[bytes, bytes] = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            self._close()  # no contender sends chunked bodies; refuse rather than mis-parse
            return False
        total = end + 4 + int(headers.get(b"content-length", b"0") or b"0")
        if len(self._buffer) < total:
            return False
        del self._buffer[:total]
        delay_s, routed = split_latency(target)
        link_root = b"http://" + headers.get(b"host", HOST.encode()) + target[: len(target) - len(routed)]
        reply = self._routes.reply(method, routed, headers.get(b"authorization"), link_root)
        keep_alive = headers.get(b"connection", b"").lower() != b"close"
        if delay_s > 0:
            self._delayed = True
            asyncio.get_running_loop().call_later(
                delay_s, self._send_delayed, reply, headers.get(b"client-request-id"), keep_alive
            )
            return False
        return self._finish(reply, headers.get(b"client-request-id"), keep_alive)

    def _finish(self, reply: Reply, client_request_id: bytes | None, keep_alive: bool) -> bool:
        """Send ``reply``; whether the connection stays open for the next request."""
        self._send(reply, client_request_id, keep_alive)
        if not keep_alive:
            self._close()
        return keep_alive

    def _send_delayed(self, reply: Reply, client_request_id: bytes | None, keep_alive: bool) -> None:
        self._delayed = False
        if self._transport is not None and self._finish(reply, client_request_id, keep_alive):
            self._answer_buffered()  # a request that arrived meanwhile

    def _send(self, reply: Reply, client_request_id: bytes | None, keep_alive: bool) -> None:
        assert self._transport is not None
        request_id = str(uuid.uuid4()).encode()
        head = [
            b"HTTP/1.1 " + reply.status,
            b"Date: " + self._date.value(),
            b"request-id: " + request_id,
            b"client-request-id: " + (client_request_id or request_id),
            b"Content-Length: " + str(len(reply.body)).encode(),
        ]
        if reply.body:
            head.append(b"Content-Type: " + GRAPH_CONTENT_TYPE)
        if not keep_alive:
            head.append(b"Connection: close")
        self._transport.write(b"\r\n".join(head) + b"\r\n\r\n" + reply.body)

    def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None


async def serve(port: int = 0, *, ready: Callable[[int], None] | None = None) -> None:
    """Serve on ``127.0.0.1:port`` until cancelled; ``ready(port)`` is called once listening."""
    loop = asyncio.get_running_loop()
    routes, date = Routes(), _DateHeader()
    server = await loop.create_server(lambda: _Connection(routes, date), HOST, port, backlog=1024)
    async with server:
        bound: int = server.sockets[0].getsockname()[1]
        if ready is not None:
            ready(bound)
        await server.serve_forever()


def _stop_when_stdin_closes(loop: asyncio.AbstractEventLoop, task: asyncio.Task[None]) -> None:
    sys.stdin.read()  # returns at EOF: the harness closed our stdin (or died)
    loop.call_soon_threadsafe(task.cancel)


async def _main(port: int) -> None:
    task = asyncio.current_task()
    assert task is not None

    def ready(bound: int) -> None:
        print(f"PORT {bound}", flush=True)
        watcher = threading.Thread(
            target=_stop_when_stdin_closes, args=(asyncio.get_running_loop(), task), daemon=True
        )
        watcher.start()

    with contextlib.suppress(asyncio.CancelledError):  # cancelled when stdin closes: a normal stop
        await serve(port, ready=ready)


@dataclass(frozen=True)
class ServerStats:
    """What the server process had answered and spent (CPU seconds) at one moment."""

    requests: int
    cpu_s: float


class ServerProcess:
    """``bench/server.py`` run as a child process; it stops when its stdin is closed.

    Example::

        with ServerProcess(sys.executable) as server:
            httpx.get(f"{server.base_url}/communications/calls/c/participants", headers=auth)
    """

    def __init__(self, python: str, *, env: dict[str, str] | None = None) -> None:
        self._python = python
        self._env = env
        self._process: subprocess.Popen[str] | None = None
        self.port = 0

    def start(self) -> ServerProcess:
        """Start the server and wait until it listens."""
        self._process = subprocess.Popen(
            [self._python, str(Path(__file__).resolve()), "--port", "0"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=self._env,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            self.stop()
            raise RuntimeError(f"bench server did not start (said {line!r})")
        self.port = int(line[1])
        return self

    @property
    def pid(self) -> int:
        """The server's process id."""
        assert self._process is not None
        return self._process.pid

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1.0``: the Graph base URL to give a client."""
        return f"{self.root_url}/v1.0"

    def base_url_with_latency(self, latency_ms: int) -> str:
        """The Graph base URL whose every answer comes ``latency_ms`` late (``base_url`` for 0)."""
        return latency_url(self.root_url, latency_ms)

    def stats(self) -> ServerStats:
        """Requests answered so far (``/_stats`` itself not counted) and the server's CPU time."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            connection.request("GET", "/_stats")
            document = json.loads(connection.getresponse().read())
        finally:
            connection.close()
        return ServerStats(requests=int(document["requests"]), cpu_s=float(document["cpu_s"]))

    def stop(self) -> None:
        """Close the server's stdin and reap it."""
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python bench/server.py [--port N]``."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free port)")
    args = parser.parse_args(argv)
    asyncio.run(_main(args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
