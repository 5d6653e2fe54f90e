from typing import Literal

AppHostedMediaConfigOdataType = Literal["#microsoft.graph.appHostedMediaConfig"]

APP_HOSTED_MEDIA_CONFIG_ODATA_TYPE_VALUES: set[AppHostedMediaConfigOdataType] = {
    "#microsoft.graph.appHostedMediaConfig",
}


def check_app_hosted_media_config_odata_type(value: str) -> AppHostedMediaConfigOdataType:
    if value in APP_HOSTED_MEDIA_CONFIG_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {APP_HOSTED_MEDIA_CONFIG_ODATA_TYPE_VALUES!r}"
    )
