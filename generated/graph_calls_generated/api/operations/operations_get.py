from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.add_large_gallery_view_operation import AddLargeGalleryViewOperation
from ...models.cancel_media_processing_operation import CancelMediaProcessingOperation
from ...models.comms_operation import CommsOperation
from ...models.invite_participants_operation import InviteParticipantsOperation
from ...models.mute_participant_operation import MuteParticipantOperation
from ...models.odata_error import ODataError
from ...models.play_prompt_operation import PlayPromptOperation
from ...models.record_operation import RecordOperation
from ...models.send_dtmf_tones_operation import SendDtmfTonesOperation
from ...models.start_hold_music_operation import StartHoldMusicOperation
from ...models.stop_hold_music_operation import StopHoldMusicOperation
from ...models.subscribe_to_tone_operation import SubscribeToToneOperation
from ...models.unmute_participant_operation import UnmuteParticipantOperation
from ...models.update_recording_status_operation import UpdateRecordingStatusOperation
from ...types import UNSET, Response, Unset


def _get_kwargs(
    call_id: str,
    comms_operation_id: str,
    *,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["$select"] = select

    params["$expand"] = expand

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/communications/calls/{call_id}/operations/{comms_operation_id}".format(
            call_id=quote(str(call_id), safe=""),
            comms_operation_id=quote(str(comms_operation_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
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
    | ODataError
):
    if 200 <= response.status_code <= 299:

        def _parse_response_2xx(
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
                    response_2xx_type_0 = AddLargeGalleryViewOperation.from_dict(data)

                    return response_2xx_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.cancelMediaProcessingOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_1 = CancelMediaProcessingOperation.from_dict(data)

                    return response_2xx_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.inviteParticipantsOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_2 = InviteParticipantsOperation.from_dict(data)

                    return response_2xx_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.muteParticipantOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_3 = MuteParticipantOperation.from_dict(data)

                    return response_2xx_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.playPromptOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_4 = PlayPromptOperation.from_dict(data)

                    return response_2xx_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.recordOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_5 = RecordOperation.from_dict(data)

                    return response_2xx_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.sendDtmfTonesOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_6 = SendDtmfTonesOperation.from_dict(data)

                    return response_2xx_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.startHoldMusicOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_7 = StartHoldMusicOperation.from_dict(data)

                    return response_2xx_type_7
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.stopHoldMusicOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_8 = StopHoldMusicOperation.from_dict(data)

                    return response_2xx_type_8
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.subscribeToToneOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_9 = SubscribeToToneOperation.from_dict(data)

                    return response_2xx_type_9
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.unmuteParticipantOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_10 = UnmuteParticipantOperation.from_dict(data)

                    return response_2xx_type_10
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if odata_type == "#microsoft.graph.updateRecordingStatusOperation":
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    response_2xx_type_11 = UpdateRecordingStatusOperation.from_dict(data)

                    return response_2xx_type_11
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
            if not isinstance(data, dict):
                raise TypeError()
            response_2xx_type_12 = CommsOperation.from_dict(data)

            return response_2xx_type_12

        response_2xx = _parse_response_2xx(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
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
    | ODataError
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    call_id: str,
    comms_operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> Response[
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
    | ODataError
]:
    """Get addLargeGalleryViewOperation

     Get the status of an operation that adds the large gallery view to a call.

    Args:
        call_id (str):
        comms_operation_id (str):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddLargeGalleryViewOperation | CancelMediaProcessingOperation | CommsOperation | InviteParticipantsOperation | MuteParticipantOperation | PlayPromptOperation | RecordOperation | SendDtmfTonesOperation | StartHoldMusicOperation | StopHoldMusicOperation | SubscribeToToneOperation | UnmuteParticipantOperation | UpdateRecordingStatusOperation | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        comms_operation_id=comms_operation_id,
        select=select,
        expand=expand,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    call_id: str,
    comms_operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
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
    | ODataError
    | None
):
    """Get addLargeGalleryViewOperation

     Get the status of an operation that adds the large gallery view to a call.

    Args:
        call_id (str):
        comms_operation_id (str):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddLargeGalleryViewOperation | CancelMediaProcessingOperation | CommsOperation | InviteParticipantsOperation | MuteParticipantOperation | PlayPromptOperation | RecordOperation | SendDtmfTonesOperation | StartHoldMusicOperation | StopHoldMusicOperation | SubscribeToToneOperation | UnmuteParticipantOperation | UpdateRecordingStatusOperation | ODataError
    """

    return sync_detailed(
        call_id=call_id,
        comms_operation_id=comms_operation_id,
        client=client,
        select=select,
        expand=expand,
    ).parsed


async def asyncio_detailed(
    call_id: str,
    comms_operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> Response[
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
    | ODataError
]:
    """Get addLargeGalleryViewOperation

     Get the status of an operation that adds the large gallery view to a call.

    Args:
        call_id (str):
        comms_operation_id (str):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddLargeGalleryViewOperation | CancelMediaProcessingOperation | CommsOperation | InviteParticipantsOperation | MuteParticipantOperation | PlayPromptOperation | RecordOperation | SendDtmfTonesOperation | StartHoldMusicOperation | StopHoldMusicOperation | SubscribeToToneOperation | UnmuteParticipantOperation | UpdateRecordingStatusOperation | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        comms_operation_id=comms_operation_id,
        select=select,
        expand=expand,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    call_id: str,
    comms_operation_id: str,
    *,
    client: AuthenticatedClient | Client,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
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
    | ODataError
    | None
):
    """Get addLargeGalleryViewOperation

     Get the status of an operation that adds the large gallery view to a call.

    Args:
        call_id (str):
        comms_operation_id (str):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddLargeGalleryViewOperation | CancelMediaProcessingOperation | CommsOperation | InviteParticipantsOperation | MuteParticipantOperation | PlayPromptOperation | RecordOperation | SendDtmfTonesOperation | StartHoldMusicOperation | StopHoldMusicOperation | SubscribeToToneOperation | UnmuteParticipantOperation | UpdateRecordingStatusOperation | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            comms_operation_id=comms_operation_id,
            client=client,
            select=select,
            expand=expand,
        )
    ).parsed
