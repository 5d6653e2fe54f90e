"""The Graph models (generated attrs classes), under their short names.

Example::

    from graph_calls.models import InvitationParticipantInfo, MediaPrompt, MediaInfo

Each name is the generated class itself, typed for type checkers. ``UNSET`` (of type ``Unset``) marks an
optional field that was never set, and is left out of the JSON sent. At run time a model's module is imported
when the model is first used (the generated package is lazy), so ``import graph_calls.models`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph_calls_generated.models import *  # noqa: F403
    from graph_calls_generated.types import UNSET as UNSET
    from graph_calls_generated.types import Unset as Unset

_TYPES = frozenset({"UNSET", "Unset"})


def __getattr__(name: str) -> Any:
    from graph_calls_generated import models, types

    value = getattr(types if name in _TYPES else models, name)  # AttributeError names the missing model
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    from graph_calls_generated import models

    return sorted({*globals(), *models.__all__, *_TYPES})
