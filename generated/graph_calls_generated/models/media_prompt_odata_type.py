from typing import Literal

MediaPromptOdataType = Literal["#microsoft.graph.mediaPrompt"]

MEDIA_PROMPT_ODATA_TYPE_VALUES: set[MediaPromptOdataType] = {
    "#microsoft.graph.mediaPrompt",
}


def check_media_prompt_odata_type(value: str) -> MediaPromptOdataType:
    if value in MEDIA_PROMPT_ODATA_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MEDIA_PROMPT_ODATA_TYPE_VALUES!r}")
