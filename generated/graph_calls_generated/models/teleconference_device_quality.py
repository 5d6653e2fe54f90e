from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.teleconference_device_audio_quality import TeleconferenceDeviceAudioQuality
    from ..models.teleconference_device_media_quality import TeleconferenceDeviceMediaQuality
    from ..models.teleconference_device_screen_sharing_quality import TeleconferenceDeviceScreenSharingQuality
    from ..models.teleconference_device_video_quality import TeleconferenceDeviceVideoQuality


T = TypeVar("T", bound="TeleconferenceDeviceQuality")


@_attrs_define
class TeleconferenceDeviceQuality:
    odata_type: str | Unset = UNSET
    call_chain_id: UUID | Unset = UNSET
    """ A unique identifier for all  the participant calls in a conference or a unique identifier for two
    participant calls in P2P call. This needs to be copied over from Microsoft.Graph.Call.CallChainId. """
    cloud_service_deployment_environment: None | str | Unset = UNSET
    """ A geo-region where the service is deployed, such as ProdNoam. """
    cloud_service_deployment_id: None | str | Unset = UNSET
    """ A unique deployment identifier assigned by Azure. """
    cloud_service_instance_name: None | str | Unset = UNSET
    """ The Azure deployed cloud service instance name, such as FrontEndIN3. """
    cloud_service_name: None | str | Unset = UNSET
    """ The Azure deployed cloud service name, such as contoso.cloudapp.net. """
    device_description: str | Unset = UNSET
    """ Any additional description, such as VTC Bldg 30/21. """
    device_name: str | Unset = UNSET
    """ The user media agent name, such as Cisco SX80. """
    media_leg_id: UUID | Unset = UNSET
    """ A unique identifier for a specific media leg of a participant in a conference.  One participant can have
    multiple media leg identifiers if retargeting happens. CVI partner assigns this value. """
    media_quality_list: (
        list[
            TeleconferenceDeviceAudioQuality
            | TeleconferenceDeviceMediaQuality
            | TeleconferenceDeviceScreenSharingQuality
            | TeleconferenceDeviceVideoQuality
        ]
        | Unset
    ) = UNSET
    """ The list of media qualities in a media session (call), such as audio quality, video quality, and/or screen
    sharing quality. """
    participant_id: UUID | Unset = UNSET
    """ A unique identifier for a specific participant in a conference. The CVI partner needs to copy over
    Call.MyParticipantId to this property. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type = self.odata_type

        call_chain_id: str | Unset = UNSET
        if not isinstance(self.call_chain_id, Unset):
            call_chain_id = str(self.call_chain_id)

        cloud_service_deployment_environment: None | str | Unset
        if isinstance(self.cloud_service_deployment_environment, Unset):
            cloud_service_deployment_environment = UNSET
        else:
            cloud_service_deployment_environment = self.cloud_service_deployment_environment

        cloud_service_deployment_id: None | str | Unset
        if isinstance(self.cloud_service_deployment_id, Unset):
            cloud_service_deployment_id = UNSET
        else:
            cloud_service_deployment_id = self.cloud_service_deployment_id

        cloud_service_instance_name: None | str | Unset
        if isinstance(self.cloud_service_instance_name, Unset):
            cloud_service_instance_name = UNSET
        else:
            cloud_service_instance_name = self.cloud_service_instance_name

        cloud_service_name: None | str | Unset
        if isinstance(self.cloud_service_name, Unset):
            cloud_service_name = UNSET
        else:
            cloud_service_name = self.cloud_service_name

        device_description = self.device_description

        device_name = self.device_name

        media_leg_id: str | Unset = UNSET
        if not isinstance(self.media_leg_id, Unset):
            media_leg_id = str(self.media_leg_id)

        media_quality_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.media_quality_list, Unset):
            media_quality_list = []
            for media_quality_list_item_data in self.media_quality_list:
                media_quality_list_item: dict[str, Any]
                if isinstance(media_quality_list_item_data, TeleconferenceDeviceScreenSharingQuality):
                    media_quality_list_item = media_quality_list_item_data.to_dict()
                elif isinstance(media_quality_list_item_data, TeleconferenceDeviceAudioQuality):
                    media_quality_list_item = media_quality_list_item_data.to_dict()
                elif isinstance(media_quality_list_item_data, TeleconferenceDeviceVideoQuality):
                    media_quality_list_item = media_quality_list_item_data.to_dict()
                else:
                    media_quality_list_item = media_quality_list_item_data.to_dict()

                media_quality_list.append(media_quality_list_item)

        participant_id: str | Unset = UNSET
        if not isinstance(self.participant_id, Unset):
            participant_id = str(self.participant_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if odata_type is not UNSET:
            field_dict["@odata.type"] = odata_type
        if call_chain_id is not UNSET:
            field_dict["callChainId"] = call_chain_id
        if cloud_service_deployment_environment is not UNSET:
            field_dict["cloudServiceDeploymentEnvironment"] = cloud_service_deployment_environment
        if cloud_service_deployment_id is not UNSET:
            field_dict["cloudServiceDeploymentId"] = cloud_service_deployment_id
        if cloud_service_instance_name is not UNSET:
            field_dict["cloudServiceInstanceName"] = cloud_service_instance_name
        if cloud_service_name is not UNSET:
            field_dict["cloudServiceName"] = cloud_service_name
        if device_description is not UNSET:
            field_dict["deviceDescription"] = device_description
        if device_name is not UNSET:
            field_dict["deviceName"] = device_name
        if media_leg_id is not UNSET:
            field_dict["mediaLegId"] = media_leg_id
        if media_quality_list is not UNSET:
            field_dict["mediaQualityList"] = media_quality_list
        if participant_id is not UNSET:
            field_dict["participantId"] = participant_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = d.pop("@odata.type", UNSET)

        _call_chain_id = d.pop("callChainId", UNSET)
        call_chain_id: UUID | Unset
        if isinstance(_call_chain_id, Unset):
            call_chain_id = UNSET
        else:
            call_chain_id = UUID(_call_chain_id)

        cloud_service_deployment_environment: None | str | Unset = d.pop(
            "cloudServiceDeploymentEnvironment", UNSET
        )

        cloud_service_deployment_id: None | str | Unset = d.pop("cloudServiceDeploymentId", UNSET)

        cloud_service_instance_name: None | str | Unset = d.pop("cloudServiceInstanceName", UNSET)

        cloud_service_name: None | str | Unset = d.pop("cloudServiceName", UNSET)

        device_description = d.pop("deviceDescription", UNSET)

        device_name = d.pop("deviceName", UNSET)

        _media_leg_id = d.pop("mediaLegId", UNSET)
        media_leg_id: UUID | Unset
        if isinstance(_media_leg_id, Unset):
            media_leg_id = UNSET
        else:
            media_leg_id = UUID(_media_leg_id)

        _media_quality_list = d.pop("mediaQualityList", UNSET)
        media_quality_list: (
            list[
                TeleconferenceDeviceAudioQuality
                | TeleconferenceDeviceMediaQuality
                | TeleconferenceDeviceScreenSharingQuality
                | TeleconferenceDeviceVideoQuality
            ]
            | Unset
        ) = UNSET
        if _media_quality_list is not UNSET:
            media_quality_list = []
            for media_quality_list_item_data in _media_quality_list:
                media_quality_list_item = _parse_media_quality_list_item(media_quality_list_item_data)

                media_quality_list.append(media_quality_list_item)

        _participant_id = d.pop("participantId", UNSET)
        participant_id: UUID | Unset
        if isinstance(_participant_id, Unset):
            participant_id = UNSET
        else:
            participant_id = UUID(_participant_id)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is TeleconferenceDeviceQuality:
            teleconference_device_quality = cls(
                odata_type,
                call_chain_id,
                cloud_service_deployment_environment,
                cloud_service_deployment_id,
                cloud_service_instance_name,
                cloud_service_name,
                device_description,
                device_name,
                media_leg_id,
                media_quality_list,
                participant_id,
            )
        else:
            teleconference_device_quality = cls(
                odata_type=odata_type,
                call_chain_id=call_chain_id,
                cloud_service_deployment_environment=cloud_service_deployment_environment,
                cloud_service_deployment_id=cloud_service_deployment_id,
                cloud_service_instance_name=cloud_service_instance_name,
                cloud_service_name=cloud_service_name,
                device_description=device_description,
                device_name=device_name,
                media_leg_id=media_leg_id,
                media_quality_list=media_quality_list,
                participant_id=participant_id,
            )

        teleconference_device_quality.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return teleconference_device_quality

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
def _parse_media_quality_list_item(
    data: object,
) -> (
    TeleconferenceDeviceAudioQuality
    | TeleconferenceDeviceMediaQuality
    | TeleconferenceDeviceScreenSharingQuality
    | TeleconferenceDeviceVideoQuality
):
    odata_type = data.get("@odata.type") if isinstance(data, dict) else None
    if odata_type == "#microsoft.graph.teleconferenceDeviceScreenSharingQuality":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            media_quality_list_item_type_0 = TeleconferenceDeviceScreenSharingQuality.from_dict(data)

            return media_quality_list_item_type_0
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type == "#microsoft.graph.teleconferenceDeviceAudioQuality":
        try:
            if not isinstance(data, dict):
                raise TypeError()
            media_quality_list_item_type_1 = TeleconferenceDeviceAudioQuality.from_dict(data)

            return media_quality_list_item_type_1
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if odata_type in (
        "#microsoft.graph.teleconferenceDeviceScreenSharingQuality",
        "#microsoft.graph.teleconferenceDeviceVideoQuality",
    ):
        try:
            if not isinstance(data, dict):
                raise TypeError()
            media_quality_list_item_type_2 = TeleconferenceDeviceVideoQuality.from_dict(data)

            return media_quality_list_item_type_2
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    if not isinstance(data, dict):
        raise TypeError()
    media_quality_list_item_type_3 = TeleconferenceDeviceMediaQuality.from_dict(data)

    return media_quality_list_item_type_3


# Model imports of to_dict/from_dict, run once here (graph_calls_spec.hoist_model_imports).
from ..models.teleconference_device_audio_quality import TeleconferenceDeviceAudioQuality
from ..models.teleconference_device_media_quality import TeleconferenceDeviceMediaQuality
from ..models.teleconference_device_screen_sharing_quality import TeleconferenceDeviceScreenSharingQuality
from ..models.teleconference_device_video_quality import TeleconferenceDeviceVideoQuality
