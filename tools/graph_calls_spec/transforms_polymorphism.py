"""Transforms e and m on polymorphism: ``@odata.type`` on every Graph type, subtypes that require their own
value, references to a polymorphic base turned into unions of its subtypes, unions narrowed to the subtypes
that go there, and the validation-only variant where the open base no longer swallows a malformed subtype.

A subtype is known from the metadata, or, for a type the metadata lacks (a module newer than its metadata,
e.g. ``sendDtmfTonesOperation`` with the 2023-12 metadata), from the module's own ``allOf`` inheritance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph_calls_spec.csdl import Csdl
from graph_calls_spec.spec_nodes import (
    NULL_BRANCH,
    ODATA_TYPE,
    OPEN_ENUM_BRANCH,
    Node,
    Spec,
    is_enum_schema,
    object_part,
    ref_name,
    rewrite,
    schema_ref,
    schemas,
)

ODATA_PREFIX = "#microsoft.graph."


def add_odata_type_property(spec: Spec, graph_types: Iterable[str]) -> None:
    """e. An optional ``@odata.type`` string on every Graph root type, so it is a typed field everywhere."""
    names = set(graph_types)
    for name, schema in schemas(spec).items():
        if name not in names or "allOf" in schema or is_enum_schema(schema):
            continue
        properties = schema.setdefault("properties", {})
        if ODATA_TYPE not in properties:
            schema["properties"] = {ODATA_TYPE: {"type": "string"}, **properties}


def graph_ancestors(spec: Spec, csdl: Csdl, name: str) -> list[str]:
    """Base types of ``name``, nearest first: the metadata's when it has the type, else the module's.

    The module's chain is the first ``allOf`` reference of each schema, followed until a type the metadata
    knows (whose own ancestors it then gives) or a schema without one.
    """
    chain: list[str] = []
    current = name
    while current not in csdl.types:
        schema = schemas(spec).get(current)
        branches = schema.get("allOf") if isinstance(schema, dict) else None
        parent = ref_name(branches[0]) if isinstance(branches, list) and len(branches) > 1 else None
        if parent is None or parent == name or parent in chain:
            return chain
        chain.append(parent)
        current = parent
    return [*chain, *csdl.ancestors(current)]


def polymorphic_subtypes(spec: Spec, csdl: Csdl, base: str) -> list[str]:
    """The spec's subtypes of ``base`` (from the metadata, or the module's inheritance), most derived first,
    then by name."""
    depth = {name: graph_ancestors(spec, csdl, name) for name in schemas(spec) if name != base}
    present = [name for name, ancestors in depth.items() if base in ancestors]
    return sorted(present, key=lambda name: (-len(depth[name]), name))


def declared_odata_types(spec: Spec) -> dict[str, str]:
    """Schema → the ``@odata.type`` value the module itself gives it (a ``default``, else a single ``enum``).

    Microsoft's PowerShell modules declare none (``EnableDiscriminatorValue: false``); a module in the full
    spec's style does. Read before :func:`~graph_calls_spec.transforms_properties.drop_value_defaults`.
    """
    found: dict[str, str] = {}
    for name, schema in schemas(spec).items():
        properties = object_part(schema).get("properties") if isinstance(schema, dict) else None
        odata = properties.get(ODATA_TYPE) if isinstance(properties, dict) else None
        if not isinstance(odata, dict):
            continue
        enum = odata.get("enum")
        if isinstance(odata.get("default"), str):
            found[name] = odata["default"]
        elif isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
            found[name] = enum[0]
    return found


def mark_subtypes(
    spec: Spec, csdl: Csdl, bases: Iterable[str], declared: Mapping[str, str] | None = None
) -> None:
    """e. Each subtype requires its own ``@odata.type`` value, defaulting to it.

    The union parser dispatches on it (the generator ignores ``discriminator``), and ``to_dict`` emits it.
    An intermediate type also accepts its own descendants' values, or they could not satisfy both. The
    value is the one the module declares (``declared``, :func:`declared_odata_types`), else
    ``#microsoft.graph.<name>``.
    """
    declared = declared or {}
    for base in bases:
        if base not in schemas(spec):
            continue
        for name in polymorphic_subtypes(spec, csdl, base):
            part = object_part(schemas(spec)[name])
            values = [declared.get(name, ODATA_PREFIX + name)]
            values += [declared.get(d, ODATA_PREFIX + d) for d in polymorphic_subtypes(spec, csdl, name)]
            properties = part.setdefault("properties", {})
            part["properties"] = {
                ODATA_TYPE: {"type": "string", "enum": values, "default": values[0]},
                **{k: v for k, v in properties.items() if k != ODATA_TYPE},
            }
            part["required"] = [
                ODATA_TYPE,
                *[r for r in part.get("required", []) if r != ODATA_TYPE],
            ]


def polymorphic_unions(spec: Spec, csdl: Csdl, bases: Iterable[str]) -> None:
    """e. Every reference to a polymorphic base becomes ``anyOf: [subtypes..., base]``.

    The generator ignores ``discriminator`` and has no inheritance, so ``IdentitySet(user=
    CommunicationsUserIdentity(...))`` failed to serialize and a guest identity parsed as plain
    ``Identity``. ``anyOf``, not ``oneOf``: a subtype payload also matches the open base branch.
    References inside ``allOf`` are inheritance and stay as they are.
    """
    unions = {
        base: [schema_ref(s) for s in polymorphic_subtypes(spec, csdl, base)]
        for base in bases
        if base in schemas(spec)
    }

    def fix(node: Node, in_all_of: bool = False) -> Node:
        if isinstance(node, list):
            return [fix(v, in_all_of) for v in node]
        if not isinstance(node, dict):
            return node
        name = ref_name(node)
        if name in unions and unions[name] and not in_all_of:
            return {"anyOf": [*unions[name], schema_ref(name)]}
        return {k: fix(v, k == "allOf") for k, v in node.items()}

    spec["paths"] = fix(spec.get("paths", {}))
    spec["components"] = fix(spec.get("components", {}))


def narrow_unions(spec: Spec, narrowing: dict[str, tuple[str, ...]]) -> None:
    """e. Some properties' unions keep only the subtypes that go there (``identitySet.user``: users).

    Parsing tries the branches in order: an identity set, with eleven identity slots, tried seven subtypes
    before the plain ``identity`` the service sends in every one of them, each miss an exception — about
    40 % of the time to parse a page of participants (a miss is now a skipped ``@odata.type`` guard, see
    :mod:`graph_calls_spec.model_parsers`, but still a step, and each slot is typed as what it carries). A
    subtype in another slot still parses, as the open base with its ``@odata.type`` and extras kept. A
    property that is not a union in this input (an older module, another rule turned off) is left alone.
    """
    for dotted, allowed in narrowing.items():
        schema_name, _, prop_name = dotted.partition(".")
        schema = schemas(spec).get(schema_name)
        prop = object_part(schema).get("properties", {}).get(prop_name) if schema else None
        if not isinstance(prop, dict) or "anyOf" not in prop:
            continue
        branches = prop["anyOf"]
        base = ref_name(branches[-1]) if branches[-1] != NULL_BRANCH else ref_name(branches[-2])
        prop["anyOf"] = [
            b for b in branches if ref_name(b) is None or ref_name(b) == base or ref_name(b) in allowed
        ]


# ----------------------------------------------------------------------------------- m. validation only


def strict_unions_for_validation(spec: Spec) -> None:
    """m. The validation-only variant: the open base of a union no longer swallows a malformed subtype.

    The base branch becomes ``allOf: [base, not: {@odata.type in subtypes}]`` and the open-enum string
    branches go. Never a generator input: the generator turns ``not`` into anonymous classes.
    """
    all_schemas = schemas(spec)

    def odata_values(name: str) -> list[str]:
        part = object_part(all_schemas[name])
        values: list[str] = part.get("properties", {}).get(ODATA_TYPE, {}).get("enum", [])
        return values

    def fix(node: Node) -> Node:
        if not (isinstance(node, dict) and isinstance(node.get("anyOf"), list)):
            return node
        branches = [b for b in node["anyOf"] if b != OPEN_ENUM_BRANCH]
        named = [ref_name(b) for b in branches]
        sub_values = [
            v
            for n in named
            if n and ODATA_TYPE in object_part(all_schemas[n]).get("required", [])
            for v in odata_values(n)
        ]
        if sub_values:
            branches = [
                {
                    "allOf": [
                        b,
                        {
                            "not": {
                                "required": [ODATA_TYPE],
                                "properties": {ODATA_TYPE: {"enum": sorted(set(sub_values))}},
                            }
                        },
                    ]
                }
                if n and ODATA_TYPE not in object_part(all_schemas[n]).get("required", [])
                else b
                for b, n in zip(branches, named, strict=True)
            ]
        return {**node, "anyOf": branches}

    spec["components"] = rewrite(spec.get("components", {}), fix)
    spec["paths"] = rewrite(spec.get("paths", {}), fix)
