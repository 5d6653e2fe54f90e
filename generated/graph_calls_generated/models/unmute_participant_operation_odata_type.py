from typing import Literal

UnmuteParticipantOperationOdataType = Literal["#microsoft.graph.unmuteParticipantOperation"]

UNMUTE_PARTICIPANT_OPERATION_ODATA_TYPE_VALUES: set[UnmuteParticipantOperationOdataType] = {
    "#microsoft.graph.unmuteParticipantOperation",
}


def check_unmute_participant_operation_odata_type(value: str) -> UnmuteParticipantOperationOdataType:
    if value in UNMUTE_PARTICIPANT_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UNMUTE_PARTICIPANT_OPERATION_ODATA_TYPE_VALUES!r}"
    )
