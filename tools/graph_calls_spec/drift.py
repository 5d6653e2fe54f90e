"""The upstream drift report: what changes for SDK users if we move from one upstream input to another.

Both sides go through the same :func:`pipeline.build` (same rules, same transforms), so the report speaks of
what the SDK exposes: the keep-list operations and every schema they reach, derived types included. The
comparison is structural and by component name (never dereferenced), so each change is reported once.

Each change is classified by its effect on code written against the SDK generated from BASE, and on what
that SDK parses, not by its syntax:

- **breaking**: removing or renaming an operation, parameter, property or enum member (a removal and an
  addition of the same signature on the same owner, when unambiguous, are one rename); retyping anything;
  narrowing what is accepted (a field or parameter becomes required, a value stops being nullable); removing
  a union branch or subtype; a success response that stops parsing an answer it parsed: moving between two
  concrete codes, from ``2XX`` to a concrete code (a 2xx answer at another code then goes to the error
  parser, e.g. keepAlive declared ``204`` while the service answers ``200``), or to ``2XX`` with another body
  (the body gone, retyped, or a body where the base declared none: every 2xx answer is then decoded as JSON).
- **additive**: widening (new operation, optional property or parameter, enum member, subtype, union branch;
  a field that becomes optional or nullable; a concrete success code becoming ``2XX`` with the same body,
  so every 2xx answer parses as success and the old one as before). Properties the target metadata adds to a
  type we ship are additive like any other (the pipeline takes them into the built spec, marked with where
  they came from).
- **cosmetic**: nothing a caller's code sees: descriptions, summaries, reference links, upstream's own
  operationIds (ours are derived from the path), validation hints and vendor extensions the generator
  ignores.

Not reported at all: what serializes or points to the same thing (``style``/``explode`` spelling out their
OpenAPI defaults, a reference link whose locale, anchor or redirected host moved) and the pipeline's own
source marker (``x-graph-calls-source``). Several reference-link changes under one operation or schema fold
into one line.

The comparison core is :func:`graph_calls_spec.specdiff.diff_specs`: two built specs in, classified changes
out, no files needed. This module adds what only the raw inputs know (upstream's own operationIds, the
operations and metadata subtypes upstream offers that we do not ship), the allowlist, and the inputs'
provenance; :mod:`graph_calls_spec.drift_render` holds the :class:`Report` and prints it (text, JSON,
Markdown).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph_calls_spec import pipeline, yaml_load
from graph_calls_spec.csdl import Csdl
from graph_calls_spec.csdl import load as load_csdl
from graph_calls_spec.drift_render import FORMATS, InputFile, Report
from graph_calls_spec.inputs import (
    CACHE_DIR,
    LOCK_PATH,
    OPENAPI_DIR,
    PinnedInput,
    fetch,
    load_lock,
    resolve,
    sha256_of,
)
from graph_calls_spec.rules import HTTP_METHODS, Rules, canonical_key
from graph_calls_spec.specdiff import IGNORED, NOT_SHIPPED, Change, Key, Spec, change, diff_specs

__all__ = [
    "FORMATS",
    "AllowEntry",
    "Change",
    "InputFile",
    "Report",
    "Snapshot",
    "compare",
    "diff_specs",
    "known_pins",
    "report_from_files",
    "snapshot",
]

ALLOWLIST_PATH = OPENAPI_DIR / "drift-allowlist.yml"
CALLS_PREFIX = "/communications/calls"
# The root of every entity type: its new subtypes are new resources, not variants of a payload we ship.
ENTITY_ROOT = "entity"


# --------------------------------------------------------------------------------- inputs and the report


@dataclass(frozen=True)
class OfferedOperation:
    """An upstream operation under /communications/calls that is not in the keep-list."""

    method: str
    path: str
    operation_id: str
    documented: bool


@dataclass(frozen=True)
class Snapshot:
    """One side of the comparison: the built spec and what only the raw inputs know."""

    label: str
    spec: Spec
    upstream_ids: dict[Key, str]
    offered: dict[Key, OfferedOperation]
    types: dict[str, tuple[str, ...]]


def is_generic_write(method: str, op: dict[str, Any]) -> bool:
    """An OData navigation-property write without a reference page: the service does not implement it."""
    plain = op.get("x-ms-docs-operation-type", "operation") == "operation"
    return method != "get" and plain and "externalDocs" not in op


def snapshot(
    module: Spec, csdl: Csdl, rules: Rules, label: str = "", *, allow_beta: bool = False
) -> Snapshot:
    """Build ``module`` + ``csdl`` with ``rules`` (keep-list operations it lacks are allowed).

    A beta input raises :class:`transforms.SpecError` unless ``allow_beta``.
    """
    built = pipeline.build(module, csdl, rules, source=label, allow_beta=allow_beta).spec
    keep = rules.keep_keys
    upstream_ids: dict[Key, str] = {}
    offered: dict[Key, OfferedOperation] = {}
    for path, item in module.get("paths", {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None or not (path == CALLS_PREFIX or path.startswith(CALLS_PREFIX + "/")):
                continue
            key = canonical_key(method, path)
            op_id = str(op.get("operationId", ""))
            if key in keep:
                upstream_ids[key] = op_id
            elif "$count" not in path and not is_generic_write(method, op):
                documented = "externalDocs" in op
                offered[key] = OfferedOperation(method.upper(), path, op_id, documented)
    types = {name: tuple(csdl.ancestors(name)) for name, t in csdl.types.items() if t.kind != "enum"}
    return Snapshot(label, built, upstream_ids, offered, types)


def operation_id_changes(base: Snapshot, target: Snapshot, paths: dict[Key, str]) -> list[Change]:
    """Upstream's own operationIds of the kept operations (the built spec has ours)."""
    return [
        change("operationId.changed", f"{key[0]} {paths.get(key, key[1])}", base.upstream_ids[key], new_id)
        for key, new_id in sorted(target.upstream_ids.items())
        if key in base.upstream_ids and base.upstream_ids[key] != new_id
    ]


def not_shipped(base: Snapshot, target: Snapshot, rules: Rules) -> list[Change]:
    """What TARGET offers around the SDK that we do not ship: operations, and new metadata subtypes."""
    found: list[Change] = []
    for key, op in sorted(target.offered.items()):
        notes = [op.operation_id]
        if not op.documented:
            notes.append("no reference page")
        if key not in base.offered:
            notes.append("new since base")
        found.append(
            Change(
                NOT_SHIPPED,
                "operation.not-shipped",
                f"{op.method} {op.path}",
                new="; ".join(notes),
                reason="offered upstream, not in openapi/keep-list.yml",
            )
        )
    shipped = set(target.spec.get("components", {}).get("schemas", {}))
    roots = shipped | set(rules.polymorphic_bases)
    for name in sorted(set(target.types) - set(base.types) - shipped):
        ancestors = [a for a in target.types[name] if a in roots and a != ENTITY_ROOT]
        if ancestors:
            found.append(
                Change(
                    NOT_SHIPPED,
                    "subtype.not-shipped",
                    ancestors[0],
                    new=name,
                    reason="new in the target metadata; list it in rules.yml derived_types to ship it",
                )
            )
    return found


# ------------------------------------------------------------------------------------------- allowlist


@dataclass(frozen=True)
class AllowEntry:
    """Known upstream noise: ``kind`` and ``where`` are fnmatch patterns, ``match`` a regex on the detail."""

    kind: str
    where: str
    reason: str
    match: str | None = None

    def covers(self, item: Change) -> bool:
        """Whether ``item`` is this noise."""
        if not (fnmatch.fnmatchcase(item.kind, self.kind) and fnmatch.fnmatchcase(item.where, self.where)):
            return False
        return self.match is None or re.search(self.match, item.detail) is not None


def load_allowlist(path: Path = ALLOWLIST_PATH) -> list[AllowEntry]:
    """The entries of ``openapi/drift-allowlist.yml`` (none when the file is absent)."""
    if not path.is_file():
        return []
    data = yaml_load.read(path) or {}
    entries: list[AllowEntry] = []
    for raw in data.get("ignore") or []:
        if not raw.get("reason"):
            raise ValueError(f"{path}: every entry needs a reason ({raw})")
        entries.append(AllowEntry(str(raw["kind"]), str(raw["where"]), str(raw["reason"]), raw.get("match")))
    return entries


# ---------------------------------------------------------------------------------------------- report


def compare(base: Snapshot, target: Snapshot, rules: Rules, allowlist: Iterable[AllowEntry] = ()) -> Report:
    """The drift report from ``base`` to ``target``."""
    paths = {key: path for key, (_method, path) in rules.keep_keys.items()}
    found = diff_specs(base.spec, target.spec, paths) + operation_id_changes(base, target, paths)
    entries = list(allowlist)
    kept: list[Change] = []
    ignored: list[Change] = []
    for item in sorted(set(found), key=Change.sort_key):
        entry = next((e for e in entries if e.covers(item)), None)
        if entry is None:
            kept.append(item)
        else:
            ignored.append(replace(item, cls=IGNORED, reason=f"{entry.reason} (would be {item.cls})"))
    return Report(
        base.label, target.label, tuple(kept), tuple(ignored), tuple(not_shipped(base, target, rules))
    )


# ---------------------------------------------------------------------------------------- from files

Inputs = tuple[Path, Path]  # (module, metadata)


def pick_inputs(
    base: str | None = None,
    base_metadata: str | None = None,
    base_lock: Path = LOCK_PATH,
    module: str | None = None,
    metadata: str | None = None,
    *,
    cache_dir: Path = CACHE_DIR,
) -> tuple[Inputs, Inputs]:
    """BASE and TARGET files: each one given (a path, or a URL downloaded without a hash check) or the pin.

    BASE defaults to the inputs pinned in ``base_lock``; TARGET to those pinned in openapi/lock.yml.
    """
    pinned_base, pinned = load_lock(base_lock), load_lock()

    def one(given: str | None, pin: PinnedInput) -> Path:
        return fetch(given, cache_dir=cache_dir) if given else resolve(pin, cache_dir=cache_dir)

    return (
        (one(base, pinned_base.module), one(base_metadata, pinned_base.metadata)),
        (one(module, pinned.module), one(metadata, pinned.metadata)),
    )


def known_pins(*locks: Path) -> tuple[PinnedInput, ...]:
    """The inputs pinned in ``locks`` (default: openapi/lock.yml): they name the commits of compared files."""
    return tuple(
        pin for lock in map(load_lock, locks or (LOCK_PATH,)) for pin in (lock.module, lock.metadata)
    )


def input_files(files: Inputs, pins: Iterable[PinnedInput]) -> tuple[InputFile, ...]:
    """The module and metadata of a side, each with its upstream commit when its content is pinned."""
    by_hash = {pin.sha256: pin for pin in pins}
    described: list[InputFile] = []
    for role, path in zip(("module", "metadata"), files, strict=True):
        pin = by_hash.get(sha256_of(path)) if by_hash else None
        if pin is None:
            described.append(InputFile(role, path.name))
        else:
            described.append(InputFile(role, path.name, pin.repository, pin.commit, pin.path))
    return tuple(described)


def report_from_files(
    base: Inputs,
    target: Inputs,
    rules: Rules,
    allowlist: Iterable[AllowEntry] = (),
    *,
    pins: Iterable[PinnedInput] = (),
    allow_beta: bool = False,
    metadata_origins: Mapping[Path, str] | None = None,
) -> Report:
    """Load, build and compare; a file given on both sides is read once.

    ``pins`` (see :func:`known_pins`) name the upstream commit of each file whose content they pin. A beta
    input raises :class:`transforms.SpecError` naming it, unless ``allow_beta``; ``metadata_origins`` says
    where a metadata file came from when its path does not (the URL it was downloaded from), which tells beta
    metadata from v1.0.
    """
    modules: dict[Path, Spec] = {}
    metadata: dict[Path, Csdl] = {}
    pinned = tuple(pins)

    def side(files: Inputs) -> Snapshot:
        module_path, metadata_path = files
        if module_path not in modules:
            modules[module_path] = pipeline.load_module(module_path)
        if metadata_path not in metadata:
            origin = (metadata_origins or {}).get(metadata_path)
            metadata[metadata_path] = load_csdl(metadata_path, origin=origin)
        label = f"{module_path.name} + {metadata_path.name}"
        return snapshot(modules[module_path], metadata[metadata_path], rules, label, allow_beta=allow_beta)

    found = compare(side(base), side(target), rules, allowlist)
    return replace(found, base_files=input_files(base, pinned), target_files=input_files(target, pinned))
