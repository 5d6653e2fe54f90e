"""The Graph models (generated attrs classes), re-exported lazily under their short names.

Example::

    from graph_calls.models import InvitationParticipantInfo, MediaPrompt, MediaInfo

Only the module of a model you use is imported, so ``import graph_calls.models`` costs nothing.
"""

from __future__ import annotations

import functools
import importlib
import re
from importlib import resources
from typing import Any

_GENERATED = "graph_calls_generated.models"
_IMPORT_LINE = re.compile(r"^from \.(\w+) import (\w+)", re.MULTILINE)


@functools.cache
def _index() -> dict[str, str]:
    """Class name → generated module, read from the generated package's ``__init__``."""
    text = resources.files(_GENERATED).joinpath("__init__.py").read_text(encoding="utf-8")
    return {name: module for module, name in _IMPORT_LINE.findall(text)}


def __getattr__(name: str) -> Any:
    module = _index().get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{_GENERATED}.{module}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_index()})
