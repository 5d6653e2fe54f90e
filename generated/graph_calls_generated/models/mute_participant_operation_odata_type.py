from typing import Literal

MuteParticipantOperationOdataType = Literal["#microsoft.graph.muteParticipantOperation"]

MUTE_PARTICIPANT_OPERATION_ODATA_TYPE_VALUES: set[MuteParticipantOperationOdataType] = {
    "#microsoft.graph.muteParticipantOperation",
}


def check_mute_participant_operation_odata_type(value: str) -> MuteParticipantOperationOdataType:
    if value in MUTE_PARTICIPANT_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MUTE_PARTICIPANT_OPERATION_ODATA_TYPE_VALUES!r}"
    )
