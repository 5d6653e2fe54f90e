"""Per-call context the client layer hands down to the transport without threading it through httpx.

A :class:`contextvars.ContextVar` follows the caller into the transport whether the request runs in the
same thread (sync) or the same task (async), so concurrent calls never see each other's values.
"""

from __future__ import annotations

from contextvars import ContextVar

__all__ = ["CURRENT_OPERATION"]

CURRENT_OPERATION: ContextVar[str | None] = ContextVar("graph_calls_operation", default=None)
"""The name of the Graph operation in progress (``"participants_delete"``...), or ``None``.

The client layer sets it around each call; the transport reads it to name the application permissions
a 403 answer is missing (see :func:`graph_calls.permissions.required_permissions`). Example::

    token = CURRENT_OPERATION.set("participants_delete")
    try:
        ...  # send the request
    finally:
        CURRENT_OPERATION.reset(token)
"""
