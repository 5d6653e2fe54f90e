from typing import Literal

RoutingMode = Literal["multicast", "oneToOne", "unknownFutureValue"]

ROUTING_MODE_VALUES: set[RoutingMode] = {
    "multicast",
    "oneToOne",
    "unknownFutureValue",
}


def check_routing_mode(value: str) -> RoutingMode:
    if value in ROUTING_MODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ROUTING_MODE_VALUES!r}")
