from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.invite_participants_operation import InviteParticipantsOperation
from ...models.odata_error import ODataError
from ...models.participants_invite_body import ParticipantsInviteBody
from ...types import Response


def _get_kwargs(
    call_id: str,
    *,
    body: ParticipantsInviteBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/{call_id}/participants/invite".format(
            call_id=quote(str(call_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InviteParticipantsOperation | ODataError:
    if 200 <= response.status_code <= 299:
        response_2xx = InviteParticipantsOperation.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InviteParticipantsOperation | ODataError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ParticipantsInviteBody,
) -> Response[InviteParticipantsOperation | ODataError]:
    """Invite participants

     Invite participants to the active call. For more information about how to handle operations, see
    commsOperation.

    Args:
        call_id (str):
        body (ParticipantsInviteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InviteParticipantsOperation | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ParticipantsInviteBody,
) -> InviteParticipantsOperation | ODataError | None:
    """Invite participants

     Invite participants to the active call. For more information about how to handle operations, see
    commsOperation.

    Args:
        call_id (str):
        body (ParticipantsInviteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InviteParticipantsOperation | ODataError
    """

    return sync_detailed(
        call_id=call_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ParticipantsInviteBody,
) -> Response[InviteParticipantsOperation | ODataError]:
    """Invite participants

     Invite participants to the active call. For more information about how to handle operations, see
    commsOperation.

    Args:
        call_id (str):
        body (ParticipantsInviteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InviteParticipantsOperation | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ParticipantsInviteBody,
) -> InviteParticipantsOperation | ODataError | None:
    """Invite participants

     Invite participants to the active call. For more information about how to handle operations, see
    commsOperation.

    Args:
        call_id (str):
        body (ParticipantsInviteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InviteParticipantsOperation | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            client=client,
            body=body,
        )
    ).parsed
