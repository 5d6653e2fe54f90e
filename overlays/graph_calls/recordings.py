"""Download what a ``recordResponse`` operation recorded: :func:`download` (:func:`adownload` for async code).

A completed ``recordOperation`` (its completion notification, or ``graph.calls[id].operations[op].get()``)
carries ``recordingLocation``, where the audio is (not a Graph URL), and ``recordingAccessToken``, the bearer
token that fetches it. The Graph reference (call: recordResponse, "Retrieving the recording file") shows
``GET <recordingLocation>`` with ``Authorization: Bearer <recordingAccessToken>``, answered ``200`` with
``application/octet-stream``. The service discards a recording shortly after the call ends, so download it
promptly; it holds at most 2 minutes of audio.

What the helpers do:

- only the recording's own token is sent, never the Graph access token; the URL must be ``https`` (plain
  ``http`` only to a loopback address, for local test servers) and redirects are not followed, so the token
  cannot travel anywhere else;
- the body is streamed to the file, and refused past ``max_bytes`` (:data:`RECORDING_MAX_BYTES` by default):
  a path is written whole or not at all (a temporary file next to it, renamed at the end);
- failures are the usual errors: :class:`~graph_calls.errors.NotFoundError` (404/410: gone, or never
  there), :class:`~graph_calls.errors.UnauthorizedError` (401: a wrong or expired token), other
  :class:`~graph_calls.errors.GraphAPIError` statuses, :class:`~graph_calls.errors.ResponseTooLargeError`,
  :class:`~graph_calls.errors.GraphConnectionError`, :class:`~graph_calls.errors.GraphTimeoutError`, and
  :class:`~graph_calls.errors.InvalidInputError` before anything is sent. Neither the token nor the URL's
  query string (it may hold a signature) is ever in their messages.

``client=`` lends the helper a client's TLS settings (``verify``) and ``timeout``; nothing else of it.

Example::

    operation = graph.calls[call_id].record_response(max_record_duration_in_seconds=10)
    done = receiver.registry.wait_for_operation(operation, timeout=60)
    size = recordings.download(done, "answer.wav", client=graph)
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import tempfile
from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any, Final

import httpx

from graph_calls._constants import RECORDING_MAX_BYTES
from graph_calls._core.answers import error_class
from graph_calls._tls import ssl_context
from graph_calls.errors import (
    GraphAPIError,
    GraphConnectionError,
    GraphTimeoutError,
    InvalidInputError,
    ResponseTooLargeError,
)
from graph_calls.retry import parse_retry_after

if TYPE_CHECKING:
    from graph_calls.client import AsyncGraphCalls, GraphCalls

__all__ = ["RECORDING_MAX_BYTES", "adownload", "download"]

"""The default cap on a recording's size: 2 minutes of audio is a few MB in any format the service uses."""
_DEFAULT_TIMEOUT_S: Final = 60.0
_ERROR_BODY_BYTES: Final = 4096
_LOOPBACK_NAMES: Final = frozenset({"localhost"})

Destination = str | os.PathLike[str] | IO[bytes]
"""Where the recording goes: a file path, or a binary file object open for writing."""


def download(
    recording: Any,
    dest: Destination,
    *,
    client: GraphCalls | None = None,
    access_token: str | None = None,
    max_bytes: int = RECORDING_MAX_BYTES,
) -> int:
    """Fetch a recording into ``dest``; return its size in bytes.

    Args:
        recording: the completed ``RecordOperation`` (or its JSON dict), or the ``recordingLocation`` URL.
        dest: a file path (written whole or not at all) or a binary file object.
        client: the :class:`~graph_calls.GraphCalls` whose ``verify`` and ``timeout`` to use.
        access_token: the ``recordingAccessToken``; needed with a URL, else taken from ``recording``.
        max_bytes: refuse a recording larger than this (:class:`ResponseTooLargeError`).

    Example: ``recordings.download(done_operation, "answer.wav", client=graph)``.
    """
    url, headers, verify, timeout_s = _request(recording, access_token, max_bytes, client)
    try:
        with (
            httpx.Client(verify=verify, timeout=timeout_s, follow_redirects=False) as http,
            http.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code != 200:
                raise _status_error(response, response.read(), url)
            _check_length(response, max_bytes, url)
            with _sink(dest) as out:
                return _copy(response.iter_bytes(), out, max_bytes, url)
    except httpx.TimeoutException:
        raise GraphTimeoutError(f"downloading the recording at {_shown(url)} timed out") from None
    except httpx.HTTPError as exc:
        raise GraphConnectionError(
            f"downloading the recording at {_shown(url)} failed: {type(exc).__name__}"
        ) from None


async def adownload(
    recording: Any,
    dest: Destination,
    *,
    client: AsyncGraphCalls | None = None,
    access_token: str | None = None,
    max_bytes: int = RECORDING_MAX_BYTES,
) -> int:
    """Async twin of :func:`download` (an :class:`~graph_calls.AsyncGraphCalls` as ``client``).

    Example: ``await recordings.adownload(done_operation, "answer.wav", client=graph)``.
    """
    url, headers, verify, timeout_s = _request(recording, access_token, max_bytes, client)
    try:
        async with (
            httpx.AsyncClient(verify=verify, timeout=timeout_s, follow_redirects=False) as http,
            http.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code != 200:
                raise _status_error(response, await _error_body(response), url)
            _check_length(response, max_bytes, url)
            with _sink(dest) as out:
                size = 0
                async for chunk in response.aiter_bytes():
                    size = _write(out, chunk, size, max_bytes, url)
                return size
    except httpx.TimeoutException:
        raise GraphTimeoutError(f"downloading the recording at {_shown(url)} timed out") from None
    except httpx.HTTPError as exc:
        raise GraphConnectionError(
            f"downloading the recording at {_shown(url)} failed: {type(exc).__name__}"
        ) from None


# -- the request -----------------------------------------------------------------------------------


def _request(
    recording: Any, access_token: str | None, max_bytes: int, client: GraphCalls | AsyncGraphCalls | None
) -> tuple[str, dict[str, str], Any, float]:
    """The URL, the headers, httpx's ``verify`` and the timeout; raises InvalidInputError first."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise InvalidInputError(f"max_bytes must be an int >= 1, not {max_bytes!r}")
    if isinstance(recording, str):
        url, token = recording, access_token
    else:
        url, token = _location_and_token(recording)
        token = access_token or token
    if not isinstance(url, str) or not url:
        status = _field(recording, "status", "status")
        raise InvalidInputError(
            f"the operation has no recordingLocation (status {status!r}): only a completed recordResponse"
            " operation has one"
        )
    _check_url(url)
    if not isinstance(token, str) or not token:
        raise InvalidInputError("no recordingAccessToken: pass access_token= with a recording URL")
    if any(c in token for c in "\r\n"):
        raise InvalidInputError("the recording access token must not contain line breaks")
    verify: Any = True
    timeout_s = _DEFAULT_TIMEOUT_S
    if client is not None:
        verify = ssl_context(client.options.verify)
        timeout_s = client.options.timeout_s
    return url, {"Authorization": f"Bearer {token}", "Accept": "*/*"}, verify, timeout_s


def _field(recording: Any, attribute: str, key: str) -> Any:
    if isinstance(recording, Mapping):
        return recording.get(key)
    value = getattr(recording, attribute, None)
    return value if isinstance(value, str) else None  # the models' UNSET is no value


def _location_and_token(recording: Any) -> tuple[Any, Any]:
    return (
        _field(recording, "recording_location", "recordingLocation"),
        _field(recording, "recording_access_token", "recordingAccessToken"),
    )


def _check_url(url: str) -> None:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise InvalidInputError(f"the recording location is not a URL: {_shown(url)}") from None
    if parsed.scheme == "https" and parsed.host:
        return
    if parsed.scheme == "http" and _is_loopback(parsed.host):
        return  # a local test server
    raise InvalidInputError(
        f"the recording location must be an https URL (the token must not travel in clear): {_shown(url)}"
    )


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shown(url: str) -> str:
    """The URL without its query or fragment (a signed URL keeps its signature there)."""
    return url.split("?", 1)[0].split("#", 1)[0][:300]


# -- the answer ------------------------------------------------------------------------------------


async def _error_body(response: httpx.Response) -> bytes:
    body = b""
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) >= _ERROR_BODY_BYTES:
            break
    return body[:_ERROR_BODY_BYTES]


def _status_error(response: httpx.Response, body: bytes, url: str) -> GraphAPIError:
    status = response.status_code
    code, message = _odata_error(body[:_ERROR_BODY_BYTES])
    if 300 <= status < 400:
        message = "redirected; redirects are not followed (the token stays with the recording's host)"
    elif message is None:
        message = {
            401: "the recording access token was refused",
            404: "no recording there: the service discards recordings shortly after the call ends",
            410: "the recording is gone: the service discards recordings shortly after the call ends",
        }.get(status, response.reason_phrase or "error")
    options: dict[str, Any] = {
        "status": status,
        "code": code,
        "request_id": response.headers.get("request-id"),
        "date": response.headers.get("date"),
        "method": "GET",
        "url": _shown(url),
    }
    if status == 429:
        options["retry_after_s"] = parse_retry_after(response.headers.get("retry-after"))
    return error_class(status)(message, **options)


def _odata_error(body: bytes) -> tuple[str | None, str | None]:
    import json

    try:
        error = json.loads(body)["error"]
        code, message = error.get("code"), error.get("message")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, None
    return (code if isinstance(code, str) else None), (message[:500] if isinstance(message, str) else None)


def _check_length(response: httpx.Response, max_bytes: int, url: str) -> None:
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise ResponseTooLargeError(
            f"the recording at {_shown(url)} is {int(declared)} bytes, over max_bytes={max_bytes}"
        )


def _copy(chunks: Iterator[bytes], out: IO[bytes], max_bytes: int, url: str) -> int:
    size = 0
    for chunk in chunks:
        size = _write(out, chunk, size, max_bytes, url)
    return size


def _write(out: IO[bytes], chunk: bytes, size: int, max_bytes: int, url: str) -> int:
    size += len(chunk)
    if size > max_bytes:
        raise ResponseTooLargeError(f"the recording at {_shown(url)} is over max_bytes={max_bytes}; not kept")
    out.write(chunk)
    return size


@contextlib.contextmanager
def _sink(dest: Destination) -> Iterator[IO[bytes]]:
    """``dest`` itself (a file object), or a temporary file renamed to the path once complete."""
    if not isinstance(dest, str | os.PathLike):
        yield dest
        return
    path = os.fspath(dest)
    directory = os.path.dirname(os.path.abspath(path))
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        dir=directory, prefix=".recording-", suffix=".part", delete=False
    )
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise
