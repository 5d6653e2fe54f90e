from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.odata_error import ODataError
from ...types import Response


def _get_kwargs(
    call_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/{call_id}/keepAlive".format(
            call_id=quote(str(call_id), safe=""),
        ),
    }

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
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ODataError]:
    """Invoke action keepAlive

     Make a request to this API every 15 to 45 minutes to ensure that an ongoing call remains active. A
    call that does not receive this request within 45 minutes is considered inactive and will
    subsequently end. At least one successful request must be made within 45 minutes of the previous
    request, or the start of the call. We recommend that you send a request in shorter time intervals
    (every 15 minutes). Make sure that these requests are successful to prevent the call from timing out
    and ending. Attempting to send a request to a call that has already ended will result in a 404 Not-
    Found error. The resources related to the call should be cleaned up on the application side.

    Args:
        call_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ODataError | None:
    """Invoke action keepAlive

     Make a request to this API every 15 to 45 minutes to ensure that an ongoing call remains active. A
    call that does not receive this request within 45 minutes is considered inactive and will
    subsequently end. At least one successful request must be made within 45 minutes of the previous
    request, or the start of the call. We recommend that you send a request in shorter time intervals
    (every 15 minutes). Make sure that these requests are successful to prevent the call from timing out
    and ending. Attempting to send a request to a call that has already ended will result in a 404 Not-
    Found error. The resources related to the call should be cleaned up on the application side.

    Args:
        call_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ODataError
    """

    return sync_detailed(
        call_id=call_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ODataError]:
    """Invoke action keepAlive

     Make a request to this API every 15 to 45 minutes to ensure that an ongoing call remains active. A
    call that does not receive this request within 45 minutes is considered inactive and will
    subsequently end. At least one successful request must be made within 45 minutes of the previous
    request, or the start of the call. We recommend that you send a request in shorter time intervals
    (every 15 minutes). Make sure that these requests are successful to prevent the call from timing out
    and ending. Attempting to send a request to a call that has already ended will result in a 404 Not-
    Found error. The resources related to the call should be cleaned up on the application side.

    Args:
        call_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ODataError]
    """

    kwargs = _get_kwargs(
        call_id=call_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ODataError | None:
    """Invoke action keepAlive

     Make a request to this API every 15 to 45 minutes to ensure that an ongoing call remains active. A
    call that does not receive this request within 45 minutes is considered inactive and will
    subsequently end. At least one successful request must be made within 45 minutes of the previous
    request, or the start of the call. We recommend that you send a request in shorter time intervals
    (every 15 minutes). Make sure that these requests are successful to prevent the call from timing out
    and ending. Attempting to send a request to a call that has already ended will result in a 404 Not-
    Found error. The resources related to the call should be cleaned up on the application side.

    Args:
        call_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ODataError
    """

    return (
        await asyncio_detailed(
            call_id=call_id,
            client=client,
        )
    ).parsed
