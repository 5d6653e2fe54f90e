"""The exception tree of graph-calls.

Everything graph-calls raises on purpose derives from :class:`GraphCallsError`. The branches are keyed by
what the caller can do about the failure:

- :class:`GraphAPIError` — Graph answered with an error status. Subclasses by status: fix the request
  (:class:`BadRequestError`), the credentials (:class:`UnauthorizedError`), the app's permissions
  (:class:`PermissionDeniedError`), the id (:class:`NotFoundError`), wait (:class:`ThrottledError`) or retry
  later (:class:`ServerError`).
- :class:`AuthenticationError` — no token could be obtained from the identity platform.
- :class:`GraphConnectionError` / :class:`GraphTimeoutError` — the network failed; nothing was answered.
- :class:`OperationFailed` — a comms operation ended with ``status: failed``.
- :class:`InvalidInputError` — a bad argument, raised before anything is sent (also a ``ValueError``).
- :class:`NotificationError` — an inbound notification could not be parsed or authenticated.
- :class:`StoreUnavailableError` — the shared store behind a ``CallRegistry`` (Redis) cannot be reached.

No exception message or repr ever contains a token, a client secret or a certificate key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "AlgorithmNotAllowedError",
    "AuthenticationError",
    "BadRequestError",
    "GraphAPIError",
    "GraphCallsError",
    "GraphConnectionError",
    "GraphTimeoutError",
    "InboundAuthError",
    "InvalidAudienceError",
    "InvalidInputError",
    "InvalidIssuerError",
    "InvalidSignatureError",
    "MalformedTokenError",
    "MissingTenantError",
    "MissingTokenError",
    "NotFoundError",
    "NotificationError",
    "NotificationParseError",
    "OperationFailed",
    "OperationTimeoutError",
    "PagingError",
    "PermissionDeniedError",
    "ResponseParseError",
    "ResponseTooLargeError",
    "ServerError",
    "SigningKeysUnavailableError",
    "StoreUnavailableError",
    "TenantNotAllowedError",
    "ThrottledError",
    "TokenExpiredError",
    "TokenNotYetValidError",
    "UnauthorizedError",
    "UnknownSigningKeyError",
]


class GraphCallsError(Exception):
    """Root of every error graph-calls raises on purpose."""


class InvalidInputError(GraphCallsError, ValueError):
    """A bad argument (empty id, wrong type, malformed phone number...), detected before any request."""


class GraphAPIError(GraphCallsError):
    """Graph answered with an HTTP error status.

    Attributes:
        status: the HTTP status code.
        code: the OData error code (``error.code``), or ``None`` when the body was not an OData error.
        message: the OData error message, or a short description of a non-JSON body.
        request_id: the ``request-id`` response header (or ``innerError.request-id``).
        client_request_id: the ``client-request-id`` graph-calls sent (the same on every retry).
        date: the ``Date`` response header, as sent.
        retry_after_s: seconds the service asked the client to wait (``Retry-After``), if any.
        method, url: the request that failed (the URL never carries credentials).
        hint: one line saying what to do, for the documented errors bot developers hit most (another
            tenant's meeting, missing admin consent, a call that ended, throttling...), else ``None``.
            Set from ``status``, ``code`` and ``message``; ``str(exc)`` ends with ``"\nhint: <hint>"``.

    Example::

        try:
            graph.calls[call_id].keep_alive()
        except NotFoundError as exc:
            print(exc.hint)  # "Graph no longer knows this call or participant: the call ended (...)"
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str | None = None,
        request_id: str | None = None,
        client_request_id: str | None = None,
        date: str | None = None,
        retry_after_s: float | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.client_request_id = client_request_id
        self.date = date
        self.retry_after_s = retry_after_s
        self.method = method
        self.url = url
        from graph_calls._error_hints import hint_for  # the table loads with the first error, not at import

        self.hint = hint_for(status, code, message)
        super().__init__(_with_hint(self._describe(), self.hint))

    def _describe(self) -> str:
        where = f"{self.method} {self.url}: " if self.method and self.url else ""
        code = f" {self.code}" if self.code else ""
        ids = f" (request-id {self.request_id}, client-request-id {self.client_request_id})"
        return f"{where}HTTP {self.status}{code}: {self.message}{ids}"


class BadRequestError(GraphAPIError):
    """Graph rejected the request as malformed or not allowed in the call's state (400, 409, 422, 4xx)."""


class UnauthorizedError(GraphAPIError):
    """Graph refused the access token (401), even after one retry with a fresh token."""


class PermissionDeniedError(GraphAPIError):
    """Graph answered 403: the app lacks an application permission the operation needs.

    ``required_permissions`` lists the application permissions the Graph reference documents for the
    operation (any one of them suffices), least privileged first.
    """

    def __init__(
        self,
        message: str,
        *,
        required_permissions: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        self.required_permissions = tuple(required_permissions)
        super().__init__(message, **kwargs)

    def _describe(self) -> str:
        text = super()._describe()
        if self.required_permissions:
            text += "; the operation needs one of the application permissions " + ", ".join(
                self.required_permissions
            )
        return text


class NotFoundError(GraphAPIError):
    """The call, participant, operation or group does not exist (any more) (404)."""


class ThrottledError(GraphAPIError):
    """Graph throttled the app (429) and the retries allowed by ``max_retries`` ran out."""


class ServerError(GraphAPIError):
    """Graph or a proxy in front of it failed (5xx) and the retries allowed ran out."""


class ResponseParseError(GraphCallsError):
    """A success response whose body could not be read as the documented type."""


class ResponseTooLargeError(ResponseParseError):
    """A response body was larger than ``max_response_bytes`` once decoded; the rest was not read."""


class PagingError(GraphCallsError):
    """A list's next link graph-calls refuses to follow: to another scheme or host, back to a page the
    listing already fetched, or past ``max_pages`` pages."""


class AuthenticationError(GraphCallsError):
    """No access token could be obtained from the identity platform.

    Carries what the identity platform said (``error``, ``error_description``, ``error_codes``,
    ``correlation_id``, ``trace_id``) and which app and authority asked — never the secret or key.
    """

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        error_description: str | None = None,
        error_codes: Sequence[int] = (),
        correlation_id: str | None = None,
        trace_id: str | None = None,
        client_id: str | None = None,
        authority: str | None = None,
        transient: bool = False,
    ) -> None:
        self.error = error
        self.error_description = error_description
        self.error_codes = tuple(error_codes)
        self.correlation_id = correlation_id
        self.trace_id = trace_id
        self.client_id = client_id
        self.authority = authority
        self.transient = transient
        parts = [message]
        if error:
            parts.append(f"error={error}")
        if error_description:
            parts.append(f"description={error_description.splitlines()[0]}")
        if correlation_id:
            parts.append(f"correlation_id={correlation_id}")
        if client_id:
            parts.append(f"client_id={client_id}")
        if authority:
            parts.append(f"authority={authority}")
        super().__init__("; ".join(parts))


class GraphConnectionError(GraphCallsError):
    """The connection to Graph failed (refused, reset, TLS); no answer was received."""


class GraphTimeoutError(GraphCallsError):
    """A request, or the overall retry deadline, timed out."""


class OperationTimeoutError(GraphTimeoutError):
    """Waiting for a comms operation to finish took longer than the timeout given."""

    def __init__(self, message: str, *, operation: Any = None) -> None:
        self.operation = operation
        super().__init__(message)


class OperationFailed(GraphCallsError):
    """A comms operation (invite, playPrompt, ...) finished with ``status: failed``.

    Attributes:
        operation: the final operation model as the service reported it.
        code, subcode, result_message: its ``resultInfo`` (any may be ``None``).
        hint: one line saying what to do, for the documented ``resultInfo`` codes, else ``None``
            (``str(exc)`` then ends with ``"\nhint: <hint>"``).
    """

    def __init__(
        self,
        operation: Any,
        *,
        code: int | None = None,
        subcode: int | None = None,
        result_message: str | None = None,
    ) -> None:
        self.operation = operation
        self.code = code
        self.subcode = subcode
        self.result_message = result_message
        from graph_calls._error_hints import result_hint_for

        self.hint = result_hint_for(code, subcode)
        op_id = getattr(operation, "id", None)
        kind = type(operation).__name__
        text = f"{kind} {op_id} failed: code={code} subcode={subcode} message={result_message!r}"
        super().__init__(_with_hint(text, self.hint))


def _with_hint(text: str, hint: str | None) -> str:
    return f"{text}\nhint: {hint}" if hint else text


class StoreUnavailableError(GraphCallsError):
    """The store behind a :class:`~graph_calls.notifications.CallRegistry` cannot be reached.

    Raised by the registry's reads, applies and waits when its Redis is down (at start, or for longer
    than the client's reconnect window) or went away during a wait. Nothing was half-applied: an apply
    either reached the store whole or not at all, and can be repeated (a receiver answers ``500``, so Graph
    delivers it again). The message names the server (``host:port``) and the namespace, never a password.

    Attributes:
        store: which store (``"Redis 127.0.0.1:6379, namespace 'app-id'"``).
    """

    def __init__(self, message: str, *, store: str = "") -> None:
        self.store = store
        super().__init__(message)


class NotificationError(GraphCallsError):
    """An inbound notification was refused."""


class NotificationParseError(NotificationError, ValueError):
    """The notification body is not valid JSON or not a ``commsNotifications`` payload."""


class InboundAuthError(NotificationError):
    """The ``Authorization`` of an inbound notification is missing or invalid.

    ``reason`` is a short machine-readable word (``missing``, ``malformed``, ``algorithm``, ``signature``,
    ``unknown-key``, ``issuer``, ``audience``, ``expired``, ``not-yet-valid``, ``tenant``, ``keys``).
    """

    reason = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.reason}: {message}")


class MissingTokenError(InboundAuthError):
    """No ``Authorization: Bearer`` header."""

    reason = "missing"


class MalformedTokenError(InboundAuthError):
    """The header or the JWT cannot be parsed."""

    reason = "malformed"


class AlgorithmNotAllowedError(InboundAuthError):
    """The token is unsigned (``alg: none``), symmetric (HS*) or uses another algorithm than allowed."""

    reason = "algorithm"


class InvalidSignatureError(InboundAuthError):
    """The signature does not verify with the key named by ``kid``."""

    reason = "signature"


class UnknownSigningKeyError(InboundAuthError):
    """The ``kid`` is not among the signing keys, even after refreshing them."""

    reason = "unknown-key"


class SigningKeysUnavailableError(InboundAuthError):
    """The OpenID configuration or its keys could not be fetched."""

    reason = "keys"


class InvalidIssuerError(InboundAuthError):
    """The ``iss`` claim is not an accepted issuer."""

    reason = "issuer"


class InvalidAudienceError(InboundAuthError):
    """The ``aud`` claim is not the bot's application id."""

    reason = "audience"


class TokenExpiredError(InboundAuthError):
    """The token's ``exp`` has passed (beyond the allowed clock skew)."""

    reason = "expired"


class TokenNotYetValidError(InboundAuthError):
    """The token's ``nbf`` is in the future (beyond the allowed clock skew)."""

    reason = "not-yet-valid"


class MissingTenantError(InboundAuthError):
    """The token carries no ``tid`` claim."""

    reason = "tenant"


class TenantNotAllowedError(InboundAuthError):
    """The token's ``tid`` is not in the configured set of allowed tenants."""

    reason = "tenant"
