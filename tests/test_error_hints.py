"""The one-line hints for documented cloud-communications errors: the table, the lookup, the exceptions.

Error bodies are the ones Graph answered as quoted in the sources the table names. Unit tests feed them
to the real transport through a faked inner transport; the end-to-end tests go through the real client,
over a local socket, to the simulator.
"""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest

from graph_calls import models as m
from graph_calls._core.transport import GraphTransport
from graph_calls._error_hints import ERROR_HINTS, RESULT_HINTS, hint_for, result_hint_for
from graph_calls.auth import AccessToken, TokenProvider
from graph_calls.errors import (
    BadRequestError,
    GraphAPIError,
    NotFoundError,
    OperationFailed,
    PermissionDeniedError,
    ThrottledError,
)
from graph_calls.retry import RetryPolicy
from graph_calls.testing.simulator import GraphSimulator

GRAPH = "https://graph.microsoft.com/v1.0/communications/calls"
# Shaped like an access token (a JWT) so that the suite's log guard would spot a leak too.
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ0ZW5hbnQifQ.c2lnbmF0dXJl"
INNER = {"date": "2024-03-05T09:45:32", "request-id": "e30c1a8a", "client-request-id": "69dbebe6"}


def _hint(code: str | None, message: str | None = None, status: int | None = None) -> str:
    """The table's hint for the entry with this code (and message piece, and status when given)."""
    (entry,) = [
        e
        for e in ERROR_HINTS
        if e.code == code
        and (message is None or e.message_contains == message)
        and (status is None or e.status == status)
    ]
    return entry.hint


def _odata(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "innerError": INNER}}


# Each: (HTTP status, body, the request, the hint expected). The bodies as the sources quote them.
DOCUMENTED = {
    "7504 insufficient enterprise tenant permissions (join another tenant's meeting)": (
        403,
        _odata("7504", "Insufficient enterprise tenant permissions, cannot access this API."),
        ("POST", GRAPH),
        _hint("7504"),
    ),
    "7505 request authorization tenant mismatch (join without the meeting's tenant)": (
        403,
        _odata("7505", "Request authorization tenant mismatch."),
        ("POST", GRAPH),
        _hint("7505"),
    ),
    "7507 call source identity invalid (PSTN call from an application instance)": (
        403,
        _odata("7507", "Call source identity invalid."),
        ("POST", GRAPH),
        _hint("7507"),
    ),
    "7503 application not registered (Teams channel calling not enabled)": (
        403,
        _odata(
            "UnknownError",
            '{"errorCode":"7503","message":"Application is not registered in our store.",'
            '"instanceAnnotations":[]}',
        ),
        ("POST", GRAPH),
        _hint(None, "Application is not registered in our store"),
    ),
    "8522 call not found (keepAlive on a call that ended)": (
        404,
        _odata("8522", "Call not found."),
        ("POST", f"{GRAPH}/2e1a0b00-2db4-4022-9570-243709c565ab/keepAlive"),
        _hint("8522"),
    ),
    "429 TooManyRequests": (
        429,
        {
            "error": {
                "code": "TooManyRequests",
                "message": "Please retry again later.",
                "innerError": {"code": "429", "status": "429", **INNER},
            }
        },
        ("GET", f"{GRAPH}/2e1a0b00-2db4-4022-9570-243709c565ab"),
        _hint(None, None, 429),
    ),
    "429 UnknownError with an empty message": (
        429,
        _odata("UnknownError", ""),
        ("GET", f"{GRAPH}/2e1a0b00-2db4-4022-9570-243709c565ab"),
        _hint(None, None, 429),
    ),
}


class _Credential:
    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(TOKEN, int(time.time()) + 3600)


def _raised(status: int, body: dict[str, Any], method: str, url: str) -> GraphAPIError:
    """The error the real transport raises for this answer (no retries, a bearer token sent)."""
    inner = httpx.MockTransport(lambda request: httpx.Response(status, json=body))
    transport = GraphTransport(
        inner,
        token_provider=TokenProvider(_Credential(), ["https://graph.microsoft.com/.default"]),
        retry_policy=RetryPolicy(max_retries=0),
    )
    with httpx.Client(transport=transport) as client, pytest.raises(GraphAPIError) as caught:
        client.request(method, url, json={} if method == "POST" else None)
    return caught.value


# ------------------------------------------------------------------------------------- documented bodies


@pytest.mark.parametrize(("status", "body", "request_", "expected"), DOCUMENTED.values(), ids=DOCUMENTED)
def test_a_documented_error_body_gets_its_hint(
    status: int, body: dict[str, Any], request_: tuple[str, str], expected: str
) -> None:
    error = _raised(status, body, *request_)

    assert error.hint == expected
    assert str(error).endswith(f"\nhint: {expected}")
    assert str(error).count("\n") == 1
    assert TOKEN not in str(error)
    assert TOKEN not in repr(error)


def test_every_table_entry_is_proven_by_a_documented_body() -> None:
    proven = {expected for *_, expected in DOCUMENTED.values()}
    assert {entry.hint for entry in ERROR_HINTS} <= proven


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [
        (403, "7506", "Untrusted certificate."),  # a neighbouring code
        (403, "7508", "Call source identity invalid."),  # another code, a known message
        (400, "7505", "Request authorization tenant mismatch."),  # a known code, another status
        (405, "8522", "Missing configuration."),  # 8522 means something else with 405
        (404, "8523", "Invalid argument."),
        (404, "itemNotFound", "Call not found."),  # not the calling platform's code
        (403, "Forbidden", "Insufficient privileges to complete the operation."),  # generic Graph 403
        (403, "UnknownError", '{"errorCode":"7504","message":"..."}'),  # codes inside messages: no
        (401, "InvalidAuthenticationToken", "Access token validation failure."),
        (404, "Application is not registered in our store", None),  # the message piece as a code
        (500, "UnknownError", "Application is not registered in our store."),  # right text, wrong status
        (403, None, None),
    ],
)
def test_a_near_miss_gets_no_hint(status: int, code: str | None, message: str | None) -> None:
    assert hint_for(status, code, message) is None


def test_an_error_without_a_hint_reads_as_before() -> None:
    error = NotFoundError(
        "Call 'c1' was not found.",
        status=404,
        code="itemNotFound",
        request_id="r1",
        client_request_id="c1",
        method="GET",
        url=f"{GRAPH}/c1",
    )

    assert error.hint is None
    assert str(error) == (
        f"GET {GRAPH}/c1: HTTP 404 itemNotFound: Call 'c1' was not found."
        " (request-id r1, client-request-id c1)"
    )


def test_the_hint_is_the_second_line_of_the_message() -> None:
    error = NotFoundError(
        "Call not found.",
        status=404,
        code="8522",
        request_id="r1",
        client_request_id="c1",
        method="POST",
        url=f"{GRAPH}/c1/keepAlive",
    )

    assert str(error) == (
        f"POST {GRAPH}/c1/keepAlive: HTTP 404 8522: Call not found. (request-id r1, client-request-id c1)"
        f"\nhint: {_hint('8522')}"
    )


def test_the_permissions_stay_on_the_first_line_and_the_hint_follows() -> None:
    error = PermissionDeniedError(
        "Insufficient enterprise tenant permissions, cannot access this API.",
        required_permissions=["Calls.JoinGroupCall.All", "Calls.JoinGroupCallAsGuest.All"],
        status=403,
        code="7504",
    )

    first, second = str(error).split("\n")
    assert first.endswith(
        "; the operation needs one of the application permissions "
        "Calls.JoinGroupCall.All, Calls.JoinGroupCallAsGuest.All"
    )
    assert second == f"hint: {_hint('7504')}"


def test_an_error_built_with_the_keywords_alone_still_works() -> None:
    error = BadRequestError("bad", status=400)

    assert (error.status, error.code, error.message, error.hint) == (400, None, "bad", None)
    assert str(error) == "HTTP 400: bad (request-id None, client-request-id None)"


# ----------------------------------------------------------------------------------------- the table


def test_hints_are_one_line_of_fixed_text() -> None:
    for text in [e.hint for e in ERROR_HINTS] + [e.hint for e in RESULT_HINTS]:
        assert text, text
        assert text == text.strip(), text
        assert "\n" not in text, text
        assert len(text) <= 240, text
        assert "http" not in text, text
        assert "{" not in text, text
        assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", text), text  # no ids


def test_every_entry_names_its_source_and_matches_something_specific() -> None:
    for entry in ERROR_HINTS:
        assert entry.source.startswith(("https://", "microsoftgraph/")), entry
        if entry.code is None and entry.message_contains is None:
            assert entry.status == 429, entry  # only a status that means one thing whatever the body
    for result in RESULT_HINTS:
        assert result.source.startswith("https://"), result
    keys = [(e.status, e.code, e.message_contains) for e in ERROR_HINTS]
    assert len(keys) == len(set(keys))


def test_message_pieces_match_whatever_the_case() -> None:
    assert hint_for(403, "UnknownError", "APPLICATION IS NOT REGISTERED IN OUR STORE.") == _hint(
        None, "Application is not registered in our store"
    )


# ----------------------------------------------------------------------------------- failed operations


def _failed_prompt(code: Any, subcode: Any, message: str) -> m.PlayPromptOperation:
    return m.PlayPromptOperation.from_dict(
        {
            "@odata.type": "#microsoft.graph.playPromptOperation",
            "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
            "status": "failed",
            "resultInfo": {"code": code, "subcode": subcode, "message": message},
        }
    )


def test_a_cancelled_media_operation_gets_the_cancel_media_processing_hint() -> None:
    # resultInfo of the failed operation on the call-cancelMediaProcessing reference page.
    operation = _failed_prompt(400, 8508, "Action failed, the operation was cancelled.")
    error = OperationFailed(operation, code=400, subcode=8508, result_message="Action failed, ...")

    assert error.hint == RESULT_HINTS[0].hint == result_hint_for(400, 8508)
    assert str(error).split("\n") == [
        "PlayPromptOperation 0fe0623f-d628-42ed-b4bd-8ac290072cc5 failed: code=400 subcode=8508 "
        "message='Action failed, ...'",
        f"hint: {RESULT_HINTS[0].hint}",
    ]


@pytest.mark.parametrize(
    ("code", "subcode"), [(500, 8508), (400, 8509), (487, 0), (500, 7000), (200, 8515), (None, None)]
)
def test_other_result_codes_get_no_hint(code: int | None, subcode: int | None) -> None:
    error = OperationFailed(_failed_prompt(code, subcode, "x"), code=code, subcode=subcode)

    assert error.hint is None
    assert "hint:" not in str(error)


# ---------------------------------------------------------------------------------- through the client


def _bearer_tokens(sim: GraphSimulator) -> set[str]:
    tokens = {(r.header("Authorization") or "").partition(" ")[2] for r in sim.requests}
    return {t for t in tokens if t}


def test_a_throttled_request_without_retry_after_raises_with_the_throttling_hint(
    graph_sim: GraphSimulator,
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.faults.throttle(1, retry_after_s=None)
    with graph_sim.client(max_retries=0) as graph, pytest.raises(ThrottledError) as caught:
        graph.calls[call_id].keep_alive()

    error = caught.value
    assert (error.status, error.retry_after_s) == (429, None)
    assert error.hint == _hint(None, None, 429)
    assert str(error).endswith(f"\nhint: {error.hint}")
    tokens = _bearer_tokens(graph_sim)
    assert tokens
    assert not any(t in str(error) or t in repr(error) for t in tokens)


def test_waiting_on_a_cancelled_prompt_raises_with_the_cancel_hint(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call(participants=1)
    graph_sim.operation_delay_s = 5  # the prompt is still playing when it is cancelled
    prompt = m.MediaPrompt(media_info=m.MediaInfo(uri="https://cdn.contoso.com/beep.wav", resource_id="r1"))
    with graph_sim.client() as graph:
        operation = graph.calls[call_id].play_prompt(prompts=[prompt])
        graph.calls[call_id].cancel_media_processing()
        with pytest.raises(OperationFailed) as caught:
            graph.calls[call_id].operations[operation.id or ""].wait(timeout=10)

    error = caught.value
    assert (error.code, error.subcode) == (400, 8508)
    assert error.hint == result_hint_for(400, 8508)
    assert str(error).endswith(f"\nhint: {error.hint}")
    assert not any(t in str(error) for t in _bearer_tokens(graph_sim))
