"""Read the tools' YAML (specs, the lock, the keep-list, the rules, the allowlist) with PyYAML's safe loader.

Through libyaml's C loader when PyYAML has it: the same data (the committed specs and the upstream snapshots
load equal either way), about ten times faster on a spec, which every generation reads. Writing stays with
the Python dumper (:func:`graph_calls_spec.pipeline.dump`): its output is committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - a PyYAML built without libyaml: slower, same result
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def read(path: Path) -> Any:
    """The YAML document in ``path`` (UTF-8), as ``yaml.safe_load`` reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
