"""Structural comparison of two built specs, change by change, each classified for SDK users.

Works by component name and never dereferences, so a change to a schema is reported once, where it is
defined, not at every operation that reaches it. Polymorphic unions (``anyOf: [subtypes..., base]``) compare
as their base; their subtypes are compared once, on the base. :func:`diff_specs` is the entry point; the
classes and the reasoning behind them are described in :mod:`graph_calls_spec.drift`.

Before comparing, what serializes or documents the same is normalized away: a parameter's ``style`` and
``explode`` at their OpenAPI defaults, a reference link whose locale, anchor or redirected host moved, and the
pipeline's source marker. Renames are paired when unambiguous (:func:`pair_renames`), and reference-link
changes fold into one line per operation or schema (:func:`fold_links`).

This module walks both sides (:class:`Differ`). What a change is, its class and how its values print are in
:mod:`.specdiff_changes`; what one side knows about itself (inheritance, unions, type signatures) is in
:mod:`.specdiff_side`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph_calls_spec.spec_nodes import ODATA_TYPE, Node, Spec
from graph_calls_spec.specdiff_changes import (
    CLASSES,
    IGNORED,
    NOT_SHIPPED,
    URL_CLIP,
    Change,
    abridge,
    change,
    clip,
    link,
    nullability,
    page,
    requiredness,
    short,
    status_move,
)
from graph_calls_spec.specdiff_side import (
    SOURCE_MARKER,
    Key,
    Side,
    base_text,
    bases,
    body_value,
    category,
    component_ref,
    is_inline,
    media_value,
    operations_by_key,
    own_part,
    parameter_value,
    response_value,
    shape,
    without_defaults,
)

__all__ = [
    "CLASSES",
    "IGNORED",
    "NOT_SHIPPED",
    "SCHEMA_KEYS",
    "Change",
    "Differ",
    "Key",
    "Spec",
    "change",
    "diff_specs",
    "fold_links",
    "operation_where",
    "pair_renames",
]

# ------------------------------------------------------------------------------------- schema comparison

SCHEMA_KEYS = {"type", "format", "items", "properties", "required", "enum", "nullable", "anyOf", "oneOf"}
SCHEMA_KEYS |= {"allOf", "$ref", "description", "externalDocs"}
# Never reported by the keyword comparison: documentation has its own kinds; the source marker says where a
# property came from (the module or the metadata), which changes nothing users see.
UNREPORTED_KEYS = {"summary", "description", "externalDocs", SOURCE_MARKER}
OPERATION_WHERE = re.compile(r"[A-Z]+ /")


def pair_renames(removed: dict[str, str], added: dict[str, str]) -> list[tuple[str, str]]:
    """Which removed and added names are one renamed thing; ``removed`` and ``added`` map names to signatures.

    A pair has the same signature and either names that differ only in case, or is the only removed and the
    only added name of that signature. Anything ambiguous stays a removal and an addition.
    """
    pairs: list[tuple[str, str]] = []
    unpaired = dict(added)
    for old_name in sorted(removed):
        same = [
            n for n in sorted(unpaired) if n.lower() == old_name.lower() and unpaired[n] == removed[old_name]
        ]
        if same:
            pairs.append((old_name, same[0]))
            del unpaired[same[0]]
    paired = {old_name for old_name, _ in pairs}
    left = {name: sig for name, sig in removed.items() if name not in paired}
    for signature in sorted(set(left.values())):
        olds = [name for name, sig in left.items() if sig == signature]
        news = [name for name, sig in unpaired.items() if sig == signature]
        if len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0]))
    return sorted(pairs)


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
        if page(old_url) != page(new_url):
            self.add("externalDocs.changed", where, clip(old_url, URL_CLIP), clip(new_url, URL_CLIP))

    def keywords(self, where: str, old: dict[str, Any], new: dict[str, Any], handled: set[str]) -> None:
        """Every other key that differs (``pattern``, ``x-ms-*``, ``links``...), one change each."""
        for key in sorted((set(old) | set(new)) - handled - UNREPORTED_KEYS):
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
        """Enum members added, removed and renamed (one removed and one added, or a case change)."""
        if not (isinstance(old, list) or isinstance(new, list)):
            return
        old_members, new_members = {str(m) for m in old or []}, {str(m) for m in new or []}
        removed = dict.fromkeys(old_members - new_members, "")
        added = dict.fromkeys(new_members - old_members, "")
        for old_member, new_member in pair_renames(removed, added):
            del removed[old_member], added[new_member]
            self.add("enum.member.renamed", where, old_member, new_member)
        for member in sorted(removed):
            self.add("enum.member.removed", where, old=member)
        for member in sorted(added):
            self.add("enum.member.added", where, new=member)

    def object(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Properties added, removed, renamed (:func:`pair_renames`) or changed, and ``required`` changes."""
        old_props = {k: v for k, v in (old.get("properties") or {}).items() if k != ODATA_TYPE}
        new_props = {k: v for k, v in (new.get("properties") or {}).items() if k != ODATA_TYPE}
        old_required, new_required = set(old.get("required") or []), set(new.get("required") or [])
        removed = sorted(set(old_props) - set(new_props))
        added = sorted(set(new_props) - set(old_props))
        # What a rename must keep: the type and requiredness (not where the property came from).
        gone = {n: self.old.display(old_props[n]) + str(n in old_required) for n in removed}
        came = {n: self.new.display(new_props[n]) + str(n in new_required) for n in added}
        for old_name, new_name in pair_renames(gone, came):
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

    @staticmethod
    def property_value(side: Side, props: dict[str, Any], name: str, required: bool = False) -> str:
        """A property as printed: its type, ``| null``, ``, required``, ``, from the metadata``."""
        node = props[name]
        source = node.get(SOURCE_MARKER) if isinstance(node, dict) else None
        origin = f", from the {source}" if source else ""
        return side.display(node) + (", required" if required else "") + origin

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
        """Parameters of one operation, matched by name; renames paired as in :func:`pair_renames`."""
        old_by = {self.old.parameter_name(p): p for p in old}
        new_by = {self.new.parameter_name(p): p for p in new}
        gone = {n: parameter_value(self.old, old_by[n]) for n in set(old_by) - set(new_by)}
        came = {n: parameter_value(self.new, new_by[n]) for n in set(new_by) - set(old_by)}
        for old_name, new_name in pair_renames(gone, came):
            del old_by[old_name], new_by[new_name]
            self.add("parameter.renamed", where, old_name, new_name, note=came[new_name])
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
        handled = {"name", "in", "required", "schema"}
        self.keywords(where, without_defaults(old), without_defaults(new), handled)

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
            old_body = response_value(self.old, old[old_keys[old_ok[0]]])
            new_body = response_value(self.new, new[new_keys[new_ok[0]]])
            self.changes.append(status_move(where, old_ok[0], new_ok[0], old_body, new_body))
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


def operation_where(key: Key, old: Any, new: Any, paths: dict[Key, str]) -> str:
    """``METHOD path``: the keep-list's spelling when known, else the spec's (the same both ways)."""
    if key in paths:
        return f"{key[0]} {paths[key]}"
    spelled = sorted(str(side[0]) for side in (old, new) if side is not None)
    return f"{key[0]} {spelled[0]}"


def owner(where: str) -> str:
    """The operation (``METHOD path``) or component schema a change location belongs to."""
    if OPERATION_WHERE.match(where):
        return where.split(" (", 1)[0]
    return re.split(r"[.\[ ]", where, maxsplit=1)[0]


def fold_links(changes: list[Change]) -> list[Change]:
    """Reference-link changes folded into one line per operation or schema (where there are several)."""
    groups: dict[str, list[Change]] = {}
    for item in changes:
        if item.kind == "externalDocs.changed":
            groups.setdefault(owner(item.where), []).append(item)
    folded = [c for c in changes if c.kind != "externalDocs.changed"]
    for where, group in groups.items():
        if len(group) == 1:
            folded += group
            continue
        places = sorted(c.where[len(where) :].strip(" .()") or "itself" for c in group)
        label = f"{len(group)} reference links changed"
        folded.append(change("externalDocs.changed", where, label=label, note=", ".join(places)))
    return folded


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
    return sorted(set(fold_links(differ.changes)), key=Change.sort_key)
