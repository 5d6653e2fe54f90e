"""Structural comparison of two built specs, change by change, each classified for SDK users.

Works by component name and never dereferences, so a change to a schema is reported once, where it is
defined, not at every operation that reaches it. Polymorphic unions (``anyOf: [subtypes..., base]``) compare
as their base; their subtypes are compared once, on the base. :func:`diff_specs` is the entry point; the
classes and the reasoning behind them are described in :mod:`graph_calls_spec.drift`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graph_calls_spec.rules import HTTP_METHODS, canonical_key
from graph_calls_spec.transforms import NULL_BRANCH, ODATA_TYPE, OPEN_ENUM_BRANCH, is_enum_schema

Spec = dict[str, Any]
Node = Any
Key = tuple[str, str]

CLASSES = ("breaking", "additive", "cosmetic")
IGNORED = "ignored"
NOT_SHIPPED = "not-shipped"
NONE = "(none)"
CLIP = 80
URL_CLIP = 100
CONTEXT = 12

# Report order, within a class: operations, their parts, schemas, then the cosmetic kinds, docs last.
KINDS = (
    "operation.added",
    "operation.removed",
    "operation.renamed",
    "parameter.added",
    "parameter.removed",
    "parameter.retyped",
    "parameter.in.changed",
    "parameter.required.changed",
    "request.added",
    "request.removed",
    "request.required.changed",
    "request.content.added",
    "request.content.removed",
    "request.retyped",
    "response.added",
    "response.removed",
    "response.status.changed",
    "response.content.added",
    "response.content.removed",
    "response.retyped",
    "schema.added",
    "schema.removed",
    "schema.retyped",
    "schema.base.changed",
    "subtype.added",
    "subtype.removed",
    "union.branch.added",
    "union.branch.removed",
    "property.added",
    "property.removed",
    "property.renamed",
    "property.retyped",
    "property.required.changed",
    "nullable.changed",
    "enum.member.added",
    "enum.member.removed",
    "default.changed",
    "keyword.changed",
    "operationId.changed",
    "summary.changed",
    "description.changed",
    "externalDocs.changed",
    "operation.not-shipped",
    "subtype.not-shipped",
)
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}

# kind → (class, reason) where the class does not depend on the values.
FIXED: dict[str, tuple[str, str]] = {
    "operation.added": ("additive", "a new SDK function"),
    "operation.removed": ("breaking", "the SDK function disappears"),
    "operation.renamed": ("breaking", "our operationId names the generated module and function"),
    "parameter.removed": ("breaking", "calls that pass it fail"),
    "parameter.retyped": ("breaking", "the generated argument changes type"),
    "parameter.in.changed": ("breaking", "the argument moves between path, query and header"),
    "request.removed": ("breaking", "calls that pass a body fail"),
    "request.retyped": ("breaking", "the function takes another body model"),
    "request.content.added": ("additive", "one more accepted content type"),
    "request.content.removed": ("breaking", "a content type callers may send is no longer accepted"),
    "response.added": ("additive", "the SDK parses one more status"),
    "response.removed": ("breaking", "the SDK stops parsing that status"),
    "response.content.added": ("additive", "the function now returns a parsed body"),
    "response.content.removed": ("breaking", "the function stops returning that body"),
    "response.retyped": ("breaking", "the function returns another model"),
    "schema.added": ("additive", "a new model"),
    "schema.removed": ("breaking", "the generated model disappears"),
    "schema.retyped": ("breaking", "the model changes shape (object, enum, type)"),
    "schema.base.changed": ("breaking", "inherited fields change"),
    "subtype.added": ("additive", "one more union branch wherever the base is referenced"),
    "subtype.removed": ("breaking", "a union branch disappears wherever the base is referenced"),
    "union.branch.added": ("additive", "the union accepts one more type"),
    "union.branch.removed": ("breaking", "the union no longer accepts that type"),
    "property.removed": ("breaking", "code using the field fails"),
    "property.renamed": ("breaking", "the field is renamed: code using the old name fails"),
    "property.retyped": ("breaking", "the generated field changes type"),
    "enum.member.added": ("additive", "one more accepted value"),
    "enum.member.removed": ("breaking", "a value callers may use disappears"),
    "default.changed": ("breaking", "code that omits the value now sends or reads another one"),
    "keyword.changed": ("cosmetic", "the generator ignores it: no generated type or signature changes"),
    "operationId.changed": (
        "cosmetic",
        "upstream's operationIds never reach users: ours derive from the path",
    ),
    "summary.changed": ("cosmetic", "documentation only"),
    "description.changed": ("cosmetic", "documentation only"),
    "externalDocs.changed": ("cosmetic", "documentation only"),
}
WIDENING = "widens what is accepted"
NARROWING = "narrows what is accepted"


@dataclass(frozen=True)
class Change:
    """One difference, from BASE (``old``) to TARGET (``new``); ``detail`` is what the report prints."""

    cls: str
    kind: str
    where: str
    old: str | None = None
    new: str | None = None
    label: str = ""
    note: str = ""
    reason: str = ""

    @property
    def detail(self) -> str:
        """``label: old → new (note)``, or the one value of an addition or removal."""
        if self.old is not None and self.new is not None:
            text = f"{self.old} → {self.new}"
        else:
            text = self.new if self.new is not None else (self.old or "")
        text = f"{text} ({self.note})" if self.note else text
        return f"{self.label}: {text}" if self.label else text

    def sort_key(self) -> tuple[int, int, str, str]:
        """Report order: class, kind (see ``KINDS``), where, detail."""
        rank = (*CLASSES, IGNORED, NOT_SHIPPED).index(self.cls)
        return rank, KIND_RANK.get(self.kind, len(KINDS)), self.where, self.detail

    def as_dict(self) -> dict[str, str]:
        """The ``--json`` form."""
        return {
            "class": self.cls,
            "kind": self.kind,
            "where": self.where,
            "detail": self.detail,
            "reason": self.reason,
        }

    def line(self) -> str:
        """The report line: ``kind  where  detail — reason``."""
        return f"{self.kind}  {self.where}  {self.detail} — {self.reason}"


def classify(kind: str, old: str | None, new: str | None, *, required: bool = False) -> tuple[str, str]:
    """The class and one-line reason of a change, for code written against BASE."""
    if kind in FIXED:
        return FIXED[kind]
    if kind in ("parameter.added", "property.added", "request.added"):
        if required:
            return "breaking", "required: existing calls and constructors lack it"
        return "additive", "optional: existing code is unaffected"
    if kind.endswith(".required.changed"):
        return (
            ("breaking", f"{NARROWING}: callers must now pass it")
            if new == "required"
            else (
                "additive",
                f"{WIDENING}: callers may now omit it",
            )
        )
    if kind == "nullable.changed":
        return (
            ("additive", f"{WIDENING}: null is now valid")
            if new == "nullable"
            else (
                "breaking",
                f"{NARROWING}: null is no longer valid",
            )
        )
    if kind == "response.status.changed":
        if "2XX" in (old, new):
            return "cosmetic", "success code moved between a concrete code and 2XX: still parsed as success"
        return "breaking", "the SDK parses only the declared success code"
    raise ValueError(f"unknown change kind {kind}")


def change(
    kind: str,
    where: str,
    old: str | None = None,
    new: str | None = None,
    *,
    label: str = "",
    note: str = "",
    required: bool = False,
) -> Change:
    """A classified :class:`Change`."""
    cls, reason = classify(kind, old, new, required=required)
    return Change(cls, kind, where, old, new, label, note, reason)


# ------------------------------------------------------------------------------------------ rendering


def clip(text: str | None, width: int = CLIP) -> str:
    """One line, at most ``width`` characters; ``(none)`` for a missing value."""
    if text is None:
        return NONE
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def abridge(old: str | None, new: str | None) -> tuple[str, str]:
    """Both texts cut down to where they differ, with a little context, each on one clipped line."""
    if old is None or new is None or max(len(old), len(new)) <= CLIP:
        return clip(old), clip(new)
    a, b = " ".join(old.split()), " ".join(new.split())
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    start = a.rfind(" ", 0, max(0, prefix - CONTEXT)) + 1  # whole words: back to a space (or the start)
    lead = "…" if start else ""

    def cut(text: str) -> str:
        end = text.find(" ", len(text) - suffix + CONTEXT)
        end = len(text) if end < 0 else end
        return clip(lead + text[start:end] + ("…" if end < len(text) else ""))

    return cut(a), cut(b)


def short(value: Any) -> str:
    """A keyword value as compact JSON, clipped."""
    if value is None:
        return NONE
    return clip(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


# ------------------------------------------------------------------------------ one side of a comparison


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


# ------------------------------------------------------------------------------------- schema comparison

SCHEMA_KEYS = {"type", "format", "items", "properties", "required", "enum", "nullable", "anyOf", "oneOf"}
SCHEMA_KEYS |= {"allOf", "$ref", "description", "externalDocs"}


@dataclass
class Differ:
    """Compares two built specs; collects :class:`Change` objects in ``changes``."""

    old: Side
    new: Side
    changes: list[Change] = field(default_factory=list)

    def add(self, *args: Any, **kwargs: Any) -> None:
        """Record a classified change (arguments as for :func:`change`)."""
        self.changes.append(change(*args, **kwargs))

    # -- documentation and leftovers

    def docs(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Summary, description and reference-link changes."""
        for key in ("summary", "description"):
            if old.get(key) != new.get(key):
                self.add(f"{key}.changed", where, *abridge(old.get(key), new.get(key)))
        old_url, new_url = link(old.get("externalDocs")), link(new.get("externalDocs"))
        if old_url != new_url:
            self.add("externalDocs.changed", where, clip(old_url, URL_CLIP), clip(new_url, URL_CLIP))

    def keywords(self, where: str, old: dict[str, Any], new: dict[str, Any], handled: set[str]) -> None:
        """Every other key that differs (``pattern``, ``x-ms-*``, ``links``...), one change each."""
        for key in sorted((set(old) | set(new)) - handled - {"summary", "description", "externalDocs"}):
            if old.get(key) != new.get(key):
                kind = "default.changed" if key == "default" else "keyword.changed"
                self.add(kind, where, short(old.get(key)), short(new.get(key)), label=key)

    # -- schema nodes

    def node(self, where: str, old: Node, new: Node, prefix: str, *, check_type: bool = True) -> None:
        """A schema node on both sides: type, nullability, inline enum, properties, items, docs, keywords."""
        if not (isinstance(old, dict) and isinstance(new, dict)):
            if old != new:
                self.add(f"{prefix}.retyped", where, short(old), short(new))
            return
        if check_type:
            self.type(where, old, new, prefix)
        self.members(where, old.get("enum"), new.get("enum"))
        if "properties" in old or "properties" in new:
            self.object(where, old, new)
        items_old, items_new = old.get("items"), new.get("items")
        if is_inline(items_old) and is_inline(items_new):
            self.node(f"{where}[]", items_old, items_new, prefix, check_type=False)
        self.docs(where, old, new)
        self.keywords(where, old, new, SCHEMA_KEYS)

    def type(self, where: str, old: dict[str, Any], new: dict[str, Any], prefix: str) -> None:
        """The normalized type and nullability of a schema node on both sides."""
        old_sig, old_null = self.old.signature(old)
        new_sig, new_null = self.new.signature(new)
        if old_sig != new_sig:
            old_set, new_set = self.old.union_set(old), self.new.union_set(new)
            if old_set is not None and new_set is not None:
                for branch in sorted(old_set - new_set):
                    self.add("union.branch.removed", where, old=branch)
                for branch in sorted(new_set - old_set):
                    self.add("union.branch.added", where, new=branch)
            else:
                self.add(f"{prefix}.retyped", where, old_sig, new_sig)
        if old_null != new_null:
            self.add("nullable.changed", where, nullability(old_null), nullability(new_null))

    def members(self, where: str, old: Any, new: Any) -> None:
        """Enum members added and removed."""
        if not (isinstance(old, list) or isinstance(new, list)):
            return
        old_members, new_members = [str(m) for m in old or []], [str(m) for m in new or []]
        for member in sorted(set(old_members) - set(new_members)):
            self.add("enum.member.removed", where, old=member)
        for member in sorted(set(new_members) - set(old_members)):
            self.add("enum.member.added", where, new=member)

    def object(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Properties added, removed, renamed (case only) or changed, and ``required`` changes."""
        old_props = {k: v for k, v in (old.get("properties") or {}).items() if k != ODATA_TYPE}
        new_props = {k: v for k, v in (new.get("properties") or {}).items() if k != ODATA_TYPE}
        old_required, new_required = set(old.get("required") or []), set(new.get("required") or [])
        removed = sorted(set(old_props) - set(new_props))
        added = sorted(set(new_props) - set(old_props))
        for old_name, new_name in self.renames(old_props, new_props, removed, added):
            removed.remove(old_name)
            added.remove(new_name)
            note = self.new.display(new_props[new_name])
            self.add("property.renamed", where, old_name, new_name, note=note)
        for name in removed:
            value = self.property_value(self.old, old_props, name, name in old_required)
            self.add("property.removed", f"{where}.{name}", old=value)
        for name in added:
            value = self.property_value(self.new, new_props, name, name in new_required)
            self.add("property.added", f"{where}.{name}", new=value, required=name in new_required)
        for name in sorted(set(old_props) & set(new_props)):
            self.node(f"{where}.{name}", old_props[name], new_props[name], "property")
            if (name in old_required) != (name in new_required):
                self.add(
                    "property.required.changed",
                    f"{where}.{name}",
                    requiredness(name in old_required),
                    requiredness(name in new_required),
                )

    def renames(
        self, old_props: dict[str, Any], new_props: dict[str, Any], removed: list[str], added: list[str]
    ) -> list[tuple[str, str]]:
        """Pairs of a removed and an added property whose names differ only in case, with the same type."""
        pairs: list[tuple[str, str]] = []
        taken: set[str] = set()
        for old_name in removed:
            for new_name in added:
                same_name = old_name.lower() == new_name.lower()
                same_type = self.old.display(old_props[old_name]) == self.new.display(new_props[new_name])
                if same_name and same_type and new_name not in taken:
                    pairs.append((old_name, new_name))
                    taken.add(new_name)
                    break
        return pairs

    @staticmethod
    def property_value(side: Side, props: dict[str, Any], name: str, required: bool = False) -> str:
        """A property as printed: its type, ``| null``, ``, required``."""
        return side.display(props[name]) + (", required" if required else "")

    # -- components

    def schema(self, name: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        """A component schema on both sides."""
        if category(old) != category(new):
            self.add("schema.retyped", name, shape(old), shape(new))
            return
        if bases(old) != bases(new):
            self.add("schema.base.changed", name, base_text(old), base_text(new))
        if "allOf" in old or "allOf" in new:
            self.docs(name, old, new)
            self.keywords(name, old, new, SCHEMA_KEYS)
        self.node(name, own_part(old), own_part(new), "schema", check_type=False)

    def schemas(self) -> None:
        """Component schemas added, removed, and changed."""
        old, new = self.old.schemas, self.new.schemas
        for name in sorted(set(old) - set(new)):
            self.add("schema.removed", name, old=shape(old[name]))
        for name in sorted(set(new) - set(old)):
            self.add("schema.added", name, new=shape(new[name]))
        for name in sorted(set(old) & set(new)):
            self.schema(name, old[name], new[name])

    def subtypes(self) -> None:
        """Subtypes of each polymorphic base, compared once on the base rather than at every union."""
        bases = set(self.old.union_subtypes) | set(self.new.union_subtypes)
        for base in sorted(b for b in bases if b in self.old.schemas and b in self.new.schemas):
            old_subs = self.old.union_subtypes.get(base, set())
            new_subs = self.new.union_subtypes.get(base, set())
            for name in sorted(old_subs - new_subs):
                self.add("subtype.removed", base, old=name)
            for name in sorted(new_subs - old_subs):
                self.add("subtype.added", base, new=name)

    def shared_components(self, section: str) -> None:
        """Component responses and parameters used by both sides, compared by name."""
        old = self.old.spec.get("components", {}).get(section, {})
        new = self.new.spec.get("components", {}).get(section, {})
        for name in sorted(set(old) & set(new)):
            where = f"{section}/{name}"
            if section == "parameters":
                self.parameter(where, old[name], new[name])
            else:
                self.response(where, old[name], new[name])

    def top_level(self) -> None:
        """Servers, security and security schemes (``info`` is ours and names the inputs)."""
        old, new = self.old.spec, self.new.spec
        for key in ("servers", "security"):
            if old.get(key) != new.get(key):
                self.add("keyword.changed", "spec", short(old.get(key)), short(new.get(key)), label=key)
        old_sec = old.get("components", {}).get("securitySchemes")
        new_sec = new.get("components", {}).get("securitySchemes")
        if old_sec != new_sec:
            self.add("keyword.changed", "spec", short(old_sec), short(new_sec), label="securitySchemes")

    # -- operations

    def operations(self, paths: dict[Key, str] | None = None) -> None:
        """Operations added, removed and changed, matched by canonical key (method + path)."""
        old, new = operations_by_key(self.old.spec), operations_by_key(self.new.spec)
        for key in sorted(set(old) | set(new)):
            where = operation_where(key, old.get(key), new.get(key), paths or {})
            if key not in new:
                self.add("operation.removed", where, old=str(old[key][1].get("operationId")))
            elif key not in old:
                self.add("operation.added", where, new=str(new[key][1].get("operationId")))
            else:
                self.operation(where, old[key][1], new[key][1])

    def operation(self, where: str, old_op: dict[str, Any], new_op: dict[str, Any]) -> None:
        """One operation on both sides: our operationId, parameters, body, responses, docs."""
        if old_op.get("operationId") != new_op.get("operationId"):
            self.add(
                "operation.renamed", where, str(old_op.get("operationId")), str(new_op.get("operationId"))
            )
        self.parameters(where, old_op.get("parameters") or [], new_op.get("parameters") or [])
        self.request(f"{where} (request body)", old_op.get("requestBody"), new_op.get("requestBody"))
        self.responses(where, old_op.get("responses") or {}, new_op.get("responses") or {})
        self.docs(where, old_op, new_op)
        handled = {"operationId", "tags", "parameters", "requestBody", "responses"}
        self.keywords(where, old_op, new_op, handled)

    def parameters(self, where: str, old: list[Any], new: list[Any]) -> None:
        """Parameters of one operation, matched by name."""
        old_by = {self.old.parameter_name(p): p for p in old}
        new_by = {self.new.parameter_name(p): p for p in new}
        for name in sorted(set(old_by) - set(new_by)):
            self.add(
                "parameter.removed",
                f"{where} (parameter {name})",
                old=parameter_value(self.old, old_by[name]),
            )
        for name in sorted(set(new_by) - set(old_by)):
            param = new_by[name]
            required = isinstance(param, dict) and param.get("required") is True
            value = parameter_value(self.new, param)
            self.add("parameter.added", f"{where} (parameter {name})", new=value, required=required)
        for name in sorted(set(old_by) & set(new_by)):
            self.parameter(f"{where} (parameter {name})", old_by[name], new_by[name])

    def parameter(self, where: str, old: Node, new: Node) -> None:
        """One parameter on both sides: its reference, location, requiredness, schema, docs."""
        old_ref, new_ref = component_ref(old), component_ref(new)
        if old_ref is not None or new_ref is not None:
            if old_ref != new_ref:
                self.add("parameter.retyped", where, str(old_ref or short(old)), str(new_ref or short(new)))
            return
        if old.get("in") != new.get("in"):
            self.add("parameter.in.changed", where, str(old.get("in")), str(new.get("in")))
        if bool(old.get("required")) != bool(new.get("required")):
            old_req, new_req = (
                requiredness(bool(old.get("required"))),
                requiredness(bool(new.get("required"))),
            )
            self.add("parameter.required.changed", where, old_req, new_req)
        self.node(where, old.get("schema", {}), new.get("schema", {}), "parameter")
        self.docs(where, old, new)
        self.keywords(where, old, new, {"name", "in", "required", "schema"})

    def request(self, where: str, old: Node, new: Node) -> None:
        """The request body of one operation."""
        if old is None and new is None:
            return
        if new is None:
            self.add("request.removed", where, old=body_value(self.old, old))
            return
        if old is None:
            required = component_ref(new) is None and new.get("required") is True
            self.add("request.added", where, new=body_value(self.new, new), required=required)
            return
        old_ref, new_ref = component_ref(old), component_ref(new)
        if old_ref is not None or new_ref is not None:
            if old_ref != new_ref:
                self.add("request.retyped", where, str(old_ref or short(old)), str(new_ref or short(new)))
            return
        if bool(old.get("required")) != bool(new.get("required")):
            old_req, new_req = (
                requiredness(bool(old.get("required"))),
                requiredness(bool(new.get("required"))),
            )
            self.add("request.required.changed", where, old_req, new_req)
        self.content(where, old.get("content") or {}, new.get("content") or {}, "request")
        self.docs(where, old, new)
        self.keywords(where, old, new, {"content", "required"})

    def responses(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Responses by status; a single success response moving between codes is one status change."""
        old_keys, new_keys = {str(k): k for k in old}, {str(k): k for k in new}
        old_ok = [k for k in old_keys if k.startswith("2")]
        new_ok = [k for k in new_keys if k.startswith("2")]
        pairs = [(k, k) for k in sorted(set(old_keys) & set(new_keys))]
        if len(old_ok) == 1 and len(new_ok) == 1 and old_ok != new_ok:
            self.add("response.status.changed", where, old_ok[0], new_ok[0])
            pairs.append((old_ok[0], new_ok[0]))
        paired_old, paired_new = {p[0] for p in pairs}, {p[1] for p in pairs}
        for key in sorted(set(old_keys) - paired_old):
            response = old[old_keys[key]]
            self.add("response.removed", f"{where} (response {key})", old=response_value(self.old, response))
        for key in sorted(set(new_keys) - paired_new):
            response = new[new_keys[key]]
            self.add("response.added", f"{where} (response {key})", new=response_value(self.new, response))
        for old_key, new_key in sorted(pairs):
            label = old_key if old_key == new_key else "success"
            self.response(f"{where} (response {label})", old[old_keys[old_key]], new[new_keys[new_key]])

    def response(self, where: str, old: Node, new: Node) -> None:
        """One response on both sides: its reference or its content, docs and other keys."""
        old_ref, new_ref = component_ref(old), component_ref(new)
        if old_ref is not None or new_ref is not None:
            if old_ref != new_ref:
                self.add("response.retyped", where, str(old_ref or short(old)), str(new_ref or short(new)))
            return
        self.content(where, old.get("content") or {}, new.get("content") or {}, "response")
        self.docs(where, old, new)
        self.keywords(where, old, new, {"content"})

    def content(self, where: str, old: dict[str, Any], new: dict[str, Any], prefix: str) -> None:
        """Content types added and removed; the schema of those on both sides."""
        for media in sorted(set(old) - set(new)):
            self.add(f"{prefix}.content.removed", where, old=media_value(self.old, media, old[media]))
        for media in sorted(set(new) - set(old)):
            self.add(f"{prefix}.content.added", where, new=media_value(self.new, media, new[media]))
        for media in sorted(set(old) & set(new)):
            at = where if media == "application/json" else f"{where} {media}"
            old_schema, new_schema = old[media].get("schema", {}), new[media].get("schema", {})
            self.node(at, old_schema, new_schema, prefix)
            self.keywords(at, old[media], new[media], {"schema"})


# ------------------------------------------------------------------------------------------- helpers


def link(docs: Any) -> str | None:
    """The URL of an ``externalDocs`` object."""
    if isinstance(docs, dict):
        return str(docs.get("url")) if docs.get("url") is not None else short(docs)
    return None if docs is None else str(docs)


def nullability(nullable: bool) -> str:
    """How a nullability state is printed."""
    return "nullable" if nullable else "not nullable"


def requiredness(required: bool) -> str:
    """How a required state is printed."""
    return "required" if required else "optional"


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
    return body_value(side, response) if response.get("content") else "no body"


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


def operation_where(key: Key, old: Any, new: Any, paths: dict[Key, str]) -> str:
    """``METHOD path``: the keep-list's spelling when known, else the spec's (the same both ways)."""
    if key in paths:
        return f"{key[0]} {paths[key]}"
    spelled = sorted(str(side[0]) for side in (old, new) if side is not None)
    return f"{key[0]} {spelled[0]}"


def diff_specs(old: Spec, new: Spec, paths: dict[Key, str] | None = None) -> list[Change]:
    """Every difference between two built specs, classified, deduplicated and sorted.

    ``paths`` spells operation locations (canonical key → path, e.g. the keep-list's). Needs no files.
    """
    differ = Differ(Side(old), Side(new))
    differ.operations(paths)
    differ.schemas()
    differ.subtypes()
    differ.shared_components("responses")
    differ.shared_components("parameters")
    differ.top_level()
    return sorted(set(differ.changes), key=Change.sort_key)
