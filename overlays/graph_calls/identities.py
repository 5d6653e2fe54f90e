"""Build the ``IdentitySet`` the service expects for a user, an application, a phone number or a guest.

Example::

    from graph_calls import identities
    identities.user("278405a3-f568-4b3e-b684-009193463064", identity_provider="AAD")
    identities.phone("+15555550100")

Extras the v1.0 schema does not declare (``identityProvider``, ``tenantId`` on a plain identity) go into the
model's ``additional_properties``, which is how they reach the wire.
"""

from __future__ import annotations

import re

from graph_calls._validate import expect
from graph_calls.errors import InvalidInputError
from graph_calls_generated.models.identity import Identity
from graph_calls_generated.models.identity_set import IdentitySet

__all__ = ["application", "guest", "phone", "user"]

# E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")


def _identity(
    identity_id: str,
    *,
    display_name: str | None,
    identity_provider: str | None = None,
    tenant_id: str | None = None,
    kind: str,
) -> Identity:
    expect(f"{kind} id", identity_id, str)
    if not identity_id:
        raise InvalidInputError(f"{kind} id must not be empty")
    expect("display_name", display_name, str)
    expect("identity_provider", identity_provider, str)
    expect("tenant_id", tenant_id, str)
    identity = Identity(id=identity_id)
    if display_name is not None:
        identity.display_name = display_name
    if identity_provider is not None:
        identity["identityProvider"] = identity_provider
    if tenant_id is not None:
        identity["tenantId"] = tenant_id
    return identity


def user(
    user_id: str,
    *,
    identity_provider: str | None = None,
    tenant_id: str | None = None,
    display_name: str | None = None,
) -> IdentitySet:
    """A Microsoft Entra (or other provider's) user: ``{"user": {"id": ..., "identityProvider": ...}}``."""
    return IdentitySet(
        user=_identity(
            user_id,
            display_name=display_name,
            identity_provider=identity_provider,
            tenant_id=tenant_id,
            kind="user",
        )
    )


def application(app_id: str, *, display_name: str | None = None, tenant_id: str | None = None) -> IdentitySet:
    """An application (a bot): ``{"application": {"id": ..., "displayName": ...}}``."""
    return IdentitySet(
        application=_identity(app_id, display_name=display_name, tenant_id=tenant_id, kind="application")
    )


def phone(number: str, *, display_name: str | None = None) -> IdentitySet:
    """A PSTN number in E.164 form (``+15555550100``): ``{"phone": {"id": "+15555550100"}}``."""
    expect("phone number", number, str)
    if not _E164.fullmatch(number):
        raise InvalidInputError(f"phone number {number!r} is not in E.164 form (e.g. +15555550100)")
    return IdentitySet(phone=_identity(number, display_name=display_name, kind="phone"))


def guest(guest_id: str, *, display_name: str | None = None) -> IdentitySet:
    """An anonymous guest: ``{"guest": {"id": ..., "displayName": ...}}``."""
    return IdentitySet(guest=_identity(guest_id, display_name=display_name, kind="guest"))
