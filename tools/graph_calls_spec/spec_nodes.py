"""Reading and rebuilding the nodes of an OpenAPI document, shared by the transforms and the drift comparison.

Owns the markers the transforms write and the comparison recognises (the null branch, the open-enum string
branch, ``@odata.type``, the ``x-graph-calls-source`` mark), the component sections, :class:`SpecError` and
:class:`ChannelError`, and the small walkers: references, operations, bottom-up rewrites, a schema's own
part. Nothing here changes a document by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graph_calls_spec.rules import HTTP_METHODS

Spec = dict[str, Any]
Node = Any

SCHEMAS = "#/components/schemas/"
NULL_BRANCH: dict[str, Any] = {"nullable": True, "enum": [None]}
OPEN_ENUM_BRANCH: dict[str, Any] = {"type": "string"}
ODATA_TYPE = "@odata.type"
# On a property the module lacks and the metadata declares (transforms_metadata.add_metadata_properties).
# The generator ignores ``x-`` extensions; the drift report and readers of the spec see where it came from.
SOURCE_EXTENSION = "x-graph-calls-source"
SOURCE_METADATA = "metadata"
COMPONENT_SECTIONS = ("schemas", "responses", "parameters", "requestBodies", "headers", "examples")


class SpecError(Exception):
    """The inputs cannot be turned into a valid, unambiguous spec."""


class ChannelError(SpecError):
    """An input is from Graph's beta channel (or the two inputs are from different channels)."""


def schema_ref(name: str) -> dict[str, str]:
    return {"$ref": SCHEMAS + name}


def ref_name(node: Node) -> str | None:
    """The schema name of a ``{$ref: #/components/schemas/X}`` node, else None."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref: str = node["$ref"]
        if ref.startswith(SCHEMAS):
            return ref[len(SCHEMAS) :]
    return None


def iter_operations(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def iter_refs(node: Node) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from iter_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_refs(value)


def rewrite(node: Node, fn: Callable[[Node], Node]) -> Node:
    """Rebuild ``node`` bottom-up, applying ``fn`` to every dict and list."""
    if isinstance(node, dict):
        return fn({k: rewrite(v, fn) for k, v in node.items()})
    if isinstance(node, list):
        return fn([rewrite(v, fn) for v in node])
    return node


def schemas(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    return result


def object_part(schema: dict[str, Any]) -> dict[str, Any]:
    """The part of a schema that carries its own properties (the last ``allOf`` branch, or itself)."""
    if "allOf" in schema:
        part: dict[str, Any] = schema["allOf"][-1]
        return part
    return schema


def is_enum_schema(schema: Node) -> bool:
    return isinstance(schema, dict) and "enum" in schema and schema.get("type", "string") == "string"
