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
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import http
import secrets
import threading
import time
import urllib.parse
import uuid
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType, TracebackType
from typing import Any, Final, Literal

import anyio
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

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
DEFAULT_CALLBACK_ISSUER: Final = "https://api.botframework.com"
JWT_BEARER_ASSERTION_TYPE: Final = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_ALGORITHMS: Final = ("RS256", "PS256")
# OIDC scopes MSAL may add to a request; they name no resource.
RESERVED_SCOPES: Final = frozenset({"openid", "profile", "offline_access"})
DEFAULT_SCOPE_SUFFIX: Final = "/.default"
NO_STORE_HEADERS: Final = MappingProxyType({"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})

AuthMethod = Literal["secret", "certificate"]


@dataclass(frozen=True)
class _Aadsts:
    """One Entra error answer: HTTP status, OAuth ``error``, AADSTS code and message template."""

    status: int
    error: str
    code: int
    text: str  # str.format() template; fields: client_id, tenant, detail


# Texts follow Entra's where known. The assertion audience/issuer codes are approximations
# (real Entra answers for those cases were not checked against a live tenant).
_ERRORS: Final[Mapping[str, _Aadsts]] = MappingProxyType(
    {
        "tenant_not_found": _Aadsts(
            400,
            "invalid_tenant",
            90002,
            "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and "
            "are signing into the correct cloud.",
        ),
        "missing_parameter": _Aadsts(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: '{detail}'.",
        ),
        "unsupported_grant_type": _Aadsts(
            400,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type '{detail}'.",
        ),
        "unknown_client": _Aadsts(
            400,
            "unauthorized_client",
            700016,
            "Application with identifier '{client_id}' was not found in the directory '{tenant}'. "
            "This can happen if the application has not been installed by the administrator of "
            "the tenant or consented to by any user in the tenant. You may have sent your "
            "authentication request to the wrong tenant.",
        ),
        "missing_credential": _Aadsts(
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        ),
        "two_credentials": _Aadsts(
            400,
            "invalid_request",
            7000218,
            "The request body must contain only one of the following parameters: "
            "'client_assertion' or 'client_secret'.",
        ),
        "bad_secret": _Aadsts(
            401,
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the "
            "client secret value, not the client secret ID, for a secret added to app "
            "'{client_id}'.",
        ),
        "bad_assertion_type": _Aadsts(
            400,
            "invalid_request",
            50027,
            "Invalid client_assertion_type '{detail}'.",
        ),
        "malformed_assertion": _Aadsts(401, "invalid_client", 50027, "JWT token is invalid or malformed."),
        "certificate_not_registered": _Aadsts(
            401,
            "invalid_client",
            700027,
            "The certificate with identifier used to sign the client assertion is not registered "
            "on application. [Reason - The key was not found., Thumbprint of key used by client: "
            "'{detail}']",
        ),
        "bad_signature": _Aadsts(
            401, "invalid_client", 700027, "Client assertion failed signature validation."
        ),
        "bad_audience": _Aadsts(
            401,
            "invalid_client",
            700027,
            "Client assertion contains an invalid audience claim. Expected '{detail}'.",
        ),
        "bad_issuer": _Aadsts(
            401,
            "invalid_client",
            700021,
            "Client assertion application identifier doesn't match 'client_id' parameter.",
        ),
        "expired_assertion": _Aadsts(
            401,
            "invalid_client",
            700024,
            "Client assertion is not within its valid time range.",
        ),
        "invalid_scope": _Aadsts(
            400,
            "invalid_scope",
            1002012,
            "The provided value for scope {detail} is not valid. Client credential flows must "
            "have a scope value with /.default suffixed to the resource identifier "
            "(application ID URI).",
        ),
    }
)
# Codes for faults injected by fail_next(), by OAuth error.
_FAULT_CODES: Final[Mapping[str, int]] = MappingProxyType(
    {
        "invalid_client": 7000215,
        "unauthorized_client": 700016,
        "invalid_request": 900144,
        "invalid_scope": 1002012,
        "temporarily_unavailable": 90033,
    }
)
_FAULT_DEFAULT_CODE: Final = 50000
_FAULT_TEXT: Final = "Fault injected by FakeIdentityPlatform.fail_next()."


@dataclass(frozen=True)
class RegisteredClient:
    """An app registered with the fake platform. The repr never shows the secret."""

    client_id: str
    client_secret: str | None = field(repr=False)
    roles: tuple[str, ...]
    object_id: str
    """The service principal's object id: the ``oid`` and ``sub`` of its access tokens."""


@dataclass(frozen=True)
class TokenRequestRecord:
    """What one POST to the token endpoint asked for and how it was answered (no credentials)."""

    client_id: str | None
    auth_method: AuthMethod | None
    scope: str | None
    claims: str | None
    outcome: str
    """``"issued"``, the OAuth ``error`` answered, or ``"http_<status>"`` for a non-OAuth body."""
    status: int
    fault: bool
    """Whether the answer was injected by :meth:`FakeIdentityPlatform.fail_next`."""
    assertion_alg: str | None = None
    """For certificate auth: the assertion's ``alg`` header (MSAL: ``PS256`` or ``RS256``)."""
    assertion_thumbprint_header: str | None = None
    """For certificate auth: ``"x5t#S256"`` or ``"x5t"``, whichever the assertion carried."""


@dataclass
class _Attempt:
    """The token request being answered; filled in as it is checked, then logged."""

    client_id: str | None
    scope: str | None
    claims: str | None
    auth_method: AuthMethod | None = None
    assertion_alg: str | None = None
    assertion_thumbprint_header: str | None = None

    def record(self, outcome: str, status: int, *, fault: bool = False) -> TokenRequestRecord:
        return TokenRequestRecord(
            client_id=self.client_id,
            auth_method=self.auth_method,
            scope=self.scope,
            claims=self.claims,
            outcome=outcome,
            status=status,
            fault=fault,
            assertion_alg=self.assertion_alg,
            assertion_thumbprint_header=self.assertion_thumbprint_header,
        )


@dataclass(frozen=True)
class _Client:
    registered: RegisteredClient
    certificate_der: bytes | None
    public_key: rsa.RSAPublicKey | None
    sha1_thumbprint: str | None  # base64url, no padding, as in x5t
    sha256_thumbprint: str | None  # base64url, no padding, as in x5t#S256


@dataclass(frozen=True)
class _Fault:
    error: str | None
    status: int | None
    delay_s: float


@dataclass(frozen=True)
class _SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey = field(repr=False)

    @classmethod
    def generate(cls) -> _SigningKey:
        return cls(secrets.token_urlsafe(16), rsa.generate_private_key(65537, 2048))

    def jwk(self) -> dict[str, Any]:
        key = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {**key, "kid": self.kid, "use": "sig", "alg": "RS256"}

    def sign(self, claims: Mapping[str, Any]) -> str:
        return jwt.encode(dict(claims), self.private_key, algorithm="RS256", headers={"kid": self.kid})


class _OAuthError(Exception):
    """An Entra error answer to send; the message is the error name only (no request data)."""

    def __init__(self, kind: str, *, detail: str = "") -> None:
        super().__init__(kind)
        self.answer = _ERRORS[kind]
        self.detail = detail


class FakeIdentityPlatform:
    """A local, HTTPS-only stand-in for Entra ID's v2.0 endpoints and the callback token signer.

    Start it (or use it as a context manager), register clients, and point MSAL at
    :attr:`authority` with ``instance_discovery=False`` and an HTTP client that trusts
    :attr:`ca_bundle`. Counters (:attr:`token_requests`, :attr:`token_request_log`,
    :attr:`callback_key_fetches`) and faults (:meth:`fail_next`, :attr:`token_delay_s`) let tests
    see and shape what the SDK does; :meth:`reset` clears them between tests.

    Attributes:
        access_token_lifetime_s: ``expires_in`` of issued tokens (MSAL treats < 300 s as expired).
        token_delay_s: seconds every token request waits before being answered.
    """

    def __init__(self, *, tenant_id: str | None = None, ca: TestCA | None = None) -> None:
        self._tenant_id = tenant_id or str(uuid.uuid4())
        self._given_ca = ca
        self._owned_ca: TestCA | None = None
        self._server: ServerThread | None = None
        self._lock = threading.Lock()
        self._clients: dict[str, _Client] = {}
        self._token_key = _SigningKey.generate()
        self._callback_keys: list[_SigningKey] = [_SigningKey.generate()]  # last one is current
        self._faults: deque[_Fault] = deque()
        self._token_requests = 0
        self._token_request_log: list[TokenRequestRecord] = []
        self._callback_key_fetches = 0
        self.access_token_lifetime_s: float = DEFAULT_ACCESS_TOKEN_LIFETIME_S
        self.token_delay_s: float = 0.0
        self.app: Starlette = self._build_app()
        """The ASGI app, should a test want to serve it some other way."""

    def __repr__(self) -> str:
        where = self._server.base_url if self._server else "stopped"
        return f"FakeIdentityPlatform(tenant_id={self._tenant_id!r}, {where})"

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
        return self._tenant_id

    @property
    def authority_host(self) -> str:
        """``https://127.0.0.1:PORT``. Raises ``RuntimeError`` unless running."""
        if self._server is None:
            raise RuntimeError("FakeIdentityPlatform is not running")
        return self._server.base_url

    @property
    def authority(self) -> str:
        """``https://127.0.0.1:PORT/<tenant_id>``: MSAL's ``authority``."""
        return f"{self.authority_host}/{self._tenant_id}"

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
        client = _client_with_certificate(registered, certificate_pem)
        with self._lock:
            self._clients[registered.client_id] = client
        return registered

    @property
    def token_requests(self) -> int:
        """How many POSTs reached the token endpoint since start or :meth:`reset`."""
        return self._token_requests

    @property
    def token_request_log(self) -> list[TokenRequestRecord]:
        """A copy of the records of token requests, oldest first."""
        with self._lock:
            return list(self._token_request_log)

    @property
    def callback_key_fetches(self) -> int:
        """How many GETs reached ``/v1/keys`` since start or :meth:`reset`."""
        return self._callback_key_fetches

    def reset(self) -> None:
        """Clear counters, the log, pending faults, ``token_delay_s`` and the token lifetime.

        Registered clients and signing keys are kept.
        """
        with self._lock:
            self._token_requests = 0
            self._token_request_log.clear()
            self._faults.clear()
            self._callback_key_fetches = 0
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
        with self._lock:
            self._faults.extend(_Fault(error, status, delay_s) for _ in range(n))

    # -- access tokens ---------------------------------------------------------------------------

    def validate_access_token(self, token: str, *, audience: str = GRAPH_AUDIENCE) -> dict[str, Any]:
        """Verify an access token this platform issued and return its claims.

        Checks the signature (RS256, this platform's key), ``iss``, ``aud``, ``exp`` and ``nbf``.
        Raises ``ValueError`` with the reason (never the token) otherwise.
        """
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise ValueError(f"malformed access token: {exc}") from exc
        if kid != self._token_key.kid:
            raise ValueError("access token not signed by this platform (unknown kid)")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._token_key.private_key.public_key(),
                algorithms=["RS256"],
                audience=audience,
                issuer=self._access_token_issuer,
                options={"require": ["exp", "nbf", "iat", "aud", "iss"]},
            )
        except jwt.PyJWTError as exc:
            raise ValueError(f"access token rejected: {exc}") from exc
        return claims

    @property
    def _access_token_issuer(self) -> str:
        return f"https://sts.windows.net/{self._tenant_id}/"

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
        return key.sign(claims)

    def rotate_callback_key(self, *, drop_old: bool = False) -> str:
        """Make a new current callback signing key and return its kid.

        Older keys stay published at ``/v1/keys`` unless ``drop_old`` is true.
        """
        new_key = _SigningKey.generate()
        with self._lock:
            if drop_old:
                self._callback_keys.clear()
            self._callback_keys.append(new_key)
        return new_key.kid

    @property
    def callback_kids(self) -> list[str]:
        """The kids published at ``/v1/keys``, the current one last."""
        with self._lock:
            return [key.kid for key in self._callback_keys]

    def _callback_key(self, kid: str | None) -> _SigningKey:
        with self._lock:
            if kid is None:
                return self._callback_keys[-1]
            for key in self._callback_keys:
                if key.kid == kid:
                    return key
        raise ValueError("no published callback key has that kid")

    # -- HTTP ------------------------------------------------------------------------------------

    def _build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route(
                    "/{tenant}/v2.0/.well-known/openid-configuration",
                    self._openid_configuration,
                    methods=["GET"],
                ),
                Route("/{tenant}/discovery/v2.0/keys", self._token_keys, methods=["GET"]),
                Route("/{tenant}/oauth2/v2.0/token", self._token, methods=["POST"]),
                Route(
                    "/v1/.well-known/OpenIdConfiguration",
                    self._callback_openid_configuration,
                    methods=["GET"],
                ),
                Route("/v1/keys", self._callback_keys_endpoint, methods=["GET"]),
            ]
        )

    async def _openid_configuration(self, request: Request) -> Response:
        tenant = request.path_params["tenant"]
        if not self._is_our_tenant(tenant):
            return _error_response(_OAuthError("tenant_not_found"), request, tenant=tenant)
        base = f"{_public_origin(request)}/{tenant}"
        return JSONResponse(
            {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "jwks_uri": f"{base}/discovery/v2.0/keys",
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "private_key_jwt",
                    "client_secret_basic",
                ],
                "response_types_supported": ["code", "id_token", "code id_token", "token id_token"],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "tenant_region_scope": "NA",
                "cloud_instance_name": "microsoftonline.com",
            }
        )

    async def _token_keys(self, request: Request) -> Response:
        tenant = request.path_params["tenant"]
        if not self._is_our_tenant(tenant):
            return _error_response(_OAuthError("tenant_not_found"), request, tenant=tenant)
        return JSONResponse({"keys": [self._token_key.jwk()]})

    async def _callback_openid_configuration(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": DEFAULT_CALLBACK_ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{_public_origin(request)}/v1/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _callback_keys_endpoint(self, request: Request) -> Response:
        with self._lock:
            self._callback_key_fetches += 1
            keys = [key.jwk() for key in self._callback_keys]
        return JSONResponse({"keys": keys})

    async def _token(self, request: Request) -> Response:
        fault = self._count_token_request()
        delay_s = self.token_delay_s + (fault.delay_s if fault else 0.0)
        if delay_s > 0:
            await anyio.sleep(delay_s)
        form = await _read_form(request)
        attempt = _Attempt(form.get("client_id"), form.get("scope"), form.get("claims"))
        tenant = request.path_params["tenant"]
        if fault is not None and (fault.error is not None or fault.status is not None):
            response, outcome = _fault_response(fault, request)
            self._log(attempt.record(outcome, response.status_code, fault=True))
            return response
        try:
            body = self._issue(tenant, form, _public_url(request), attempt)
        except _OAuthError as err:
            self._log(attempt.record(err.answer.error, err.answer.status))
            return _error_response(err, request, tenant=tenant, client_id=attempt.client_id)
        self._log(attempt.record("issued", 200))
        return JSONResponse(body, headers=dict(NO_STORE_HEADERS))

    def _count_token_request(self) -> _Fault | None:
        with self._lock:
            self._token_requests += 1
            return self._faults.popleft() if self._faults else None

    def _log(self, record: TokenRequestRecord) -> None:
        with self._lock:
            self._token_request_log.append(record)

    def _is_our_tenant(self, tenant: str) -> bool:
        return tenant.lower() == self._tenant_id.lower()

    # -- the client-credentials grant ------------------------------------------------------------

    def _issue(
        self, tenant: str, form: Mapping[str, str], endpoint: str, attempt: _Attempt
    ) -> dict[str, Any]:
        if not self._is_our_tenant(tenant):
            raise _OAuthError("tenant_not_found")
        _check_grant_type(form)
        client = self._authenticate(form, endpoint, attempt)
        audience = _audience_from_scope(form.get("scope"))
        lifetime_s = int(self.access_token_lifetime_s)
        return {
            "token_type": "Bearer",
            "expires_in": lifetime_s,
            "ext_expires_in": lifetime_s,
            "access_token": self._access_token(client, audience, attempt.auth_method, lifetime_s),
        }

    def _authenticate(self, form: Mapping[str, str], endpoint: str, attempt: _Attempt) -> RegisteredClient:
        secret, assertion = form.get("client_secret"), form.get("client_assertion")
        if secret is not None and assertion is not None:
            raise _OAuthError("two_credentials")
        if attempt.client_id is None and assertion is not None:
            # client_id may be left out with an assertion: it names the client itself.
            attempt.client_id = _unverified_issuer(assertion)
        if not attempt.client_id:
            raise _OAuthError("missing_parameter", detail="client_id")
        client = self._client(attempt.client_id)
        if assertion is not None:
            attempt.auth_method = "certificate"
            _check_assertion_type(form.get("client_assertion_type"))
            _verify_assertion(assertion, client, endpoint, attempt)
        elif secret is not None:
            attempt.auth_method = "secret"
            _verify_secret(secret, client.registered)
        else:
            raise _OAuthError("missing_credential")
        return client.registered

    def _client(self, client_id: str) -> _Client:
        with self._lock:
            client = self._clients.get(client_id)
        if client is None:
            raise _OAuthError("unknown_client")
        return client

    def _access_token(
        self,
        client: RegisteredClient,
        audience: str,
        auth_method: AuthMethod | None,
        lifetime_s: int,
    ) -> str:
        now = int(time.time())
        issuer = self._access_token_issuer
        return self._token_key.sign(
            {
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
                "tid": self._tenant_id,
                "uti": secrets.token_urlsafe(16),
                "ver": "1.0",
            }
        )


# -- request checks (raise _OAuthError) ----------------------------------------------------------


def _check_grant_type(form: Mapping[str, str]) -> None:
    grant_type = form.get("grant_type")
    if not grant_type:
        raise _OAuthError("missing_parameter", detail="grant_type")
    if grant_type != "client_credentials":
        raise _OAuthError("unsupported_grant_type", detail=grant_type)


def _check_assertion_type(assertion_type: str | None) -> None:
    if assertion_type != JWT_BEARER_ASSERTION_TYPE:
        raise _OAuthError("bad_assertion_type", detail=assertion_type or "")


def _audience_from_scope(scope: str | None) -> str:
    """``https://graph.microsoft.com/.default`` → ``https://graph.microsoft.com``."""
    if not scope:
        raise _OAuthError("missing_parameter", detail="scope")
    resources = [item for item in scope.split() if item not in RESERVED_SCOPES]
    if len(resources) != 1 or not resources[0].endswith(DEFAULT_SCOPE_SUFFIX):
        raise _OAuthError("invalid_scope", detail=scope)
    audience = resources[0].removesuffix(DEFAULT_SCOPE_SUFFIX).rstrip("/")
    if not audience:
        raise _OAuthError("invalid_scope", detail=scope)
    return audience


def _verify_secret(secret: str, client: RegisteredClient) -> None:
    expected = client.client_secret
    if expected is None or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise _OAuthError("bad_secret")


def _unverified_issuer(assertion: str) -> str | None:
    try:
        issuer = jwt.decode(assertion, options={"verify_signature": False}).get("iss")
    except jwt.PyJWTError:
        return None
    return issuer if isinstance(issuer, str) else None


def _verify_assertion(assertion: str, client: _Client, endpoint: str, attempt: _Attempt) -> None:
    """Check a client assertion as Entra does: thumbprint, x5c, signature, aud, iss, sub, exp."""
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.PyJWTError:
        raise _OAuthError("malformed_assertion") from None
    alg = header.get("alg")
    attempt.assertion_alg = alg if isinstance(alg, str) else None
    if alg not in ASSERTION_ALGORITHMS:
        raise _OAuthError("malformed_assertion")
    public_key = _check_certificate(header, client, attempt)
    client_id = client.registered.client_id
    try:
        claims = jwt.decode(
            assertion,
            public_key,
            algorithms=[alg],
            audience=endpoint,
            issuer=client_id,
            options={"require": ["exp", "aud", "iss", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise _OAuthError(_assertion_error_kind(exc), detail=endpoint) from None
    if claims.get("sub") != client_id:
        raise _OAuthError("bad_issuer")


def _check_certificate(header: Mapping[str, Any], client: _Client, attempt: _Attempt) -> rsa.RSAPublicKey:
    """Match the assertion's thumbprint header (and x5c leaf, if sent) to the registered cert."""
    name = "x5t#S256" if "x5t#S256" in header else "x5t"
    expected = client.sha256_thumbprint if name == "x5t#S256" else client.sha1_thumbprint
    sent = header.get(name)
    attempt.assertion_thumbprint_header = name if sent is not None else None
    # MSAL pads its base64url thumbprints with "="; compare without.
    sent_thumbprint = sent.rstrip("=") if isinstance(sent, str) else ""
    if client.public_key is None or expected is None or sent_thumbprint != expected:
        raise _OAuthError("certificate_not_registered", detail=sent_thumbprint)
    chain = header.get("x5c")
    if chain is not None and not _leaf_matches(chain, client.certificate_der):
        raise _OAuthError("certificate_not_registered", detail=sent_thumbprint)
    return client.public_key


def _leaf_matches(chain: Any, certificate_der: bytes | None) -> bool:
    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        return False
    # MSAL sends the PEM body, line breaks included; Entra accepts that, so ignore whitespace.
    leaf = "".join(chain[0].split())
    try:
        return base64.b64decode(leaf, validate=True) == certificate_der
    except ValueError:
        return False


def _assertion_error_kind(exc: jwt.PyJWTError) -> str:
    if isinstance(exc, jwt.ExpiredSignatureError | jwt.ImmatureSignatureError):
        return "expired_assertion"
    if isinstance(exc, jwt.InvalidAudienceError):
        return "bad_audience"
    if isinstance(exc, jwt.InvalidIssuerError):
        return "bad_issuer"
    if isinstance(exc, jwt.InvalidSignatureError):
        return "bad_signature"
    return "malformed_assertion"


# -- helpers -------------------------------------------------------------------------------------


def _client_with_certificate(registered: RegisteredClient, certificate_pem: bytes | None) -> _Client:
    if certificate_pem is None:
        return _Client(registered, None, None, None, None)
    certificate = x509.load_pem_x509_certificate(certificate_pem)
    public_key = certificate.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise ValueError("only RSA certificates are supported (as by MSAL and Entra)")
    der = certificate.public_bytes(serialization.Encoding.DER)
    return _Client(
        registered,
        der,
        public_key,
        _b64url(hashlib.sha1(der).digest()),  # noqa: S324 - a thumbprint, not security
        _b64url(hashlib.sha256(der).digest()),
    )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


async def _read_form(request: Request) -> dict[str, str]:
    """The urlencoded body as a dict (first value wins); {} for any other content type."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return {}
    body = (await request.body()).decode("utf-8", "replace")
    form: dict[str, str] = {}
    for name, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
        form.setdefault(name, value)
    return form


def _public_origin(request: Request) -> str:
    # Always https: MSAL refuses http authorities and endpoints.
    return f"https://{request.url.netloc}"


def _public_url(request: Request) -> str:
    return f"{_public_origin(request)}{request.url.path}"


def _error_response(
    err: _OAuthError, request: Request, *, tenant: str, client_id: str | None = None
) -> Response:
    answer = err.answer
    text = answer.text.format(client_id=client_id or "", tenant=tenant, detail=err.detail)
    body = _entra_error_body(answer.error, answer.code, text, request)
    return JSONResponse(body, status_code=answer.status, headers=dict(NO_STORE_HEADERS))


def _fault_response(fault: _Fault, request: Request) -> tuple[Response, str]:
    """The injected answer and the outcome to log for it."""
    if fault.error is None:
        status = fault.status or 500
        phrase = _reason_phrase(status)
        page = f"<html><head><title>{status} {phrase}</title></head><body>{phrase}</body></html>"
        return HTMLResponse(page, status_code=status), f"http_{status}"
    status = fault.status or _fault_status(fault.error)
    code = _FAULT_CODES.get(fault.error, _FAULT_DEFAULT_CODE)
    body = _entra_error_body(fault.error, code, _FAULT_TEXT, request)
    return JSONResponse(body, status_code=status, headers=dict(NO_STORE_HEADERS)), fault.error


def _fault_status(error: str) -> int:
    if error == "invalid_client":
        return 401
    if error == "temporarily_unavailable":
        return 503
    return 400


def _reason_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _entra_error_body(error: str, code: int, text: str, request: Request) -> dict[str, Any]:
    """Entra's error JSON; the correlation id echoes the client's ``client-request-id``."""
    trace_id = str(uuid.uuid4())
    correlation_id = _correlation_id(request)
    timestamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    description = (
        f"AADSTS{code}: {text}\r\nTrace ID: {trace_id}\r\n"
        f"Correlation ID: {correlation_id}\r\nTimestamp: {timestamp}"
    )
    return {
        "error": error,
        "error_description": description,
        "error_codes": [code],
        "timestamp": timestamp,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
        "error_uri": f"https://login.microsoftonline.com/error?code={code}",
    }


def _correlation_id(request: Request) -> str:
    sent = request.headers.get("client-request-id", "")
    try:
        return str(uuid.UUID(sent))
    except ValueError:
        return str(uuid.uuid4())
