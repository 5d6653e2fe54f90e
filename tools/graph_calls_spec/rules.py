"""The data the transforms are parameterised by: ``openapi/keep-list.yml`` and ``openapi/rules.yml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_calls_spec import yaml_load
from graph_calls_spec.inputs import OPENAPI_DIR

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def canonical_key(method: str, path: str) -> tuple[str, str]:
    """``(METHOD, path)`` with path parameters blanked and the action qualifier dropped.

    ``POST /communications/calls/{call-id}/participants/microsoft.graph.invite`` and
    ``POST /communications/calls/{id}/participants/invite`` have the same key.
    """
    segments = ["{}" if s.startswith("{") else s.removeprefix("microsoft.graph.") for s in path.split("/")]
    return method.upper(), "/".join(segments)


@dataclass(frozen=True)
class DocFix:
    method: str
    path: str
    summary: str | None = None
    description: str | None = None
    external_docs: str | None = None


@dataclass(frozen=True)
class Rules:
    """Everything the pipeline needs besides the upstream inputs."""

    keep: tuple[tuple[str, str], ...]
    strip_action_namespace: bool = True
    schema_name_prefixes: tuple[str, ...] = ("microsoft.graph.",)
    derived_types: tuple[str, ...] = ()
    fold_into_base: dict[str, str] = field(default_factory=dict)
    polymorphic_bases: tuple[str, ...] = ()
    union_narrowing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    nullable_properties: tuple[str, ...] = ()
    enum_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    doc_fixes: tuple[DocFix, ...] = ()

    @property
    def keep_keys(self) -> dict[tuple[str, str], tuple[str, str]]:
        """Canonical key → the (method, path) as written in the keep-list."""
        return {canonical_key(m, p): (m, p) for m, p in self.keep}


def load_rules(
    keep_path: Path = OPENAPI_DIR / "keep-list.yml", rules_path: Path = OPENAPI_DIR / "rules.yml"
) -> Rules:
    keep_data: dict[str, Any] = yaml_load.read(keep_path)
    data: dict[str, Any] = yaml_load.read(rules_path)
    keep = tuple((str(op["method"]).upper(), str(op["path"])) for op in keep_data["operations"])
    if len({canonical_key(*k) for k in keep}) != len(keep):
        raise ValueError(f"{keep_path} lists an operation twice")
    return Rules(
        keep=keep,
        strip_action_namespace=bool(data.get("strip_action_namespace", True)),
        schema_name_prefixes=tuple(data.get("schema_name_prefixes", ["microsoft.graph."])),
        derived_types=tuple(data.get("derived_types", [])),
        fold_into_base=dict(data.get("fold_into_base", {})),
        polymorphic_bases=tuple(data.get("polymorphic_bases", [])),
        union_narrowing={k: tuple(v) for k, v in data.get("union_narrowing", {}).items()},
        nullable_properties=tuple(data.get("nullable_properties", [])),
        enum_aliases={k: tuple(v) for k, v in data.get("enum_aliases", {}).items()},
        doc_fixes=tuple(DocFix(**fix) for fix in data.get("doc_fixes", [])),
    )
