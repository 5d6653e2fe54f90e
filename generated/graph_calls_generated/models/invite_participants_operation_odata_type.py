from typing import Literal

InviteParticipantsOperationOdataType = Literal["#microsoft.graph.inviteParticipantsOperation"]

INVITE_PARTICIPANTS_OPERATION_ODATA_TYPE_VALUES: set[InviteParticipantsOperationOdataType] = {
    "#microsoft.graph.inviteParticipantsOperation",
}


def check_invite_participants_operation_odata_type(value: str) -> InviteParticipantsOperationOdataType:
    if value in INVITE_PARTICIPANTS_OPERATION_ODATA_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {INVITE_PARTICIPANTS_OPERATION_ODATA_TYPE_VALUES!r}"
    )
