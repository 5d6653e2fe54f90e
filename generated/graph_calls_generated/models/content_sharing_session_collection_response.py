from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.content_sharing_session import ContentSharingSession


T = TypeVar("T", bound="ContentSharingSessionCollectionResponse")


@_attrs_define
class ContentSharingSessionCollectionResponse:
    value: list[ContentSharingSession] | Unset = UNSET
    odata_next_link: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.value, Unset):
            value = []
            for value_item_data in self.value:
                value_item = value_item_data.to_dict()
                value.append(value_item)

        odata_next_link: None | str | Unset
        if isinstance(self.odata_next_link, Unset):
            odata_next_link = UNSET
        else:
            odata_next_link = self.odata_next_link

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if value is not UNSET:
            field_dict["value"] = value
        if odata_next_link is not UNSET:
            field_dict["@odata.nextLink"] = odata_next_link

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _value = d.pop("value", UNSET)
        value: list[ContentSharingSession] | Unset = UNSET
        if _value is not UNSET:
            value = []
            for value_item_data in _value:
                value_item = ContentSharingSession.from_dict(value_item_data)

                value.append(value_item)

        odata_next_link: None | str | Unset = d.pop("@odata.nextLink", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ContentSharingSessionCollectionResponse:
            content_sharing_session_collection_response = cls(value, odata_next_link)
        else:
            content_sharing_session_collection_response = cls(
                value=value,
                odata_next_link=odata_next_link,
            )

        content_sharing_session_collection_response.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return content_sharing_session_collection_response

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


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.content_sharing_session import ContentSharingSession
