"""MSAL's ``http_client`` over httpx, for :class:`~graph_calls.auth.MsalCredential`.

MSAL duck-types its HTTP client (``get``/``post`` returning ``.status_code``, ``.text``, ``.headers`` and
``.raise_for_status()``) and only understands ``requests``' exception tree. :class:`MsalHttpClient` sends with
an ``httpx.Client`` (``verify=`` as :func:`graph_calls._tls.ssl_context` made it, as for the Graph
transport) and re-raises transport failures as ``requests`` exceptions, so MSAL keeps serving a cached token
when a proactive refresh fails.

A token endpoint answer (below 500) whose body is not a JSON object is raised here as
:class:`NonJsonAnswerError` rather than handed to MSAL: MSAL would log a non-JSON body with
``logger.exception``, and a log handler that records the traceback's frame locals (Sentry's logging
integration) would then upload the form MSAL posted, client secret included; other JSON values make it fail
somewhere inside.

Loaded when the first MSAL application is built; it imports httpx and requests.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Mapping
from typing import Any, NamedTuple

import httpx
import requests

__all__ = ["MsalHttpClient", "MsalResponse", "NonJsonAnswerError", "TokenAnswer", "first_line"]


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


class TokenAnswer(NamedTuple):
    """The status of a token endpoint answer and, for an error status, its JSON object (else ``None``).

    MSAL passes a 4xx error on as a dict without its status, and turns a 5xx into an exception without its
    body: this is where both are kept. A success body (it holds the token) is never kept.
    """

    status: int
    error_body: Mapping[str, Any] | None


class NonJsonAnswerError(requests.exceptions.InvalidJSONError):
    """The token endpoint answered with a body that is not a JSON object (an HTML error page, garbage).

    A ``requests.RequestException``, so during a proactive refresh MSAL keeps serving the cached token.
    """

    def __init__(self, status_code: int) -> None:
        super().__init__(f"HTTP {status_code}: the body is not a JSON object")
        self.status_code = status_code


class MsalHttpClient:
    """MSAL's duck-typed ``http_client`` (``get``/``post``) over an ``httpx.Client``.

    Transport failures are re-raised as ``requests`` exceptions: MSAL keeps serving a cached token when a
    proactive refresh fails only if the failure is a ``requests.RequestException``.
    """

    def __init__(self, verify: ssl.SSLContext | bool, timeout_s: float) -> None:
        self._client = httpx.Client(verify=verify, timeout=timeout_s)
        self._last_post = threading.local()  # per thread: MSAL posts from the thread that asked for a token

    def take_last_answer(self) -> TokenAnswer | None:
        """This thread's last token endpoint answer (a POST) since it was last forgotten, or ``None``.

        It is forgotten as it is taken: an error body (which may echo what was posted) is not kept.
        """
        answer: TokenAnswer | None = getattr(self._last_post, "answer", None)
        self._last_post.answer = None
        return answer

    def forget_last_answer(self) -> None:
        """Forget this thread's last answer (before a token request, which MSAL may serve without a POST)."""
        self._last_post.answer = None

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
        """Send a POST; a ``data`` dict is form-encoded, a string or bytes sent as is.

        Raises:
            NonJsonAnswerError: the answer is below 500 and its body is not a JSON object.
        """
        response = self._send(
            "POST", url, params=params, headers=headers, data=data, timeout=kwargs.get("timeout")
        )
        body = _json_or_none(response.text)
        error_body = body if response.status_code >= 400 and isinstance(body, dict) else None
        self._last_post.answer = TokenAnswer(response.status_code, error_body)
        if response.status_code < 500 and not isinstance(body, dict):
            # MSAL raises for 5xx itself; below, it parses the body and logs a failure with its traceback.
            raise NonJsonAnswerError(response.status_code)
        return response

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


def _json_or_none(text: str) -> Any:
    """The JSON value of ``text``; ``None`` if it is not JSON (or is ``null``, which no answer should be)."""
    try:
        return json.loads(text)
    except ValueError:
        return None


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
