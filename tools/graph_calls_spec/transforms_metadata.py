"""Transforms f and l that bring types in from the CSDL metadata: the derived types the module leaves out,
and subtype properties folded into their base.

Owns the mapping of ``Edm.*`` primitives to OpenAPI schemas and :class:`CsdlImporter`, which adds a metadata
type with every type it references that the spec lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph_calls_spec.csdl import Csdl, CsdlProperty, unqualify
from graph_calls_spec.spec_nodes import Spec, SpecError, object_part, schema_ref, schemas

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
