"""The simulator's call operations: status codes, headers, bodies and state changes.

Every test runs with ``graph_sim``, which fails the test if any response broke the spec; each test
then checks that the state changed as the service would.
"""

from __future__ import annotations

import signal
import ssl
import subprocess
import sys
from typing import Any

import httpx
import pytest

from graph_calls.testing.simulator import GraphSimulator

MEDIA = {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}
JOHN = {"@odata.type": "#microsoft.graph.identitySet", "user": {"id": "112f7296", "displayName": "John"}}


def create_call(graph_http: httpx.Client, callback_uri: str, **extra: Any) -> httpx.Response:
    body = {
        "@odata.type": "#microsoft.graph.call",
        "callbackUri": callback_uri,
        "targets": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo", "identity": JOHN}],
        "requestedModalities": ["audio"],
        "mediaConfig": MEDIA,
        **extra,
    }
    return graph_http.post("/communications/calls", json=body)


def test_create_answers_201_with_location_and_an_establishing_call(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    response = create_call(graph_http, "https://bot.example/callback")

    assert response.status_code == 201
    call = response.json()
    assert call["state"] == "establishing"
    assert call["direction"] == "outgoing"
    assert call["@odata.type"] == "#microsoft.graph.call"
    assert response.headers["Location"] == f"{graph_sim.base_url}/communications/calls/{call['id']}"
    assert call["myParticipantId"] in [p["id"] for p in graph_sim.participants(call["id"])]


def test_created_call_becomes_established_after_the_establish_delay(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = create_call(graph_http, "https://bot.example/callback").json()["id"]

    graph_sim.settle()

    assert graph_http.get(f"/communications/calls/{call_id}").json()["state"] == "established"
    # The target joined the roster once the call was established.
    identities = [p["info"]["identity"] for p in graph_sim.participants(call_id)]
    assert JOHN in identities


def test_create_without_callback_uri_is_a_bad_request_and_creates_nothing(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    response = graph_http.post("/communications/calls", json={"mediaConfig": MEDIA})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BadRequest"
    assert "callbackUri" in response.json()["error"]["message"]
    assert graph_sim.calls() == []


def test_create_refuses_a_plain_http_callback_outside_loopback(graph_http: httpx.Client) -> None:
    response = create_call(graph_http, "http://bot.example/callback")

    assert response.status_code == 400
    assert "https" in response.json()["error"]["message"]


def test_get_returns_the_call_with_select(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call(subject="Standup")

    full = graph_http.get(f"/communications/calls/{call_id}")
    selected = graph_http.get(f"/communications/calls/{call_id}", params={"$select": "subject"})

    assert full.status_code == 200
    assert full.json()["id"] == call_id
    assert full.json()["state"] == "established"
    assert full.json()["subject"] == "Standup"
    assert full.json()["@odata.context"].endswith("$metadata#communications/calls/$entity")
    assert set(selected.json()) == {"@odata.context", "@odata.type", "id", "subject"}


def test_unknown_call_is_404_with_graph_error_shape(graph_http: httpx.Client) -> None:
    response = graph_http.get("/communications/calls/no-such-call", headers={"client-request-id": "abc-123"})

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "itemNotFound"
    assert set(error["innerError"]) == {"date", "request-id", "client-request-id"}
    assert error["innerError"]["client-request-id"] == "abc-123"
    assert response.headers["client-request-id"] == "abc-123"
    assert response.headers["request-id"] == error["innerError"]["request-id"]
    assert "Date" in response.headers


def test_delete_hangs_up_and_the_call_is_gone(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.delete(f"/communications/calls/{call_id}")

    assert response.status_code == 204
    assert response.content == b""
    assert graph_sim.call(call_id)["state"] == "terminated"
    assert graph_http.get(f"/communications/calls/{call_id}").status_code == 404
    assert graph_http.post(f"/communications/calls/{call_id}/keepAlive").status_code == 404


def test_keep_alive_answers_200_without_a_body(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()
    before = graph_sim.keep_alive_at(call_id)

    response = graph_http.post(f"/communications/calls/{call_id}/keepAlive")

    assert response.status_code == 200
    assert response.content == b""
    assert graph_sim.keep_alive_at(call_id) > before


def test_answer_accepts_an_incoming_call_with_202_and_establishes_it(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call(state="incoming")

    response = graph_http.post(
        f"/communications/calls/{call_id}/answer",
        json={
            "callbackUri": "https://bot.example/api/calls",
            "acceptedModalities": ["audio"],
            "mediaConfig": MEDIA,
        },
    )

    assert response.status_code == 202
    assert response.content == b""
    assert graph_sim.call(call_id)["state"] == "establishing"
    assert graph_sim.call(call_id)["callbackUri"] == "https://bot.example/api/calls"
    graph_sim.settle()
    assert graph_sim.call(call_id)["state"] == "established"
    assert [p["id"] for p in graph_sim.participants(call_id)] == [graph_sim.call(call_id)["myParticipantId"]]


def test_answer_refuses_a_call_that_is_not_incoming(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call(state="established")

    response = graph_http.post(
        f"/communications/calls/{call_id}/answer",
        json={"acceptedModalities": ["audio"], "mediaConfig": MEDIA},
    )

    assert response.status_code == 400
    assert graph_sim.call(call_id)["state"] == "established"


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("reject", {"reason": "busy"}),
        ("redirect", {"targets": [{"identity": JOHN}], "callbackUri": "https://bot.example/cb"}),
    ],
)
def test_reject_and_redirect_end_an_incoming_call_with_202(
    graph_sim: GraphSimulator, graph_http: httpx.Client, action: str, body: dict[str, Any]
) -> None:
    call_id = graph_sim.seed_call(state="incoming")

    response = graph_http.post(f"/communications/calls/{call_id}/{action}", json=body)

    assert response.status_code == 202
    assert response.content == b""
    assert graph_sim.call(call_id)["state"] == "terminated"


def test_transfer_answers_202_then_the_call_ends_transferred(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"/communications/calls/{call_id}/transfer", json={"transferTarget": {"identity": JOHN}}
    )

    assert response.status_code == 202
    assert graph_sim.call(call_id)["state"] == "transferring"
    graph_sim.settle()
    call = graph_sim.call(call_id)
    assert call["state"] == "terminated"
    assert call["resultInfo"]["subcode"] == 7015


def operation_path(graph_sim: GraphSimulator, call_id: str, response: httpx.Response) -> str:
    location = response.headers["Location"]
    operation_id = response.json()["id"]
    assert location == f"{graph_sim.base_url}/communications/calls/{call_id}/operations/{operation_id}"
    return location.removeprefix(graph_sim.base_url)


@pytest.mark.parametrize(
    ("action", "body", "odata_type"),
    [
        (
            "playPrompt",
            {
                "prompts": [
                    {
                        "@odata.type": "#microsoft.graph.mediaPrompt",
                        "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"},
                    }
                ]
            },
            "playPromptOperation",
        ),
        ("recordResponse", {"maxRecordDurationInSeconds": 10}, "recordOperation"),
        (
            "sendDtmfTones",
            {"tones": ["tone1", "pound"], "delayBetweenTonesMs": 100},
            "sendDtmfTonesOperation",
        ),
        ("updateRecordingStatus", {"status": "recording"}, "updateRecordingStatusOperation"),
        ("cancelMediaProcessing", {}, "cancelMediaProcessingOperation"),
        ("mute", {}, "muteParticipantOperation"),
        ("unmute", {}, "unmuteParticipantOperation"),
    ],
)
def test_call_actions_answer_200_with_location_and_a_running_operation_that_completes(
    graph_sim: GraphSimulator, graph_http: httpx.Client, action: str, body: dict[str, Any], odata_type: str
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"/communications/calls/{call_id}/{action}", json={**body, "clientContext": "ctx-1"}
    )

    assert response.status_code == 200
    operation = response.json()
    assert operation["@odata.type"] == f"#microsoft.graph.{odata_type}"
    assert operation["status"] == "running"
    assert operation["clientContext"] == "ctx-1"
    path = operation_path(graph_sim, call_id, response)
    graph_sim.settle()
    final = graph_http.get(path).json()
    assert final["status"] == "completed"
    assert final["resultInfo"]["code"] == 200
    assert final["resultInfo"]["subcode"] == 0
    assert final["@odata.type"] == f"#microsoft.graph.{odata_type}"


@pytest.mark.parametrize("action", ["addLargeGalleryView"])
def test_add_large_gallery_view_answers_202_with_body_and_location(
    graph_sim: GraphSimulator, graph_http: httpx.Client, action: str
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(f"/communications/calls/{call_id}/{action}", json={"clientContext": "c"})

    assert response.status_code == 202
    assert response.json()["status"] == "running"
    operation_id = response.json()["id"]
    operation_path(graph_sim, call_id, response)
    graph_sim.settle()
    assert graph_sim.operation(call_id, operation_id)["status"] == "completed"


def test_subscribe_to_tone_answers_a_completed_operation_and_tones_are_reported(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"/communications/calls/{call_id}/subscribeToTone", json={"clientContext": "t"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert response.json()["@odata.type"] == "#microsoft.graph.subscribeToToneOperation"
    graph_sim.press_tone(call_id, "tone5")
    assert graph_sim.call(call_id)["toneInfo"] == {
        "@odata.type": "#microsoft.graph.toneInfo",
        "sequenceId": 1,
        "tone": "tone5",
    }


def test_press_tone_needs_a_subscription(graph_sim: GraphSimulator) -> None:
    call_id = graph_sim.seed_call()

    with pytest.raises(ValueError, match="subscribeToTone"):
        graph_sim.press_tone(call_id, "tone1")


def test_send_dtmf_tones_accepts_the_namespace_qualified_action(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"/communications/calls/{call_id}/microsoft.graph.sendDtmfTones", json={"tones": ["tone1"]}
    )

    assert response.status_code == 200
    assert graph_sim.last_request is not None
    assert graph_sim.last_request.operation == "calls_send_dtmf_tones"
    graph_sim.settle()
    operation = graph_sim.operation(call_id, response.json()["id"])
    assert operation["completionReason"] == "completedSuccessfully"


def test_mute_and_unmute_change_the_bots_own_participant(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call(participants=1)
    bot_id = graph_sim.call(call_id)["myParticipantId"]

    graph_http.post(f"/communications/calls/{call_id}/mute", json={})
    graph_sim.settle()
    muted = {p["id"]: p["isMuted"] for p in graph_sim.participants(call_id)}
    graph_http.post(f"/communications/calls/{call_id}/unmute", json={})
    graph_sim.settle()

    assert muted[bot_id] is True
    assert [p["isMuted"] for p in graph_sim.participants(call_id) if p["id"] != bot_id] == [False]
    assert all(not p["isMuted"] for p in graph_sim.participants(call_id))


def test_record_response_completes_with_a_downloadable_recording(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    operation_id = graph_http.post(f"/communications/calls/{call_id}/recordResponse", json={}).json()["id"]
    graph_sim.settle()
    operation = graph_sim.operation(call_id, operation_id)
    with httpx.Client(verify=graph_sim.ssl_context()) as plain:
        recording = plain.get(
            operation["recordingLocation"],
            headers={"Authorization": f"Bearer {operation['recordingAccessToken']}"},
        )
        refused = plain.get(operation["recordingLocation"])

    assert recording.status_code == 200
    assert recording.content.startswith(b"RIFF")
    assert refused.status_code == 401


def test_cancel_media_processing_fails_running_prompts_and_recordings(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.operation_delay_s = 2  # keep them running
    prompt = graph_http.post(
        f"/communications/calls/{call_id}/playPrompt",
        json={
            "prompts": [
                {
                    "@odata.type": "#microsoft.graph.mediaPrompt",
                    "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"},
                }
            ]
        },
    ).json()
    record = graph_http.post(f"/communications/calls/{call_id}/recordResponse", json={}).json()

    response = graph_http.post(
        f"/communications/calls/{call_id}/cancelMediaProcessing", json={"clientContext": "x"}
    )

    assert response.status_code == 200
    for operation_id in (prompt["id"], record["id"]):
        cancelled = graph_sim.operation(call_id, operation_id)
        assert cancelled["status"] == "failed"
        assert (cancelled["resultInfo"]["code"], cancelled["resultInfo"]["subcode"]) == (400, 8508)
    assert graph_sim.operation(call_id, record["id"])["completionReason"] == "operationCanceled"


def test_play_prompts_complete_one_after_another(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)
    prompt = {
        "prompts": [
            {
                "@odata.type": "#microsoft.graph.mediaPrompt",
                "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"},
            }
        ]
    }

    ids = [
        graph_http.post(f"/communications/calls/{call_id}/playPrompt", json=prompt).json()["id"]
        for _ in range(3)
    ]
    graph_sim.settle()

    completed = [received.notification["resourceData"]["id"] for received in callback.wait_for(3)]
    assert completed == ids
    assert all(graph_sim.operation(call_id, op_id)["status"] == "completed" for op_id in ids)


def test_play_prompt_without_prompts_is_a_bad_request(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(f"/communications/calls/{call_id}/playPrompt", json={"prompts": []})

    assert response.status_code == 400
    assert graph_sim.operations(call_id) == []


def test_change_screen_sharing_role_answers_202_and_updates_the_bots_streams(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    response = graph_http.post(
        f"/communications/calls/{call_id}/changeScreenSharingRole", json={"role": "sharer"}
    )

    assert response.status_code == 202
    assert response.content == b""
    graph_sim.settle()
    bot = graph_sim.participants(call_id)[0]
    sharing = [s for s in bot["mediaStreams"] if s["mediaType"] == "videoBasedScreenSharing"]
    assert [s["direction"] for s in sharing] == ["sendOnly"]


def test_update_recording_status_sets_the_bots_recording_info(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()

    graph_http.post(f"/communications/calls/{call_id}/updateRecordingStatus", json={"status": "recording"})
    graph_sim.settle()

    assert graph_sim.participants(call_id)[0]["recordingInfo"]["recordingStatus"] == "recording"


def test_log_teleconference_device_quality_answers_200_and_keeps_the_report(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    quality = {
        "callChainId": "0622673d-9f69-49b3-9d4f-5ec64f42ecce",
        "participantId": "ea078406-b5d4-4d3c-b85e-90103dcec7f6",
        "mediaLegId": "bd9ee398-4b9d-42c7-8b8d-4e8efad9435f",
        "deviceName": "TestAgent",
        "mediaQualityList": [
            {"@odata.type": "#microsoft.graph.teleconferenceDeviceAudioQuality", "channelIndex": 1}
        ],
    }

    response = graph_http.post(
        "/communications/calls/logTeleconferenceDeviceQuality", json={"quality": quality}
    )

    assert response.status_code == 200
    assert response.content == b""
    assert graph_sim.device_quality_reports == [quality]


def test_get_operation_returns_its_current_state_and_404_for_unknown_ids(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    graph_sim.operation_delay_s = 2
    response = graph_http.post(f"/communications/calls/{call_id}/sendDtmfTones", json={"tones": ["tone0"]})

    running = graph_http.get(operation_path(graph_sim, call_id, response))
    unknown = graph_http.get(f"/communications/calls/{call_id}/operations/nope")

    assert running.status_code == 200
    assert running.json()["status"] == "running"
    assert running.json()["@odata.type"] == "#microsoft.graph.sendDtmfTonesOperation"
    assert unknown.status_code == 404


def test_audio_routing_groups_are_real_crud(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call(participants=2)
    ids = [p["id"] for p in graph_sim.participants(call_id)]
    groups = f"/communications/calls/{call_id}/audioRoutingGroups"

    created = graph_http.post(
        groups, json={"id": "oneToOne", "routingMode": "oneToOne", "sources": ids[:1], "receivers": ids[1:2]}
    )
    listed = graph_http.get(groups)
    updated = graph_http.patch(f"{groups}/oneToOne", json={"receivers": ids[1:]})
    fetched = graph_http.get(f"{groups}/oneToOne")
    duplicate = graph_http.post(groups, json={"id": "oneToOne", "routingMode": "multicast"})
    deleted = graph_http.delete(f"{groups}/oneToOne")
    gone = graph_http.get(f"{groups}/oneToOne")

    assert created.status_code == 200  # the reference documents 200 for this create
    assert created.json()["routingMode"] == "oneToOne"
    assert [g["id"] for g in listed.json()["value"]] == ["oneToOne"]
    assert updated.status_code == 200
    assert fetched.json()["receivers"] == ids[1:]
    assert duplicate.status_code == 409
    assert deleted.status_code == 204
    assert gone.status_code == 404
    assert graph_sim.audio_routing_groups(call_id) == []


def test_content_sharing_sessions_can_be_seeded_listed_and_fetched(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call()
    session_id = graph_sim.seed_content_sharing_session(call_id)
    sessions = f"/communications/calls/{call_id}/contentSharingSessions"

    listed = graph_http.get(sessions)
    fetched = graph_http.get(f"{sessions}/{session_id}")
    unknown = graph_http.get(f"{sessions}/nope")

    assert [s["id"] for s in listed.json()["value"]] == [session_id]
    assert fetched.json()["@odata.type"] == "#microsoft.graph.contentSharingSession"
    assert unknown.status_code == 404


def test_ids_with_an_encoded_slash_route_as_one_id(
    graph_sim: GraphSimulator, graph_http: httpx.Client
) -> None:
    call_id = graph_sim.seed_call(call_id="tenant/call 1")

    response = graph_http.get("/communications/calls/tenant%2Fcall%201")

    assert response.status_code == 200
    assert response.json()["id"] == "tenant/call 1"
    assert graph_sim.last_request is not None
    assert graph_sim.last_request.raw_path == "/v1.0/communications/calls/tenant%2Fcall%201"
    assert call_id == "tenant/call 1"


def test_every_request_is_recorded_as_received(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()

    graph_http.post(
        f"/communications/calls/{call_id}/playPrompt",
        params={"x": "1"},
        json={
            "prompts": [
                {
                    "@odata.type": "#microsoft.graph.mediaPrompt",
                    "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"},
                }
            ]
        },
        headers={"client-request-id": "req-1"},
    )

    record = graph_sim.last_request
    assert record is not None
    assert record.method == "POST"
    assert record.raw_path == f"/v1.0/communications/calls/{call_id}/playPrompt"
    assert record.query_string == "x=1"
    assert record.header("client-request-id") == "req-1"
    assert record.json()["prompts"][0]["@odata.type"] == "#microsoft.graph.mediaPrompt"
    assert record.status == 200
    assert record.timestamp > 0
    assert len(graph_sim.requests) == 1


def test_unknown_segments_and_methods_are_refused(graph_http: httpx.Client) -> None:
    unknown = graph_http.get("/communications/nothing")
    not_allowed = graph_http.put("/communications/calls/abc", json={})

    assert unknown.status_code == 400
    assert "nothing" in unknown.json()["error"]["message"]
    assert not_allowed.status_code == 405
    assert set(not_allowed.headers["Allow"].split(", ")) == {"DELETE", "GET"}


def test_reset_forgets_calls_and_requests(graph_sim: GraphSimulator, graph_http: httpx.Client) -> None:
    call_id = graph_sim.seed_call()
    graph_http.get(f"/communications/calls/{call_id}")

    graph_sim.reset()

    assert graph_sim.requests == []
    with pytest.raises(KeyError):
        graph_sim.call(call_id)
    assert graph_sim.idp.token_requests == 0


def test_module_serve_prints_how_to_connect_and_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_calls.testing", "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        settings: dict[str, str] = {}
        while "ca_bundle" not in settings:
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else "no output"
            name, _, value = line.strip().partition(" ")
            settings[name] = value.strip()
        with httpx.Client(verify=ssl.create_default_context(cafile=settings["ca_bundle"])) as http:
            token = http.post(
                f"{settings['authority']}/oauth2/v2.0/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": settings["client_id"],
                    "client_secret": settings["client_secret"],
                    "scope": "https://graph.microsoft.com/.default",
                },
            ).json()["access_token"]
            response = http.get(
                f"{settings['base_url']}/communications/calls/none",
                headers={"Authorization": f"Bearer {token}"},
            )
        assert settings["base_url"].startswith("https://127.0.0.1:")
        assert settings["base_url"].endswith("/v1.0")
        assert response.status_code == 404
    finally:
        process.send_signal(signal.SIGINT)  # a clean stop: the CA's temp files are removed
        assert process.wait(timeout=15) == 0


def test_seeding_an_unknown_state_is_refused(graph_sim: GraphSimulator) -> None:
    with pytest.raises(ValueError, match="unknown call state"):
        graph_sim.seed_call(state="exploded")
