from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.endpoint_type import EndpointType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.identity_set import IdentitySet


T = TypeVar("T", bound="ParticipantInfo")


@_attrs_define
class ParticipantInfo:
    odata_type: str | Unset = UNSET
    country_code: None | str | Unset = UNSET
    """ The ISO 3166-1 Alpha-2 country code of the participant's best estimated physical location at the start of
    the call. Read-only. """
    endpoint_type: EndpointType | None | str | Unset = UNSET
    identity: IdentitySet | None | Unset = UNSET
    language_id: None | str | Unset = UNSET
    """ The language culture string. Read-only. """
    participant_id: None | str | Unset = UNSET
    """ The participant ID of the participant. Read-only. """
    region: None | str | Unset = UNSET
    """ The home region of the participant. This can be a country, a continent, or a larger geographic region. This
    doesn't change based on the participant's current physical location. Read-only. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        else:
            country_code = self.country_code

        endpoint_type: None | str | Unset
        if isinstance(self.endpoint_type, Unset):
            endpoint_type = UNSET
        elif isinstance(self.endpoint_type, str):
            endpoint_type = self.endpoint_type
        else:
            endpoint_type = self.endpoint_type

        identity: dict[str, Any] | None | Unset
        if isinstance(self.identity, Unset):
            identity = UNSET
        elif isinstance(self.identity, IdentitySet):
            identity = self.identity.to_dict()
        else:
            identity = self.identity

        language_id: None | str | Unset
        if isinstance(self.language_id, Unset):
            language_id = UNSET
        else:
            language_id = self.language_id

        participant_id: None | str | Unset
        if isinstance(self.participant_id, Unset):
            participant_id = UNSET
        else:
            participant_id = self.participant_id

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if country_code is not UNSET:
            field_dict["countryCode"] = country_code
        if endpoint_type is not UNSET:
            field_dict["endpointType"] = endpoint_type
        if identity is not UNSET:
            field_dict["identity"] = identity
        if language_id is not UNSET:
            field_dict["languageId"] = language_id
        if participant_id is not UNSET:
            field_dict["participantId"] = participant_id
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        country_code: None | str | Unset = d.pop("countryCode", UNSET)

        endpoint_type: EndpointType | None | str | Unset = d.pop("endpointType", UNSET)

        identity: IdentitySet | None | Unset = d.pop("identity", UNSET)
        if identity is not None and not isinstance(identity, Unset):
            identity = _parse_identity(identity)

        language_id: None | str | Unset = d.pop("languageId", UNSET)

        participant_id: None | str | Unset = d.pop("participantId", UNSET)

        region: None | str | Unset = d.pop("region", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ParticipantInfo:
            participant_info = cls(
                odata_type, country_code, endpoint_type, identity, language_id, participant_id, region
            )
        else:
            participant_info = cls(
                odata_type=odata_type,
                country_code=country_code,
                endpoint_type=endpoint_type,
                identity=identity,
                language_id=language_id,
                participant_id=participant_id,
                region=region,
            )

        participant_info.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return participant_info

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
def _parse_identity(data: object) -> IdentitySet | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        identity_type_0 = IdentitySet.from_dict(data)

        return identity_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(IdentitySet | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.identity_set import IdentitySet
