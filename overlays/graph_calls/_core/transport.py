"""The httpx transport under the generated client: auth, retries, request ids, logging, error mapping.

The generated client is handed an ``httpx.Client`` (or ``AsyncClient``) whose transport is
:class:`GraphTransport` (or :class:`AsyncGraphTransport`). Every request goes through it, so the generated
parsing only ever sees 2xx answers; anything else leaves as an exception from :mod:`graph_calls.errors`.

The twins share everything that is not I/O: :class:`_Exchange` decides, after each attempt, whether to
deliver, retry (and after how long) or fail; the twins only send, sleep and fetch tokens.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import random
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import httpx

from graph_calls._core.context import CURRENT_OPERATION
from graph_calls._tls import ssl_context
from graph_calls.errors import (
    BadRequestError,
    GraphAPIError,
    GraphCallsError,
    GraphConnectionError,
    GraphTimeoutError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottledError,
    UnauthorizedError,
)
from graph_calls.retry import (
    RetryPolicy,
    backoff_delay_s,
    is_retryable_exception,
    is_retryable_status,
    parse_retry_after,
)

if TYPE_CHECKING:
    from graph_calls.auth import TokenProvider, VerifyTypes

__all__ = ["AsyncGraphTransport", "GraphTransport", "claims_from_challenge", "redact"]

logger = logging.getLogger("graph_calls")

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_ERROR_CLASSES: Mapping[int, type[GraphAPIError]] = MappingProxyType(
    {
        401: UnauthorizedError,
        403: PermissionDeniedError,
        404: NotFoundError,
        429: ThrottledError,
    }
)
# One auth-param of a challenge: name=token or name="quoted string" (RFC 9110, 11.2).
_AUTH_PARAM = re.compile(r'([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_BEARER = re.compile(r"\bBearer\b", re.IGNORECASE)


def redact(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` safe to log: credentials are replaced (``Authorization: Bearer <redacted>``).

    >>> redact({"Authorization": "Bearer eyJ0...", "request-id": "42"})
    {'Authorization': 'Bearer <redacted>', 'request-id': '42'}
    """
    safe: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() in _SECRET_HEADERS:
            scheme = value.split(" ", 1)[0] if name.lower().endswith("authorization") else ""
            value = f"{scheme} <redacted>".strip()
        safe[name] = value
    return safe


def claims_from_challenge(challenges: list[str]) -> str | None:
    """The decoded claims (JSON text) of a Bearer ``insufficient_claims`` challenge, else ``None``.

    ``challenges`` are the ``WWW-Authenticate`` values of a 401, for example
    ``Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="``.
    """
    for challenge in challenges:
        bearer = _BEARER.search(challenge)
        if bearer is None:
            continue
        params = {
            match.group(1).lower(): match.group(2) if match.group(2) is not None else match.group(3)
            for match in _AUTH_PARAM.finditer(challenge, bearer.end())
        }
        if params.get("error") == "insufficient_claims" and params.get("claims"):
            return _decode_claims(params["claims"])
    return None


def _decode_claims(encoded: str) -> str | None:
    text = encoded.strip()
    if not text.startswith("{"):  # base64 (standard or url-safe), often without its padding
        standard = text.replace("-", "+").replace("_", "/")
        try:
            text = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
    try:
        json.loads(text)
    except ValueError:
        return None
    return text


@dataclass(frozen=True)
class _Settings:
    """What a transport adds to every request; shared by all its requests, never changed."""

    provider: TokenProvider | None
    policy: RetryPolicy
    headers: tuple[tuple[str, str], ...]
    user_agent: str
    clock: Callable[[], float]
    rng: random.Random


def _settings(
    provider: TokenProvider | None,
    policy: RetryPolicy | None,
    headers: Mapping[str, str] | None,
    clock: Callable[[], float],
    rng: random.Random | None,
) -> _Settings:
    from graph_calls import __version__

    return _Settings(
        provider=provider,
        policy=policy or RetryPolicy(),
        headers=tuple((headers or {}).items()),
        user_agent=f"graph-calls/{__version__}",
        clock=clock,
        rng=rng or random.Random(),
    )


@dataclass(frozen=True)
class _Deliver:
    response: httpx.Response


@dataclass(frozen=True)
class _Retry:
    delay_s: float


@dataclass(frozen=True)
class _Fail:
    error: GraphCallsError


_Step = _Deliver | _Retry | _Fail


class _Exchange:
    """One request through all its attempts: what to send and what to do next, without any I/O."""

    def __init__(self, request: httpx.Request, settings: _Settings) -> None:
        self.request = request
        self.settings = settings
        self.client_request_id = _stamp(request, settings)
        self.claims: str | None = None  # set by a claims challenge, for the next token fetch
        self._started_at = settings.clock()
        self._timeouts: dict[str, float | None] = dict(request.extensions.get("timeout", {}))
        self._attempt = 0
        self._retries = 0
        self._auth_retried = False
        self._token: str | None = None
        self._sent_at = self._started_at

    @property
    def provider(self) -> TokenProvider | None:
        """The token provider, or ``None`` when the transport sends no ``Authorization``."""
        return self.settings.provider

    def begin_attempt(self, token: str | None) -> None:
        """Stamp the token, cap the timeouts at the time left, and note when the attempt starts."""
        self._attempt += 1
        self._token = token
        self.claims = None
        if token is not None:
            self.request.headers["Authorization"] = f"Bearer {token}"
        if self._timeouts:
            left_s = max(0.001, self._remaining_s())
            self.request.extensions["timeout"] = {
                name: left_s if value is None else min(value, left_s)
                for name, value in self._timeouts.items()
            }
        self._sent_at = self.settings.clock()

    def after_response(self, response: httpx.Response) -> _Step:
        """Decide on an answer; a non-2xx body must have been read already."""
        status = response.status_code
        self._log_attempt(str(status), response)
        if 200 <= status < 300:
            return _Deliver(response)
        if status == 401 and (step := self._after_unauthorized(response)) is not None:
            return step
        retry_after_s = parse_retry_after(response.headers.get("Retry-After"))
        if is_retryable_status(self.request.method, status):
            step = self._plan_retry(f"HTTP {status}", retry_after_s)
            if step is not None:
                return step
        return _Fail(self._api_error(response, retry_after_s))

    def after_exception(self, exc: httpx.TransportError) -> _Step:
        """Decide after the attempt failed without an answer."""
        self._log_attempt(type(exc).__name__, None)
        if is_retryable_exception(self.request.method, exc):
            step = self._plan_retry(type(exc).__name__, None)
            if step is not None:
                return step
        return _Fail(_connection_error(exc, self.request.method, self._url()))

    def _after_unauthorized(self, response: httpx.Response) -> _Step | None:
        provider = self.provider
        if provider is None or self._auth_retried:
            return None
        self._auth_retried = True  # one auth retry per request, whatever the 401 said
        self.claims = claims_from_challenge(response.headers.get_list("WWW-Authenticate"))
        reason = "claims challenge" if self.claims is not None else "token refused (401)"
        if self.claims is None and self._token is not None:
            provider.invalidate(self._token)
        self._log_retry(reason, 0.0, "the one auth retry")
        return _Retry(0.0)

    def _plan_retry(self, reason: str, retry_after_s: float | None) -> _Retry | None:
        policy = self.settings.policy
        if self._retries >= policy.max_retries:
            return None
        delay_s = backoff_delay_s(
            self._retries + 1,
            retry_after_s=retry_after_s,
            policy=policy,
            rng=self.settings.rng,
            remaining_s=self._remaining_s(),
        )
        if delay_s is None:
            return None
        self._retries += 1
        self._log_retry(reason, delay_s, f"retry {self._retries} of {policy.max_retries}")
        return _Retry(delay_s)

    def _remaining_s(self) -> float:
        elapsed_s = self.settings.clock() - self._started_at
        return self.settings.policy.deadline_s - elapsed_s

    def _url(self) -> str:
        return str(self.request.url.copy_with(query=None))

    def _api_error(self, response: httpx.Response, retry_after_s: float | None) -> GraphAPIError:
        code, message, inner = _odata_error(response)
        status = response.status_code
        fields: dict[str, Any] = {
            "status": status,
            "code": code,
            "request_id": response.headers.get("request-id") or _text(inner.get("request-id")),
            "client_request_id": self.client_request_id,
            "date": response.headers.get("Date") or _text(inner.get("date")),
            "retry_after_s": retry_after_s,
            "method": self.request.method,
            "url": self._url(),
        }
        error_class = _error_class(status)
        if error_class is PermissionDeniedError:
            return PermissionDeniedError(message, required_permissions=_required_permissions(), **fields)
        return error_class(message, **fields)

    def _log_attempt(self, outcome: str, response: httpx.Response | None) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return  # before any header look-up: this runs for every attempt
        request_id = response.headers.get("request-id") if response is not None else None
        elapsed_ms = (self.settings.clock() - self._sent_at) * 1000
        logger.debug(
            "%s %s -> %s in %.0f ms (attempt %d, request-id %s, client-request-id %s)",
            self.request.method,
            self._url(),
            outcome,
            elapsed_ms,
            self._attempt,
            request_id,
            self.client_request_id,
        )

    def _log_retry(self, reason: str, delay_s: float, which: str) -> None:
        logger.info(
            "retrying %s %s after %s in %.2f s (%s, client-request-id %s)",
            self.request.method,
            self._url(),
            reason,
            delay_s,
            which,
            self.client_request_id,
        )


def _stamp(request: httpx.Request, settings: _Settings) -> str:
    """Add the headers every attempt carries; return the client-request-id (the caller's, if set)."""
    user_agent = request.headers.get("User-Agent")
    if user_agent is None or user_agent.startswith("python-httpx/"):
        request.headers["User-Agent"] = settings.user_agent
    elif settings.user_agent not in user_agent:
        request.headers["User-Agent"] = f"{user_agent} {settings.user_agent}"
    for name, value in settings.headers:
        request.headers.setdefault(name, value)
    client_request_id = request.headers.get("client-request-id") or str(uuid.uuid4())
    request.headers["client-request-id"] = client_request_id
    return client_request_id


def _error_class(status: int) -> type[GraphAPIError]:
    if status in _ERROR_CLASSES:
        return _ERROR_CLASSES[status]
    if 400 <= status < 500:
        return BadRequestError
    if 500 <= status < 600:
        return ServerError
    return GraphAPIError  # 1xx/3xx: not expected from Graph, still not a success


def _odata_error(response: httpx.Response) -> tuple[str | None, str, dict[str, Any]]:
    """``(code, message, innerError)`` of an OData error body, or a short description of another body."""
    body = response.content
    if not body.strip():
        return None, "empty error body", {}
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip() or "no content type"
    try:
        document = json.loads(body)
    except ValueError:  # includes UnicodeDecodeError
        return None, f"non-JSON error body ({content_type}, {len(body)} bytes)", {}
    error = document.get("error") if isinstance(document, dict) else None
    if not isinstance(error, dict):
        return None, f"JSON error body without an OData error ({len(body)} bytes)", {}
    code = error.get("code")
    message = error.get("message")
    inner = error.get("innerError", error.get("innererror"))
    return (
        code if isinstance(code, str) and code else None,
        message if isinstance(message, str) and message else "no message",
        inner if isinstance(inner, dict) else {},
    )


def _required_permissions() -> tuple[str, ...]:
    operation = CURRENT_OPERATION.get()
    if operation is None:
        return ()
    from graph_calls.permissions import required_permissions

    try:
        return tuple(required_permissions(operation))
    except KeyError:  # an operation the table does not know: name no permissions rather than fail
        return ()


def _connection_error(
    exc: httpx.TransportError, method: str, url: str
) -> GraphConnectionError | GraphTimeoutError:
    # h11 quotes an illegal request header in LocalProtocolError: never put that text in a message.
    detail = "" if isinstance(exc, httpx.LocalProtocolError) else _first_line(str(exc))[:200]
    reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    error_class = GraphTimeoutError if isinstance(exc, httpx.TimeoutException) else GraphConnectionError
    error = error_class(f"{method} {url}: {reason}")
    error.__cause__ = exc
    return error


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _is_success(response: httpx.Response) -> bool:
    return 200 <= response.status_code < 300


class GraphTransport(httpx.BaseTransport):
    """Sync transport for Graph: auth, retries, ids, logging and typed errors over a real transport.

    Args:
        inner: the transport that does the I/O; default ``httpx.HTTPTransport(verify=verify)``.
        token_provider: where ``Authorization: Bearer`` tokens come from; ``None`` sends none.
        retry_policy: how often and how long to retry; default :class:`~graph_calls.retry.RetryPolicy()`.
        headers: extra headers for every request (the request's own win).
        verify: TLS verification of the default inner transport (a CA bundle path, an ``SSLContext``...).
        sleep, clock, rng: injectable for tests (``clock`` is monotonic seconds).

    Example::

        transport = GraphTransport(token_provider=TokenProvider(credential, [scope]))
        client.set_httpx_client(httpx.Client(base_url=..., transport=transport))
    """

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        token_provider: TokenProvider | None = None,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        verify: VerifyTypes = True,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        _check_inner_or_verify(inner, verify)
        self._inner = inner or httpx.HTTPTransport(verify=ssl_context(verify))
        self._settings = _settings(token_provider, retry_policy, headers, clock, rng)
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, retrying as the policy allows; return a 2xx response or raise."""
        request.read()  # the body must be re-sendable on every attempt
        exchange = _Exchange(request, self._settings)
        while True:
            provider = exchange.provider
            exchange.begin_attempt(provider.get(claims=exchange.claims) if provider else None)
            try:
                response = self._inner.handle_request(request)
                if not _is_success(response):
                    try:
                        response.read()
                    finally:
                        response.close()
            except httpx.TransportError as exc:
                step = exchange.after_exception(exc)
            else:
                step = exchange.after_response(response)
            if isinstance(step, _Deliver):
                return step.response
            if isinstance(step, _Fail):
                raise step.error
            if step.delay_s > 0:
                self._sleep(step.delay_s)

    def close(self) -> None:
        """Close the inner transport's connections."""
        self._inner.close()


class AsyncGraphTransport(httpx.AsyncBaseTransport):
    """Async twin of :class:`GraphTransport`: the same arguments, with ``sleep`` a coroutine function.

    Example::

        transport = AsyncGraphTransport(token_provider=TokenProvider(credential, [scope]))
        client.set_async_httpx_client(httpx.AsyncClient(base_url=..., transport=transport))
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        token_provider: TokenProvider | None = None,
        retry_policy: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        verify: VerifyTypes = True,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        import asyncio

        _check_inner_or_verify(inner, verify)
        self._inner = inner or httpx.AsyncHTTPTransport(verify=ssl_context(verify))
        self._settings = _settings(token_provider, retry_policy, headers, clock, rng)
        self._sleep = sleep or asyncio.sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, retrying as the policy allows; return a 2xx response or raise."""
        await request.aread()  # the body must be re-sendable on every attempt
        exchange = _Exchange(request, self._settings)
        while True:
            provider = exchange.provider
            exchange.begin_attempt(await provider.aget(claims=exchange.claims) if provider else None)
            try:
                response = await self._inner.handle_async_request(request)
                if not _is_success(response):
                    try:
                        await response.aread()
                    finally:
                        await response.aclose()
            except httpx.TransportError as exc:
                step = exchange.after_exception(exc)
            else:
                step = exchange.after_response(response)
            if isinstance(step, _Deliver):
                return step.response
            if isinstance(step, _Fail):
                raise step.error
            if step.delay_s > 0:
                await self._sleep(step.delay_s)

    async def aclose(self) -> None:
        """Close the inner transport's connections."""
        await self._inner.aclose()


def _check_inner_or_verify(inner: object, verify: VerifyTypes) -> None:
    if inner is not None and verify is not True:
        raise InvalidInputError("give verify= or an inner transport, not both")
