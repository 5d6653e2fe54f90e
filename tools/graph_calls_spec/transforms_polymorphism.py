"""Transforms e and m on polymorphism: ``@odata.type`` on every Graph type, subtypes that require their own
value, references to a polymorphic base turned into unions of its subtypes, unions narrowed to the subtypes
that go there, and the validation-only variant where the open base no longer swallows a malformed subtype.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def add_odata_type_property(spec: Spec, graph_types: Iterable[str]) -> None:
    """e. An optional ``@odata.type`` string on every Graph root type, so it is a typed field everywhere."""
    names = set(graph_types)
    for name, schema in schemas(spec).items():
        if name not in names or "allOf" in schema or is_enum_schema(schema):
            continue
        properties = schema.setdefault("properties", {})
        if ODATA_TYPE not in properties:
            schema["properties"] = {ODATA_TYPE: {"type": "string"}, **properties}


def polymorphic_subtypes(spec: Spec, csdl: Csdl, base: str) -> list[str]:
    """The spec's subtypes of ``base``, most derived first, then by name."""
    present = [name for name in csdl.subtypes(base) if name in schemas(spec)]
    return sorted(present, key=lambda name: (-len(csdl.ancestors(name)), name))


def mark_subtypes(spec: Spec, csdl: Csdl, bases: Iterable[str]) -> None:
    """e. Each subtype requires its own ``@odata.type`` value, defaulting to it.

    The union parser dispatches on it (the generator ignores ``discriminator``), and ``to_dict`` emits it.
    An intermediate type also accepts its own descendants' values, or they could not satisfy both.
    """
    for base in bases:
        if base not in schemas(spec):
            continue
        for name in polymorphic_subtypes(spec, csdl, base):
            part = object_part(schemas(spec)[name])
            values = [f"#microsoft.graph.{name}"]
            values += [f"#microsoft.graph.{d}" for d in polymorphic_subtypes(spec, csdl, name)]
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
