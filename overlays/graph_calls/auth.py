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
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from graph_calls._constants import DEFAULT_REFRESH_MARGIN_S, TOKEN_REQUEST_TIMEOUT_S
from graph_calls._core.client_credential import client_credential, require_text
from graph_calls._tls import VerifyTypes, ssl_context
from graph_calls.errors import AuthenticationError, InvalidInputError

if TYPE_CHECKING:
    import asyncio

    from graph_calls._core.msal_http import MsalHttpClient

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
        require_text("tenant_id", tenant_id)
        require_text("client_id", client_id)
        self.tenant_id = tenant_id
        self.client_id = client_id
        self.authority = _check_authority(authority or _default_authority(tenant_id))
        self._credential_kind, self._client_credential = client_credential(
            client_secret, certificate_path, password
        )
        self._verify = ssl_context(verify)  # read now, like the certificate: a bad path fails here
        self._timeout_s = timeout_s
        self._client_capabilities = list(client_capabilities)
        self._app: Any = None
        self._http: MsalHttpClient | None = None
        self._app_lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"MsalCredential(client_id={self.client_id!r}, authority={self.authority!r}, "
            f"credential={self._credential_kind})"
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
        requested_at = int(time.time())
        result = self._acquire(list(scopes), claims)
        if "access_token" not in result:
            raise self._refusal(result)
        return AccessToken(str(result["access_token"]), requested_at + int(result["expires_in"]))

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

    def _acquire(self, scopes: list[str], claims: str | None) -> dict[str, Any]:
        try:
            result: dict[str, Any] = self._application().acquire_token_for_client(
                scopes, claims_challenge=claims
            )
        except Exception as exc:
            error = self._translate(exc)
            if error is None:
                raise
            raise error from exc
        return result

    def _application(self) -> Any:
        app = self._app
        if app is not None:
            return app
        with self._app_lock:
            if self._app is None:
                self._app, self._http = self._build_application()
            return self._app

    def _build_application(self) -> tuple[Any, MsalHttpClient]:
        import msal

        from graph_calls._core.msal_http import MsalHttpClient

        http = MsalHttpClient(self._verify, self._timeout_s)
        try:
            app = msal.ConfidentialClientApplication(
                self.client_id,
                client_credential=self._client_credential,
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

    def _translate(self, exc: Exception) -> AuthenticationError | None:
        """Map what MSAL raises to AuthenticationError; ``None`` for anything unexpected."""
        import json

        import httpx
        import requests
        from msal.exceptions import MsalServiceError

        from graph_calls._core.msal_http import first_line

        if isinstance(exc, json.JSONDecodeError):
            return self._error("the identity platform answered with a non-JSON body", transient=True)
        if isinstance(exc, MsalServiceError):
            return self._error(f"the identity platform failed ({exc})", transient=True)
        if isinstance(exc, requests.exceptions.SSLError):
            reason = first_line(str(exc)) or type(exc).__name__
            return self._error(f"TLS with the identity platform failed: {reason}", transient=False)
        if isinstance(exc, requests.RequestException | httpx.TransportError):
            reason = first_line(str(exc)) or type(exc).__name__
            return self._error(f"cannot reach the identity platform: {reason}", transient=True)
        if isinstance(exc, ValueError | KeyError):
            # Mostly from reading the authority's OpenID configuration (unknown tenant, bad document).
            reason = first_line(str(exc)).split(". ")[0][:300] or type(exc).__name__
            return self._error(f"MSAL could not make the token request: {reason}", transient=False)
        return None

    def _refusal(self, result: Mapping[str, Any]) -> AuthenticationError:
        error = result.get("error")
        return AuthenticationError(
            "the identity platform refused the token request",
            error=error,
            error_description=result.get("error_description"),
            error_codes=[int(code) for code in result.get("error_codes") or ()],
            correlation_id=result.get("correlation_id"),
            trace_id=result.get("trace_id"),
            client_id=self.client_id,
            authority=self.authority,
            transient=error in _TRANSIENT_AUTH_ERRORS,
        )

    def _error(self, message: str, *, transient: bool) -> AuthenticationError:
        return AuthenticationError(
            message, client_id=self.client_id, authority=self.authority, transient=transient
        )


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
