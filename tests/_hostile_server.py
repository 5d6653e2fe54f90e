"""A deliberately hostile HTTP/1.1 server on 127.0.0.1 for the transport's limits tests.

Raw sockets (asyncio streams in a background thread), so it can do what no well-behaved framework does: drip
bytes, cut a body short, send a decompression bomb, echo the caller's token. Each request's path picks the
behaviour; the server counts requests per path and the most connections it saw open at once.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import struct
import threading
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

Writer = asyncio.StreamWriter
Handler = Callable[["HostileServer", dict[str, str], bytes, Writer], Awaitable[bool]]


def _response(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def gzip_bomb(decoded_bytes: int) -> bytes:
    """``decoded_bytes`` zeros (a multiple of 1 MiB), gzip-compressed about 1,000 times smaller.

    Compressing 1 GiB costs ~3 s of CPU; this compresses 1 MiB once. After a full flush the deflate state
    starts afresh, so each further MiB of zeros compresses to the same block: the stream repeats it, then
    the gzip trailer (CRC-32 and size of the whole) makes a valid stream that decodes to every byte.
    """
    chunk = bytes(1024 * 1024)
    blocks, rest = divmod(decoded_bytes, len(chunk))
    assert rest == 0, "a whole number of MiB"
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate: the gzip framing is ours
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, no time, best, unknown OS
    trailer = struct.pack("<II", crc, decoded_bytes & 0xFFFFFFFF)
    return header + block * blocks + deflate.flush(zlib.Z_FINISH) + trailer


def _behaviour(path: str) -> str:
    """The call id names the behaviour when it is one (``/calls/drip``, ``/calls/echo-token-invite/...``)."""
    segments = path.rstrip("/").split("/")
    if "calls" in segments:
        after = segments.index("calls") + 1
        if after < len(segments) and segments[after] in BEHAVIOURS:
            return segments[after]
    return segments[-1]


class HostileServer:
    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.connections_accepted = 0
        self.open_connections = 0
        self.max_open_connections = 0
        # Per behaviour: a drip handler from an earlier test may still be running during a burst.
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.latency_s = 0.0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._bomb = gzip_bomb(1024 * 1024 * 1024)  # 1 GiB decoded, ~1 MiB on the wire
        self._handlers: set[asyncio.Task[None]] = set()
        self._responded: set[Writer] = set()
        self._serving: dict[Writer, str] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1.0"

    def start(self) -> None:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(timeout=10)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=4096)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for task in self._handlers:
                task.cancel()
            await asyncio.gather(*self._handlers, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()  # and its self-pipe; left open, both warn in whichever test runs at GC

    def responding(self, writer: Writer) -> None:
        """The request on ``writer`` is answered from now on: the client may send its next one at once."""
        self.in_flight[self._serving[writer]] -= 1
        self._responded.add(writer)

    def reset(self) -> None:
        self.requests.clear()
        self.connections_accepted = 0
        self.max_open_connections = self.open_connections
        self.max_in_flight.clear()
        self.latency_s = 0.0

    async def _serve(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)
        self.open_connections += 1
        self.connections_accepted += 1
        self.max_open_connections = max(self.max_open_connections, self.open_connections)
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                path = request_line.split()[1].decode().split("?")[0]
                behaviour = _behaviour(path)
                self.requests[behaviour] += 1
                self._serving[writer] = behaviour
                self.in_flight[behaviour] += 1
                self.max_in_flight[behaviour] = max(self.max_in_flight[behaviour], self.in_flight[behaviour])
                try:
                    keep_open = await BEHAVIOURS.get(behaviour, _ok)(self, headers, body, writer)
                finally:
                    if writer in self._responded:
                        self._responded.discard(writer)
                    else:
                        self.in_flight[behaviour] -= 1
                if not keep_open:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            self._serving.pop(writer, None)
            self.open_connections -= 1
            writer.close()


async def _ok(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    if server.latency_s:
        await asyncio.sleep(server.latency_s)
    payload = json.dumps({"@odata.type": "#microsoft.graph.call", "id": "c1", "state": "established"})
    server.responding(writer)
    writer.write(_response(200, payload.encode(), {"Content-Type": "application/json"}))
    await writer.drain()
    return True


async def _invite(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    if server.latency_s:
        await asyncio.sleep(server.latency_s)
    operation = {
        "@odata.type": "#microsoft.graph.inviteParticipantsOperation",
        "id": "op",
        "status": "running",
    }
    server.responding(writer)
    writer.write(_response(200, json.dumps(operation).encode(), {"Content-Type": "application/json"}))
    await writer.drain()
    return True


async def _drip(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    """200 with a 30-byte body announced, then one byte a second."""
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n")
    await writer.drain()
    for _ in range(30):
        await asyncio.sleep(1)
        writer.write(b" ")
        await writer.drain()
    return False


async def _drip_headers(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    """A status line, then one header byte a second, forever."""
    writer.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    await writer.drain()
    for _ in range(60):
        await asyncio.sleep(1)
        writer.write(b"a")
        await writer.drain()
    return False


async def _bomb(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    writer.write(
        _response(200, server._bomb, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    )
    await writer.drain()
    return False


async def _error_bomb(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    writer.write(
        _response(500, server._bomb, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    )
    await writer.drain()
    return False


async def _stacked(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    twice = gzip.compress(gzip.compress(b"{}"))
    writer.write(
        _response(200, twice, {"Content-Type": "application/json", "Content-Encoding": "gzip, gzip"})
    )
    await writer.drain()
    return False


async def _gzip_ok(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    payload = gzip.compress(json.dumps({"@odata.type": "#microsoft.graph.call", "id": "gz"}).encode())
    writer.write(_response(200, payload, {"Content-Type": "application/json", "Content-Encoding": "gzip"}))
    await writer.drain()
    return True


async def _cut(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    """200 announcing 100 bytes, 10 sent, then FIN."""
    writer.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id": "c')
    await writer.drain()
    return False


async def _deep(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    depth = 100_000
    payload = b'{"id": "c1", "state": ' + b"[" * depth + b"]" * depth + b"}"
    writer.write(_response(200, payload, {"Content-Type": "application/json"}))
    await writer.drain()
    return True


async def _echo_token(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    """A 400 whose message quotes the request's Authorization header (as a careless proxy might)."""
    message = f"bad request; you sent Authorization: {headers.get('authorization', '')}"
    error = {"error": {"code": "BadRequest", "message": message}}
    writer.write(_response(400, json.dumps(error).encode(), {"Content-Type": "application/json"}))
    await writer.drain()
    return True


async def _echo_token_invite(
    server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer
) -> bool:
    """A 200 whose ``@odata.type`` is the caller's token: the parser's error quotes the value."""
    token = headers.get("authorization", "").partition(" ")[2]
    payload = {"@odata.type": token, "id": "op", "status": "running"}
    writer.write(_response(200, json.dumps(payload).encode(), {"Content-Type": "application/json"}))
    await writer.drain()
    return True


async def _slow(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    await asyncio.sleep(2.0)
    return await _ok(server, headers, body, writer)


async def _ok_then_fin(server: HostileServer, headers: dict[str, str], body: bytes, writer: Writer) -> bool:
    """A 200 without ``Connection: close``, then the server closes the kept-alive connection anyway."""
    await _ok(server, headers, body, writer)
    return False


BEHAVIOURS: dict[str, Handler] = {
    "ok": _ok,
    "invite": _invite,
    "drip": _drip,
    "drip-headers": _drip_headers,
    "bomb": _bomb,
    "error-bomb": _error_bomb,
    "stacked": _stacked,
    "gzip": _gzip_ok,
    "cut": _cut,
    "deep": _deep,
    "echo-token": _echo_token,
    "echo-token-invite": _echo_token_invite,
    "slow": _slow,
    "ok-then-fin": _ok_then_fin,
}


@contextmanager
def hostile_server() -> Iterator[HostileServer]:
    server = HostileServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


class StaticCredential:
    """``get_token`` for tests: a fixed, recognisable token, no identity platform."""

    TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.hostile-test-token-0123456789"

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        import time
        from types import SimpleNamespace

        return SimpleNamespace(token=self.TOKEN, expires_on=int(time.time()) + 3600)
