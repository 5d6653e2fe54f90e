from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_prompt import MediaPrompt
    from ..models.prompt import Prompt


T = TypeVar("T", bound="ParticipantsStartHoldMusicBody")


@_attrs_define
class ParticipantsStartHoldMusicBody:
    custom_prompt: MediaPrompt | None | Prompt | Unset = UNSET
    client_context: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        custom_prompt: dict[str, Any] | None | Unset
        if isinstance(self.custom_prompt, Unset):
            custom_prompt = UNSET
        elif isinstance(self.custom_prompt, MediaPrompt):
            custom_prompt = self.custom_prompt.to_dict()
        elif isinstance(self.custom_prompt, Prompt):
            custom_prompt = self.custom_prompt.to_dict()
        else:
            custom_prompt = self.custom_prompt

        client_context: None | str | Unset
        if isinstance(self.client_context, Unset):
            client_context = UNSET
        else:
            client_context = self.client_context

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom_prompt is not UNSET:
            field_dict["customPrompt"] = custom_prompt
        if client_context is not UNSET:
            field_dict["clientContext"] = client_context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        custom_prompt: MediaPrompt | None | Prompt | Unset = d.pop("customPrompt", UNSET)
        if custom_prompt is not None and not isinstance(custom_prompt, Unset):
            custom_prompt = _parse_custom_prompt(custom_prompt)

        client_context: None | str | Unset = d.pop("clientContext", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is ParticipantsStartHoldMusicBody:
            participants_start_hold_music_body = cls(custom_prompt, client_context)
        else:
            participants_start_hold_music_body = cls(
                custom_prompt=custom_prompt,
                client_context=client_context,
            )

        participants_start_hold_music_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return participants_start_hold_music_body

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
def _parse_custom_prompt(data: object) -> MediaPrompt | None | Prompt | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.mediaPrompt":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            custom_prompt_type_0 = MediaPrompt.from_dict(data)

            return custom_prompt_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        custom_prompt_type_1 = Prompt.from_dict(data)

        return custom_prompt_type_1
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(MediaPrompt | None | Prompt | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.media_prompt import MediaPrompt
from ..models.prompt import Prompt
