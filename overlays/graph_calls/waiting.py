"""Comms operation outcomes: status checks in either casing, the polling loop's timing, and timeouts that
explain themselves.

The spec says ``NotStarted|Running|Completed|Failed``; the service and its docs mostly send ``running``,
``completed``, ``failed``. Both casings mean the same here.

A wait that times out says what it last saw: the operation's last status, the call's last notified state
(:func:`call_timeout_message`), and whatever the caller knows besides (:func:`explained` adds it to the
error: the test fixtures add what the simulator delivered, and where).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, TypeVar

from graph_calls._constants import OPERATION_POLL_INITIAL_S, OPERATION_POLL_MAX_S
from graph_calls.errors import OperationFailed, OperationTimeoutError

COMPLETED = "completed"
FAILED = "failed"


def status_of(operation: Any) -> str | None:
    """The operation's status, lower-cased (``"running"``), or None when it has none."""
    status = getattr(operation, "status", None)
    return status.lower() if isinstance(status, str) else None


def is_finished(operation: Any) -> bool:
    return status_of(operation) in (COMPLETED, FAILED)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)  # a few documented payloads send codes as strings ("200")
    except (TypeError, ValueError):
        return None


def failure(operation: Any) -> OperationFailed:
    """The :class:`OperationFailed` describing a failed operation, with its ``resultInfo``."""
    info = getattr(operation, "result_info", None)
    message = getattr(info, "message", None)
    return OperationFailed(
        operation,
        code=_int_or_none(getattr(info, "code", None)),
        subcode=_int_or_none(getattr(info, "subcode", None)),
        result_message=message if isinstance(message, str) else None,
    )


def outcome(operation: Any) -> Any:
    """Return a completed operation; raise :class:`OperationFailed` for a failed one."""
    if status_of(operation) == FAILED:
        raise failure(operation)
    return operation


def poll_delays(timeout_s: float, *, clock: Any = time.monotonic) -> Iterator[float]:
    """Waits between polls: doubling from a short first wait, capped, never past the deadline.

    Raises :class:`OperationTimeoutError` when the deadline has passed.
    """
    if not timeout_s > 0:
        raise ValueError(f"timeout must be > 0 seconds, not {timeout_s}")
    deadline = clock() + timeout_s
    delay = OPERATION_POLL_INITIAL_S
    while True:
        remaining = deadline - clock()
        if remaining <= 0:
            return
        yield min(delay, remaining)
        delay = min(delay * 2, OPERATION_POLL_MAX_S)


def timeout_error(operation: Any, timeout_s: float) -> OperationTimeoutError:
    """The :class:`OperationTimeoutError` of an operation unfinished after ``timeout_s``: its last status."""
    op_id = getattr(operation, "id", None)
    return OperationTimeoutError(
        f"operation {op_id} still {status_of(operation) or 'without a status'} after {timeout_s} s",
        operation=operation,
    )


def call_timeout_message(call_id: str, timeout_s: float, *, last_state: str | None, heard_of: bool) -> str:
    """What a wait on a call's state says when it times out: the last state notified, or that none was.

    Example: ``"call 57dab8b1 did not reach the awaited state within 5 s (last state notified:
    establishing)"``.
    """
    if not heard_of:
        seen = "no notification about this call arrived"
    else:
        seen = f"last state notified: {last_state or 'none'}"
    return f"call {call_id} did not reach the awaited state within {timeout_s} s ({seen})"


_E = TypeVar("_E", bound=BaseException)


def explained(error: _E, explanation: str) -> _E:
    """``error`` again (same type, same attributes, same traceback), its message followed by ``explanation``.

    Example::

        except OperationTimeoutError as exc:
            raise explained(exc, "no notification delivered to https://bot/cb since 12:00:01") from None
    """
    cls = type(error)
    # Not through __init__: error types take their own keyword arguments (OperationTimeoutError's operation).
    copy = cls.__new__(cls)
    copy.__dict__.update(error.__dict__)
    copy.args = (f"{error}\n{explanation}",)
    return copy.with_traceback(error.__traceback__)
