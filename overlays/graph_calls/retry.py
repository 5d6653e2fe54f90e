"""When to retry a Graph request, and how long to wait first.

Pure functions, no I/O: the transport (:mod:`graph_calls._core.transport`) asks them after every attempt.

What is retried, and why:

- **429 and 503, any method** — the service says it did not act on the request; ``Retry-After`` is honoured.
- **502 and 504, idempotent methods only** (GET, HEAD, OPTIONS, PUT, DELETE) — a gateway lost the answer,
  so a POST action (create a call, invite a participant) may already have happened.
- **Connection refused / connect timeout, any method** — nothing was sent.
- **Never a pool timeout**: it means this client is saturated, not that the network failed; sending again
  only adds to the queue (the client's own in-flight slots keep it from happening).
- **Other transport failures** (read error, reset, read timeout, protocol error) — idempotent methods only,
  for the same reason as 502/504.
"""

from __future__ import annotations

import email.utils
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from graph_calls._constants import (
    BACKOFF_INITIAL_S,
    BACKOFF_MAX_S,
    DEFAULT_MAX_RETRIES,
    DEFAULT_RETRY_DEADLINE_S,
    MAX_RETRY_AFTER_S,
)
from graph_calls.errors import InvalidInputError

__all__ = [
    "IDEMPOTENT_METHODS",
    "RetryPolicy",
    "backoff_delay_s",
    "is_retryable_exception",
    "is_retryable_status",
    "parse_retry_after",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Methods that may be repeated when it is unknown whether the service acted (RFC 9110, 9.2.2)."""

_RETRYABLE_ANY_METHOD = frozenset({429, 503})
_RETRYABLE_IF_IDEMPOTENT = frozenset({502, 504})
# Raised before a single byte of the request left the client.
_NOTHING_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
# Our own bug, a misconfiguration or local saturation: sending again fails the same way.
_NEVER_RETRY = (httpx.LocalProtocolError, httpx.UnsupportedProtocol, httpx.PoolTimeout)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times, and for how long, a request is retried.

    Attributes:
        max_retries: retries after the first attempt (``0`` turns retries off).
        deadline_s: the whole request, all attempts and waits included, ends by then.
        backoff_initial_s: the cap of the first jittered wait; it doubles on each retry...
        backoff_max_s: ...up to this.
        max_retry_after_s: a ``Retry-After`` longer than this is not waited for; the error is raised.

    Example::

        RetryPolicy(max_retries=5, deadline_s=30.0)
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    deadline_s: float = DEFAULT_RETRY_DEADLINE_S
    backoff_initial_s: float = BACKOFF_INITIAL_S
    backoff_max_s: float = BACKOFF_MAX_S
    max_retry_after_s: float = MAX_RETRY_AFTER_S

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise InvalidInputError(f"max_retries must be >= 0, not {self.max_retries}")
        for name in ("deadline_s", "backoff_initial_s", "backoff_max_s", "max_retry_after_s"):
            value = getattr(self, name)
            if not value >= 0:  # also refuses NaN
                raise InvalidInputError(f"{name} must be >= 0, not {value}")


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait according to a ``Retry-After`` header value.

    Accepts delta-seconds (``"120"``; a decimal is tolerated) or an HTTP-date (``"Wed, 21 Oct 2015
    07:28:00 GMT"``, measured from ``now``, default the current time). A negative delay or a date in the
    past gives ``0.0``; a missing or unparsable value gives ``None``.

    >>> parse_retry_after("7")
    7.0
    >>> parse_retry_after("soon") is None
    True
    """
    if value is None:
        return None
    text = value.strip()
    seconds = _parse_delta_seconds(text)
    if seconds is None:
        seconds = _parse_http_date_delay(text, now or datetime.now(UTC))
    return None if seconds is None else max(0.0, seconds)


def _parse_delta_seconds(text: str) -> float | None:
    try:
        seconds = float(text)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) else None


def _parse_http_date_delay(text: str, now: datetime) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" in the header: UTC by RFC 5322
        when = when.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return (when - now).total_seconds()


def is_retryable_status(method: str, status: int) -> bool:
    """Whether an answer with this status may be retried for this HTTP method.

    >>> is_retryable_status("POST", 503), is_retryable_status("POST", 504), is_retryable_status("GET", 504)
    (True, False, True)
    """
    if status in _RETRYABLE_ANY_METHOD:
        return True
    return status in _RETRYABLE_IF_IDEMPOTENT and method.upper() in IDEMPOTENT_METHODS


def is_retryable_exception(method: str, exc: BaseException) -> bool:
    """Whether a request that failed with this exception may be sent again.

    Failures before anything was sent (connection refused, connect or pool timeout) are retried for any
    method; failures after the request may have reached the service only for idempotent methods.
    """
    if not isinstance(exc, httpx.TransportError) or isinstance(exc, _NEVER_RETRY):
        return False
    if isinstance(exc, _NOTHING_SENT):
        return True
    return method.upper() in IDEMPOTENT_METHODS


def backoff_delay_s(
    attempt: int,
    *,
    retry_after_s: float | None,
    policy: RetryPolicy,
    rng: random.Random,
    remaining_s: float | None = None,
) -> float | None:
    """Seconds to wait before retry number ``attempt`` (1 for the first retry), or ``None`` to give up.

    The wait is exponential backoff with full jitter: uniform in ``[0, min(backoff_max_s,
    backoff_initial_s * 2 ** (attempt - 1))]``. When the service sent ``Retry-After``, the wait is at least
    that long. Gives up (``None``) when ``Retry-After`` exceeds ``policy.max_retry_after_s``, or when the
    wait would not end within ``remaining_s`` (the time left before the deadline).

    >>> backoff_delay_s(1, retry_after_s=2.0, policy=RetryPolicy(), rng=random.Random(0))
    2.0
    """
    if attempt < 1:
        raise InvalidInputError(f"attempt counts retries from 1, not {attempt}")
    if retry_after_s is not None and retry_after_s > policy.max_retry_after_s:
        return None
    cap_s = min(policy.backoff_max_s, policy.backoff_initial_s * 2.0 ** min(attempt - 1, 62))
    delay_s = rng.uniform(0.0, cap_s)
    if retry_after_s is not None:
        delay_s = max(retry_after_s, delay_s)
    if remaining_s is not None and delay_s >= remaining_s:
        return None
    return delay_s
