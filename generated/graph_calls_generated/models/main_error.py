from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_details import ErrorDetails
    from ..models.inner_error import InnerError


T = TypeVar("T", bound="MainError")


@_attrs_define
class MainError:
    code: str
    message: str
    target: None | str | Unset = UNSET
    details: list[ErrorDetails] | Unset = UNSET
    inner_error: InnerError | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        target: None | str | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        else:
            target = self.target

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        inner_error: dict[str, Any] | None | Unset
        if isinstance(self.inner_error, Unset):
            inner_error = UNSET
        elif isinstance(self.inner_error, InnerError):
            inner_error = self.inner_error.to_dict()
        else:
            inner_error = self.inner_error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if target is not UNSET:
            field_dict["target"] = target
        if details is not UNSET:
            field_dict["details"] = details
        if inner_error is not UNSET:
            field_dict["innerError"] = inner_error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        target: None | str | Unset = d.pop("target", UNSET)

        _details = d.pop("details", UNSET)
        details: list[ErrorDetails] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = ErrorDetails.from_dict(details_item_data)

                details.append(details_item)

        inner_error: InnerError | None | Unset = d.pop("innerError", UNSET)
        if inner_error is not None and not isinstance(inner_error, Unset):
            inner_error = _parse_inner_error(inner_error)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is MainError:
            main_error = cls(code, message, target, details, inner_error)
        else:
            main_error = cls(
                code=code,
                message=message,
                target=target,
                details=details,
                inner_error=inner_error,
            )

        main_error.additional_properties = d or {}  # an empty {} is not tracked by the garbage collector
        return main_error

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
def _parse_inner_error(data: object) -> InnerError | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    try:
        if not isinstance(data, dict):
            raise TypeError()
        inner_error_type_0 = InnerError.from_dict(data)

        return inner_error_type_0
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(InnerError | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.error_details import ErrorDetails
from ..models.inner_error import InnerError
