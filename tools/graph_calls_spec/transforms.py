"""Small, named spec transforms. Each mutates an OpenAPI document (a dict) in place.

Each one works around a specific problem of the upstream module with openapi-python-client 0.29.1 or a
JSON Schema validator; its docstring says which, and ``tests/spec/test_transforms.py`` shows the runtime
failure it prevents. Iteration order is always that of the document or of sorted names, so the output is
the same whatever PYTHONHASHSEED.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graph_calls_spec.csdl import Csdl, CsdlProperty, unqualify
from graph_calls_spec.rules import HTTP_METHODS, DocFix, canonical_key

Spec = dict[str, Any]
Node = Any

SCHEMAS = "#/components/schemas/"
NULL_BRANCH: dict[str, Any] = {"nullable": True, "enum": [None]}
OPEN_ENUM_BRANCH: dict[str, Any] = {"type": "string"}
ODATA_TYPE = "@odata.type"
ODATA_QUERY_LISTS = ("$select", "$expand", "$orderby")
COMPONENT_SECTIONS = ("schemas", "responses", "parameters", "requestBodies", "headers", "examples")


class SpecError(Exception):
    """The inputs cannot be turned into a valid, unambiguous spec."""


# ---------------------------------------------------------------------------------------------- helpers


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


# ------------------------------------------------------------------------ f, l. types from the metadata

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


# ------------------------------------------------------------------------------- c, d, e, k, l. shapes


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

    Parsing tries the branches in order and each miss costs an exception: an identity set, with eleven
    identity slots, tried seven subtypes before the plain ``identity`` the service sends in every one
    of them — about 40 % of the time to parse a page of participants. A subtype in another slot still
    parses, as the open base with its ``@odata.type`` and extras kept. A property that is not a union in
    this input (an older module, another rule turned off) is left alone.
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
