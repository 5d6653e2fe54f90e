from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.operation_status import OperationStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.result_info import ResultInfo


T = TypeVar("T", bound="CommsOperation")


@_attrs_define
class CommsOperation:
    odata_type: str | Unset = UNSET
    id: None | str | Unset = UNSET
    """ The unique identifier for an entity. Read-only. """
    client_context: None | str | Unset = UNSET
    """ Unique Client Context string. Max limit is 256 chars. """
    result_info: None | ResultInfo | Unset = UNSET
    status: None | OperationStatus | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        client_context: None | str | Unset
        if isinstance(self.client_context, Unset):
            client_context = UNSET
        else:
            client_context = self.client_context

        result_info: dict[str, Any] | None | Unset
        if isinstance(self.result_info, Unset):
            result_info = UNSET
        elif isinstance(self.result_info, ResultInfo):
            result_info = self.result_info.to_dict()
        else:
            result_info = self.result_info

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, str):
            status = self.status
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if id is not UNSET:
            field_dict["id"] = id
        if client_context is not UNSET:
            field_dict["clientContext"] = client_context
        if result_info is not UNSET:
            field_dict["resultInfo"] = result_info
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        id: None | str | Unset = d.pop("id", UNSET)

        client_context: None | str | Unset = d.pop("clientContext", UNSET)

        result_info: None | ResultInfo | Unset = d.pop("resultInfo", UNSET)
        if result_info is not None and not isinstance(result_info, Unset):
            result_info = _parse_result_info(result_info)

        status: None | OperationStatus | str | Unset = d.pop("status", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CommsOperation:
            comms_operation = cls(odata_type, id, client_context, result_info, status)
        else:
            comms_operation = cls(
                odata_type=odata_type,
                id=id,
                client_context=client_context,
                result_info=result_info,
                status=status,
            )

        comms_operation.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return comms_operation

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
def _parse_result_info(data: object) -> None | ResultInfo | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        result_info_type_0 = ResultInfo.from_dict(data)

        return result_info_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(None | ResultInfo | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.result_info import ResultInfo
