"""Unit tests of the retry rules: Retry-After parsing, what is retryable, and the backoff."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from graph_calls.errors import InvalidInputError
from graph_calls.retry import (
    RetryPolicy,
    backoff_delay_s,
    is_retryable_exception,
    is_retryable_status,
    parse_retry_after,
)

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)


# -- parse_retry_after ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1.0), ("120", 120.0), (" 7 ", 7.0), ("0", 0.0), ("1.5", 1.5)],
)
def test_retry_after_as_delta_seconds(value: str, expected: float) -> None:
    assert parse_retry_after(value, now=NOW) == expected


def test_retry_after_as_http_date_counts_from_now() -> None:
    assert parse_retry_after("Sat, 28 Nov 2026 12:00:30 GMT", now=NOW) == 30.0


def test_retry_after_http_date_defaults_to_the_current_time() -> None:
    in_a_minute = (datetime.now(UTC) + timedelta(seconds=60)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    seconds = parse_retry_after(in_a_minute)
    assert seconds is not None
    assert 55.0 <= seconds <= 60.0


@pytest.mark.parametrize("value", ["-5", "Sat, 28 Nov 2026 11:59:00 GMT"])
def test_retry_after_negative_or_past_is_zero(value: str) -> None:
    assert parse_retry_after(value, now=NOW) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "nan", "inf", "12 seconds", "Someday, 99 Foo"])
def test_retry_after_missing_or_garbage_is_none(value: str | None) -> None:
    assert parse_retry_after(value, now=NOW) is None


# -- is_retryable_status -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "DELETE", "post"])
@pytest.mark.parametrize("status", [429, 503])
def test_429_and_503_are_retried_for_every_method(method: str, status: int) -> None:
    assert is_retryable_status(method, status)


@pytest.mark.parametrize("status", [502, 504])
@pytest.mark.parametrize("method", ["GET", "DELETE", "get"])
def test_502_and_504_are_retried_for_get_and_delete(method: str, status: int) -> None:
    assert is_retryable_status(method, status)


@pytest.mark.parametrize("status", [502, 504])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_502_and_504_are_not_retried_for_post_or_patch(method: str, status: int) -> None:
    assert not is_retryable_status(method, status)


@pytest.mark.parametrize("status", [200, 400, 401, 403, 404, 409, 500, 501])
def test_other_statuses_are_never_retried(status: int) -> None:
    assert not is_retryable_status("GET", status)


# -- is_retryable_exception ----------------------------------------------------------------------

_REQUEST = httpx.Request("POST", "https://graph.example/v1.0/communications/calls")


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "DELETE"])
@pytest.mark.parametrize("exc_type", [httpx.ConnectError, httpx.ConnectTimeout])
def test_failures_before_sending_are_retried_for_every_method(
    method: str, exc_type: type[httpx.TransportError]
) -> None:
    assert is_retryable_exception(method, exc_type("x", request=_REQUEST))


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_a_pool_timeout_is_local_saturation_and_never_retried(method: str) -> None:
    assert not is_retryable_exception(method, httpx.PoolTimeout("x", request=_REQUEST))


@pytest.mark.parametrize(
    "exc_type",
    [httpx.ReadError, httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.WriteError],
)
def test_failures_after_sending_are_retried_only_for_idempotent_methods(
    exc_type: type[httpx.TransportError],
) -> None:
    exc = exc_type("x", request=_REQUEST)
    assert is_retryable_exception("GET", exc)
    assert is_retryable_exception("DELETE", exc)
    assert not is_retryable_exception("POST", exc)
    assert not is_retryable_exception("PATCH", exc)


def test_local_protocol_errors_and_other_exceptions_are_not_retried() -> None:
    assert not is_retryable_exception("GET", httpx.LocalProtocolError("bad header"))
    assert not is_retryable_exception("GET", ValueError("not a transport error"))


# -- backoff_delay_s -----------------------------------------------------------------------------

POLICY = RetryPolicy(backoff_initial_s=0.5, backoff_max_s=8.0, max_retry_after_s=60.0)


@pytest.mark.parametrize(("attempt", "cap_s"), [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (9, 8.0)])
def test_backoff_is_jittered_below_an_exponential_cap(attempt: int, cap_s: float) -> None:
    rng = random.Random(1234)
    delays = [backoff_delay_s(attempt, retry_after_s=None, policy=POLICY, rng=rng) for _ in range(200)]
    assert all(d is not None and 0.0 <= d <= cap_s for d in delays)
    assert max(d for d in delays if d is not None) > cap_s * 0.8  # full jitter reaches near the cap
    assert len(set(delays)) > 100  # jittered, not a constant


def test_backoff_never_exceeds_backoff_max_even_for_huge_attempts() -> None:
    delay = backoff_delay_s(10_000, retry_after_s=None, policy=POLICY, rng=random.Random(0))
    assert delay is not None
    assert delay <= POLICY.backoff_max_s


def test_backoff_waits_at_least_retry_after() -> None:
    rng = random.Random(0)
    assert backoff_delay_s(1, retry_after_s=3.0, policy=POLICY, rng=rng) == 3.0
    delay = backoff_delay_s(5, retry_after_s=0.1, policy=POLICY, rng=rng)
    assert delay is not None
    assert 0.1 <= delay <= 8.0


def test_backoff_gives_up_when_retry_after_exceeds_the_maximum() -> None:
    assert backoff_delay_s(1, retry_after_s=61.0, policy=POLICY, rng=random.Random(0)) is None


def test_backoff_gives_up_when_the_wait_would_pass_the_deadline() -> None:
    rng = random.Random(0)
    assert backoff_delay_s(1, retry_after_s=10.0, policy=POLICY, rng=rng, remaining_s=5.0) is None
    assert backoff_delay_s(1, retry_after_s=None, policy=POLICY, rng=rng, remaining_s=0.0) is None
    assert backoff_delay_s(1, retry_after_s=2.0, policy=POLICY, rng=rng, remaining_s=5.0) == 2.0


def test_backoff_counts_retries_from_one() -> None:
    with pytest.raises(InvalidInputError):
        backoff_delay_s(0, retry_after_s=None, policy=POLICY, rng=random.Random(0))


# -- RetryPolicy ---------------------------------------------------------------------------------


def test_retry_policy_defaults_come_from_the_constants_module() -> None:
    from graph_calls import _constants

    policy = RetryPolicy()
    assert policy.max_retries == _constants.DEFAULT_MAX_RETRIES
    assert policy.deadline_s == _constants.DEFAULT_RETRY_DEADLINE_S
    assert policy.max_retry_after_s == _constants.MAX_RETRY_AFTER_S


@pytest.mark.parametrize(
    "kwargs", [{"max_retries": -1}, {"deadline_s": -1.0}, {"backoff_max_s": float("nan")}]
)
def test_retry_policy_refuses_negative_values(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInputError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
