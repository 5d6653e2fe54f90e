from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.calls_record_response_body import CallsRecordResponseBody
from ...models.odata_error import ODataError
from ...models.record_operation import RecordOperation
from ...types import Response


def _get_kwargs(
    call_id: str,
    *,
    body: CallsRecordResponseBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/{call_id}/recordResponse".format(
            call_id=quote(str(call_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ODataError | RecordOperation:
    if 200 <= response.status_code <= 299:
        response_2xx = RecordOperation.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ODataError | RecordOperation]:
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
    body: CallsRecordResponseBody,
) -> Response[ODataError | RecordOperation]:
    """Invoke action recordResponse

     Records a short audio response from the caller.
    A bot can utilize this to capture a voice response from a caller after they are prompted for a
    response. For further information on how to handle operations, please review commsOperation This
    action is not intended to record the entire call. The maximum length of recording is 2 minutes. The
    recording is not saved permanently by the Cloud Communications Platform and is discarded shortly
    after the call ends. The bot must download the recording promptly after the recording operation
    finishes by using the recordingLocation value that's given in the completed notification.

    Args:
        call_id (str):
        body (CallsRecordResponseBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ODataError | RecordOperation]
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
    body: CallsRecordResponseBody,
) -> ODataError | RecordOperation | None:
    """Invoke action recordResponse

     Records a short audio response from the caller.
    A bot can utilize this to capture a voice response from a caller after they are prompted for a
    response. For further information on how to handle operations, please review commsOperation This
    action is not intended to record the entire call. The maximum length of recording is 2 minutes. The
    recording is not saved permanently by the Cloud Communications Platform and is discarded shortly
    after the call ends. The bot must download the recording promptly after the recording operation
    finishes by using the recordingLocation value that's given in the completed notification.

    Args:
        call_id (str):
        body (CallsRecordResponseBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ODataError | RecordOperation
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
    body: CallsRecordResponseBody,
) -> Response[ODataError | RecordOperation]:
    """Invoke action recordResponse

     Records a short audio response from the caller.
    A bot can utilize this to capture a voice response from a caller after they are prompted for a
    response. For further information on how to handle operations, please review commsOperation This
    action is not intended to record the entire call. The maximum length of recording is 2 minutes. The
    recording is not saved permanently by the Cloud Communications Platform and is discarded shortly
    after the call ends. The bot must download the recording promptly after the recording operation
    finishes by using the recordingLocation value that's given in the completed notification.

    Args:
        call_id (str):
        body (CallsRecordResponseBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ODataError | RecordOperation]
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
    body: CallsRecordResponseBody,
) -> ODataError | RecordOperation | None:
    """Invoke action recordResponse

     Records a short audio response from the caller.
    A bot can utilize this to capture a voice response from a caller after they are prompted for a
    response. For further information on how to handle operations, please review commsOperation This
    action is not intended to record the entire call. The maximum length of recording is 2 minutes. The
    recording is not saved permanently by the Cloud Communications Platform and is discarded shortly
    after the call ends. The bot must download the recording promptly after the recording operation
    finishes by using the recordingLocation value that's given in the completed notification.

    Args:
        call_id (str):
        body (CallsRecordResponseBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ODataError | RecordOperation
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            client=client,
            body=body,
        )
    ).parsed
