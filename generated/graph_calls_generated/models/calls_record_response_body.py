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


T = TypeVar("T", bound="CallsRecordResponseBody")


@_attrs_define
class CallsRecordResponseBody:
    prompts: list[MediaPrompt | Prompt] | Unset = UNSET
    barge_in_allowed: bool | None | Unset = UNSET
    initial_silence_timeout_in_seconds: int | None | Unset = UNSET
    max_silence_timeout_in_seconds: int | None | Unset = UNSET
    max_record_duration_in_seconds: int | None | Unset = UNSET
    play_beep: bool | None | Unset = UNSET
    stop_tones: list[None | str] | Unset = UNSET
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

        barge_in_allowed: bool | None | Unset
        if isinstance(self.barge_in_allowed, Unset):
            barge_in_allowed = UNSET
        else:
            barge_in_allowed = self.barge_in_allowed

        initial_silence_timeout_in_seconds: int | None | Unset
        if isinstance(self.initial_silence_timeout_in_seconds, Unset):
            initial_silence_timeout_in_seconds = UNSET
        else:
            initial_silence_timeout_in_seconds = self.initial_silence_timeout_in_seconds

        max_silence_timeout_in_seconds: int | None | Unset
        if isinstance(self.max_silence_timeout_in_seconds, Unset):
            max_silence_timeout_in_seconds = UNSET
        else:
            max_silence_timeout_in_seconds = self.max_silence_timeout_in_seconds

        max_record_duration_in_seconds: int | None | Unset
        if isinstance(self.max_record_duration_in_seconds, Unset):
            max_record_duration_in_seconds = UNSET
        else:
            max_record_duration_in_seconds = self.max_record_duration_in_seconds

        play_beep: bool | None | Unset
        if isinstance(self.play_beep, Unset):
            play_beep = UNSET
        else:
            play_beep = self.play_beep

        stop_tones: list[None | str] | Unset = UNSET
        if not isinstance(self.stop_tones, Unset):
            stop_tones = []
            for stop_tones_item_data in self.stop_tones:
                stop_tones_item: None | str
                stop_tones_item = stop_tones_item_data
                stop_tones.append(stop_tones_item)

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
        if barge_in_allowed is not UNSET:
            field_dict["bargeInAllowed"] = barge_in_allowed
        if initial_silence_timeout_in_seconds is not UNSET:
            field_dict["initialSilenceTimeoutInSeconds"] = initial_silence_timeout_in_seconds
        if max_silence_timeout_in_seconds is not UNSET:
            field_dict["maxSilenceTimeoutInSeconds"] = max_silence_timeout_in_seconds
        if max_record_duration_in_seconds is not UNSET:
            field_dict["maxRecordDurationInSeconds"] = max_record_duration_in_seconds
        if play_beep is not UNSET:
            field_dict["playBeep"] = play_beep
        if stop_tones is not UNSET:
            field_dict["stopTones"] = stop_tones
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

        barge_in_allowed: bool | None | Unset = d.pop("bargeInAllowed", UNSET)

        initial_silence_timeout_in_seconds: int | None | Unset = d.pop(
            "initialSilenceTimeoutInSeconds", UNSET
        )

        max_silence_timeout_in_seconds: int | None | Unset = d.pop("maxSilenceTimeoutInSeconds", UNSET)

        max_record_duration_in_seconds: int | None | Unset = d.pop("maxRecordDurationInSeconds", UNSET)

        play_beep: bool | None | Unset = d.pop("playBeep", UNSET)

        _stop_tones = d.pop("stopTones", UNSET)
        stop_tones: list[None | str] | Unset = UNSET
        if _stop_tones is not UNSET:
            stop_tones = []
            for stop_tones_item_data in _stop_tones:
                stop_tones_item: None | str = stop_tones_item_data

                stop_tones.append(stop_tones_item)

        client_context: None | str | Unset = d.pop("clientContext", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsRecordResponseBody:
            calls_record_response_body = cls(
                prompts,
                barge_in_allowed,
                initial_silence_timeout_in_seconds,
                max_silence_timeout_in_seconds,
                max_record_duration_in_seconds,
                play_beep,
                stop_tones,
                client_context,
            )
        else:
            calls_record_response_body = cls(
                prompts=prompts,
                barge_in_allowed=barge_in_allowed,
                initial_silence_timeout_in_seconds=initial_silence_timeout_in_seconds,
                max_silence_timeout_in_seconds=max_silence_timeout_in_seconds,
                max_record_duration_in_seconds=max_record_duration_in_seconds,
                play_beep=play_beep,
                stop_tones=stop_tones,
                client_context=client_context,
            )

        calls_record_response_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_record_response_body

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
