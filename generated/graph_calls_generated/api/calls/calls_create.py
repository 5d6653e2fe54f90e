from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.call import Call
from ...models.odata_error import ODataError
from ...types import Response


def _get_kwargs(
    *,
    body: Call,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Call | ODataError:
    if 200 <= response.status_code <= 299:
        response_2xx = Call.from_dict(response.json())

        return response_2xx

    response_default = ODataError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Call | ODataError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Call,
) -> Response[Call | ODataError]:
    """Create call

     Create call enables your bot to create a new outgoing peer-to-peer or group call, or join an
    existing meeting. You will need to register the calling bot and go through the list of permissions
    needed as mentioned below. This API supports the following PSTN scenarios:

    Args:
        body (Call):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Call | ODataError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: Call,
) -> Call | ODataError | None:
    """Create call

     Create call enables your bot to create a new outgoing peer-to-peer or group call, or join an
    existing meeting. You will need to register the calling bot and go through the list of permissions
    needed as mentioned below. This API supports the following PSTN scenarios:

    Args:
        body (Call):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Call | ODataError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Call,
) -> Response[Call | ODataError]:
    """Create call

     Create call enables your bot to create a new outgoing peer-to-peer or group call, or join an
    existing meeting. You will need to register the calling bot and go through the list of permissions
    needed as mentioned below. This API supports the following PSTN scenarios:

    Args:
        body (Call):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Call | ODataError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: Call,
) -> Call | ODataError | None:
    """Create call

     Create call enables your bot to create a new outgoing peer-to-peer or group call, or join an
    existing meeting. You will need to register the calling bot and go through the list of permissions
    needed as mentioned below. This API supports the following PSTN scenarios:

    Args:
        body (Call):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Call | ODataError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
