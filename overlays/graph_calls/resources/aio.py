"""Navigation: ``graph.calls[call_id].participants[participant_id].delete()``, and the pager of lists.

Each class stands for one Graph URL; each method is the HTTP verb or the action of that URL, named as in the
Graph reference (snake_case). :mod:`graph_calls.resources.aio` is written by hand and
:mod:`graph_calls.resources.sync` is generated from it, so the twins have the same names, arguments and
returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TypeVar, Unpack

from graph_calls import waiting
from graph_calls._constants import DEFAULT_OPERATION_TIMEOUT_S
from graph_calls._core.request_options import RequestOptions
from graph_calls._validate import check_id
from graph_calls.errors import InvalidInputError, NotFoundError, ResponseParseError
from graph_calls.resources import plans as ops
from graph_calls.resources.aio_pager import AsyncPager

if TYPE_CHECKING:
    from graph_calls.client import AsyncGraphCalls
    from graph_calls_generated.models.add_large_gallery_view_operation import AddLargeGalleryViewOperation
    from graph_calls_generated.models.app_hosted_media_config import AppHostedMediaConfig
    from graph_calls_generated.models.audio_routing_group import AudioRoutingGroup
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.cancel_media_processing_operation import CancelMediaProcessingOperation
    from graph_calls_generated.models.comms_operation import CommsOperation
    from graph_calls_generated.models.content_sharing_session import ContentSharingSession
    from graph_calls_generated.models.incoming_call_options import IncomingCallOptions
    from graph_calls_generated.models.invitation_participant_info import InvitationParticipantInfo
    from graph_calls_generated.models.invite_participants_operation import InviteParticipantsOperation
    from graph_calls_generated.models.media_prompt import MediaPrompt
    from graph_calls_generated.models.modality import Modality
    from graph_calls_generated.models.mute_participant_operation import MuteParticipantOperation
    from graph_calls_generated.models.participant import Participant
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
    from graph_calls_generated.operations import AnyOperation

T = TypeVar("T")
OperationT = TypeVar("OperationT", bound="AnyOperation")
Query = str | Sequence[str] | None


async def _deleted(delete: Callable[[], Awaitable[None]], missing_ok: bool) -> None:
    """Run a DELETE; with ``missing_ok``, a 404 (already gone) counts as done."""
    try:
        await delete()
    except NotFoundError:
        if not missing_ok:
            raise


class AsyncCallsResource:
    """``/communications/calls``."""

    def __init__(self, client: AsyncGraphCalls) -> None:
        self._client = client

    def __getitem__(self, call_id: str) -> AsyncCallResource:
        return AsyncCallResource(self._client, check_id("call_id", call_id))

    async def create(self, call: Call, **options: Unpack[RequestOptions]) -> Call:
        """Create an outgoing call or join a meeting (``POST /communications/calls``); 201 + the call."""
        return await self._client._run(ops.calls_create(call), options)

    async def log_teleconference_device_quality(
        self, *, quality: TeleconferenceDeviceQuality, **options: Unpack[RequestOptions]
    ) -> None:
        """Log video teleconferencing device quality data (``POST .../logTeleconferenceDeviceQuality``)."""
        return await self._client._run(ops.calls_log_teleconference_device_quality(quality=quality), options)


class AsyncCallResource:
    """``/communications/calls/{call_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str) -> None:
        self._client = client
        self.call_id = call_id

    @property
    def participants(self) -> AsyncParticipantsResource:
        return AsyncParticipantsResource(self._client, self.call_id)

    @property
    def operations(self) -> AsyncOperationsResource:
        return AsyncOperationsResource(self._client, self.call_id)

    @property
    def audio_routing_groups(self) -> AsyncAudioRoutingGroupsResource:
        return AsyncAudioRoutingGroupsResource(self._client, self.call_id)

    @property
    def content_sharing_sessions(self) -> AsyncContentSharingSessionsResource:
        return AsyncContentSharingSessionsResource(self._client, self.call_id)

    async def get(
        self, *, select: Query = None, expand: Query = None, **options: Unpack[RequestOptions]
    ) -> Call:
        """The call's current properties."""
        return await self._client._run(ops.calls_get(self.call_id, select=select, expand=expand), options)

    async def delete(self, *, missing_ok: bool = False, **options: Unpack[RequestOptions]) -> None:
        """Hang up (for a group call: leave it; the call goes on for the others).

        ``missing_ok=True``: a call that has already ended (404) is not an error.
        """
        await _deleted(lambda: self._client._run(ops.calls_delete(self.call_id), options), missing_ok)

    async def answer(
        self,
        *,
        callback_uri: str,
        media_config: ServiceHostedMediaConfig | AppHostedMediaConfig,
        accepted_modalities: Sequence[Modality],
        participant_capacity: int | None = None,
        call_options: IncomingCallOptions | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Answer an incoming call (202; the outcome arrives as call-state notifications)."""
        return await self._client._run(
            ops.calls_answer(
                self.call_id,
                callback_uri=callback_uri,
                media_config=media_config,
                accepted_modalities=accepted_modalities,
                participant_capacity=participant_capacity,
                call_options=call_options,
            ),
            options,
        )

    async def reject(
        self,
        *,
        reason: RejectReason | None = None,
        callback_uri: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Reject an incoming call (``reason``: ``none``, ``busy`` or ``forbidden``)."""
        return await self._client._run(
            ops.calls_reject(self.call_id, reason=reason, callback_uri=callback_uri), options
        )

    async def redirect(
        self,
        *,
        targets: Sequence[InvitationParticipantInfo],
        redirect_timeout_s: int | None = None,
        callback_uri: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Redirect an incoming call to other targets (several targets: simultaneous ring).

        ``redirect_timeout_s`` is the service's ``timeout``: how long, in seconds, the targets ring.
        """
        return await self._client._run(
            ops.calls_redirect(
                self.call_id,
                targets=targets,
                redirect_timeout_s=redirect_timeout_s,
                callback_uri=callback_uri,
            ),
            options,
        )

    async def transfer(
        self,
        *,
        transfer_target: InvitationParticipantInfo,
        transferee: ParticipantInfo | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Transfer an active peer-to-peer call (``transferee`` is required from a group call)."""
        return await self._client._run(
            ops.calls_transfer(self.call_id, transfer_target=transfer_target, transferee=transferee), options
        )

    async def keep_alive(self, **options: Unpack[RequestOptions]) -> None:
        """Keep the call alive (send at least every 45 minutes; 404 once the call has ended)."""
        return await self._client._run(ops.calls_keep_alive(self.call_id), options)

    async def mute(
        self, *, client_context: str | None = None, **options: Unpack[RequestOptions]
    ) -> MuteParticipantOperation:
        """Mute the bot itself in a group call."""
        return await self._client._run(ops.calls_mute(self.call_id, client_context=client_context), options)

    async def unmute(
        self, *, client_context: str | None = None, **options: Unpack[RequestOptions]
    ) -> UnmuteParticipantOperation:
        """Unmute the bot itself in a group call."""
        return await self._client._run(ops.calls_unmute(self.call_id, client_context=client_context), options)

    async def play_prompt(
        self,
        *,
        prompts: Sequence[MediaPrompt],
        client_context: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> PlayPromptOperation:
        """Play audio prompts (``MediaPrompt``) in the call (service-hosted media only)."""
        return await self._client._run(
            ops.calls_play_prompt(self.call_id, prompts=prompts, client_context=client_context), options
        )

    async def record_response(
        self,
        *,
        prompts: Sequence[MediaPrompt] | None = None,
        barge_in_allowed: bool | None = None,
        initial_silence_timeout_in_seconds: int | None = None,
        max_silence_timeout_in_seconds: int | None = None,
        max_record_duration_in_seconds: int | None = None,
        play_beep: bool | None = None,
        stop_tones: Sequence[str] | None = None,
        client_context: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RecordOperation:
        """Record a short audio response from the caller (service-hosted media only)."""
        return await self._client._run(
            ops.calls_record_response(
                self.call_id,
                prompts=prompts,
                barge_in_allowed=barge_in_allowed,
                initial_silence_timeout_in_seconds=initial_silence_timeout_in_seconds,
                max_silence_timeout_in_seconds=max_silence_timeout_in_seconds,
                max_record_duration_in_seconds=max_record_duration_in_seconds,
                play_beep=play_beep,
                stop_tones=stop_tones,
                client_context=client_context,
            ),
            options,
        )

    async def cancel_media_processing(
        self, *, client_context: str | None = None, **options: Unpack[RequestOptions]
    ) -> CancelMediaProcessingOperation:
        """Cancel pending playPrompt and recordResponse operations."""
        return await self._client._run(
            ops.calls_cancel_media_processing(self.call_id, client_context=client_context), options
        )

    async def subscribe_to_tone(
        self, *, client_context: str | None = None, **options: Unpack[RequestOptions]
    ) -> SubscribeToToneOperation:
        """Receive DTMF key presses as call notifications."""
        return await self._client._run(
            ops.calls_subscribe_to_tone(self.call_id, client_context=client_context), options
        )

    async def send_dtmf_tones(
        self,
        *,
        tones: Sequence[Tone],
        delay_between_tones_ms: int | None = None,
        client_context: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> SendDtmfTonesOperation:
        """Send DTMF tones (``tone0``...``tone9``, ``star``, ``pound``...)."""
        return await self._client._run(
            ops.calls_send_dtmf_tones(
                self.call_id,
                tones=tones,
                delay_between_tones_ms=delay_between_tones_ms,
                client_context=client_context,
            ),
            options,
        )

    async def change_screen_sharing_role(
        self, *, role: ScreenSharingRole, **options: Unpack[RequestOptions]
    ) -> None:
        """Become ``viewer`` or ``sharer`` (app-hosted-media group calls)."""
        return await self._client._run(ops.calls_change_screen_sharing_role(self.call_id, role=role), options)

    async def update_recording_status(
        self, *, status: RecordingStatus, client_context: str | None = None, **options: Unpack[RequestOptions]
    ) -> UpdateRecordingStatusOperation:
        """Tell the service the bot starts (``recording``) or stops (``notRecording``) recording."""
        return await self._client._run(
            ops.calls_update_recording_status(self.call_id, status=status, client_context=client_context),
            options,
        )

    async def add_large_gallery_view(
        self, *, client_context: str | None = None, **options: Unpack[RequestOptions]
    ) -> AddLargeGalleryViewOperation:
        """Add the large gallery view to the call."""
        return await self._client._run(
            ops.calls_add_large_gallery_view(self.call_id, client_context=client_context), options
        )


class AsyncParticipantsResource:
    """``/communications/calls/{call_id}/participants``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str) -> None:
        self._client = client
        self.call_id = call_id

    def __getitem__(self, participant_id: str) -> AsyncParticipantResource:
        return AsyncParticipantResource(
            self._client, self.call_id, check_id("participant_id", participant_id)
        )

    def list(
        self,
        *,
        top: int | None = None,
        select: Query = None,
        expand: Query = None,
        filter: str | None = None,
        orderby: Query = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Participant]:
        """Every participant of the call, following ``@odata.nextLink`` page after page."""
        from graph_calls import models

        plan = ops.participants_list(
            self.call_id, top=top, select=select, expand=expand, filter=filter, orderby=orderby
        )
        page_model = models.ParticipantCollectionResponse
        return AsyncPager(self._client._run, self._client._http, plan, page_model, options)

    async def invite(
        self,
        participants: Sequence[InvitationParticipantInfo],
        *,
        client_context: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> InviteParticipantsOperation:
        """Invite participants to the call; returns the running ``inviteParticipantsOperation``."""
        return await self._client._run(
            ops.participants_invite(self.call_id, participants, client_context=client_context), options
        )


class AsyncParticipantResource:
    """``/communications/calls/{call_id}/participants/{participant_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str, participant_id: str) -> None:
        self._client = client
        self.call_id = call_id
        self.participant_id = participant_id

    async def get(
        self, *, select: Query = None, expand: Query = None, **options: Unpack[RequestOptions]
    ) -> Participant:
        """The participant's current properties."""
        return await self._client._run(
            ops.participants_get(self.call_id, self.participant_id, select=select, expand=expand), options
        )

    async def delete(self, *, missing_ok: bool = False, **options: Unpack[RequestOptions]) -> None:
        """Remove the participant from the call (or cancel its pending invitation).

        ``missing_ok=True``: a participant (or call) that is already gone (404) is not an error.
        """
        await _deleted(
            lambda: self._client._run(ops.participants_delete(self.call_id, self.participant_id), options),
            missing_ok,
        )

    async def mute(
        self, *, client_context: str | None = None, **options: Unpack[RequestOptions]
    ) -> MuteParticipantOperation:
        """Server-mute the participant."""
        return await self._client._run(
            ops.participants_mute(self.call_id, self.participant_id, client_context=client_context), options
        )

    async def start_hold_music(
        self,
        *,
        custom_prompt: MediaPrompt | None = None,
        client_context: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> StartHoldMusicOperation:
        """Put the participant on hold, with music (or ``custom_prompt``)."""
        return await self._client._run(
            ops.participants_start_hold_music(
                self.call_id, self.participant_id, custom_prompt=custom_prompt, client_context=client_context
            ),
            options,
        )

    async def stop_hold_music(
        self, *, client_context: str | None = None, **options: Unpack[RequestOptions]
    ) -> StopHoldMusicOperation:
        """Take the participant off hold."""
        return await self._client._run(
            ops.participants_stop_hold_music(
                self.call_id, self.participant_id, client_context=client_context
            ),
            options,
        )


class AsyncOperationsResource:
    """``/communications/calls/{call_id}/operations``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str) -> None:
        self._client = client
        self.call_id = call_id

    def __getitem__(self, operation_id: str) -> AsyncOperationResource:
        return AsyncOperationResource(self._client, self.call_id, check_id("operation_id", operation_id))

    async def wait(
        self, operation: OperationT, *, timeout: float = DEFAULT_OPERATION_TIMEOUT_S
    ) -> OperationT:
        """Wait for an operation an action returned (``invite``, ``play_prompt``...); return it finished.

        The result has the operation's own type (``InviteParticipantsOperation``...).

        An operation that is already finished (``mute`` completes in its answer) returns without a request.
        Raises :class:`~graph_calls.errors.OperationFailed` if it fails and
        :class:`~graph_calls.errors.OperationTimeoutError` after ``timeout`` seconds::

            operation = graph.calls[call_id].operations.wait(graph.calls[call_id].participants.invite([...]))
        """
        operation_id = getattr(operation, "id", None)
        if not isinstance(operation_id, str) or not operation_id:
            raise InvalidInputError("operation has no id; pass the operation an action returned")
        if waiting.is_finished(operation):
            finished: OperationT = waiting.outcome(operation)
            return finished
        final = await self[operation_id].wait(timeout=timeout)
        if not isinstance(final, type(operation)):
            expected = type(operation).__name__
            raise ResponseParseError(
                f"operation {operation_id} came back as {type(final).__name__}, not {expected}"
            )
        return final


class AsyncOperationResource:
    """``/communications/calls/{call_id}/operations/{operation_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str, operation_id: str) -> None:
        self._client = client
        self.call_id = call_id
        self.operation_id = operation_id

    async def get(self, **options: Unpack[RequestOptions]) -> CommsOperation:
        """The operation's current state, as its subtype (``InviteParticipantsOperation``...)."""
        return await self._client._run(ops.operations_get(self.call_id, self.operation_id), options)

    async def wait(self, *, timeout: float = DEFAULT_OPERATION_TIMEOUT_S) -> CommsOperation:
        """Poll, with backoff, until the operation completes; return it.

        Raises :class:`~graph_calls.errors.OperationFailed` if it fails and
        :class:`~graph_calls.errors.OperationTimeoutError` after ``timeout`` seconds.
        """
        operation = await self.get()
        for delay_s in waiting.poll_delays(timeout):
            if waiting.is_finished(operation):
                break
            await asyncio.sleep(delay_s)
            operation = await self.get()
        if not waiting.is_finished(operation):
            raise waiting.timeout_error(operation, timeout)
        completed: CommsOperation = waiting.outcome(operation)
        return completed


class AsyncAudioRoutingGroupsResource:
    """``/communications/calls/{call_id}/audioRoutingGroups``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str) -> None:
        self._client = client
        self.call_id = call_id

    def __getitem__(self, group_id: str) -> AsyncAudioRoutingGroupResource:
        return AsyncAudioRoutingGroupResource(self._client, self.call_id, check_id("group_id", group_id))

    def list(
        self, *, top: int | None = None, select: Query = None, **options: Unpack[RequestOptions]
    ) -> AsyncPager[AudioRoutingGroup]:
        """Every audio routing group of the call."""
        from graph_calls import models

        plan = ops.audio_routing_groups_list(self.call_id, top=top, select=select)
        page_model = models.AudioRoutingGroupCollectionResponse
        return AsyncPager(self._client._run, self._client._http, plan, page_model, options)

    async def create(self, group: AudioRoutingGroup, **options: Unpack[RequestOptions]) -> AudioRoutingGroup:
        """Create an audio routing group (app-hosted media)."""
        return await self._client._run(ops.audio_routing_groups_create(self.call_id, group), options)


class AsyncAudioRoutingGroupResource:
    """``/communications/calls/{call_id}/audioRoutingGroups/{group_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str, group_id: str) -> None:
        self._client = client
        self.call_id = call_id
        self.group_id = group_id

    async def get(self, **options: Unpack[RequestOptions]) -> AudioRoutingGroup:
        return await self._client._run(ops.audio_routing_groups_get(self.call_id, self.group_id), options)

    async def update(self, group: AudioRoutingGroup, **options: Unpack[RequestOptions]) -> AudioRoutingGroup:
        """Change the group's sources, receivers or routing mode."""
        return await self._client._run(
            ops.audio_routing_groups_update(self.call_id, self.group_id, group), options
        )

    async def delete(self, *, missing_ok: bool = False, **options: Unpack[RequestOptions]) -> None:
        """Delete the group (``missing_ok=True``: a group that is already gone is not an error)."""
        await _deleted(
            lambda: self._client._run(ops.audio_routing_groups_delete(self.call_id, self.group_id), options),
            missing_ok,
        )


class AsyncContentSharingSessionsResource:
    """``/communications/calls/{call_id}/contentSharingSessions``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str) -> None:
        self._client = client
        self.call_id = call_id

    def __getitem__(self, session_id: str) -> AsyncContentSharingSessionResource:
        return AsyncContentSharingSessionResource(
            self._client, self.call_id, check_id("session_id", session_id)
        )

    def list(
        self, *, top: int | None = None, select: Query = None, **options: Unpack[RequestOptions]
    ) -> AsyncPager[ContentSharingSession]:
        """Every content sharing session of the call."""
        from graph_calls import models

        plan = ops.content_sharing_sessions_list(self.call_id, top=top, select=select)
        page_model = models.ContentSharingSessionCollectionResponse
        return AsyncPager(self._client._run, self._client._http, plan, page_model, options)


class AsyncContentSharingSessionResource:
    """``/communications/calls/{call_id}/contentSharingSessions/{session_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str, session_id: str) -> None:
        self._client = client
        self.call_id = call_id
        self.session_id = session_id

    async def get(self, **options: Unpack[RequestOptions]) -> ContentSharingSession:
        return await self._client._run(
            ops.content_sharing_sessions_get(self.call_id, self.session_id), options
        )
