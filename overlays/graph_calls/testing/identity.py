"""A fake Microsoft identity platform (Entra ID) for app-only auth, served over local HTTPS.

:class:`FakeIdentityPlatform` answers what MSAL's ``ConfidentialClientApplication`` sends for the
client-credentials flow (OpenID discovery, JWKS, the v2.0 token endpoint) with a client secret or a
certificate, issues RS256 access tokens for Graph, and answers with Entra-shaped errors. It also
stands in for the calling platform's notification signer (the ``api.aps.skype.com`` OpenID
configuration and keys) and mints the tokens Graph puts on callback notifications.

Example::

    with FakeIdentityPlatform() as fake:
        client = fake.register_client(client_secret="s3cret")
        session = requests.Session()
        session.verify = fake.ca_bundle
        app = msal.ConfidentialClientApplication(
            client.client_id, client_credential="s3cret", authority=fake.authority,
            instance_discovery=False, http_client=session)
        result = app.acquire_token_for_client(["https://graph.microsoft.com/.default"])
        claims = fake.validate_access_token(result["access_token"])

The pieces behind it are private: ``_idp_app`` (the routes and the state they share with this class),
``_idp_clients`` (client authentication), ``_idp_tokens`` (signing keys and token claims) and
``_idp_errors`` (Entra's error answers).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Final

from starlette.applications import Starlette

from graph_calls.testing._idp_app import IdentityState, build_app
from graph_calls.testing._idp_clients import ASSERTION_ALGORITHMS as ASSERTION_ALGORITHMS
from graph_calls.testing._idp_clients import DEFAULT_SCOPE_SUFFIX as DEFAULT_SCOPE_SUFFIX
from graph_calls.testing._idp_clients import JWT_BEARER_ASSERTION_TYPE as JWT_BEARER_ASSERTION_TYPE
from graph_calls.testing._idp_clients import RESERVED_SCOPES as RESERVED_SCOPES
from graph_calls.testing._idp_clients import AuthMethod as AuthMethod
from graph_calls.testing._idp_clients import RegisteredClient, TokenRequestRecord, client_with_certificate
from graph_calls.testing._idp_errors import NO_STORE_HEADERS as NO_STORE_HEADERS
from graph_calls.testing._idp_errors import Fault
from graph_calls.testing._idp_tokens import (
    DEFAULT_CALLBACK_ISSUER,
    SigningKey,
    callback_token_claims,
    verify_access_token,
)
from graph_calls.testing._server import ServerThread
from graph_calls.testing._tls import TestCA

__all__ = [
    "DEFAULT_ROLES",
    "GRAPH_AUDIENCE",
    "FakeIdentityPlatform",
    "RegisteredClient",
    "TokenRequestRecord",
]

GRAPH_AUDIENCE: Final = "https://graph.microsoft.com"
DEFAULT_ROLES: Final = (
    "Calls.AccessMedia.All",
    "Calls.Initiate.All",
    "Calls.InitiateGroupCall.All",
    "Calls.JoinGroupCall.All",
    "Calls.JoinGroupCallAsGuest.All",
)
DEFAULT_ACCESS_TOKEN_LIFETIME_S: Final = 3599


class FakeIdentityPlatform:
    """A local, HTTPS-only stand-in for Entra ID's v2.0 endpoints and the callback token signer.

    Start it (or use it as a context manager), register clients, and point MSAL at
    :attr:`authority` with ``instance_discovery=False`` and an HTTP client that trusts
    :attr:`ca_bundle`. Counters (:attr:`token_requests`, :attr:`token_request_log`,
    :attr:`callback_key_fetches`) and faults (:meth:`fail_next`, :attr:`token_delay_s`) let tests
    see and shape what the SDK does; :meth:`reset` clears them between tests.

    Platforms in one process start with the same signing keys (made once, as Entra ID's are shared
    by its tenants): tokens still name their tenant and app, and :meth:`rotate_callback_key` makes
    a key of this platform's own.

    Attributes:
        access_token_lifetime_s: ``expires_in`` of issued tokens (MSAL treats < 300 s as expired).
        token_delay_s: seconds every token request waits before being answered.
    """

    def __init__(self, *, tenant_id: str | None = None, ca: TestCA | None = None) -> None:
        self._given_ca = ca
        self._owned_ca: TestCA | None = None
        self._server: ServerThread | None = None
        # Clients, keys, faults and counters, shared with the endpoints that serve them.
        self._state = IdentityState(tenant_id or str(uuid.uuid4()), DEFAULT_ACCESS_TOKEN_LIFETIME_S)
        self.app: Starlette = build_app(self._state)
        """The ASGI app, should a test want to serve it some other way."""

    def __repr__(self) -> str:
        where = self._server.base_url if self._server else "stopped"
        return f"FakeIdentityPlatform(tenant_id={self.tenant_id!r}, {where})"

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeIdentityPlatform:
        """Serve over HTTPS on an ephemeral 127.0.0.1 port; return once it accepts connections."""
        if self._server is not None:
            raise RuntimeError("FakeIdentityPlatform is already running")
        ca = self._given_ca or self._own_ca()
        server = ServerThread(self.app, certfile=ca.server_certfile, keyfile=ca.server_keyfile)
        try:
            server.start()
        except RuntimeError:
            self._close_owned_ca()
            raise
        self._server = server
        return self

    def stop(self) -> None:
        """Stop serving and delete the CA files if this platform made its own CA."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
        self._close_owned_ca()

    def __enter__(self) -> FakeIdentityPlatform:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _own_ca(self) -> TestCA:
        self._owned_ca = TestCA()
        return self._owned_ca

    def _close_owned_ca(self) -> None:
        ca, self._owned_ca = self._owned_ca, None
        if ca is not None:
            ca.close()

    # -- addresses -------------------------------------------------------------------------------

    @property
    def tenant_id(self) -> str:
        """The one tenant this platform knows (a random GUID unless given)."""
        return self._state.tenant_id

    @property
    def access_token_lifetime_s(self) -> float:
        """``expires_in`` of issued tokens (MSAL treats < 300 s as expired)."""
        return self._state.access_token_lifetime_s

    @access_token_lifetime_s.setter
    def access_token_lifetime_s(self, value: float) -> None:
        self._state.access_token_lifetime_s = value

    @property
    def token_delay_s(self) -> float:
        """Seconds every token request waits before being answered."""
        return self._state.token_delay_s

    @token_delay_s.setter
    def token_delay_s(self, value: float) -> None:
        self._state.token_delay_s = value

    @property
    def authority_host(self) -> str:
        """``https://127.0.0.1:PORT``. Raises ``RuntimeError`` unless running."""
        if self._server is None:
            raise RuntimeError("FakeIdentityPlatform is not running")
        return self._server.base_url

    @property
    def authority(self) -> str:
        """``https://127.0.0.1:PORT/<tenant_id>``: MSAL's ``authority``."""
        return f"{self.authority_host}/{self.tenant_id}"

    @property
    def token_endpoint(self) -> str:
        """The v2.0 token endpoint URL (also the ``aud`` of client assertions)."""
        return f"{self.authority}/oauth2/v2.0/token"

    @property
    def ca_bundle(self) -> str:
        """Path of the PEM CA certificate that signed the server certificate."""
        ca = self._given_ca or self._owned_ca
        if ca is None:
            raise RuntimeError("FakeIdentityPlatform is not running (its CA is made by start())")
        return ca.ca_bundle

    @property
    def callback_openid_config_url(self) -> str:
        """Stand-in for ``https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration``."""
        return f"{self.authority_host}/v1/.well-known/OpenIdConfiguration"

    # -- clients and counters --------------------------------------------------------------------

    def register_client(
        self,
        client_id: str | None = None,
        *,
        client_secret: str | None = None,
        certificate_pem: bytes | None = None,
        roles: Sequence[str] = DEFAULT_ROLES,
    ) -> RegisteredClient:
        """Register (or replace) an app with a secret, a certificate, or both.

        ``client_id`` defaults to a random GUID. Without a secret or a certificate a random secret
        is made. The returned record carries the secret; its repr does not show it.
        """
        if client_secret is None and certificate_pem is None:
            client_secret = secrets.token_urlsafe(32)
        registered = RegisteredClient(
            client_id=client_id or str(uuid.uuid4()),
            client_secret=client_secret,
            roles=tuple(roles),
            object_id=str(uuid.uuid4()),
        )
        client = client_with_certificate(registered, certificate_pem)
        with self._state.lock:
            self._state.clients[registered.client_id] = client
        return registered

    @property
    def token_requests(self) -> int:
        """How many POSTs reached the token endpoint since start or :meth:`reset`."""
        return self._state.token_requests

    @property
    def token_request_log(self) -> list[TokenRequestRecord]:
        """A copy of the records of token requests, oldest first."""
        with self._state.lock:
            return list(self._state.token_request_log)

    @property
    def callback_key_fetches(self) -> int:
        """How many GETs reached ``/v1/keys`` since start or :meth:`reset`."""
        return self._state.callback_key_fetches

    def reset(self) -> None:
        """Clear counters, the log, pending faults, ``token_delay_s`` and the token lifetime.

        Registered clients and signing keys are kept.
        """
        state = self._state
        with state.lock:
            state.token_requests = 0
            state.token_request_log.clear()
            state.faults.clear()
            state.callback_key_fetches = 0
        self.token_delay_s = 0.0
        self.access_token_lifetime_s = DEFAULT_ACCESS_TOKEN_LIFETIME_S

    def fail_next(
        self,
        n: int = 1,
        *,
        error: str | None = "invalid_client",
        status: int | None = None,
        delay_s: float = 0.0,
    ) -> None:
        """Make the next ``n`` token requests fail, or be slow.

        - ``fail_next()``: an Entra-shaped ``invalid_client`` (401). Any OAuth ``error`` works;
          its status is 401 for ``invalid_client``, 503 for ``temporarily_unavailable``, else 400.
        - ``fail_next(status=429, error="temporarily_unavailable")``: that error with that status.
        - ``fail_next(status=500, error=None)``: HTTP 500 with a small HTML page.
        - ``fail_next(delay_s=2, error=None)``: wait 2 s, then answer normally.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        if delay_s < 0:
            raise ValueError("delay_s must not be negative")
        if error is None and status is None and delay_s == 0:
            raise ValueError("give an error, a status or a delay to inject")
        with self._state.lock:
            self._state.faults.extend(Fault(error, status, delay_s) for _ in range(n))

    # -- access tokens ---------------------------------------------------------------------------

    def validate_access_token(self, token: str, *, audience: str = GRAPH_AUDIENCE) -> dict[str, Any]:
        """Verify an access token this platform issued and return its claims.

        Checks the signature (RS256, this platform's key), ``iss``, ``aud``, ``exp`` and ``nbf``.
        Raises ``ValueError`` with the reason (never the token) otherwise.
        """
        return verify_access_token(token, self._state.token_key, tenant_id=self.tenant_id, audience=audience)

    # -- callback-notification signer -------------------------------------------------------------

    def mint_callback_token(
        self,
        *,
        audience: str,
        tenant_id: str | None,
        issuer: str = DEFAULT_CALLBACK_ISSUER,
        lifetime_s: float = 3600,
        not_before_offset_s: float = 0,
        kid: str | None = None,
        extra_claims: Mapping[str, Any] | None = None,
    ) -> str:
        """Mint the bearer token Graph sends with a callback notification (RS256).

        Signed with the current callback key, or with the published key ``kid`` (``ValueError``
        if no such key is published). ``tid`` is left out when ``tenant_id`` is None;
        ``extra_claims`` are added last and may override any claim.
        """
        key = self._callback_key(kid)
        claims = callback_token_claims(
            audience=audience,
            tenant_id=tenant_id,
            issuer=issuer,
            lifetime_s=lifetime_s,
            not_before_offset_s=not_before_offset_s,
            extra_claims=extra_claims,
        )
        return key.sign(claims)

    def rotate_callback_key(self, *, drop_old: bool = False) -> str:
        """Make a new current callback signing key and return its kid.

        Older keys stay published at ``/v1/keys`` unless ``drop_old`` is true.
        """
        new_key = SigningKey.generate()
        with self._state.lock:
            if drop_old:
                self._state.callback_keys.clear()
            self._state.callback_keys.append(new_key)
        return new_key.kid

    @property
    def callback_kids(self) -> list[str]:
        """The kids published at ``/v1/keys``, the current one last."""
        with self._state.lock:
            return [key.kid for key in self._state.callback_keys]

    def _callback_key(self, kid: str | None) -> SigningKey:
        with self._state.lock:
            if kid is None:
                return self._state.callback_keys[-1]
            for key in self._state.callback_keys:
                if key.kid == kid:
                    return key
        raise ValueError("no published callback key has that kid")
