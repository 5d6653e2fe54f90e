"""The Graph models (generated attrs classes), under their short names.

Example::

    from graph_calls.models import InvitationParticipantInfo, MediaPrompt, MediaInfo

Each name is the generated class itself, typed for type checkers. At run time a model's module is imported
when the model is first used (the generated package is lazy), so ``import graph_calls.models`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph_calls_generated.models import *  # noqa: F403


def __getattr__(name: str) -> Any:
    from graph_calls_generated import models

    value = getattr(models, name)  # AttributeError names the missing model
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    from graph_calls_generated import models

    return sorted({*globals(), *models.__all__})
