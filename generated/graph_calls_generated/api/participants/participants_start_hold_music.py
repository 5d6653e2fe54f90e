from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.odata_error import ODataError
from ...models.participants_start_hold_music_body import ParticipantsStartHoldMusicBody
from ...models.start_hold_music_operation import StartHoldMusicOperation
from ...types import Response


def _get_kwargs(
    call_id: str,
    participant_id: str,
    *,
    body: ParticipantsStartHoldMusicBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/{call_id}/participants/{participant_id}/startHoldMusic".format(
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
) -> ODataError | StartHoldMusicOperation:
    if 200 <= response.status_code <= 299:
        response_2xx = StartHoldMusicOperation.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ODataError | StartHoldMusicOperation]:
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
    body: ParticipantsStartHoldMusicBody,
) -> Response[ODataError | StartHoldMusicOperation]:
    """Invoke action startHoldMusic

     Put a participant on hold and play music in the background.

    Args:
        call_id (str):
        participant_id (str):
        body (ParticipantsStartHoldMusicBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ODataError | StartHoldMusicOperation]
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
    body: ParticipantsStartHoldMusicBody,
) -> ODataError | StartHoldMusicOperation | None:
    """Invoke action startHoldMusic

     Put a participant on hold and play music in the background.

    Args:
        call_id (str):
        participant_id (str):
        body (ParticipantsStartHoldMusicBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ODataError | StartHoldMusicOperation
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
    body: ParticipantsStartHoldMusicBody,
) -> Response[ODataError | StartHoldMusicOperation]:
    """Invoke action startHoldMusic

     Put a participant on hold and play music in the background.

    Args:
        call_id (str):
        participant_id (str):
        body (ParticipantsStartHoldMusicBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ODataError | StartHoldMusicOperation]
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
    body: ParticipantsStartHoldMusicBody,
) -> ODataError | StartHoldMusicOperation | None:
    """Invoke action startHoldMusic

     Put a participant on hold and play music in the background.

    Args:
        call_id (str):
        participant_id (str):
        body (ParticipantsStartHoldMusicBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ODataError | StartHoldMusicOperation
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            participant_id=participant_id,
            client=client,
            body=body,
        )
    ).parsed
