"""Comms operation outcomes: status checks in either casing, and the polling loop's timing.

The spec says ``NotStarted|Running|Completed|Failed``; the service and its docs mostly send ``running``,
``completed``, ``failed``. Both casings mean the same here.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

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
    op_id = getattr(operation, "id", None)
    return OperationTimeoutError(
        f"operation {op_id} still {status_of(operation) or 'without a status'} after {timeout_s} s",
        operation=operation,
    )
