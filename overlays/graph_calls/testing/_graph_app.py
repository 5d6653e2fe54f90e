"""The simulator's HTTP face: a pure-ASGI app that answers like Graph's ``/v1.0/communications/calls``.

For each request, in order: record it (raw path, headers, body), apply injected faults, answer a
pending claims challenge, route it (by the raw path, so an id holding ``%2F`` stays one id),
check the bearer token and its roles, validate the request against the spec (a Graph-shaped
``400`` without calling the handler if it does not conform), run the handler on the simulated
state, validate the response (a violation is recorded, and the response still sent), send it.
The handlers themselves, one per operationId, are in :mod:`~graph_calls.testing._handlers`; the
request and reply types and the raw ASGI messages are in :mod:`~graph_calls.testing._http`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from starlette.types import Receive, Scope, Send

from graph_calls.testing._contract import API_PREFIX, ContractViolation, GraphError, SpecContract
from graph_calls.testing._faults import Fault, Faults
from graph_calls.testing._handlers import HANDLERS
from graph_calls.testing._http import (
    JSON_CONTENT_TYPE,
    Context,
    RawBody,
    RecordedRequest,
    Reply,
    drop,
    error_reply,
    lifespan,
    read_body,
    reply_bytes,
    send_reply,
)
from graph_calls.testing._records import new_id
from graph_calls.testing._state import SimState

__all__ = ["GraphApp"]

_log = logging.getLogger(__name__)

GRAPH_APP_ID: Final = "00000003-0000-0000-c000-000000000000"
NAMESPACE: Final = "microsoft.graph."
MAX_PROBLEMS_IN_MESSAGE: Final = 5
# Tokens already verified, with their claims: a client sends the same one for an hour.
MAX_VERIFIED_TOKENS: Final = 256
# A short, valid WAV file (8 kHz mono PCM, 0.1 s of silence) served as every recording.
_SILENCE_WAV: Final = (
    b"RIFF" + (36 + 1600).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
    + (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (8000).to_bytes(4, "little")
    + (16000).to_bytes(4, "little") + (2).to_bytes(2, "little") + (16).to_bytes(2, "little")
    + b"data" + (1600).to_bytes(4, "little") + bytes(1600)
)  # fmt: skip


@dataclass(frozen=True)
class _Route:
    operation: str
    method: str
    segments: tuple[str, ...]
    is_action: bool

    def match(self, segments: Sequence[str]) -> dict[str, str] | None:
        if len(segments) != len(self.segments):
            return None
        params: dict[str, str] = {}
        last = len(segments) - 1
        for index, (pattern, actual) in enumerate(zip(self.segments, segments, strict=True)):
            if pattern.startswith("{"):
                params[pattern[1:-1]] = actual
            elif actual.lower() != pattern.lower() and not (
                # OData lets a bound action be called by its namespace-qualified name.
                self.is_action and index == last and actual.lower() == (NAMESPACE + pattern).lower()
            ):
                return None
        return params

    @property
    def literal_count(self) -> int:
        return sum(not segment.startswith("{") for segment in self.segments)


class GraphApp:
    """The ASGI app; :class:`~graph_calls.testing.GraphSimulator` serves it over TLS."""

    def __init__(
        self,
        *,
        contract: SpecContract,
        state: SimState,
        faults: Faults,
        validate_token: Callable[[str], Mapping[str, Any]],
        required_permissions: Callable[[str], Sequence[str]],
        base_url: Callable[[], str],
        authorization_uri: Callable[[], str],
        page_size: int,
    ) -> None:
        self._contract = contract
        self._state = state
        self._faults = faults
        self._validate_token = validate_token
        self._required_permissions = required_permissions
        self._base_url = base_url
        self._authorization_uri = authorization_uri
        self.page_size = page_size
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._violations: list[ContractViolation] = []
        self._claims_challenges: list[str] = []
        self._corruptions: list[Callable[[Any], Any]] = []
        self._verified_tokens: dict[str, Mapping[str, Any]] = {}
        self._routes = sorted(self._build_routes(), key=lambda route: -route.literal_count)

    # -- what tests read and set -----------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def violations(self) -> list[ContractViolation]:
        with self._lock:
            return list(self._violations)

    def add_violation(self, violation: ContractViolation) -> None:
        with self._lock:
            self._violations.append(violation)

    def add_claims_challenge(self, claims_json: str) -> None:
        with self._lock:
            self._claims_challenges.append(claims_json)

    def add_corruption(self, corrupt: Callable[[Any], Any]) -> None:
        with self._lock:
            self._corruptions.append(corrupt)

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self._violations.clear()
            self._claims_challenges.clear()
            self._corruptions.clear()

    # -- ASGI ------------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await read_body(receive)
        raw_path = bytes(scope.get("raw_path") or scope["path"].encode("utf-8")).decode("latin-1")
        raw_path = raw_path.split("?", 1)[0]
        headers = [(key.decode("latin-1"), value.decode("latin-1")) for key, value in scope["headers"]]
        record = RecordedRequest(
            method=scope["method"],
            raw_path=raw_path,
            path=urllib.parse.unquote(raw_path),
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=body,
            timestamp=time.time(),
        )
        with self._lock:
            self._requests.append(record)
        request_id = new_id()
        client_request_id = record.header("client-request-id") or request_id
        ids = {"request-id": request_id, "client-request-id": client_request_id}

        delay_s = self._faults.take_latency(record.method, raw_path)
        if delay_s > 0:
            await asyncio.sleep(delay_s)
        fault = self._faults.take_answer(record.method, raw_path)
        if fault is not None:
            await self._send_fault(fault, record, ids, send)
            return

        reply, operation = self._answer(record, ids)
        payload = reply_bytes(reply)
        if operation is not None:
            self._check_response(operation, record, reply, payload)
        truncation = self._faults.take_truncation(record.method, raw_path) if payload else None
        record.status = reply.status
        await send_reply(send, reply, payload, ids, truncate=truncation is not None)

    # -- one request -----------------------------------------------------------------------------

    def _answer(self, record: RecordedRequest, ids: Mapping[str, str]) -> tuple[Reply, str | None]:
        """The reply, and the operationId whose contract it must meet (None: not a spec path)."""
        segments = [urllib.parse.unquote(part) for part in record.raw_path.split("/")]
        if record.method == "GET" and len(segments) == 4 and segments[1] == "recordings":
            return self._recording(record, segments[2], segments[3], ids), None
        prefix = API_PREFIX.strip("/")
        if len(segments) < 2 or segments[0] != "" or segments[1] != prefix:
            return error_reply(
                404, "NotFound", f"No Graph API at '{record.path}'. Use {API_PREFIX}.", ids
            ), None
        route, path_params, allowed = self._route(record.method, segments[2:])
        if route is None:
            if allowed:
                reply = error_reply(405, "MethodNotAllowed", f"{record.method} is not supported here.", ids)
                reply.headers["Allow"] = ", ".join(sorted(allowed))
                return reply, None
            segment = self._unmatched_segment(segments[2:]) or record.path
            return error_reply(
                400, "BadRequest", f"Resource not found for the segment '{segment}'.", ids
            ), None
        record.operation = route.operation
        record.path_params = path_params
        try:
            if self._claims_challenges:
                self._raise_claims_challenge()
            claims = self._authorize(route.operation, record)
            context = self._context(route.operation, record, path_params, claims)
            reply = HANDLERS[route.operation](self._state, context)
        except GraphError as err:
            reply = error_reply(err.status, err.code, err.message, ids, headers=err.headers)
        except Exception:  # a simulator bug: answer like Graph's 500, and say so in the log
            _log.exception("simulator handler for %s failed", route.operation)
            reply = error_reply(500, "UnknownError", "The simulator failed to handle this request.", ids)
        reply = self._corrupt(reply)
        return reply, route.operation

    def _route(self, method: str, segments: Sequence[str]) -> tuple[_Route | None, dict[str, str], set[str]]:
        allowed: set[str] = set()
        for route in self._routes:
            params = route.match(segments)
            if params is None:
                continue
            if route.method == method:
                return route, params, allowed
            allowed.add(route.method)
        return None, {}, allowed

    def _unmatched_segment(self, segments: Sequence[str]) -> str | None:
        """The first segment no route knows at its position (for the error message)."""
        matched = 0
        for route in self._routes:
            for index, (pattern, actual) in enumerate(zip(route.segments, segments, strict=False)):
                if not pattern.startswith("{") and pattern.lower() != actual.lower():
                    break
                matched = max(matched, index + 1)
        return segments[matched] if matched < len(segments) else (segments[-1] if segments else None)

    def _raise_claims_challenge(self) -> None:
        with self._lock:
            claims_json = self._claims_challenges.pop(0) if self._claims_challenges else None
        if claims_json is None:
            return
        encoded = base64.b64encode(claims_json.encode("utf-8")).decode("ascii")
        raise GraphError(
            401,
            "InvalidAuthenticationToken",
            "Continuous access evaluation resulted in challenge with result: InteractionRequired "
            "and code: TokenIssuedBeforeRevocationTimestamp",
            headers={
                "WWW-Authenticate": (
                    f'{self._bearer_challenge()}, error="insufficient_claims", claims="{encoded}"'
                )
            },
        )

    def _bearer_challenge(self) -> str:
        return f'Bearer realm="", authorization_uri="{self._authorization_uri()}", client_id="{GRAPH_APP_ID}"'

    def _authorize(self, operation: str, record: RecordedRequest) -> Mapping[str, Any]:
        header = record.header("Authorization") or ""
        scheme, _, token = header.partition(" ")
        challenge = {"WWW-Authenticate": self._bearer_challenge()}
        if scheme.lower() != "bearer" or not token.strip():
            raise GraphError(401, "InvalidAuthenticationToken", "Access token is empty.", headers=challenge)
        try:
            claims = self._verified_claims(token.strip())
        except ValueError as exc:
            raise GraphError(
                401,
                "InvalidAuthenticationToken",
                f"Access token validation failure. {exc}",
                headers=challenge,
            ) from None
        needed = tuple(self._required_permissions(operation))
        roles = claims.get("roles") or []
        if needed and not set(needed) & set(roles if isinstance(roles, list) else []):
            raise GraphError(
                403,
                "Forbidden",
                "Insufficient privileges to complete the operation. The application needs one of "
                f"these application permissions: {', '.join(needed)}.",
            )
        return claims

    def _verified_claims(self, token: str) -> Mapping[str, Any]:
        """The token's claims, verifying its signature only the first time it is seen.

        A token stays valid until its ``exp`` (which is checked again on each use): nothing else
        about a token the identity platform issued can change.
        """
        claims = self._verified_tokens.get(token)
        if claims is not None and time.time() < claims["exp"]:
            return claims
        claims = self._validate_token(token)
        if not isinstance(claims.get("exp"), int | float):
            return claims
        with self._lock:
            if len(self._verified_tokens) >= MAX_VERIFIED_TOKENS:
                self._verified_tokens.clear()
            self._verified_tokens[token] = claims
        return claims

    def _context(
        self, operation: str, record: RecordedRequest, path_params: dict[str, str], claims: Mapping[str, Any]
    ) -> Context:
        query_pairs = record.query
        content_type = record.header("Content-Type") or ""
        spec_operation = self._contract.operations[operation]
        problems = self._contract.check_request(
            operation,
            path_params=path_params,
            query=query_pairs,
            headers=dict(record.headers),
            body=record.body if spec_operation.has_request_body else None,
            content_type=content_type,
        )
        if problems:
            raise GraphError(400, "BadRequest", "; ".join(problems[:MAX_PROBLEMS_IN_MESSAGE]))
        body: Any = None
        if spec_operation.has_request_body and record.body:
            body = json.loads(record.body)
            if not isinstance(body, dict):
                raise GraphError(400, "BadRequest", "The request body must be a JSON object.")
        query = {name: value for name, value in query_pairs if value != ""}
        return Context(operation, path_params, query, body or {}, claims, self._base_url(), self.page_size)

    def _corrupt(self, reply: Reply) -> Reply:
        if reply.body is None or isinstance(reply.body, RawBody):
            return reply
        with self._lock:
            corrupt = self._corruptions.pop(0) if self._corruptions else None
        if corrupt is not None:
            reply.body = corrupt(reply.body)
        return reply

    def _check_response(self, operation: str, record: RecordedRequest, reply: Reply, payload: bytes) -> None:
        problems = self._contract.check_response(
            operation,
            status=reply.status,
            body=payload or None,
            content_type=JSON_CONTENT_TYPE if payload else "",
            headers=reply.headers,
            path_params=record.path_params,
        )
        if problems:
            self.add_violation(
                ContractViolation(
                    kind="response",
                    operation=operation,
                    method=record.method,
                    path=record.raw_path,
                    status=reply.status,
                    problems=tuple(problems),
                    body=reply.body,
                )
            )

    def _recording(
        self, record: RecordedRequest, call_id: str, operation_id: str, ids: Mapping[str, str]
    ) -> Reply:
        token = self._state.operations.recording_token(call_id, operation_id)
        if token is None:
            return error_reply(404, "itemNotFound", "No such recording.", ids)
        if record.header("Authorization") != f"Bearer {token}":
            return error_reply(
                401, "InvalidAuthenticationToken", "Use the recordingAccessToken as bearer token.", ids
            )
        return Reply(200, RawBody(_SILENCE_WAV, "audio/wav"))

    async def _send_fault(
        self, fault: Fault, record: RecordedRequest, ids: Mapping[str, str], send: Send
    ) -> None:
        if fault.kind == "drop_connection":
            await drop(send)
            return
        status, code, message = _FAULT_ANSWERS[fault.kind]
        headers: dict[str, str] = {}
        if fault.retry_after_s is not None:
            headers["Retry-After"] = _seconds(fault.retry_after_s)
        if fault.html:
            phrase = message.rstrip(".")
            page = f"<html><head><title>{status} {phrase}</title></head><body><h1>{phrase}</h1></body></html>"
            reply = Reply(status, RawBody(page.encode("utf-8"), "text/html; charset=utf-8"), headers)
        else:
            reply = error_reply(status, code, message, ids, headers=headers)
        record.status = status
        await send_reply(send, reply, reply_bytes(reply), ids, truncate=False)

    # -- routes ----------------------------------------------------------------------------------

    def _build_routes(self) -> list[_Route]:
        routes = []
        for operation in self._contract.operations.values():
            if operation.operation_id not in HANDLERS:
                raise RuntimeError(f"no simulator handler for {operation.operation_id}")
            segments = tuple(operation.path.strip("/").split("/"))
            is_action = operation.method == "POST" and not segments[-1].startswith("{")
            routes.append(_Route(operation.operation_id, operation.method, segments, is_action))
        return routes


_FAULT_ANSWERS: Final[Mapping[str, tuple[int, str, str]]] = {
    "throttle": (429, "TooManyRequests", "Too many requests. Retry after the time in Retry-After."),
    "unavailable": (503, "serviceNotAvailable", "Service Unavailable."),
    "gateway_timeout": (504, "GatewayTimeout", "Gateway Timeout."),
    "bad_gateway": (502, "BadGateway", "Bad Gateway."),
}


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
