from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.call_direction import CallDirection
from ..models.call_state import CallState
from ..models.modality import Modality
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.add_large_gallery_view_operation import AddLargeGalleryViewOperation
    from ..models.app_hosted_media_config import AppHostedMediaConfig
    from ..models.audio_routing_group import AudioRoutingGroup
    from ..models.call_media_state import CallMediaState
    from ..models.call_options import CallOptions
    from ..models.call_route import CallRoute
    from ..models.call_transcription_info import CallTranscriptionInfo
    from ..models.cancel_media_processing_operation import CancelMediaProcessingOperation
    from ..models.chat_info import ChatInfo
    from ..models.comms_operation import CommsOperation
    from ..models.content_sharing_session import ContentSharingSession
    from ..models.incoming_call_options import IncomingCallOptions
    from ..models.incoming_context import IncomingContext
    from ..models.invitation_participant_info import InvitationParticipantInfo
    from ..models.invite_participants_operation import InviteParticipantsOperation
    from ..models.join_meeting_id_meeting_info import JoinMeetingIdMeetingInfo
    from ..models.media_config import MediaConfig
    from ..models.meeting_info import MeetingInfo
    from ..models.mute_participant_operation import MuteParticipantOperation
    from ..models.organizer_meeting_info import OrganizerMeetingInfo
    from ..models.outgoing_call_options import OutgoingCallOptions
    from ..models.participant import Participant
    from ..models.participant_info import ParticipantInfo
    from ..models.play_prompt_operation import PlayPromptOperation
    from ..models.record_operation import RecordOperation
    from ..models.result_info import ResultInfo
    from ..models.send_dtmf_tones_operation import SendDtmfTonesOperation
    from ..models.service_hosted_media_config import ServiceHostedMediaConfig
    from ..models.start_hold_music_operation import StartHoldMusicOperation
    from ..models.stop_hold_music_operation import StopHoldMusicOperation
    from ..models.subscribe_to_tone_operation import SubscribeToToneOperation
    from ..models.token_meeting_info import TokenMeetingInfo
    from ..models.tone_info import ToneInfo
    from ..models.unmute_participant_operation import UnmuteParticipantOperation
    from ..models.update_recording_status_operation import UpdateRecordingStatusOperation


T = TypeVar("T", bound="Call")


@_attrs_define
class Call:
    odata_type: str | Unset = UNSET
    id: None | str | Unset = UNSET
    """ The unique identifier for an entity. Read-only. """
    callback_uri: str | Unset = UNSET
    """ The callback URL on which callbacks are delivered. Must be an HTTPS URL. """
    call_chain_id: None | str | Unset = UNSET
    """ A unique identifier for all the participant calls in a conference or a unique identifier for two participant
    calls in a P2P call.  This identifier must be copied over from Microsoft.Graph.Call.CallChainId. """
    call_options: CallOptions | IncomingCallOptions | None | OutgoingCallOptions | Unset = UNSET
    call_routes: list[CallRoute] | Unset = UNSET
    """ The routing information on how the call was retargeted. Read-only. """
    chat_info: ChatInfo | None | Unset = UNSET
    direction: CallDirection | None | str | Unset = UNSET
    incoming_context: IncomingContext | None | Unset = UNSET
    media_config: AppHostedMediaConfig | MediaConfig | None | ServiceHostedMediaConfig | Unset = UNSET
    media_state: CallMediaState | None | Unset = UNSET
    meeting_info: (
        JoinMeetingIdMeetingInfo | MeetingInfo | None | OrganizerMeetingInfo | TokenMeetingInfo | Unset
    ) = UNSET
    my_participant_id: None | str | Unset = UNSET
    requested_modalities: list[Modality | str] | Unset = UNSET
    """ The list of requested modalities. Possible values are: unknown, audio, video, videoBasedScreenSharing, data.
    """
    result_info: None | ResultInfo | Unset = UNSET
    source: None | ParticipantInfo | Unset = UNSET
    state: CallState | None | str | Unset = UNSET
    subject: None | str | Unset = UNSET
    """ The subject of the conversation. """
    targets: list[InvitationParticipantInfo] | Unset = UNSET
    """ The targets of the call. Required information for creating peer to peer call. """
    tenant_id: None | str | Unset = UNSET
    tone_info: None | ToneInfo | Unset = UNSET
    transcription: CallTranscriptionInfo | None | Unset = UNSET
    audio_routing_groups: list[AudioRoutingGroup] | Unset = UNSET
    content_sharing_sessions: list[ContentSharingSession] | Unset = UNSET
    operations: (
        list[
            AddLargeGalleryViewOperation
            | CancelMediaProcessingOperation
            | CommsOperation
            | InviteParticipantsOperation
            | MuteParticipantOperation
            | PlayPromptOperation
            | RecordOperation
            | SendDtmfTonesOperation
            | StartHoldMusicOperation
            | StopHoldMusicOperation
            | SubscribeToToneOperation
            | UnmuteParticipantOperation
            | UpdateRecordingStatusOperation
        ]
        | Unset
    ) = UNSET
    participants: list[Participant] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        callback_uri = self.callback_uri

        call_chain_id: None | str | Unset
        if isinstance(self.call_chain_id, Unset):
            call_chain_id = UNSET
        else:
            call_chain_id = self.call_chain_id

        call_options: dict[str, Any] | None | Unset
        if isinstance(self.call_options, Unset):
            call_options = UNSET
        elif isinstance(self.call_options, IncomingCallOptions):
            call_options = self.call_options.to_dict()
        elif isinstance(self.call_options, OutgoingCallOptions):
            call_options = self.call_options.to_dict()
        elif isinstance(self.call_options, CallOptions):
            call_options = self.call_options.to_dict()
        else:
            call_options = self.call_options

        call_routes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.call_routes, Unset):
            call_routes = []
            for call_routes_item_data in self.call_routes:
                call_routes_item = call_routes_item_data.to_dict()
                call_routes.append(call_routes_item)

        chat_info: dict[str, Any] | None | Unset
        if isinstance(self.chat_info, Unset):
            chat_info = UNSET
        elif isinstance(self.chat_info, ChatInfo):
            chat_info = self.chat_info.to_dict()
        else:
            chat_info = self.chat_info

        direction: None | str | Unset
        if isinstance(self.direction, Unset):
            direction = UNSET
        elif isinstance(self.direction, str):
            direction = self.direction
        else:
            direction = self.direction

        incoming_context: dict[str, Any] | None | Unset
        if isinstance(self.incoming_context, Unset):
            incoming_context = UNSET
        elif isinstance(self.incoming_context, IncomingContext):
            incoming_context = self.incoming_context.to_dict()
        else:
            incoming_context = self.incoming_context

        media_config: dict[str, Any] | None | Unset
        if isinstance(self.media_config, Unset):
            media_config = UNSET
        elif isinstance(self.media_config, AppHostedMediaConfig):
            media_config = self.media_config.to_dict()
        elif isinstance(self.media_config, ServiceHostedMediaConfig):
            media_config = self.media_config.to_dict()
        elif isinstance(self.media_config, MediaConfig):
            media_config = self.media_config.to_dict()
        else:
            media_config = self.media_config

        media_state: dict[str, Any] | None | Unset
        if isinstance(self.media_state, Unset):
            media_state = UNSET
        elif isinstance(self.media_state, CallMediaState):
            media_state = self.media_state.to_dict()
        else:
            media_state = self.media_state

        meeting_info: dict[str, Any] | None | Unset
        if isinstance(self.meeting_info, Unset):
            meeting_info = UNSET
        elif isinstance(self.meeting_info, JoinMeetingIdMeetingInfo):
            meeting_info = self.meeting_info.to_dict()
        elif isinstance(self.meeting_info, OrganizerMeetingInfo):
            meeting_info = self.meeting_info.to_dict()
        elif isinstance(self.meeting_info, TokenMeetingInfo):
            meeting_info = self.meeting_info.to_dict()
        elif isinstance(self.meeting_info, MeetingInfo):
            meeting_info = self.meeting_info.to_dict()
        else:
            meeting_info = self.meeting_info

        my_participant_id: None | str | Unset
        if isinstance(self.my_participant_id, Unset):
            my_participant_id = UNSET
        else:
            my_participant_id = self.my_participant_id

        requested_modalities: list[str] | Unset = UNSET
        if not isinstance(self.requested_modalities, Unset):
            requested_modalities = []
            for requested_modalities_item_data in self.requested_modalities:
                requested_modalities_item: str
                if isinstance(requested_modalities_item_data, str):
                    requested_modalities_item = requested_modalities_item_data
                else:
                    requested_modalities_item = requested_modalities_item_data
                requested_modalities.append(requested_modalities_item)

        result_info: dict[str, Any] | None | Unset
        if isinstance(self.result_info, Unset):
            result_info = UNSET
        elif isinstance(self.result_info, ResultInfo):
            result_info = self.result_info.to_dict()
        else:
            result_info = self.result_info

        source: dict[str, Any] | None | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, ParticipantInfo):
            source = self.source.to_dict()
        else:
            source = self.source

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, str):
            state = self.state
        else:
            state = self.state

        subject: None | str | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        else:
            subject = self.subject

        targets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.targets, Unset):
            targets = []
            for targets_item_data in self.targets:
                targets_item = targets_item_data.to_dict()
                targets.append(targets_item)

        tenant_id: None | str | Unset
        if isinstance(self.tenant_id, Unset):
            tenant_id = UNSET
        else:
            tenant_id = self.tenant_id

        tone_info: dict[str, Any] | None | Unset
        if isinstance(self.tone_info, Unset):
            tone_info = UNSET
        elif isinstance(self.tone_info, ToneInfo):
            tone_info = self.tone_info.to_dict()
        else:
            tone_info = self.tone_info

        transcription: dict[str, Any] | None | Unset
        if isinstance(self.transcription, Unset):
            transcription = UNSET
        elif isinstance(self.transcription, CallTranscriptionInfo):
            transcription = self.transcription.to_dict()
        else:
            transcription = self.transcription

        audio_routing_groups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.audio_routing_groups, Unset):
            audio_routing_groups = []
            for audio_routing_groups_item_data in self.audio_routing_groups:
                audio_routing_groups_item = audio_routing_groups_item_data.to_dict()
                audio_routing_groups.append(audio_routing_groups_item)

        content_sharing_sessions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.content_sharing_sessions, Unset):
            content_sharing_sessions = []
            for content_sharing_sessions_item_data in self.content_sharing_sessions:
                content_sharing_sessions_item = content_sharing_sessions_item_data.to_dict()
                content_sharing_sessions.append(content_sharing_sessions_item)

        operations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.operations, Unset):
            operations = []
            for operations_item_data in self.operations:
                operations_item: dict[str, Any]
                if isinstance(operations_item_data, AddLargeGalleryViewOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, CancelMediaProcessingOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, InviteParticipantsOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, MuteParticipantOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, PlayPromptOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, RecordOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, SendDtmfTonesOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, StartHoldMusicOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, StopHoldMusicOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, SubscribeToToneOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, UnmuteParticipantOperation):
                    operations_item = operations_item_data.to_dict()
                elif isinstance(operations_item_data, UpdateRecordingStatusOperation):
                    operations_item = operations_item_data.to_dict()
                else:
                    operations_item = operations_item_data.to_dict()

                operations.append(operations_item)

        participants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.participants, Unset):
            participants = []
            for participants_item_data in self.participants:
                participants_item = participants_item_data.to_dict()
                participants.append(participants_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if id is not UNSET:
            field_dict["id"] = id
        if callback_uri is not UNSET:
            field_dict["callbackUri"] = callback_uri
        if call_chain_id is not UNSET:
            field_dict["callChainId"] = call_chain_id
        if call_options is not UNSET:
            field_dict["callOptions"] = call_options
        if call_routes is not UNSET:
            field_dict["callRoutes"] = call_routes
        if chat_info is not UNSET:
            field_dict["chatInfo"] = chat_info
        if direction is not UNSET:
            field_dict["direction"] = direction
        if incoming_context is not UNSET:
            field_dict["incomingContext"] = incoming_context
        if media_config is not UNSET:
            field_dict["mediaConfig"] = media_config
        if media_state is not UNSET:
            field_dict["mediaState"] = media_state
        if meeting_info is not UNSET:
            field_dict["meetingInfo"] = meeting_info
        if my_participant_id is not UNSET:
            field_dict["myParticipantId"] = my_participant_id
        if requested_modalities is not UNSET:
            field_dict["requestedModalities"] = requested_modalities
        if result_info is not UNSET:
            field_dict["resultInfo"] = result_info
        if source is not UNSET:
            field_dict["source"] = source
        if state is not UNSET:
            field_dict["state"] = state
        if subject is not UNSET:
            field_dict["subject"] = subject
        if targets is not UNSET:
            field_dict["targets"] = targets
        if tenant_id is not UNSET:
            field_dict["tenantId"] = tenant_id
        if tone_info is not UNSET:
            field_dict["toneInfo"] = tone_info
        if transcription is not UNSET:
            field_dict["transcription"] = transcription
        if audio_routing_groups is not UNSET:
            field_dict["audioRoutingGroups"] = audio_routing_groups
        if content_sharing_sessions is not UNSET:
            field_dict["contentSharingSessions"] = content_sharing_sessions
        if operations is not UNSET:
            field_dict["operations"] = operations
        if participants is not UNSET:
            field_dict["participants"] = participants

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        id: None | str | Unset = d.pop("id", UNSET)

        callback_uri = d.pop("callbackUri", UNSET)

        call_chain_id: None | str | Unset = d.pop("callChainId", UNSET)

        call_options: CallOptions | IncomingCallOptions | None | OutgoingCallOptions | Unset = d.pop(
            "callOptions", UNSET
        )
        if call_options is not None and not isinstance(call_options, Unset):
            call_options = _parse_call_options(call_options)

        _call_routes = d.pop("callRoutes", UNSET)
        call_routes: list[CallRoute] | Unset = UNSET
        if _call_routes is not UNSET:
            call_routes = []
            for call_routes_item_data in _call_routes:
                call_routes_item = CallRoute.from_dict(call_routes_item_data)

                call_routes.append(call_routes_item)

        chat_info: ChatInfo | None | Unset = d.pop("chatInfo", UNSET)
        if chat_info is not None and not isinstance(chat_info, Unset):
            chat_info = _parse_chat_info(chat_info)

        direction: CallDirection | None | str | Unset = d.pop("direction", UNSET)

        incoming_context: IncomingContext | None | Unset = d.pop("incomingContext", UNSET)
        if incoming_context is not None and not isinstance(incoming_context, Unset):
            incoming_context = _parse_incoming_context(incoming_context)

        media_config: AppHostedMediaConfig | MediaConfig | None | ServiceHostedMediaConfig | Unset = d.pop(
            "mediaConfig", UNSET
        )
        if media_config is not None and not isinstance(media_config, Unset):
            media_config = _parse_media_config(media_config)

        media_state: CallMediaState | None | Unset = d.pop("mediaState", UNSET)
        if media_state is not None and not isinstance(media_state, Unset):
            media_state = _parse_media_state(media_state)

        meeting_info: (
            JoinMeetingIdMeetingInfo | MeetingInfo | None | OrganizerMeetingInfo | TokenMeetingInfo | Unset
        ) = d.pop("meetingInfo", UNSET)
        if meeting_info is not None and not isinstance(meeting_info, Unset):
            meeting_info = _parse_meeting_info(meeting_info)

        my_participant_id: None | str | Unset = d.pop("myParticipantId", UNSET)

        _requested_modalities = d.pop("requestedModalities", UNSET)
        requested_modalities: list[Modality | str] | Unset = UNSET
        if _requested_modalities is not UNSET:
            requested_modalities = []
            for requested_modalities_item_data in _requested_modalities:
                requested_modalities_item: Modality | str = requested_modalities_item_data

                requested_modalities.append(requested_modalities_item)

        result_info: None | ResultInfo | Unset = d.pop("resultInfo", UNSET)
        if result_info is not None and not isinstance(result_info, Unset):
            result_info = _parse_result_info(result_info)

        source: None | ParticipantInfo | Unset = d.pop("source", UNSET)
        if source is not None and not isinstance(source, Unset):
            source = _parse_source(source)

        state: CallState | None | str | Unset = d.pop("state", UNSET)

        subject: None | str | Unset = d.pop("subject", UNSET)

        _targets = d.pop("targets", UNSET)
        targets: list[InvitationParticipantInfo] | Unset = UNSET
        if _targets is not UNSET:
            targets = []
            for targets_item_data in _targets:
                targets_item = InvitationParticipantInfo.from_dict(targets_item_data)

                targets.append(targets_item)

        tenant_id: None | str | Unset = d.pop("tenantId", UNSET)

        tone_info: None | ToneInfo | Unset = d.pop("toneInfo", UNSET)
        if tone_info is not None and not isinstance(tone_info, Unset):
            tone_info = _parse_tone_info(tone_info)

        transcription: CallTranscriptionInfo | None | Unset = d.pop("transcription", UNSET)
        if transcription is not None and not isinstance(transcription, Unset):
            transcription = _parse_transcription(transcription)

        _audio_routing_groups = d.pop("audioRoutingGroups", UNSET)
        audio_routing_groups: list[AudioRoutingGroup] | Unset = UNSET
        if _audio_routing_groups is not UNSET:
            audio_routing_groups = []
            for audio_routing_groups_item_data in _audio_routing_groups:
                audio_routing_groups_item = AudioRoutingGroup.from_dict(audio_routing_groups_item_data)

                audio_routing_groups.append(audio_routing_groups_item)

        _content_sharing_sessions = d.pop("contentSharingSessions", UNSET)
        content_sharing_sessions: list[ContentSharingSession] | Unset = UNSET
        if _content_sharing_sessions is not UNSET:
            content_sharing_sessions = []
            for content_sharing_sessions_item_data in _content_sharing_sessions:
                content_sharing_sessions_item = ContentSharingSession.from_dict(
                    content_sharing_sessions_item_data
                )

                content_sharing_sessions.append(content_sharing_sessions_item)

        _operations = d.pop("operations", UNSET)
        operations: (
            list[
                AddLargeGalleryViewOperation
                | CancelMediaProcessingOperation
                | CommsOperation
                | InviteParticipantsOperation
                | MuteParticipantOperation
                | PlayPromptOperation
                | RecordOperation
                | SendDtmfTonesOperation
                | StartHoldMusicOperation
                | StopHoldMusicOperation
                | SubscribeToToneOperation
                | UnmuteParticipantOperation
                | UpdateRecordingStatusOperation
            ]
            | Unset
        ) = UNSET
        if _operations is not UNSET:
            operations = []
            for operations_item_data in _operations:
                operations_item = _parse_operations_item(operations_item_data)

                operations.append(operations_item)

        _participants = d.pop("participants", UNSET)
        participants: list[Participant] | Unset = UNSET
        if _participants is not UNSET:
            participants = []
            for participants_item_data in _participants:
                participants_item = Participant.from_dict(participants_item_data)

                participants.append(participants_item)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is Call:
            call = cls(
                odata_type,
                id,
                callback_uri,
                call_chain_id,
                call_options,
                call_routes,
                chat_info,
                direction,
                incoming_context,
                media_config,
                media_state,
                meeting_info,
                my_participant_id,
                requested_modalities,
                result_info,
                source,
                state,
                subject,
                targets,
                tenant_id,
                tone_info,
                transcription,
                audio_routing_groups,
                content_sharing_sessions,
                operations,
                participants,
            )
        else:
            call = cls(
                odata_type=odata_type,
                id=id,
                callback_uri=callback_uri,
                call_chain_id=call_chain_id,
                call_options=call_options,
                call_routes=call_routes,
                chat_info=chat_info,
                direction=direction,
                incoming_context=incoming_context,
                media_config=media_config,
                media_state=media_state,
                meeting_info=meeting_info,
                my_participant_id=my_participant_id,
                requested_modalities=requested_modalities,
                result_info=result_info,
                source=source,
                state=state,
                subject=subject,
                targets=targets,
                tenant_id=tenant_id,
                tone_info=tone_info,
                transcription=transcription,
                audio_routing_groups=audio_routing_groups,
                content_sharing_sessions=content_sharing_sessions,
                operations=operations,
                participants=participants,
            )

        call.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return call

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

    def __repr__(self) -> str:
        return set_fields_repr(self)


# from_dict's field parsers, defined once (graph_calls_spec.model_parsers).
def _parse_call_options(
    data: object,
) -> CallOptions | IncomingCallOptions | None | OutgoingCallOptions | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.incomingCallOptions":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            call_options_type_0 = IncomingCallOptions.from_dict(data)

            return call_options_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.outgoingCallOptions":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            call_options_type_1 = OutgoingCallOptions.from_dict(data)

            return call_options_type_1
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        call_options_type_2 = CallOptions.from_dict(data)

        return call_options_type_2
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CallOptions | IncomingCallOptions | None | OutgoingCallOptions | Unset, data)


def _parse_chat_info(data: object) -> ChatInfo | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        chat_info_type_0 = ChatInfo.from_dict(data)

        return chat_info_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(ChatInfo | None | Unset, data)


def _parse_incoming_context(data: object) -> IncomingContext | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        incoming_context_type_0 = IncomingContext.from_dict(data)

        return incoming_context_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IncomingContext | None | Unset, data)


def _parse_media_config(
    data: object,
) -> AppHostedMediaConfig | MediaConfig | None | ServiceHostedMediaConfig | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.appHostedMediaConfig":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            media_config_type_0 = AppHostedMediaConfig.from_dict(data)

            return media_config_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.serviceHostedMediaConfig":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            media_config_type_1 = ServiceHostedMediaConfig.from_dict(data)

            return media_config_type_1
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        media_config_type_2 = MediaConfig.from_dict(data)

        return media_config_type_2
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(AppHostedMediaConfig | MediaConfig | None | ServiceHostedMediaConfig | Unset, data)


def _parse_media_state(data: object) -> CallMediaState | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        media_state_type_0 = CallMediaState.from_dict(data)

        return media_state_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CallMediaState | None | Unset, data)


def _parse_meeting_info(
    data: object,
) -> JoinMeetingIdMeetingInfo | MeetingInfo | None | OrganizerMeetingInfo | TokenMeetingInfo | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.joinMeetingIdMeetingInfo":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            meeting_info_type_0 = JoinMeetingIdMeetingInfo.from_dict(data)

            return meeting_info_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.organizerMeetingInfo":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            meeting_info_type_1 = OrganizerMeetingInfo.from_dict(data)

            return meeting_info_type_1
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.tokenMeetingInfo":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            meeting_info_type_2 = TokenMeetingInfo.from_dict(data)

            return meeting_info_type_2
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        meeting_info_type_3 = MeetingInfo.from_dict(data)

        return meeting_info_type_3
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(
        JoinMeetingIdMeetingInfo | MeetingInfo | None | OrganizerMeetingInfo | TokenMeetingInfo | Unset, data
    )


def _parse_result_info(data: object) -> None | ResultInfo | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        result_info_type_0 = ResultInfo.from_dict(data)

        return result_info_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | ResultInfo | Unset, data)


def _parse_source(data: object) -> None | ParticipantInfo | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        source_type_0 = ParticipantInfo.from_dict(data)

        return source_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | ParticipantInfo | Unset, data)


def _parse_tone_info(data: object) -> None | ToneInfo | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        tone_info_type_0 = ToneInfo.from_dict(data)

        return tone_info_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | ToneInfo | Unset, data)


def _parse_transcription(data: object) -> CallTranscriptionInfo | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        transcription_type_0 = CallTranscriptionInfo.from_dict(data)

        return transcription_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(CallTranscriptionInfo | None | Unset, data)


def _parse_operations_item(
    data: object,
) -> (
    AddLargeGalleryViewOperation
    | CancelMediaProcessingOperation
    | CommsOperation
    | InviteParticipantsOperation
    | MuteParticipantOperation
    | PlayPromptOperation
    | RecordOperation
    | SendDtmfTonesOperation
    | StartHoldMusicOperation
    | StopHoldMusicOperation
    | SubscribeToToneOperation
    | UnmuteParticipantOperation
    | UpdateRecordingStatusOperation
):
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.addLargeGalleryViewOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_0 = AddLargeGalleryViewOperation.from_dict(data)

            return operations_item_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.cancelMediaProcessingOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_1 = CancelMediaProcessingOperation.from_dict(data)

            return operations_item_type_1
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.inviteParticipantsOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_2 = InviteParticipantsOperation.from_dict(data)

            return operations_item_type_2
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.muteParticipantOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_3 = MuteParticipantOperation.from_dict(data)

            return operations_item_type_3
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.playPromptOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_4 = PlayPromptOperation.from_dict(data)

            return operations_item_type_4
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.recordOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_5 = RecordOperation.from_dict(data)

            return operations_item_type_5
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.sendDtmfTonesOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_6 = SendDtmfTonesOperation.from_dict(data)

            return operations_item_type_6
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.startHoldMusicOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_7 = StartHoldMusicOperation.from_dict(data)

            return operations_item_type_7
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.stopHoldMusicOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_8 = StopHoldMusicOperation.from_dict(data)

            return operations_item_type_8
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.subscribeToToneOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_9 = SubscribeToToneOperation.from_dict(data)

            return operations_item_type_9
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.unmuteParticipantOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_10 = UnmuteParticipantOperation.from_dict(data)

            return operations_item_type_10
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.updateRecordingStatusOperation":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            operations_item_type_11 = UpdateRecordingStatusOperation.from_dict(data)

            return operations_item_type_11
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if not isinstance(data, dict):
        raise TypeError()
    operations_item_type_12 = CommsOperation.from_dict(data)

    return operations_item_type_12


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.add_large_gallery_view_operation import AddLargeGalleryViewOperation
from ..models.app_hosted_media_config import AppHostedMediaConfig
from ..models.audio_routing_group import AudioRoutingGroup
from ..models.call_media_state import CallMediaState
from ..models.call_options import CallOptions
from ..models.call_route import CallRoute
from ..models.call_transcription_info import CallTranscriptionInfo
from ..models.cancel_media_processing_operation import CancelMediaProcessingOperation
from ..models.chat_info import ChatInfo
from ..models.comms_operation import CommsOperation
from ..models.content_sharing_session import ContentSharingSession
from ..models.incoming_call_options import IncomingCallOptions
from ..models.incoming_context import IncomingContext
from ..models.invitation_participant_info import InvitationParticipantInfo
from ..models.invite_participants_operation import InviteParticipantsOperation
from ..models.join_meeting_id_meeting_info import JoinMeetingIdMeetingInfo
from ..models.media_config import MediaConfig
from ..models.meeting_info import MeetingInfo
from ..models.mute_participant_operation import MuteParticipantOperation
from ..models.organizer_meeting_info import OrganizerMeetingInfo
from ..models.outgoing_call_options import OutgoingCallOptions
from ..models.participant import Participant
from ..models.participant_info import ParticipantInfo
from ..models.play_prompt_operation import PlayPromptOperation
from ..models.record_operation import RecordOperation
from ..models.result_info import ResultInfo
from ..models.send_dtmf_tones_operation import SendDtmfTonesOperation
from ..models.service_hosted_media_config import ServiceHostedMediaConfig
from ..models.start_hold_music_operation import StartHoldMusicOperation
from ..models.stop_hold_music_operation import StopHoldMusicOperation
from ..models.subscribe_to_tone_operation import SubscribeToToneOperation
from ..models.token_meeting_info import TokenMeetingInfo
from ..models.tone_info import ToneInfo
from ..models.unmute_participant_operation import UnmuteParticipantOperation
from ..models.update_recording_status_operation import UpdateRecordingStatusOperation
