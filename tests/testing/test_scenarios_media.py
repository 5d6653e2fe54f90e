"""Scenarios: media operations complete with a prompt played, a recording, or tones.

playPrompt completes (``200/0``); a recording ends at its maximum duration (``200/8515``) or when
the caller presses one of its stop tones (``stopToneDetected``), each with a recording the bot can
download with its token; after subscribeToTone, pressed keys reach the bot as ``toneInfo``. Sync
and async clients; the notifications come through a real receiver.
"""

from __future__ import annotations

import httpx

from graph_calls import models
from graph_calls.testing.simulator import GraphSimulator

from ._scenario_helpers import GOOD_PROMPT_URI, TIMEOUT_S, Api, Bot, api, bot, result_of, steps

__all__ = ["api", "bot"]

PROMPT = models.MediaPrompt(media_info=models.MediaInfo(uri=GOOD_PROMPT_URI, resource_id="beep"))


def download(sim: GraphSimulator, location: str, token: str) -> bytes:
    with httpx.Client(verify=sim.ssl_context()) as http:
        response = http.get(location, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.content


def test_a_played_prompt_completes(graph_sim: GraphSimulator, api: Api, bot: Bot) -> None:
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri)

    operation = api(lambda graph: graph.calls[call_id].play_prompt(prompts=[PROMPT], client_context="p1"))
    done = bot.receiver.registry.wait_for_operation(operation, timeout=TIMEOUT_S)
    (notification,) = bot.wait_for(call_id, lambda got: len(got) >= 1)

    assert operation.status == "running"
    assert isinstance(done, models.PlayPromptOperation)
    assert (done.status, done.client_context) == ("completed", "p1")
    assert steps([notification]) == [("deleted", "operation", "completed")]
    assert notification.raw["resourceUrl"] == f"/communications/calls/{call_id}/operations/{operation.id}"
    assert result_of(notification) == (200, 0, "Action completed successfully.")


def test_a_recording_that_reaches_its_max_duration_completes_with_8515(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri)
    graph_sim.end_recordings_by("maxRecordDurationReached", call_id=call_id)

    operation = api(
        lambda graph: graph.calls[call_id].record_response(
            prompts=[PROMPT], max_record_duration_in_seconds=10
        )
    )
    done = bot.receiver.registry.wait_for_operation(operation, timeout=TIMEOUT_S)
    (notification,) = bot.wait_for(call_id, lambda got: len(got) >= 1)
    data = notification.raw["resourceData"]

    assert isinstance(done, models.RecordOperation)
    assert done.status == "completed"
    assert result_of(notification) == (200, 8515, "Action completed, max record duration reached.")
    assert data["completionReason"] == "maxRecordDurationReached"
    assert download(graph_sim, data["recordingLocation"], data["recordingAccessToken"]).startswith(b"RIFF")


def test_a_recording_ends_when_the_caller_presses_a_stop_tone(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    graph_sim.use_manual_clock()  # the recording runs until the caller presses the key
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri)

    operation = api(lambda graph: graph.calls[call_id].record_response(stop_tones=["#", "*"]))
    running = graph_sim.operation(call_id, operation.id)["status"]
    graph_sim.press_tone(call_id, "pound")
    done = bot.receiver.registry.wait_for_operation(operation, timeout=TIMEOUT_S)
    received = bot.quiet(graph_sim, call_id)
    data = received[0].raw["resourceData"]

    assert running == "running"
    assert done.status == "completed"
    assert steps(received) == [("deleted", "operation", "completed")]  # no toneInfo: not subscribed
    assert data["completionReason"] == "stopToneDetected"
    assert result_of(received[0])[:2] == (200, 0)
    assert download(graph_sim, data["recordingLocation"], data["recordingAccessToken"]).startswith(b"RIFF")


def test_a_recording_scripted_to_end_on_a_stop_tone_says_so(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri)
    graph_sim.end_recordings_by("stopToneDetected")

    operation = api(lambda graph: graph.calls[call_id].record_response(stop_tones=["#"]))
    done = bot.receiver.registry.wait_for_operation(operation, timeout=TIMEOUT_S)

    assert done.status == "completed"
    assert done.additional_properties["completionReason"] == "stopToneDetected"
    assert isinstance(done.recording_access_token, str)


def test_after_subscribing_the_bot_hears_each_pressed_tone(
    graph_sim: GraphSimulator, api: Api, bot: Bot
) -> None:
    call_id = graph_sim.seed_call(callback_uri=bot.callback_uri)

    subscription = api(lambda graph: graph.calls[call_id].subscribe_to_tone(client_context="tones"))
    graph_sim.press_tone(call_id, "tone1")
    graph_sim.press_tone(call_id, "pound")
    received = bot.wait_for(call_id, lambda got: len(got) >= 2)

    assert subscription.status == "completed"  # completed at once: no operation notification follows
    assert steps(received) == [("updated", "call", "established")] * 2
    tones = [n.raw["resourceData"]["toneInfo"] for n in received]
    assert [(tone["sequenceId"], tone["tone"]) for tone in tones] == [(1, "tone1"), (2, "pound")]
    assert tones[0]["@odata.type"] == "#microsoft.graph.toneInfo"
