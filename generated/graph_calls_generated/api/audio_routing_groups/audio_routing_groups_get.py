from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.audio_routing_group import AudioRoutingGroup
from ...models.odata_error import ODataError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    call_id: str,
    audio_routing_group_id: str,
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
        "url": "/communications/calls/{call_id}/audioRoutingGroups/{audio_routing_group_id}".format(
            call_id=quote(str(call_id), safe=""),
            audio_routing_group_id=quote(str(audio_routing_group_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AudioRoutingGroup | ODataError:
    if 200 <= response.status_code <= 299:
        response_2xx = AudioRoutingGroup.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AudioRoutingGroup | ODataError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    call_id: str,
    audio_routing_group_id: str,
    *,
    client: AuthenticatedClient | Client,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> Response[AudioRoutingGroup | ODataError]:
    """Get audioRoutingGroup

     Retrieve the properties and relationships of an audioRoutingGroup object.

    Args:
        call_id (str):
        audio_routing_group_id (str):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AudioRoutingGroup | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        audio_routing_group_id=audio_routing_group_id,
        select=select,
        expand=expand,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    call_id: str,
    audio_routing_group_id: str,
    *,
    client: AuthenticatedClient | Client,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> AudioRoutingGroup | ODataError | None:
    """Get audioRoutingGroup

     Retrieve the properties and relationships of an audioRoutingGroup object.

    Args:
        call_id (str):
        audio_routing_group_id (str):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AudioRoutingGroup | ODataError
    """

    return sync_detailed(
        call_id=call_id,
        audio_routing_group_id=audio_routing_group_id,
        client=client,
        select=select,
        expand=expand,
    ).parsed


async def asyncio_detailed(
    call_id: str,
    audio_routing_group_id: str,
    *,
    client: AuthenticatedClient | Client,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> Response[AudioRoutingGroup | ODataError]:
    """Get audioRoutingGroup

     Retrieve the properties and relationships of an audioRoutingGroup object.

    Args:
        call_id (str):
        audio_routing_group_id (str):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AudioRoutingGroup | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        audio_routing_group_id=audio_routing_group_id,
        select=select,
        expand=expand,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    call_id: str,
    audio_routing_group_id: str,
    *,
    client: AuthenticatedClient | Client,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> AudioRoutingGroup | ODataError | None:
    """Get audioRoutingGroup

     Retrieve the properties and relationships of an audioRoutingGroup object.

    Args:
        call_id (str):
        audio_routing_group_id (str):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AudioRoutingGroup | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            audio_routing_group_id=audio_routing_group_id,
            client=client,
            select=select,
            expand=expand,
        )
    ).parsed
