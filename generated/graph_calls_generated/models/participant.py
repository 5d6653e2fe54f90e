from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_stream import MediaStream
    from ..models.online_meeting_restricted import OnlineMeetingRestricted
    from ..models.participant_info import ParticipantInfo
    from ..models.recording_info import RecordingInfo
    from ..models.removed_state import RemovedState


T = TypeVar("T", bound="Participant")


@_attrs_define
class Participant:
    odata_type: str | Unset = UNSET
    id: None | str | Unset = UNSET
    """ The unique identifier for an entity. Read-only. """
    info: None | ParticipantInfo | Unset = UNSET
    is_in_lobby: bool | Unset = UNSET
    """ true if the participant is in lobby. """
    is_muted: bool | Unset = UNSET
    """ true if the participant is muted (client or server muted). """
    media_streams: list[MediaStream] | Unset = UNSET
    """ The list of media streams. """
    metadata: None | str | Unset = UNSET
    """ A blob of data provided by the participant in the roster. """
    recording_info: None | RecordingInfo | Unset = UNSET
    removed_state: None | RemovedState | Unset = UNSET
    restricted_experience: None | OnlineMeetingRestricted | Unset = UNSET
    roster_sequence_number: int | None | Unset = UNSET
    """ Indicates the roster sequence number in which the participant was last updated. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        info: dict[str, Any] | None | Unset
        if isinstance(self.info, Unset):
            info = UNSET
        elif isinstance(self.info, ParticipantInfo):
            info = self.info.to_dict()
        else:
            info = self.info

        is_in_lobby = self.is_in_lobby

        is_muted = self.is_muted

        media_streams: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.media_streams, Unset):
            media_streams = []
            for media_streams_item_data in self.media_streams:
                media_streams_item = media_streams_item_data.to_dict()
                media_streams.append(media_streams_item)

        metadata: None | str | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        else:
            metadata = self.metadata

        recording_info: dict[str, Any] | None | Unset
        if isinstance(self.recording_info, Unset):
            recording_info = UNSET
        elif isinstance(self.recording_info, RecordingInfo):
            recording_info = self.recording_info.to_dict()
        else:
            recording_info = self.recording_info

        removed_state: dict[str, Any] | None | Unset
        if isinstance(self.removed_state, Unset):
            removed_state = UNSET
        elif isinstance(self.removed_state, RemovedState):
            removed_state = self.removed_state.to_dict()
        else:
            removed_state = self.removed_state

        restricted_experience: dict[str, Any] | None | Unset
        if isinstance(self.restricted_experience, Unset):
            restricted_experience = UNSET
        elif isinstance(self.restricted_experience, OnlineMeetingRestricted):
            restricted_experience = self.restricted_experience.to_dict()
        else:
            restricted_experience = self.restricted_experience

        roster_sequence_number: int | None | Unset
        if isinstance(self.roster_sequence_number, Unset):
            roster_sequence_number = UNSET
        else:
            roster_sequence_number = self.roster_sequence_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if id is not UNSET:
            field_dict["id"] = id
        if info is not UNSET:
            field_dict["info"] = info
        if is_in_lobby is not UNSET:
            field_dict["isInLobby"] = is_in_lobby
        if is_muted is not UNSET:
            field_dict["isMuted"] = is_muted
        if media_streams is not UNSET:
            field_dict["mediaStreams"] = media_streams
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if recording_info is not UNSET:
            field_dict["recordingInfo"] = recording_info
        if removed_state is not UNSET:
            field_dict["removedState"] = removed_state
        if restricted_experience is not UNSET:
            field_dict["restrictedExperience"] = restricted_experience
        if roster_sequence_number is not UNSET:
            field_dict["rosterSequenceNumber"] = roster_sequence_number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        id: None | str | Unset = d.pop("id", UNSET)

        info: None | ParticipantInfo | Unset = d.pop("info", UNSET)
        if info is not None and not isinstance(info, Unset):
            info = _parse_info(info)

        is_in_lobby = d.pop("isInLobby", UNSET)

        is_muted = d.pop("isMuted", UNSET)

        _media_streams = d.pop("mediaStreams", UNSET)
        media_streams: list[MediaStream] | Unset = UNSET
        if _media_streams is not UNSET:
            media_streams = []
            for media_streams_item_data in _media_streams:
                media_streams_item = MediaStream.from_dict(media_streams_item_data)

                media_streams.append(media_streams_item)

        metadata: None | str | Unset = d.pop("metadata", UNSET)

        recording_info: None | RecordingInfo | Unset = d.pop("recordingInfo", UNSET)
        if recording_info is not None and not isinstance(recording_info, Unset):
            recording_info = _parse_recording_info(recording_info)

        removed_state: None | RemovedState | Unset = d.pop("removedState", UNSET)
        if removed_state is not None and not isinstance(removed_state, Unset):
            removed_state = _parse_removed_state(removed_state)

        restricted_experience: None | OnlineMeetingRestricted | Unset = d.pop("restrictedExperience", UNSET)
        if restricted_experience is not None and not isinstance(restricted_experience, Unset):
            restricted_experience = _parse_restricted_experience(restricted_experience)

        roster_sequence_number: int | None | Unset = d.pop("rosterSequenceNumber", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is Participant:
            participant = cls(
                odata_type,
                id,
                info,
                is_in_lobby,
                is_muted,
                media_streams,
                metadata,
                recording_info,
                removed_state,
                restricted_experience,
                roster_sequence_number,
            )
        else:
            participant = cls(
                odata_type=odata_type,
                id=id,
                info=info,
                is_in_lobby=is_in_lobby,
                is_muted=is_muted,
                media_streams=media_streams,
                metadata=metadata,
                recording_info=recording_info,
                removed_state=removed_state,
                restricted_experience=restricted_experience,
                roster_sequence_number=roster_sequence_number,
            )

        participant.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return participant

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

    def __repr__(self) -> str:
        return set_fields_repr(self)


# from_dict's field parsers, defined once (graph_calls_spec.model_parsers).
def _parse_info(data: object) -> None | ParticipantInfo | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        info_type_0 = ParticipantInfo.from_dict(data)

        return info_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | ParticipantInfo | Unset, data)


def _parse_recording_info(data: object) -> None | RecordingInfo | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        recording_info_type_0 = RecordingInfo.from_dict(data)

        return recording_info_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | RecordingInfo | Unset, data)


def _parse_removed_state(data: object) -> None | RemovedState | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        removed_state_type_0 = RemovedState.from_dict(data)

        return removed_state_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | RemovedState | Unset, data)


def _parse_restricted_experience(data: object) -> None | OnlineMeetingRestricted | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        restricted_experience_type_0 = OnlineMeetingRestricted.from_dict(data)

        return restricted_experience_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | OnlineMeetingRestricted | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.media_stream import MediaStream
from ..models.online_meeting_restricted import OnlineMeetingRestricted
from ..models.participant_info import ParticipantInfo
from ..models.recording_info import RecordingInfo
from ..models.removed_state import RemovedState
