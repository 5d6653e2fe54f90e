"""Navigation: ``graph.calls[call_id].participants[participant_id].delete()``, and the pager of lists.

Each class stands for one Graph URL; each method is the HTTP verb or the action of that URL, named as in the
Graph reference (snake_case). :mod:`graph_calls.resources.aio` is written by hand and
:mod:`graph_calls.resources.sync` is generated from it, so the twins have the same names, arguments and
returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from graph_calls import waiting
from graph_calls._constants import DEFAULT_OPERATION_TIMEOUT_S
from graph_calls._core.runner import operation_context, parse_page
from graph_calls._validate import check_id
from graph_calls.resources import plans as ops
from graph_calls.resources.pages import checked_next_link, items_of, next_link_of, page_json

if TYPE_CHECKING:
    from graph_calls._core.plan import Plan
    from graph_calls.client import AsyncGraphCalls
    from graph_calls_generated.models.add_large_gallery_view_operation import AddLargeGalleryViewOperation
    from graph_calls_generated.models.audio_routing_group import AudioRoutingGroup
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.cancel_media_processing_operation import CancelMediaProcessingOperation
    from graph_calls_generated.models.comms_operation import CommsOperation
    from graph_calls_generated.models.content_sharing_session import ContentSharingSession
    from graph_calls_generated.models.invitation_participant_info import InvitationParticipantInfo
    from graph_calls_generated.models.invite_participants_operation import InviteParticipantsOperation
    from graph_calls_generated.models.mute_participant_operation import MuteParticipantOperation
    from graph_calls_generated.models.participant import Participant
    from graph_calls_generated.models.play_prompt_operation import PlayPromptOperation
    from graph_calls_generated.models.record_operation import RecordOperation
    from graph_calls_generated.models.send_dtmf_tones_operation import SendDtmfTonesOperation
    from graph_calls_generated.models.start_hold_music_operation import StartHoldMusicOperation
    from graph_calls_generated.models.stop_hold_music_operation import StopHoldMusicOperation
    from graph_calls_generated.models.subscribe_to_tone_operation import SubscribeToToneOperation
    from graph_calls_generated.models.unmute_participant_operation import UnmuteParticipantOperation
    from graph_calls_generated.models.update_recording_status_operation import (
        UpdateRecordingStatusOperation,
    )

T = TypeVar("T")
Query = str | Sequence[str] | None


class AsyncCallsResource:
    """``/communications/calls``."""

    def __init__(self, client: AsyncGraphCalls) -> None:
        self._client = client

    def __getitem__(self, call_id: str) -> AsyncCallResource:
        return AsyncCallResource(self._client, check_id("call_id", call_id))

    async def create(self, call: Call) -> Call:
        """Create an outgoing call or join a meeting (``POST /communications/calls``); 201 + the call."""
        return await self._client._run(ops.calls_create(call))

    async def log_teleconference_device_quality(self, *, quality: Any) -> None:
        """Log video teleconferencing device quality data (``POST .../logTeleconferenceDeviceQuality``)."""
        return await self._client._run(ops.calls_log_teleconference_device_quality(quality=quality))


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

    async def get(self, *, select: Query = None, expand: Query = None) -> Call:
        """The call's current properties."""
        return await self._client._run(ops.calls_get(self.call_id, select=select, expand=expand))

    async def delete(self) -> None:
        """Hang up (for a group call: leave it; the call goes on for the others)."""
        return await self._client._run(ops.calls_delete(self.call_id))

    async def answer(
        self,
        *,
        callback_uri: str,
        media_config: Any,
        accepted_modalities: Sequence[str],
        participant_capacity: int | None = None,
        call_options: Any = None,
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
            )
        )

    async def reject(self, *, reason: str | None = None, callback_uri: str | None = None) -> None:
        """Reject an incoming call (``reason``: ``none``, ``busy`` or ``forbidden``)."""
        return await self._client._run(
            ops.calls_reject(self.call_id, reason=reason, callback_uri=callback_uri)
        )

    async def redirect(
        self,
        *,
        targets: Sequence[InvitationParticipantInfo],
        timeout: int | None = None,
        callback_uri: str | None = None,
    ) -> None:
        """Redirect an incoming call to other targets (several targets: simultaneous ring)."""
        return await self._client._run(
            ops.calls_redirect(self.call_id, targets=targets, timeout=timeout, callback_uri=callback_uri)
        )

    async def transfer(self, *, transfer_target: InvitationParticipantInfo, transferee: Any = None) -> None:
        """Transfer an active peer-to-peer call (``transferee`` is required from a group call)."""
        return await self._client._run(
            ops.calls_transfer(self.call_id, transfer_target=transfer_target, transferee=transferee)
        )

    async def keep_alive(self) -> None:
        """Keep the call alive (send at least every 45 minutes; 404 once the call has ended)."""
        return await self._client._run(ops.calls_keep_alive(self.call_id))

    async def mute(self, *, client_context: str | None = None) -> MuteParticipantOperation:
        """Mute the bot itself in a group call."""
        return await self._client._run(ops.calls_mute(self.call_id, client_context=client_context))

    async def unmute(self, *, client_context: str | None = None) -> UnmuteParticipantOperation:
        """Unmute the bot itself in a group call."""
        return await self._client._run(ops.calls_unmute(self.call_id, client_context=client_context))

    async def play_prompt(
        self, *, prompts: Sequence[Any], client_context: str | None = None
    ) -> PlayPromptOperation:
        """Play audio prompts (``MediaPrompt``) in the call (service-hosted media only)."""
        return await self._client._run(
            ops.calls_play_prompt(self.call_id, prompts=prompts, client_context=client_context)
        )

    async def record_response(
        self,
        *,
        prompts: Sequence[Any] | None = None,
        barge_in_allowed: bool | None = None,
        initial_silence_timeout_in_seconds: int | None = None,
        max_silence_timeout_in_seconds: int | None = None,
        max_record_duration_in_seconds: int | None = None,
        play_beep: bool | None = None,
        stop_tones: Sequence[str] | None = None,
        client_context: str | None = None,
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
            )
        )

    async def cancel_media_processing(
        self, *, client_context: str | None = None
    ) -> CancelMediaProcessingOperation:
        """Cancel pending playPrompt and recordResponse operations."""
        return await self._client._run(
            ops.calls_cancel_media_processing(self.call_id, client_context=client_context)
        )

    async def subscribe_to_tone(self, *, client_context: str | None = None) -> SubscribeToToneOperation:
        """Receive DTMF key presses as call notifications."""
        return await self._client._run(
            ops.calls_subscribe_to_tone(self.call_id, client_context=client_context)
        )

    async def send_dtmf_tones(
        self,
        *,
        tones: Sequence[str],
        delay_between_tones_ms: int | None = None,
        client_context: str | None = None,
    ) -> SendDtmfTonesOperation:
        """Send DTMF tones (``tone0``...``tone9``, ``star``, ``pound``...)."""
        return await self._client._run(
            ops.calls_send_dtmf_tones(
                self.call_id,
                tones=tones,
                delay_between_tones_ms=delay_between_tones_ms,
                client_context=client_context,
            )
        )

    async def change_screen_sharing_role(self, *, role: str) -> None:
        """Become ``viewer`` or ``sharer`` (app-hosted-media group calls)."""
        return await self._client._run(ops.calls_change_screen_sharing_role(self.call_id, role=role))

    async def update_recording_status(
        self, *, status: str, client_context: str | None = None
    ) -> UpdateRecordingStatusOperation:
        """Tell the service the bot starts (``recording``) or stops (``notRecording``) recording."""
        return await self._client._run(
            ops.calls_update_recording_status(self.call_id, status=status, client_context=client_context)
        )

    async def add_large_gallery_view(
        self, *, client_context: str | None = None
    ) -> AddLargeGalleryViewOperation:
        """Add the large gallery view to the call."""
        return await self._client._run(
            ops.calls_add_large_gallery_view(self.call_id, client_context=client_context)
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
    ) -> AsyncPager[Participant]:
        """Every participant of the call, following ``@odata.nextLink`` page after page."""
        from graph_calls import models

        plan = ops.participants_list(
            self.call_id, top=top, select=select, expand=expand, filter=filter, orderby=orderby
        )
        return AsyncPager(self._client._run, self._client._http, plan, models.ParticipantCollectionResponse)

    async def invite(
        self, participants: Sequence[InvitationParticipantInfo], *, client_context: str | None = None
    ) -> InviteParticipantsOperation:
        """Invite participants to the call; returns the running ``inviteParticipantsOperation``."""
        return await self._client._run(
            ops.participants_invite(self.call_id, participants, client_context=client_context)
        )


class AsyncParticipantResource:
    """``/communications/calls/{call_id}/participants/{participant_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str, participant_id: str) -> None:
        self._client = client
        self.call_id = call_id
        self.participant_id = participant_id

    async def get(self, *, select: Query = None, expand: Query = None) -> Participant:
        """The participant's current properties."""
        return await self._client._run(
            ops.participants_get(self.call_id, self.participant_id, select=select, expand=expand)
        )

    async def delete(self) -> None:
        """Remove the participant from the call (or cancel its pending invitation)."""
        return await self._client._run(ops.participants_delete(self.call_id, self.participant_id))

    async def mute(self, *, client_context: str | None = None) -> MuteParticipantOperation:
        """Server-mute the participant."""
        return await self._client._run(
            ops.participants_mute(self.call_id, self.participant_id, client_context=client_context)
        )

    async def start_hold_music(
        self, *, custom_prompt: Any = None, client_context: str | None = None
    ) -> StartHoldMusicOperation:
        """Put the participant on hold, with music (or ``custom_prompt``)."""
        return await self._client._run(
            ops.participants_start_hold_music(
                self.call_id, self.participant_id, custom_prompt=custom_prompt, client_context=client_context
            )
        )

    async def stop_hold_music(self, *, client_context: str | None = None) -> StopHoldMusicOperation:
        """Take the participant off hold."""
        return await self._client._run(
            ops.participants_stop_hold_music(self.call_id, self.participant_id, client_context=client_context)
        )


class AsyncOperationsResource:
    """``/communications/calls/{call_id}/operations``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str) -> None:
        self._client = client
        self.call_id = call_id

    def __getitem__(self, operation_id: str) -> AsyncOperationResource:
        return AsyncOperationResource(self._client, self.call_id, check_id("operation_id", operation_id))


class AsyncOperationResource:
    """``/communications/calls/{call_id}/operations/{operation_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str, operation_id: str) -> None:
        self._client = client
        self.call_id = call_id
        self.operation_id = operation_id

    async def get(self) -> CommsOperation:
        """The operation's current state, as its subtype (``InviteParticipantsOperation``...)."""
        return await self._client._run(ops.operations_get(self.call_id, self.operation_id))

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

    def list(self, *, top: int | None = None, select: Query = None) -> AsyncPager[AudioRoutingGroup]:
        """Every audio routing group of the call."""
        from graph_calls import models

        plan = ops.audio_routing_groups_list(self.call_id, top=top, select=select)
        return AsyncPager(
            self._client._run, self._client._http, plan, models.AudioRoutingGroupCollectionResponse
        )

    async def create(self, group: AudioRoutingGroup) -> AudioRoutingGroup:
        """Create an audio routing group (app-hosted media)."""
        return await self._client._run(ops.audio_routing_groups_create(self.call_id, group))


class AsyncAudioRoutingGroupResource:
    """``/communications/calls/{call_id}/audioRoutingGroups/{group_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str, group_id: str) -> None:
        self._client = client
        self.call_id = call_id
        self.group_id = group_id

    async def get(self) -> AudioRoutingGroup:
        return await self._client._run(ops.audio_routing_groups_get(self.call_id, self.group_id))

    async def update(self, group: AudioRoutingGroup) -> AudioRoutingGroup:
        """Change the group's sources, receivers or routing mode."""
        return await self._client._run(ops.audio_routing_groups_update(self.call_id, self.group_id, group))

    async def delete(self) -> None:
        return await self._client._run(ops.audio_routing_groups_delete(self.call_id, self.group_id))


class AsyncContentSharingSessionsResource:
    """``/communications/calls/{call_id}/contentSharingSessions``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str) -> None:
        self._client = client
        self.call_id = call_id

    def __getitem__(self, session_id: str) -> AsyncContentSharingSessionResource:
        return AsyncContentSharingSessionResource(
            self._client, self.call_id, check_id("session_id", session_id)
        )

    def list(self, *, top: int | None = None, select: Query = None) -> AsyncPager[ContentSharingSession]:
        """Every content sharing session of the call."""
        from graph_calls import models

        plan = ops.content_sharing_sessions_list(self.call_id, top=top, select=select)
        page_model = models.ContentSharingSessionCollectionResponse
        return AsyncPager(self._client._run, self._client._http, plan, page_model)


class AsyncContentSharingSessionResource:
    """``/communications/calls/{call_id}/contentSharingSessions/{session_id}``."""

    def __init__(self, client: AsyncGraphCalls, call_id: str, session_id: str) -> None:
        self._client = client
        self.call_id = call_id
        self.session_id = session_id

    async def get(self) -> ContentSharingSession:
        return await self._client._run(ops.content_sharing_sessions_get(self.call_id, self.session_id))


class AsyncPager(Generic[T]):
    """Iterates over every item of a Graph list, page after page: ``async for item in ...``.

    ``pages()`` is an async iterator over whole pages; ``collect()`` returns every item as a list.
    """

    def __init__(
        self,
        run: Callable[[Plan[Any]], Awaitable[Any]],
        http: httpx.AsyncClient,
        plan: Plan[Any],
        page_model: Any,
    ) -> None:
        self._run = run
        self._http = http
        self._plan = plan
        self._page_model = page_model

    async def pages(self) -> AsyncIterator[Any]:
        page = await self._run(self._plan)
        while True:
            yield page
            link = next_link_of(page)
            if link is None:
                return
            url = checked_next_link(link, self._http.base_url)
            with operation_context(self._plan.operation):
                response = await self._http.get(url)
            page = parse_page(
                self._plan.operation, self._page_model, page_json(response, self._plan.operation)
            )

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in items_of(page):
                yield item

    async def collect(self) -> list[T]:
        """Every item of every page, as a list."""
        return [item async for item in self]
