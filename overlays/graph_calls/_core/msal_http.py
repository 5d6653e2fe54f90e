"""MSAL's ``http_client`` over httpx, for :class:`~graph_calls.auth.MsalCredential`.

MSAL duck-types its HTTP client (``get``/``post`` returning ``.status_code``, ``.text``, ``.headers`` and
``.raise_for_status()``) and only understands ``requests``' exception tree. :class:`MsalHttpClient` sends with
an ``httpx.Client`` (``verify=`` as :func:`graph_calls._tls.ssl_context` made it, as for the Graph
transport) and re-raises transport failures as ``requests`` exceptions, so MSAL keeps serving a cached token
when a proactive refresh fails.

Loaded when the first MSAL application is built; it imports httpx and requests.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from typing import Any

import httpx
import requests

__all__ = ["MsalHttpClient", "MsalResponse", "first_line"]


class MsalResponse:
    """The response shape MSAL's ``http_client`` interface expects."""

    def __init__(self, status_code: int, text: str, headers: dict[str, str]) -> None:
        self.status_code = status_code
        self.text = text
        self.headers = headers

    def raise_for_status(self) -> None:
        """Raise ``requests.HTTPError`` on 4xx/5xx: MSAL only knows requests' exception tree."""
        if self.status_code >= 400:
            raise requests.HTTPError(f"HTTP Error: {self.status_code}")


class MsalHttpClient:
    """MSAL's duck-typed ``http_client`` (``get``/``post``) over an ``httpx.Client``.

    Transport failures are re-raised as ``requests`` exceptions: MSAL keeps serving a cached token when a
    proactive refresh fails only if the failure is a ``requests.RequestException``.
    """

    def __init__(self, verify: ssl.SSLContext | bool, timeout_s: float) -> None:
        self._client = httpx.Client(verify=verify, timeout=timeout_s)

    def get(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str | None] | None = None,
        **kwargs: Any,
    ) -> MsalResponse:
        """Send a GET (MSAL uses it for the OpenID configuration)."""
        return self._send("GET", url, params=params, headers=headers, timeout=kwargs.get("timeout"))

    def post(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | str | bytes | None = None,
        headers: Mapping[str, str | None] | None = None,
        **kwargs: Any,
    ) -> MsalResponse:
        """Send a POST; a ``data`` dict is form-encoded, a string or bytes sent as is."""
        return self._send(
            "POST", url, params=params, headers=headers, data=data, timeout=kwargs.get("timeout")
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str | None] | None,
        data: Mapping[str, Any] | str | bytes | None = None,
        timeout: float | None,
    ) -> MsalResponse:
        request = self._client.build_request(
            method,
            url,
            params=_without_none(params) or None,
            headers=_without_none(headers),
            data=_form_fields(data) if isinstance(data, Mapping) else None,
            content=data if isinstance(data, str | bytes) else None,
            timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
        )
        try:
            response = self._client.send(request)
        except httpx.TimeoutException as exc:
            raise requests.Timeout(first_line(str(exc)) or "timed out") from exc
        except httpx.TransportError as exc:
            reason = first_line(str(exc)) or type(exc).__name__
            if _caused_by_tls(exc):
                raise requests.exceptions.SSLError(reason) from exc
            raise requests.ConnectionError(reason) from exc
        return MsalResponse(response.status_code, response.text, dict(response.headers))


def first_line(text: str) -> str:
    """The first non-blank line of ``text`` (stripped), or ``""``: error texts shown without their tail."""
    return text.strip().splitlines()[0] if text.strip() else ""


def _without_none(mapping: Mapping[str, Any] | None) -> dict[str, Any]:
    return {key: value for key, value in (mapping or {}).items() if value is not None}


def _caused_by_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _form_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    # MSAL passes the client assertion as bytes; httpx would send str(b"...") for it, requests decodes.
    return {
        key: value.decode("utf-8") if isinstance(value, bytes) else value
        for key, value in data.items()
        if value is not None
    }
