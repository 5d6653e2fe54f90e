from typing import Literal

ServiceHostedMediaConfigOdataType = Literal["#microsoft.graph.serviceHostedMediaConfig"]

SERVICE_HOSTED_MEDIA_CONFIG_ODATA_TYPE_VALUES: set[ServiceHostedMediaConfigOdataType] = {
    "#microsoft.graph.serviceHostedMediaConfig",
}


def check_service_hosted_media_config_odata_type(value: str) -> ServiceHostedMediaConfigOdataType:
    if value in SERVICE_HOSTED_MEDIA_CONFIG_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SERVICE_HOSTED_MEDIA_CONFIG_ODATA_TYPE_VALUES!r}"
    )
