from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.odata_error import ODataError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    call_id: str,
    audio_routing_group_id: str,
    *,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/communications/calls/{call_id}/audioRoutingGroups/{audio_routing_group_id}".format(
            call_id=quote(str(call_id), safe=""),
            audio_routing_group_id=quote(str(audio_routing_group_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ODataError:
    if 200 <= response.status_code <= 299:
        response_2xx = cast(Any, None)
        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ODataError]:
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
    if_match: str | Unset = UNSET,
) -> Response[Any | ODataError]:
    """Delete audioRoutingGroup

     Delete the specified audioRoutingGroup.

    Args:
        call_id (str):
        audio_routing_group_id (str):
        if_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        audio_routing_group_id=audio_routing_group_id,
        if_match=if_match,
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
    if_match: str | Unset = UNSET,
) -> Any | ODataError | None:
    """Delete audioRoutingGroup

     Delete the specified audioRoutingGroup.

    Args:
        call_id (str):
        audio_routing_group_id (str):
        if_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ODataError
    """

    return sync_detailed(
        call_id=call_id,
        audio_routing_group_id=audio_routing_group_id,
        client=client,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    call_id: str,
    audio_routing_group_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_match: str | Unset = UNSET,
) -> Response[Any | ODataError]:
    """Delete audioRoutingGroup

     Delete the specified audioRoutingGroup.

    Args:
        call_id (str):
        audio_routing_group_id (str):
        if_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        audio_routing_group_id=audio_routing_group_id,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    call_id: str,
    audio_routing_group_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_match: str | Unset = UNSET,
) -> Any | ODataError | None:
    """Delete audioRoutingGroup

     Delete the specified audioRoutingGroup.

    Args:
        call_id (str):
        audio_routing_group_id (str):
        if_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            audio_routing_group_id=audio_routing_group_id,
            client=client,
            if_match=if_match,
        )
    ).parsed
