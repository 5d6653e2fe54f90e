from typing import Literal

PlayPromptOperationOdataType = Literal["#microsoft.graph.playPromptOperation"]

PLAY_PROMPT_OPERATION_ODATA_TYPE_VALUES: set[PlayPromptOperationOdataType] = {
    "#microsoft.graph.playPromptOperation",
}


def check_play_prompt_operation_odata_type(value: str) -> PlayPromptOperationOdataType:
    if value in PLAY_PROMPT_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAY_PROMPT_OPERATION_ODATA_TYPE_VALUES!r}"
    )
