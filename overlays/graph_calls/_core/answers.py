"""Reading Graph's answers without leaking: redacted headers, claims challenges, OData error bodies."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import httpx

from graph_calls.errors import (
    BadRequestError,
    GraphAPIError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottledError,
    UnauthorizedError,
)

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
# One auth-param of a challenge: name=token or name="quoted string" (RFC 9110, 11.2).
_AUTH_PARAM = re.compile(r'([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_BEARER = re.compile(r"\bBearer\b", re.IGNORECASE)


def redact(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` safe to log: credentials are replaced (``Authorization: Bearer <redacted>``).

    >>> redact({"Authorization": "Bearer eyJ0...", "request-id": "42"})
    {'Authorization': 'Bearer <redacted>', 'request-id': '42'}
    """
    safe: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() in _SECRET_HEADERS:
            scheme = value.split(" ", 1)[0] if name.lower().endswith("authorization") else ""
            value = f"{scheme} <redacted>".strip()
        safe[name] = value
    return safe


def claims_from_challenge(challenges: list[str]) -> str | None:
    """The decoded claims (JSON text) of a Bearer ``insufficient_claims`` challenge, else ``None``.

    ``challenges`` are the ``WWW-Authenticate`` values of a 401, for example
    ``Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="``.
    """
    for challenge in challenges:
        bearer = _BEARER.search(challenge)
        if bearer is None:
            continue
        params = {
            match.group(1).lower(): match.group(2) if match.group(2) is not None else match.group(3)
            for match in _AUTH_PARAM.finditer(challenge, bearer.end())
        }
        if params.get("error") == "insufficient_claims" and params.get("claims"):
            return _decode_claims(params["claims"])
    return None


def _decode_claims(encoded: str) -> str | None:
    text = encoded.strip()
    if not text.startswith("{"):  # base64 (standard or url-safe), often without its padding
        standard = text.replace("-", "+").replace("_", "/")
        try:
            text = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
    try:
        json.loads(text)
    except ValueError:
        return None
    return text


def odata_error(response: httpx.Response) -> tuple[str | None, str, dict[str, Any]]:
    """``(code, message, innerError)`` of an OData error body, or a short description of another body."""
    body = response.content
    if not body.strip():
        return None, "empty error body", {}
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip() or "no content type"
    try:
        document = json.loads(body)
    except ValueError:  # includes UnicodeDecodeError
        return None, f"non-JSON error body ({content_type}, {len(body)} bytes)", {}
    error = document.get("error") if isinstance(document, dict) else None
    if not isinstance(error, dict):
        return None, f"JSON error body without an OData error ({len(body)} bytes)", {}
    code = error.get("code")
    message = error.get("message")
    inner = error.get("innerError", error.get("innererror"))
    return (
        code if isinstance(code, str) and code else None,
        message if isinstance(message, str) and message else "no message",
        inner if isinstance(inner, dict) else {},
    )


_ERROR_CLASSES: Mapping[int, type[GraphAPIError]] = MappingProxyType(
    {
        401: UnauthorizedError,
        403: PermissionDeniedError,
        404: NotFoundError,
        410: NotFoundError,  # gone: what the caller can do is the same as for 404
        429: ThrottledError,
    }
)


def error_class(status: int) -> type[GraphAPIError]:
    """The error an answer with ``status`` (not 2xx) raises: what the caller can do about it."""
    if status in _ERROR_CLASSES:
        return _ERROR_CLASSES[status]
    if 400 <= status < 500:
        return BadRequestError
    if 500 <= status < 600:
        return ServerError
    return GraphAPIError  # 1xx/3xx: not expected from Graph, still not a success
