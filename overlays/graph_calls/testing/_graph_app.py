"""The simulator's HTTP face: a pure-ASGI app that answers like Graph's ``/v1.0/communications/calls``.

For each request, in order: record it (raw path, headers, body), apply injected faults, answer a
pending claims challenge, route it (by the raw path, so an id holding ``%2F`` stays one id),
check the bearer token and its roles, validate the request against the spec (a Graph-shaped
``400`` without calling the handler if it does not conform), run the handler on the simulated
state, validate the response (a violation is recorded, and the response still sent), send it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from starlette.types import Receive, Scope, Send

from graph_calls.testing._contract import (
    API_PREFIX,
    ContractViolation,
    GraphError,
    SpecContract,
    error_body,
    json_bytes,
)
from graph_calls.testing._faults import Fault, Faults
from graph_calls.testing._state import SimState

__all__ = ["GraphApp", "RecordedRequest", "Reply"]

_log = logging.getLogger(__name__)

JSON_CONTENT_TYPE: Final = (
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
)
GRAPH_APP_ID: Final = "00000003-0000-0000-c000-000000000000"
NAMESPACE: Final = "microsoft.graph."
MAX_PROBLEMS_IN_MESSAGE: Final = 5
DROP_WAIT_S: Final = 2.0
# A short, valid WAV file (8 kHz mono PCM, 0.1 s of silence) served as every recording.
_SILENCE_WAV: Final = (
    b"RIFF" + (36 + 1600).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
    + (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (8000).to_bytes(4, "little")
    + (16000).to_bytes(4, "little") + (2).to_bytes(2, "little") + (16).to_bytes(2, "little")
    + b"data" + (1600).to_bytes(4, "little") + bytes(1600)
)  # fmt: skip


@dataclass
class RecordedRequest:
    """One request as the simulator received it."""

    method: str
    raw_path: str
    """The path as sent on the wire, percent-encoding intact (``/v1.0/.../a%2Fb``)."""
    path: str
    """The percent-decoded path."""
    query_string: str
    headers: list[tuple[str, str]]
    body: bytes
    timestamp: float
    operation: str | None = None
    """The operationId it was routed to (None for unknown paths)."""
    status: int | None = None
    """The status answered (None while in progress, or when the connection was dropped)."""
    path_params: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """The first value of a header (case-insensitive), or None."""
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)

    @property
    def query(self) -> list[tuple[str, str]]:
        """The query parameters, decoded, in order."""
        return urllib.parse.parse_qsl(self.query_string, keep_blank_values=True)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass
class Reply:
    """What a handler answers: status, JSON body (None for none) and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Context:
    operation: str
    path_params: dict[str, str]
    query: dict[str, str]
    body: Any
    claims: Mapping[str, Any]
    base_url: str

    @property
    def app_id(self) -> str:
        return str(self.claims.get("appid") or self.claims.get("azp") or "")

    @property
    def call_id(self) -> str:
        return self.path_params["call-id"]


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
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await _read_body(receive)
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
        request_id = str(uuid.uuid4())
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
        payload = _payload(reply)
        if operation is not None:
            self._check_response(operation, record, reply, payload)
        truncation = self._faults.take_truncation(record.method, raw_path) if payload else None
        record.status = reply.status
        await _send_reply(send, reply, payload, ids, truncate=truncation is not None)

    # -- one request -----------------------------------------------------------------------------

    def _answer(self, record: RecordedRequest, ids: Mapping[str, str]) -> tuple[Reply, str | None]:
        """The reply, and the operationId whose contract it must meet (None: not a spec path)."""
        segments = [urllib.parse.unquote(part) for part in record.raw_path.split("/")]
        if record.method == "GET" and len(segments) == 4 and segments[1] == "recordings":
            return self._recording(record, segments[2], segments[3], ids), None
        prefix = API_PREFIX.strip("/")
        if len(segments) < 2 or segments[0] != "" or segments[1] != prefix:
            return _error(404, "NotFound", f"No Graph API at '{record.path}'. Use {API_PREFIX}.", ids), None
        route, path_params, allowed = self._route(record.method, segments[2:])
        if route is None:
            if allowed:
                reply = _error(405, "MethodNotAllowed", f"{record.method} is not supported here.", ids)
                reply.headers["Allow"] = ", ".join(sorted(allowed))
                return reply, None
            segment = self._unmatched_segment(segments[2:]) or record.path
            return _error(400, "BadRequest", f"Resource not found for the segment '{segment}'.", ids), None
        record.operation = route.operation
        record.path_params = path_params
        try:
            if self._claims_challenges:
                self._raise_claims_challenge()
            claims = self._authorize(route.operation, record)
            context = self._context(route.operation, record, path_params, claims)
            reply = _HANDLERS[route.operation](self, context)
        except GraphError as err:
            reply = _error(err.status, err.code, err.message, ids, headers=err.headers)
        except Exception:  # a simulator bug: answer like Graph's 500, and say so in the log
            _log.exception("simulator handler for %s failed", route.operation)
            reply = _error(500, "UnknownError", "The simulator failed to handle this request.", ids)
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
            claims = self._validate_token(token.strip())
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

    def _context(
        self, operation: str, record: RecordedRequest, path_params: dict[str, str], claims: Mapping[str, Any]
    ) -> _Context:
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
        return _Context(operation, path_params, query, body or {}, claims, self._base_url())

    def _corrupt(self, reply: Reply) -> Reply:
        if reply.body is None or isinstance(reply.body, _RawBody):
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
        token = self._state.recording_token(call_id, operation_id)
        if token is None:
            return _error(404, "itemNotFound", "No such recording.", ids)
        if record.header("Authorization") != f"Bearer {token}":
            return _error(
                401, "InvalidAuthenticationToken", "Use the recordingAccessToken as bearer token.", ids
            )
        return Reply(200, _RawBody(_SILENCE_WAV, "audio/wav"))

    async def _send_fault(
        self, fault: Fault, record: RecordedRequest, ids: Mapping[str, str], send: Send
    ) -> None:
        if fault.kind == "drop_connection":
            await _drop(send)
            return
        status, code, message = _FAULT_ANSWERS[fault.kind]
        headers: dict[str, str] = {}
        if fault.retry_after_s is not None:
            headers["Retry-After"] = _seconds(fault.retry_after_s)
        if fault.html:
            phrase = message.rstrip(".")
            page = f"<html><head><title>{status} {phrase}</title></head><body><h1>{phrase}</h1></body></html>"
            reply = Reply(status, _RawBody(page.encode("utf-8"), "text/html; charset=utf-8"), headers)
        else:
            reply = _error(status, code, message, ids, headers=headers)
        record.status = status
        await _send_reply(send, reply, _payload(reply), ids, truncate=False)

    # -- routes ----------------------------------------------------------------------------------

    def _build_routes(self) -> list[_Route]:
        routes = []
        for operation in self._contract.operations.values():
            if operation.operation_id not in _HANDLERS:
                raise RuntimeError(f"no simulator handler for {operation.operation_id}")
            segments = tuple(operation.path.strip("/").split("/"))
            is_action = operation.method == "POST" and not segments[-1].startswith("{")
            routes.append(_Route(operation.operation_id, operation.method, segments, is_action))
        return routes

    # -- handlers --------------------------------------------------------------------------------

    def _location(self, ctx: _Context, *parts: str) -> str:
        return ctx.base_url + "".join(f"/{urllib.parse.quote(part, safe='')}" for part in parts)

    def _operation_reply(self, ctx: _Context, operation: dict[str, Any], status: int = 200) -> Reply:
        location = self._location(ctx, "communications", "calls", ctx.call_id, "operations", operation["id"])
        return Reply(status, operation, {"Location": location})

    def _list(self, ctx: _Context, items: list[dict[str, Any]], collection: str) -> Reply:
        top = _int_param(ctx.query, "$top")
        offset = (_int_param(ctx.query, "$skip") or 0) + _skiptoken_offset(ctx.query.get("$skiptoken"))
        size = top if top is not None else self.page_size
        window = items[offset : offset + size] if size > 0 else []
        select = ctx.query.get("$select")
        quoted_call = urllib.parse.quote(ctx.call_id, safe="")
        body: dict[str, Any] = {
            "@odata.context": f"{ctx.base_url}/$metadata#communications/calls('{quoted_call}')/{collection}",
        }
        if ctx.query.get("$count", "").lower() == "true":
            body["@odata.count"] = len(items)
        body["value"] = [_select(item, select) for item in window]
        next_offset = offset + size
        if size > 0 and next_offset < len(items):
            params: list[tuple[str, str]] = [
                (name, ctx.query[name]) for name in ("$select", "$count", "$top") if name in ctx.query
            ]
            params.append(("$skiptoken", _skiptoken(next_offset)))
            query = urllib.parse.urlencode(params, safe="$,")
            body["@odata.nextLink"] = (
                f"{ctx.base_url}/communications/calls/{quoted_call}/{collection}?{query}"
            )
        return Reply(200, body)

    def _entity(self, ctx: _Context, entity: dict[str, Any], context_path: str) -> Reply:
        body = {"@odata.context": f"{ctx.base_url}/$metadata#{context_path}"}
        body.update(_select(entity, ctx.query.get("$select")))
        return Reply(200, body)

    def _call_context(self, ctx: _Context, collection: str) -> str:
        return f"communications/calls('{urllib.parse.quote(ctx.call_id, safe='')}')/{collection}/$entity"

    def calls_create(self, ctx: _Context) -> Reply:
        call = self._state.create_call(ctx.body, app_id=ctx.app_id)
        body = {"@odata.context": f"{ctx.base_url}/$metadata#communications/calls/$entity", **call}
        return Reply(201, body, {"Location": self._location(ctx, "communications", "calls", call["id"])})

    def calls_get(self, ctx: _Context) -> Reply:
        return self._entity(ctx, self._state.get_call(ctx.call_id), "communications/calls/$entity")

    def calls_delete(self, ctx: _Context) -> Reply:
        self._state.delete_call(ctx.call_id)
        return Reply(204)

    def calls_answer(self, ctx: _Context) -> Reply:
        self._state.answer(ctx.call_id, ctx.body)
        return Reply(202)

    def calls_reject(self, ctx: _Context) -> Reply:
        self._state.reject(ctx.call_id, ctx.body)
        return Reply(202)

    def calls_redirect(self, ctx: _Context) -> Reply:
        self._state.redirect(ctx.call_id, ctx.body)
        return Reply(202)

    def calls_transfer(self, ctx: _Context) -> Reply:
        self._state.transfer(ctx.call_id, ctx.body)
        return Reply(202)

    def calls_change_screen_sharing_role(self, ctx: _Context) -> Reply:
        self._state.change_screen_sharing_role(ctx.call_id, ctx.body)
        return Reply(202)

    def calls_keep_alive(self, ctx: _Context) -> Reply:
        self._state.keep_alive(ctx.call_id)
        return Reply(200)

    def calls_log_teleconference_device_quality(self, ctx: _Context) -> Reply:
        self._state.log_device_quality(ctx.body)
        return Reply(200)

    def operations_get(self, ctx: _Context) -> Reply:
        operation = self._state.get_operation(ctx.call_id, ctx.path_params["commsOperation-id"])
        return self._entity(ctx, operation, self._call_context(ctx, "operations"))

    def participants_list(self, ctx: _Context) -> Reply:
        return self._list(ctx, self._state.list_participants(ctx.call_id), "participants")

    def participants_get(self, ctx: _Context) -> Reply:
        participant = self._state.get_participant(ctx.call_id, ctx.path_params["participant-id"])
        return self._entity(ctx, participant, self._call_context(ctx, "participants"))

    def participants_invite(self, ctx: _Context) -> Reply:
        return self._operation_reply(ctx, self._state.invite(ctx.call_id, ctx.body))

    def participants_delete(self, ctx: _Context) -> Reply:
        self._state.delete_participant(ctx.call_id, ctx.path_params["participant-id"])
        return Reply(204)

    def participants_mute(self, ctx: _Context) -> Reply:
        pid = ctx.path_params["participant-id"]
        return self._operation_reply(ctx, self._state.mute_participant(ctx.call_id, pid, ctx.body))

    def participants_start_hold_music(self, ctx: _Context) -> Reply:
        pid = ctx.path_params["participant-id"]
        return self._operation_reply(ctx, self._state.hold_music(ctx.call_id, pid, ctx.body, start=True), 202)

    def participants_stop_hold_music(self, ctx: _Context) -> Reply:
        pid = ctx.path_params["participant-id"]
        return self._operation_reply(
            ctx, self._state.hold_music(ctx.call_id, pid, ctx.body, start=False), 202
        )

    def audio_routing_groups_list(self, ctx: _Context) -> Reply:
        return self._list(ctx, self._state.list_groups(ctx.call_id), "audioRoutingGroups")

    def audio_routing_groups_create(self, ctx: _Context) -> Reply:
        # The reference documents 200 (not 201) for this create.
        return Reply(200, self._state.create_group(ctx.call_id, ctx.body))

    def audio_routing_groups_get(self, ctx: _Context) -> Reply:
        group = self._state.get_group(ctx.call_id, ctx.path_params["audioRoutingGroup-id"])
        return self._entity(ctx, group, self._call_context(ctx, "audioRoutingGroups"))

    def audio_routing_groups_update(self, ctx: _Context) -> Reply:
        group_id = ctx.path_params["audioRoutingGroup-id"]
        return Reply(200, self._state.update_group(ctx.call_id, group_id, ctx.body))

    def audio_routing_groups_delete(self, ctx: _Context) -> Reply:
        self._state.delete_group(ctx.call_id, ctx.path_params["audioRoutingGroup-id"])
        return Reply(204)

    def content_sharing_sessions_list(self, ctx: _Context) -> Reply:
        return self._list(ctx, self._state.list_sessions(ctx.call_id), "contentSharingSessions")

    def content_sharing_sessions_get(self, ctx: _Context) -> Reply:
        session = self._state.get_session(ctx.call_id, ctx.path_params["contentSharingSession-id"])
        return self._entity(ctx, session, self._call_context(ctx, "contentSharingSessions"))


def _call_action(action: str, status: int = 200) -> Callable[[GraphApp, _Context], Reply]:
    """A handler for a call action answered with an operation (playPrompt, mute, ...)."""

    def handle(app: GraphApp, ctx: _Context) -> Reply:
        return app._operation_reply(ctx, app._state.start_operation(ctx.call_id, action, ctx.body), status)

    return handle


_HANDLERS: Final[Mapping[str, Callable[[GraphApp, _Context], Reply]]] = {
    "calls_create": GraphApp.calls_create,
    "calls_get": GraphApp.calls_get,
    "calls_delete": GraphApp.calls_delete,
    "calls_answer": GraphApp.calls_answer,
    "calls_reject": GraphApp.calls_reject,
    "calls_redirect": GraphApp.calls_redirect,
    "calls_transfer": GraphApp.calls_transfer,
    "calls_keep_alive": GraphApp.calls_keep_alive,
    "calls_change_screen_sharing_role": GraphApp.calls_change_screen_sharing_role,
    "calls_log_teleconference_device_quality": GraphApp.calls_log_teleconference_device_quality,
    "calls_play_prompt": _call_action("playPrompt"),
    "calls_record_response": _call_action("recordResponse"),
    "calls_cancel_media_processing": _call_action("cancelMediaProcessing"),
    "calls_subscribe_to_tone": _call_action("subscribeToTone"),
    "calls_send_dtmf_tones": _call_action("sendDtmfTones"),
    "calls_mute": _call_action("mute"),
    "calls_unmute": _call_action("unmute"),
    "calls_update_recording_status": _call_action("updateRecordingStatus"),
    "calls_add_large_gallery_view": _call_action("addLargeGalleryView", 202),
    "operations_get": GraphApp.operations_get,
    "participants_list": GraphApp.participants_list,
    "participants_get": GraphApp.participants_get,
    "participants_invite": GraphApp.participants_invite,
    "participants_delete": GraphApp.participants_delete,
    "participants_mute": GraphApp.participants_mute,
    "participants_start_hold_music": GraphApp.participants_start_hold_music,
    "participants_stop_hold_music": GraphApp.participants_stop_hold_music,
    "audio_routing_groups_list": GraphApp.audio_routing_groups_list,
    "audio_routing_groups_create": GraphApp.audio_routing_groups_create,
    "audio_routing_groups_get": GraphApp.audio_routing_groups_get,
    "audio_routing_groups_update": GraphApp.audio_routing_groups_update,
    "audio_routing_groups_delete": GraphApp.audio_routing_groups_delete,
    "content_sharing_sessions_list": GraphApp.content_sharing_sessions_list,
    "content_sharing_sessions_get": GraphApp.content_sharing_sessions_get,
}

_FAULT_ANSWERS: Final[Mapping[str, tuple[int, str, str]]] = {
    "throttle": (429, "TooManyRequests", "Too many requests. Retry after the time in Retry-After."),
    "unavailable": (503, "serviceNotAvailable", "Service Unavailable."),
    "gateway_timeout": (504, "GatewayTimeout", "Gateway Timeout."),
    "bad_gateway": (502, "BadGateway", "Bad Gateway."),
}


@dataclass(frozen=True)
class _RawBody:
    """A non-JSON body (an HTML error page, a recording)."""

    data: bytes
    content_type: str


# -- helpers ---------------------------------------------------------------------------------------


def _error(
    status: int,
    code: str,
    message: str,
    ids: Mapping[str, str],
    *,
    headers: Mapping[str, str] | None = None,
) -> Reply:
    body = error_body(code, message, request_id=ids["request-id"], client_request_id=ids["client-request-id"])
    return Reply(status, body, dict(headers or {}))


def _payload(reply: Reply) -> bytes:
    if reply.body is None:
        return b""
    if isinstance(reply.body, _RawBody):
        return reply.body.data
    return json_bytes(reply.body)


def _select(entity: dict[str, Any], select: str | None) -> dict[str, Any]:
    """``$select=a,b``: keep those properties (plus ``@odata.type`` and ``id``)."""
    if not select:
        return entity
    wanted = {name.strip() for name in select.split(",") if name.strip()} | {"@odata.type", "id"}
    return {key: value for key, value in entity.items() if key in wanted}


def _int_param(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name)
    return None if value is None else int(value)  # already checked against the spec


def _skiptoken(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset={offset}".encode()).decode("ascii").rstrip("=")


def _skiptoken_offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        name, _, value = text.partition("=")
        if name != "offset" or not value.isdigit():
            raise ValueError(text)
        return int(value)
    except ValueError:
        raise GraphError(400, "BadRequest", f"Invalid $skiptoken '{token}'.") from None


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)
        elif message["type"] == "http.disconnect":
            return b"".join(chunks)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _send_reply(
    send: Send, reply: Reply, payload: bytes, ids: Mapping[str, str], *, truncate: bool
) -> None:
    headers = {
        "request-id": ids["request-id"],
        "client-request-id": ids["client-request-id"],
        "Cache-Control": "no-store",
        **reply.headers,
    }
    if isinstance(reply.body, _RawBody):
        headers["Content-Type"] = reply.body.content_type
    elif payload:
        headers["Content-Type"] = JSON_CONTENT_TYPE
    if reply.status != 204:
        headers["Content-Length"] = str(len(payload))
    await send(
        {
            "type": "http.response.start",
            "status": reply.status,
            "headers": [
                (key.lower().encode("latin-1"), value.encode("latin-1")) for key, value in headers.items()
            ],
        }
    )
    if truncate:
        await send({"type": "http.response.body", "body": payload[: len(payload) // 2], "more_body": True})
        await _drop(send, response_started=True)
        return
    await send({"type": "http.response.body", "body": payload})


async def _drop(send: Send, *, response_started: bool = False) -> None:
    """Close the client's connection now, without (finishing) an answer.

    uvicorn gives the app no handle on the socket; its ``send`` is a method of the connection's
    request/response cycle, which has one. Elsewhere, fall back to a response that announces a
    body and never sends it: the client sees a broken response either way.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        if not response_started:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]})
        raise ConnectionAbortedError("simulated dropped connection")
    transport.close()
    deadline = time.monotonic() + DROP_WAIT_S
    while not getattr(cycle, "disconnected", True) and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    if not getattr(cycle, "disconnected", True):
        transport.abort()
