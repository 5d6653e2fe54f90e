"""Clients of the fake identity platform, and how its token endpoint authenticates them.

An app is registered with a client secret and/or a certificate (:class:`RegisteredClient`; the fake keeps
it as a :class:`Client` with the certificate's thumbprints). :func:`authenticate` checks a token
request's credential as Entra does: the secret in constant time, or the client assertion's thumbprint
header, ``x5c`` leaf, signature, ``aud``, ``iss``/``sub`` and ``exp``. Each request is written down as a
:class:`TokenRequestRecord`, without its credential. Failures raise :class:`OAuthError`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from graph_calls.testing._idp_errors import OAuthError

__all__ = [
    "ASSERTION_ALGORITHMS",
    "DEFAULT_SCOPE_SUFFIX",
    "JWT_BEARER_ASSERTION_TYPE",
    "RESERVED_SCOPES",
    "Attempt",
    "AuthMethod",
    "Client",
    "RegisteredClient",
    "TokenRequestRecord",
    "audience_from_scope",
    "authenticate",
    "check_grant_type",
    "client_with_certificate",
]

JWT_BEARER_ASSERTION_TYPE: Final = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_ALGORITHMS: Final = ("RS256", "PS256")
# OIDC scopes MSAL may add to a request; they name no resource.
RESERVED_SCOPES: Final = frozenset({"openid", "profile", "offline_access"})
DEFAULT_SCOPE_SUFFIX: Final = "/.default"

AuthMethod = Literal["secret", "certificate"]


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
class Attempt:
    """The token request being answered; filled in as it is checked, then logged."""

    client_id: str | None
    scope: str | None
    claims: str | None
    auth_method: AuthMethod | None = None
    assertion_alg: str | None = None
    assertion_thumbprint_header: str | None = None

    def record(self, outcome: str, status: int, *, fault: bool = False) -> TokenRequestRecord:
        """The log entry for this request, answered with ``outcome`` and ``status``."""
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
class Client:
    """A registered app as the token endpoint checks it: with its certificate's key and thumbprints."""

    registered: RegisteredClient
    certificate_der: bytes | None
    public_key: rsa.RSAPublicKey | None
    sha1_thumbprint: str | None  # base64url, no padding, as in x5t
    sha256_thumbprint: str | None  # base64url, no padding, as in x5t#S256


def authenticate(
    form: Mapping[str, str],
    endpoint: str,
    attempt: Attempt,
    find_client: Callable[[str], Client | None],
) -> RegisteredClient:
    """The client a token request authenticates as; fills in ``attempt`` along the way.

    ``endpoint`` is the token endpoint's public URL (the ``aud`` a client assertion must carry).
    """
    secret, assertion = form.get("client_secret"), form.get("client_assertion")
    if secret is not None and assertion is not None:
        raise OAuthError("two_credentials")
    if attempt.client_id is None and assertion is not None:
        # client_id may be left out with an assertion: it names the client itself.
        attempt.client_id = _unverified_issuer(assertion)
    if not attempt.client_id:
        raise OAuthError("missing_parameter", detail="client_id")
    client = find_client(attempt.client_id)
    if client is None:
        raise OAuthError("unknown_client")
    if assertion is not None:
        attempt.auth_method = "certificate"
        _check_assertion_type(form.get("client_assertion_type"))
        _verify_assertion(assertion, client, endpoint, attempt)
    elif secret is not None:
        attempt.auth_method = "secret"
        _verify_secret(secret, client.registered)
    else:
        raise OAuthError("missing_credential")
    return client.registered


def check_grant_type(form: Mapping[str, str]) -> None:
    """Only the client-credentials grant is served."""
    grant_type = form.get("grant_type")
    if not grant_type:
        raise OAuthError("missing_parameter", detail="grant_type")
    if grant_type != "client_credentials":
        raise OAuthError("unsupported_grant_type", detail=grant_type)


def _check_assertion_type(assertion_type: str | None) -> None:
    if assertion_type != JWT_BEARER_ASSERTION_TYPE:
        raise OAuthError("bad_assertion_type", detail=assertion_type or "")


def audience_from_scope(scope: str | None) -> str:
    """``https://graph.microsoft.com/.default`` → ``https://graph.microsoft.com``."""
    if not scope:
        raise OAuthError("missing_parameter", detail="scope")
    resources = [item for item in scope.split() if item not in RESERVED_SCOPES]
    if len(resources) != 1 or not resources[0].endswith(DEFAULT_SCOPE_SUFFIX):
        raise OAuthError("invalid_scope", detail=scope)
    audience = resources[0].removesuffix(DEFAULT_SCOPE_SUFFIX).rstrip("/")
    if not audience:
        raise OAuthError("invalid_scope", detail=scope)
    return audience


def _verify_secret(secret: str, client: RegisteredClient) -> None:
    expected = client.client_secret
    if expected is None or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise OAuthError("bad_secret")


def _unverified_issuer(assertion: str) -> str | None:
    try:
        issuer = jwt.decode(assertion, options={"verify_signature": False}).get("iss")
    except jwt.PyJWTError:
        return None
    return issuer if isinstance(issuer, str) else None


def _verify_assertion(assertion: str, client: Client, endpoint: str, attempt: Attempt) -> None:
    """Check a client assertion as Entra does: thumbprint, x5c, signature, aud, iss, sub, exp."""
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.PyJWTError:
        raise OAuthError("malformed_assertion") from None
    alg = header.get("alg")
    attempt.assertion_alg = alg if isinstance(alg, str) else None
    if alg not in ASSERTION_ALGORITHMS:
        raise OAuthError("malformed_assertion")
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
        raise OAuthError(_assertion_error_kind(exc), detail=endpoint) from None
    if claims.get("sub") != client_id:
        raise OAuthError("bad_issuer")


def _check_certificate(header: Mapping[str, Any], client: Client, attempt: Attempt) -> rsa.RSAPublicKey:
    """Match the assertion's thumbprint header (and x5c leaf, if sent) to the registered cert."""
    name = "x5t#S256" if "x5t#S256" in header else "x5t"
    expected = client.sha256_thumbprint if name == "x5t#S256" else client.sha1_thumbprint
    sent = header.get(name)
    attempt.assertion_thumbprint_header = name if sent is not None else None
    # MSAL pads its base64url thumbprints with "="; compare without.
    sent_thumbprint = sent.rstrip("=") if isinstance(sent, str) else ""
    if client.public_key is None or expected is None or sent_thumbprint != expected:
        raise OAuthError("certificate_not_registered", detail=sent_thumbprint)
    chain = header.get("x5c")
    if chain is not None and not _leaf_matches(chain, client.certificate_der):
        raise OAuthError("certificate_not_registered", detail=sent_thumbprint)
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


def client_with_certificate(registered: RegisteredClient, certificate_pem: bytes | None) -> Client:
    """The client as the token endpoint checks it; ``ValueError`` unless the certificate is RSA."""
    if certificate_pem is None:
        return Client(registered, None, None, None, None)
    certificate = x509.load_pem_x509_certificate(certificate_pem)
    public_key = certificate.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise ValueError("only RSA certificates are supported (as by MSAL and Entra)")
    der = certificate.public_bytes(serialization.Encoding.DER)
    return Client(
        registered,
        der,
        public_key,
        _b64url(hashlib.sha1(der).digest()),  # noqa: S324 - a thumbprint, not security
        _b64url(hashlib.sha256(der).digest()),
    )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
