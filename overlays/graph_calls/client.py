"""``GraphCalls`` and ``AsyncGraphCalls``: the entry points, their options and their connection pools.

Example::

    from graph_calls import GraphCalls

    with GraphCalls.from_client_secret(tenant_id=..., client_id=..., client_secret=...) as graph:
        graph.calls[call_id].participants[participant_id].delete()
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypedDict, TypeVar, Unpack

import httpx

from graph_calls._constants import (
    CLOUDS,
    DEFAULT_CLOUD,
    DEFAULT_CONNECT_TIMEOUT_S,
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_RETRY_DEADLINE_S,
    DEFAULT_TIMEOUT_S,
    GRAPH_API_VERSION,
    Cloud,
    CloudName,
)
from graph_calls._validate import check_headers, check_max_concurrency
from graph_calls.errors import InvalidInputError

if TYPE_CHECKING:
    from graph_calls._core.client_credential import Secret
    from graph_calls._core.plan import Plan
    from graph_calls.auth import MsalCredential, TokenCredential, TokenProvider, VerifyTypes
    from graph_calls.resources.aio import AsyncCallsResource
    from graph_calls.resources.sync import CallsResource

T = TypeVar("T")


def _cloud(name: str) -> Cloud:
    cloud: Cloud | None = CLOUDS.get(name) if isinstance(name, str) else None  # type: ignore[call-overload]
    if cloud is None:
        raise InvalidInputError(f"cloud must be one of {', '.join(map(repr, CLOUDS))}, not {name!r}")
    return cloud


class Options(TypedDict, total=False):
    """The options a client takes besides its credential, and ``with_options(...)`` changes (all optional).

    ``timeout``: seconds each attempt may take, connecting to the last body byte; ``max_retries``: retries
    after the first attempt; ``retry_deadline_s``: the whole call, waits included, ends by then; ``headers``:
    sent with every request; ``max_concurrency``: requests in flight at once (the rest wait their turn);
    ``max_response_bytes``: the cap on a decoded response body.
    """

    timeout: float
    max_retries: int
    retry_deadline_s: float
    headers: Mapping[str, str]
    max_concurrency: int
    max_response_bytes: int


class OptionChanges(Options, total=False):
    """What :meth:`GraphCalls.with_options` may change: :class:`Options`, ``base_url`` and ``verify``."""

    base_url: str
    verify: VerifyTypes


@dataclass(frozen=True)
class ClientOptions:
    """Per-client settings. ``with_options(...)`` returns a client with some of them changed."""

    base_url: str
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_retries: int = DEFAULT_MAX_RETRIES
    retry_deadline_s: float = DEFAULT_RETRY_DEADLINE_S
    verify: VerifyTypes = True
    headers: Mapping[str, str] = field(default_factory=dict)
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

    def __post_init__(self) -> None:
        url = httpx.URL(self.base_url)
        if url.scheme not in ("https", "http") or not url.host:
            raise InvalidInputError(f"base_url must be an http(s) URL, not {self.base_url!r}")
        if not (isinstance(self.timeout_s, (int, float)) and self.timeout_s > 0):
            raise InvalidInputError(f"timeout must be a positive number of seconds, not {self.timeout_s!r}")
        if not (isinstance(self.max_retries, int) and self.max_retries >= 0):
            raise InvalidInputError(f"max_retries must be an int >= 0, not {self.max_retries!r}")
        if isinstance(self.retry_deadline_s, bool) or not (
            isinstance(self.retry_deadline_s, (int, float)) and self.retry_deadline_s >= 0
        ):
            raise InvalidInputError(f"retry_deadline_s must be a number >= 0, not {self.retry_deadline_s!r}")
        object.__setattr__(self, "headers", check_headers("headers", self.headers))
        check_max_concurrency(self.max_concurrency)
        size = self.max_response_bytes
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise InvalidInputError(f"max_response_bytes must be an int >= 1, not {size!r}")

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.timeout_s, connect=min(self.timeout_s, DEFAULT_CONNECT_TIMEOUT_S))


def _options(
    *,
    cloud: CloudName,
    base_url: str | None,
    timeout: float,
    max_retries: int,
    retry_deadline_s: float,
    verify: VerifyTypes,
    headers: Mapping[str, str] | None,
    max_concurrency: int,
    max_response_bytes: int,
) -> ClientOptions:
    root = base_url or f"{_cloud(cloud).graph_root}/{GRAPH_API_VERSION}"
    return ClientOptions(
        base_url=root.rstrip("/"),
        timeout_s=timeout,
        max_retries=max_retries,
        retry_deadline_s=retry_deadline_s,
        verify=verify,
        headers=headers or {},
        max_concurrency=max_concurrency,
        max_response_bytes=max_response_bytes,
    )


def _provider(credential: TokenCredential, cloud: CloudName) -> TokenProvider:
    from graph_calls.auth import TokenProvider

    if not callable(getattr(credential, "get_token", None)):
        raise InvalidInputError("credential must have a get_token(*scopes) method (e.g. azure-identity's)")
    return TokenProvider(credential, [_cloud(cloud).scope])


def _msal_credential(
    *,
    tenant_id: str,
    client_id: str,
    cloud: CloudName,
    authority: str | None,
    verify: VerifyTypes,
    client_secret: Secret[str] | None = None,
    certificate_path: str | os.PathLike[str] | None = None,
    password: Secret[str] | None = None,
) -> MsalCredential:
    from graph_calls.auth import MsalCredential

    if authority is None and isinstance(tenant_id, str):
        authority = f"{_cloud(cloud).authority_host}/{tenant_id}"
    return MsalCredential(
        tenant_id,
        client_id,
        client_secret=None
        if client_secret is None
        else client_secret.reveal(),  # revealed inline, never a local
        certificate_path=certificate_path,
        password=None if password is None else password.reveal(),
        authority=authority,
        verify=verify,
    )


class _ClientBase:
    """What both clients share: options, the token provider, and the constructors."""

    def __init__(
        self,
        *,
        credential: TokenCredential,
        cloud: CloudName = DEFAULT_CLOUD,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_deadline_s: float = DEFAULT_RETRY_DEADLINE_S,
        verify: VerifyTypes = True,
        headers: Mapping[str, str] | None = None,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._options = _options(
            cloud=cloud,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_deadline_s=retry_deadline_s,
            verify=verify,
            headers=headers,
            max_concurrency=max_concurrency,
            max_response_bytes=max_response_bytes,
        )
        self._cloud = cloud
        self._provider = _provider(credential, cloud)
        self._credential = credential
        # The MSAL credential from_client_secret/from_certificate made: closed with this client (its copies
        # share it and do not own it; a closed credential reconnects if a copy still asks for a token).
        self._owned_credential: MsalCredential | None = None
        self._setup()

    @classmethod
    def from_client_secret(
        cls,
        *,
        tenant_id: str,
        client_id: str,
        client_secret: str,
        cloud: CloudName = DEFAULT_CLOUD,
        authority: str | None = None,
        base_url: str | None = None,
        verify: VerifyTypes = True,
        **options: Unpack[Options],
    ) -> Self:
        """A client whose app authenticates with a client secret (MSAL, client credentials)."""
        from graph_calls._core.client_credential import seal

        sealed = seal(client_secret)
        del client_secret  # from here on, no frame an error passes through holds it as plain text
        credential = _msal_credential(
            tenant_id=tenant_id,
            client_id=client_id,
            client_secret=sealed,
            cloud=cloud,
            authority=authority,
            verify=verify,
        )
        return cls._owning(credential, cloud=cloud, base_url=base_url, verify=verify, **options)

    @classmethod
    def from_certificate(
        cls,
        *,
        tenant_id: str,
        client_id: str,
        certificate_path: str | os.PathLike[str],
        password: str | None = None,
        cloud: CloudName = DEFAULT_CLOUD,
        authority: str | None = None,
        base_url: str | None = None,
        verify: VerifyTypes = True,
        **options: Unpack[Options],
    ) -> Self:
        """A client whose app authenticates with a certificate: a PEM file (key + certificate) or a PFX."""
        from graph_calls._core.client_credential import seal

        sealed_password = seal(password)
        del password
        credential = _msal_credential(
            tenant_id=tenant_id,
            client_id=client_id,
            certificate_path=certificate_path,
            password=sealed_password,
            cloud=cloud,
            authority=authority,
            verify=verify,
        )
        return cls._owning(credential, cloud=cloud, base_url=base_url, verify=verify, **options)

    @classmethod
    def _owning(cls, credential: MsalCredential, **options: Any) -> Self:
        client = cls(credential=credential, **options)
        client._owned_credential = credential
        return client

    def _close_owned_credential(self) -> None:
        owned, self._owned_credential = self._owned_credential, None
        if owned is not None:
            owned.close()

    @property
    def options(self) -> ClientOptions:
        return self._options

    @property
    def base_url(self) -> str:
        return self._options.base_url

    def _copy_with(self, changes: Mapping[str, Any]) -> Self:
        names = {
            "base_url": "base_url",
            "timeout": "timeout_s",
            "max_retries": "max_retries",
            "retry_deadline_s": "retry_deadline_s",
            "verify": "verify",
            "headers": "headers",
            "max_concurrency": "max_concurrency",
            "max_response_bytes": "max_response_bytes",
        }
        unknown = sorted(set(changes) - set(names))
        if unknown:
            raise InvalidInputError(f"with_options() got unknown options: {', '.join(unknown)}")
        options = replace(self._options, **{names[k]: v for k, v in changes.items()})
        clone = object.__new__(type(self))
        clone._options = options
        clone._cloud = self._cloud
        clone._provider = self._provider  # the token cache is shared
        clone._credential = self._credential
        clone._owned_credential = None  # the original owns it
        clone._setup()
        return clone

    def _setup(self) -> None:  # pragma: no cover - each client builds its own connection pool
        raise NotImplementedError

    def _transport_options(self) -> dict[str, Any]:
        from graph_calls.retry import RetryPolicy

        policy = RetryPolicy(max_retries=self._options.max_retries, deadline_s=self._options.retry_deadline_s)
        return {
            "token_provider": self._provider,
            "retry_policy": policy,
            "headers": self._options.headers,
            "verify": self._options.verify,
            "max_concurrency": self._options.max_concurrency,
            "max_response_bytes": self._options.max_response_bytes,
        }

    def _http_options(self) -> dict[str, Any]:
        return {"base_url": self._options.base_url, "timeout": self._options.timeout()}

    def _generated_client(self) -> Any:
        from graph_calls_generated.client import Client

        return Client(base_url=self._options.base_url)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._options.base_url!r})"


class GraphCalls(_ClientBase):
    """The synchronous client. Thread-safe: share one per app; requests from threads run concurrently.

    Construct it with :meth:`from_client_secret`, :meth:`from_certificate`, or ``GraphCalls(credential=...)``
    with any object whose ``get_token(*scopes)`` returns ``.token``/``.expires_on`` (e.g. azure-identity).

    Options (keyword-only): ``cloud`` (``"global"``, ``"usgov"``, ``"dod"``), ``base_url``, ``authority``,
    ``timeout`` (seconds per attempt, body included), ``max_retries``, ``retry_deadline_s`` (the whole call),
    ``verify`` (a CA bundle path, an ``ssl.SSLContext`` or True; applies to Graph and to the identity
    platform), ``headers``, ``max_concurrency`` (requests in flight; the rest wait their turn) and
    ``max_response_bytes`` (the cap on a decoded body). README "Limits and defaults" has the values.
    """

    def _setup(self) -> None:
        from graph_calls._core import runner
        from graph_calls._core.request_options import extras_of
        from graph_calls._core.transport import GraphTransport

        self._send, self._extras_of = runner.run, extras_of  # bound once: _run is on every request's path
        transport = GraphTransport(**self._transport_options())
        self._http = httpx.Client(transport=transport, **self._http_options())
        self._api = self._generated_client()
        self._api.set_httpx_client(self._http)

    @property
    def calls(self) -> CallsResource:
        """``/communications/calls``: ``graph.calls.create(call)``, ``graph.calls[call_id]...``."""
        from graph_calls.resources.sync import CallsResource

        return CallsResource(self)

    def with_options(self, **changes: Unpack[OptionChanges]) -> GraphCalls:
        """A new client with some options changed; it shares this one's credential and token cache."""
        return self._copy_with(changes)

    def _run(self, plan: Plan[T], options: Mapping[str, Any] | None = None) -> T:
        return self._send(self._api, plan, self._extras_of(options or {}))

    def close(self) -> None:
        """Close the connection pool, and the identity platform's connection when this client made its
        credential (``from_client_secret``, ``from_certificate``)."""
        self._http.close()
        self._close_owned_credential()

    def __enter__(self) -> GraphCalls:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncGraphCalls(_ClientBase):
    """The asyncio client: the same names and arguments as :class:`GraphCalls`, awaitable.

    Lists are async iterables (``async for p in graph.calls[c].participants.list()``); ``async with``
    closes the connection pool. Token requests run in a worker thread and never block the event loop.
    """

    def _setup(self) -> None:
        from graph_calls._core import runner
        from graph_calls._core.request_options import extras_of
        from graph_calls._core.transport import AsyncGraphTransport

        self._send, self._extras_of = runner.arun, extras_of
        transport = AsyncGraphTransport(**self._transport_options())
        self._http = httpx.AsyncClient(transport=transport, **self._http_options())
        self._api = self._generated_client()
        self._api.set_async_httpx_client(self._http)

    @property
    def calls(self) -> AsyncCallsResource:
        """``/communications/calls``: ``await graph.calls.create(call)``, ``graph.calls[call_id]...``."""
        from graph_calls.resources.aio import AsyncCallsResource

        return AsyncCallsResource(self)

    def with_options(self, **changes: Unpack[OptionChanges]) -> AsyncGraphCalls:
        """A new client with some options changed; it shares this one's credential and token cache."""
        return self._copy_with(changes)

    async def _run(self, plan: Plan[T], options: Mapping[str, Any] | None = None) -> T:
        return await self._send(self._api, plan, self._extras_of(options or {}))

    async def aclose(self) -> None:
        """Close the connection pool, and the identity platform's connection when this client made its
        credential (``from_client_secret``, ``from_certificate``)."""
        await self._http.aclose()
        self._close_owned_credential()

    async def __aenter__(self) -> AsyncGraphCalls:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
