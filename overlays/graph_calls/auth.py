"""Access tokens for Graph: the credential protocol, an MSAL credential and a caching token provider.

- :class:`TokenCredential` is what graph-calls needs from a credential: ``get_token(*scopes, **kwargs)``
  returning an object with ``.token`` and ``.expires_on``. azure-identity credentials fit as they are.
- :class:`MsalCredential` is the built-in one: app-only (client credentials) auth with a client secret or a
  certificate, through ``msal.ConfidentialClientApplication``.
- :class:`TokenProvider` sits between the transport and a credential: it caches the token, refreshes it
  before it expires, and makes concurrent cache misses share one credential call.

Importing this module does not import MSAL, requests or cryptography; they load when first needed. The
machinery behind :class:`MsalCredential` is private: reading the secret or certificate file
(:mod:`graph_calls._core.client_credential`) and MSAL's HTTP client over httpx
(:mod:`graph_calls._core.msal_http`).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from graph_calls._constants import DEFAULT_REFRESH_MARGIN_S, TOKEN_REQUEST_TIMEOUT_S
from graph_calls._core.client_credential import client_credential, require_text, seal
from graph_calls._tls import VerifyTypes, ssl_context
from graph_calls.errors import AuthenticationError, InvalidInputError

if TYPE_CHECKING:
    import asyncio

    from graph_calls._core.msal_http import MsalHttpClient, TokenAnswer

__all__ = [
    "DEFAULT_REFRESH_MARGIN_S",
    "AccessToken",
    "AccessTokenLike",
    "MsalCredential",
    "TokenCredential",
    "TokenProvider",
    "VerifyTypes",
]

"""A cached token is replaced this many seconds before it expires (as MSAL and azure-identity do)."""

# Entra errors that say "try again later" rather than "your configuration is wrong".
_TRANSIENT_AUTH_ERRORS = frozenset({"temporarily_unavailable", "server_error", "slow_down"})

# Error texts from the identity platform and MSAL are cut to these lengths (a hostile server may send
# megabytes); the error codes to this many.
_FIELD_LIMIT = 200
_REASON_LIMIT = 500
_DESCRIPTION_LIMIT = 2000
_MAX_ERROR_CODES = 10
_REDACTED = "<redacted>"
# Three base64url segments, the first two JSON objects ("eyJ" = '{"'): a client assertion or a token.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


class AccessToken(NamedTuple):
    """An access token and when it expires (epoch seconds). The repr hides the token."""

    token: str
    expires_on: int

    def __repr__(self) -> str:
        return f"AccessToken(token=<redacted>, expires_on={self.expires_on})"


class AccessTokenLike(Protocol):
    """What a credential returns: azure-core's ``AccessToken`` and ours both fit."""

    @property
    def token(self) -> str:
        """The bearer token."""
        ...

    @property
    def expires_on(self) -> int:
        """When it expires, in seconds since the epoch."""
        ...


class TokenCredential(Protocol):
    """Anything that hands out access tokens for scopes, such as an azure-identity credential.

    A claims challenge is passed as ``claims=<JSON string>`` together with ``enable_cae=True``
    (azure-identity's spelling); implementations must accept and may ignore other keyword arguments.

    Example::

        from azure.identity import ManagedIdentityCredential
        provider = TokenProvider(ManagedIdentityCredential(), ["https://graph.microsoft.com/.default"])
    """

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessTokenLike:
        """Return a token valid for ``scopes``."""
        ...


class MsalCredential:
    """App-only credential over MSAL: a client secret, or a certificate in a PEM or PFX file.

    One ``msal.ConfidentialClientApplication`` is built on the first :meth:`get_token` (it fetches the
    authority's OpenID configuration) and kept, with its token cache, for the life of this object.
    Certificate files, and a CA bundle given as ``verify``, are read and checked here, before any
    request. Neither ``repr()`` nor any error ever shows the secret, the key or the password.

    Error reporters that record the local variables of traceback frames (Sentry, rich tracebacks,
    ``pytest --showlocals``) find none of them either: no frame on the traceback of an error this class
    raises, or of the errors chained to it, holds the secret, the key, the password or a token as a local,
    inside a ``dict``/``list``/``tuple``/``set`` local, or as a plain attribute of an object local (this
    object keeps them sealed; its repr hides them). MSAL's own frames, which hold the form it posts, are never
    in that chain.

    Args:
        tenant_id: the directory (tenant) id or domain the app is registered in.
        client_id: the application (client) id.
        client_secret: the client secret; or give ``certificate_path``.
        certificate_path: a PEM file with the private key and the certificate, or a ``.pfx``/``.p12`` file.
        password: the password of an encrypted key (PEM) or of the PFX file.
        authority: the full authority URL including the tenant, https only; default
            ``https://login.microsoftonline.com/<tenant_id>``.
        verify: a CA bundle file or directory, an ``ssl.SSLContext``, or ``True`` for the system's CAs.
        timeout_s: timeout of each request to the identity platform.
        client_capabilities: e.g. ``["CP1"]`` to receive CAE tokens (and claims challenges).

    Example::

        credential = MsalCredential(tenant_id, client_id, client_secret=os.environ["BOT_SECRET"])
        token = credential.get_token("https://graph.microsoft.com/.default").token
    """

    def __init__(
        self,
        tenant_id: str,
        client_id: str,
        *,
        client_secret: str | None = None,
        certificate_path: str | os.PathLike[str] | None = None,
        password: str | None = None,
        authority: str | None = None,
        verify: VerifyTypes = True,
        timeout_s: float = TOKEN_REQUEST_TIMEOUT_S,
        client_capabilities: Sequence[str] = (),
    ) -> None:
        # Sealed first and the plain names dropped: this frame is on the traceback of every error raised
        # below, and error reporters record its locals.
        secret, passphrase = seal(client_secret), seal(password)
        del client_secret, password
        require_text("tenant_id", tenant_id)
        require_text("client_id", client_id)
        self.tenant_id = tenant_id
        self.client_id = client_id
        self.authority = _check_authority(authority or _default_authority(tenant_id))
        self._credential_kind, self._client_credential = client_credential(
            secret, certificate_path, passphrase
        )
        # What a hostile or careless server may echo back, blanked out of every error text.
        self._redacted = tuple(value for value in (secret, passphrase) if value is not None)
        self._verify = ssl_context(verify)  # read now, like the certificate: a bad path fails here
        self._timeout_s = timeout_s
        self._client_capabilities = list(client_capabilities)
        self._app: Any = None
        self._http: MsalHttpClient | None = None
        self._app_lock = threading.Lock()

    def __repr__(self) -> str:
        # getattr: error reporters call repr on the half-built object in __init__'s frame when it raises.
        return (
            f"MsalCredential(client_id={getattr(self, 'client_id', None)!r}, "
            f"authority={getattr(self, 'authority', None)!r}, "
            f"credential={getattr(self, '_credential_kind', 'unknown')})"
        )

    def get_token(self, *scopes: str, claims: str | None = None, **kwargs: Any) -> AccessToken:
        """Get an app-only token for ``scopes`` (e.g. ``https://graph.microsoft.com/.default``).

        MSAL serves it from its cache while it has more than 5 minutes left. ``claims`` (a decoded claims
        challenge, JSON) skips the cache. Other keyword arguments (``enable_cae``...) are accepted and
        ignored: CAE is enabled with ``client_capabilities=["CP1"]``.

        Raises:
            AuthenticationError: the identity platform refused (``transient=False``: fix the
                configuration), or could not be reached or failed (``transient=True``: try again).
        """
        if not scopes or not all(isinstance(scope, str) and scope for scope in scopes):
            raise InvalidInputError("get_token needs at least one non-empty scope string")
        outcome = self._request_token(list(scopes), claims)
        if isinstance(outcome, AuthenticationError):
            # Raised here, where no frame that talked to MSAL is left: see _request_token.
            raise outcome from None
        return outcome

    def close(self) -> None:
        """Close the HTTP connections to the identity platform. The token cache is dropped too."""
        with self._app_lock:
            http, self._http, self._app = self._http, None, None
        if http is not None:
            http.close()

    def __enter__(self) -> MsalCredential:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _request_token(self, scopes: list[str], claims: str | None) -> AccessToken | AuthenticationError:
        """The token, or the :class:`AuthenticationError` to raise; never raises for a failure of MSAL.

        MSAL's frames hold the client secret or the certificate's key and password in their locals (the
        credential given to the app, the form it posts). An error raised inside an ``except`` block would
        carry them in its ``__context__``, and its traceback would run through this frame and MSAL's: error
        reporters that record frame locals would upload the secret. So whatever MSAL raises is turned into
        an error here, returned, and raised by the caller once this frame and the exception are gone.
        """
        requested_at = int(time.time())
        http: MsalHttpClient | None = None
        try:
            app, http = self._application()
            http.forget_last_answer()
            result = app.acquire_token_for_client(scopes, claims_challenge=claims)
        except Exception as exc:  # anything MSAL, the network or the identity platform made of it
            return self._translate(exc, http.take_last_answer() if http is not None else None)
        if not isinstance(result, Mapping) or "access_token" not in result:
            last = http.take_last_answer()
            status = f" (HTTP {last.status})" if last is not None else ""
            answer = result if isinstance(result, Mapping) else {}
            return self._answered(f"the identity platform refused the token request{status}", answer)
        try:
            return AccessToken(str(result["access_token"]), requested_at + int(result["expires_in"]))
        except (KeyError, TypeError, ValueError):
            return self._error("the identity platform answered without a usable expires_in", transient=True)

    def _application(self) -> tuple[Any, MsalHttpClient]:
        app, http = self._app, self._http
        if app is not None and http is not None:
            return app, http
        with self._app_lock:
            if self._app is None or self._http is None:
                self._app, self._http = self._build_application()
            return self._app, self._http

    def _build_application(self) -> tuple[Any, MsalHttpClient]:
        import msal

        from graph_calls._core.msal_http import MsalHttpClient

        http = MsalHttpClient(self._verify, self._timeout_s)
        try:
            app = msal.ConfidentialClientApplication(
                self.client_id,
                client_credential=self._client_credential.reveal(),
                authority=self.authority,
                # Our cloud table pins the authority hosts; never ask login.microsoftonline.com.
                instance_discovery=False,
                # False, not None: None lets a stray MSAL_FORCE_REGION rewrite the authority host.
                azure_region=False,
                timeout=self._timeout_s,  # ignored with http_client; MsalHttpClient applies it
                http_client=http,
                client_capabilities=self._client_capabilities or None,
            )
        except BaseException:
            http.close()
            raise
        return app, http

    def _translate(self, exc: Exception, last: TokenAnswer | None) -> AuthenticationError:
        """What MSAL raised, as an AuthenticationError that keeps nothing of ``exc`` but some text.

        ``last`` is the token endpoint's answer, if there was one: MSAL drops the body of a 5xx.
        """
        import json

        import httpx
        import requests
        from msal.exceptions import MsalServiceError

        from graph_calls._core.msal_http import NonJsonAnswerError, first_line

        reason = self._clean(first_line(str(exc)), _REASON_LIMIT) or type(exc).__name__
        if isinstance(exc, NonJsonAnswerError):
            message = f"the identity platform answered HTTP {exc.status_code} with no JSON object"
            return self._error(message, transient=True)
        if isinstance(exc, json.JSONDecodeError):
            return self._error("the identity platform answered with a non-JSON body", transient=True)
        if isinstance(exc, MsalServiceError):
            if last is None:  # replayed from MSAL's throttle cache: no answer this time
                return self._error(f"the identity platform failed ({reason})", transient=True)
            message = f"the identity platform failed (HTTP {last.status})"
            return self._answered(message, last.error_body or {}, transient=True)
        if isinstance(exc, requests.exceptions.SSLError):
            return self._error(f"TLS with the identity platform failed: {reason}", transient=False)
        if isinstance(exc, requests.RequestException | httpx.TransportError):
            return self._error(f"cannot reach the identity platform: {reason}", transient=True)
        if isinstance(exc, ValueError | KeyError):
            # Mostly from reading the authority's OpenID configuration (unknown tenant, bad document).
            reason = reason.split(". ")[0]
            return self._error(f"MSAL could not make the token request: {reason}", transient=False)
        # Not an error MSAL documents: a bug, or an answer it could not digest. Say where, not what it held.
        message = f"MSAL failed: {type(exc).__name__}: {reason} (at {_innermost_line(exc)})"
        return self._error(message, transient=False)

    def _answered(
        self, message: str, answer: Mapping[str, Any], *, transient: bool | None = None
    ) -> AuthenticationError:
        """An error answer of the identity platform (Entra's JSON object) as an AuthenticationError.

        Every field is checked and cut: a hostile server may send anything, including the secret it was
        sent, which is blanked out. ``transient`` defaults to what the OAuth ``error`` says.
        """
        error = self._clean(answer.get("error"), _FIELD_LIMIT)
        return AuthenticationError(
            message,
            error=error,
            error_description=self._clean(
                answer.get("error_description"), _REASON_LIMIT, total_limit=_DESCRIPTION_LIMIT
            ),
            error_codes=_error_codes(answer.get("error_codes")),
            correlation_id=self._clean(answer.get("correlation_id"), _FIELD_LIMIT),
            trace_id=self._clean(answer.get("trace_id"), _FIELD_LIMIT),
            client_id=self.client_id,
            authority=self.authority,
            transient=error in _TRANSIENT_AUTH_ERRORS if transient is None else transient,
        )

    def _error(self, message: str, *, transient: bool) -> AuthenticationError:
        return AuthenticationError(
            message, client_id=self.client_id, authority=self.authority, transient=transient
        )

    def _clean(self, value: object, line_limit: int, *, total_limit: int | None = None) -> str | None:
        """``value`` as text fit for an error message: the secrets and anything shaped like a JWT blanked,
        control characters dropped, the first line cut to ``line_limit`` characters. With ``total_limit``
        line breaks are kept and the whole is cut to it; without, they become spaces."""
        if value is None:
            return None
        text = value if isinstance(value, str) else repr(value)
        for secret in self._redacted:
            text = text.replace(secret.reveal(), _REDACTED)
        text = _JWT.sub(_REDACTED, text)
        if total_limit is None:
            text = _CONTROL_OR_BREAK.sub(" ", text).strip()
        else:
            text = _CONTROL.sub("", text).strip()
        first, newline, rest = text.partition("\n")
        if len(first) > line_limit:
            first = first[: line_limit - 1] + "…"
        text = (first + newline + rest)[: total_limit or line_limit]
        return text or None


def _error_codes(value: object) -> list[int]:
    if not isinstance(value, list | tuple):
        return []
    codes = [
        int(code)
        for code in value
        if (isinstance(code, int) and not isinstance(code, bool))
        or (isinstance(code, str) and code.isascii() and code.isdigit() and len(code) <= 12)
    ]
    return codes[:_MAX_ERROR_CODES]


def _innermost_line(exc: BaseException) -> str:
    """``file.py:line`` where ``exc`` was raised: where to look, without keeping any frame."""
    tb = exc.__traceback__
    if tb is None:
        return "unknown"
    while tb.tb_next is not None:
        tb = tb.tb_next
    return f"{os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"


class _CachedToken(NamedTuple):
    access: AccessToken
    refresh_at: float

    def __repr__(self) -> str:
        return f"_CachedToken(access={self.access!r}, refresh_at={self.refresh_at})"


class TokenProvider:
    """Caches a credential's token for a set of scopes and refreshes it before it expires.

    ``get`` (threads) and ``aget`` (asyncio tasks) return the cached token without taking any lock while it
    is fresh. On a miss, one caller asks the credential and the others wait for that answer: a burst of
    requests makes one token request. ``aget`` runs the credential in a worker thread, so MSAL's blocking
    I/O never stalls the event loop.

    A token is fresh until ``refresh_margin_s`` before it expires; a token that lives shorter than twice the
    margin is refreshed at half its remaining life instead.

    Example::

        provider = TokenProvider(credential, ["https://graph.microsoft.com/.default"])
        headers = {"Authorization": f"Bearer {provider.get()}"}
    """

    def __init__(
        self,
        credential: TokenCredential,
        scopes: Sequence[str],
        *,
        refresh_margin_s: float = DEFAULT_REFRESH_MARGIN_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if isinstance(scopes, str) or not scopes or not all(isinstance(s, str) for s in scopes):
            raise InvalidInputError("scopes must be a non-empty sequence of strings, not a string")
        if not refresh_margin_s >= 0:
            raise InvalidInputError(f"refresh_margin_s must be >= 0, not {refresh_margin_s}")
        self.scopes: tuple[str, ...] = tuple(scopes)
        self._credential = credential
        self._refresh_margin_s = refresh_margin_s
        self._clock = clock  # wall clock: expires_on is in epoch seconds
        self._cached: _CachedToken | None = None
        self._state_lock = threading.Lock()  # guards swapping _cached; never held during I/O
        self._fetch_lock = threading.Lock()  # one credential call at a time, threads and tasks alike
        self._async_lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None

    def __repr__(self) -> str:
        return f"TokenProvider(credential={self._credential!r}, scopes={self.scopes!r})"

    def get(self, *, claims: str | None = None) -> str:
        """Return a fresh token, asking the credential only when the cached one is missing or stale.

        With ``claims`` (the decoded JSON of a claims challenge) the credential is always asked and its
        token replaces the cached one.
        """
        if claims is None and (token := self._fresh_token()) is not None:
            return token
        return self._fetch(claims)

    async def aget(self, *, claims: str | None = None) -> str:
        """Async twin of :meth:`get`: tasks share one credential call, run in a worker thread."""
        if claims is None and (token := self._fresh_token()) is not None:
            return token
        import asyncio

        async with self._lock_for_running_loop():
            if claims is None and (token := self._fresh_token()) is not None:
                return token
            return await asyncio.to_thread(self._fetch, claims)

    def invalidate(self, token: str) -> None:
        """Forget the cached token if it is ``token`` (Graph refused it); otherwise do nothing.

        Many requests may see the same 401: only the first invalidation drops the token, so they all
        share the one refetch that follows.
        """
        with self._state_lock:
            if self._cached is not None and self._cached.access.token == token:
                self._cached = None

    def _fresh_token(self) -> str | None:
        cached = self._cached  # one read: the cache is swapped whole, never edited
        if cached is not None and self._clock() < cached.refresh_at:
            return cached.access.token
        return None

    def _fetch(self, claims: str | None) -> str:
        with self._fetch_lock:
            if claims is None and (token := self._fresh_token()) is not None:
                return token  # another caller fetched it while we waited
            access = self._ask_credential(claims)
            with self._state_lock:
                self._cached = _CachedToken(access, self._refresh_at(access.expires_on))
            return access.token

    def _ask_credential(self, claims: str | None) -> AccessToken:
        kwargs: dict[str, Any] = {} if claims is None else {"claims": claims, "enable_cae": True}
        result = self._credential.get_token(*self.scopes, **kwargs)
        return AccessToken(str(result.token), int(result.expires_on))

    def _refresh_at(self, expires_on: int) -> float:
        now = self._clock()
        margin_s = min(self._refresh_margin_s, max(0.0, (expires_on - now) / 2))
        return expires_on - margin_s

    def _lock_for_running_loop(self) -> asyncio.Lock:
        import asyncio

        loop = asyncio.get_running_loop()
        current = self._async_lock
        if current is None or current[0] is not loop:
            # An asyncio.Lock belongs to one event loop; a provider may outlive a loop (tests, asyncio.run).
            current = (loop, asyncio.Lock())
            self._async_lock = current
        return current[1]


def _default_authority(tenant_id: str) -> str:
    from graph_calls._constants import CLOUDS, DEFAULT_CLOUD

    return f"{CLOUDS[DEFAULT_CLOUD].authority_host}/{tenant_id}"


def _check_authority(authority: str) -> str:
    import urllib.parse

    parts = urllib.parse.urlsplit(authority)
    if parts.scheme != "https" or not parts.hostname or parts.path.strip("/") == "":
        raise InvalidInputError(
            f"authority must be an https URL with the tenant in its path, not {authority!r}"
        )
    return authority.rstrip("/")
