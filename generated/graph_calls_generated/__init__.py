"""A client library for accessing graph-calls: Microsoft Graph calls and participants (trimmed)"""

# Lazy (graph_calls_spec.lazy_init): each name's module is imported on first use.
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client

_MODULES = {
    "AuthenticatedClient": "client",
    "Client": "client",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = (
    "AuthenticatedClient",
    "Client",
)
