"""Transforms c, d, k and l on the shape of properties: open types, no value defaults, nullable scalars and
references, enum aliases and open enums.

Each works around a runtime failure of the generated client or of JSON Schema validation on a payload the
service sends; ``tests/spec/test_transforms.py`` shows which.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph_calls_spec.spec_nodes import (
    NULL_BRANCH,
    OPEN_ENUM_BRANCH,
    Node,
    Spec,
    SpecError,
    is_enum_schema,
    object_part,
    ref_name,
    rewrite,
    schemas,
)


def open_additional_properties(spec: Spec) -> None:
    """c. ``additionalProperties: {type: object}`` → ``true``.

    Graph means "open type". As published, any string extra (``"@odata.type"``, ``"identityProvider"``)
    crashes the generated ``from_dict`` and fails JSON Schema validation.
    """

    def fix(node: Node) -> Node:
        if isinstance(node, dict) and node.get("additionalProperties") == {"type": "object"}:
            node["additionalProperties"] = True
        return node

    spec["components"] = rewrite(spec.get("components", {}), fix)
    spec["paths"] = rewrite(spec.get("paths", {}), fix)


def drop_value_defaults(spec: Spec) -> None:
    """Properties lose their ``default`` (``@odata.type`` values are added later, on purpose).

    The generator makes a default a value that every request sends: ``recordResponse`` always sent
    ``"playBeep": false`` although the caller never asked, and the Graph reference says the service's
    default is ``true``. Left out, the service applies its own default.
    """

    def fix(node: Node) -> Node:
        if isinstance(node, dict) and isinstance(node.get("properties"), dict):
            for prop in node["properties"].values():
                if isinstance(prop, dict):
                    prop.pop("default", None)
        return node

    spec["components"] = rewrite(spec.get("components", {}), fix)


def make_properties_nullable(spec: Spec, dotted: Iterable[str]) -> None:
    """l. Scalars the service sends as ``null`` (``entity.id`` in notifications)."""
    for item in dotted:
        schema_name, _, prop = item.partition(".")
        properties = object_part(schemas(spec)[schema_name]).get("properties", {})
        if prop not in properties:
            raise SpecError(f"nullable_properties: {item} is not in the spec")
        properties[prop]["nullable"] = True


def add_enum_aliases(spec: Spec, aliases: dict[str, tuple[str, ...]]) -> None:
    """k. Enum members in the casing the service's docs send (``running`` beside ``Running``)."""
    for name, members in aliases.items():
        enum = schemas(spec)[name]["enum"]
        enum.extend(m for m in members if m not in enum)


def nullable_references(spec: Spec) -> None:
    """d, k. Properties that reference a type accept ``null``; enum-typed ones accept any string.

    The service sends ``"resultInfo": null``; OpenAPI 3.0 cannot mark a bare ``$ref`` nullable, and
    ``allOf + nullable`` is rejected by openapi-core. ``anyOf: [$ref, {nullable: true, enum: [null]}]``
    works for both. An enum member the spec does not list yet (or in another casing) is kept as a
    string instead of failing the parse — the ``{type: string}`` branch keeps the annotation honest.
    """
    all_schemas = schemas(spec)

    def is_enum_ref(node: Node) -> bool:
        name = ref_name(node)
        return name is not None and is_enum_schema(all_schemas.get(name))

    def fix_property(prop: Node) -> Node:
        if not isinstance(prop, dict):
            return prop
        if ref_name(prop) is not None:
            branches = [prop, OPEN_ENUM_BRANCH] if is_enum_ref(prop) else [prop]
            return {"anyOf": [*branches, NULL_BRANCH]}
        if "allOf" in prop and len(prop["allOf"]) == 1 and ref_name(prop["allOf"][0]):
            rest = {k: v for k, v in prop.items() if k not in ("allOf", "nullable")}
            return {**rest, **fix_property(prop["allOf"][0])}
        if "anyOf" in prop and NULL_BRANCH not in prop["anyOf"]:
            return {**prop, "anyOf": [*prop["anyOf"], NULL_BRANCH]}
        if prop.get("type") == "array" and is_enum_ref(prop.get("items")):
            return {**prop, "items": {"anyOf": [prop["items"], OPEN_ENUM_BRANCH]}}
        return prop

    def fix(node: Node) -> Node:
        if isinstance(node, dict) and isinstance(node.get("properties"), dict):
            node["properties"] = {k: fix_property(v) for k, v in node["properties"].items()}
        return node

    spec["components"] = rewrite(spec.get("components", {}), fix)
    spec["paths"] = rewrite(spec.get("paths", {}), fix)
