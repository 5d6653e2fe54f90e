"""A checked request, :class:`Plan`, and the generated endpoint module that sends it."""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Plan(Generic[T]):
    """A checked request: which generated endpoint to call, with which arguments.

    ``operation`` is the operationId of the trimmed spec (``participants_invite``), which is also the name
    of the generated module and the key of the permission table.
    """

    operation: str
    kwargs: dict[str, Any]

    @property
    def endpoint(self) -> ModuleType:
        return endpoint_of(self.operation)


@functools.cache
def endpoint_of(operation: str) -> ModuleType:
    """The generated module of ``operation``, looked up once (``import_module`` costs ~2 µs a call).

    The table is written at generation time from the spec (``graph_calls_generated.operations``).
    """
    from graph_calls_generated.operations import ENDPOINTS

    return importlib.import_module(ENDPOINTS[operation])
