"""The default inner transports: one keep-alive HTTP/1.1 connection per request in flight, no pool scans.

httpcore 1.0's connection pool does O(queued × connections) work on every request, response and bounce,
and hands several released requests the same idle connection, all but one of which bounce and scan again
(measured under bursts: 10 pool passes and ~7,000 ``is_idle`` calls per request; 200 ms latency, 100 in
flight: ~55 req/s where 500 is possible). graph-calls already admits at most ``max_concurrency`` attempts
at once (:mod:`._core.slots`), so it needs no pool queue at all: an attempt takes an idle connection off a
stack (newest first, so the fewest stay warm) or opens one, uses it alone, and puts it back. At most
``max_concurrency`` connections are ever open, every operation is O(1), and the deadline backend
(:mod:`._core.deadline`) is given to each connection through httpcore's public ``network_backend``.

The mapping of httpx requests and responses to httpcore's and of httpcore's exceptions to httpx's follows
``httpx.HTTPTransport`` (httpx 0.28), which does the same for its pool.
"""

from __future__ import annotations

import ssl
import threading
import typing
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from graph_calls._core.deadline import AsyncDeadlineBackend, DeadlineBackend

KEEPALIVE_EXPIRY_S = 5.0  # httpx's default: an idle connection older than this is closed, not reused


def _httpx_error(exc: Exception) -> type[httpx.TransportError] | None:
    """The httpx exception of the same name as an httpcore one (most specific first), else None."""
    for klass in type(exc).__mro__:
        mapped = getattr(httpx, klass.__name__, None) if klass.__module__.startswith("httpcore") else None
        if isinstance(mapped, type) and issubclass(mapped, httpx.TransportError):
            return mapped
    return None


@contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        mapped = _httpx_error(exc)
        if mapped is None:
            raise
        raise mapped(str(exc)) from exc


def _core_request(request: httpx.Request) -> httpcore.Request:
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(
            scheme=request.url.raw_scheme,
            host=request.url.raw_host,
            port=request.url.port,
            target=request.url.raw_path,
        ),
        headers=request.headers.raw,
        content=typing.cast(Any, request.stream),
        extensions=request.extensions,
    )


_Key = tuple[bytes, bytes, int]  # httpcore.Origin is not hashable


def _origin(request: httpx.Request) -> tuple[_Key, httpcore.Origin]:
    url = request.url
    port = url.port or (443 if url.raw_scheme == b"https" else 80)
    return (url.raw_scheme, url.raw_host, port), httpcore.Origin(url.raw_scheme, url.raw_host, port)


def _reusable(connection: httpcore.HTTPConnection | httpcore.AsyncHTTPConnection) -> bool:
    return connection.is_idle() and not connection.has_expired()


class _Stream(httpx.SyncByteStream):
    def __init__(self, response: httpcore.Response, done: typing.Callable[[], None]) -> None:
        self._response = response
        self._done = done

    def __iter__(self) -> Iterator[bytes]:
        with _mapped_errors():
            yield from typing.cast(typing.Iterable[bytes], self._response.stream)

    def close(self) -> None:
        try:
            with _mapped_errors():
                self._response.close()
        finally:
            self._done()


class ConnectionTransport(httpx.BaseTransport):
    """Sync inner transport: a stack of idle connections per origin, one connection per request."""

    def __init__(self, ssl_context: ssl.SSLContext) -> None:
        self._ssl_context = ssl_context
        self._backend = DeadlineBackend(httpcore.SyncBackend())
        self._idle: dict[_Key, list[httpcore.HTTPConnection]] = {}
        self._lock = threading.Lock()
        self._closed = False

    def _take(self, key: _Key, origin: httpcore.Origin) -> httpcore.HTTPConnection:
        with self._lock:
            stack = self._idle.get(key, [])
            while stack:
                connection = stack.pop()
                if _reusable(connection):
                    return connection
                connection.close()
        return httpcore.HTTPConnection(
            origin,
            ssl_context=self._ssl_context,
            keepalive_expiry=KEEPALIVE_EXPIRY_S,
            network_backend=self._backend,
        )

    def _give_back(self, key: _Key, connection: httpcore.HTTPConnection) -> None:
        with self._lock:
            if not self._closed and _reusable(connection):
                self._idle.setdefault(key, []).append(connection)
                return
        connection.close()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key, origin = _origin(request)
        core_request = _core_request(request)
        for _ in range(2):  # a kept-alive connection the server closed meanwhile: once more on a new one
            connection = self._take(key, origin)
            try:
                with _mapped_errors():
                    response = connection.handle_request(core_request)
            except httpx.TransportError:
                connection.close()
                raise
            except httpcore.ConnectionNotAvailable:
                connection.close()
                continue
            done = lambda connection=connection: self._give_back(key, connection)  # noqa: E731
            return httpx.Response(
                response.status,
                headers=response.headers,
                stream=_Stream(response, done),
                extensions=response.extensions,
            )
        raise httpx.RemoteProtocolError("no connection to the server could take the request")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections = [c for stack in self._idle.values() for c in stack]
            self._idle.clear()
        for connection in connections:
            connection.close()


class _AsyncStream(httpx.AsyncByteStream):
    def __init__(
        self, response: httpcore.Response, done: typing.Callable[[], typing.Awaitable[None]]
    ) -> None:
        self._response = response
        self._done = done

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _mapped_errors():
            async for part in typing.cast(typing.AsyncIterable[bytes], self._response.stream):
                yield part

    async def aclose(self) -> None:
        try:
            with _mapped_errors():
                await self._response.aclose()
        finally:
            await self._done()


class AsyncConnectionTransport(httpx.AsyncBaseTransport):
    """Async twin of :class:`ConnectionTransport` (one event loop; no lock needed between awaits)."""

    def __init__(self, ssl_context: ssl.SSLContext) -> None:
        self._ssl_context = ssl_context
        self._backend = AsyncDeadlineBackend(httpcore.AnyIOBackend())
        self._idle: dict[_Key, list[httpcore.AsyncHTTPConnection]] = {}
        self._closed = False

    async def _take(self, key: _Key, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        stack = self._idle.get(key, [])
        while stack:
            connection = stack.pop()
            if _reusable(connection):
                return connection
            await connection.aclose()
        return httpcore.AsyncHTTPConnection(
            origin,
            ssl_context=self._ssl_context,
            keepalive_expiry=KEEPALIVE_EXPIRY_S,
            network_backend=self._backend,
        )

    async def _give_back(self, key: _Key, connection: httpcore.AsyncHTTPConnection) -> None:
        if not self._closed and _reusable(connection):
            self._idle.setdefault(key, []).append(connection)
            return
        await connection.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key, origin = _origin(request)
        core_request = _core_request(request)
        for _ in range(2):
            connection = await self._take(key, origin)
            try:
                with _mapped_errors():
                    response = await connection.handle_async_request(core_request)
            except httpx.TransportError:
                await connection.aclose()
                raise
            except httpcore.ConnectionNotAvailable:
                await connection.aclose()
                continue
            done = lambda connection=connection: self._give_back(key, connection)  # noqa: E731
            return httpx.Response(
                response.status,
                headers=response.headers,
                stream=_AsyncStream(response, done),
                extensions=response.extensions,
            )
        raise httpx.RemoteProtocolError("no connection to the server could take the request")

    async def aclose(self) -> None:
        self._closed = True
        connections = [c for stack in self._idle.values() for c in stack]
        self._idle.clear()
        for connection in connections:
            await connection.aclose()
