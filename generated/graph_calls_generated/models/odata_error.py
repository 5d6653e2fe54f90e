from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr

if TYPE_CHECKING:
    from ..models.main_error import MainError


T = TypeVar("T", bound="ODataError")


@_attrs_define
class ODataError:
    error: MainError | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: dict[str, Any] | None
        if isinstance(self.error, MainError):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error: MainError | None = d.pop("error")
        if error is not None:
            error = _parse_error(error)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ODataError:
            odata_error = cls(error)
        else:
            odata_error = cls(
                error=error,
            )

        odata_error.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return odata_error

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
def _parse_error(data: object) -> MainError | None:
    if data is None:
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        error_type_0 = MainError.from_dict(data)

        return error_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(MainError | None, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.main_error import MainError
