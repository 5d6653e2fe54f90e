"""What the service refuses beyond the schema, the simulator refuses too, with a Graph-shaped 400.

A callbackUri that is not an https URL (create, answer, and a ring to such a URL); a prompt that
does not name its media with an https ``mediaInfo.uri`` (playPrompt, recordResponse,
startHoldMusic), unless the test turns that off (``require_prompt_media=False``: earlier versions
accepted any prompt). Sent with raw httpx: the client refuses such input itself before sending.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph_calls.testing._contract import GraphError
from graph_calls.testing.simulator import GraphSimulator

MEDIA = {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}
MEDIA_PROMPT = "#microsoft.graph.mediaPrompt"
BAD_PROMPTS: dict[str, tuple[dict[str, Any], str]] = {
    "no mediaInfo": ({"@odata.type": MEDIA_PROMPT}, "prompts[0].mediaInfo is required."),
    "null mediaInfo": ({"@odata.type": MEDIA_PROMPT, "mediaInfo": None}, "prompts[0].mediaInfo is required."),
    "no uri": (
        {"@odata.type": MEDIA_PROMPT, "mediaInfo": {"resourceId": "r1"}},
        "prompts[0].mediaInfo.uri is required.",
    ),
    "http uri": (
        {"@odata.type": MEDIA_PROMPT, "mediaInfo": {"uri": "http://cdn.contoso.com/beep.wav"}},
        "prompts[0].mediaInfo.uri must be an https URL, not 'http://cdn.contoso.com/beep.wav'.",
    ),
    "relative uri": (
        {"@odata.type": MEDIA_PROMPT, "mediaInfo": {"uri": "/beep.wav"}},
        "prompts[0].mediaInfo.uri must be an https URL, not '/beep.wav'.",
    ),
}


def assert_bad_request(response: httpx.Response, message: str) -> None:
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("BadRequest", message)
    assert error["innerError"]["request-id"] == response.headers["request-id"]


@pytest.mark.parametrize(
    "callback_uri", ["http://bot.contoso.com/api/calls", "ftp://bot.contoso.com/calls", "calls"]
)
def test_a_callback_uri_that_is_not_https_is_refused_on_create_and_answer(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback_uri: str
) -> None:
    incoming = graph_sim.seed_call(state="incoming")

    created = graph_http.post(
        "/communications/calls", json={"callbackUri": callback_uri, "mediaConfig": MEDIA}
    )
    answered = graph_http.post(
        f"/communications/calls/{incoming}/answer",
        json={"callbackUri": callback_uri, "acceptedModalities": ["audio"], "mediaConfig": MEDIA},
    )

    assert_bad_request(created, "callbackUri must be an https URL.")
    assert_bad_request(answered, "callbackUri must be an https URL.")
    assert [call["id"] for call in graph_sim.calls()] == [incoming]
    assert graph_sim.call(incoming)["state"] == "incoming"
    with pytest.raises(GraphError, match="https"):
        graph_sim.ring(callback_uri)


@pytest.mark.parametrize("action", ["playPrompt", "recordResponse"])
@pytest.mark.parametrize("case", list(BAD_PROMPTS))
def test_a_prompt_without_https_media_is_refused(
    graph_sim: GraphSimulator, graph_http: httpx.Client, action: str, case: str
) -> None:
    call_id = graph_sim.seed_call()
    prompt, message = BAD_PROMPTS[case]

    response = graph_http.post(f"/communications/calls/{call_id}/{action}", json={"prompts": [prompt]})

    assert_bad_request(response, message)
    assert graph_sim.operations(call_id) == []


def test_a_hold_music_prompt_without_https_media_is_refused(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    participant_id = graph_sim.participants(call_id)[-1]["id"]
    prompt = {"@odata.type": MEDIA_PROMPT, "mediaInfo": {"uri": "http://bot.contoso.com/onHold.wav"}}

    response = graph_http.post(
        f"/communications/calls/{call_id}/participants/{participant_id}/startHoldMusic",
        json={"customPrompt": prompt},
    )

    assert_bad_request(
        response, "customPrompt.mediaInfo.uri must be an https URL, not 'http://bot.contoso.com/onHold.wav'."
    )
    assert graph_sim.operations(call_id) == []


def test_prompts_with_https_media_are_accepted_and_the_rule_can_be_turned_off(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    good = {"@odata.type": MEDIA_PROMPT, "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"}}
    bad = {"prompts": [BAD_PROMPTS["no uri"][0]]}

    strict = graph_http.post(f"/communications/calls/{call_id}/playPrompt", json={"prompts": [good]})
    refused = graph_http.post(f"/communications/calls/{call_id}/playPrompt", json=bad)
    graph_sim.require_prompt_media = False
    lenient = graph_http.post(f"/communications/calls/{call_id}/playPrompt", json=bad)
    graph_sim.reset()

    assert (strict.status_code, refused.status_code, lenient.status_code) == (200, 400, 200)
    assert graph_sim.require_prompt_media is True  # reset restores the constructor's choice
