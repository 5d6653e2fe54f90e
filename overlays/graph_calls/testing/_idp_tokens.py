"""Tokens of the fake identity platform: its RS256 signing keys, the access tokens it issues for Graph
and the callback tokens the calling platform puts on notifications.

Each :class:`SigningKey` is published as a JWK (``/{tenant}/discovery/v2.0/keys`` for access tokens,
``/v1/keys`` for callback tokens) and signs with its ``kid`` in the header.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

if TYPE_CHECKING:
    from graph_calls.testing._idp_clients import AuthMethod, RegisteredClient

__all__ = [
    "DEFAULT_CALLBACK_ISSUER",
    "SigningKey",
    "access_token_claims",
    "access_token_issuer",
    "callback_token_claims",
    "verify_access_token",
]

DEFAULT_CALLBACK_ISSUER: Final = "https://api.botframework.com"
_ALGORITHM: Final = "RS256"
# SigningKey.initial's per-process keys (a cache: what it holds never changes once made).
_INITIAL_KEYS: dict[str, SigningKey] = {}
_INITIAL_KEYS_LOCK = threading.Lock()


@dataclass(frozen=True)
class SigningKey:
    """An RS256 key pair published under ``kid``. The repr never shows the private key."""

    kid: str
    private_key: rsa.RSAPrivateKey = field(repr=False)

    @classmethod
    def generate(cls) -> SigningKey:
        """A fresh 2048-bit key with a random kid."""
        return cls(secrets.token_urlsafe(16), rsa.generate_private_key(65537, 2048))

    @classmethod
    def initial(cls, purpose: str) -> SigningKey:
        """This process's first key for ``purpose`` (``"access"``, ``"callback"``), made once.

        Every platform in the process starts with it, as every tenant of Entra ID shares its signing
        keys: an RSA key takes 40-120 ms to make, which would otherwise be most of what starting
        a platform costs. Tokens still name their tenant (``iss``, ``tid``) and app (``aud``).
        """
        with _INITIAL_KEYS_LOCK:
            key = _INITIAL_KEYS.get(purpose)
            if key is None:
                key = _INITIAL_KEYS[purpose] = cls.generate()
            return key

    def jwk(self) -> dict[str, Any]:
        """The public key as a JWKS entry."""
        key = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {**key, "kid": self.kid, "use": "sig", "alg": _ALGORITHM}

    def sign(self, claims: Mapping[str, Any]) -> str:
        """A compact JWT of ``claims``, signed RS256 with ``kid`` in its header."""
        return jwt.encode(dict(claims), self.private_key, algorithm=_ALGORITHM, headers={"kid": self.kid})


def access_token_issuer(tenant_id: str) -> str:
    """The ``iss`` of the tenant's v1 access tokens (what Entra puts in app-only Graph tokens)."""
    return f"https://sts.windows.net/{tenant_id}/"


def access_token_claims(
    client: RegisteredClient,
    *,
    tenant_id: str,
    audience: str,
    auth_method: AuthMethod | None,
    lifetime_s: int,
) -> dict[str, Any]:
    """The claims of an app-only access token for ``client``, as Entra issues them for Graph."""
    now = int(time.time())
    issuer = access_token_issuer(tenant_id)
    return {
        "aud": audience,
        "iss": issuer,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime_s,
        "appid": client.client_id,
        "azp": client.client_id,
        "appidacr": "2" if auth_method == "certificate" else "1",
        "idp": issuer,
        "idtyp": "app",
        "oid": client.object_id,
        "sub": client.object_id,
        "roles": list(client.roles),
        "tid": tenant_id,
        "uti": secrets.token_urlsafe(16),
        "ver": "1.0",
    }


def verify_access_token(token: str, key: SigningKey, *, tenant_id: str, audience: str) -> dict[str, Any]:
    """The claims of a token ``key`` signed for ``audience``; else ``ValueError`` (not quoting it)."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError as exc:
        raise ValueError(f"malformed access token: {exc}") from exc
    if kid != key.kid:
        raise ValueError("access token not signed by this platform (unknown kid)")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key.private_key.public_key(),
            algorithms=[_ALGORITHM],
            audience=audience,
            issuer=access_token_issuer(tenant_id),
            options={"require": ["exp", "nbf", "iat", "aud", "iss"]},
        )
    except jwt.PyJWTError as exc:
        raise ValueError(f"access token rejected: {exc}") from exc
    return claims


def callback_token_claims(
    *,
    audience: str,
    tenant_id: str | None,
    issuer: str,
    lifetime_s: float,
    not_before_offset_s: float,
    extra_claims: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The claims of a callback notification's token; ``tid`` left out when ``tenant_id`` is None."""
    now = time.time()
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "iat": int(now),
        "nbf": int(now + not_before_offset_s),
        "exp": int(now + lifetime_s),
    }
    if tenant_id is not None:
        claims["tid"] = tenant_id
    claims.update(extra_claims or {})
    return claims
