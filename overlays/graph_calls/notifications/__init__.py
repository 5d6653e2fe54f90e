"""Inbound notifications: what Graph's calling platform POSTs to a bot's callback URL.

Authenticate each POST before reading its body::

    from graph_calls.notifications import CallbackTokenValidator

    validator = CallbackTokenValidator(app_id)
    inbound = validator.validate(request.headers.get("Authorization"))  # raises InboundAuthError
    tenant_id = inbound.tenant_id

The names below load on first use, so importing this package does not import PyJWT or cryptography.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph_calls.notifications.validation import CallbackTokenValidator, InboundClaims

__all__ = ["CallbackTokenValidator", "InboundClaims"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from graph_calls.notifications import validation

        return getattr(validation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
