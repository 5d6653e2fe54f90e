"""Small, named spec transforms. Each mutates an OpenAPI document (a dict) in place.

Each one works around a specific problem of the upstream module with openapi-python-client 0.29.1 or a
JSON Schema validator; its docstring says which, and ``tests/spec/test_transforms.py`` shows the runtime
failure it prevents. Iteration order is always that of the document or of sorted names, so the output is
the same whatever PYTHONHASHSEED.

This module is the one namespace :mod:`.pipeline` runs the transforms from (and the tests patch them in).
It holds those on paths and names: a (trim and prune), b (component names), g, h, i, j (operations). The
others live by concern and are imported here: f, l, n (types and properties from the metadata) in
:mod:`.transforms_metadata`; c, d, k, l (property shapes) in :mod:`.transforms_properties`; e, m
(polymorphism) in :mod:`.transforms_polymorphism`. The helpers they share are in :mod:`.spec_nodes`; the
guard that refuses beta inputs before any transform runs is :mod:`.transforms_channel`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from graph_calls_spec.rules import HTTP_METHODS, DocFix, canonical_key
from graph_calls_spec.spec_nodes import (
    COMPONENT_SECTIONS,
    ODATA_TYPE,
    SOURCE_EXTENSION,
    SOURCE_METADATA,
    ChannelError,
    Node,
    Spec,
    SpecError,
    iter_operations,
    iter_refs,
    object_part,
    ref_name,
    rewrite,
    schema_ref,
    schemas,
)
from graph_calls_spec.transforms_metadata import (
    add_derived_types,
    add_metadata_properties,
    fold_into_base,
    graph_namespace_types,
    mark_metadata_properties,
)
from graph_calls_spec.transforms_polymorphism import (
    add_odata_type_property,
    declared_odata_types,
    graph_ancestors,
    mark_subtypes,
    narrow_unions,
    polymorphic_subtypes,
    polymorphic_unions,
    strict_unions_for_validation,
)
from graph_calls_spec.transforms_properties import (
    add_enum_aliases,
    drop_value_defaults,
    make_properties_nullable,
    nullable_references,
    open_additional_properties,
)

__all__ = [
    "COMPONENT_SECTIONS",
    "ODATA_QUERY_LISTS",
    "ODATA_TYPE",
    "SOURCE_EXTENSION",
    "SOURCE_METADATA",
    "ChannelError",
    "SpecError",
    "add_derived_types",
    "add_enum_aliases",
    "add_metadata_properties",
    "add_odata_type_property",
    "apply_doc_fixes",
    "declared_odata_types",
    "derive_operation_ids",
    "drop_value_defaults",
    "fold_into_base",
    "graph_ancestors",
    "graph_namespace_types",
    "hoist_request_bodies",
    "iter_operations",
    "iter_refs",
    "make_properties_nullable",
    "mark_metadata_properties",
    "mark_subtypes",
    "narrow_unions",
    "nullable_references",
    "object_part",
    "odata_query_as_strings",
    "open_additional_properties",
    "operation_name",
    "pascal",
    "polymorphic_subtypes",
    "polymorphic_unions",
    "prune_components",
    "ref_name",
    "rename_components",
    "schemas",
    "select_operations",
    "snake",
    "strict_unions_for_validation",
    "strip_action_namespace",
]

ODATA_QUERY_LISTS = ("$select", "$expand", "$orderby")


# ---------------------------------------------------------------------------------------------- helpers


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def pascal(snake_name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake_name.split("_"))


# ------------------------------------------------------------------------------------- a. trim and prune


def select_operations(spec: Spec, keep: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """a. Keep only the keep-list's operations (matched by method and canonical path).

    Returns the keep-list entries the input lacks; the caller decides whether that is fatal.
    """
    wanted = {canonical_key(m, p): (m, p) for m, p in keep}
    found: set[tuple[str, str]] = set()
    paths: dict[str, Any] = {}
    for path, item in spec.get("paths", {}).items():
        kept = {
            method: op
            for method, op in item.items()
            if method in HTTP_METHODS and canonical_key(method, path) in wanted
        }
        if not kept:
            continue
        found.update(canonical_key(method, path) for method in kept)
        shared = {k: v for k, v in item.items() if k not in HTTP_METHODS}
        paths[path] = {**shared, **kept}
    spec["paths"] = paths
    return [entry for key, entry in wanted.items() if key not in found]


def prune_components(spec: Spec) -> None:
    """a. Drop every component not in the transitive ``$ref`` closure of the paths; fail on a dangling one."""
    components = spec.get("components", {})
    reachable: set[str] = set()
    pending = list(iter_refs(spec.get("paths", {})))
    while pending:
        ref = pending.pop()
        if ref in reachable:
            continue
        reachable.add(ref)
        section, _, name = ref.removeprefix("#/components/").partition("/")
        target = components.get(section, {}).get(name)
        if target is None:
            raise SpecError(f"dangling $ref {ref}")
        pending.extend(iter_refs(target))
    for section in COMPONENT_SECTIONS:
        if section in components:
            components[section] = {
                name: value
                for name, value in components[section].items()
                if f"#/components/{section}/{name}" in reachable
            }
            if not components[section]:
                del components[section]


# --------------------------------------------------------------------------------------- b. names


def rename_components(spec: Spec, prefixes: Iterable[str]) -> None:
    """b. Component names without ``microsoft.graph.`` (and ``ODataErrors.``), and no ``title`` anywhere.

    The generator names classes after titles before keys, and titles collide between ``microsoft.graph``
    and ``microsoft.graph.callRecords`` (the participants list response was silently dropped).
    """
    ordered = sorted(prefixes, key=len, reverse=True)

    def short(name: str) -> str:
        for prefix in ordered:
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name

    mapping: dict[str, str] = {}
    components = spec.get("components", {})
    for section in COMPONENT_SECTIONS:
        renamed: dict[str, Any] = {}
        for name, value in components.get(section, {}).items():
            new = short(name)
            if new in renamed:
                raise SpecError(f"components/{section}: {name} and another name both become {new}")
            renamed[new] = value
            mapping[f"#/components/{section}/{name}"] = f"#/components/{section}/{new}"
        if section in components:
            components[section] = renamed

    def fix(node: Node) -> Node:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                node["$ref"] = mapping.get(node["$ref"], node["$ref"])
            if isinstance(node.get("title"), str) and ("type" in node or "properties" in node):
                del node["title"]
        return node

    spec["paths"] = rewrite(spec.get("paths", {}), fix)
    spec["components"] = rewrite(components, fix)


# ------------------------------------------------------------------------- h, i, j, g. operations


def apply_doc_fixes(spec: Spec, fixes: Iterable[DocFix]) -> None:
    """j. Replace upstream's summary, description and reference link where they are wrong."""
    by_key = {canonical_key(f.method, f.path): f for f in fixes}
    for method, path, op in iter_operations(spec):
        fix = by_key.get(canonical_key(method, path))
        if fix is None:
            continue
        if fix.summary is not None:
            op["summary"] = fix.summary
        if fix.description is not None:
            op["description"] = fix.description
        if fix.external_docs is not None:
            op["externalDocs"] = {"description": "Find more info here", "url": fix.external_docs}


def operation_name(method: str, path: str, op: dict[str, Any]) -> tuple[str, str]:
    """The (resource, verb) an operation is named by, derived from its path.

    ``POST .../participants/microsoft.graph.invite`` → (participants, invite);
    ``GET .../participants/{participant-id}`` → (participants, get); ``GET .../participants`` → list.
    """
    segments = [s for s in path.split("/") if s]
    last = segments[-1]
    is_action = op.get("x-ms-docs-operation-type") == "action" or last.startswith("microsoft.graph.")
    if is_action:
        rest = segments[:-1]
        resource = rest[-2] if rest[-1].startswith("{") else rest[-1]
        return resource, last.removeprefix("microsoft.graph.")
    if last.startswith("{"):
        verbs = {"get": "get", "patch": "update", "put": "replace", "delete": "delete"}
        return segments[-2], verbs[method]
    return last, {"get": "list", "post": "create"}[method]


def derive_operation_ids(spec: Spec) -> None:
    """h. operationId ``<resource>_<verb>`` and tag ``<resource>``, both from the path.

    Upstream rewrote every operationId in 2023; ours stay stable and name the generated modules
    (``api/participants/participants_invite.py``). openapi-core refuses duplicate operationIds.
    """
    seen: dict[str, str] = {}
    for method, path, op in iter_operations(spec):
        resource, verb = operation_name(method, path, op)
        operation_id = f"{snake(resource)}_{snake(verb)}"
        if operation_id in seen:
            raise SpecError(f"{method.upper()} {path} and {seen[operation_id]} both map to {operation_id}")
        seen[operation_id] = f"{method.upper()} {path}"
        op["operationId"] = operation_id
        op["tags"] = [snake(resource)]


def hoist_request_bodies(spec: Spec) -> None:
    """h. Inline request-body schemas become named components ``<OperationId>Body``.

    Without this, two inline ``mute`` bodies generate duplicate model names and one endpoint is dropped.
    """
    for _method, _path, op in iter_operations(spec):
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if not content or "schema" not in content or ref_name(content["schema"]) is not None:
            continue
        name = pascal(op["operationId"]) + "Body"
        if name in schemas(spec):
            raise SpecError(f"cannot hoist the body of {op['operationId']}: {name} exists")
        schemas(spec)[name] = content["schema"]
        content["schema"] = schema_ref(name)


def odata_query_as_strings(spec: Spec) -> None:
    """g. ``$select``, ``$expand``, ``$orderby`` as one comma-separated string.

    The generator ignores ``explode: false`` and would send ``$select=a&$select=b``; OData allows a query
    option once.
    """

    def fix(param: Any) -> None:
        if isinstance(param, dict) and param.get("name") in ODATA_QUERY_LISTS and param.get("in") == "query":
            param["schema"] = {"type": "string"}
            param["description"] = f"{param.get('description', '').rstrip('.')} (comma-separated)".strip()

    for _method, _path, op in iter_operations(spec):
        for param in op.get("parameters", []):
            fix(param)
    for item in spec.get("paths", {}).values():
        for param in item.get("parameters", []):
            fix(param)
    for param in spec.get("components", {}).get("parameters", {}).values():
        fix(param)


def strip_action_namespace(spec: Spec) -> None:
    """i. `/participants/microsoft.graph.invite` → `/participants/invite`, as the Graph reference has it."""
    spec["paths"] = {
        "/".join(s.removeprefix("microsoft.graph.") for s in path.split("/")): item
        for path, item in spec.get("paths", {}).items()
    }
