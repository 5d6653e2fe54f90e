from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._repr import set_fields_repr
from ..models.teleconference_device_video_quality_odata_type import (
    TeleconferenceDeviceVideoQualityOdataType,
    check_teleconference_device_video_quality_odata_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TeleconferenceDeviceVideoQuality")


@_attrs_define
class TeleconferenceDeviceVideoQuality:
    odata_type: TeleconferenceDeviceVideoQualityOdataType = (
        "#microsoft.graph.teleconferenceDeviceVideoQuality"
    )
    average_inbound_jitter: None | str | Unset = UNSET
    """ The average inbound stream network jitter. """
    average_inbound_packet_loss_rate_in_percentage: float | None | Unset = UNSET
    """ The average inbound stream packet loss rate in percentage (0-100). For example, 0.01 means 0.01%. """
    average_inbound_round_trip_delay: None | str | Unset = UNSET
    """ The average inbound stream network round trip delay. """
    average_outbound_jitter: None | str | Unset = UNSET
    """ The average outbound stream network jitter. """
    average_outbound_packet_loss_rate_in_percentage: float | None | Unset = UNSET
    """ The average outbound stream packet loss rate in percentage (0-100). For example, 0.01 means 0.01%. """
    average_outbound_round_trip_delay: None | str | Unset = UNSET
    """ The average outbound stream network round trip delay. """
    channel_index: int | Unset = UNSET
    """ The channel index of media. Indexing begins with 1.  If a media session contains 3 video modalities, channel
    indexes will be 1, 2, and 3. """
    inbound_packets: int | None | Unset = UNSET
    """ The total number of the inbound packets. """
    local_ip_address: None | str | Unset = UNSET
    """ the local IP address for the media session. """
    local_port: int | None | Unset = UNSET
    """ The local media port. """
    maximum_inbound_jitter: None | str | Unset = UNSET
    """ The maximum inbound stream network jitter. """
    maximum_inbound_packet_loss_rate_in_percentage: float | None | Unset = UNSET
    """ The maximum inbound stream packet loss rate in percentage (0-100). For example, 0.01 means 0.01%. """
    maximum_inbound_round_trip_delay: None | str | Unset = UNSET
    """ The maximum inbound stream network round trip delay. """
    maximum_outbound_jitter: None | str | Unset = UNSET
    """ The maximum outbound stream network jitter. """
    maximum_outbound_packet_loss_rate_in_percentage: float | None | Unset = UNSET
    """ The maximum outbound stream packet loss rate in percentage (0-100). For example, 0.01 means 0.01%. """
    maximum_outbound_round_trip_delay: None | str | Unset = UNSET
    """ The maximum outbound stream network round trip delay. """
    media_duration: None | str | Unset = UNSET
    """ The total modality duration. If the media enabled and disabled multiple times, MediaDuration will the
    summation of all of the durations. """
    network_link_speed_in_bytes: int | None | Unset = UNSET
    """ The network link speed in bytes """
    outbound_packets: int | None | Unset = UNSET
    """ The total number of the outbound packets. """
    remote_ip_address: None | str | Unset = UNSET
    """ The remote IP address for the media session. """
    remote_port: int | None | Unset = UNSET
    """ The remote media port. """
    average_inbound_bit_rate: float | None | Unset = UNSET
    average_inbound_frame_rate: float | None | Unset = UNSET
    average_outbound_bit_rate: float | None | Unset = UNSET
    average_outbound_frame_rate: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        odata_type: str = self.odata_type

        average_inbound_jitter: None | str | Unset
        if isinstance(self.average_inbound_jitter, Unset):
            average_inbound_jitter = UNSET
        else:
            average_inbound_jitter = self.average_inbound_jitter

        average_inbound_packet_loss_rate_in_percentage: float | None | Unset
        if isinstance(self.average_inbound_packet_loss_rate_in_percentage, Unset):
            average_inbound_packet_loss_rate_in_percentage = UNSET
        else:
            average_inbound_packet_loss_rate_in_percentage = (
                self.average_inbound_packet_loss_rate_in_percentage
            )

        average_inbound_round_trip_delay: None | str | Unset
        if isinstance(self.average_inbound_round_trip_delay, Unset):
            average_inbound_round_trip_delay = UNSET
        else:
            average_inbound_round_trip_delay = self.average_inbound_round_trip_delay

        average_outbound_jitter: None | str | Unset
        if isinstance(self.average_outbound_jitter, Unset):
            average_outbound_jitter = UNSET
        else:
            average_outbound_jitter = self.average_outbound_jitter

        average_outbound_packet_loss_rate_in_percentage: float | None | Unset
        if isinstance(self.average_outbound_packet_loss_rate_in_percentage, Unset):
            average_outbound_packet_loss_rate_in_percentage = UNSET
        else:
            average_outbound_packet_loss_rate_in_percentage = (
                self.average_outbound_packet_loss_rate_in_percentage
            )

        average_outbound_round_trip_delay: None | str | Unset
        if isinstance(self.average_outbound_round_trip_delay, Unset):
            average_outbound_round_trip_delay = UNSET
        else:
            average_outbound_round_trip_delay = self.average_outbound_round_trip_delay

        channel_index = self.channel_index

        inbound_packets: int | None | Unset
        if isinstance(self.inbound_packets, Unset):
            inbound_packets = UNSET
        else:
            inbound_packets = self.inbound_packets

        local_ip_address: None | str | Unset
        if isinstance(self.local_ip_address, Unset):
            local_ip_address = UNSET
        else:
            local_ip_address = self.local_ip_address

        local_port: int | None | Unset
        if isinstance(self.local_port, Unset):
            local_port = UNSET
        else:
            local_port = self.local_port

        maximum_inbound_jitter: None | str | Unset
        if isinstance(self.maximum_inbound_jitter, Unset):
            maximum_inbound_jitter = UNSET
        else:
            maximum_inbound_jitter = self.maximum_inbound_jitter

        maximum_inbound_packet_loss_rate_in_percentage: float | None | Unset
        if isinstance(self.maximum_inbound_packet_loss_rate_in_percentage, Unset):
            maximum_inbound_packet_loss_rate_in_percentage = UNSET
        else:
            maximum_inbound_packet_loss_rate_in_percentage = (
                self.maximum_inbound_packet_loss_rate_in_percentage
            )

        maximum_inbound_round_trip_delay: None | str | Unset
        if isinstance(self.maximum_inbound_round_trip_delay, Unset):
            maximum_inbound_round_trip_delay = UNSET
        else:
            maximum_inbound_round_trip_delay = self.maximum_inbound_round_trip_delay

        maximum_outbound_jitter: None | str | Unset
        if isinstance(self.maximum_outbound_jitter, Unset):
            maximum_outbound_jitter = UNSET
        else:
            maximum_outbound_jitter = self.maximum_outbound_jitter

        maximum_outbound_packet_loss_rate_in_percentage: float | None | Unset
        if isinstance(self.maximum_outbound_packet_loss_rate_in_percentage, Unset):
            maximum_outbound_packet_loss_rate_in_percentage = UNSET
        else:
            maximum_outbound_packet_loss_rate_in_percentage = (
                self.maximum_outbound_packet_loss_rate_in_percentage
            )

        maximum_outbound_round_trip_delay: None | str | Unset
        if isinstance(self.maximum_outbound_round_trip_delay, Unset):
            maximum_outbound_round_trip_delay = UNSET
        else:
            maximum_outbound_round_trip_delay = self.maximum_outbound_round_trip_delay

        media_duration: None | str | Unset
        if isinstance(self.media_duration, Unset):
            media_duration = UNSET
        else:
            media_duration = self.media_duration

        network_link_speed_in_bytes: int | None | Unset
        if isinstance(self.network_link_speed_in_bytes, Unset):
            network_link_speed_in_bytes = UNSET
        else:
            network_link_speed_in_bytes = self.network_link_speed_in_bytes

        outbound_packets: int | None | Unset
        if isinstance(self.outbound_packets, Unset):
            outbound_packets = UNSET
        else:
            outbound_packets = self.outbound_packets

        remote_ip_address: None | str | Unset
        if isinstance(self.remote_ip_address, Unset):
            remote_ip_address = UNSET
        else:
            remote_ip_address = self.remote_ip_address

        remote_port: int | None | Unset
        if isinstance(self.remote_port, Unset):
            remote_port = UNSET
        else:
            remote_port = self.remote_port

        average_inbound_bit_rate: float | None | Unset
        if isinstance(self.average_inbound_bit_rate, Unset):
            average_inbound_bit_rate = UNSET
        else:
            average_inbound_bit_rate = self.average_inbound_bit_rate

        average_inbound_frame_rate: float | None | Unset
        if isinstance(self.average_inbound_frame_rate, Unset):
            average_inbound_frame_rate = UNSET
        else:
            average_inbound_frame_rate = self.average_inbound_frame_rate

        average_outbound_bit_rate: float | None | Unset
        if isinstance(self.average_outbound_bit_rate, Unset):
            average_outbound_bit_rate = UNSET
        else:
            average_outbound_bit_rate = self.average_outbound_bit_rate

        average_outbound_frame_rate: float | None | Unset
        if isinstance(self.average_outbound_frame_rate, Unset):
            average_outbound_frame_rate = UNSET
        else:
            average_outbound_frame_rate = self.average_outbound_frame_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@odata.type": odata_type,
            }
        )
        if average_inbound_jitter is not UNSET:
            field_dict["averageInboundJitter"] = average_inbound_jitter
        if average_inbound_packet_loss_rate_in_percentage is not UNSET:
            field_dict["averageInboundPacketLossRateInPercentage"] = (
                average_inbound_packet_loss_rate_in_percentage
            )
        if average_inbound_round_trip_delay is not UNSET:
            field_dict["averageInboundRoundTripDelay"] = average_inbound_round_trip_delay
        if average_outbound_jitter is not UNSET:
            field_dict["averageOutboundJitter"] = average_outbound_jitter
        if average_outbound_packet_loss_rate_in_percentage is not UNSET:
            field_dict["averageOutboundPacketLossRateInPercentage"] = (
                average_outbound_packet_loss_rate_in_percentage
            )
        if average_outbound_round_trip_delay is not UNSET:
            field_dict["averageOutboundRoundTripDelay"] = average_outbound_round_trip_delay
        if channel_index is not UNSET:
            field_dict["channelIndex"] = channel_index
        if inbound_packets is not UNSET:
            field_dict["inboundPackets"] = inbound_packets
        if local_ip_address is not UNSET:
            field_dict["localIPAddress"] = local_ip_address
        if local_port is not UNSET:
            field_dict["localPort"] = local_port
        if maximum_inbound_jitter is not UNSET:
            field_dict["maximumInboundJitter"] = maximum_inbound_jitter
        if maximum_inbound_packet_loss_rate_in_percentage is not UNSET:
            field_dict["maximumInboundPacketLossRateInPercentage"] = (
                maximum_inbound_packet_loss_rate_in_percentage
            )
        if maximum_inbound_round_trip_delay is not UNSET:
            field_dict["maximumInboundRoundTripDelay"] = maximum_inbound_round_trip_delay
        if maximum_outbound_jitter is not UNSET:
            field_dict["maximumOutboundJitter"] = maximum_outbound_jitter
        if maximum_outbound_packet_loss_rate_in_percentage is not UNSET:
            field_dict["maximumOutboundPacketLossRateInPercentage"] = (
                maximum_outbound_packet_loss_rate_in_percentage
            )
        if maximum_outbound_round_trip_delay is not UNSET:
            field_dict["maximumOutboundRoundTripDelay"] = maximum_outbound_round_trip_delay
        if media_duration is not UNSET:
            field_dict["mediaDuration"] = media_duration
        if network_link_speed_in_bytes is not UNSET:
            field_dict["networkLinkSpeedInBytes"] = network_link_speed_in_bytes
        if outbound_packets is not UNSET:
            field_dict["outboundPackets"] = outbound_packets
        if remote_ip_address is not UNSET:
            field_dict["remoteIPAddress"] = remote_ip_address
        if remote_port is not UNSET:
            field_dict["remotePort"] = remote_port
        if average_inbound_bit_rate is not UNSET:
            field_dict["averageInboundBitRate"] = average_inbound_bit_rate
        if average_inbound_frame_rate is not UNSET:
            field_dict["averageInboundFrameRate"] = average_inbound_frame_rate
        if average_outbound_bit_rate is not UNSET:
            field_dict["averageOutboundBitRate"] = average_outbound_bit_rate
        if average_outbound_frame_rate is not UNSET:
            field_dict["averageOutboundFrameRate"] = average_outbound_frame_rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        odata_type = check_teleconference_device_video_quality_odata_type(d.pop("@odata.type"))

        average_inbound_jitter: None | str | Unset = d.pop("averageInboundJitter", UNSET)

        average_inbound_packet_loss_rate_in_percentage: float | None | Unset = d.pop(
            "averageInboundPacketLossRateInPercentage", UNSET
        )

        average_inbound_round_trip_delay: None | str | Unset = d.pop("averageInboundRoundTripDelay", UNSET)

        average_outbound_jitter: None | str | Unset = d.pop("averageOutboundJitter", UNSET)

        average_outbound_packet_loss_rate_in_percentage: float | None | Unset = d.pop(
            "averageOutboundPacketLossRateInPercentage", UNSET
        )

        average_outbound_round_trip_delay: None | str | Unset = d.pop("averageOutboundRoundTripDelay", UNSET)

        channel_index = d.pop("channelIndex", UNSET)

        inbound_packets: int | None | Unset = d.pop("inboundPackets", UNSET)

        local_ip_address: None | str | Unset = d.pop("localIPAddress", UNSET)

        local_port: int | None | Unset = d.pop("localPort", UNSET)

        maximum_inbound_jitter: None | str | Unset = d.pop("maximumInboundJitter", UNSET)

        maximum_inbound_packet_loss_rate_in_percentage: float | None | Unset = d.pop(
            "maximumInboundPacketLossRateInPercentage", UNSET
        )

        maximum_inbound_round_trip_delay: None | str | Unset = d.pop("maximumInboundRoundTripDelay", UNSET)

        maximum_outbound_jitter: None | str | Unset = d.pop("maximumOutboundJitter", UNSET)

        maximum_outbound_packet_loss_rate_in_percentage: float | None | Unset = d.pop(
            "maximumOutboundPacketLossRateInPercentage", UNSET
        )

        maximum_outbound_round_trip_delay: None | str | Unset = d.pop("maximumOutboundRoundTripDelay", UNSET)

        media_duration: None | str | Unset = d.pop("mediaDuration", UNSET)

        network_link_speed_in_bytes: int | None | Unset = d.pop("networkLinkSpeedInBytes", UNSET)

        outbound_packets: int | None | Unset = d.pop("outboundPackets", UNSET)

        remote_ip_address: None | str | Unset = d.pop("remoteIPAddress", UNSET)

        remote_port: int | None | Unset = d.pop("remotePort", UNSET)

        average_inbound_bit_rate: float | None | Unset = d.pop("averageInboundBitRate", UNSET)

        average_inbound_frame_rate: float | None | Unset = d.pop("averageInboundFrameRate", UNSET)

        average_outbound_bit_rate: float | None | Unset = d.pop("averageOutboundBitRate", UNSET)

        average_outbound_frame_rate: float | None | Unset = d.pop("averageOutboundFrameRate", UNSET)

        # Positional: keywords cost a dict per call (graph_calls_spec.model_parsers).
        if cls is TeleconferenceDeviceVideoQuality:
            teleconference_device_video_quality = cls(
                odata_type,
                average_inbound_jitter,
                average_inbound_packet_loss_rate_in_percentage,
                average_inbound_round_trip_delay,
                average_outbound_jitter,
                average_outbound_packet_loss_rate_in_percentage,
                average_outbound_round_trip_delay,
                channel_index,
                inbound_packets,
                local_ip_address,
                local_port,
                maximum_inbound_jitter,
                maximum_inbound_packet_loss_rate_in_percentage,
                maximum_inbound_round_trip_delay,
                maximum_outbound_jitter,
                maximum_outbound_packet_loss_rate_in_percentage,
                maximum_outbound_round_trip_delay,
                media_duration,
                network_link_speed_in_bytes,
                outbound_packets,
                remote_ip_address,
                remote_port,
                average_inbound_bit_rate,
                average_inbound_frame_rate,
                average_outbound_bit_rate,
                average_outbound_frame_rate,
            )
        else:
            teleconference_device_video_quality = cls(
                odata_type=odata_type,
                average_inbound_jitter=average_inbound_jitter,
                average_inbound_packet_loss_rate_in_percentage=average_inbound_packet_loss_rate_in_percentage,
                average_inbound_round_trip_delay=average_inbound_round_trip_delay,
                average_outbound_jitter=average_outbound_jitter,
                average_outbound_packet_loss_rate_in_percentage=average_outbound_packet_loss_rate_in_percentage,
                average_outbound_round_trip_delay=average_outbound_round_trip_delay,
                channel_index=channel_index,
                inbound_packets=inbound_packets,
                local_ip_address=local_ip_address,
                local_port=local_port,
                maximum_inbound_jitter=maximum_inbound_jitter,
                maximum_inbound_packet_loss_rate_in_percentage=maximum_inbound_packet_loss_rate_in_percentage,
                maximum_inbound_round_trip_delay=maximum_inbound_round_trip_delay,
                maximum_outbound_jitter=maximum_outbound_jitter,
                maximum_outbound_packet_loss_rate_in_percentage=maximum_outbound_packet_loss_rate_in_percentage,
                maximum_outbound_round_trip_delay=maximum_outbound_round_trip_delay,
                media_duration=media_duration,
                network_link_speed_in_bytes=network_link_speed_in_bytes,
                outbound_packets=outbound_packets,
                remote_ip_address=remote_ip_address,
                remote_port=remote_port,
                average_inbound_bit_rate=average_inbound_bit_rate,
                average_inbound_frame_rate=average_inbound_frame_rate,
                average_outbound_bit_rate=average_outbound_bit_rate,
                average_outbound_frame_rate=average_outbound_frame_rate,
            )

        teleconference_device_video_quality.additional_properties = (
            d or {}
        )  # an empty {} is not tracked by the garbage collector
        return teleconference_device_video_quality

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
