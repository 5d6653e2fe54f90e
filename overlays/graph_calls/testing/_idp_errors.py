"""Entra-shaped error answers of the fake identity platform: the AADSTS catalogue and injected faults.

A check of the token endpoint raises :class:`OAuthError` with a kind from the catalogue (``bad_secret``,
``invalid_scope``...); :func:`error_response` turns it into the JSON body Entra sends (``error``,
``error_description`` starting ``AADSTS<code>:``, ``error_codes``, trace and correlation ids). Faults
queued by ``FakeIdentityPlatform.fail_next`` are answered by :func:`fault_response`.
"""

from __future__ import annotations

import datetime
import http
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

__all__ = ["NO_STORE_HEADERS", "Fault", "OAuthError", "error_response", "fault_response"]

NO_STORE_HEADERS: Final = MappingProxyType({"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})


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
class Fault:
    """One answer queued by ``fail_next``: an OAuth error and/or a status, after a delay."""

    error: str | None
    status: int | None
    delay_s: float


class OAuthError(Exception):
    """An Entra error answer to send; the message is the error name only (no request data)."""

    def __init__(self, kind: str, *, detail: str = "") -> None:
        super().__init__(kind)
        self.answer = _ERRORS[kind]
        self.detail = detail


def error_response(
    err: OAuthError, request: Request, *, tenant: str, client_id: str | None = None
) -> Response:
    """Entra's answer to a request refused with ``err``: its status and JSON body, never cached."""
    answer = err.answer
    text = answer.text.format(client_id=client_id or "", tenant=tenant, detail=err.detail)
    body = _entra_error_body(answer.error, answer.code, text, request)
    return JSONResponse(body, status_code=answer.status, headers=dict(NO_STORE_HEADERS))


def fault_response(fault: Fault, request: Request) -> tuple[Response, str]:
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
