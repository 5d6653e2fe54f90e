from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.mute_participant_operation import MuteParticipantOperation
from ...models.odata_error import ODataError
from ...models.participants_mute_body import ParticipantsMuteBody
from ...types import Response


def _get_kwargs(
    call_id: str,
    participant_id: str,
    *,
    body: ParticipantsMuteBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/{call_id}/participants/{participant_id}/mute".format(
            call_id=quote(str(call_id), safe=""),
            participant_id=quote(str(participant_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MuteParticipantOperation | ODataError:
    if 200 <= response.status_code <= 299:
        response_2xx = MuteParticipantOperation.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[MuteParticipantOperation | ODataError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    call_id: str,
    participant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ParticipantsMuteBody,
) -> Response[MuteParticipantOperation | ODataError]:
    """Invoke action mute

     Mute a specific participant in the call. This is a server mute, meaning that the server will drop
    all audio packets for this participant, even if the participant continues to stream audio. For more
    information about how to handle mute operations, see muteParticipantOperation.

    Args:
        call_id (str):
        participant_id (str):
        body (ParticipantsMuteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MuteParticipantOperation | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        participant_id=participant_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    call_id: str,
    participant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ParticipantsMuteBody,
) -> MuteParticipantOperation | ODataError | None:
    """Invoke action mute

     Mute a specific participant in the call. This is a server mute, meaning that the server will drop
    all audio packets for this participant, even if the participant continues to stream audio. For more
    information about how to handle mute operations, see muteParticipantOperation.

    Args:
        call_id (str):
        participant_id (str):
        body (ParticipantsMuteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MuteParticipantOperation | ODataError
    """

    return sync_detailed(
        call_id=call_id,
        participant_id=participant_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    call_id: str,
    participant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ParticipantsMuteBody,
) -> Response[MuteParticipantOperation | ODataError]:
    """Invoke action mute

     Mute a specific participant in the call. This is a server mute, meaning that the server will drop
    all audio packets for this participant, even if the participant continues to stream audio. For more
    information about how to handle mute operations, see muteParticipantOperation.

    Args:
        call_id (str):
        participant_id (str):
        body (ParticipantsMuteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MuteParticipantOperation | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        participant_id=participant_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    call_id: str,
    participant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ParticipantsMuteBody,
) -> MuteParticipantOperation | ODataError | None:
    """Invoke action mute

     Mute a specific participant in the call. This is a server mute, meaning that the server will drop
    all audio packets for this participant, even if the participant continues to stream audio. For more
    information about how to handle mute operations, see muteParticipantOperation.

    Args:
        call_id (str):
        participant_id (str):
        body (ParticipantsMuteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MuteParticipantOperation | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            participant_id=participant_id,
            client=client,
            body=body,
        )
    ).parsed
