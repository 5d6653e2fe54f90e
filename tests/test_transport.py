"""The Graph transport over a real local socket: retries, ids, auth retries, typed errors and logging.

Every behaviour test runs twice, through the sync ``GraphTransport`` in an ``httpx.Client`` and through
the async ``AsyncGraphTransport`` in an ``httpx.AsyncClient``, against a scripted HTTP server on
127.0.0.1. Waits are recorded by an injected ``sleep`` instead of being slept.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

import graph_calls
from graph_calls._core.context import CURRENT_OPERATION
from graph_calls._core.transport import (
    AsyncGraphTransport,
    GraphTransport,
    claims_from_challenge,
    redact,
)
from graph_calls.auth import AccessToken, TokenProvider
from graph_calls.errors import (
    BadRequestError,
    GraphAPIError,
    GraphConnectionError,
    GraphTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottledError,
    UnauthorizedError,
)
from graph_calls.retry import RetryPolicy

pytestmark = pytest.mark.anyio

SCOPE = "https://graph.microsoft.com/.default"
CALLS = "/v1.0/communications/calls"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# -- a scripted HTTP server ----------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """One scripted answer. ``drop`` closes the connection without answering."""

    status: int = 200
    body: bytes = b'{"id": "call-1"}'
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay_s: float = 0.0
    drop: bool = False


@dataclass(frozen=True)
class Seen:
    """One request as the server received it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def odata_error(status: int, code: str, message: str, **headers: str) -> Reply:
    body = {"error": {"code": code, "message": message, "innerError": {"request-id": "inner-rid"}}}
    return Reply(status, json.dumps(body).encode(), {"Content-Type": "application/json", **headers})


class ScriptedServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 answering from a script, recording what it saw."""

    def __init__(self, port: int = 0) -> None:
        self.replies: deque[Reply] = deque()
        self.seen: list[Seen] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.01,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in handler.headers.items()}
        self.seen.append(Seen(handler.command, handler.path, headers, body))
        reply = self.replies.popleft() if self.replies else Reply()
        time.sleep(reply.delay_s)
        if reply.drop:
            handler.close_connection = True
            return
        handler.send_response(reply.status)
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.end_headers()
        handler.wfile.write(reply.body)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # or each small answer waits for a delayed ACK

            def _handle(self) -> None:
                server._answer(self)

            do_GET = do_POST = do_DELETE = do_PATCH = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer().start()
    yield scripted
    scripted.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# -- test doubles --------------------------------------------------------------------------------


class StaticCredential:
    """A TokenCredential handing out fixed tokens in order (the last one repeats); records each call."""

    def __init__(self, *tokens: str) -> None:
        self.tokens = tokens or ("token-1",)
        self.calls: list[dict[str, Any]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls.append({"scopes": scopes, **kwargs})
        token = self.tokens[min(len(self.calls), len(self.tokens)) - 1]
        return AccessToken(token, int(time.time()) + 3600)


class Graph:
    """A sync or async httpx client over our transport, called the same way (awaited) by the tests."""

    def __init__(
        self,
        twin: str,
        base_url: str,
        *,
        credential: StaticCredential | None,
        policy: RetryPolicy,
        clock: Callable[[], float],
        on_sleep: Callable[[float], None] | None,
        read_timeout_s: float,
    ) -> None:
        self.sleeps: list[float] = []
        self._on_sleep = on_sleep
        provider = TokenProvider(credential, [SCOPE]) if credential else None
        options: dict[str, Any] = {"token_provider": provider, "retry_policy": policy, "clock": clock}
        self._sync: httpx.Client | None = None
        self._async: httpx.AsyncClient | None = None
        timeout = httpx.Timeout(5.0, read=read_timeout_s)
        if twin == "sync":
            transport = GraphTransport(sleep=self._record_sleep, **options)
            self._sync = httpx.Client(base_url=base_url, transport=transport, timeout=timeout)
        else:
            atransport = AsyncGraphTransport(sleep=self._record_async_sleep, **options)
            self._async = httpx.AsyncClient(base_url=base_url, transport=atransport, timeout=timeout)

    def _record_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self._on_sleep:
            self._on_sleep(seconds)

    async def _record_async_sleep(self, seconds: float) -> None:
        self._record_sleep(seconds)

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if self._sync is not None:
            return self._sync.request(method, path, **kwargs)
        assert self._async is not None
        return await self._async.request(method, path, **kwargs)

    async def aclose(self) -> None:
        if self._sync is not None:
            self._sync.close()
        if self._async is not None:
            await self._async.aclose()


GraphFactory = Callable[..., Graph]


@pytest.fixture(params=["sync", "async"])
async def make_graph(request: pytest.FixtureRequest, server: ScriptedServer) -> AsyncIterator[GraphFactory]:
    made: list[Graph] = []

    def make(
        *,
        credential: StaticCredential | None = None,
        policy: RetryPolicy | None = None,
        base_url: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_sleep: Callable[[float], None] | None = None,
        read_timeout_s: float = 5.0,
    ) -> Graph:
        graph = Graph(
            request.param,
            base_url or server.url,
            credential=credential if credential is not None else StaticCredential(),
            policy=policy or RetryPolicy(),
            clock=clock,
            on_sleep=on_sleep,
            read_timeout_s=read_timeout_s,
        )
        made.append(graph)
        return graph

    yield make
    for graph in made:
        await graph.aclose()


# -- retries -------------------------------------------------------------------------------------


async def test_429_with_retry_after_waits_that_long_then_succeeds(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(Reply(429, b"", {"Retry-After": "1"}), Reply(200))
    graph = make_graph()
    response = await graph.request("POST", CALLS, json={"callbackUri": "https://bot.example/cb"})
    assert response.status_code == 200
    assert response.json() == {"id": "call-1"}
    assert graph.sleeps == [1.0]
    assert len(server.seen) == 2


async def test_503_is_retried_for_post_and_the_body_is_sent_again(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(Reply(503, b""), Reply(200))
    graph = make_graph()
    response = await graph.request("POST", CALLS, json={"callbackUri": "https://bot.example/cb"})
    assert response.status_code == 200
    assert [seen.method for seen in server.seen] == ["POST", "POST"]
    assert server.seen[0].body == server.seen[1].body == b'{"callbackUri":"https://bot.example/cb"}'
    assert len(graph.sleeps) == 1


async def test_504_on_post_is_not_retried(server: ScriptedServer, make_graph: GraphFactory) -> None:
    server.script(Reply(504, b""), Reply(200))
    graph = make_graph()
    with pytest.raises(ServerError) as caught:
        await graph.request("POST", f"{CALLS}/call-1/participants/invite", json={})
    assert caught.value.status == 504
    assert len(server.seen) == 1
    assert graph.sleeps == []


async def test_504_on_get_is_retried(server: ScriptedServer, make_graph: GraphFactory) -> None:
    server.script(Reply(504, b""), Reply(200))
    graph = make_graph()
    response = await graph.request("GET", f"{CALLS}/call-1")
    assert response.status_code == 200
    assert len(server.seen) == 2


async def test_connection_refused_on_post_is_retried(make_graph: GraphFactory) -> None:
    port = free_port()
    late: list[ScriptedServer] = []
    # Nothing listens on the port until the transport sleeps before its retry.
    graph = make_graph(
        base_url=f"http://127.0.0.1:{port}",
        on_sleep=lambda _: late.append(ScriptedServer(port).start()),
    )
    try:
        response = await graph.request("POST", CALLS, json={})
        assert response.status_code == 200
        assert len(graph.sleeps) == 1
        assert len(late) == 1
        assert len(late[0].seen) == 1
    finally:
        for started in late:
            started.stop()


async def test_connection_refused_after_all_retries_is_a_connection_error(make_graph: GraphFactory) -> None:
    graph = make_graph(base_url=f"http://127.0.0.1:{free_port()}", policy=RetryPolicy(max_retries=2))
    with pytest.raises(GraphConnectionError) as caught:
        await graph.request("POST", CALLS, json={})
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert "ConnectError" in str(caught.value)
    assert len(graph.sleeps) == 2


async def test_dropped_connection_is_retried_for_get(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(Reply(drop=True), Reply(200))
    graph = make_graph()
    response = await graph.request("GET", f"{CALLS}/call-1")
    assert response.status_code == 200
    assert len(server.seen) == 2


async def test_dropped_connection_on_post_is_not_retried(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(Reply(drop=True), Reply(200))
    graph = make_graph()
    with pytest.raises(GraphConnectionError) as caught:
        await graph.request("POST", CALLS, json={})
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert len(server.seen) == 1


async def test_read_timeout_on_post_is_a_timeout_error_without_retry(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(Reply(200, delay_s=1.0))
    graph = make_graph(read_timeout_s=0.2)
    with pytest.raises(GraphTimeoutError) as caught:
        await graph.request("POST", CALLS, json={})
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert "Authorization" not in str(caught.value)
    assert "Bearer" not in str(caught.value)
    assert len(server.seen) == 1


async def test_every_attempt_carries_the_same_client_request_id(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(Reply(503, b""), Reply(429, b"", {"Retry-After": "0"}), Reply(200))
    graph = make_graph()
    await graph.request("POST", CALLS, json={})
    ids = {seen.headers["client-request-id"] for seen in server.seen}
    assert len(server.seen) == 3
    assert len(ids) == 1
    uuid.UUID(ids.pop())  # a uuid4 made by the transport


async def test_the_callers_client_request_id_is_kept(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(Reply(503, b""), Reply(200))
    graph = make_graph()
    await graph.request("GET", f"{CALLS}/call-1", headers={"client-request-id": "mine-123"})
    assert [seen.headers["client-request-id"] for seen in server.seen] == ["mine-123", "mine-123"]


async def test_each_request_gets_its_own_client_request_id(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    graph = make_graph()
    await graph.request("GET", f"{CALLS}/call-1")
    await graph.request("GET", f"{CALLS}/call-1")
    assert server.seen[0].headers["client-request-id"] != server.seen[1].headers["client-request-id"]


async def test_max_retries_respected_then_throttled_error_carries_retry_after(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(*[odata_error(429, "TooManyRequests", "Slow down", **{"Retry-After": "2"})] * 3)
    graph = make_graph(policy=RetryPolicy(max_retries=2))
    with pytest.raises(ThrottledError) as caught:
        await graph.request("POST", CALLS, json={})
    assert len(server.seen) == 3
    assert graph.sleeps == [2.0, 2.0]
    assert caught.value.status == 429
    assert caught.value.retry_after_s == 2.0
    assert caught.value.code == "TooManyRequests"


async def test_retry_after_longer_than_allowed_is_raised_at_once(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(Reply(429, b"", {"Retry-After": "3600"}), Reply(200))
    graph = make_graph()
    with pytest.raises(ThrottledError) as caught:
        await graph.request("GET", f"{CALLS}/call-1")
    assert caught.value.retry_after_s == 3600.0
    assert len(server.seen) == 1
    assert graph.sleeps == []


async def test_retries_stop_at_the_deadline(server: ScriptedServer, make_graph: GraphFactory) -> None:
    now = [0.0]

    def advance(seconds: float) -> None:
        now[0] += seconds

    server.script(*[Reply(503, b"", {"Retry-After": "4"})] * 5)
    graph = make_graph(
        policy=RetryPolicy(max_retries=5, deadline_s=10.0), clock=lambda: now[0], on_sleep=advance
    )
    with pytest.raises(ServerError):
        await graph.request("GET", f"{CALLS}/call-1")
    # t=0 503, wait 4; t=4 503, wait 4; t=8 503: a third wait of 4 s would end past t=10.
    assert graph.sleeps == [4.0, 4.0]
    assert len(server.seen) == 3


# -- error bodies --------------------------------------------------------------------------------


async def test_html_503_becomes_a_server_error_with_a_short_message(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    page = b"<html><body><h1>503 Service Unavailable</h1>" + b"x" * 1000 + b"</body></html>"
    server.script(*[Reply(503, page, {"Content-Type": "text/html; charset=utf-8"})] * 2)
    graph = make_graph(policy=RetryPolicy(max_retries=1))
    with pytest.raises(ServerError) as caught:
        await graph.request("POST", CALLS, json={})
    error = caught.value
    assert error.status == 503
    assert error.code is None
    assert error.message == f"non-JSON error body (text/html, {len(page)} bytes)"
    assert "<html" not in str(error)


async def test_empty_error_body_is_described(server: ScriptedServer, make_graph: GraphFactory) -> None:
    server.script(Reply(404, b"", {}))
    graph = make_graph()
    with pytest.raises(NotFoundError) as caught:
        await graph.request("DELETE", f"{CALLS}/call-1")
    assert caught.value.message == "empty error body"


async def test_odata_error_fields_are_parsed(server: ScriptedServer, make_graph: GraphFactory) -> None:
    server.script(odata_error(404, "itemNotFound", "Call call-9 not found", **{"request-id": "rid-42"}))
    graph = make_graph()
    with pytest.raises(NotFoundError) as caught:
        await graph.request("GET", f"{CALLS}/call-9", headers={"client-request-id": "crid-7"})
    error = caught.value
    assert (error.status, error.code, error.message) == (404, "itemNotFound", "Call call-9 not found")
    assert error.request_id == "rid-42"
    assert error.client_request_id == "crid-7"
    assert error.date  # the server's Date header
    assert error.method == "GET"
    assert error.url == f"{server.url}{CALLS}/call-9"
    assert error.retry_after_s is None


async def test_request_id_falls_back_to_inner_error(server: ScriptedServer, make_graph: GraphFactory) -> None:
    server.script(odata_error(400, "BadRequest", "Invalid callbackUri"))
    graph = make_graph()
    with pytest.raises(BadRequestError) as caught:
        await graph.request("POST", CALLS, json={})
    assert caught.value.request_id == "inner-rid"
    assert caught.value.client_request_id == server.seen[0].headers["client-request-id"]


# -- auth ----------------------------------------------------------------------------------------


async def test_requests_carry_bearer_token_and_user_agent(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    graph = make_graph(credential=StaticCredential("token-abc"))
    await graph.request("GET", f"{CALLS}/call-1")
    headers = server.seen[0].headers
    assert headers["authorization"] == "Bearer token-abc"
    assert headers["user-agent"] == f"graph-calls/{graph_calls.__version__}"


async def test_401_refetches_the_token_once_and_retries(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    credential = StaticCredential("stale-token", "fresh-token")
    server.script(odata_error(401, "InvalidAuthenticationToken", "Token expired"), Reply(200))
    graph = make_graph(credential=credential)
    response = await graph.request("POST", CALLS, json={})
    assert response.status_code == 200
    assert len(credential.calls) == 2
    assert [seen.headers["authorization"] for seen in server.seen] == [
        "Bearer stale-token",
        "Bearer fresh-token",
    ]
    assert graph.sleeps == []


async def test_401_again_after_the_retry_raises_unauthorized(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    credential = StaticCredential("token-1", "token-2", "token-3")
    server.script(*[odata_error(401, "InvalidAuthenticationToken", "Access token is empty")] * 3)
    graph = make_graph(credential=credential)
    with pytest.raises(UnauthorizedError) as caught:
        await graph.request("GET", f"{CALLS}/call-1")
    assert caught.value.code == "InvalidAuthenticationToken"
    assert len(server.seen) == 2
    assert len(credential.calls) == 2


async def test_claims_challenge_is_decoded_and_passed_to_the_credential_once(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    claims = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}'
    encoded = base64.b64encode(claims.encode()).decode().rstrip("=")  # Graph may drop the padding
    challenge = (
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
        f'client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="{encoded}"'
    )
    credential = StaticCredential("revoked-token", "cae-token")
    server.script(Reply(401, b"", {"WWW-Authenticate": challenge}), Reply(200))
    graph = make_graph(credential=credential)
    response = await graph.request("GET", f"{CALLS}/call-1")
    assert response.status_code == 200
    assert credential.calls == [
        {"scopes": (SCOPE,)},
        {"scopes": (SCOPE,), "claims": claims, "enable_cae": True},
    ]
    assert server.seen[1].headers["authorization"] == "Bearer cae-token"


async def test_403_carries_the_permissions_of_the_current_operation(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(odata_error(403, "Forbidden", "Insufficient privileges"))
    graph = make_graph()
    marker = CURRENT_OPERATION.set("participants_delete")
    try:
        with pytest.raises(PermissionDeniedError) as caught:
            await graph.request("DELETE", f"{CALLS}/call-1/participants/p-1")
    finally:
        CURRENT_OPERATION.reset(marker)
    assert caught.value.status == 403
    assert caught.value.required_permissions == (
        "Calls.JoinGroupCall.All",
        "Calls.JoinGroupCallAsGuest.All",
    )
    assert "Calls.JoinGroupCall.All" in str(caught.value)


async def test_403_without_a_current_operation_names_no_permissions(
    server: ScriptedServer, make_graph: GraphFactory
) -> None:
    server.script(odata_error(403, "Forbidden", "Insufficient privileges"))
    graph = make_graph()
    with pytest.raises(PermissionDeniedError) as caught:
        await graph.request("DELETE", f"{CALLS}/call-1/participants/p-1")
    assert caught.value.required_permissions == ()


# -- logging -------------------------------------------------------------------------------------


async def test_no_token_appears_in_any_log_record(
    server: ScriptedServer, make_graph: GraphFactory, caplog: pytest.LogCaptureFixture
) -> None:
    credential = StaticCredential("secret-token-one", "secret-token-two")
    server.script(
        odata_error(401, "InvalidAuthenticationToken", "expired"),
        Reply(429, b"", {"Retry-After": "0"}),
        Reply(200, headers={"request-id": "rid-1", "Content-Type": "application/json"}),
    )
    graph = make_graph(credential=credential)
    with caplog.at_level(logging.DEBUG):
        await graph.request("POST", CALLS, json={"note": "hello"})
    everything = "\n".join(f"{record.getMessage()} {record.args!r}" for record in caplog.records)
    assert "secret-token" not in everything
    ours = [record for record in caplog.records if record.name == "graph_calls"]
    attempts = [record.getMessage() for record in ours if record.levelno == logging.DEBUG]
    assert len(attempts) == 3
    assert f"POST {server.url}{CALLS} -> 200" in attempts[-1]
    assert "attempt 3" in attempts[-1]
    assert "request-id rid-1" in attempts[-1]
    retries = [record.getMessage() for record in ours if record.levelno == logging.INFO]
    assert len(retries) == 2
    assert "token refused (401)" in retries[0]
    assert "HTTP 429" in retries[1]


# -- units: pure helpers and status mapping (no socket needed) -----------------------------------


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (409, BadRequestError),
        (422, BadRequestError),
        (418, BadRequestError),
        (401, UnauthorizedError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (410, NotFoundError),
        (429, ThrottledError),
        (500, ServerError),
        (502, ServerError),
        (302, GraphAPIError),
    ],
)
def test_status_maps_to_its_error_class(status: int, error_class: type[GraphAPIError]) -> None:
    inner = httpx.MockTransport(lambda request: httpx.Response(status, json={"error": {"code": "X"}}))
    transport = GraphTransport(inner, retry_policy=RetryPolicy(max_retries=0))
    with httpx.Client(transport=transport) as client, pytest.raises(GraphAPIError) as caught:
        client.post("https://graph.example/v1.0/communications/calls", json={})
    assert type(caught.value) is error_class
    assert caught.value.status == status


def test_without_a_token_provider_no_authorization_is_added() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    with httpx.Client(transport=GraphTransport(httpx.MockTransport(answer))) as client:
        client.get("https://graph.example/v1.0/communications/calls/c1")
    assert "authorization" not in seen[0].headers


@pytest.mark.parametrize(
    "challenge",
    [
        'Bearer error="insufficient_claims", claims="e30="',
        'Bearer realm="", error="insufficient_claims", claims="e30"',
        'Bearer error=insufficient_claims, claims="{}"',
    ],
)
def test_claims_challenge_is_decoded_with_or_without_padding(challenge: str) -> None:
    assert claims_from_challenge([challenge]) == "{}"


@pytest.mark.parametrize(
    "challenge",
    [
        'Bearer realm="", error="invalid_token"',
        'Bearer error="insufficient_claims"',
        'Bearer error="insufficient_claims", claims="!!!not base64!!!"',
        'Bearer error="insufficient_claims", claims="bm90IGpzb24"',  # "not json"
        'Basic realm="graph"',
    ],
)
def test_other_challenges_are_not_claims_challenges(challenge: str) -> None:
    assert claims_from_challenge([challenge]) is None


def test_redact_hides_credentials_but_keeps_other_headers() -> None:
    headers = {"Authorization": "Bearer abc.def", "request-id": "42", "Cookie": "session=1"}
    assert redact(headers) == {
        "Authorization": "Bearer <redacted>",
        "request-id": "42",
        "Cookie": "<redacted>",
    }


def test_403_for_an_unknown_operation_names_no_permissions() -> None:
    inner = httpx.MockTransport(lambda request: httpx.Response(403, json={"error": {"code": "Forbidden"}}))
    marker = CURRENT_OPERATION.set("no_such_operation")
    try:
        with (
            httpx.Client(transport=GraphTransport(inner)) as client,
            pytest.raises(PermissionDeniedError) as caught,
        ):
            client.delete("https://graph.example/v1.0/communications/calls/c1")
    finally:
        CURRENT_OPERATION.reset(marker)
    assert caught.value.required_permissions == ()
