"""The operations of the trimmed spec and the comms operations they start.

Written at generation time by graph_calls_spec.operation_index from the trimmed spec; do not edit.
"""

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from .models.add_large_gallery_view_operation import AddLargeGalleryViewOperation
    from .models.cancel_media_processing_operation import CancelMediaProcessingOperation
    from .models.comms_operation import CommsOperation
    from .models.invite_participants_operation import InviteParticipantsOperation
    from .models.mute_participant_operation import MuteParticipantOperation
    from .models.play_prompt_operation import PlayPromptOperation
    from .models.record_operation import RecordOperation
    from .models.send_dtmf_tones_operation import SendDtmfTonesOperation
    from .models.start_hold_music_operation import StartHoldMusicOperation
    from .models.stop_hold_music_operation import StopHoldMusicOperation
    from .models.subscribe_to_tone_operation import SubscribeToToneOperation
    from .models.unmute_participant_operation import UnmuteParticipantOperation
    from .models.update_recording_status_operation import UpdateRecordingStatusOperation

    AnyOperation = (
        CommsOperation
        | AddLargeGalleryViewOperation
        | CancelMediaProcessingOperation
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
    )

# operationId -> the module of its generated endpoint
ENDPOINTS: Final = {
    "audio_routing_groups_create": "graph_calls_generated.api.audio_routing_groups.audio_routing_groups_create",
    "audio_routing_groups_delete": "graph_calls_generated.api.audio_routing_groups.audio_routing_groups_delete",
    "audio_routing_groups_get": "graph_calls_generated.api.audio_routing_groups.audio_routing_groups_get",
    "audio_routing_groups_list": "graph_calls_generated.api.audio_routing_groups.audio_routing_groups_list",
    "audio_routing_groups_update": "graph_calls_generated.api.audio_routing_groups.audio_routing_groups_update",
    "calls_add_large_gallery_view": "graph_calls_generated.api.calls.calls_add_large_gallery_view",
    "calls_answer": "graph_calls_generated.api.calls.calls_answer",
    "calls_cancel_media_processing": "graph_calls_generated.api.calls.calls_cancel_media_processing",
    "calls_change_screen_sharing_role": "graph_calls_generated.api.calls.calls_change_screen_sharing_role",
    "calls_create": "graph_calls_generated.api.calls.calls_create",
    "calls_delete": "graph_calls_generated.api.calls.calls_delete",
    "calls_get": "graph_calls_generated.api.calls.calls_get",
    "calls_keep_alive": "graph_calls_generated.api.calls.calls_keep_alive",
    "calls_log_teleconference_device_quality": "graph_calls_generated.api.calls.calls_log_teleconference_device_quality",
    "calls_mute": "graph_calls_generated.api.calls.calls_mute",
    "calls_play_prompt": "graph_calls_generated.api.calls.calls_play_prompt",
    "calls_record_response": "graph_calls_generated.api.calls.calls_record_response",
    "calls_redirect": "graph_calls_generated.api.calls.calls_redirect",
    "calls_reject": "graph_calls_generated.api.calls.calls_reject",
    "calls_send_dtmf_tones": "graph_calls_generated.api.calls.calls_send_dtmf_tones",
    "calls_subscribe_to_tone": "graph_calls_generated.api.calls.calls_subscribe_to_tone",
    "calls_transfer": "graph_calls_generated.api.calls.calls_transfer",
    "calls_unmute": "graph_calls_generated.api.calls.calls_unmute",
    "calls_update_recording_status": "graph_calls_generated.api.calls.calls_update_recording_status",
    "content_sharing_sessions_get": "graph_calls_generated.api.content_sharing_sessions.content_sharing_sessions_get",
    "content_sharing_sessions_list": "graph_calls_generated.api.content_sharing_sessions.content_sharing_sessions_list",
    "operations_get": "graph_calls_generated.api.operations.operations_get",
    "participants_delete": "graph_calls_generated.api.participants.participants_delete",
    "participants_get": "graph_calls_generated.api.participants.participants_get",
    "participants_invite": "graph_calls_generated.api.participants.participants_invite",
    "participants_list": "graph_calls_generated.api.participants.participants_list",
    "participants_mute": "graph_calls_generated.api.participants.participants_mute",
    "participants_start_hold_music": "graph_calls_generated.api.participants.participants_start_hold_music",
    "participants_stop_hold_music": "graph_calls_generated.api.participants.participants_stop_hold_music",
}
# commsOperation and its subtypes: model class name -> @odata.type
OPERATION_TYPES: Final = {
    "CommsOperation": "#microsoft.graph.commsOperation",
    "AddLargeGalleryViewOperation": "#microsoft.graph.addLargeGalleryViewOperation",
    "CancelMediaProcessingOperation": "#microsoft.graph.cancelMediaProcessingOperation",
    "InviteParticipantsOperation": "#microsoft.graph.inviteParticipantsOperation",
    "MuteParticipantOperation": "#microsoft.graph.muteParticipantOperation",
    "PlayPromptOperation": "#microsoft.graph.playPromptOperation",
    "RecordOperation": "#microsoft.graph.recordOperation",
    "SendDtmfTonesOperation": "#microsoft.graph.sendDtmfTonesOperation",
    "StartHoldMusicOperation": "#microsoft.graph.startHoldMusicOperation",
    "StopHoldMusicOperation": "#microsoft.graph.stopHoldMusicOperation",
    "SubscribeToToneOperation": "#microsoft.graph.subscribeToToneOperation",
    "UnmuteParticipantOperation": "#microsoft.graph.unmuteParticipantOperation",
    "UpdateRecordingStatusOperation": "#microsoft.graph.updateRecordingStatusOperation",
}
# action (last path segment) -> @odata.type of the operation it starts
ACTION_OPERATIONS: Final = {
    "addLargeGalleryView": "#microsoft.graph.addLargeGalleryViewOperation",
    "cancelMediaProcessing": "#microsoft.graph.cancelMediaProcessingOperation",
    "invite": "#microsoft.graph.inviteParticipantsOperation",
    "mute": "#microsoft.graph.muteParticipantOperation",
    "playPrompt": "#microsoft.graph.playPromptOperation",
    "recordResponse": "#microsoft.graph.recordOperation",
    "sendDtmfTones": "#microsoft.graph.sendDtmfTonesOperation",
    "startHoldMusic": "#microsoft.graph.startHoldMusicOperation",
    "stopHoldMusic": "#microsoft.graph.stopHoldMusicOperation",
    "subscribeToTone": "#microsoft.graph.subscribeToToneOperation",
    "unmute": "#microsoft.graph.unmuteParticipantOperation",
    "updateRecordingStatus": "#microsoft.graph.updateRecordingStatusOperation",
}
