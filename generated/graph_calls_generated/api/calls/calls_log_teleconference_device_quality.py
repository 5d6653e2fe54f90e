from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.calls_log_teleconference_device_quality_body import CallsLogTeleconferenceDeviceQualityBody
from ...models.odata_error import ODataError
from ...types import Response


def _get_kwargs(
    *,
    body: CallsLogTeleconferenceDeviceQualityBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/communications/calls/logTeleconferenceDeviceQuality",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

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
    *,
    client: AuthenticatedClient | Client,
    body: CallsLogTeleconferenceDeviceQualityBody,
) -> Response[Any | ODataError]:
    """Invoke action logTeleconferenceDeviceQuality

     Log video teleconferencing device quality data. The Cloud Video Interop (CVI) bot represents video
    teleconferencing (VTC) devices and acts as a back-to-back agent for a VTC device in a conference
    call. Because a CVI bot is in the middle of the VTC and Microsoft Teams infrastructure as a VTC
    proxy, it has two media legs. One media leg is between the CVI bot and Teams infrastructure, such as
    Teams conference server or a Teams client. The other media leg is between the CVI bot and the VTC
    device.  The third-party partners own the VTC media leg and the Teams infrastructure cannot access
    the quality data of the third-party call leg.  This method is only for the CVI partners to provide
    their media quality data.

    Args:
        body (CallsLogTeleconferenceDeviceQualityBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ODataError]
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
    body: CallsLogTeleconferenceDeviceQualityBody,
) -> Any | ODataError | None:
    """Invoke action logTeleconferenceDeviceQuality

     Log video teleconferencing device quality data. The Cloud Video Interop (CVI) bot represents video
    teleconferencing (VTC) devices and acts as a back-to-back agent for a VTC device in a conference
    call. Because a CVI bot is in the middle of the VTC and Microsoft Teams infrastructure as a VTC
    proxy, it has two media legs. One media leg is between the CVI bot and Teams infrastructure, such as
    Teams conference server or a Teams client. The other media leg is between the CVI bot and the VTC
    device.  The third-party partners own the VTC media leg and the Teams infrastructure cannot access
    the quality data of the third-party call leg.  This method is only for the CVI partners to provide
    their media quality data.

    Args:
        body (CallsLogTeleconferenceDeviceQualityBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ODataError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CallsLogTeleconferenceDeviceQualityBody,
) -> Response[Any | ODataError]:
    """Invoke action logTeleconferenceDeviceQuality

     Log video teleconferencing device quality data. The Cloud Video Interop (CVI) bot represents video
    teleconferencing (VTC) devices and acts as a back-to-back agent for a VTC device in a conference
    call. Because a CVI bot is in the middle of the VTC and Microsoft Teams infrastructure as a VTC
    proxy, it has two media legs. One media leg is between the CVI bot and Teams infrastructure, such as
    Teams conference server or a Teams client. The other media leg is between the CVI bot and the VTC
    device.  The third-party partners own the VTC media leg and the Teams infrastructure cannot access
    the quality data of the third-party call leg.  This method is only for the CVI partners to provide
    their media quality data.

    Args:
        body (CallsLogTeleconferenceDeviceQualityBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ODataError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CallsLogTeleconferenceDeviceQualityBody,
) -> Any | ODataError | None:
    """Invoke action logTeleconferenceDeviceQuality

     Log video teleconferencing device quality data. The Cloud Video Interop (CVI) bot represents video
    teleconferencing (VTC) devices and acts as a back-to-back agent for a VTC device in a conference
    call. Because a CVI bot is in the middle of the VTC and Microsoft Teams infrastructure as a VTC
    proxy, it has two media legs. One media leg is between the CVI bot and Teams infrastructure, such as
    Teams conference server or a Teams client. The other media leg is between the CVI bot and the VTC
    device.  The third-party partners own the VTC media leg and the Teams infrastructure cannot access
    the quality data of the third-party call leg.  This method is only for the CVI partners to provide
    their media quality data.

    Args:
        body (CallsLogTeleconferenceDeviceQualityBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ODataError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
