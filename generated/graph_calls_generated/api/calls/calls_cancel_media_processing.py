from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.calls_cancel_media_processing_body import CallsCancelMediaProcessingBody
from ...models.cancel_media_processing_operation import CancelMediaProcessingOperation
from ...models.odata_error import ODataError
from ...types import Response


def _get_kwargs(
    call_id: str,
    *,
    body: CallsCancelMediaProcessingBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/{call_id}/cancelMediaProcessing".format(
            call_id=quote(str(call_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CancelMediaProcessingOperation | ODataError:
    if 200 <= response.status_code <= 299:
        response_2xx = CancelMediaProcessingOperation.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CancelMediaProcessingOperation | ODataError]:
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
    body: CallsCancelMediaProcessingBody,
) -> Response[CancelMediaProcessingOperation | ODataError]:
    """Invoke action cancelMediaProcessing

     Cancels processing for any in-progress media operations. Media operations refer to the IVR
    operations playPrompt and recordResponse, which are by default queued to process in order. The
    cancelMediaProcessing method cancels any operation that is in-process as well as operations that are
    queued. For example, this method can be used to clean up the IVR operation queue for a new media
    operation. However, it will not cancel a subscribeToTone operation because it operates independent
    of any operation queue.

    Args:
        call_id (str):
        body (CallsCancelMediaProcessingBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CancelMediaProcessingOperation | ODataError]
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
    body: CallsCancelMediaProcessingBody,
) -> CancelMediaProcessingOperation | ODataError | None:
    """Invoke action cancelMediaProcessing

     Cancels processing for any in-progress media operations. Media operations refer to the IVR
    operations playPrompt and recordResponse, which are by default queued to process in order. The
    cancelMediaProcessing method cancels any operation that is in-process as well as operations that are
    queued. For example, this method can be used to clean up the IVR operation queue for a new media
    operation. However, it will not cancel a subscribeToTone operation because it operates independent
    of any operation queue.

    Args:
        call_id (str):
        body (CallsCancelMediaProcessingBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CancelMediaProcessingOperation | ODataError
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
    body: CallsCancelMediaProcessingBody,
) -> Response[CancelMediaProcessingOperation | ODataError]:
    """Invoke action cancelMediaProcessing

     Cancels processing for any in-progress media operations. Media operations refer to the IVR
    operations playPrompt and recordResponse, which are by default queued to process in order. The
    cancelMediaProcessing method cancels any operation that is in-process as well as operations that are
    queued. For example, this method can be used to clean up the IVR operation queue for a new media
    operation. However, it will not cancel a subscribeToTone operation because it operates independent
    of any operation queue.

    Args:
        call_id (str):
        body (CallsCancelMediaProcessingBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CancelMediaProcessingOperation | ODataError]
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
    body: CallsCancelMediaProcessingBody,
) -> CancelMediaProcessingOperation | ODataError | None:
    """Invoke action cancelMediaProcessing

     Cancels processing for any in-progress media operations. Media operations refer to the IVR
    operations playPrompt and recordResponse, which are by default queued to process in order. The
    cancelMediaProcessing method cancels any operation that is in-process as well as operations that are
    queued. For example, this method can be used to clean up the IVR operation queue for a new media
    operation. However, it will not cancel a subscribeToTone operation because it operates independent
    of any operation queue.

    Args:
        call_id (str):
        body (CallsCancelMediaProcessingBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CancelMediaProcessingOperation | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            client=client,
            body=body,
        )
    ).parsed
