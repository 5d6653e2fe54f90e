"""A client library for accessing graph-calls: Microsoft Graph calls and participants (trimmed)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
