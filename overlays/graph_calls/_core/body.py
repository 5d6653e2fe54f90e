"""Read a response body with a cap on its decoded size, decoding as it streams.

httpx inflates each network read in one ``decompress`` call with no output limit: one 64 KiB read of a gzip
bomb becomes 64 MiB, stacked encodings multiply, and ``read()`` keeps it all (measured: a 1 MiB body took
the process to 2.1 GB). Here each raw chunk is inflated at most :data:`STEP` bytes at a time and the total is
checked as it grows, so a body over the cap costs at most the cap plus one step. One ``gzip`` or ``deflate``
layer is accepted (what Graph sends); anything else is refused rather than decoded blindly.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterable, Iterator

import httpx

STEP = 64 * 1024
_ZLIB_WBITS = {"gzip": 31, "x-gzip": 31, "deflate": 47}  # 47: zlib or gzip header, auto-detected


class BodyTooLarge(Exception):
    """The decoded body would exceed the cap (raised while reading, before the rest is read)."""

    def __init__(self, cap: int) -> None:
        super().__init__(f"the response body is larger than {cap} bytes once decoded")
        self.cap = cap


class _Decoder:
    def __init__(self, response: httpx.Response, cap: int) -> None:
        codings = [
            coding.strip().lower()
            for coding in response.headers.get_list("content-encoding", split_commas=True)
            if coding.strip().lower() not in ("", "identity")
        ]
        if len(codings) > 1 or (codings and codings[0] not in _ZLIB_WBITS):
            raise httpx.DecodingError(f"unsupported Content-Encoding {', '.join(codings)!r}")
        self._zlib = zlib.decompressobj(_ZLIB_WBITS[codings[0]]) if codings else None
        self._cap = cap
        self._size = 0
        self._parts: list[bytes] = []

    def feed(self, raw: bytes) -> None:
        if self._zlib is None:
            self._keep(raw)
            return
        data = raw
        while True:
            try:
                out = self._zlib.decompress(data, STEP)
            except zlib.error as exc:
                raise httpx.DecodingError(f"the compressed body is corrupt ({exc})") from None
            self._keep(out)
            data = self._zlib.unconsumed_tail
            if not data and len(out) < STEP:
                return

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._cap:
            raise BodyTooLarge(self._cap)
        if data:
            self._parts.append(data)

    def body(self) -> bytes:
        if self._zlib is not None:
            while self._zlib.unconsumed_tail:  # pragma: no cover - feed() drains it
                self.feed(b"")
            if not self._zlib.eof and self._size:
                raise httpx.DecodingError("the compressed body ends early")
        return b"".join(self._parts)


def _decoded(response: httpx.Response, body: bytes, request: httpx.Request) -> httpx.Response:
    """A response like ``response`` holding ``body`` already decoded (no Content-Encoding left to apply)."""
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    extensions = {k: v for k, v in response.extensions.items() if k in ("http_version", "reason_phrase")}
    return httpx.Response(
        response.status_code, headers=headers, content=body, request=request, extensions=extensions
    )


def read_bounded(response: httpx.Response, cap: int, request: httpx.Request) -> httpx.Response:
    """Read ``response`` to ``request`` (a transport's, unread): at most ``cap`` decoded bytes; close it."""
    try:
        decoder = _Decoder(response, cap)
        for raw in _raw(response.stream):
            decoder.feed(raw)
        return _decoded(response, decoder.body(), request)
    finally:
        response.close()


async def aread_bounded(response: httpx.Response, cap: int, request: httpx.Request) -> httpx.Response:
    """Async twin of :func:`read_bounded`."""
    try:
        decoder = _Decoder(response, cap)
        async for raw in _araw(response.stream):
            decoder.feed(raw)
        return _decoded(response, decoder.body(), request)
    finally:
        await response.aclose()


def _raw(stream: object) -> Iterator[bytes]:
    if not isinstance(stream, Iterable):
        raise TypeError("a sync transport returned a response without a sync stream")
    yield from stream


async def _araw(stream: object) -> AsyncIterator[bytes]:
    if not isinstance(stream, httpx.AsyncByteStream):
        raise TypeError("an async transport returned a response without an async stream")
    async for chunk in stream:
        yield chunk
