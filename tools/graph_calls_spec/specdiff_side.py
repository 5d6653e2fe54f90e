"""One side of the drift comparison: a built spec read without dereferencing.

Owns :class:`Side` (inheritance, enums, polymorphic unions, normalized type signatures), component
references, a component schema's form (its base, its category, its shape), how operation parts are printed
(parameters, bodies, responses), a parameter without the serialization defaults it spells out, and the
operations of a spec by canonical key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph_calls_spec.rules import HTTP_METHODS, canonical_key
from graph_calls_spec.spec_nodes import (
    NULL_BRANCH,
    ODATA_TYPE,
    OPEN_ENUM_BRANCH,
    SOURCE_EXTENSION,
    Node,
    Spec,
    is_enum_schema,
)
from graph_calls_spec.specdiff_changes import NO_BODY, NONE

Key = tuple[str, str]
# Where the pipeline took a property from (the metadata, when the module lacks it): not what it is, so the
# comparison never reports it as a change.
SOURCE_MARKER = SOURCE_EXTENSION
# OpenAPI 3.0's ``style`` per parameter location when none is given; ``explode`` defaults to true for
# ``form`` only. Spelling a default out or leaving it implied serializes the same.
DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def is_null_branch(node: Node) -> bool:
    """The ``{nullable: true, enum: [null]}`` branch our transforms add to accept null."""
    return node == NULL_BRANCH or (isinstance(node, dict) and node.get("enum") == [None])


def is_inline(node: Node) -> bool:
    """A schema written out in place (not a ``$ref``)."""
    return isinstance(node, dict) and component_ref(node) is None


def component_ref(node: Node) -> str | None:
    """``X`` for a schema reference, ``responses/X`` (etc.) for other components; None if not a $ref."""
    if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
        return None
    ref: str = node["$ref"].removeprefix("#/components/")
    return ref.removeprefix("schemas/")


class Side:
    """A built spec with the facts the comparison reads: inheritance, enums, polymorphic unions."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        components = spec.get("components", {})
        self.schemas: dict[str, Any] = components.get("schemas", {})
        self.parameters: dict[str, Any] = components.get("parameters", {})
        self.parents: dict[str, str] = {}
        for name, schema in self.schemas.items():
            first = schema.get("allOf", [None])[0] if isinstance(schema, dict) else None
            base = component_ref(first)
            if base is not None:
                self.parents[name] = base
        self.union_subtypes: dict[str, set[str]] = {}
        for node in walk(spec):
            self._note_union(node)

    def descends(self, name: str, base: str) -> bool:
        """Whether ``name`` inherits, directly or not, from ``base`` (through ``allOf``)."""
        seen: set[str] = set()
        while name in self.parents and name not in seen:
            seen.add(name)
            name = self.parents[name]
            if name == base:
                return True
        return False

    def is_enum(self, name: str | None) -> bool:
        """Whether ``name`` is an enum component."""
        return name is not None and is_enum_schema(self.schemas.get(name))

    def branches(self, node: dict[str, Any]) -> list[Any]:
        """The non-null branches of a union; the open-enum string branch of an enum reference dropped."""
        raw = node.get("anyOf") or node.get("oneOf") or []
        rest = [b for b in raw if not is_null_branch(b)]
        if any(self.is_enum(component_ref(b)) for b in rest):
            rest = [b for b in rest if b != OPEN_ENUM_BRANCH]
        return rest

    def polymorphic_base(self, branches: list[Any]) -> str | None:
        """``B`` when the branches are ``[subtypes of B..., B]`` (our polymorphism transform's unions)."""
        names = [name for name in map(component_ref, branches) if name is not None]
        if len(names) < 2 or len(names) < len(branches):
            return None
        for base in names:
            if all(n == base or self.descends(n, base) for n in names):
                return base
        return None

    def _note_union(self, node: Node) -> None:
        """Record the subtypes of a polymorphic union found at ``node``."""
        if isinstance(node, dict) and ("anyOf" in node or "oneOf" in node):
            branches = self.branches(node)
            base = self.polymorphic_base(branches)
            if base is not None:
                subtypes = {str(component_ref(b)) for b in branches} - {base}
                self.union_subtypes.setdefault(base, set()).update(subtypes)

    def signature(self, node: Node) -> tuple[str, bool]:
        """The normalized type of a schema node, and whether it accepts null.

        A reference is its target's name; a polymorphic union is its base (subtypes are compared once, on the
        base); another union is its sorted branch set; an array is ``array<item>``; else ``type/format``.
        """
        if not isinstance(node, dict):
            return "any", False
        nullable = node.get("nullable") is True
        ref = component_ref(node)
        if ref is not None:
            return ref, nullable
        if "anyOf" in node or "oneOf" in node:
            return self._union_signature(node, nullable)
        if isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
            inner, inner_nullable = self.signature(node["allOf"][0])
            return inner, nullable or inner_nullable
        return self._plain_signature(node), nullable

    def _union_signature(self, node: dict[str, Any], nullable: bool) -> tuple[str, bool]:
        raw = node.get("anyOf") or node.get("oneOf") or []
        branches = self.branches(node)
        nullable = nullable or any(is_null_branch(b) for b in raw)
        base = self.polymorphic_base(branches)
        if base is not None:
            return base, nullable
        signatures = sorted({self.display(b) for b in branches})
        return " | ".join(signatures) or "any", nullable

    def _plain_signature(self, node: dict[str, Any]) -> str:
        kind = node.get("type")
        if kind == "array":
            return f"array<{self.display(node.get('items'), null_mark='?')}>"
        if "allOf" in node:
            return "allOf(" + ", ".join(self.display(b) for b in node["allOf"]) + ")"
        if kind is None:
            kind = "object" if "properties" in node else ("enum" if "enum" in node else "any")
            return str(kind)
        text = f"{kind}/{node['format']}" if "format" in node else str(kind)
        return f"{text} enum" if "enum" in node else text

    def display(self, node: Node, null_mark: str = " | null") -> str:
        """The signature as printed: ``participantInfo | null``, ``array<string>``."""
        sig, nullable = self.signature(node)
        return sig + (null_mark if nullable else "")

    def union_set(self, node: Node) -> set[str] | None:
        """The branch set of a non-polymorphic union (None for anything else)."""
        if not isinstance(node, dict) or not ("anyOf" in node or "oneOf" in node):
            return None
        branches = self.branches(node)
        if len(branches) < 2 or self.polymorphic_base(branches) is not None:
            return None
        return {self.display(b) for b in branches}

    def parameter_name(self, param: Node) -> str:
        """A parameter's key: its name, looked up (not expanded) for a ``$ref`` to a component parameter."""
        ref = component_ref(param)
        if ref is None:
            return str(param.get("name", "?")) if isinstance(param, dict) else "?"
        target = self.parameters.get(ref.removeprefix("parameters/"), {})
        return str(target.get("name", ref))


def walk(node: Node) -> Iterator[Node]:
    """Every dict and list under ``node``, parents first, in document order."""
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def own_part(schema: dict[str, Any]) -> dict[str, Any]:
    """The part of a schema that carries its own properties: the last non-reference ``allOf`` branch."""
    if "allOf" not in schema:
        return schema
    parts = [p for p in schema["allOf"] if isinstance(p, dict) and component_ref(p) is None]
    return parts[-1] if parts else {}


def bases(schema: dict[str, Any]) -> list[str]:
    """The schemas a component inherits from (the references in its ``allOf``)."""
    return [str(component_ref(p)) for p in schema.get("allOf", []) if component_ref(p) is not None]


def base_text(schema: dict[str, Any]) -> str:
    """``extends B`` or ``no base``."""
    return "extends " + ", ".join(bases(schema)) if bases(schema) else "no base"


def category(schema: Any) -> str:
    """``enum``, ``object`` (with or without a base) or the JSON type: what a schema change cannot cross."""
    if not isinstance(schema, dict):
        return "any"
    if is_enum_schema(schema):
        return "enum"
    if "allOf" in schema or "properties" in schema:
        return "object"
    return str(schema.get("type", "object"))


def shape(schema: Any) -> str:
    """A component schema's form: ``enum (n members)``, ``extends B``, ``object (n properties)``..."""
    if not isinstance(schema, dict):
        return "any"
    if "allOf" in schema:
        return base_text(schema) if bases(schema) else "object"
    if is_enum_schema(schema):
        return f"enum ({len(schema['enum'])} members)"
    if schema.get("type", "object") == "object":
        count = len([p for p in schema.get("properties") or {} if p != ODATA_TYPE])
        return f"object ({count} {'property' if count == 1 else 'properties'})"
    return str(schema.get("type"))


def parameter_value(side: Side, param: Node) -> str:
    """A parameter as printed: ``query integer``, ``path string, required`` or its component."""
    ref = component_ref(param)
    if ref is not None or not isinstance(param, dict):
        return str(ref)
    required = ", required" if param.get("required") else ""
    return f"{param.get('in')} {side.display(param.get('schema', {}))}{required}"


def without_defaults(param: dict[str, Any]) -> dict[str, Any]:
    """A parameter without its ``style`` and ``explode`` where they spell out the OpenAPI defaults."""
    style = param.get("style", DEFAULT_STYLE.get(str(param.get("in")), "form"))
    drop: set[str] = set()
    if param.get("style") == DEFAULT_STYLE.get(str(param.get("in"))):
        drop.add("style")
    if param.get("explode") == (style == "form"):
        drop.add("explode")
    return {k: v for k, v in param.items() if k not in drop}


def media_value(side: Side, media: str, content: Any) -> str:
    """A content entry as printed: ``application/json call``."""
    schema = content.get("schema") if isinstance(content, dict) else None
    return f"{media} {side.display(schema)}" if schema is not None else media


def body_value(side: Side, body: Node) -> str:
    """A request body or response as printed: its content entries, or its component."""
    ref = component_ref(body)
    if ref is not None or not isinstance(body, dict):
        return str(ref)
    contents = body.get("content") or {}
    return ", ".join(media_value(side, m, contents[m]) for m in sorted(contents)) or NONE


def response_value(side: Side, response: Node) -> str:
    """A response as printed: its content, ``no body``, or its component."""
    ref = component_ref(response)
    if ref is not None or not isinstance(response, dict):
        return str(ref)
    return body_value(side, response) if response.get("content") else NO_BODY


def operations_by_key(spec: Spec) -> dict[Key, tuple[str, dict[str, Any]]]:
    """Operations by canonical key → (path, operation); path-level parameters merged into the operation's."""
    found: dict[Key, tuple[str, dict[str, Any]]] = {}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters") or []
        for method in HTTP_METHODS:
            if method in item:
                op = dict(item[method])
                if shared:
                    own = {(p.get("name"), p.get("in")) for p in op.get("parameters") or []}
                    inherited = [p for p in shared if (p.get("name"), p.get("in")) not in own]
                    op["parameters"] = [*inherited, *(op.get("parameters") or [])]
                found[canonical_key(method, path)] = (path, op)
    return found
