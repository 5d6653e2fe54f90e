from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.add_large_gallery_view_operation import AddLargeGalleryViewOperation
from ...models.calls_add_large_gallery_view_body import CallsAddLargeGalleryViewBody
from ...models.odata_error import ODataError
from ...types import Response


def _get_kwargs(
    call_id: str,
    *,
    body: CallsAddLargeGalleryViewBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/{call_id}/addLargeGalleryView".format(
            call_id=quote(str(call_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AddLargeGalleryViewOperation | ODataError:
    if 200 <= response.status_code <= 299:
        response_2xx = AddLargeGalleryViewOperation.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AddLargeGalleryViewOperation | ODataError]:
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
    body: CallsAddLargeGalleryViewBody,
) -> Response[AddLargeGalleryViewOperation | ODataError]:
    """Invoke action addLargeGalleryView

     Add the large gallery view to a call.  For details about how to identify a large gallery view
    participant in a roster so that you can retrieve the relevant data to subscribe to the video feed,
    see Identify large gallery view participants in a roster.

    Args:
        call_id (str):
        body (CallsAddLargeGalleryViewBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddLargeGalleryViewOperation | ODataError]
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
    body: CallsAddLargeGalleryViewBody,
) -> AddLargeGalleryViewOperation | ODataError | None:
    """Invoke action addLargeGalleryView

     Add the large gallery view to a call.  For details about how to identify a large gallery view
    participant in a roster so that you can retrieve the relevant data to subscribe to the video feed,
    see Identify large gallery view participants in a roster.

    Args:
        call_id (str):
        body (CallsAddLargeGalleryViewBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddLargeGalleryViewOperation | ODataError
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
    body: CallsAddLargeGalleryViewBody,
) -> Response[AddLargeGalleryViewOperation | ODataError]:
    """Invoke action addLargeGalleryView

     Add the large gallery view to a call.  For details about how to identify a large gallery view
    participant in a roster so that you can retrieve the relevant data to subscribe to the video feed,
    see Identify large gallery view participants in a roster.

    Args:
        call_id (str):
        body (CallsAddLargeGalleryViewBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddLargeGalleryViewOperation | ODataError]
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
    body: CallsAddLargeGalleryViewBody,
) -> AddLargeGalleryViewOperation | ODataError | None:
    """Invoke action addLargeGalleryView

     Add the large gallery view to a call.  For details about how to identify a large gallery view
    participant in a roster so that you can retrieve the relevant data to subscribe to the video feed,
    see Identify large gallery view participants in a roster.

    Args:
        call_id (str):
        body (CallsAddLargeGalleryViewBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddLargeGalleryViewOperation | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            client=client,
            body=body,
        )
    ).parsed
