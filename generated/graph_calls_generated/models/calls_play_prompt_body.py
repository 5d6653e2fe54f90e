from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_prompt import MediaPrompt
    from ..models.prompt import Prompt


T = TypeVar("T", bound="CallsPlayPromptBody")


@_attrs_define
class CallsPlayPromptBody:
    prompts: list[MediaPrompt | Prompt] | Unset = UNSET
    client_context: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.prompts, Unset):
            prompts = []
            for prompts_item_data in self.prompts:
                prompts_item: dict[str, Any]
                if isinstance(prompts_item_data, MediaPrompt):
                    prompts_item = prompts_item_data.to_dict()
                else:
                    prompts_item = prompts_item_data.to_dict()

                prompts.append(prompts_item)

        client_context: None | str | Unset
        if isinstance(self.client_context, Unset):
            client_context = UNSET
        else:
            client_context = self.client_context

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if prompts is not UNSET:
            field_dict["prompts"] = prompts
        if client_context is not UNSET:
            field_dict["clientContext"] = client_context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _prompts = d.pop("prompts", UNSET)
        prompts: list[MediaPrompt | Prompt] | Unset = UNSET
        if _prompts is not UNSET:
            prompts = []
            for prompts_item_data in _prompts:
                prompts_item = _parse_prompts_item(prompts_item_data)

                prompts.append(prompts_item)

        client_context: None | str | Unset = d.pop("clientContext", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsPlayPromptBody:
            calls_play_prompt_body = cls(prompts, client_context)
        else:
            calls_play_prompt_body = cls(
                prompts=prompts,
                client_context=client_context,
            )

        calls_play_prompt_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_play_prompt_body

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
def _parse_prompts_item(data: object) -> MediaPrompt | Prompt:
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.mediaPrompt":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            prompts_item_type_0 = MediaPrompt.from_dict(data)

            return prompts_item_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if not isinstance(data, dict):
        raise TypeError()
    prompts_item_type_1 = Prompt.from_dict(data)

    return prompts_item_type_1


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.media_prompt import MediaPrompt
from ..models.prompt import Prompt
