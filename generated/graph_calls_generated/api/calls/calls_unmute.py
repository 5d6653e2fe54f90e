from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.calls_unmute_body import CallsUnmuteBody
from ...models.odata_error import ODataError
from ...models.unmute_participant_operation import UnmuteParticipantOperation
from ...types import Response


def _get_kwargs(
    call_id: str,
    *,
    body: CallsUnmuteBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/{call_id}/unmute".format(
            call_id=quote(str(call_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ODataError | UnmuteParticipantOperation:
    if 200 <= response.status_code <= 299:
        response_2xx = UnmuteParticipantOperation.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ODataError | UnmuteParticipantOperation]:
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
    body: CallsUnmuteBody,
) -> Response[ODataError | UnmuteParticipantOperation]:
    """Invoke action unmute

     Allow the application to unmute itself. This is a server unmute, meaning that the server will start
    sending audio packets for this participant to other participants again. For more information about
    how to handle unmute operations, see unmuteParticipantOperation.

    Args:
        call_id (str):
        body (CallsUnmuteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ODataError | UnmuteParticipantOperation]
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
    body: CallsUnmuteBody,
) -> ODataError | UnmuteParticipantOperation | None:
    """Invoke action unmute

     Allow the application to unmute itself. This is a server unmute, meaning that the server will start
    sending audio packets for this participant to other participants again. For more information about
    how to handle unmute operations, see unmuteParticipantOperation.

    Args:
        call_id (str):
        body (CallsUnmuteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ODataError | UnmuteParticipantOperation
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
    body: CallsUnmuteBody,
) -> Response[ODataError | UnmuteParticipantOperation]:
    """Invoke action unmute

     Allow the application to unmute itself. This is a server unmute, meaning that the server will start
    sending audio packets for this participant to other participants again. For more information about
    how to handle unmute operations, see unmuteParticipantOperation.

    Args:
        call_id (str):
        body (CallsUnmuteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ODataError | UnmuteParticipantOperation]
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
    body: CallsUnmuteBody,
) -> ODataError | UnmuteParticipantOperation | None:
    """Invoke action unmute

     Allow the application to unmute itself. This is a server unmute, meaning that the server will start
    sending audio packets for this participant to other participants again. For more information about
    how to handle unmute operations, see unmuteParticipantOperation.

    Args:
        call_id (str):
        body (CallsUnmuteBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ODataError | UnmuteParticipantOperation
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            client=client,
            body=body,
        )
    ).parsed
