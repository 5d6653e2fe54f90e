"""Per-call options (``extra_body``, ``extra_headers``, ``extra_query``, ``timeout``), enum checks and
``delete(missing_ok=True)``, through the real clients against the simulator."""

from __future__ import annotations

import json
import math
import urllib.parse
from typing import Any

import pytest

from graph_calls import identities
from graph_calls import models as m
from graph_calls.errors import GraphTimeoutError, InvalidInputError, NotFoundError, ServerError
from graph_calls.testing._http import RecordedRequest
from graph_calls.testing.simulator import GraphSimulator

ROUTING_POLICIES = ["disableForwarding"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _target() -> m.InvitationParticipantInfo:
    return m.InvitationParticipantInfo(identity=identities.user("a7ebfb2d-871e-419c-87af-27290b22e8db"))


def _last(graph_sim: GraphSimulator, operation: str) -> RecordedRequest:
    sent = [request for request in graph_sim.requests if request.operation == operation]
    assert sent, f"no {operation} request reached the simulator"
    return sent[-1]


def _body(request: RecordedRequest) -> Any:
    return json.loads(request.body)


def _header(request: RecordedRequest, name: str) -> list[str]:
    return [value for key, value in request.headers if key.lower() == name.lower()]


def _nothing_sent(graph_sim: GraphSimulator, operation: str) -> bool:
    return not [request for request in graph_sim.requests if request.operation == operation]


# ----------------------------------------------------------------------------------- extra_body


def test_redirect_sends_routing_policies_through_extra_body(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(state="incoming")
    with graph_sim.client() as graph:
        graph.calls[call_id].redirect(targets=[_target()], extra_body={"routingPolicies": ROUTING_POLICIES})
    body = _body(_last(graph_sim, "calls_redirect"))
    assert body["routingPolicies"] == ROUTING_POLICIES
    assert body["targets"][0]["identity"]["user"]["id"] == "a7ebfb2d-871e-419c-87af-27290b22e8db"


@pytest.mark.anyio
async def test_async_transfer_sends_client_context_through_extra_body(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    async with graph_sim.async_client() as graph:
        await graph.calls[call_id].transfer(transfer_target=_target(), extra_body={"clientContext": "ctx-1"})
    assert _body(_last(graph_sim, "calls_transfer"))["clientContext"] == "ctx-1"


def test_extra_body_replaces_a_modelled_property(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph:
        graph.calls[call_id].play_prompt(
            prompts=[m.MediaPrompt(media_info=m.MediaInfo(uri="https://bot.contoso.com/a.wav"))],
            client_context="modelled",
            extra_body={"clientContext": "extra"},
        )
    assert _body(_last(graph_sim, "calls_play_prompt"))["clientContext"] == "extra"


@pytest.mark.parametrize(
    ("extra_body", "message"),
    [
        ({"x": {1, 2}}, "the value of x is not JSON"),
        ({"x": math.nan}, "the value of x is not JSON"),
        ({"x": object()}, "the value of x is not JSON"),
        ({1: "a"}, "is not a JSON property name"),
        (["routingPolicies"], "extra_body must be a mapping"),
    ],
)
def test_extra_body_that_is_not_json_is_refused_before_sending(
    graph_sim: GraphSimulator, extra_body: Any, message: str
) -> None:
    call_id = graph_sim.seed_call(state="incoming")
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match=message):
        graph.calls[call_id].redirect(targets=[_target()], extra_body=extra_body)
    assert _nothing_sent(graph_sim, "calls_redirect")


def test_extra_body_on_an_operation_without_a_body_is_refused(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match="sends no JSON object body"):
        graph.calls[call_id].delete(extra_body={"reason": "done"})
    assert _nothing_sent(graph_sim, "calls_delete")


# -------------------------------------------------------------------------------- extra_headers


def test_extra_headers_are_sent_and_a_given_client_request_id_is_kept(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph:
        graph.calls[call_id].get(
            extra_headers={"x-bot-trace": "t1", "client-request-id": "my-correlation-id"}
        )
    request = _last(graph_sim, "calls_get")
    assert _header(request, "x-bot-trace") == ["t1"]
    assert _header(request, "client-request-id") == ["my-correlation-id"]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"Authorization": "Bearer stolen"}, "Authorization is set by graph-calls"),
        ({"host": "evil.example"}, "host is set by graph-calls"),
        ({"x-a": "ok\r\nx-injected: 1"}, "contains a line break"),
        ({"x-a": "ok\nmore"}, "contains a line break"),
        ({"bad name": "v"}, "is not a valid header name"),
        ({"x-a": 5}, "must be a str"),
    ],
)
def test_extra_headers_that_would_hijack_the_request_are_refused(
    graph_sim: GraphSimulator, headers: Any, message: str
) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match=message) as caught:
        graph.calls[call_id].get(extra_headers=headers)
    assert "stolen" not in str(caught.value)
    assert _nothing_sent(graph_sim, "calls_get")


def test_client_headers_with_a_line_break_are_refused_at_construction(graph_sim: GraphSimulator) -> None:
    with pytest.raises(InvalidInputError, match="contains a line break"):
        graph_sim.client(headers={"x-tenant": "a\r\nb"})


# ---------------------------------------------------------------------------------- extra_query


def test_extra_query_is_merged_into_the_query_string(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph:
        graph.calls[call_id].get(select=["id"], extra_query={"probe": "1", "flag": True, "n": 2})
    query = urllib.parse.parse_qs(_last(graph_sim, "calls_get").query_string)
    assert query == {"$select": ["id"], "probe": ["1"], "flag": ["true"], "n": ["2"]}


def test_extra_query_value_that_is_not_a_scalar_is_refused(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match="the value of a must be"):
        graph.calls[call_id].get(extra_query={"a": ["x"]})  # type: ignore[dict-item]


# -------------------------------------------------------------------------------------- timeout


def test_a_per_call_timeout_bounds_that_call_only(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.latency(2.0, n=1, only="GET")
    with graph_sim.client(max_retries=0) as graph:
        with pytest.raises(GraphTimeoutError):
            graph.calls[call_id].get(timeout=0.3)
        assert graph.calls[call_id].get().id == call_id  # the client's own timeout is unchanged


@pytest.mark.parametrize("timeout", [0, -1, True, "5", math.inf, math.nan])
def test_a_per_call_timeout_must_be_a_positive_number(graph_sim: GraphSimulator, timeout: Any) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match="timeout must be a positive"):
        graph.calls[call_id].get(timeout=timeout)


def test_an_unknown_per_call_option_is_refused(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match="extra_heders"):
        graph.calls[call_id].get(extra_heders={"a": "b"})  # type: ignore[call-arg]


# ------------------------------------------------------------------------------------------ pages


@pytest.mark.anyio
async def test_list_options_apply_to_every_page(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=5)
    async with graph_sim.async_client() as graph:
        pager = graph.calls[call_id].participants.list(
            top=2, extra_headers={"x-page-trace": "p"}, extra_query={"probe": "1"}
        )
        participants = await pager.collect()
    assert len(participants) == 6  # the bot and five others
    pages = [r for r in graph_sim.requests if r.operation == "participants_list"]
    assert len(pages) == 3
    assert all(_header(page, "x-page-trace") == ["p"] for page in pages)
    assert "probe=1" in pages[0].query_string


def test_list_with_bad_options_fails_when_called_not_when_iterated(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match="line break"):
        graph.calls[call_id].participants.list(extra_headers={"x": "\n"})


# ------------------------------------------------------------------------------------ enum values


@pytest.mark.parametrize(
    ("operation", "call", "message"),
    [
        (
            "calls_answer",
            lambda c: c.answer(
                callback_uri="https://bot.contoso.com/cb",
                media_config=m.ServiceHostedMediaConfig(),
                accepted_modalities=["Audio"],
            ),
            r"accepted_modalities\[0\] must be one of 'audio', 'data', 'video', 'videoBasedScreenSharing'",
        ),
        (
            "calls_reject",
            lambda c: c.reject(reason="Busy"),
            "reason must be one of 'busy', 'forbidden', 'none'",
        ),
        ("calls_update_recording_status", lambda c: c.update_recording_status(status="Recording"), "status"),
        ("calls_change_screen_sharing_role", lambda c: c.change_screen_sharing_role(role="Viewer"), "role"),
        ("calls_send_dtmf_tones", lambda c: c.send_dtmf_tones(tones=["tone1", "1"]), r"tones\[1\]"),
        ("calls_reject", lambda c: c.reject(reason="unknownFutureValue"), "reason must be one of"),
    ],
)
def test_an_enum_typo_is_refused_naming_the_allowed_values(
    graph_sim: GraphSimulator, operation: str, call: Any, message: str
) -> None:
    call_id = graph_sim.seed_call(state="incoming")
    with graph_sim.client() as graph, pytest.raises(InvalidInputError, match=message):
        call(graph.calls[call_id])
    assert _nothing_sent(graph_sim, operation)


def test_an_enum_value_the_service_adds_later_still_parses() -> None:
    body = m.CallsAnswerBody.from_dict({"acceptedModalities": ["audio", "hologram"]})
    assert body.accepted_modalities == ["audio", "hologram"]


# ------------------------------------------------------------------------------ delete(missing_ok)


def test_deleting_an_ended_call_is_not_found_unless_missing_ok(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    with graph_sim.client() as graph:
        graph.calls[call_id].delete()
        with pytest.raises(NotFoundError):
            graph.calls[call_id].delete()
        graph.calls[call_id].delete(missing_ok=True)  # no error: already gone


@pytest.mark.anyio
async def test_async_removing_a_gone_participant_with_missing_ok_succeeds(
    graph_sim: GraphSimulator,
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    participant_id = graph_sim.participants(call_id)[-1]["id"]
    async with graph_sim.async_client() as graph:
        await graph.calls[call_id].participants[participant_id].delete()
        with pytest.raises(NotFoundError):
            await graph.calls[call_id].participants[participant_id].delete()
        await graph.calls[call_id].participants[participant_id].delete(missing_ok=True)
        await graph.calls["no-such-call"].participants[participant_id].delete(missing_ok=True)


def test_missing_ok_does_not_hide_other_errors(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.unavailable(n=10)
    with graph_sim.client(max_retries=0) as graph, pytest.raises(ServerError):
        graph.calls[call_id].delete(missing_ok=True)
