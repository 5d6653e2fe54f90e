"""graph-calls: Microsoft Graph calls and participants for Python — sync and async clients.

Example::

    from graph_calls import GraphCalls, identities
    from graph_calls.models import InvitationParticipantInfo

    with GraphCalls.from_client_secret(tenant_id=..., client_id=..., client_secret=...) as graph:
        op = graph.calls[call_id].participants.invite(
            [InvitationParticipantInfo(identity=identities.user(user_id, identity_provider="AAD"))]
        )
        graph.calls[call_id].operations[op.id].wait(timeout=60)

Importing this package is cheap: the clients, MSAL, the models and the simulator load when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from graph_calls import identities, meetings
    from graph_calls._core.request_options import RequestOptions
    from graph_calls.auth import AccessToken, TokenCredential
    from graph_calls.client import AsyncGraphCalls, ClientOptions, GraphCalls, OptionChanges, Options
    from graph_calls.errors import (
        AuthenticationError,
        BadRequestError,
        GraphAPIError,
        GraphCallsError,
        GraphConnectionError,
        GraphTimeoutError,
        InvalidInputError,
        NotFoundError,
        OperationFailed,
        OperationTimeoutError,
        PagingError,
        PermissionDeniedError,
        ServerError,
        ThrottledError,
        UnauthorizedError,
    )

_ERRORS = (
    "AuthenticationError",
    "BadRequestError",
    "GraphAPIError",
    "GraphCallsError",
    "GraphConnectionError",
    "GraphTimeoutError",
    "InvalidInputError",
    "NotFoundError",
    "OperationFailed",
    "OperationTimeoutError",
    "PagingError",
    "PermissionDeniedError",
    "ServerError",
    "ThrottledError",
    "UnauthorizedError",
)
_EXPORTS = {
    "GraphCalls": "graph_calls.client",
    "AsyncGraphCalls": "graph_calls.client",
    "ClientOptions": "graph_calls.client",
    "Options": "graph_calls.client",
    "OptionChanges": "graph_calls.client",
    "RequestOptions": "graph_calls._core.request_options",
    "AccessToken": "graph_calls.auth",
    "TokenCredential": "graph_calls.auth",
    "identities": "graph_calls.identities",
    "meetings": "graph_calls.meetings",
    **dict.fromkeys(_ERRORS, "graph_calls.errors"),
}
__all__ = [
    "AccessToken",
    "AsyncGraphCalls",
    "AuthenticationError",
    "BadRequestError",
    "ClientOptions",
    "GraphAPIError",
    "GraphCalls",
    "GraphCallsError",
    "GraphConnectionError",
    "GraphTimeoutError",
    "InvalidInputError",
    "NotFoundError",
    "OperationFailed",
    "OperationTimeoutError",
    "OptionChanges",
    "Options",
    "PagingError",
    "PermissionDeniedError",
    "RequestOptions",
    "ServerError",
    "ThrottledError",
    "TokenCredential",
    "UnauthorizedError",
    "__version__",
    "identities",
    "meetings",
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name.endswith("." + name) else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
