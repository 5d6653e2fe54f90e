"""The httpx transport under the generated client: auth, retries, request ids, logging, error mapping.

The generated client is handed an ``httpx.Client`` (or ``AsyncClient``) whose transport is
:class:`GraphTransport` (or :class:`AsyncGraphTransport`). Every request goes through it, so the generated
parsing only ever sees 2xx answers; anything else leaves as an exception from :mod:`graph_calls.errors`.

The twins share everything that is not I/O: :class:`_Exchange` decides, after each attempt, whether to
deliver, retry (and after how long) or fail; the twins only send, sleep and fetch tokens.
"""

from __future__ import annotations

import logging
import random
import ssl
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from graph_calls._constants import DEFAULT_MAX_CONCURRENCY, DEFAULT_MAX_RESPONSE_BYTES, MAX_ERROR_BODY_BYTES
from graph_calls._core import deadline
from graph_calls._core.answers import claims_from_challenge, odata_error, redact
from graph_calls._core.answers import error_class as answer_error_class
from graph_calls._core.body import BodyTooLarge, aread_bounded, read_bounded
from graph_calls._core.connections import AsyncConnectionTransport, ConnectionTransport
from graph_calls._core.context import CURRENT_OPERATION
from graph_calls._core.slots import AsyncSlots, Slots
from graph_calls._tls import ssl_context
from graph_calls.errors import (
    GraphAPIError,
    GraphCallsError,
    GraphConnectionError,
    GraphTimeoutError,
    InvalidInputError,
    PermissionDeniedError,
    ResponseTooLargeError,
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


@dataclass(frozen=True)
class _Settings:
    """What a transport adds to every request; shared by all its requests, never changed."""

    provider: TokenProvider | None
    policy: RetryPolicy
    max_response_bytes: int
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
    max_response_bytes: int,
) -> _Settings:
    from graph_calls import __version__

    if (
        isinstance(max_response_bytes, bool)
        or not isinstance(max_response_bytes, int)
        or max_response_bytes < 1
    ):
        raise InvalidInputError(f"max_response_bytes must be an int >= 1, not {max_response_bytes!r}")
    return _Settings(
        provider=provider,
        policy=policy or RetryPolicy(),
        max_response_bytes=max_response_bytes,
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

    def attempt_left_s(self) -> float:
        """Seconds the attempt just begun may take: its timeout, body included, within the deadline."""
        attempt_s = self._timeouts.get("read")
        left_s = self._remaining_s()
        return left_s if attempt_s is None else min(left_s, attempt_s)

    def body_cap(self, response: httpx.Response) -> int:
        """How many decoded bytes of this answer to read: all of a success, the start of an error."""
        return self.settings.max_response_bytes if _is_success(response) else MAX_ERROR_BODY_BYTES

    def after_too_large(self, response: httpx.Response, error: BodyTooLarge) -> _Step:
        """A body over its cap: a success cannot be used; an error keeps its status, without its text."""
        if _is_success(response):
            self._log_attempt(f"{response.status_code}, body over {error.cap} bytes", response)
            return _Fail(
                ResponseTooLargeError(
                    f"{self.request.method} {self._url()}: {error}; max_response_bytes raises the limit"
                )
            )
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-type"]
        return self.after_response(
            httpx.Response(response.status_code, headers=headers, request=self.request)
        )

    def remaining_s(self) -> float:
        """Seconds left before the call's deadline (``retry_deadline_s``)."""
        return self._remaining_s()

    def _remaining_s(self) -> float:
        elapsed_s = self.settings.clock() - self._started_at
        return self.settings.policy.deadline_s - elapsed_s

    def _url(self) -> str:
        return str(self.request.url.copy_with(query=None))

    def _api_error(self, response: httpx.Response, retry_after_s: float | None) -> GraphAPIError:
        code, message, inner = odata_error(response)
        if self._token:  # a careless server or proxy may quote the request's Authorization header back
            message = message.replace(self._token, "<redacted>")
            code = code.replace(self._token, "<redacted>") if code else code
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
        error_class = answer_error_class(status)
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
        max_concurrency: attempts in flight at once; more wait for a slot (the wait counts toward the
            deadline). The default inner transport opens at most one connection per slot.
        max_response_bytes: the cap on a decoded success body (error bodies: the first 64 KiB).
        sleep, clock, rng: injectable for tests (``clock`` is monotonic seconds).

    Each attempt ends by its deadline, body included: the timeout of the request, within the policy's
    deadline (enforced by the default inner transport's connections, see :mod:`._core.deadline`).

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
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        _check_inner_or_verify(inner, verify)
        self._slots = Slots(max_concurrency)
        self._inner = inner or ConnectionTransport(_tls_context(verify))
        self._settings = _settings(token_provider, retry_policy, headers, clock, rng, max_response_bytes)
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, retrying as the policy allows; return a 2xx response or raise."""
        request.read()  # the body must be re-sendable on every attempt
        exchange = _Exchange(request, self._settings)
        while True:
            provider = exchange.provider
            token = provider.get(claims=exchange.claims) if provider else None
            self._slots.acquire(exchange.remaining_s())
            try:
                exchange.begin_attempt(token)
                step = self._attempt(exchange)
            finally:
                self._slots.release()
            if isinstance(step, _Deliver):
                return step.response
            if isinstance(step, _Fail):
                raise step.error
            if step.delay_s > 0:
                self._sleep(step.delay_s)

    def _attempt(self, exchange: _Exchange) -> _Step:
        """Send once and read the whole answer, by the attempt's deadline and within the size caps."""
        deadline_token = deadline.ATTEMPT_DEADLINE.set(time.monotonic() + exchange.attempt_left_s())
        response: httpx.Response | None = None
        try:
            response = self._inner.handle_request(exchange.request)
            return exchange.after_response(
                read_bounded(response, exchange.body_cap(response), exchange.request)
            )
        except httpx.TransportError as exc:
            return exchange.after_exception(exc)
        except httpx.DecodingError as exc:
            return exchange.after_exception(httpx.RemoteProtocolError(str(exc), request=exchange.request))
        except BodyTooLarge as exc:
            assert response is not None
            return exchange.after_too_large(response, exc)
        finally:
            deadline.ATTEMPT_DEADLINE.reset(deadline_token)

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
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        import asyncio

        _check_inner_or_verify(inner, verify)
        self._slots = AsyncSlots(max_concurrency)
        self._inner = inner or AsyncConnectionTransport(_tls_context(verify))
        self._settings = _settings(token_provider, retry_policy, headers, clock, rng, max_response_bytes)
        self._sleep = sleep or asyncio.sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, retrying as the policy allows; return a 2xx response or raise."""
        await request.aread()  # the body must be re-sendable on every attempt
        exchange = _Exchange(request, self._settings)
        while True:
            provider = exchange.provider
            token = await provider.aget(claims=exchange.claims) if provider else None
            await self._slots.acquire(exchange.remaining_s())
            try:
                exchange.begin_attempt(token)
                step = await self._attempt(exchange)
            finally:
                self._slots.release()
            if isinstance(step, _Deliver):
                return step.response
            if isinstance(step, _Fail):
                raise step.error
            if step.delay_s > 0:
                await self._sleep(step.delay_s)

    async def _attempt(self, exchange: _Exchange) -> _Step:
        """Async twin of :meth:`GraphTransport._attempt`."""
        deadline_token = deadline.ATTEMPT_DEADLINE.set(time.monotonic() + exchange.attempt_left_s())
        response: httpx.Response | None = None
        try:
            response = await self._inner.handle_async_request(exchange.request)
            return exchange.after_response(
                await aread_bounded(response, exchange.body_cap(response), exchange.request)
            )
        except httpx.TransportError as exc:
            return exchange.after_exception(exc)
        except httpx.DecodingError as exc:
            return exchange.after_exception(httpx.RemoteProtocolError(str(exc), request=exchange.request))
        except BodyTooLarge as exc:
            assert response is not None
            return exchange.after_too_large(response, exc)
        finally:
            deadline.ATTEMPT_DEADLINE.reset(deadline_token)

    async def aclose(self) -> None:
        """Close the inner transport's connections."""
        await self._inner.aclose()


def _tls_context(verify: VerifyTypes) -> ssl.SSLContext:
    """The SSL context of the default inner transport (``True``/``False``: as httpx builds them)."""
    context = ssl_context(verify)
    return context if isinstance(context, ssl.SSLContext) else httpx.create_ssl_context(verify=context)


def _check_inner_or_verify(inner: object, verify: VerifyTypes) -> None:
    if inner is not None and verify is not True:
        raise InvalidInputError("give verify= or an inner transport, not both")
