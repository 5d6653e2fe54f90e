from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

T = TypeVar("T", bound="ResultInfo")


@_attrs_define
class ResultInfo:
    odata_type: str | Unset = UNSET
    code: int | Unset = UNSET
    """ The result code. """
    message: None | str | Unset = UNSET
    """ The message. """
    subcode: int | Unset = UNSET
    """ The result subcode. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        code = self.code

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        subcode = self.subcode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if subcode is not UNSET:
            field_dict["subcode"] = subcode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        code = d.pop("code", UNSET)

        message: None | str | Unset = d.pop("message", UNSET)

        subcode = d.pop("subcode", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ResultInfo:
            result_info = cls(odata_type, code, message, subcode)
        else:
            result_info = cls(
                odata_type=odata_type,
                code=code,
                message=message,
                subcode=subcode,
            )

        result_info.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return result_info

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
