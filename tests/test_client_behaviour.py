"""What a user relies on, proven through the real client and a real socket to the simulator.

Auth (MSAL against the fake identity platform, secret and certificate), single-flight tokens, retries,
typed errors, paging safety, hostile ids, operation waiting, options, logging.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_calls import AsyncGraphCalls, GraphCalls, identities
from graph_calls import models as m
from graph_calls.errors import (
    AuthenticationError,
    BadRequestError,
    GraphConnectionError,
    InvalidInputError,
    NotFoundError,
    OperationFailed,
    OperationTimeoutError,
    PagingError,
    PermissionDeniedError,
    ServerError,
    ThrottledError,
)
from graph_calls.testing._tls import make_client_certificate
from graph_calls.testing.simulator import GraphSimulator

CALLS = "/v1.0/communications/calls"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _invitee(user: str = "278405a3-f568-4b3e-b684-009193463064") -> m.InvitationParticipantInfo:
    return m.InvitationParticipantInfo(identity=identities.user(user, identity_provider="AAD"))


def _graph_requests(sim: GraphSimulator) -> list[Any]:
    return [r for r in sim.requests if r.raw_path.startswith("/v1.0/")]


# --------------------------------------------------------------------------------------------- auth


def test_certificate_auth_pem_gets_a_token_and_calls_graph(graph_sim: GraphSimulator, tmp_path: Path) -> None:
    cert = make_client_certificate("graph-calls-test")
    registered = graph_sim.idp.register_client(certificate_pem=cert.certificate_pem)
    pem = tmp_path / "bot.pem"
    pem.write_bytes(cert.private_key_pem + cert.certificate_pem)
    call_id = graph_sim.seed_call(participants=1)
    with GraphCalls.from_certificate(
        tenant_id=graph_sim.tenant_id,
        client_id=registered.client_id,
        certificate_path=pem,
        authority=graph_sim.authority,
        base_url=graph_sim.base_url,
        verify=graph_sim.ca_bundle,
    ) as graph:
        assert graph.calls[call_id].get().id == call_id
    (record,) = graph_sim.idp.token_request_log
    assert record.auth_method == "certificate"


def test_certificate_auth_pfx_with_password(graph_sim: GraphSimulator, tmp_path: Path) -> None:
    cert = make_client_certificate("graph-calls-pfx", password=b"pfx-pass-1")
    registered = graph_sim.idp.register_client(certificate_pem=cert.certificate_pem)
    pfx = tmp_path / "bot.pfx"
    pfx.write_bytes(cert.pfx)
    call_id = graph_sim.seed_call()
    with GraphCalls.from_certificate(
        tenant_id=graph_sim.tenant_id,
        client_id=registered.client_id,
        certificate_path=str(pfx),
        password="pfx-pass-1",
        authority=graph_sim.authority,
        base_url=graph_sim.base_url,
        verify=graph_sim.ca_bundle,
    ) as graph:
        assert graph.calls[call_id].get().id == call_id


def test_wrong_secret_raises_authentication_error_without_the_secret(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with GraphCalls.from_client_secret(
        tenant_id=graph_sim.tenant_id,
        client_id=graph_sim.client_id,
        client_secret="not-the-secret-xyz",
        authority=graph_sim.authority,
        base_url=graph_sim.base_url,
        verify=graph_sim.ca_bundle,
    ) as graph:
        with pytest.raises(AuthenticationError) as caught:
            graph.calls[call_id].get()
        assert "not-the-secret-xyz" not in str(caught.value)
        assert "not-the-secret-xyz" not in repr(caught.value)
        assert "not-the-secret-xyz" not in repr(graph)
        assert caught.value.error == "invalid_client"
    assert _graph_requests(graph_sim) == []  # nothing reached Graph


def test_twenty_threads_first_calls_make_one_token_request_and_overlap(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph_sim.idp.token_delay_s = 0.3  # the first token takes a while: every thread arrives before it
    graph_sim.faults.latency(0.3)  # and each Graph call takes a while: they must overlap, not queue
    results: list[str | None] = []
    errors: list[BaseException] = []
    with graph_sim.client() as graph:

        def first_call() -> None:
            try:
                results.append(graph.calls[call_id].get().id)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=first_call) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert errors == []
    assert results == [call_id] * 20
    assert graph_sim.idp.token_requests == 1
    _assert_overlapping(_graph_requests(graph_sim), 0.3)


@pytest.mark.anyio
async def test_twenty_tasks_first_calls_make_one_token_request_and_overlap(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph_sim.idp.token_delay_s = 0.3
    graph_sim.faults.latency(0.3)
    async with graph_sim.async_client() as graph:
        calls = await asyncio.gather(*(graph.calls[call_id].get() for _ in range(20)))
    assert [c.id for c in calls] == [call_id] * 20
    assert graph_sim.idp.token_requests == 1
    _assert_overlapping(_graph_requests(graph_sim), 0.3)


def _assert_overlapping(requests: list[Any], latency_s: float) -> None:
    """20 requests that each took ``latency_s`` arrived within one latency: they ran concurrently."""
    assert len(requests) == 20
    arrivals = sorted(r.timestamp for r in requests)
    assert arrivals[-1] - arrivals[0] < latency_s * 2


def test_claims_challenge_is_answered_once_with_the_decoded_claims(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    claims = {"access_token": {"nbf": {"essential": True, "value": "1604106651"}}}
    with graph_sim.client() as graph:
        graph.calls[call_id].get()
        graph_sim.set_claims_challenge(claims)
        assert graph.calls[call_id].get().id == call_id
    log = graph_sim.idp.token_request_log
    assert len(log) == 2
    assert json.loads(log[1].claims or "{}") == claims


# ------------------------------------------------------------------------------------------ retries


def test_invite_retries_after_429_then_succeeds(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph_sim.faults.throttle(1, retry_after_s=1, only="POST")
    with graph_sim.client() as graph:
        operation = graph.calls[call_id].participants.invite([_invitee()])
    assert isinstance(operation, m.InviteParticipantsOperation)
    attempts = [r for r in _graph_requests(graph_sim) if r.raw_path.endswith("/participants/invite")]
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].timestamp - attempts[0].timestamp >= 0.95  # Retry-After: 1 was honoured
    assert len({r.header("client-request-id") for r in attempts}) == 1


def test_throttling_beyond_max_retries_raises_throttled_error(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.throttle(5, retry_after_s=0)
    with graph_sim.client(max_retries=2) as graph, pytest.raises(ThrottledError) as caught:
        graph.calls[call_id].get()
    assert caught.value.status == 429
    assert caught.value.request_id
    assert len(_graph_requests(graph_sim)) == 3


def test_post_is_not_retried_after_504(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.gateway_timeout(1)
    with graph_sim.client() as graph, pytest.raises(ServerError) as caught:
        graph.calls[call_id].keep_alive()
    assert caught.value.status == 504
    assert len(_graph_requests(graph_sim)) == 1


def test_get_is_retried_after_504_and_502(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.gateway_timeout(1)
    graph_sim.faults.bad_gateway(1)
    with graph_sim.client() as graph:
        assert graph.calls[call_id].get().id == call_id
    assert [r.status for r in _graph_requests(graph_sim)] == [504, 502, 200]


def test_html_503_becomes_a_typed_error(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.unavailable(10, html=True)
    with graph_sim.client(max_retries=1) as graph, pytest.raises(ServerError) as caught:
        graph.calls[call_id].get()
    assert caught.value.status == 503
    assert "non-JSON error body (text/html" in caught.value.message
    assert caught.value.client_request_id


def test_dropped_connection_on_post_is_not_retried(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.drop_connection(1)
    with graph_sim.client() as graph, pytest.raises(GraphConnectionError):
        graph.calls[call_id].participants.invite([_invitee()])
    assert len(_graph_requests(graph_sim)) == 1


def test_dropped_connection_on_get_is_retried(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.drop_connection(1)
    with graph_sim.client() as graph:
        assert graph.calls[call_id].get().id == call_id


# ------------------------------------------------------------------------------------------- errors


def test_unknown_participant_raises_not_found_with_ids(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(NotFoundError) as caught:
        graph.calls[call_id].participants["nobody"].get()
    error = caught.value
    assert (error.status, error.request_id is not None, error.date is not None) == (404, True, True)
    assert error.client_request_id == _graph_requests(graph_sim)[-1].header("client-request-id")


def test_403_names_the_permissions_the_operation_needs(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    participant_id = graph_sim.participants(call_id)[-1]["id"]
    client_id, secret = graph_sim.register_app(roles=["Calls.Initiate.All"])
    with (
        GraphCalls.from_client_secret(
            tenant_id=graph_sim.tenant_id,
            client_id=client_id,
            client_secret=secret,
            authority=graph_sim.authority,
            base_url=graph_sim.base_url,
            verify=graph_sim.ca_bundle,
        ) as graph,
        pytest.raises(PermissionDeniedError) as caught,
    ):
        graph.calls[call_id].participants[participant_id].delete()
    assert caught.value.required_permissions == ("Calls.JoinGroupCall.All", "Calls.JoinGroupCallAsGuest.All")
    assert "Calls.JoinGroupCall.All" in str(caught.value)


def test_a_request_the_service_refuses_is_a_bad_request_error(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(BadRequestError) as caught:
        # extra_body replaces the checked value: the only way to send a role the service does not know.
        graph.calls[call_id].change_screen_sharing_role(role="viewer", extra_body={"role": "juggler"})
    assert caught.value.status == 400


def test_an_enum_value_the_service_does_not_know_is_refused_before_sending(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match="'sharer', 'viewer'"):
        graph.calls[call_id].change_screen_sharing_role(role="juggler")  # type: ignore[arg-type]
    assert [r for r in graph_sim.requests if r.operation == "calls_change_screen_sharing_role"] == []


# ------------------------------------------------------------------------------------------- paging


def test_list_follows_next_links_page_after_page(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=7)
    with graph_sim.client() as graph:
        pager = graph.calls[call_id].participants.list(top=3)
        ids = [p.id for p in pager]
    assert sorted(ids) == sorted(p["id"] for p in graph_sim.participants(call_id))
    assert len([r for r in _graph_requests(graph_sim) if r.method == "GET"]) == 3


@pytest.mark.anyio
async def test_async_list_follows_next_links(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=5)
    async with graph_sim.async_client() as graph:
        ids = [p.id async for p in graph.calls[call_id].participants.list(top=2)]
    assert sorted(ids) == sorted(p["id"] for p in graph_sim.participants(call_id))


def test_next_link_to_another_host_is_refused_and_no_token_goes_there(graph_sim: GraphSimulator) -> None:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from graph_calls.testing._server import ServerThread

    stolen: list[str | None] = []

    async def catch(request: Any) -> JSONResponse:
        stolen.append(request.headers.get("authorization"))
        return JSONResponse({"value": []})

    elsewhere = Starlette(routes=[Route("/{path:path}", catch)])
    call_id = graph_sim.seed_call(participants=2)
    with ServerThread(elsewhere) as server:
        graph_sim.corrupt_next_response({"@odata.nextLink": f"{server.base_url}/v1.0/steal?$skiptoken=1"})
        with graph_sim.client() as graph, pytest.raises(PagingError, match="refusing to follow"):
            list(graph.calls[call_id].participants.list())
    assert stolen == []


# ------------------------------------------------------------------------------------------- inputs

HOSTILE_IDS = [
    "../x",
    "..%2Fx",
    "a/b",
    "a/../b",
    "?",
    "#",
    "%2F",
    "%2e%2e",
    "x?$top=1",
    "x#frag",
    "a b",
    " ",
    "…",
    "日本語",
    "é",
    "\t",
    "a\\b",
    "..\\x",
    "/",
    "//",
    "a//b",
    "%",
    "%%",
    "%zz",
    "+",
    "&",
    "=",
    ";",
    "@",
    ":",
    "a:b",
    "~",
    "'",
    '"',
    "<>",
    "{id}",
    "[]",
    "|",
    "^",
    "`",
    "$value",
    "...",
    ".x",
    "x.",
    "%00",
    "\u202e",
    "emoji😀",
    "a%2Fb%2F..",
    "participants",
    "calls",
]


def test_fifty_hostile_ids_each_travel_as_one_path_segment(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    assert len(HOSTILE_IDS) == 50
    with graph_sim.client(max_retries=0) as graph:
        for hostile in HOSTILE_IDS:
            with pytest.raises(NotFoundError):
                graph.calls[call_id].participants[hostile].get()
    requests = _graph_requests(graph_sim)
    assert len(requests) == 50
    prefix = f"{CALLS}/{call_id}/participants/"
    for hostile, request in zip(HOSTILE_IDS, requests, strict=True):
        assert request.raw_path.startswith(prefix), request.raw_path
        segment = request.raw_path[len(prefix) :]
        assert not {"/", "?", "#"} & set(segment), segment
        assert urllib.parse.unquote(segment) == hostile  # encoded exactly once


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_that_would_change_the_path_raise_before_sending(graph_sim: GraphSimulator, bad: str) -> None:
    with graph_sim.client() as graph, pytest.raises(ValueError, match="call_id"):
        graph.calls[bad].delete()
    assert _graph_requests(graph_sim) == []


def test_wrong_argument_types_fail_fast_and_send_nothing(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph:
        with pytest.raises(InvalidInputError, match=r"participants\[0\] must be InvitationParticipantInfo"):
            graph.calls[call_id].participants.invite([{"identity": {}}])  # type: ignore[list-item]
        with pytest.raises(InvalidInputError, match="participants must not be empty"):
            graph.calls[call_id].participants.invite([])
        with pytest.raises(InvalidInputError, match="client_context"):
            graph.calls[call_id].mute(client_context=42)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="call must be Call"):
            graph.calls.create({"callbackUri": "x"})  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="top"):
            list(graph.calls[call_id].participants.list(top=0))
    assert _graph_requests(graph_sim) == []


# ---------------------------------------------------------------------------------------- operations


def test_wait_raises_operation_failed_when_the_invitation_is_cancelled(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph_sim.operation_delay_s = 0.5
    with graph_sim.client() as graph:
        late = m.InvitationParticipantInfo(identity=identities.user("u-late"), participant_id="p-late")
        operation = graph.calls[call_id].participants.invite([late])
        graph.calls[call_id].participants["p-late"].delete()  # cancels the pending invitation
        with pytest.raises(OperationFailed) as caught:
            graph.calls[call_id].operations[operation.id or ""].wait(timeout=10)
    assert isinstance(caught.value.operation, m.InviteParticipantsOperation)
    assert caught.value.code is not None


def test_wait_times_out_on_an_operation_that_does_not_finish(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph_sim.operation_delay_s = 30
    with graph_sim.client() as graph:
        operation = graph.calls[call_id].participants.invite([_invitee()])
        with pytest.raises(OperationTimeoutError):
            graph.calls[call_id].operations[operation.id or ""].wait(timeout=0.6)


@pytest.mark.anyio
async def test_async_wait_returns_the_completed_operation(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    async with graph_sim.async_client() as graph:
        operation = await graph.calls[call_id].participants.invite([_invitee()])
        done = await graph.calls[call_id].operations[operation.id or ""].wait(timeout=10)
    assert isinstance(done, m.InviteParticipantsOperation)
    assert (done.status or "").lower() == "completed"


def test_operations_wait_returns_the_operation_it_was_given_finished(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    with graph_sim.client() as graph:
        operation = graph.calls[call_id].participants.invite([_invitee()])
        assert (operation.status or "").lower() == "running"
        done = graph.calls[call_id].operations.wait(operation, timeout=10)
    assert isinstance(done, m.InviteParticipantsOperation)
    assert (done.id, (done.status or "").lower()) == (operation.id, "completed")


def test_operations_wait_on_a_finished_operation_sends_nothing(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    # As Graph answers mute: the operation is already "completed" in the response.
    operation = m.MuteParticipantOperation(id="op-1", status="completed")
    with graph_sim.client() as graph:
        assert graph.calls[call_id].operations.wait(operation) is operation
    assert graph_sim.requests == []


def test_operations_wait_needs_an_operation_with_an_id(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match="has no id"):
        graph.calls[call_id].operations.wait(m.PlayPromptOperation(status="running"))


@pytest.mark.anyio
async def test_async_operations_wait_raises_operation_failed(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph_sim.operation_delay_s = 0.5
    async with graph_sim.async_client() as graph:
        late = m.InvitationParticipantInfo(identity=identities.user("u-late"), participant_id="p-late")
        operation = await graph.calls[call_id].participants.invite([late])
        await graph.calls[call_id].participants["p-late"].delete()
        with pytest.raises(OperationFailed):
            await graph.calls[call_id].operations.wait(operation, timeout=10)


# ------------------------------------------------------------------------------ options, headers, logs


def test_with_options_returns_a_configured_copy_sharing_the_token(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph:
        graph.calls[call_id].get()
        tagged = graph.with_options(headers={"x-test": "1"}, timeout=5)
        try:
            tagged.calls[call_id].get()
        finally:
            tagged.close()
        assert graph.options.timeout_s != 5
        with pytest.raises(InvalidInputError, match="unknown options"):
            graph.with_options(colour="blue")
    first, second = _graph_requests(graph_sim)
    assert first.header("x-test") is None
    assert second.header("x-test") == "1"
    assert graph_sim.idp.token_requests == 1


def test_every_request_carries_user_agent_and_a_fresh_client_request_id(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph:
        graph.calls[call_id].get()
        graph.calls[call_id].get()
    first, second = _graph_requests(graph_sim)
    assert (first.header("user-agent") or "").startswith("graph-calls/")
    assert first.header("client-request-id") != second.header("client-request-id")


def test_debug_log_shows_method_url_status_and_request_id(
    graph_sim: GraphSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    call_id = graph_sim.seed_call()
    with caplog.at_level(logging.DEBUG, logger="graph_calls"), graph_sim.client() as graph:
        graph.calls[call_id].get()
    request_id = _graph_requests(graph_sim)[-1]
    lines = [r.getMessage() for r in caplog.records if r.name == "graph_calls"]
    assert any(
        f"GET {graph_sim.base_url}/communications/calls/{call_id} -> 200" in line and "request-id" in line
        for line in lines
    ), lines
    assert request_id is not None


def test_client_and_errors_never_show_the_secret(graph_sim: GraphSimulator) -> None:
    with graph_sim.client() as graph:
        assert graph_sim.client_secret not in repr(graph)
        assert graph_sim.client_secret not in repr(graph._credential)


@pytest.mark.anyio
async def test_async_client_is_an_async_context_manager(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph = graph_sim.async_client()
    assert isinstance(graph, AsyncGraphCalls)
    async with graph:
        assert (await graph.calls[call_id].get()).id == call_id


def test_verify_accepts_an_ssl_context_for_graph_and_the_authority(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client(verify=graph_sim.ssl_context()) as graph:
        assert graph.calls[call_id].get().id == call_id
    assert graph_sim.idp.token_requests == 1


@pytest.mark.parametrize(
    ("cloud", "graph_root", "authority_host"),
    [
        ("global", "https://graph.microsoft.com", "https://login.microsoftonline.com"),
        ("usgov", "https://graph.microsoft.us", "https://login.microsoftonline.us"),
        ("dod", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us"),
    ],
)
def test_cloud_chooses_the_graph_host_the_authority_and_the_scope(
    cloud: str, graph_root: str, authority_host: str
) -> None:
    graph = GraphCalls.from_client_secret(tenant_id="t1", client_id="c1", client_secret="s", cloud=cloud)
    try:
        assert graph.base_url == f"{graph_root}/v1.0"
        assert graph._credential.authority == f"{authority_host}/t1"  # type: ignore[attr-defined]
        assert graph._provider.scopes == (f"{graph_root}/.default",)
    finally:
        graph.close()


def test_an_unknown_cloud_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(InvalidInputError, match="cloud must be one of"):
        GraphCalls.from_client_secret(tenant_id="t1", client_id="c1", client_secret="s", cloud="china")


def _without_odata_type(body: Any) -> Any:
    return {k: v for k, v in body.items() if k != "@odata.type"} if isinstance(body, dict) else body


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_operation_answered_without_its_odata_type_still_parses_as_declared(
    graph_sim: GraphSimulator, mode: str
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph_sim.corrupt_next_response(_without_odata_type)
    if mode == "sync":
        with graph_sim.client() as graph:
            operation = graph.calls[call_id].participants.invite([_invitee()])
    else:

        async def invite() -> Any:
            async with graph_sim.async_client() as graph:
                return await graph.calls[call_id].participants.invite([_invitee()])

        operation = asyncio.run(invite())
    assert isinstance(operation, m.InviteParticipantsOperation)
    assert operation.odata_type == "#microsoft.graph.inviteParticipantsOperation"
    assert operation.id
    # The simulator rightly records that answer as outside its contract; that was the point here.
    assert len(graph_sim.contract_violations) == 1
    graph_sim.reset()  # forget that expected violation, so the fixture does not fail the test


def test_a_body_that_is_not_the_declared_type_is_a_parse_error(graph_sim: GraphSimulator) -> None:
    from graph_calls.errors import ResponseParseError

    call_id = graph_sim.seed_call(participants=1)
    graph_sim.corrupt_next_response(lambda body: {**body, "@odata.type": "#microsoft.graph.call"})
    with graph_sim.client() as graph, pytest.raises(ResponseParseError, match="participants_invite"):
        graph.calls[call_id].participants.invite([_invitee()])
    graph_sim.reset()  # forget that expected violation, so the fixture does not fail the test


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_model_built_wrong_is_invalid_input_and_nothing_is_sent(
    graph_sim: GraphSimulator, mode: str
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    group = m.AudioRoutingGroup(sources=5)  # type: ignore[arg-type]  # a list belongs there
    if mode == "sync":
        with graph_sim.client() as graph, pytest.raises(InvalidInputError) as raised:
            graph.calls[call_id].audio_routing_groups.create(group)
    else:

        async def create() -> None:
            async with graph_sim.async_client() as graph:
                await graph.calls[call_id].audio_routing_groups.create(group)

        with pytest.raises(InvalidInputError) as raised:
            asyncio.run(create())
    assert "audio_routing_groups_create: the request cannot be built" in str(raised.value)
    assert "nothing was sent" in str(raised.value)
    assert not _graph_requests(graph_sim)


def test_a_parse_error_is_about_its_own_response_not_an_earlier_one(graph_sim: GraphSimulator) -> None:
    """A body without @odata.type is recovered from that body only: an earlier success is never re-read."""
    from graph_calls.errors import ResponseParseError

    call_id = graph_sim.seed_call(participants=1)
    with graph_sim.client() as graph:
        first = graph.calls[call_id].participants.invite([_invitee()])  # a valid body, delivered first
        graph_sim.corrupt_next_response(lambda body: {"participants": 5})  # no @odata.type, and not a list
        with pytest.raises(ResponseParseError, match="participants_invite"):
            graph.calls[call_id].participants.invite([_invitee()])
    assert isinstance(first, m.InviteParticipantsOperation)
    graph_sim.reset()  # forget that expected violation, so the fixture does not fail the test


# -- closing a client closes what it opened ----------------------------------------------------------


def _open_connections_to(port: int) -> int:
    """Established TCP connections from this machine's clients to 127.0.0.1:``port`` (Linux /proc)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]:
        fields = line.split()
        remote, state = fields[2], fields[3]
        if state == "01" and int(remote.split(":")[1], 16) == port:  # 01: ESTABLISHED
            count += 1
    return count


@pytest.fixture
def own_sim() -> Iterator[GraphSimulator]:
    """A simulator with an identity platform of its own: only this test's client connects to it (the
    session's platform also serves what earlier tests left running, e.g. a bot's callback key fetches)."""
    with GraphSimulator() as sim:
        yield sim


def test_closing_a_client_made_from_a_secret_closes_its_identity_platform_connection(
    own_sim: GraphSimulator,
) -> None:
    call_id = own_sim.seed_call(participants=1)
    idp_port = urllib.parse.urlsplit(own_sim.authority).port or 443
    assert _open_connections_to(idp_port) == 0

    with own_sim.client() as graph:  # from_client_secret: MSAL fetches a token over its own connection
        graph.calls[call_id].get()
        assert _open_connections_to(idp_port) == 1

    assert _open_connections_to(idp_port) == 0


@pytest.mark.anyio
async def test_closing_an_async_client_made_from_a_secret_closes_its_identity_platform_connection(
    own_sim: GraphSimulator,
) -> None:
    call_id = own_sim.seed_call(participants=1)
    idp_port = urllib.parse.urlsplit(own_sim.authority).port or 443
    assert _open_connections_to(idp_port) == 0

    async with own_sim.async_client() as graph:
        await graph.calls[call_id].get()
        assert _open_connections_to(idp_port) == 1

    assert _open_connections_to(idp_port) == 0


def test_a_copy_keeps_working_after_the_client_that_made_the_credential_closed(
    graph_sim: GraphSimulator,
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph = graph_sim.client()
    copy = graph.with_options(timeout=10)
    graph.close()  # closes the credential's connection; the copy's next token request reconnects
    with copy:
        assert copy.calls[call_id].get().id == call_id
