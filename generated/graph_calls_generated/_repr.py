# Written at generation time by the post-hook graph_calls_spec.model_repr; do not edit.
"""Reprs of the generated models that show only the fields that are set."""

from __future__ import annotations  # attrs.AttrsInstance below is only needed by type checkers

import reprlib

import attrs

from .types import Unset


@reprlib.recursive_repr()  # a model reachable from itself (through additional_properties) shows as ...
def set_fields_repr(self: attrs.AttrsInstance) -> str:
    """``Name(field=value, ...)``: the fields that are not UNSET, additional_properties when not empty."""
    shown: list[str] = []
    for field in attrs.fields(type(self)):
        value = getattr(self, field.name)
        if isinstance(value, Unset) or (field.name == "additional_properties" and not value):
            continue
        shown.append(f"{field.name}={value!r}")
    return f"{type(self).__qualname__}({', '.join(shown)})"
