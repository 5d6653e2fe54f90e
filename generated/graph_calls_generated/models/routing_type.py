from typing import Literal

RoutingType = Literal["forwarded", "lookup", "selfFork", "unknownFutureValue"]

ROUTING_TYPE_VALUES: set[RoutingType] = {
    "forwarded",
    "lookup",
    "selfFork",
    "unknownFutureValue",
}


def check_routing_type(value: str) -> RoutingType:
    if value in ROUTING_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ROUTING_TYPE_VALUES!r}")
