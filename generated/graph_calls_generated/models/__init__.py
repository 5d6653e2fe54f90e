"""Contains all the data models used in inputs/outputs"""

# Lazy (graph_calls_spec.lazy_init): each name's module is imported on first use.
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .add_large_gallery_view_operation import AddLargeGalleryViewOperation
    from .add_large_gallery_view_operation_odata_type import AddLargeGalleryViewOperationOdataType
    from .app_hosted_media_config import AppHostedMediaConfig
    from .app_hosted_media_config_odata_type import AppHostedMediaConfigOdataType
    from .audio_routing_group import AudioRoutingGroup
    from .audio_routing_group_collection_response import AudioRoutingGroupCollectionResponse
    from .azure_communication_services_user_identity import AzureCommunicationServicesUserIdentity
    from .azure_communication_services_user_identity_odata_type import (
        AzureCommunicationServicesUserIdentityOdataType,
    )
    from .call import Call
    from .call_direction import CallDirection
    from .call_media_state import CallMediaState
    from .call_options import CallOptions
    from .call_route import CallRoute
    from .call_state import CallState
    from .call_transcription_info import CallTranscriptionInfo
    from .call_transcription_state import CallTranscriptionState
    from .calls_add_large_gallery_view_body import CallsAddLargeGalleryViewBody
    from .calls_answer_body import CallsAnswerBody
    from .calls_cancel_media_processing_body import CallsCancelMediaProcessingBody
    from .calls_change_screen_sharing_role_body import CallsChangeScreenSharingRoleBody
    from .calls_log_teleconference_device_quality_body import CallsLogTeleconferenceDeviceQualityBody
    from .calls_mute_body import CallsMuteBody
    from .calls_play_prompt_body import CallsPlayPromptBody
    from .calls_record_response_body import CallsRecordResponseBody
    from .calls_redirect_body import CallsRedirectBody
    from .calls_reject_body import CallsRejectBody
    from .calls_send_dtmf_tones_body import CallsSendDtmfTonesBody
    from .calls_subscribe_to_tone_body import CallsSubscribeToToneBody
    from .calls_transfer_body import CallsTransferBody
    from .calls_unmute_body import CallsUnmuteBody
    from .calls_update_recording_status_body import CallsUpdateRecordingStatusBody
    from .cancel_media_processing_operation import CancelMediaProcessingOperation
    from .cancel_media_processing_operation_odata_type import CancelMediaProcessingOperationOdataType
    from .chat_info import ChatInfo
    from .comms_operation import CommsOperation
    from .communications_application_identity import CommunicationsApplicationIdentity
    from .communications_application_identity_odata_type import CommunicationsApplicationIdentityOdataType
    from .communications_application_instance_identity import CommunicationsApplicationInstanceIdentity
    from .communications_application_instance_identity_odata_type import (
        CommunicationsApplicationInstanceIdentityOdataType,
    )
    from .communications_encrypted_identity import CommunicationsEncryptedIdentity
    from .communications_encrypted_identity_odata_type import CommunicationsEncryptedIdentityOdataType
    from .communications_guest_identity import CommunicationsGuestIdentity
    from .communications_guest_identity_odata_type import CommunicationsGuestIdentityOdataType
    from .communications_phone_identity import CommunicationsPhoneIdentity
    from .communications_phone_identity_odata_type import CommunicationsPhoneIdentityOdataType
    from .communications_user_identity import CommunicationsUserIdentity
    from .communications_user_identity_odata_type import CommunicationsUserIdentityOdataType
    from .content_sharing_session import ContentSharingSession
    from .content_sharing_session_collection_response import ContentSharingSessionCollectionResponse
    from .endpoint_type import EndpointType
    from .entity import Entity
    from .error_details import ErrorDetails
    from .identity import Identity
    from .identity_set import IdentitySet
    from .incoming_call_options import IncomingCallOptions
    from .incoming_call_options_odata_type import IncomingCallOptionsOdataType
    from .incoming_context import IncomingContext
    from .inner_error import InnerError
    from .invitation_participant_info import InvitationParticipantInfo
    from .invite_participants_operation import InviteParticipantsOperation
    from .invite_participants_operation_odata_type import InviteParticipantsOperationOdataType
    from .join_meeting_id_meeting_info import JoinMeetingIdMeetingInfo
    from .join_meeting_id_meeting_info_odata_type import JoinMeetingIdMeetingInfoOdataType
    from .main_error import MainError
    from .media_config import MediaConfig
    from .media_direction import MediaDirection
    from .media_info import MediaInfo
    from .media_prompt import MediaPrompt
    from .media_prompt_odata_type import MediaPromptOdataType
    from .media_state import MediaState
    from .media_stream import MediaStream
    from .meeting_info import MeetingInfo
    from .modality import Modality
    from .mute_participant_operation import MuteParticipantOperation
    from .mute_participant_operation_odata_type import MuteParticipantOperationOdataType
    from .odata_error import ODataError
    from .online_meeting_content_sharing_disabled_reason import OnlineMeetingContentSharingDisabledReason
    from .online_meeting_restricted import OnlineMeetingRestricted
    from .online_meeting_video_disabled_reason import OnlineMeetingVideoDisabledReason
    from .operation_status import OperationStatus
    from .organizer_meeting_info import OrganizerMeetingInfo
    from .organizer_meeting_info_odata_type import OrganizerMeetingInfoOdataType
    from .outgoing_call_options import OutgoingCallOptions
    from .outgoing_call_options_odata_type import OutgoingCallOptionsOdataType
    from .participant import Participant
    from .participant_collection_response import ParticipantCollectionResponse
    from .participant_info import ParticipantInfo
    from .participants_invite_body import ParticipantsInviteBody
    from .participants_mute_body import ParticipantsMuteBody
    from .participants_start_hold_music_body import ParticipantsStartHoldMusicBody
    from .participants_stop_hold_music_body import ParticipantsStopHoldMusicBody
    from .play_prompt_operation import PlayPromptOperation
    from .play_prompt_operation_odata_type import PlayPromptOperationOdataType
    from .prompt import Prompt
    from .record_operation import RecordOperation
    from .record_operation_odata_type import RecordOperationOdataType
    from .recording_info import RecordingInfo
    from .recording_status import RecordingStatus
    from .reject_reason import RejectReason
    from .removed_state import RemovedState
    from .result_info import ResultInfo
    from .routing_mode import RoutingMode
    from .routing_type import RoutingType
    from .screen_sharing_role import ScreenSharingRole
    from .send_dtmf_completion_reason import SendDtmfCompletionReason
    from .send_dtmf_tones_operation import SendDtmfTonesOperation
    from .send_dtmf_tones_operation_odata_type import SendDtmfTonesOperationOdataType
    from .service_hosted_media_config import ServiceHostedMediaConfig
    from .service_hosted_media_config_odata_type import ServiceHostedMediaConfigOdataType
    from .start_hold_music_operation import StartHoldMusicOperation
    from .start_hold_music_operation_odata_type import StartHoldMusicOperationOdataType
    from .stop_hold_music_operation import StopHoldMusicOperation
    from .stop_hold_music_operation_odata_type import StopHoldMusicOperationOdataType
    from .subscribe_to_tone_operation import SubscribeToToneOperation
    from .subscribe_to_tone_operation_odata_type import SubscribeToToneOperationOdataType
    from .teleconference_device_audio_quality import TeleconferenceDeviceAudioQuality
    from .teleconference_device_audio_quality_odata_type import TeleconferenceDeviceAudioQualityOdataType
    from .teleconference_device_media_quality import TeleconferenceDeviceMediaQuality
    from .teleconference_device_quality import TeleconferenceDeviceQuality
    from .teleconference_device_screen_sharing_quality import TeleconferenceDeviceScreenSharingQuality
    from .teleconference_device_screen_sharing_quality_odata_type import (
        TeleconferenceDeviceScreenSharingQualityOdataType,
    )
    from .teleconference_device_video_quality import TeleconferenceDeviceVideoQuality
    from .teleconference_device_video_quality_odata_type import TeleconferenceDeviceVideoQualityOdataType
    from .token_meeting_info import TokenMeetingInfo
    from .token_meeting_info_odata_type import TokenMeetingInfoOdataType
    from .tone import Tone
    from .tone_info import ToneInfo
    from .unmute_participant_operation import UnmuteParticipantOperation
    from .unmute_participant_operation_odata_type import UnmuteParticipantOperationOdataType
    from .update_recording_status_operation import UpdateRecordingStatusOperation
    from .update_recording_status_operation_odata_type import UpdateRecordingStatusOperationOdataType

_MODULES = {
    "AddLargeGalleryViewOperation": "add_large_gallery_view_operation",
    "AddLargeGalleryViewOperationOdataType": "add_large_gallery_view_operation_odata_type",
    "AppHostedMediaConfig": "app_hosted_media_config",
    "AppHostedMediaConfigOdataType": "app_hosted_media_config_odata_type",
    "AudioRoutingGroup": "audio_routing_group",
    "AudioRoutingGroupCollectionResponse": "audio_routing_group_collection_response",
    "AzureCommunicationServicesUserIdentity": "azure_communication_services_user_identity",
    "AzureCommunicationServicesUserIdentityOdataType": "azure_communication_services_user_identity_odata_type",
    "Call": "call",
    "CallDirection": "call_direction",
    "CallMediaState": "call_media_state",
    "CallOptions": "call_options",
    "CallRoute": "call_route",
    "CallState": "call_state",
    "CallTranscriptionInfo": "call_transcription_info",
    "CallTranscriptionState": "call_transcription_state",
    "CallsAddLargeGalleryViewBody": "calls_add_large_gallery_view_body",
    "CallsAnswerBody": "calls_answer_body",
    "CallsCancelMediaProcessingBody": "calls_cancel_media_processing_body",
    "CallsChangeScreenSharingRoleBody": "calls_change_screen_sharing_role_body",
    "CallsLogTeleconferenceDeviceQualityBody": "calls_log_teleconference_device_quality_body",
    "CallsMuteBody": "calls_mute_body",
    "CallsPlayPromptBody": "calls_play_prompt_body",
    "CallsRecordResponseBody": "calls_record_response_body",
    "CallsRedirectBody": "calls_redirect_body",
    "CallsRejectBody": "calls_reject_body",
    "CallsSendDtmfTonesBody": "calls_send_dtmf_tones_body",
    "CallsSubscribeToToneBody": "calls_subscribe_to_tone_body",
    "CallsTransferBody": "calls_transfer_body",
    "CallsUnmuteBody": "calls_unmute_body",
    "CallsUpdateRecordingStatusBody": "calls_update_recording_status_body",
    "CancelMediaProcessingOperation": "cancel_media_processing_operation",
    "CancelMediaProcessingOperationOdataType": "cancel_media_processing_operation_odata_type",
    "ChatInfo": "chat_info",
    "CommsOperation": "comms_operation",
    "CommunicationsApplicationIdentity": "communications_application_identity",
    "CommunicationsApplicationIdentityOdataType": "communications_application_identity_odata_type",
    "CommunicationsApplicationInstanceIdentity": "communications_application_instance_identity",
    "CommunicationsApplicationInstanceIdentityOdataType": "communications_application_instance_identity_odata_type",
    "CommunicationsEncryptedIdentity": "communications_encrypted_identity",
    "CommunicationsEncryptedIdentityOdataType": "communications_encrypted_identity_odata_type",
    "CommunicationsGuestIdentity": "communications_guest_identity",
    "CommunicationsGuestIdentityOdataType": "communications_guest_identity_odata_type",
    "CommunicationsPhoneIdentity": "communications_phone_identity",
    "CommunicationsPhoneIdentityOdataType": "communications_phone_identity_odata_type",
    "CommunicationsUserIdentity": "communications_user_identity",
    "CommunicationsUserIdentityOdataType": "communications_user_identity_odata_type",
    "ContentSharingSession": "content_sharing_session",
    "ContentSharingSessionCollectionResponse": "content_sharing_session_collection_response",
    "EndpointType": "endpoint_type",
    "Entity": "entity",
    "ErrorDetails": "error_details",
    "Identity": "identity",
    "IdentitySet": "identity_set",
    "IncomingCallOptions": "incoming_call_options",
    "IncomingCallOptionsOdataType": "incoming_call_options_odata_type",
    "IncomingContext": "incoming_context",
    "InnerError": "inner_error",
    "InvitationParticipantInfo": "invitation_participant_info",
    "InviteParticipantsOperation": "invite_participants_operation",
    "InviteParticipantsOperationOdataType": "invite_participants_operation_odata_type",
    "JoinMeetingIdMeetingInfo": "join_meeting_id_meeting_info",
    "JoinMeetingIdMeetingInfoOdataType": "join_meeting_id_meeting_info_odata_type",
    "MainError": "main_error",
    "MediaConfig": "media_config",
    "MediaDirection": "media_direction",
    "MediaInfo": "media_info",
    "MediaPrompt": "media_prompt",
    "MediaPromptOdataType": "media_prompt_odata_type",
    "MediaState": "media_state",
    "MediaStream": "media_stream",
    "MeetingInfo": "meeting_info",
    "Modality": "modality",
    "MuteParticipantOperation": "mute_participant_operation",
    "MuteParticipantOperationOdataType": "mute_participant_operation_odata_type",
    "ODataError": "odata_error",
    "OnlineMeetingContentSharingDisabledReason": "online_meeting_content_sharing_disabled_reason",
    "OnlineMeetingRestricted": "online_meeting_restricted",
    "OnlineMeetingVideoDisabledReason": "online_meeting_video_disabled_reason",
    "OperationStatus": "operation_status",
    "OrganizerMeetingInfo": "organizer_meeting_info",
    "OrganizerMeetingInfoOdataType": "organizer_meeting_info_odata_type",
    "OutgoingCallOptions": "outgoing_call_options",
    "OutgoingCallOptionsOdataType": "outgoing_call_options_odata_type",
    "Participant": "participant",
    "ParticipantCollectionResponse": "participant_collection_response",
    "ParticipantInfo": "participant_info",
    "ParticipantsInviteBody": "participants_invite_body",
    "ParticipantsMuteBody": "participants_mute_body",
    "ParticipantsStartHoldMusicBody": "participants_start_hold_music_body",
    "ParticipantsStopHoldMusicBody": "participants_stop_hold_music_body",
    "PlayPromptOperation": "play_prompt_operation",
    "PlayPromptOperationOdataType": "play_prompt_operation_odata_type",
    "Prompt": "prompt",
    "RecordOperation": "record_operation",
    "RecordOperationOdataType": "record_operation_odata_type",
    "RecordingInfo": "recording_info",
    "RecordingStatus": "recording_status",
    "RejectReason": "reject_reason",
    "RemovedState": "removed_state",
    "ResultInfo": "result_info",
    "RoutingMode": "routing_mode",
    "RoutingType": "routing_type",
    "ScreenSharingRole": "screen_sharing_role",
    "SendDtmfCompletionReason": "send_dtmf_completion_reason",
    "SendDtmfTonesOperation": "send_dtmf_tones_operation",
    "SendDtmfTonesOperationOdataType": "send_dtmf_tones_operation_odata_type",
    "ServiceHostedMediaConfig": "service_hosted_media_config",
    "ServiceHostedMediaConfigOdataType": "service_hosted_media_config_odata_type",
    "StartHoldMusicOperation": "start_hold_music_operation",
    "StartHoldMusicOperationOdataType": "start_hold_music_operation_odata_type",
    "StopHoldMusicOperation": "stop_hold_music_operation",
    "StopHoldMusicOperationOdataType": "stop_hold_music_operation_odata_type",
    "SubscribeToToneOperation": "subscribe_to_tone_operation",
    "SubscribeToToneOperationOdataType": "subscribe_to_tone_operation_odata_type",
    "TeleconferenceDeviceAudioQuality": "teleconference_device_audio_quality",
    "TeleconferenceDeviceAudioQualityOdataType": "teleconference_device_audio_quality_odata_type",
    "TeleconferenceDeviceMediaQuality": "teleconference_device_media_quality",
    "TeleconferenceDeviceQuality": "teleconference_device_quality",
    "TeleconferenceDeviceScreenSharingQuality": "teleconference_device_screen_sharing_quality",
    "TeleconferenceDeviceScreenSharingQualityOdataType": "teleconference_device_screen_sharing_quality_odata_type",
    "TeleconferenceDeviceVideoQuality": "teleconference_device_video_quality",
    "TeleconferenceDeviceVideoQualityOdataType": "teleconference_device_video_quality_odata_type",
    "TokenMeetingInfo": "token_meeting_info",
    "TokenMeetingInfoOdataType": "token_meeting_info_odata_type",
    "Tone": "tone",
    "ToneInfo": "tone_info",
    "UnmuteParticipantOperation": "unmute_participant_operation",
    "UnmuteParticipantOperationOdataType": "unmute_participant_operation_odata_type",
    "UpdateRecordingStatusOperation": "update_recording_status_operation",
    "UpdateRecordingStatusOperationOdataType": "update_recording_status_operation_odata_type",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = (
    "AddLargeGalleryViewOperation",
    "AddLargeGalleryViewOperationOdataType",
    "AppHostedMediaConfig",
    "AppHostedMediaConfigOdataType",
    "AudioRoutingGroup",
    "AudioRoutingGroupCollectionResponse",
    "AzureCommunicationServicesUserIdentity",
    "AzureCommunicationServicesUserIdentityOdataType",
    "Call",
    "CallDirection",
    "CallMediaState",
    "CallOptions",
    "CallRoute",
    "CallState",
    "CallTranscriptionInfo",
    "CallTranscriptionState",
    "CallsAddLargeGalleryViewBody",
    "CallsAnswerBody",
    "CallsCancelMediaProcessingBody",
    "CallsChangeScreenSharingRoleBody",
    "CallsLogTeleconferenceDeviceQualityBody",
    "CallsMuteBody",
    "CallsPlayPromptBody",
    "CallsRecordResponseBody",
    "CallsRedirectBody",
    "CallsRejectBody",
    "CallsSendDtmfTonesBody",
    "CallsSubscribeToToneBody",
    "CallsTransferBody",
    "CallsUnmuteBody",
    "CallsUpdateRecordingStatusBody",
    "CancelMediaProcessingOperation",
    "CancelMediaProcessingOperationOdataType",
    "ChatInfo",
    "CommsOperation",
    "CommunicationsApplicationIdentity",
    "CommunicationsApplicationIdentityOdataType",
    "CommunicationsApplicationInstanceIdentity",
    "CommunicationsApplicationInstanceIdentityOdataType",
    "CommunicationsEncryptedIdentity",
    "CommunicationsEncryptedIdentityOdataType",
    "CommunicationsGuestIdentity",
    "CommunicationsGuestIdentityOdataType",
    "CommunicationsPhoneIdentity",
    "CommunicationsPhoneIdentityOdataType",
    "CommunicationsUserIdentity",
    "CommunicationsUserIdentityOdataType",
    "ContentSharingSession",
    "ContentSharingSessionCollectionResponse",
    "EndpointType",
    "Entity",
    "ErrorDetails",
    "Identity",
    "IdentitySet",
    "IncomingCallOptions",
    "IncomingCallOptionsOdataType",
    "IncomingContext",
    "InnerError",
    "InvitationParticipantInfo",
    "InviteParticipantsOperation",
    "InviteParticipantsOperationOdataType",
    "JoinMeetingIdMeetingInfo",
    "JoinMeetingIdMeetingInfoOdataType",
    "MainError",
    "MediaConfig",
    "MediaDirection",
    "MediaInfo",
    "MediaPrompt",
    "MediaPromptOdataType",
    "MediaState",
    "MediaStream",
    "MeetingInfo",
    "Modality",
    "MuteParticipantOperation",
    "MuteParticipantOperationOdataType",
    "ODataError",
    "OnlineMeetingContentSharingDisabledReason",
    "OnlineMeetingRestricted",
    "OnlineMeetingVideoDisabledReason",
    "OperationStatus",
    "OrganizerMeetingInfo",
    "OrganizerMeetingInfoOdataType",
    "OutgoingCallOptions",
    "OutgoingCallOptionsOdataType",
    "Participant",
    "ParticipantCollectionResponse",
    "ParticipantInfo",
    "ParticipantsInviteBody",
    "ParticipantsMuteBody",
    "ParticipantsStartHoldMusicBody",
    "ParticipantsStopHoldMusicBody",
    "PlayPromptOperation",
    "PlayPromptOperationOdataType",
    "Prompt",
    "RecordOperation",
    "RecordOperationOdataType",
    "RecordingInfo",
    "RecordingStatus",
    "RejectReason",
    "RemovedState",
    "ResultInfo",
    "RoutingMode",
    "RoutingType",
    "ScreenSharingRole",
    "SendDtmfCompletionReason",
    "SendDtmfTonesOperation",
    "SendDtmfTonesOperationOdataType",
    "ServiceHostedMediaConfig",
    "ServiceHostedMediaConfigOdataType",
    "StartHoldMusicOperation",
    "StartHoldMusicOperationOdataType",
    "StopHoldMusicOperation",
    "StopHoldMusicOperationOdataType",
    "SubscribeToToneOperation",
    "SubscribeToToneOperationOdataType",
    "TeleconferenceDeviceAudioQuality",
    "TeleconferenceDeviceAudioQualityOdataType",
    "TeleconferenceDeviceMediaQuality",
    "TeleconferenceDeviceQuality",
    "TeleconferenceDeviceScreenSharingQuality",
    "TeleconferenceDeviceScreenSharingQualityOdataType",
    "TeleconferenceDeviceVideoQuality",
    "TeleconferenceDeviceVideoQualityOdataType",
    "TokenMeetingInfo",
    "TokenMeetingInfoOdataType",
    "Tone",
    "ToneInfo",
    "UnmuteParticipantOperation",
    "UnmuteParticipantOperationOdataType",
    "UpdateRecordingStatusOperation",
    "UpdateRecordingStatusOperationOdataType",
)
