"""Every kept operation, sync and async, through the real client over a real socket to the simulator.

Each case names the call (the same expression works on ``GraphCalls`` and ``AsyncGraphCalls``: the twins
share names and arguments), the request the simulator must have received (method, raw path, JSON body),
the type of the parsed result, and the state change the service would make.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import pytest

from graph_calls import AsyncGraphCalls, GraphCalls, identities
from graph_calls import models as m
from graph_calls.paging import AsyncPager, Pager
from graph_calls.testing.simulator import GraphSimulator

CALLS = "/v1.0/communications/calls"
USER = "278405a3-f568-4b3e-b684-009193463064"


@dataclass
class Ids:
    call: str
    participant: str
    other: str
    operation: str = ""
    group: str = ""
    session: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    name: str
    call: Callable[[Any, Ids], Any]
    method: str
    path: Callable[[Ids], str]
    body: Callable[[Ids], Any] | None = None  # None: no body sent
    result: type | tuple[type, ...] | None = None  # None: the method returns None
    state: Callable[[GraphSimulator, Ids, Any], None] | None = None


def _prompt() -> Any:
    return m.MediaPrompt(media_info=m.MediaInfo(uri="https://cdn.contoso.com/beep.wav", resource_id="r1"))


def _invitee() -> Any:
    return m.InvitationParticipantInfo(identity=identities.user(USER, identity_provider="AAD"))


def _roster(sim: GraphSimulator, ids: Ids) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in sim.participants(ids.call)}


def _operation_is(kind: str) -> Callable[[GraphSimulator, Ids, Any], None]:
    def check(sim: GraphSimulator, ids: Ids, result: Any) -> None:
        stored = sim.operation(ids.call, result.id)
        assert stored["@odata.type"] == f"#microsoft.graph.{kind}"
        assert result.odata_type == f"#microsoft.graph.{kind}"

    return check


CASES = [
    Case(
        "calls.create",
        lambda g, i: g.calls.create(
            m.Call(
                callback_uri="https://bot.contoso.com/callback",
                requested_modalities=["audio"],
                media_config=m.ServiceHostedMediaConfig(pre_fetch_media=[m.MediaInfo(uri="https://x/a.wav")]),
                source=m.ParticipantInfo(identity=identities.application("bot-app", display_name="Bot")),
                targets=[_invitee()],
                tenant_id="tenant-1",
            )
        ),
        "POST",
        lambda i: CALLS,
        lambda i: {
            "callbackUri": "https://bot.contoso.com/callback",
            "requestedModalities": ["audio"],
            "mediaConfig": {
                "@odata.type": "#microsoft.graph.serviceHostedMediaConfig",
                "preFetchMedia": [{"uri": "https://x/a.wav"}],
            },
            "source": {"identity": {"application": {"id": "bot-app", "displayName": "Bot"}}},
            "targets": [{"identity": {"user": {"id": USER, "identityProvider": "AAD"}}}],
            "tenantId": "tenant-1",
        },
        m.Call,
        lambda sim, i, r: sim.call(r.id)["state"] in ("establishing", "established"),
    ),
    Case("calls.get", lambda g, i: g.calls[i.call].get(), "GET", lambda i: f"{CALLS}/{i.call}", None, m.Call),
    Case(
        "calls.delete",
        lambda g, i: g.calls[i.call].delete(),
        "DELETE",
        lambda i: f"{CALLS}/{i.call}",
        state=lambda sim, i, r: sim.call(i.call)["state"] in ("terminating", "terminated"),
    ),
    Case(
        "calls.answer",
        lambda g, i: g.calls[i.extra["incoming"]].answer(
            callback_uri="https://bot.contoso.com/callback",
            media_config=m.ServiceHostedMediaConfig(),
            accepted_modalities=["audio"],
        ),
        "POST",
        lambda i: f"{CALLS}/{i.extra['incoming']}/answer",
        lambda i: {
            "callbackUri": "https://bot.contoso.com/callback",
            "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
            "acceptedModalities": ["audio"],
        },
        state=lambda sim, i, r: sim.call(i.extra["incoming"])["state"] in ("establishing", "established"),
    ),
    Case(
        "calls.reject",
        lambda g, i: g.calls[i.extra["incoming"]].reject(reason="busy"),
        "POST",
        lambda i: f"{CALLS}/{i.extra['incoming']}/reject",
        lambda i: {"reason": "busy"},
        state=lambda sim, i, r: sim.call(i.extra["incoming"])["state"] in ("terminating", "terminated"),
    ),
    Case(
        "calls.redirect",
        lambda g, i: g.calls[i.extra["incoming"]].redirect(targets=[_invitee()], redirect_timeout_s=30),
        "POST",
        lambda i: f"{CALLS}/{i.extra['incoming']}/redirect",
        lambda i: {
            "targets": [{"identity": {"user": {"id": USER, "identityProvider": "AAD"}}}],
            "timeout": 30,
        },
    ),
    Case(
        "calls.transfer",
        lambda g, i: g.calls[i.call].transfer(transfer_target=_invitee()),
        "POST",
        lambda i: f"{CALLS}/{i.call}/transfer",
        lambda i: {"transferTarget": {"identity": {"user": {"id": USER, "identityProvider": "AAD"}}}},
    ),
    Case(
        "calls.keep_alive",
        lambda g, i: g.calls[i.call].keep_alive(),
        "POST",
        lambda i: f"{CALLS}/{i.call}/keepAlive",
        state=lambda sim, i, r: sim.keep_alive_at(i.call) > 0,
    ),
    Case(
        "calls.mute",
        lambda g, i: g.calls[i.call].mute(client_context="c1"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/mute",
        lambda i: {"clientContext": "c1"},
        m.MuteParticipantOperation,
        _operation_is("muteParticipantOperation"),
    ),
    Case(
        "calls.unmute",
        lambda g, i: g.calls[i.call].unmute(client_context="c1"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/unmute",
        lambda i: {"clientContext": "c1"},
        m.UnmuteParticipantOperation,
        _operation_is("unmuteParticipantOperation"),
    ),
    Case(
        "calls.play_prompt",
        lambda g, i: g.calls[i.call].play_prompt(prompts=[_prompt()], client_context="c2"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/playPrompt",
        lambda i: {
            "prompts": [
                {
                    "@odata.type": "#microsoft.graph.mediaPrompt",
                    "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav", "resourceId": "r1"},
                }
            ],
            "clientContext": "c2",
        },
        m.PlayPromptOperation,
        _operation_is("playPromptOperation"),
    ),
    Case(
        "calls.record_response",
        lambda g, i: g.calls[i.call].record_response(
            prompts=[_prompt()], max_record_duration_in_seconds=10, play_beep=True, stop_tones=["#"]
        ),
        "POST",
        lambda i: f"{CALLS}/{i.call}/recordResponse",
        lambda i: {
            "prompts": [
                {
                    "@odata.type": "#microsoft.graph.mediaPrompt",
                    "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav", "resourceId": "r1"},
                }
            ],
            "maxRecordDurationInSeconds": 10,
            "playBeep": True,
            "stopTones": ["#"],
        },
        m.RecordOperation,
        _operation_is("recordOperation"),
    ),
    Case(
        "calls.cancel_media_processing",
        lambda g, i: g.calls[i.call].cancel_media_processing(client_context="c3"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/cancelMediaProcessing",
        lambda i: {"clientContext": "c3"},
        m.CancelMediaProcessingOperation,
        _operation_is("cancelMediaProcessingOperation"),
    ),
    Case(
        "calls.subscribe_to_tone",
        lambda g, i: g.calls[i.call].subscribe_to_tone(client_context="c4"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/subscribeToTone",
        lambda i: {"clientContext": "c4"},
        m.SubscribeToToneOperation,
        _operation_is("subscribeToToneOperation"),
    ),
    Case(
        "calls.send_dtmf_tones",
        lambda g, i: g.calls[i.call].send_dtmf_tones(tones=["tone1", "pound"], delay_between_tones_ms=300),
        "POST",
        lambda i: f"{CALLS}/{i.call}/sendDtmfTones",
        lambda i: {"tones": ["tone1", "pound"], "delayBetweenTonesMs": 300},
        m.SendDtmfTonesOperation,
        _operation_is("sendDtmfTonesOperation"),
    ),
    Case(
        "calls.change_screen_sharing_role",
        lambda g, i: g.calls[i.call].change_screen_sharing_role(role="sharer"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/changeScreenSharingRole",
        lambda i: {"role": "sharer"},
    ),
    Case(
        "calls.update_recording_status",
        lambda g, i: g.calls[i.call].update_recording_status(status="recording", client_context="c5"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/updateRecordingStatus",
        lambda i: {"status": "recording", "clientContext": "c5"},
        m.UpdateRecordingStatusOperation,
        _operation_is("updateRecordingStatusOperation"),
    ),
    Case(
        "calls.add_large_gallery_view",
        lambda g, i: g.calls[i.call].add_large_gallery_view(client_context="c6"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/addLargeGalleryView",
        lambda i: {"clientContext": "c6"},
        m.AddLargeGalleryViewOperation,
        _operation_is("addLargeGalleryViewOperation"),
    ),
    Case(
        "calls.log_teleconference_device_quality",
        lambda g, i: g.calls.log_teleconference_device_quality(
            quality=m.TeleconferenceDeviceQuality(
                call_chain_id=UUID("b5f6ff0c-3b8a-4d8f-9c47-8d8e6c0c1d2e"),
                participant_id=UUID("3a1f0e52-7c1a-4f7e-9c7e-2b9d1f3c4e5a"),
                media_leg_id=UUID("0b8ff6e2-84c1-4f3e-93b2-0f5a1b6a2c3d"),
                device_name="CVI device",
                media_quality_list=[
                    m.TeleconferenceDeviceAudioQuality(channel_index=1, media_duration="PT20M"),
                    m.TeleconferenceDeviceScreenSharingQuality(channel_index=2),
                ],
            )
        ),
        "POST",
        lambda i: f"{CALLS}/logTeleconferenceDeviceQuality",
        lambda i: {
            "quality": {
                "callChainId": "b5f6ff0c-3b8a-4d8f-9c47-8d8e6c0c1d2e",
                "participantId": "3a1f0e52-7c1a-4f7e-9c7e-2b9d1f3c4e5a",
                "mediaLegId": "0b8ff6e2-84c1-4f3e-93b2-0f5a1b6a2c3d",
                "deviceName": "CVI device",
                "mediaQualityList": [
                    {
                        "@odata.type": "#microsoft.graph.teleconferenceDeviceAudioQuality",
                        "channelIndex": 1,
                        "mediaDuration": "PT20M",
                    },
                    {
                        "@odata.type": "#microsoft.graph.teleconferenceDeviceScreenSharingQuality",
                        "channelIndex": 2,
                    },
                ],
            }
        },
        state=lambda sim, i, r: len(sim.device_quality_reports) == 1,
    ),
    Case(
        "operations.get",
        lambda g, i: g.calls[i.call].operations[i.operation].get(),
        "GET",
        lambda i: f"{CALLS}/{i.call}/operations/{i.operation}",
        None,
        m.PlayPromptOperation,
    ),
    Case(
        "participants.list",
        lambda g, i: g.calls[i.call].participants.list(),
        "GET",
        lambda i: f"{CALLS}/{i.call}/participants",
        None,
        list,
        lambda sim, i, r: {p.id for p in r} == set(_roster(sim, i)),
    ),
    Case(
        "participants.get",
        lambda g, i: g.calls[i.call].participants[i.participant].get(),
        "GET",
        lambda i: f"{CALLS}/{i.call}/participants/{i.participant}",
        None,
        m.Participant,
        lambda sim, i, r: r.id == i.participant,
    ),
    Case(
        "participants.delete",
        lambda g, i: g.calls[i.call].participants[i.participant].delete(),
        "DELETE",
        lambda i: f"{CALLS}/{i.call}/participants/{i.participant}",
        state=lambda sim, i, r: i.participant not in _roster(sim, i),
    ),
    Case(
        "participants.invite",
        lambda g, i: g.calls[i.call].participants.invite([_invitee()], client_context="c7"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/participants/invite",
        lambda i: {
            "participants": [{"identity": {"user": {"id": USER, "identityProvider": "AAD"}}}],
            "clientContext": "c7",
        },
        m.InviteParticipantsOperation,
        _operation_is("inviteParticipantsOperation"),
    ),
    Case(
        "participants.mute",
        lambda g, i: g.calls[i.call].participants[i.participant].mute(client_context="c8"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/participants/{i.participant}/mute",
        lambda i: {"clientContext": "c8"},
        m.MuteParticipantOperation,
        _operation_is("muteParticipantOperation"),
    ),
    Case(
        "participants.start_hold_music",
        lambda g, i: g.calls[i.call].participants[i.participant].start_hold_music(custom_prompt=_prompt()),
        "POST",
        lambda i: f"{CALLS}/{i.call}/participants/{i.participant}/startHoldMusic",
        lambda i: {
            "customPrompt": {
                "@odata.type": "#microsoft.graph.mediaPrompt",
                "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav", "resourceId": "r1"},
            }
        },
        m.StartHoldMusicOperation,
        _operation_is("startHoldMusicOperation"),
    ),
    Case(
        "participants.stop_hold_music",
        lambda g, i: g.calls[i.call].participants[i.participant].stop_hold_music(client_context="c9"),
        "POST",
        lambda i: f"{CALLS}/{i.call}/participants/{i.participant}/stopHoldMusic",
        lambda i: {"clientContext": "c9"},
        m.StopHoldMusicOperation,
        _operation_is("stopHoldMusicOperation"),
    ),
    Case(
        "audio_routing_groups.list",
        lambda g, i: g.calls[i.call].audio_routing_groups.list(),
        "GET",
        lambda i: f"{CALLS}/{i.call}/audioRoutingGroups",
        None,
        list,
        lambda sim, i, r: [group.id for group in r] == [i.group],
    ),
    Case(
        "audio_routing_groups.create",
        lambda g, i: g.calls[i.call].audio_routing_groups.create(
            m.AudioRoutingGroup(routing_mode="oneToOne", sources=[i.participant], receivers=[i.other])
        ),
        "POST",
        lambda i: f"{CALLS}/{i.call}/audioRoutingGroups",
        lambda i: {"routingMode": "oneToOne", "sources": [i.participant], "receivers": [i.other]},
        m.AudioRoutingGroup,
        lambda sim, i, r: r.id in [group["id"] for group in sim.audio_routing_groups(i.call)],
    ),
    Case(
        "audio_routing_groups.get",
        lambda g, i: g.calls[i.call].audio_routing_groups[i.group].get(),
        "GET",
        lambda i: f"{CALLS}/{i.call}/audioRoutingGroups/{i.group}",
        None,
        m.AudioRoutingGroup,
    ),
    Case(
        "audio_routing_groups.update",
        lambda g, i: (
            g.calls[i.call]
            .audio_routing_groups[i.group]
            .update(
                m.AudioRoutingGroup(routing_mode="multicast", sources=[i.participant], receivers=[i.other])
            )
        ),
        "PATCH",
        lambda i: f"{CALLS}/{i.call}/audioRoutingGroups/{i.group}",
        lambda i: {"routingMode": "multicast", "sources": [i.participant], "receivers": [i.other]},
        m.AudioRoutingGroup,
        lambda sim, i, r: sim.audio_routing_groups(i.call)[0]["routingMode"] == "multicast",
    ),
    Case(
        "audio_routing_groups.delete",
        lambda g, i: g.calls[i.call].audio_routing_groups[i.group].delete(),
        "DELETE",
        lambda i: f"{CALLS}/{i.call}/audioRoutingGroups/{i.group}",
        state=lambda sim, i, r: sim.audio_routing_groups(i.call) == [],
    ),
    Case(
        "content_sharing_sessions.list",
        lambda g, i: g.calls[i.call].content_sharing_sessions.list(),
        "GET",
        lambda i: f"{CALLS}/{i.call}/contentSharingSessions",
        None,
        list,
        lambda sim, i, r: [s.id for s in r] == [i.session],
    ),
    Case(
        "content_sharing_sessions.get",
        lambda g, i: g.calls[i.call].content_sharing_sessions[i.session].get(),
        "GET",
        lambda i: f"{CALLS}/{i.call}/contentSharingSessions/{i.session}",
        None,
        m.ContentSharingSession,
    ),
]


def test_the_table_covers_every_kept_operation() -> None:
    import yaml

    spec = yaml.safe_load(open("openapi/graph-calls.yml", encoding="utf-8"))  # noqa: SIM115
    operation_ids = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    covered = {c.name.replace(".", "_") for c in CASES}
    assert covered == operation_ids


def _seed(sim: GraphSimulator) -> Ids:
    call_id = sim.seed_call(participants=2)
    roster = [
        p["id"] for p in sim.participants(call_id) if p["id"] != sim.call(call_id).get("myParticipantId")
    ]
    ids = Ids(call=call_id, participant=roster[0], other=roster[1])
    with sim.client() as graph:  # what the cases need to exist already
        ids.operation = graph.calls[call_id].play_prompt(prompts=[_prompt()]).id or ""
        group = graph.calls[call_id].audio_routing_groups.create(
            m.AudioRoutingGroup(routing_mode="oneToOne", sources=[ids.participant], receivers=[ids.other])
        )
        ids.group = group.id or ""
    ids.session = sim.seed_content_sharing_session(call_id)
    ids.extra["incoming"] = sim.seed_call(state="incoming", callback_uri="https://bot.contoso.com/callback")
    sim.settle()
    return ids


def _check(sim: GraphSimulator, case: Case, ids: Ids, result: Any) -> None:
    request = sim.last_request
    assert request is not None
    assert (request.method, request.raw_path) == (case.method, case.path(ids))
    assert 200 <= (request.status or 0) < 300
    if case.body is None:
        assert not request.body or request.method == "POST"
    else:
        assert json.loads(request.body) == case.body(ids)
    if case.result is None:
        assert result is None
    else:
        assert isinstance(result, case.result), type(result)
    if case.state is not None:
        assert case.state(sim, ids, result) is not False
    assert sim.contract_violations == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_operation_sync(case: Case, graph_sim: GraphSimulator) -> None:
    ids = _seed(graph_sim)
    with graph_sim.client() as graph:
        assert isinstance(graph, GraphCalls)
        result = case.call(graph, ids)
        if isinstance(result, Pager):
            result = list(result)
    _check(graph_sim, case, ids, result)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.anyio
async def test_operation_async(case: Case, graph_sim: GraphSimulator) -> None:
    ids = _seed(graph_sim)
    async with graph_sim.async_client() as graph:
        assert isinstance(graph, AsyncGraphCalls)
        result = case.call(graph, ids)
        if isinstance(result, AsyncPager):
            result = await result.collect()
        else:
            assert inspect.isawaitable(result)
            result = await result
    _check(graph_sim, case, ids, result)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
