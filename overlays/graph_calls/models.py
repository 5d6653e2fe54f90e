"""The Graph models (generated attrs classes), re-exported lazily under their short names.

Example::

    from graph_calls.models import InvitationParticipantInfo, MediaPrompt, MediaInfo

Only the module of a model you use is imported, so ``import graph_calls.models`` costs nothing.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

_GENERATED = "graph_calls_generated.models"
# One name per line, as the generator writes them; ruff wraps a long one in parentheses.
_IMPORT_LINE = re.compile(r"^from \.(\w+) import \(?\s*(\w+)", re.MULTILINE)


@functools.cache
def _index() -> dict[str, str]:
    """Class name → generated module, read from the generated package's ``__init__`` (not executed)."""
    spec = importlib.util.find_spec(_GENERATED)  # imports graph_calls_generated, not its models package
    if spec is None or spec.origin is None:  # pragma: no cover - part of this distribution
        raise ImportError(f"{_GENERATED} is missing")
    text = Path(spec.origin).read_text(encoding="utf-8")
    return {name: module for module, name in _IMPORT_LINE.findall(text)}


def _load(name: str) -> Any:
    module = _index().get(name)
    if module is None:
        raise AttributeError(f"module {_GENERATED!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{_GENERATED}.{module}"), name)


def _install_lazy_generated_models() -> None:
    """Make ``graph_calls_generated.models`` a lazy package.

    Works around openapi-python-client 0.29.1 writing a ``models/__init__.py`` that imports all ~170 model
    modules: the first import of any one model (an endpoint module imports two or three) paid for all of
    them, about as long as importing httpx. Registered before anything imports the package, the module
    keeps the package's real ``__path__`` (submodules import normally) and imports a model on first
    attribute access. Can go when the generator offers lazy model imports.
    """
    if _GENERATED in sys.modules:
        return
    spec = importlib.util.find_spec(_GENERATED)
    if spec is None:  # pragma: no cover - the generated package is part of this distribution
        return
    package = importlib.util.module_from_spec(spec)
    package.__dict__["__getattr__"] = _load
    package.__dict__["__all__"] = sorted(_index())
    sys.modules[_GENERATED] = package
    setattr(sys.modules["graph_calls_generated"], "models", package)  # noqa: B010


_install_lazy_generated_models()


def __getattr__(name: str) -> Any:
    value = _load(name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_index()})
