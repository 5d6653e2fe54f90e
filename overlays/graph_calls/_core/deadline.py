"""Deadlines that hold: every socket operation of an attempt ends by the attempt's deadline.

httpx's timeouts apply to each read, so a server that sends one byte a second keeps a request alive forever
(measured: ``timeout=2`` returned after 70 s). The transport sets :data:`ATTEMPT_DEADLINE` (a monotonic time)
around each attempt, and the network backend installed under httpcore's connection pool caps the timeout of
every connect, read, write and TLS handshake at the time left, so headers and body together end by then
(:class:`httpcore.ReadTimeout` and friends, which httpx turns into ``httpx.ReadTimeout``...).

Installing the backend needs httpx's pool object: ``httpx.HTTPTransport`` takes no ``network_backend``
argument (httpx 0.28), so :func:`install` wraps the pool's backend in place. It goes when httpx exposes the
argument; :func:`install` fails loudly if the attributes are not where httpx 0.28 puts them.
"""

from __future__ import annotations

import contextvars
import ssl
import time
import typing
from collections.abc import Iterable
from typing import Any

import httpcore

ATTEMPT_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "graph_calls_attempt_deadline", default=None
)
"""``time.monotonic()`` by which the current attempt must be over, or None (no deadline)."""

_SocketOption = Any  # httpcore's SOCKET_OPTION union, not exported


def _capped(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` capped at the time left before the attempt's deadline; raise ``error`` when none is."""
    deadline = ATTEMPT_DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the attempt's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _capped(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _capped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        capped = _capped(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, capped))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        capped = _capped(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, capped, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[_SocketOption] | None = None
    ) -> httpcore.NetworkStream:
        capped = _capped(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, capped, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, _capped(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, _capped(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        capped = _capped(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, capped))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        capped = _capped(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.connect_tcp(host, port, capped, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[_SocketOption] | None = None
    ) -> httpcore.AsyncNetworkStream:
        capped = _capped(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._inner.connect_unix_socket(path, capped, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def install(transport: object) -> None:
    """Put the deadline backend under the connection pool of an ``httpx.HTTPTransport`` (or async twin)."""
    pool = getattr(transport, "_pool", None)
    if isinstance(pool, httpcore.ConnectionPool):
        inner: Any = getattr(pool, "_network_backend", None)
        if isinstance(inner, httpcore.NetworkBackend):
            pool._network_backend = typing.cast(Any, _Backend(inner))  # see the module docstring
            return
    elif isinstance(pool, httpcore.AsyncConnectionPool):
        inner = getattr(pool, "_network_backend", None)
        if isinstance(inner, httpcore.AsyncNetworkBackend):
            pool._network_backend = typing.cast(Any, _AsyncBackend(inner))
            return
    raise RuntimeError(
        "graph-calls cannot enforce request deadlines with this httpx/httpcore version: "
        f"{type(transport).__name__} has no connection pool with a network backend where httpx 0.28 keeps it"
    )
