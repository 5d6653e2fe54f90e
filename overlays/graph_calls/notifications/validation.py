"""Authenticate the notifications Graph's calling platform POSTs to a bot's callback URL.

Every notification carries ``Authorization: Bearer <JWT>``. The calling platform signs the JWT
(RS256) with a key published in the JWKS its OpenID configuration points to; ``aud`` is the bot's
application id, ``iss`` one of a few fixed issuers and ``tid`` the tenant the call belongs to.
:class:`CallbackTokenValidator` checks all of that and returns the verified claims as
:class:`InboundClaims`, or raises an :class:`~graph_calls.errors.InboundAuthError` subclass saying
what was wrong. Answer those with 401/403 and do not process the body.

A token that passed is remembered (by its SHA-256, never the token itself; the most recent 256) until
it expires: the calling platform sends one token with every notification for its lifetime, about an
hour, and verifying its RS256 signature was most of what a notification cost. The same string seen
again is the same token: its signature, issuer, audience and tenant were checked on first sight and
cannot have changed. What can change is checked again on each use: expiry (with the same clock skew),
and the signing keys: a remembered token is verified afresh once the keys it was verified with are
refreshed (rotation) or too old to use, so a retired key stops working exactly as before.

PyJWT, cryptography and httpx are imported when the first token is validated, not with this module.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from graph_calls._constants import (
    CALLBACK_CLOCK_SKEW_S,
    CALLBACK_ISSUERS,
    CALLBACK_KEYS_MAX_AGE_S,
    CALLBACK_KEYS_MIN_REFRESH_S,
    CALLBACK_OPENID_CONFIG_URL,
)
from graph_calls._tls import ssl_context
from graph_calls.errors import (
    AlgorithmNotAllowedError,
    InvalidAudienceError,
    InvalidInputError,
    InvalidIssuerError,
    InvalidSignatureError,
    MalformedTokenError,
    MissingTenantError,
    MissingTokenError,
    SigningKeysUnavailableError,
    TenantNotAllowedError,
    TokenExpiredError,
    TokenNotYetValidError,
    UnknownSigningKeyError,
)

if TYPE_CHECKING:
    import ssl

    import httpx
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

__all__ = ["CallbackTokenValidator", "InboundClaims"]

# The only algorithm the calling platform signs with. Pinned here, never taken from the token or
# from the OpenID configuration (which lists "RSA256", sic).
_ALGORITHM: Final = "RS256"
# Published keys weaker than this are ignored, as if they were not in the JWKS.
_MIN_RSA_KEY_BITS: Final = 2048
# Private members of an RSA JWK (RFC 7518, 6.3.2): never read, so a published private key is only public.
_PRIVATE_JWK_MEMBERS: Final = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth"})
# Attacker-controlled header values quoted in error messages are cut to this length.
_QUOTE_MAX_CHARS: Final = 64
# How many validated tokens are remembered (least recently used forgotten first). Graph sends a bot
# one token at a time, per tenant its calls are in; 256 covers a busy multi-tenant bot.
_MAX_REMEMBERED_TOKENS: Final = 256


@dataclass(frozen=True)
class InboundClaims:
    """The verified claims of an inbound notification's token.

    Attributes:
        tenant_id: the ``tid`` claim: the tenant the call belongs to (use it to answer).
        app_id: the bot's application id the token was issued for (its ``aud``).
        issuer: the ``iss`` claim, as sent.
        expires_at: the ``exp`` claim, as an aware UTC datetime.
        claims: every claim of the token (left out of the repr to keep logs short).
    """

    tenant_id: str
    app_id: str
    issuer: str
    expires_at: datetime
    claims: dict[str, Any] = field(repr=False, hash=False)


class _KeyFetchError(Exception):
    """The signing keys could not be fetched or read (surfaces as SigningKeysUnavailableError)."""


@dataclass(frozen=True)
class _KeySet:
    """Signing keys by ``kid``, and when (``time.monotonic()``) they were fetched."""

    keys: Mapping[str, RSAPublicKey]
    fetched_at: float


@dataclass(frozen=True, slots=True)
class _Remembered:
    """A token that passed: its claims, its ``exp`` as PyJWT read it, and the keys it was verified with."""

    inbound: InboundClaims
    expires_at_s: int
    key_set: _KeySet


class CallbackTokenValidator:
    """Check the ``Authorization`` header of a notification POSTed to a bot's callback URL.

    The signing keys are fetched from ``openid_config_url`` (its ``jwks_uri``) on first use and
    cached. They are fetched again when older than ``max_keys_age_s``, or when a token names an
    unknown ``kid`` — at most once per ``min_refresh_interval_s`` across all requests, and
    concurrent requests share one fetch. A failed fetch never lets a token through: it raises
    :class:`~graph_calls.errors.SigningKeysUnavailableError`.

    Use one validator per bot (application id) and cloud, for the life of the app; it is
    thread-safe and may serve sync and async code at once.

    Args:
        app_id: the bot's application (client) id; the token's ``aud`` must be it.
        openid_config_url: the calling platform's OpenID configuration (per cloud).
        issuers: accepted ``iss`` values; one trailing ``/`` is ignored on both sides.
        allowed_tenants: if given, only tokens whose ``tid`` is one of these pass (compared
            case-insensitively).
        clock_skew_s: leeway for ``exp``, ``nbf`` and ``iat``.
        verify: TLS verification for the key fetches: ``True``, ``False``, an ``ssl.SSLContext``, or
            the path of a CA bundle file or directory (read here; a missing one is an
            :class:`~graph_calls.errors.InvalidInputError`).
        min_refresh_interval_s: least time between two key fetches caused by unknown ``kid``
            values (a failed fetch is not retried sooner either).
        max_keys_age_s: keys older than this are fetched again before use.
        http_timeout_s: timeout of each key fetch request.

    Example::

        validator = CallbackTokenValidator("11111111-2222-3333-4444-555555555555")

        async def callback(request: starlette.requests.Request) -> Response:
            try:
                inbound = await validator.avalidate_headers(request.headers)
            except InboundAuthError:
                return Response(status_code=401)
            handle(inbound.tenant_id, await request.json())
            return Response(status_code=202)
    """

    def __init__(
        self,
        app_id: str,
        *,
        openid_config_url: str = CALLBACK_OPENID_CONFIG_URL,
        issuers: Iterable[str] = CALLBACK_ISSUERS,
        allowed_tenants: Iterable[str] | None = None,
        clock_skew_s: float = CALLBACK_CLOCK_SKEW_S,
        verify: str | ssl.SSLContext | bool = True,
        min_refresh_interval_s: float = CALLBACK_KEYS_MIN_REFRESH_S,
        max_keys_age_s: float = CALLBACK_KEYS_MAX_AGE_S,
        http_timeout_s: float = 10.0,
    ) -> None:
        if not isinstance(app_id, str) or not app_id.strip():
            raise InvalidInputError("app_id must be the bot's application (client) id")
        if urlsplit(openid_config_url).scheme not in ("https", "http"):
            raise InvalidInputError("openid_config_url must be an https (or http) URL")
        issuer_set = _string_set(issuers, "issuers")
        tenant_set = None if allowed_tenants is None else _string_set(allowed_tenants, "allowed_tenants")
        if clock_skew_s < 0 or min_refresh_interval_s < 0:
            raise InvalidInputError("clock_skew_s and min_refresh_interval_s must not be negative")
        if max_keys_age_s <= 0 or http_timeout_s <= 0:
            raise InvalidInputError("max_keys_age_s and http_timeout_s must be positive")

        self.app_id: Final = app_id
        self.openid_config_url: Final = openid_config_url
        self.issuers: Final = frozenset(issuer_set)
        self.allowed_tenants: Final = None if tenant_set is None else frozenset(t.lower() for t in tenant_set)
        self.clock_skew_s: Final = float(clock_skew_s)
        self.min_refresh_interval_s: Final = float(min_refresh_interval_s)
        self.max_keys_age_s: Final = float(max_keys_age_s)
        self.http_timeout_s: Final = float(http_timeout_s)
        # Read once, here: a missing or unreadable CA bundle is a configuration error, not a key outage.
        self._ssl_verify = ssl_context(verify)
        self._comparable_issuers = frozenset(_strip_slash(i) for i in issuer_set)

        # Key cache. `_key_set` is replaced whole, so a lock-free read sees a consistent snapshot;
        # every write happens under `_refresh_lock`, which also makes concurrent refreshes share one
        # fetch.
        self._refresh_lock = threading.Lock()
        self._key_set: _KeySet | None = None
        self._last_attempt_at: float | None = None
        self._last_failure: str | None = None
        self._generation = 0  # bumped after every fetch attempt
        # Validated tokens: SHA-256 of the token → what it was verified as, least recently used first.
        self._remembered: OrderedDict[bytes, _Remembered] = OrderedDict()
        self._remembered_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(app_id={self.app_id!r}, openid_config_url={self.openid_config_url!r})"

    # Public API

    def validate(self, authorization: str | None) -> InboundClaims:
        """Validate a raw ``Authorization`` header value (``"Bearer <jwt>"``) and return its claims.

        May block on a key fetch. Raises an :class:`~graph_calls.errors.InboundAuthError` subclass.
        """
        token = _bearer_token(authorization)
        digest = _digest(token)
        remembered = self._recall(digest)
        if remembered is not None:
            return remembered
        kid = _token_kid(token)
        seen_generation = self._generation
        key = self._cached_key(kid)
        if key is None:
            key = self._resolve_key(kid, seen_generation)
        return self._verify_and_remember(token, digest, kid, key)

    async def avalidate(self, authorization: str | None) -> InboundClaims:
        """Async twin of :meth:`validate`; a key fetch runs in a worker thread."""
        token = _bearer_token(authorization)
        digest = _digest(token)
        remembered = self._recall(digest)
        if remembered is not None:
            return remembered
        kid = _token_kid(token)
        seen_generation = self._generation
        key = self._cached_key(kid)
        if key is None:
            from anyio import to_thread

            key = await to_thread.run_sync(self._resolve_key, kid, seen_generation)
        return self._verify_and_remember(token, digest, kid, key)

    def validate_headers(self, headers: Mapping[str, str]) -> InboundClaims:
        """Like :meth:`validate`, given the request headers (``Authorization`` in any case).

        Example: ``validator.validate_headers(request.headers)``.
        """
        return self.validate(_authorization_header(headers))

    async def avalidate_headers(self, headers: Mapping[str, str]) -> InboundClaims:
        """Async twin of :meth:`validate_headers`."""
        return await self.avalidate(_authorization_header(headers))

    # Remembered tokens

    def _recall(self, digest: bytes) -> InboundClaims | None:
        """The claims of a token validated before, if it is still valid and its keys still current."""
        with self._remembered_lock:
            remembered = self._remembered.get(digest)
            if remembered is None:
                return None
            key_set = self._key_set
            if (
                # PyJWT's expiry rule, with the same leeway: exp <= now - leeway is expired.
                remembered.expires_at_s <= time.time() - self.clock_skew_s
                or remembered.key_set is not key_set
                or self._is_stale(key_set, time.monotonic())
            ):
                del self._remembered[digest]  # checked in full again (and refused, if it expired)
                return None
            self._remembered.move_to_end(digest)
        return _copy(remembered.inbound)

    def _verify_and_remember(self, token: str, digest: bytes, kid: str, key: RSAPublicKey) -> InboundClaims:
        inbound = self._verify_token(token, key)
        key_set = self._key_set
        if key_set is not None and key_set.keys.get(kid) is key:  # else the keys changed meanwhile
            remembered = _Remembered(_copy(inbound), int(inbound.claims["exp"]), key_set)
            with self._remembered_lock:
                self._remembered[digest] = remembered
                self._remembered.move_to_end(digest)
                while len(self._remembered) > _MAX_REMEMBERED_TOKENS:
                    self._remembered.popitem(last=False)
        return inbound

    # Token checks

    def _verify_token(self, token: str, key: RSAPublicKey) -> InboundClaims:
        import jwt

        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[_ALGORITHM],
                audience=self.app_id,
                leeway=self.clock_skew_s,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenExpiredError("the token has expired") from None
        except jwt.ImmatureSignatureError:
            raise TokenNotYetValidError("the token is not valid yet") from None
        except jwt.InvalidAudienceError:
            raise InvalidAudienceError("the token was not issued for this app id") from None
        except jwt.InvalidSignatureError:
            raise InvalidSignatureError("the signature does not verify") from None
        except jwt.InvalidAlgorithmError:  # unreachable after _token_kid; kept as a second lock
            raise AlgorithmNotAllowedError(f"only {_ALGORITHM} is allowed") from None
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise MalformedTokenError(f"the token is invalid ({_describe(exc)})") from None

        issuer = claims.get("iss")
        if not isinstance(issuer, str) or _strip_slash(issuer) not in self._comparable_issuers:
            raise InvalidIssuerError(f"issuer {_quote(issuer)} is not accepted")
        tenant_id = claims.get("tid")
        if not isinstance(tenant_id, str) or not tenant_id.strip():
            raise MissingTenantError("the token has no tid claim")
        if self.allowed_tenants is not None and tenant_id.lower() not in self.allowed_tenants:
            raise TenantNotAllowedError(f"tenant {_quote(tenant_id)} is not allowed")
        try:
            # PyJWT accepted exp as int(exp); read it the same way.
            expires_at = datetime.fromtimestamp(int(claims["exp"]), tz=UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            raise MalformedTokenError("the exp claim is out of range") from None
        return InboundClaims(
            tenant_id=tenant_id,
            app_id=self.app_id,
            issuer=issuer,
            expires_at=expires_at,
            claims=claims,
        )

    # Signing keys

    def _cached_key(self, kid: str) -> RSAPublicKey | None:
        """The key for ``kid`` if the cached keys are fresh and hold it, else ``None``."""
        key_set = self._key_set
        if key_set is None or self._is_stale(key_set, time.monotonic()):
            return None
        return key_set.keys.get(kid)

    def _is_stale(self, key_set: _KeySet, now: float) -> bool:
        return now - key_set.fetched_at >= self.max_keys_age_s

    def _resolve_key(self, kid: str, seen_generation: int) -> RSAPublicKey:
        """Find ``kid``'s key, fetching the keys if needed and allowed. Blocking.

        ``seen_generation`` is the fetch generation the caller saw before it missed the cache: a
        fetch that finished since (while this thread waited for the lock) is used, not repeated.
        """
        with self._refresh_lock:
            now = time.monotonic()
            fetched_meanwhile = self._generation != seen_generation
            key_set = self._key_set
            if key_set is None or self._is_stale(key_set, now):
                if self._last_failure is not None and (fetched_meanwhile or self._within_min_interval(now)):
                    # Fail fast rather than hammer a failing endpoint and stall every request on it.
                    raise SigningKeysUnavailableError(f"{self._last_failure} (recently; not retried yet)")
                key_set = self._refresh(now)
            elif kid not in key_set.keys and not fetched_meanwhile and not self._within_min_interval(now):
                key_set = self._refresh(now)
        key = key_set.keys.get(kid)
        if key is None:
            raise UnknownSigningKeyError(f"no signing key with kid {_quote(kid)}")
        return key

    def _within_min_interval(self, now: float) -> bool:
        last = self._last_attempt_at
        return last is not None and now - last < self.min_refresh_interval_s

    def _refresh(self, now: float) -> _KeySet:
        """Fetch the keys (caller holds ``_refresh_lock``); keep the old ones if the fetch fails."""
        self._last_attempt_at = now
        try:
            keys = self._fetch_keys()
        except _KeyFetchError as exc:
            self._last_failure = str(exc)
            raise SigningKeysUnavailableError(self._last_failure) from exc
        finally:
            self._generation += 1
        self._last_failure = None
        self._key_set = _KeySet(keys, time.monotonic())
        return self._key_set

    def _fetch_keys(self) -> dict[str, RSAPublicKey]:
        """GET the OpenID configuration, then its ``jwks_uri``; return the RSA keys by ``kid``.

        Raises :class:`_KeyFetchError` for anything that went wrong.
        """
        import httpx

        with httpx.Client(verify=self._ssl_verify, timeout=self.http_timeout_s) as client:
            config = _get_json(client, self.openid_config_url, "OpenID configuration")
            jwks_uri = config.get("jwks_uri")
            if not isinstance(jwks_uri, str) or not jwks_uri:
                raise _KeyFetchError(f"the OpenID configuration at {self.openid_config_url} has no jwks_uri")
            if urlsplit(self.openid_config_url).scheme == "https" and urlsplit(jwks_uri).scheme != "https":
                raise _KeyFetchError(
                    f"the OpenID configuration at {self.openid_config_url} points to a non-https jwks_uri"
                )
            jwks = _get_json(client, jwks_uri, "signing keys")
        keys = _signing_keys(jwks.get("keys"))
        if not keys:
            raise _KeyFetchError(f"the JWKS at {jwks_uri} holds no usable RSA signing key")
        return keys


def _get_json(client: httpx.Client, url: str, what: str) -> dict[str, Any]:
    import httpx

    try:
        response = client.get(url, headers={"Accept": "application/json"})
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _KeyFetchError(f"could not fetch the {what} from {url} ({type(exc).__name__})") from exc
    if response.status_code != 200:
        raise _KeyFetchError(f"fetching the {what} from {url} answered HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError as exc:
        raise _KeyFetchError(f"the {what} at {url} is not JSON") from exc
    if not isinstance(body, dict):
        raise _KeyFetchError(f"the {what} at {url} is not a JSON object")
    return body


def _signing_keys(jwks: object) -> dict[str, RSAPublicKey]:
    """The RSA signature keys of a JWKS ``keys`` list, by ``kid``; entries that are no such key are skipped.

    PyJWT's :class:`jwt.PyJWK` reads each entry, with the algorithm pinned to RS256 whatever the entry's
    own ``alg`` says, so an entry of another ``kty`` (``oct``, ``EC``...) or with damaged numbers is
    refused by PyJWT and skipped here, never failing the whole set. Also skipped: a ``use`` other than
    ``sig``, a missing or repeated ``kid`` (the first wins) and keys shorter than 2048 bits. Only public
    members reach PyJWT, so a published private key still yields just its public half.
    """
    import jwt
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

    keys: dict[str, RSAPublicKey] = {}
    if not isinstance(jwks, list):
        return keys
    for entry in jwks:
        if not isinstance(entry, dict):
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or not kid or kid in keys or entry.get("use", "sig") != "sig":
            continue
        try:
            jwk = jwt.PyJWK(_public_members(entry), algorithm=_ALGORITHM)
        except (jwt.PyJWTError, ValueError, TypeError):
            continue
        if isinstance(jwk.key, RSAPublicKey) and jwk.key.key_size >= _MIN_RSA_KEY_BITS:
            keys[kid] = jwk.key
    return keys


def _public_members(entry: dict[str, Any]) -> dict[str, Any]:
    """``entry`` without private members; ``n`` and ``e`` taken from its ``x5c`` certificate if absent.

    PyJWT reads RSA keys from ``n`` and ``e`` only; a JWKS may publish a key as a certificate alone.
    """
    public = {name: value for name, value in entry.items() if name not in _PRIVATE_JWK_MEMBERS}
    if isinstance(public.get("n"), str) and isinstance(public.get("e"), str):
        return public
    numbers = _x5c_public_numbers(public.get("x5c"))
    return public if numbers is None else {**public, **numbers}


def _x5c_public_numbers(x5c: object) -> dict[str, str] | None:
    """``n`` and ``e`` (base64url) of the RSA key of the first certificate in ``x5c``, or ``None``."""
    import base64
    import binascii

    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    from jwt.utils import to_base64url_uint

    if not isinstance(x5c, list) or not x5c or not isinstance(x5c[0], str):
        return None
    try:
        key = x509.load_der_x509_certificate(base64.b64decode(x5c[0], validate=True)).public_key()
    except (binascii.Error, ValueError):
        return None
    if not isinstance(key, RSAPublicKey):
        return None
    numbers = key.public_numbers()
    return {"n": to_base64url_uint(numbers.n).decode(), "e": to_base64url_uint(numbers.e).decode()}


def _bearer_token(authorization: str | None) -> str:
    """The JWT of a ``Bearer <jwt>`` header value, after checking the header's shape."""
    if authorization is None or not authorization.strip():
        raise MissingTokenError("no Authorization header")
    parts = authorization.split()
    if parts[0].lower() != "bearer":
        raise MissingTokenError("the Authorization header is not a Bearer token")
    if len(parts) != 2:
        raise MalformedTokenError("the Authorization header must be 'Bearer <token>'")
    return parts[1]


def _token_kid(token: str) -> str:
    """The ``kid`` of a JWT's header, after checking its algorithm (before any key is looked up)."""
    import jwt

    try:
        header = jwt.get_unverified_header(token)
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise MalformedTokenError(f"the token cannot be parsed ({_describe(exc)})") from None
    # Checked before any key lookup: an unsigned or HMAC token never reaches a key.
    alg = header.get("alg")
    if alg != _ALGORITHM:
        raise AlgorithmNotAllowedError(f"alg {_quote(alg)} is not allowed; only {_ALGORITHM}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise MalformedTokenError("the token header has no kid")
    return kid


def _copy(inbound: InboundClaims) -> InboundClaims:
    """The same claims in a dict of their own: each request gets one, as from a first validation."""
    return InboundClaims(
        inbound.tenant_id, inbound.app_id, inbound.issuer, inbound.expires_at, dict(inbound.claims)
    )


def _digest(token: str) -> bytes:
    """What a validated token is remembered by: its SHA-256 (the token itself is not kept)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()


def _authorization_header(headers: Mapping[str, str]) -> str | None:
    """The ``Authorization`` value of ``headers``, matched case-insensitively.

    Several ``Authorization`` headers are refused as malformed rather than picking one.
    """
    values = [value for name, value in headers.items() if name.lower() == "authorization"]
    if len(values) > 1:
        raise MalformedTokenError("several Authorization headers")
    return values[0] if values else None


def _string_set(values: Iterable[str], name: str) -> frozenset[str]:
    items = (values,) if isinstance(values, str) else tuple(values)
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise InvalidInputError(f"{name} must be one or more non-empty strings")
    return frozenset(items)


def _strip_slash(value: str) -> str:
    return value.removesuffix("/")


def _quote(value: object) -> str:
    """A short repr of an attacker-controlled value, for error messages."""
    text = repr(value)
    return text if len(text) <= _QUOTE_MAX_CHARS else text[: _QUOTE_MAX_CHARS - 3] + "..."


def _describe(exc: BaseException) -> str:
    """The class and first line of a PyJWT error (they quote no token), cut short."""
    message = str(exc).splitlines()[0] if str(exc) else ""
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text[:120]
