from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.modality import Modality
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.app_hosted_media_config import AppHostedMediaConfig
    from ..models.incoming_call_options import IncomingCallOptions
    from ..models.media_config import MediaConfig
    from ..models.service_hosted_media_config import ServiceHostedMediaConfig


T = TypeVar("T", bound="CallsAnswerBody")


@_attrs_define
class CallsAnswerBody:
    callback_uri: str | Unset = UNSET
    media_config: AppHostedMediaConfig | MediaConfig | None | ServiceHostedMediaConfig | Unset = UNSET
    accepted_modalities: list[Modality | str] | Unset = UNSET
    participant_capacity: int | None | Unset = UNSET
    call_options: IncomingCallOptions | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        callback_uri = self.callback_uri

        media_config: dict[str, Any] | None | Unset
        if isinstance(self.media_config, Unset):
            media_config = UNSET
        elif isinstance(self.media_config, AppHostedMediaConfig):
            media_config = self.media_config.to_dict()
        elif isinstance(self.media_config, ServiceHostedMediaConfig):
            media_config = self.media_config.to_dict()
        elif isinstance(self.media_config, MediaConfig):
            media_config = self.media_config.to_dict()
        else:
            media_config = self.media_config

        accepted_modalities: list[str] | Unset = UNSET
        if not isinstance(self.accepted_modalities, Unset):
            accepted_modalities = []
            for accepted_modalities_item_data in self.accepted_modalities:
                accepted_modalities_item: str
                if isinstance(accepted_modalities_item_data, str):
                    accepted_modalities_item = accepted_modalities_item_data
                else:
                    accepted_modalities_item = accepted_modalities_item_data
                accepted_modalities.append(accepted_modalities_item)

        participant_capacity: int | None | Unset
        if isinstance(self.participant_capacity, Unset):
            participant_capacity = UNSET
        else:
            participant_capacity = self.participant_capacity

        call_options: dict[str, Any] | None | Unset
        if isinstance(self.call_options, Unset):
            call_options = UNSET
        elif isinstance(self.call_options, IncomingCallOptions):
            call_options = self.call_options.to_dict()
        else:
            call_options = self.call_options

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if callback_uri is not UNSET:
            field_dict["callbackUri"] = callback_uri
        if media_config is not UNSET:
            field_dict["mediaConfig"] = media_config
        if accepted_modalities is not UNSET:
            field_dict["acceptedModalities"] = accepted_modalities
        if participant_capacity is not UNSET:
            field_dict["participantCapacity"] = participant_capacity
        if call_options is not UNSET:
            field_dict["callOptions"] = call_options

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        callback_uri = d.pop("callbackUri", UNSET)

        media_config: AppHostedMediaConfig | MediaConfig | None | ServiceHostedMediaConfig | Unset = d.pop(
            "mediaConfig", UNSET
        )
        if media_config is not None and not isinstance(media_config, Unset):
            media_config = _parse_media_config(media_config)

        _accepted_modalities = d.pop("acceptedModalities", UNSET)
        accepted_modalities: list[Modality | str] | Unset = UNSET
        if _accepted_modalities is not UNSET:
            accepted_modalities = []
            for accepted_modalities_item_data in _accepted_modalities:
                accepted_modalities_item: Modality | str = accepted_modalities_item_data

                accepted_modalities.append(accepted_modalities_item)

        participant_capacity: int | None | Unset = d.pop("participantCapacity", UNSET)

        call_options: IncomingCallOptions | None | Unset = d.pop("callOptions", UNSET)
        if call_options is not None and not isinstance(call_options, Unset):
            call_options = _parse_call_options(call_options)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is CallsAnswerBody:
            calls_answer_body = cls(
                callback_uri, media_config, accepted_modalities, participant_capacity, call_options
            )
        else:
            calls_answer_body = cls(
                callback_uri=callback_uri,
                media_config=media_config,
                accepted_modalities=accepted_modalities,
                participant_capacity=participant_capacity,
                call_options=call_options,
            )

        calls_answer_body.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return calls_answer_body

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
def _parse_media_config(
    data: object,
) -> AppHostedMediaConfig | MediaConfig | None | ServiceHostedMediaConfig | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.appHostedMediaConfig":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            media_config_type_0 = AppHostedMediaConfig.from_dict(data)

            return media_config_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.serviceHostedMediaConfig":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            media_config_type_1 = ServiceHostedMediaConfig.from_dict(data)

            return media_config_type_1
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    try:
        if not isinstance(data, dict):
            raise TypeError()
        media_config_type_2 = MediaConfig.from_dict(data)

        return media_config_type_2
    except (TypeError, ValueError, AttributeError, KeyError):
        pass
    return cast(AppHostedMediaConfig | MediaConfig | None | ServiceHostedMediaConfig | Unset, data)


def _parse_call_options(data: object) -> IncomingCallOptions | None | Unset:
    if data is None:
        return data
    if isinstance(data, Unset):
        return data
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.incomingCallOptions":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            call_options_type_0 = IncomingCallOptions.from_dict(data)

            return call_options_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    return cast(IncomingCallOptions | None | Unset, data)


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.app_hosted_media_config import AppHostedMediaConfig
from ..models.incoming_call_options import IncomingCallOptions
from ..models.media_config import MediaConfig
from ..models.service_hosted_media_config import ServiceHostedMediaConfig
