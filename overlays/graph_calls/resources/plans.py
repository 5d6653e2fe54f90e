"""One builder per kept operation: check the arguments, build the generated request body, name the endpoint.

The sync and async clients share these builders; they differ only in how they run a :class:`Plan`. Every
check here runs before anything is sent.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph_calls import models
from graph_calls._core.plan import Plan
from graph_calls._validate import check_choice, check_id, expect, expect_list, query_list
from graph_calls.errors import InvalidInputError

if TYPE_CHECKING:
    from graph_calls_generated.models.add_large_gallery_view_operation import AddLargeGalleryViewOperation
    from graph_calls_generated.models.app_hosted_media_config import AppHostedMediaConfig
    from graph_calls_generated.models.audio_routing_group import AudioRoutingGroup
    from graph_calls_generated.models.audio_routing_group_collection_response import (
        AudioRoutingGroupCollectionResponse,
    )
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.cancel_media_processing_operation import CancelMediaProcessingOperation
    from graph_calls_generated.models.comms_operation import CommsOperation
    from graph_calls_generated.models.content_sharing_session import ContentSharingSession
    from graph_calls_generated.models.content_sharing_session_collection_response import (
        ContentSharingSessionCollectionResponse,
    )
    from graph_calls_generated.models.incoming_call_options import IncomingCallOptions
    from graph_calls_generated.models.invitation_participant_info import InvitationParticipantInfo
    from graph_calls_generated.models.invite_participants_operation import InviteParticipantsOperation
    from graph_calls_generated.models.media_prompt import MediaPrompt
    from graph_calls_generated.models.modality import Modality
    from graph_calls_generated.models.mute_participant_operation import MuteParticipantOperation
    from graph_calls_generated.models.participant import Participant
    from graph_calls_generated.models.participant_collection_response import ParticipantCollectionResponse
    from graph_calls_generated.models.participant_info import ParticipantInfo
    from graph_calls_generated.models.play_prompt_operation import PlayPromptOperation
    from graph_calls_generated.models.record_operation import RecordOperation
    from graph_calls_generated.models.recording_status import RecordingStatus
    from graph_calls_generated.models.reject_reason import RejectReason
    from graph_calls_generated.models.screen_sharing_role import ScreenSharingRole
    from graph_calls_generated.models.send_dtmf_tones_operation import SendDtmfTonesOperation
    from graph_calls_generated.models.service_hosted_media_config import ServiceHostedMediaConfig
    from graph_calls_generated.models.start_hold_music_operation import StartHoldMusicOperation
    from graph_calls_generated.models.stop_hold_music_operation import StopHoldMusicOperation
    from graph_calls_generated.models.subscribe_to_tone_operation import SubscribeToToneOperation
    from graph_calls_generated.models.teleconference_device_quality import TeleconferenceDeviceQuality
    from graph_calls_generated.models.tone import Tone
    from graph_calls_generated.models.unmute_participant_operation import UnmuteParticipantOperation
    from graph_calls_generated.models.update_recording_status_operation import (
        UpdateRecordingStatusOperation,
    )


def _given(**kwargs: Any) -> dict[str, Any]:
    """Keyword arguments the caller gave (``None`` means "not sent")."""
    return {key: value for key, value in kwargs.items() if value is not None}


def _client_context(value: str | None) -> str | None:
    expect("client_context", value, str)
    if value is not None and len(value) > 256:
        raise InvalidInputError("client_context must be at most 256 characters")
    return value


def _query(select: str | Sequence[str] | None, expand: str | Sequence[str] | None) -> dict[str, Any]:
    return _given(select=query_list("select", select), expand=query_list("expand", expand))


def _prompts(name: str, prompts: Sequence[MediaPrompt] | None, *, required: bool) -> list[Any] | None:
    items = expect_list(name, prompts, models.MediaPrompt, models.Prompt, required=required)
    for index, prompt in enumerate(items or ()):
        _check_media_prompt(f"{name}[{index}]", prompt)
    return items


def _check_media_prompt(name: str, prompt: object) -> None:
    """A media prompt needs the audio to play: ``media_info.uri``, an absolute https URL.

    The service refuses a prompt without media, and fetches the audio itself over HTTPS (every playPrompt
    and record example in the Graph reference points at an ``https://`` .wav file).
    """
    if not isinstance(prompt, models.MediaPrompt):
        return  # a plain Prompt is the open base: whatever a newer service accepts
    info = prompt.media_info
    if not isinstance(info, models.MediaInfo):
        raise InvalidInputError(
            f"{name}.media_info is required: MediaPrompt(media_info=MediaInfo(uri='https://...'))"
        )
    uri = info.uri
    if not isinstance(uri, str) or not uri:
        raise InvalidInputError(f"{name}.media_info.uri is required: the https URL of the audio to play")
    scheme, _, rest = uri.partition("://")
    if scheme.lower() != "https" or not rest or rest.startswith("/") or any(c.isspace() for c in uri):
        raise InvalidInputError(f"{name}.media_info.uri must be an absolute https URL, not {uri[:100]!r}")


# Values that may come back in a response but are never sent: the evolvable-enum sentinel, and what the
# action's reference page leaves out (updateRecordingStatus: "notRecording, recording, or failed").
_NOT_SENT = frozenset({"unknownFutureValue"})
_NOT_SENT_BY_ENUM = {"RecordingStatus": frozenset({"unknown"})}


@functools.cache
def _sendable(enum_name: str) -> frozenset[str]:
    """The values of the generated ``Literal`` enum ``enum_name`` (``"Modality"``) a request may carry."""
    values = frozenset(typing.get_args(getattr(models, enum_name)))
    return values - _NOT_SENT - _NOT_SENT_BY_ENUM.get(enum_name, frozenset())


def _choice(name: str, value: object, enum_name: str, *, required: bool = False) -> None:
    if value is None and required:
        raise InvalidInputError(f"{name} is required")
    check_choice(name, value, _sendable(enum_name))


def _choices(name: str, values: object, enum_name: str, *, required: bool) -> list[Any] | None:
    items = expect_list(name, values, str, required=required)
    for index, item in enumerate(items or ()):
        check_choice(f"{name}[{index}]", item, _sendable(enum_name))
    return items


def _ids(**ids: object) -> dict[str, str]:
    return {name: check_id(name, value) for name, value in ids.items()}


# ------------------------------------------------------------------------------------------------- calls


def calls_create(call: Call) -> Plan[Call]:
    expect("call", call, models.Call)
    if call is None:
        raise InvalidInputError("call is required")
    return Plan("calls_create", {"body": call})


def calls_get(
    call_id: str, *, select: str | Sequence[str] | None, expand: str | Sequence[str] | None
) -> Plan[Call]:
    return Plan("calls_get", {**_ids(call_id=call_id), **_query(select, expand)})


def calls_delete(call_id: str) -> Plan[None]:
    return Plan("calls_delete", _ids(call_id=call_id))


def calls_answer(
    call_id: str,
    *,
    callback_uri: str,
    media_config: ServiceHostedMediaConfig | AppHostedMediaConfig,
    accepted_modalities: Sequence[Modality],
    participant_capacity: int | None,
    call_options: IncomingCallOptions | None,
) -> Plan[None]:
    expect("callback_uri", callback_uri, str)
    expect(
        "media_config",
        media_config,
        models.ServiceHostedMediaConfig,
        models.AppHostedMediaConfig,
        models.MediaConfig,
    )
    if media_config is None:
        raise InvalidInputError("media_config is required")
    modalities = _choices("accepted_modalities", accepted_modalities, "Modality", required=True)
    expect("participant_capacity", participant_capacity, int)
    expect("call_options", call_options, models.IncomingCallOptions)
    body = models.CallsAnswerBody(
        **_given(
            callback_uri=callback_uri,
            media_config=media_config,
            accepted_modalities=modalities,
            participant_capacity=participant_capacity,
            call_options=call_options,
        )
    )
    return Plan("calls_answer", {**_ids(call_id=call_id), "body": body})


def calls_reject(call_id: str, *, reason: RejectReason | None, callback_uri: str | None) -> Plan[None]:
    _choice("reason", reason, "RejectReason")
    expect("callback_uri", callback_uri, str)
    body = models.CallsRejectBody(**_given(reason=reason, callback_uri=callback_uri))
    return Plan("calls_reject", {**_ids(call_id=call_id), "body": body})


def calls_redirect(
    call_id: str,
    *,
    targets: Sequence[InvitationParticipantInfo],
    redirect_timeout_s: int | None,
    callback_uri: str | None,
) -> Plan[None]:
    items = expect_list("targets", targets, models.InvitationParticipantInfo, required=True)
    if not items:
        raise InvalidInputError("targets must not be empty")
    expect("redirect_timeout_s", redirect_timeout_s, int)
    expect("callback_uri", callback_uri, str)
    body = models.CallsRedirectBody(
        **_given(targets=items, timeout=redirect_timeout_s, callback_uri=callback_uri)
    )
    return Plan("calls_redirect", {**_ids(call_id=call_id), "body": body})


def calls_transfer(
    call_id: str, *, transfer_target: InvitationParticipantInfo, transferee: ParticipantInfo | None
) -> Plan[None]:
    expect("transfer_target", transfer_target, models.InvitationParticipantInfo)
    if transfer_target is None:
        raise InvalidInputError("transfer_target is required")
    expect("transferee", transferee, models.ParticipantInfo)
    body = models.CallsTransferBody(**_given(transfer_target=transfer_target, transferee=transferee))
    return Plan("calls_transfer", {**_ids(call_id=call_id), "body": body})


def calls_keep_alive(call_id: str) -> Plan[None]:
    return Plan("calls_keep_alive", _ids(call_id=call_id))


def calls_mute(call_id: str, *, client_context: str | None) -> Plan[MuteParticipantOperation]:
    body = models.CallsMuteBody(**_given(client_context=_client_context(client_context)))
    return Plan("calls_mute", {**_ids(call_id=call_id), "body": body})


def calls_unmute(call_id: str, *, client_context: str | None) -> Plan[UnmuteParticipantOperation]:
    body = models.CallsUnmuteBody(**_given(client_context=_client_context(client_context)))
    return Plan("calls_unmute", {**_ids(call_id=call_id), "body": body})


def calls_play_prompt(
    call_id: str, *, prompts: Sequence[MediaPrompt], client_context: str | None
) -> Plan[PlayPromptOperation]:
    items = _prompts("prompts", prompts, required=True)
    body = models.CallsPlayPromptBody(**_given(prompts=items, client_context=_client_context(client_context)))
    return Plan("calls_play_prompt", {**_ids(call_id=call_id), "body": body})


def calls_record_response(
    call_id: str,
    *,
    prompts: Sequence[MediaPrompt] | None,
    barge_in_allowed: bool | None,
    initial_silence_timeout_in_seconds: int | None,
    max_silence_timeout_in_seconds: int | None,
    max_record_duration_in_seconds: int | None,
    play_beep: bool | None,
    stop_tones: Sequence[str] | None,
    client_context: str | None,
) -> Plan[RecordOperation]:
    expect("barge_in_allowed", barge_in_allowed, bool)
    expect("play_beep", play_beep, bool)
    for name, seconds in (
        ("initial_silence_timeout_in_seconds", initial_silence_timeout_in_seconds),
        ("max_silence_timeout_in_seconds", max_silence_timeout_in_seconds),
        ("max_record_duration_in_seconds", max_record_duration_in_seconds),
    ):
        expect(name, seconds, int)
    body = models.CallsRecordResponseBody(
        **_given(
            prompts=_prompts("prompts", prompts, required=False),
            barge_in_allowed=barge_in_allowed,
            initial_silence_timeout_in_seconds=initial_silence_timeout_in_seconds,
            max_silence_timeout_in_seconds=max_silence_timeout_in_seconds,
            max_record_duration_in_seconds=max_record_duration_in_seconds,
            play_beep=play_beep,
            stop_tones=expect_list("stop_tones", stop_tones, str),
            client_context=_client_context(client_context),
        )
    )
    return Plan("calls_record_response", {**_ids(call_id=call_id), "body": body})


def calls_cancel_media_processing(
    call_id: str, *, client_context: str | None
) -> Plan[CancelMediaProcessingOperation]:
    body = models.CallsCancelMediaProcessingBody(**_given(client_context=_client_context(client_context)))
    return Plan("calls_cancel_media_processing", {**_ids(call_id=call_id), "body": body})


def calls_subscribe_to_tone(call_id: str, *, client_context: str | None) -> Plan[SubscribeToToneOperation]:
    body = models.CallsSubscribeToToneBody(**_given(client_context=_client_context(client_context)))
    return Plan("calls_subscribe_to_tone", {**_ids(call_id=call_id), "body": body})


def calls_send_dtmf_tones(
    call_id: str,
    *,
    tones: Sequence[Tone],
    delay_between_tones_ms: int | None,
    client_context: str | None,
) -> Plan[SendDtmfTonesOperation]:
    items = _choices("tones", tones, "Tone", required=True)
    expect("delay_between_tones_ms", delay_between_tones_ms, int)
    body = models.CallsSendDtmfTonesBody(
        **_given(
            tones=items,
            delay_between_tones_ms=delay_between_tones_ms,
            client_context=_client_context(client_context),
        )
    )
    return Plan("calls_send_dtmf_tones", {**_ids(call_id=call_id), "body": body})


def calls_change_screen_sharing_role(call_id: str, *, role: ScreenSharingRole) -> Plan[None]:
    _choice("role", role, "ScreenSharingRole", required=True)
    body = models.CallsChangeScreenSharingRoleBody(role=role)
    return Plan("calls_change_screen_sharing_role", {**_ids(call_id=call_id), "body": body})


def calls_update_recording_status(
    call_id: str, *, status: RecordingStatus, client_context: str | None
) -> Plan[UpdateRecordingStatusOperation]:
    _choice("status", status, "RecordingStatus", required=True)
    body = models.CallsUpdateRecordingStatusBody(
        **_given(status=status, client_context=_client_context(client_context))
    )
    return Plan("calls_update_recording_status", {**_ids(call_id=call_id), "body": body})


def calls_add_large_gallery_view(
    call_id: str, *, client_context: str | None
) -> Plan[AddLargeGalleryViewOperation]:
    body = models.CallsAddLargeGalleryViewBody(**_given(client_context=_client_context(client_context)))
    return Plan("calls_add_large_gallery_view", {**_ids(call_id=call_id), "body": body})


def calls_log_teleconference_device_quality(*, quality: TeleconferenceDeviceQuality) -> Plan[None]:
    expect("quality", quality, models.TeleconferenceDeviceQuality)
    if quality is None:
        raise InvalidInputError("quality is required")
    body = models.CallsLogTeleconferenceDeviceQualityBody(quality=quality)
    return Plan("calls_log_teleconference_device_quality", {"body": body})


# -------------------------------------------------------------------------------------------- operations


def operations_get(call_id: str, operation_id: str) -> Plan[CommsOperation]:
    return Plan("operations_get", _ids(call_id=call_id, comms_operation_id=operation_id))


# ------------------------------------------------------------------------------------------ participants


def participants_list(
    call_id: str,
    *,
    top: int | None,
    select: str | Sequence[str] | None,
    expand: str | Sequence[str] | None,
    filter: str | None,
    orderby: str | Sequence[str] | None,
) -> Plan[ParticipantCollectionResponse]:
    return Plan(
        "participants_list", {**_ids(call_id=call_id), **_list_query(top, select, expand, filter, orderby)}
    )


def _list_query(
    top: int | None,
    select: str | Sequence[str] | None,
    expand: str | Sequence[str] | None,
    filter: str | None,
    orderby: str | Sequence[str] | None,
) -> dict[str, Any]:
    expect("top", top, int)
    if top is not None and top < 1:
        raise InvalidInputError("top must be at least 1")
    expect("filter", filter, str)
    return {
        **_query(select, expand),
        **_given(top=top, filter_=filter, orderby=query_list("orderby", orderby)),
    }


def participants_get(
    call_id: str,
    participant_id: str,
    *,
    select: str | Sequence[str] | None,
    expand: str | Sequence[str] | None,
) -> Plan[Participant]:
    ids = _ids(call_id=call_id, participant_id=participant_id)
    return Plan("participants_get", {**ids, **_query(select, expand)})


def participants_delete(call_id: str, participant_id: str) -> Plan[None]:
    return Plan("participants_delete", _ids(call_id=call_id, participant_id=participant_id))


def participants_invite(
    call_id: str, participants: Sequence[InvitationParticipantInfo], *, client_context: str | None
) -> Plan[InviteParticipantsOperation]:
    items = expect_list("participants", participants, models.InvitationParticipantInfo, required=True)
    if not items:
        raise InvalidInputError("participants must not be empty")
    body = models.ParticipantsInviteBody(
        **_given(participants=items, client_context=_client_context(client_context))
    )
    return Plan("participants_invite", {**_ids(call_id=call_id), "body": body})


def participants_mute(
    call_id: str, participant_id: str, *, client_context: str | None
) -> Plan[MuteParticipantOperation]:
    body = models.ParticipantsMuteBody(**_given(client_context=_client_context(client_context)))
    ids = _ids(call_id=call_id, participant_id=participant_id)
    return Plan("participants_mute", {**ids, "body": body})


def participants_start_hold_music(
    call_id: str, participant_id: str, *, custom_prompt: MediaPrompt | None, client_context: str | None
) -> Plan[StartHoldMusicOperation]:
    expect("custom_prompt", custom_prompt, models.MediaPrompt, models.Prompt)
    _check_media_prompt("custom_prompt", custom_prompt)
    body = models.ParticipantsStartHoldMusicBody(
        **_given(custom_prompt=custom_prompt, client_context=_client_context(client_context))
    )
    ids = _ids(call_id=call_id, participant_id=participant_id)
    return Plan("participants_start_hold_music", {**ids, "body": body})


def participants_stop_hold_music(
    call_id: str, participant_id: str, *, client_context: str | None
) -> Plan[StopHoldMusicOperation]:
    body = models.ParticipantsStopHoldMusicBody(**_given(client_context=_client_context(client_context)))
    ids = _ids(call_id=call_id, participant_id=participant_id)
    return Plan("participants_stop_hold_music", {**ids, "body": body})


# ------------------------------------------------------------------------------------ audioRoutingGroups


def audio_routing_groups_list(
    call_id: str, *, top: int | None, select: str | Sequence[str] | None
) -> Plan[AudioRoutingGroupCollectionResponse]:
    query = _list_query(top, select, None, None, None)
    return Plan("audio_routing_groups_list", {**_ids(call_id=call_id), **query})


def _group(group: AudioRoutingGroup) -> AudioRoutingGroup:
    expect("group", group, models.AudioRoutingGroup)
    if group is None:
        raise InvalidInputError("group is required")
    return group


def audio_routing_groups_create(call_id: str, group: AudioRoutingGroup) -> Plan[AudioRoutingGroup]:
    return Plan("audio_routing_groups_create", {**_ids(call_id=call_id), "body": _group(group)})


def audio_routing_groups_get(call_id: str, group_id: str) -> Plan[AudioRoutingGroup]:
    return Plan("audio_routing_groups_get", _ids(call_id=call_id, audio_routing_group_id=group_id))


def audio_routing_groups_update(
    call_id: str, group_id: str, group: AudioRoutingGroup
) -> Plan[AudioRoutingGroup]:
    ids = _ids(call_id=call_id, audio_routing_group_id=group_id)
    return Plan("audio_routing_groups_update", {**ids, "body": _group(group)})


def audio_routing_groups_delete(call_id: str, group_id: str) -> Plan[None]:
    return Plan("audio_routing_groups_delete", _ids(call_id=call_id, audio_routing_group_id=group_id))


# ------------------------------------------------------------------------------- contentSharingSessions


def content_sharing_sessions_list(
    call_id: str, *, top: int | None, select: str | Sequence[str] | None
) -> Plan[ContentSharingSessionCollectionResponse]:
    query = _list_query(top, select, None, None, None)
    return Plan("content_sharing_sessions_list", {**_ids(call_id=call_id), **query})


def content_sharing_sessions_get(call_id: str, session_id: str) -> Plan[ContentSharingSession]:
    ids = _ids(call_id=call_id, content_sharing_session_id=session_id)
    return Plan("content_sharing_sessions_get", ids)
