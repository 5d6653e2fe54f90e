"""Notifications: what the simulator POSTs to a call's callbackUri, in which order, and how it signs them."""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from graph_calls.testing._server import ServerThread
from graph_calls.testing.simulator import GraphSimulator

MEDIA = {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}
PROMPT = {
    "prompts": [
        {
            "@odata.type": "#microsoft.graph.mediaPrompt",
            "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"},
        }
    ]
}
HEIDI = {"@odata.type": "#microsoft.graph.identitySet", "user": {"id": "550fae72", "displayName": "Heidi"}}


def summary(received: list[Any]) -> list[tuple[str, str, Any]]:
    """(changeType, resourceUrl, state or status) of each received notification."""
    rows = []
    for item in received:
        notification = item.notification
        data = notification["resourceData"]
        detail = data.get("state") or data.get("status") if isinstance(data, dict) else len(data)
        rows.append((notification["changeType"], notification["resourceUrl"], detail))
    return rows


def verify_callback_token(sim: GraphSimulator, token: str, audience: str) -> dict[str, Any]:
    """Check a notification's bearer token the way a bot does: OpenID config, JWKS, claims."""
    with httpx.Client(verify=sim.ssl_context()) as http:
        config = http.get(sim.idp.callback_openid_config_url).json()
        jwks = http.get(config["jwks_uri"]).json()
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(key for key in jwt.PyJWKSet.from_dict(jwks).keys if key.key_id == kid)
    claims: dict[str, Any] = jwt.decode(
        token, key.key, algorithms=["RS256"], audience=audience, issuer="https://api.botframework.com"
    )
    return claims


def test_create_posts_establishing_then_established(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    response = graph_http.post(
        "/communications/calls",
        json={"callbackUri": callback.url, "mediaConfig": MEDIA, "requestedModalities": ["audio"]},
    )
    call_id = response.json()["id"]

    received = callback.wait_for(2)

    assert summary(received) == [
        ("updated", f"/communications/calls/{call_id}", "establishing"),
        ("updated", f"/communications/calls/{call_id}", "established"),
    ]
    assert received[0].body["@odata.type"] == "#microsoft.graph.commsNotifications"
    assert received[0].notification["@odata.type"] == "#microsoft.graph.commsNotification"
    assert received[0].notification["resourceData"]["@odata.type"] == "#microsoft.graph.call"
    assert received[0].path == "/api/calls"


def test_notifications_are_signed_for_the_app_that_created_the_call(
    graph_sim: GraphSimulator, make_http: Any, callback: Any
) -> None:
    client_id, secret = graph_sim.register_app()
    other_app = make_http(graph_sim.access_token(client_id, secret))
    other_app.post("/communications/calls", json={"callbackUri": callback.url, "mediaConfig": MEDIA})

    received = callback.wait_for(1)[0]

    scheme, _, token = received.headers["authorization"].partition(" ")
    assert scheme == "Bearer"
    claims = verify_callback_token(graph_sim, token, audience=client_id)
    assert claims["aud"] == client_id
    assert claims["tid"] == graph_sim.tenant_id
    assert claims["iss"] == "https://api.botframework.com"
    assert graph_sim.notifications_sent[0].audience == client_id


def test_a_notification_token_does_not_verify_for_another_app(
    graph_sim: GraphSimulator, callback: Any
) -> None:
    graph_sim.incoming_call(callback_uri=callback.url)

    token = callback.wait_for(1)[0].headers["authorization"].removeprefix("Bearer ")

    with pytest.raises(jwt.InvalidAudienceError):
        verify_callback_token(graph_sim, token, audience="some-other-app")
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    forged = jwt.encode(
        claims, rsa.generate_private_key(65537, 2048), algorithm="RS256", headers={"kid": kid}
    )
    with pytest.raises(jwt.InvalidSignatureError):
        verify_callback_token(graph_sim, forged, audience=graph_sim.client_id)


def test_hangup_posts_terminating_then_terminated_with_result_info(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)

    graph_http.delete(f"/communications/calls/{call_id}")

    received = callback.wait_for(2)
    assert summary(received) == [
        ("updated", f"/communications/calls/{call_id}", "terminating"),
        ("deleted", f"/communications/calls/{call_id}", "terminated"),
    ]
    result = received[1].notification["resourceData"]["resultInfo"]
    assert (result["code"], result["subcode"]) == (200, 5001)


def test_invite_posts_the_operation_completion_then_the_roster_update(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)
    invite = f"/communications/calls/{call_id}/participants/invite"

    first = graph_http.post(
        invite, json={"participants": [{"identity": HEIDI, "participantId": "h1"}]}
    ).json()
    graph_sim.settle()
    second = graph_http.post(
        invite, json={"participants": [{"identity": HEIDI, "participantId": "h2"}]}
    ).json()

    received = callback.wait_for(4)
    assert summary(received) == [
        ("deleted", f"/communications/calls/{call_id}/operations/{first['id']}", "completed"),
        ("updated", f"/communications/calls/{call_id}/participants", 1),
        ("deleted", f"/communications/calls/{call_id}/operations/{second['id']}", "completed"),
        ("updated", f"/communications/calls/{call_id}/participants", 1),
    ]
    completion = received[0].notification["resourceData"]
    assert completion["@odata.type"] == "#microsoft.graph.inviteParticipantsOperation"
    assert completion["resultInfo"]["code"] == 200
    rosters = [received[1].notification["resourceData"][0], received[3].notification["resourceData"][0]]
    assert [p["id"] for p in rosters] == ["h1", "h2"]
    assert rosters[0]["@odata.type"] == "#microsoft.graph.participant"
    assert rosters[0]["rosterSequenceNumber"] < rosters[1]["rosterSequenceNumber"]


def test_cancelled_invite_posts_a_failed_operation(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)
    graph_sim.operation_delay_s = 2
    operation = graph_http.post(
        f"/communications/calls/{call_id}/participants/invite",
        json={"participants": [{"identity": HEIDI, "participantId": "h1"}]},
    ).json()

    graph_http.delete(f"/communications/calls/{call_id}/participants/h1")

    assert summary(callback.wait_for(1)) == [
        ("deleted", f"/communications/calls/{call_id}/operations/{operation['id']}", "failed")
    ]


def test_operations_report_their_completion_as_deleted_on_the_operation(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)

    operation = graph_http.post(f"/communications/calls/{call_id}/playPrompt", json=PROMPT).json()

    notification = callback.wait_for(1)[0].notification
    assert notification["changeType"] == "deleted"
    assert notification["resourceUrl"] == f"/communications/calls/{call_id}/operations/{operation['id']}"
    data = notification["resourceData"]
    assert data["@odata.type"] == "#microsoft.graph.playPromptOperation"
    assert data["status"] == "completed"
    assert (data["resultInfo"]["code"], data["resultInfo"]["subcode"]) == (200, 0)


def test_mute_posts_the_completion_then_the_roster_with_the_bot_muted(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)

    graph_http.post(f"/communications/calls/{call_id}/mute", json={})

    received = callback.wait_for(2)
    assert [row[0] for row in summary(received)] == ["deleted", "updated"]
    (bot,) = received[1].notification["resourceData"]
    assert bot["id"] == graph_sim.call(call_id)["myParticipantId"]
    assert bot["isMuted"] is True


def test_cancel_media_processing_posts_the_cancelled_operations_first(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)
    record = graph_http.post(f"/communications/calls/{call_id}/recordResponse", json={}).json()

    cancel = graph_http.post(f"/communications/calls/{call_id}/cancelMediaProcessing", json={}).json()

    received = callback.wait_for(2)
    assert summary(received) == [
        ("deleted", f"/communications/calls/{call_id}/operations/{record['id']}", "failed"),
        ("deleted", f"/communications/calls/{call_id}/operations/{cancel['id']}", "completed"),
    ]
    cancelled = received[0].notification["resourceData"]
    assert (cancelled["resultInfo"]["code"], cancelled["resultInfo"]["subcode"]) == (400, 8508)
    assert cancelled["completionReason"] == "operationCanceled"


def test_incoming_call_is_posted_as_created_and_answering_establishes_it(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.incoming_call(callback_uri=callback.url)
    created = callback.wait_for(1)[0].notification
    assert created["changeType"] == "created"
    assert created["resourceData"]["state"] == "incoming"
    assert created["resourceData"]["direction"] == "incoming"

    graph_http.post(
        f"/communications/calls/{call_id}/answer",
        json={"callbackUri": callback.url, "acceptedModalities": ["audio"], "mediaConfig": MEDIA},
    )

    assert [row[2] for row in summary(callback.wait_for(3))] == ["incoming", "establishing", "established"]


def test_reject_posts_deleted_to_the_callback_it_names(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(state="incoming")

    graph_http.post(
        f"/communications/calls/{call_id}/reject", json={"reason": "busy", "callbackUri": callback.url}
    )

    assert summary(callback.wait_for(1)) == [("deleted", f"/communications/calls/{call_id}", "terminated")]


def test_transfer_posts_transferring_accepted_then_terminated(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)

    graph_http.post(f"/communications/calls/{call_id}/transfer", json={"transferTarget": {"identity": HEIDI}})

    received = callback.wait_for(3)
    assert [(row[0], row[2]) for row in summary(received)] == [
        ("updated", "transferring"),
        ("updated", "transferAccepted"),
        ("deleted", "terminated"),
    ]
    assert received[2].notification["resourceData"]["resultInfo"]["message"] == "GracefulTransferCompleted"


def test_pressed_tones_are_posted_with_tone_info(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    call_id = graph_sim.seed_call(callback_uri=callback.url)
    graph_http.post(f"/communications/calls/{call_id}/subscribeToTone", json={})

    graph_sim.press_tone(call_id, "tone1")
    graph_sim.press_tone(call_id, "pound")

    tones = [item.notification["resourceData"]["toneInfo"] for item in callback.wait_for(2)]
    assert [(tone["sequenceId"], tone["tone"]) for tone in tones] == [(1, "tone1"), (2, "pound")]


def test_content_sharing_sessions_are_posted_when_the_call_asked_for_them(
    graph_sim: GraphSimulator, callback: Any
) -> None:
    options = {
        "@odata.type": "#microsoft.graph.outgoingCallOptions",
        "isContentSharingNotificationEnabled": True,
    }
    call_id = graph_sim.seed_call(callback_uri=callback.url, callOptions=options)
    quiet_call = graph_sim.seed_call(callback_uri=callback.url)

    session_id = graph_sim.seed_content_sharing_session(call_id)
    graph_sim.seed_content_sharing_session(quiet_call)
    graph_sim.settle()

    assert summary(callback.received) == [
        ("created", f"/communications/calls/{call_id}/contentsharingsessions", 1)
    ]
    assert callback.received[0].notification["resourceData"][0]["id"] == session_id


def test_https_callbacks_are_posted_trusting_the_simulators_ca(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback_receiver: Any
) -> None:
    callback_receiver.reset()
    ca = graph_sim.ca
    with ServerThread(
        callback_receiver, certfile=ca.server_certfile, keyfile=ca.server_keyfile, lifespan="off"
    ) as tls:
        call_id = graph_sim.seed_call(callback_uri=f"{tls.base_url}/api/calls")
        graph_http.post(f"/communications/calls/{call_id}/keepAlive")
        graph_http.post(f"/communications/calls/{call_id}/sendDtmfTones", json={"tones": ["tone1"]})
        graph_sim.settle()

    assert [delivery.ok for delivery in graph_sim.notifications_sent] == [True]
    assert graph_sim.notifications_sent[0].url.startswith("https://127.0.0.1:")


def test_failed_deliveries_are_recorded(
    graph_sim: GraphSimulator, graph_http: httpx.Client, callback: Any
) -> None:
    callback.status = 500
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    refusing = graph_sim.seed_call(callback_uri=callback.url)
    unreachable = graph_sim.seed_call(callback_uri=f"http://127.0.0.1:{dead_port}/api/calls")

    graph_http.post(f"/communications/calls/{refusing}/playPrompt", json=PROMPT)
    graph_http.post(f"/communications/calls/{unreachable}/playPrompt", json=PROMPT)
    graph_sim.settle()

    failures = {failure.call_id: failure for failure in graph_sim.notification_failures}
    assert failures[refusing].status == 500
    assert failures[refusing].error == "HTTP 500"
    assert failures[unreachable].status is None
    assert failures[unreachable].error is not None
    assert len(graph_sim.notifications_sent) == 2


def test_delivery_payloads_are_recorded_as_sent(graph_sim: GraphSimulator, callback: Any) -> None:
    graph_sim.incoming_call(callback_uri=callback.url)

    graph_sim.settle()

    (delivery,) = graph_sim.notifications_sent
    assert delivery.ok
    assert delivery.status == 202
    assert callback.received[0].body == json.loads(json.dumps(delivery.payload))
