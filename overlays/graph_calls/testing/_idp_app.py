"""The HTTP face of the fake identity platform: its Starlette routes, over the state it shares with
:class:`~graph_calls.testing.identity.FakeIdentityPlatform`.

Routes (MSAL only accepts https, so every URL the fake advertises is https):

- ``GET /{tenant}/v2.0/.well-known/openid-configuration`` and ``GET /{tenant}/discovery/v2.0/keys``;
- ``POST /{tenant}/oauth2/v2.0/token``: the client-credentials grant, with queued faults and delays;
- ``GET /v1/.well-known/OpenIdConfiguration`` and ``GET /v1/keys``: the callback token signer.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graph_calls.testing._idp_clients import (
    Attempt,
    Client,
    TokenRequestRecord,
    audience_from_scope,
    authenticate,
    check_grant_type,
)
from graph_calls.testing._idp_errors import (
    NO_STORE_HEADERS,
    Fault,
    OAuthError,
    error_response,
    fault_response,
)
from graph_calls.testing._idp_tokens import DEFAULT_CALLBACK_ISSUER, SigningKey, access_token_claims

__all__ = ["IdentityState", "build_app"]


@dataclass(eq=False)
class IdentityState:
    """What the fake knows and counts; the platform's methods and its endpoints share one of these.

    The containers and counters change under ``lock``; the settings are plain values read per request.
    """

    tenant_id: str
    access_token_lifetime_s: float
    token_delay_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    clients: dict[str, Client] = field(default_factory=dict, repr=False)
    token_key: SigningKey = field(default_factory=lambda: SigningKey.initial("access"), repr=False)
    callback_keys: list[SigningKey] = field(  # the last one is current
        default_factory=lambda: [SigningKey.initial("callback")], repr=False
    )
    faults: deque[Fault] = field(default_factory=deque, repr=False)
    token_requests: int = 0
    token_request_log: list[TokenRequestRecord] = field(default_factory=list, repr=False)
    callback_key_fetches: int = 0

    def is_our_tenant(self, tenant: str) -> bool:
        """Whether ``tenant`` (from a URL path) names this platform's tenant."""
        return tenant.lower() == self.tenant_id.lower()

    def find_client(self, client_id: str) -> Client | None:
        """The registered client with this id, if any."""
        with self.lock:
            return self.clients.get(client_id)


def build_app(state: IdentityState) -> Starlette:
    """The ASGI app serving ``state``."""
    endpoints = _Endpoints(state)
    return Starlette(
        routes=[
            Route(
                "/{tenant}/v2.0/.well-known/openid-configuration",
                endpoints.openid_configuration,
                methods=["GET"],
            ),
            Route("/{tenant}/discovery/v2.0/keys", endpoints.token_keys, methods=["GET"]),
            Route("/{tenant}/oauth2/v2.0/token", endpoints.token, methods=["POST"]),
            Route(
                "/v1/.well-known/OpenIdConfiguration",
                endpoints.callback_openid_configuration,
                methods=["GET"],
            ),
            Route("/v1/keys", endpoints.callback_keys, methods=["GET"]),
        ]
    )


class _Endpoints:
    """The request handlers, bound to one :class:`IdentityState`."""

    def __init__(self, state: IdentityState) -> None:
        self._state = state

    async def openid_configuration(self, request: Request) -> Response:
        tenant = request.path_params["tenant"]
        if not self._state.is_our_tenant(tenant):
            return error_response(OAuthError("tenant_not_found"), request, tenant=tenant)
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

    async def token_keys(self, request: Request) -> Response:
        tenant = request.path_params["tenant"]
        if not self._state.is_our_tenant(tenant):
            return error_response(OAuthError("tenant_not_found"), request, tenant=tenant)
        return JSONResponse({"keys": [self._state.token_key.jwk()]})

    async def callback_openid_configuration(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": DEFAULT_CALLBACK_ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{_public_origin(request)}/v1/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def callback_keys(self, request: Request) -> Response:
        state = self._state
        with state.lock:
            state.callback_key_fetches += 1
            keys = [key.jwk() for key in state.callback_keys]
        return JSONResponse({"keys": keys})

    async def token(self, request: Request) -> Response:
        fault = self._count_token_request()
        delay_s = self._state.token_delay_s + (fault.delay_s if fault else 0.0)
        if delay_s > 0:
            await anyio.sleep(delay_s)
        form = await _read_form(request)
        attempt = Attempt(form.get("client_id"), form.get("scope"), form.get("claims"))
        tenant = request.path_params["tenant"]
        if fault is not None and (fault.error is not None or fault.status is not None):
            response, outcome = fault_response(fault, request)
            self._log(attempt.record(outcome, response.status_code, fault=True))
            return response
        try:
            body = self._issue(tenant, form, _public_url(request), attempt)
        except OAuthError as err:
            self._log(attempt.record(err.answer.error, err.answer.status))
            return error_response(err, request, tenant=tenant, client_id=attempt.client_id)
        self._log(attempt.record("issued", 200))
        return JSONResponse(body, headers=dict(NO_STORE_HEADERS))

    def _count_token_request(self) -> Fault | None:
        state = self._state
        with state.lock:
            state.token_requests += 1
            return state.faults.popleft() if state.faults else None

    def _log(self, record: TokenRequestRecord) -> None:
        with self._state.lock:
            self._state.token_request_log.append(record)

    def _issue(self, tenant: str, form: Mapping[str, str], endpoint: str, attempt: Attempt) -> dict[str, Any]:
        """The client-credentials grant: the token response body, or :class:`OAuthError`."""
        state = self._state
        if not state.is_our_tenant(tenant):
            raise OAuthError("tenant_not_found")
        check_grant_type(form)
        client = authenticate(form, endpoint, attempt, state.find_client)
        audience = audience_from_scope(form.get("scope"))
        lifetime_s = int(state.access_token_lifetime_s)
        claims = access_token_claims(
            client,
            tenant_id=state.tenant_id,
            audience=audience,
            auth_method=attempt.auth_method,
            lifetime_s=lifetime_s,
        )
        return {
            "token_type": "Bearer",
            "expires_in": lifetime_s,
            "ext_expires_in": lifetime_s,
            "access_token": state.token_key.sign(claims),
        }


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
