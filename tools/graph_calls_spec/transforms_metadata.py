"""Transforms f, l and n that bring types in from the CSDL metadata: the derived types the module leaves out,
subtype properties folded into their base, and the properties the metadata declares on a type the module
defines but the module lacks (the module lags the metadata).

Owns the mapping of ``Edm.*`` primitives to OpenAPI schemas and :class:`CsdlImporter`, which adds a metadata
type with every type it references that the spec lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph_calls_spec.csdl import NAMESPACE, Csdl, CsdlProperty, unqualify
from graph_calls_spec.spec_nodes import (
    SOURCE_EXTENSION,
    SOURCE_METADATA,
    Spec,
    SpecError,
    object_part,
    ref_name,
    schema_ref,
    schemas,
)

EDM_SCHEMAS: dict[str, dict[str, Any]] = {
    "Edm.String": {"type": "string"},
    "Edm.Boolean": {"type": "boolean"},
    "Edm.Int32": {
        "maximum": 2147483647,
        "minimum": -2147483648,
        "type": "integer",
        "format": "int32",
    },
    "Edm.Int64": {"type": "integer", "format": "int64"},
    "Edm.Double": {"type": "number", "format": "double"},
    "Edm.Guid": {"type": "string", "format": "uuid"},
    "Edm.DateTimeOffset": {"type": "string", "format": "date-time"},
    "Edm.Duration": {"type": "string", "format": "duration"},
    "Edm.Binary": {"type": "string", "format": "base64url"},
    # Not used by the calls types today; mapped so a property the metadata adds with them does not stop the
    # build (formats as Microsoft's OpenAPI conversion writes them).
    "Edm.Byte": {"type": "integer", "format": "uint8"},
    "Edm.SByte": {"type": "integer", "format": "int8"},
    "Edm.Int16": {"maximum": 32767, "minimum": -32768, "type": "integer", "format": "int16"},
    "Edm.Single": {"type": "number", "format": "float"},
    "Edm.Decimal": {"type": "number", "format": "decimal"},
    "Edm.Date": {"type": "string", "format": "date"},
    "Edm.TimeOfDay": {"type": "string", "format": "time"},
    "Edm.Stream": {"type": "string", "format": "base64url"},
}


class CsdlImporter:
    """Adds metadata types to a spec, with every type they reference that the spec lacks."""

    def __init__(self, spec: Spec, csdl: Csdl, module_types: Iterable[str]) -> None:
        self.spec = spec
        self.csdl = csdl
        self.module_types = set(module_types)

    def property_schema(self, prop: CsdlProperty) -> dict[str, Any]:
        collection = prop.type.startswith("Collection(")
        inner = prop.type.removeprefix("Collection(").removesuffix(")")
        if inner in EDM_SCHEMAS:
            item: dict[str, Any] = dict(EDM_SCHEMAS[inner])
            if not collection and prop.nullable:
                item["nullable"] = True
        elif inner.startswith("Edm."):
            raise SpecError(f"metadata property {prop.name} has type {inner}, which EDM_SCHEMAS does not map")
        else:
            name = unqualify(inner)
            self.ensure(name)
            item = schema_ref(name)
        schema = {"type": "array", "items": item} if collection else item
        if prop.description and "$ref" not in schema:
            schema["description"] = prop.description
        return schema

    def ensure(self, name: str) -> None:
        """Add ``name`` from the metadata unless the spec has it."""
        if name in schemas(self.spec):
            return
        source = self.csdl.types.get(name)
        if source is None:
            raise SpecError(f"type {name} is neither in the module nor in the metadata")
        if source.kind == "enum":
            schemas(self.spec)[name] = {"type": "string", "enum": list(source.members)}
            return
        schemas(self.spec)[name] = {}  # placeholder: breaks reference cycles
        # Inherit by reference from the nearest ancestor the module itself has; fold the properties of
        # intermediate ancestors in, so a subtype never inherits another subtype's @odata.type.
        own = [*source.properties]
        base: str | None = None
        for ancestor in self.csdl.ancestors(name):
            if ancestor in self.module_types:
                base = ancestor
                break
            own = [*self.csdl.types[ancestor].properties, *own]
        part: dict[str, Any] = {"type": "object"}
        if own:
            part["properties"] = {p.name: self.property_schema(p) for p in own}
        part["additionalProperties"] = {"type": "object"}
        if source.description:
            part["description"] = source.description
        schemas(self.spec)[name] = {"allOf": [schema_ref(base), part]} if base else part


def add_derived_types(spec: Spec, csdl: Csdl, names: Iterable[str]) -> list[str]:
    """f. Add the derived types the module leaves out (media configs, prompts, meeting infos, identities).

    Without them a call cannot be created or answered, nor a prompt played, in a typed way. Returns the
    names that were added (a type the module already has is left as the module defines it).
    """
    before = set(schemas(spec))
    importer = CsdlImporter(spec, csdl, before)
    for name in names:
        importer.ensure(name)
    return [name for name in schemas(spec) if name not in before]


def fold_into_base(spec: Spec, csdl: Csdl, mapping: dict[str, str]) -> None:
    """l. Put a subtype's properties on its base (``communicationsIdentitySet`` → ``identitySet``).

    The docs send ``phone``, ``guest``, ``applicationInstance``... on sets typed plain ``identitySet``.
    """
    importer = CsdlImporter(spec, csdl, schemas(spec))
    for subtype, base in mapping.items():
        target = object_part(schemas(spec)[base]).setdefault("properties", {})
        for prop in csdl.types[subtype].properties:
            target.setdefault(prop.name, importer.property_schema(prop))


def graph_namespace_types(spec: Spec) -> list[str]:
    """The module's schemas of the ``microsoft.graph`` namespace itself, unqualified, before renaming.

    After renaming, ``microsoft.graph.ODataErrors.InnerError`` is ``InnerError`` like the metadata's
    unrelated ``microsoft.graph.InnerError``; only names taken now tell a Graph type from an error schema.
    """
    prefix = f"{NAMESPACE}."
    return [
        name.removeprefix(prefix)
        for name in schemas(spec)
        if name.startswith(prefix) and "." not in name.removeprefix(prefix)
    ]


def _inherited(spec: Spec, name: str) -> tuple[set[str], set[str]]:
    """The property names ``name`` has in the spec, its ``allOf`` bases' included, and those bases' names."""
    schema = schemas(spec).get(name)
    properties: set[str] = set()
    bases: set[str] = set()
    for part in schema.get("allOf", [schema]) if isinstance(schema, dict) else []:
        base = ref_name(part)
        if base is None:
            properties |= set(part.get("properties", {})) if isinstance(part, dict) else set()
        elif base not in bases:
            bases.add(base)
            base_properties, base_bases = _inherited(spec, base)
            properties |= base_properties
            bases |= base_bases
    return properties, bases


def add_metadata_properties(spec: Spec, csdl: Csdl, graph_types: Iterable[str]) -> list[str]:
    """n. Properties the metadata declares on a type the module defines, but the module lacks, are added.

    The module is regenerated from the metadata on its own schedule and lags it (the metadata of 2026-08
    gave ``callOptions`` ``isDeltaRosterEnabled`` and ``isInteractiveRosterEnabled`` before the module had
    them); users should not wait for it. Only the schemas the spec ships (the keep-list's closure) of the
    ``graph_types`` (:func:`graph_namespace_types`) are completed, each property mapped like a derived
    type's, with the types it references that the spec lacks. A property of an ancestor the module's schema
    does not inherit by reference goes on the schema itself. Returns ``schema.property`` for each added
    property, in document and metadata order, for :func:`mark_metadata_properties`.
    """
    shipped = [name for name in graph_types if name in schemas(spec) and name in csdl.types]
    importer = CsdlImporter(spec, csdl, schemas(spec))
    added: list[str] = []
    for name in shipped:
        source = csdl.types[name]
        if source.kind == "enum":
            continue
        present, bases = _inherited(spec, name)
        declared = [*source.properties]
        for ancestor in csdl.ancestors(name):
            if ancestor in bases:
                break  # the module inherits it (and its ancestors) by reference: completed there
            declared = [*declared, *csdl.types[ancestor].properties] if ancestor in csdl.types else declared
        missing = [p for p in declared if p.name not in present]
        if not missing:
            continue
        schema = schemas(spec)[name]
        if ref_name(object_part(schema)) is not None:  # ``allOf`` of references only: give it its own part
            schema["allOf"].append({"type": "object"})
        target = object_part(schema).setdefault("properties", {})
        for prop in missing:
            target[prop.name] = importer.property_schema(prop)
            added.append(f"{name}.{prop.name}")
    return added


def mark_metadata_properties(spec: Spec, added: Iterable[str]) -> None:
    """n. ``x-graph-calls-source: metadata`` on each property :func:`add_metadata_properties` added.

    Put on the property's final shape, after the transforms that turn a bare ``$ref`` into a union (beside a
    ``$ref`` it would be ignored, and lost when the reference is rewritten). The generator ignores ``x-``
    extensions; the drift report and a reader of the trimmed spec see where the property came from.
    """
    for dotted in added:
        schema_name, _, prop_name = dotted.partition(".")
        schema = schemas(spec).get(schema_name)
        prop = object_part(schema).get("properties", {}).get(prop_name) if schema else None
        if isinstance(prop, dict):
            prop[SOURCE_EXTENSION] = SOURCE_METADATA
