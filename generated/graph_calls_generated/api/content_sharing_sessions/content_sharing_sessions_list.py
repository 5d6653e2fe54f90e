from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.content_sharing_session_collection_response import ContentSharingSessionCollectionResponse
from ...models.odata_error import ODataError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    call_id: str,
    *,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    count: bool | Unset = UNSET,
    orderby: str | Unset = UNSET,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["$top"] = top

    params["$skip"] = skip

    params["$search"] = search

    params["$filter"] = filter_

    params["$count"] = count

    params["$orderby"] = orderby

    params["$select"] = select

    params["$expand"] = expand

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/communications/calls/{call_id}/contentSharingSessions".format(
            call_id=quote(str(call_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContentSharingSessionCollectionResponse | ODataError:
    if 200 <= response.status_code <= 299:
        response_2xx = ContentSharingSessionCollectionResponse.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ContentSharingSessionCollectionResponse | ODataError]:
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
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    count: bool | Unset = UNSET,
    orderby: str | Unset = UNSET,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> Response[ContentSharingSessionCollectionResponse | ODataError]:
    """List contentSharingSessions

     Retrieve a list of contentSharingSession objects in a call.

    Args:
        call_id (str):
        top (int | Unset):
        skip (int | Unset):
        search (str | Unset):
        filter_ (str | Unset):
        count (bool | Unset):
        orderby (str | Unset):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContentSharingSessionCollectionResponse | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        top=top,
        skip=skip,
        search=search,
        filter_=filter_,
        count=count,
        orderby=orderby,
        select=select,
        expand=expand,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    count: bool | Unset = UNSET,
    orderby: str | Unset = UNSET,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> ContentSharingSessionCollectionResponse | ODataError | None:
    """List contentSharingSessions

     Retrieve a list of contentSharingSession objects in a call.

    Args:
        call_id (str):
        top (int | Unset):
        skip (int | Unset):
        search (str | Unset):
        filter_ (str | Unset):
        count (bool | Unset):
        orderby (str | Unset):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContentSharingSessionCollectionResponse | ODataError
    """

    return sync_detailed(
        call_id=call_id,
        client=client,
        top=top,
        skip=skip,
        search=search,
        filter_=filter_,
        count=count,
        orderby=orderby,
        select=select,
        expand=expand,
    ).parsed


async def asyncio_detailed(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    count: bool | Unset = UNSET,
    orderby: str | Unset = UNSET,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> Response[ContentSharingSessionCollectionResponse | ODataError]:
    """List contentSharingSessions

     Retrieve a list of contentSharingSession objects in a call.

    Args:
        call_id (str):
        top (int | Unset):
        skip (int | Unset):
        search (str | Unset):
        filter_ (str | Unset):
        count (bool | Unset):
        orderby (str | Unset):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContentSharingSessionCollectionResponse | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
        top=top,
        skip=skip,
        search=search,
        filter_=filter_,
        count=count,
        orderby=orderby,
        select=select,
        expand=expand,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    count: bool | Unset = UNSET,
    orderby: str | Unset = UNSET,
    select: str | Unset = UNSET,
    expand: str | Unset = UNSET,
) -> ContentSharingSessionCollectionResponse | ODataError | None:
    """List contentSharingSessions

     Retrieve a list of contentSharingSession objects in a call.

    Args:
        call_id (str):
        top (int | Unset):
        skip (int | Unset):
        search (str | Unset):
        filter_ (str | Unset):
        count (bool | Unset):
        orderby (str | Unset):
        select (str | Unset):
        expand (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContentSharingSessionCollectionResponse | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            client=client,
            top=top,
            skip=skip,
            search=search,
            filter_=filter_,
            count=count,
            orderby=orderby,
            select=select,
            expand=expand,
        )
    ).parsed
