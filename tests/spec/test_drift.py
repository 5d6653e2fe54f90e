"""The upstream drift report (tools/graph_calls_spec/drift.py, specdiff.py) and ``make upstream-bump``.

Each kind of change is proved on a small hand-made pair of built specs; the snapshot-level parts (upstream
operationIds, what is not shipped, the doc fixes) on a tiny upstream module and metadata run through the real
pipeline; and the whole report on the real upstream snapshots in ../shared/upstream, against golden files.
"""

from __future__ import annotations

import copy
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

# conftest.py puts tools/ on sys.path.
from graph_calls_spec import cli, drift, inputs
from graph_calls_spec.csdl import Csdl, CsdlType
from graph_calls_spec.rules import DocFix, Rules, load_rules
from graph_calls_spec.specdiff import Change, diff_specs

from .conftest import REPO_ROOT

Spec = dict[str, Any]
Row = tuple[str, str, str, str]  # (class, kind, where, detail)

UPSTREAM = inputs.SHARED_UPSTREAM
MODULE_2022 = UPSTREAM / "CloudCommunications.v1.0.2022-11-29-84e7c8e9.yml"
MODULE_2023 = UPSTREAM / "CloudCommunications.v1.0.2023-12-07-98b7a26c.yml"
METADATA_2023 = UPSTREAM / "cleanMetadata.v1.0.2023-12-06-3a01466e.xml"
# The real reports compare fixed snapshots, not whatever is pinned: they hold after any bump.
MODULE_2024 = UPSTREAM / "CloudCommunications.v1.0.2024-09-25-e3955eca.yml"
METADATA_2024 = UPSTREAM / "cleanMetadata.v1.0.2024-09-18-09ea605d.xml"
SNAPSHOT_2024 = (MODULE_2024, METADATA_2024)
GOLDEN = REPO_ROOT / "openapi" / "drift"
NULL = {"nullable": True, "enum": [None]}
CALL = "/communications/calls/{call-id}"
needs_snapshots = pytest.mark.skipif(
    not all(p.is_file() for p in (MODULE_2022, MODULE_2023, METADATA_2023, MODULE_2024, METADATA_2024)),
    reason="the upstream snapshots are read from ../shared/upstream",
)


# ------------------------------------------------------------------------------- tiny built specs


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable_ref(name: str) -> dict[str, Any]:
    return {"anyOf": [ref(name), NULL]}


def obj(required: list[str] | None = None, **props: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": True}
    if required:
        schema["required"] = required
    return schema


def text(nullable: bool = True) -> dict[str, Any]:
    return {"type": "string", "nullable": True} if nullable else {"type": "string"}


def ok(schema: str | None = "call") -> dict[str, Any]:
    if schema is None:
        return {"description": "Success"}
    return {"description": "Success", "content": {"application/json": {"schema": ref(schema)}}}


def path_param(name: str = "call-id") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def get_call(**extra: Any) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": "calls_get",
        "parameters": [path_param()],
        "responses": {"2XX": ok(), "default": {"$ref": "#/components/responses/error"}},
    }
    op.update(extra)
    return op


def built(schemas: dict[str, Any] | None = None, paths: dict[str, Any] | None = None) -> Spec:
    """A spec shaped like the pipeline's output: a call, an error, one GET operation."""
    return {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "v1.0"},
        "paths": paths if paths is not None else {CALL: {"get": get_call()}},
        "components": {
            "schemas": schemas if schemas is not None else {"call": obj(state=text())},
            "responses": {"error": {"description": "error"}},
        },
    }


def rows(old: Spec, new: Spec) -> list[Row]:
    return [(c.cls, c.kind, c.where, c.detail) for c in diff_specs(old, new)]


def with_schemas(**schemas: Any) -> Spec:
    return built(schemas={"call": obj(state=text()), **schemas})


def with_call(**props: Any) -> Spec:
    return built(schemas={"call": obj(**props)})


def with_op(**extra: Any) -> Spec:
    return built(paths={CALL: {"get": get_call(**extra)}})


def assert_mirrored(forward: list[Change], backward: list[Change]) -> None:
    """B→A is A→B with added↔removed and old↔new swapped (the classes are recomputed, so not compared)."""

    def swapped(kind: str) -> str:
        if kind.endswith(".added"):
            return kind.removesuffix(".added") + ".removed"
        if kind.endswith(".removed"):
            return kind.removesuffix(".removed") + ".added"
        return kind

    expected = sorted((swapped(c.kind), c.where, c.new, c.old, c.label, c.note) for c in forward)
    actual = sorted((c.kind, c.where, c.old, c.new, c.label, c.note) for c in backward)
    assert actual == expected


# ------------------------------------------------------------------------------------- (a) operations


def test_identical_specs_have_no_difference() -> None:
    assert diff_specs(built(), built()) == []


def test_operation_added_is_additive_and_removed_breaking() -> None:
    old = built()
    new = built(paths={CALL: {"get": get_call(), "delete": get_call(operationId="calls_delete")}})
    added = [("additive", "operation.added", f"DELETE {CALL}", "calls_delete")]
    assert rows(old, new) == added
    assert rows(new, old) == [("breaking", "operation.removed", f"DELETE {CALL}", "calls_delete")]


def test_operations_match_by_canonical_key_not_by_spelling() -> None:
    old = built(paths={"/communications/calls/{call-id}/microsoft.graph.keepAlive": {"post": get_call()}})
    new = built(paths={"/communications/calls/{call-id}/keepAlive": {"post": get_call()}})
    assert rows(old, new) == []


def test_our_operation_id_changing_is_a_breaking_rename() -> None:
    assert rows(built(), with_op(operationId="calls_fetch")) == [
        ("breaking", "operation.renamed", f"GET {CALL}", "calls_get → calls_fetch")
    ]


# ------------------------------------------------------------------------------------- (a) parameters


def query(name: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, **extra}


def test_optional_parameter_added_is_additive_removed_breaking() -> None:
    new = with_op(parameters=[path_param(), query("$top", {"type": "integer"})])
    where = f"GET {CALL} (parameter $top)"
    assert rows(built(), new) == [("additive", "parameter.added", where, "query integer")]
    assert rows(new, built()) == [("breaking", "parameter.removed", where, "query integer")]


def test_required_parameter_added_is_breaking() -> None:
    new = with_op(parameters=[path_param(), query("tenant", {"type": "string"}, required=True)])
    assert rows(built(), new) == [
        ("breaking", "parameter.added", f"GET {CALL} (parameter tenant)", "query string, required")
    ]


def test_parameter_retyped_moved_and_made_required() -> None:
    old = with_op(parameters=[path_param(), query("top", {"type": "integer", "format": "int32"})])
    new = with_op(
        parameters=[
            path_param(),
            {"name": "top", "in": "header", "required": True, "schema": {"type": "string"}},
        ]
    )
    where = f"GET {CALL} (parameter top)"
    assert rows(old, new) == [
        ("breaking", "parameter.retyped", where, "integer/int32 → string"),
        ("breaking", "parameter.in.changed", where, "query → header"),
        (
            "breaking",
            "parameter.required.changed",
            where,
            "optional → required",
        ),
    ]
    assert ("additive", "parameter.required.changed", where, "required → optional") in rows(new, old)


def test_parameter_reference_change_is_a_retype() -> None:
    old = with_op(parameters=[path_param(), {"$ref": "#/components/parameters/top"}])
    new = with_op(parameters=[path_param(), {"$ref": "#/components/parameters/skip"}])
    for spec in (old, new):
        spec["components"]["parameters"] = {
            "top": query("$top", {"type": "integer"}),
            "skip": query("$top", {"type": "integer"}),
        }
    assert rows(old, new) == [
        ("breaking", "parameter.retyped", f"GET {CALL} (parameter $top)", "parameters/top → parameters/skip")
    ]


# ------------------------------------------------------------------------------- (a) request bodies


def post_with_body(body: dict[str, Any] | None) -> Spec:
    op = get_call(operationId="calls_answer")
    if body is not None:
        op["requestBody"] = body
    return built(
        paths={f"{CALL}/answer": {"post": op}}, schemas={"call": obj(), "Body": obj(), "Other": obj()}
    )


def body(schema: str = "Body", required: bool = True, media: str = "application/json") -> dict[str, Any]:
    return {"content": {media: {"schema": ref(schema)}}, "required": required}


WHERE_BODY = f"POST {CALL}/answer (request body)"


def test_request_body_added_required_is_breaking_optional_additive_removed_breaking() -> None:
    assert rows(post_with_body(None), post_with_body(body())) == [
        ("breaking", "request.added", WHERE_BODY, "application/json Body")
    ]
    optional = post_with_body(body(required=False))
    assert rows(post_with_body(None), optional)[0][:2] == ("additive", "request.added")
    assert rows(post_with_body(body()), post_with_body(None))[0][:2] == ("breaking", "request.removed")


def test_request_body_retyped_and_required_changes() -> None:
    assert rows(post_with_body(body()), post_with_body(body("Other"))) == [
        ("breaking", "request.retyped", WHERE_BODY, "Body → Other")
    ]
    assert rows(post_with_body(body(required=False)), post_with_body(body())) == [
        ("breaking", "request.required.changed", WHERE_BODY, "optional → required")
    ]


def test_request_content_type_added_and_removed() -> None:
    both = post_with_body(body())
    both["paths"][f"{CALL}/answer"]["post"]["requestBody"]["content"]["text/plain"] = {
        "schema": {"type": "string"}
    }
    assert rows(post_with_body(body()), both) == [
        ("additive", "request.content.added", WHERE_BODY, "text/plain string")
    ]
    assert rows(both, post_with_body(body())) == [
        ("breaking", "request.content.removed", WHERE_BODY, "text/plain string")
    ]


# ------------------------------------------------------------------------------------ (a) responses


def responses(**by_status: Any) -> Spec:
    return with_op(responses=by_status)


def test_success_code_widening_to_2xx_with_the_same_body_is_additive_narrowing_breaking() -> None:
    old, new = responses(**{"200": ok()}), responses(**{"2XX": ok()})
    assert rows(old, new) == [("additive", "response.status.changed", f"GET {CALL}", "200 → 2XX")]
    assert rows(new, old) == [("breaking", "response.status.changed", f"GET {CALL}", "2XX → 200")]


def test_success_code_moving_between_concrete_codes_is_breaking() -> None:
    assert rows(responses(**{"200": ok()}), responses(**{"201": ok()})) == [
        ("breaking", "response.status.changed", f"GET {CALL}", "200 → 201")
    ]


def test_moved_success_response_gaining_a_body_breaks_the_bodiless_answer() -> None:
    old, new = responses(**{"204": ok(None)}), responses(**{"2XX": ok()})
    assert rows(old, new) == [
        ("breaking", "response.status.changed", f"GET {CALL}", "204 → 2XX"),
        ("additive", "response.content.added", f"GET {CALL} (response success)", "application/json call"),
    ]
    assert [r[:2] for r in rows(new, old)] == [
        ("breaking", "response.status.changed"),
        ("breaking", "response.content.removed"),
    ]


def test_response_added_removed_and_retyped() -> None:
    base = responses(**{"2XX": ok()})
    more = responses(**{"2XX": ok(), "default": {"$ref": "#/components/responses/error"}})
    assert rows(base, more) == [
        ("additive", "response.added", f"GET {CALL} (response default)", "responses/error")
    ]
    assert rows(more, base)[0][:2] == ("breaking", "response.removed")
    other = with_schemas(participant=obj())
    other["paths"][CALL]["get"]["responses"]["2XX"] = ok("participant")
    assert rows(with_schemas(participant=obj()), other) == [
        ("breaking", "response.retyped", f"GET {CALL} (response 2XX)", "call → participant")
    ]


def test_response_links_are_cosmetic() -> None:
    new = responses(**{"2XX": {**ok(), "links": {"mute": {"operationId": "x"}}}})
    [(cls, kind, where, detail)] = rows(responses(**{"2XX": ok()}), new)
    assert (cls, kind, where) == ("cosmetic", "keyword.changed", f"GET {CALL} (response 2XX)")
    assert detail.startswith("links: (none) → ")


# -------------------------------------------------------------------------------------- (a) schemas


def test_schema_added_is_additive_removed_breaking() -> None:
    new = with_schemas(tone={"type": "string", "enum": ["tone0", "tone1"]})
    assert rows(built(), new) == [("additive", "schema.added", "tone", "enum (2 members)")]
    assert rows(new, built()) == [("breaking", "schema.removed", "tone", "enum (2 members)")]


def test_schema_turning_from_enum_to_object_is_retyped() -> None:
    old = with_schemas(tone={"type": "string", "enum": ["a"]})
    new = with_schemas(tone=obj(a=text()))
    assert rows(old, new) == [
        ("breaking", "schema.retyped", "tone", "enum (1 members) → object (1 property)")
    ]


def test_schema_base_change_is_breaking() -> None:
    old = with_schemas(entity=obj(id=text()), other=obj(), op={"allOf": [ref("entity"), obj()]})
    new = with_schemas(entity=obj(id=text()), other=obj(), op={"allOf": [ref("other"), obj()]})
    assert rows(old, new) == [("breaking", "schema.base.changed", "op", "extends entity → extends other")]


# ----------------------------------------------------------------------------------- (a) properties


def test_optional_property_added_is_additive_removed_breaking() -> None:
    new = with_call(
        state=text(), rosterSequenceNumber={"type": "integer", "format": "int64", "nullable": True}
    )
    added = ("additive", "property.added", "call.rosterSequenceNumber", "integer/int64 | null")
    assert rows(with_call(state=text()), new) == [added]
    assert rows(new, with_call(state=text())) == [("breaking", "property.removed", *added[2:])]


def test_required_property_added_is_breaking() -> None:
    new = built(schemas={"call": obj(required=["tenant"], state=text(), tenant=text(False))})
    assert rows(built(), new) == [("breaking", "property.added", "call.tenant", "string, required")]


@pytest.mark.parametrize(
    ("old_prop", "new_prop", "detail"),
    [
        (nullable_ref("info"), nullable_ref("other"), "info → other"),
        (
            {"type": "integer", "format": "int32"},
            {"type": "integer", "format": "int64"},
            "integer/int32 → integer/int64",
        ),
        ({"type": "string"}, {"type": "boolean"}, "string → boolean"),
        (
            {"type": "array", "items": {"type": "string"}},
            {"type": "array", "items": ref("info")},
            "array<string> → array<info>",
        ),
        (ref("info"), {"type": "array", "items": ref("info")}, "info → array<info>"),
    ],
    ids=["ref-target", "format", "type", "array-item", "ref-to-array"],
)
def test_property_retyped_is_breaking(old_prop: Any, new_prop: Any, detail: str) -> None:
    schemas = {"info": obj(), "other": obj()}
    old = built(schemas={"call": obj(x=old_prop), **schemas})
    new = built(schemas={"call": obj(x=new_prop), **schemas})
    assert rows(old, new) == [("breaking", "property.retyped", "call.x", detail)]


def test_union_branches_added_and_removed() -> None:
    schemas = {"a": obj(), "b": obj(), "c": obj()}
    old = built(schemas={"call": obj(x={"anyOf": [ref("a"), ref("b"), NULL]}), **schemas})
    new = built(schemas={"call": obj(x={"anyOf": [ref("a"), ref("b"), ref("c"), NULL]}), **schemas})
    assert rows(old, new) == [("additive", "union.branch.added", "call.x", "c")]
    assert rows(new, old) == [("breaking", "union.branch.removed", "call.x", "c")]


def polymorphic(*subtypes: str) -> Spec:
    """``identity`` with subtypes, referenced by two properties as our polymorphism transform writes it."""
    union = {"anyOf": [*(ref(s) for s in subtypes), ref("identity"), NULL]}
    schemas: dict[str, Any] = {"identity": obj(displayName=text())}
    schemas |= {s: {"allOf": [ref("identity"), obj()]} for s in subtypes}
    schemas["identitySet"] = obj(user=union, guest=copy.deepcopy(union))
    schemas["call"] = obj(source=nullable_ref("identitySet"))
    return built(schemas=schemas)


def test_new_subtype_is_reported_once_on_its_base_not_at_every_union() -> None:
    old, new = polymorphic("userIdentity"), polymorphic("userIdentity", "guestIdentity")
    assert rows(old, new) == [
        ("additive", "schema.added", "guestIdentity", "extends identity"),
        ("additive", "subtype.added", "identity", "guestIdentity"),
    ]
    assert rows(new, old) == [
        ("breaking", "schema.removed", "guestIdentity", "extends identity"),
        ("breaking", "subtype.removed", "identity", "guestIdentity"),
    ]


def test_first_subtype_turning_a_plain_reference_into_a_union_is_not_a_retype() -> None:
    old = with_schemas(identity=obj(), holder=obj(who=nullable_ref("identity")))
    new = with_schemas(
        identity=obj(),
        userIdentity={"allOf": [ref("identity"), obj()]},
        holder=obj(who={"anyOf": [ref("userIdentity"), ref("identity"), NULL]}),
    )
    assert rows(old, new) == [
        ("additive", "schema.added", "userIdentity", "extends identity"),
        ("additive", "subtype.added", "identity", "userIdentity"),
    ]


def test_enum_members_added_and_removed() -> None:
    old = with_schemas(tone={"type": "string", "enum": ["tone0", "flash"]})
    new = with_schemas(tone={"type": "string", "enum": ["tone0", "tone1", "tone2"]})
    assert rows(old, new) == [
        ("breaking", "enum.member.removed", "tone", "flash"),
        ("additive", "enum.member.added", "tone", "tone1"),
        ("additive", "enum.member.added", "tone", "tone2"),
    ]


def test_nullability_widening_is_additive_narrowing_breaking() -> None:
    old, new = with_call(state=text(False)), with_call(state=text(True))
    assert rows(old, new) == [("additive", "nullable.changed", "call.state", "not nullable → nullable")]
    assert rows(new, old) == [("breaking", "nullable.changed", "call.state", "nullable → not nullable")]


def test_nullability_through_the_null_branch_of_a_union() -> None:
    old = with_schemas(info=obj(), holder=obj(x=ref("info")))
    new = with_schemas(info=obj(), holder=obj(x=nullable_ref("info")))
    assert rows(old, new) == [("additive", "nullable.changed", "holder.x", "not nullable → nullable")]


def test_property_becoming_required_is_breaking_and_optional_additive() -> None:
    old = built(schemas={"call": obj(state=text())})
    new = built(schemas={"call": obj(required=["state"], state=text())})
    assert rows(old, new) == [("breaking", "property.required.changed", "call.state", "optional → required")]
    assert rows(new, old) == [("additive", "property.required.changed", "call.state", "required → optional")]


def error(inner_name: str) -> Spec:
    main = obj(required=["code"], code=text(False), **{inner_name: nullable_ref("InnerError")})
    return built(schemas={"call": obj(state=text()), "MainError": main, "InnerError": obj()})


def test_case_only_rename_is_one_breaking_change() -> None:
    forward = rows(error("innererror"), error("innerError"))
    assert forward == [
        ("breaking", "property.renamed", "MainError", "innererror → innerError (InnerError | null)")
    ]


def test_case_only_rename_with_another_type_is_a_removal_and_an_addition() -> None:
    old = error("innererror")
    new = error("innerError")
    new["components"]["schemas"]["MainError"]["properties"]["innerError"] = text()
    assert [r[1] for r in rows(old, new)] == ["property.removed", "property.added"]


def test_inline_odata_type_is_left_to_the_subtype_comparison() -> None:
    old = with_call(**{"@odata.type": {"type": "string", "enum": ["#a"], "default": "#a"}})
    new = with_call(**{"@odata.type": {"type": "string", "enum": ["#a", "#b"], "default": "#a"}})
    assert rows(old, new) == []


# ----------------------------------------------------------------------------- (a) docs and keywords


def test_documentation_changes_are_cosmetic_and_abridged() -> None:
    long = (
        "Create call enables your bot to create a new outgoing peer-to-peer or group call, or join a meeting."
    )
    old = with_op(
        summary="Get calls", description=long, externalDocs={"url": "https://learn.microsoft.com/x"}
    )
    new = with_op(
        summary="Get call",
        description=long.replace("a meeting", "an existing meeting"),
        externalDocs={"url": "https://learn.microsoft.com/y"},
    )
    found = rows(old, new)
    assert [(r[0], r[1]) for r in found] == [
        ("cosmetic", "summary.changed"),
        ("cosmetic", "description.changed"),
        ("cosmetic", "externalDocs.changed"),
    ]
    assert found[0][3] == "Get calls → Get call"
    assert found[1][3] == "…call, or join a meeting. → …call, or join an existing meeting."
    assert found[2][3] == "https://learn.microsoft.com/x → https://learn.microsoft.com/y"


def test_property_description_added_is_cosmetic() -> None:
    new = with_call(state={**text(), "description": "The call state."})
    assert rows(built(), new) == [
        ("cosmetic", "description.changed", "call.state", "(none) → The call state.")
    ]


def test_generator_ignored_keywords_are_cosmetic_but_defaults_are_not() -> None:
    new = with_call(state={**text(), "readOnly": True, "default": "idle"})
    assert rows(built(), new) == [
        ("breaking", "default.changed", "call.state", 'default: (none) → "idle"'),
        ("cosmetic", "keyword.changed", "call.state", "readOnly: (none) → true"),
    ]


def test_a_schema_change_is_reported_once_however_many_operations_reach_it() -> None:
    paths = {CALL: {"get": get_call(), "delete": get_call(operationId="calls_delete")}}
    old = built(paths=copy.deepcopy(paths))
    new = built(paths=paths, schemas={"call": obj(state=text(), extra=text())})
    assert rows(old, new) == [("additive", "property.added", "call.extra", "string | null")]


# --------------------------------------------------------------------------------- (c) mirror images


def every_kind_pair() -> tuple[Spec, Spec]:
    """One spec pair exercising most kinds at once."""
    old, new = error("innererror"), error("innerError")
    for spec, subtypes, tone in ((old, ("u",), ["a", "b"]), (new, ("u", "g"), ["a", "c"])):
        identities = polymorphic(*subtypes)["components"]["schemas"]
        del identities["call"]
        spec["components"]["schemas"] |= identities | {"tone": {"type": "string", "enum": tone}}
    new["components"]["schemas"]["fresh"] = obj()
    new["components"]["schemas"]["call"] = obj(required=["state"], state=text(False), more=text())
    new["paths"][CALL]["get"]["responses"] = {"200": {**ok(), "description": "OK"}}
    new["paths"][CALL]["get"]["summary"] = "Get call"
    new["paths"][CALL]["delete"] = get_call(operationId="calls_delete")
    return old, new


def test_swapping_base_and_target_gives_the_mirror_list() -> None:
    old, new = every_kind_pair()
    forward, backward = diff_specs(old, new), diff_specs(new, old)
    assert len(forward) >= 12
    assert_mirrored(forward, backward)


def test_mirror_recomputes_the_classes() -> None:
    old, new = every_kind_pair()
    forward = {(c.kind, c.where): c.cls for c in diff_specs(old, new)}
    backward = {(c.kind, c.where): c.cls for c in diff_specs(new, old)}
    assert forward[("property.added", "call.more")] == "additive"
    assert backward[("property.removed", "call.more")] == "breaking"
    assert forward[("nullable.changed", "call.state")] == "breaking"
    assert backward[("nullable.changed", "call.state")] == "additive"
    assert forward[("subtype.added", "identity")] == "additive"
    assert backward[("subtype.removed", "identity")] == "breaking"
    assert forward[("response.status.changed", f"GET {CALL}")] == "breaking"  # 2XX → 200 narrows
    assert backward[("response.status.changed", f"GET {CALL}")] == "additive"
    assert backward[("property.renamed", "MainError")] == "breaking"


# ----------------------------------------------------------------- snapshots: raw module + metadata


def upstream_module(*, invite_text: str = "Invite participants.", op_ids: str = "communications") -> Spec:
    """A tiny upstream-style module: qualified actions, concrete codes, generic writes, ``$count``."""
    call_ref = {"$ref": "#/components/schemas/microsoft.graph.call"}
    json_call = {"content": {"application/json": {"schema": call_ref}}}
    return {
        "openapi": "3.0.1",
        "info": {"title": "CloudCommunications", "version": "v1.0"},
        "paths": {
            CALL: {
                "get": {
                    "operationId": f"{op_ids}_GetCalls",
                    "externalDocs": {"url": "https://learn.microsoft.com/graph/api/call-get"},
                    "parameters": [path_param()],
                    "responses": {"200": {"description": "ok", **json_call}},
                },
                "patch": {
                    "operationId": f"{op_ids}_UpdateCalls",
                    "responses": {"204": {"description": "ok"}},
                },
            },
            f"{CALL}/participants/microsoft.graph.invite": {
                "post": {
                    "operationId": f"{op_ids}.calls_invite",
                    "x-ms-docs-operation-type": "action",
                    "summary": "Invoke action invite",
                    "description": invite_text,
                    "parameters": [path_param()],
                    "responses": {"200": {"description": "ok", **json_call}},
                }
            },
            f"{CALL}/microsoft.graph.sendDtmfTones": {
                "post": {
                    "operationId": f"{op_ids}.calls_sendDtmfTone",
                    "x-ms-docs-operation-type": "action",
                    "parameters": [path_param()],
                    "responses": {"2XX": {"description": "ok"}},
                }
            },
            "/communications/calls/$count": {
                "get": {"operationId": f"{op_ids}_GetCount", "responses": {"2XX": {"description": "n"}}}
            },
            "/communications/callRecords": {
                "get": {"operationId": "callRecords_List", "responses": {"2XX": {"description": "ok"}}}
            },
        },
        "components": {
            "schemas": {
                "microsoft.graph.entity": {"type": "object", "properties": {"id": {"type": "string"}}},
                "microsoft.graph.call": {
                    "allOf": [
                        {"$ref": "#/components/schemas/microsoft.graph.entity"},
                        {"type": "object", "properties": {"state": {"type": "string", "nullable": True}}},
                    ]
                },
            }
        },
    }


def metadata(*extra: CsdlType) -> Csdl:
    types = [
        CsdlType("entity", "entity"),
        CsdlType("call", "entity", base="entity"),
        CsdlType("identity", "complex"),
        CsdlType("communicationsUserIdentity", "complex", base="identity"),
        *extra,
    ]
    return Csdl({t.name: t for t in types})


TINY_RULES = Rules(
    keep=(("GET", CALL), ("POST", f"{CALL}/participants/invite")),
    polymorphic_bases=("identity",),
    doc_fixes=(DocFix("POST", f"{CALL}/participants/invite", description="Invite participants."),),
)


def tiny_report(
    base: Spec, target: Spec, base_csdl: Csdl | None = None, target_csdl: Csdl | None = None
) -> drift.Report:
    return drift.compare(
        drift.snapshot(base, base_csdl or metadata(), TINY_RULES, "base"),
        drift.snapshot(target, target_csdl or metadata(), TINY_RULES, "target"),
        TINY_RULES,
    )


def test_upstream_operation_ids_are_compared_from_the_raw_module_as_cosmetic() -> None:
    report = tiny_report(upstream_module(op_ids="communications"), upstream_module(op_ids="communication"))
    assert [(c.cls, c.kind, c.where, c.detail) for c in report.changes] == [
        (
            "cosmetic",
            "operationId.changed",
            f"GET {CALL}",
            "communications_GetCalls → communication_GetCalls",
        ),
        (
            "cosmetic",
            "operationId.changed",
            f"POST {CALL}/participants/invite",
            "communications.calls_invite → communication.calls_invite",
        ),
    ]
    assert report.exit_code == 1


def test_doc_fixes_keep_a_flipping_upstream_description_out_of_the_report() -> None:
    flipped = upstream_module(invite_text="Delete a specific participant in a call.")
    report = tiny_report(upstream_module(), flipped)
    assert report.changes == ()
    assert report.exit_code == 0


def test_not_shipped_lists_upstream_actions_but_not_count_nor_generic_writes() -> None:
    report = tiny_report(upstream_module(), upstream_module())
    assert [(c.cls, c.kind, c.where, c.detail) for c in report.not_shipped] == [
        (
            "not-shipped",
            "operation.not-shipped",
            f"POST {CALL}/microsoft.graph.sendDtmfTones",
            "communications.calls_sendDtmfTone; no reference page",
        )
    ]
    assert report.exit_code == 0


def test_not_shipped_marks_operations_new_since_base() -> None:
    base = upstream_module()
    del base["paths"][f"{CALL}/microsoft.graph.sendDtmfTones"]
    [offered] = tiny_report(base, upstream_module()).not_shipped
    assert offered.detail.endswith("; new since base")


def test_not_shipped_lists_new_metadata_subtypes_of_polymorphic_bases_only() -> None:
    target_csdl = metadata(
        CsdlType("communicationsGuestIdentity", "complex", base="identity"),
        CsdlType("virtualEvent", "entity", base="entity"),
        CsdlType("somethingElse", "complex"),
    )
    report = tiny_report(upstream_module(), upstream_module(), target_csdl=target_csdl)
    subtypes = [(c.kind, c.where, c.detail) for c in report.not_shipped if c.kind == "subtype.not-shipped"]
    assert subtypes == [("subtype.not-shipped", "identity", "communicationsGuestIdentity")]


# ------------------------------------------------------------------------------------- allowlist


def test_allowlisted_changes_are_listed_as_ignored_and_do_not_count(tmp_path: Path) -> None:
    allowlist = tmp_path / "allow.yml"
    allowlist.write_text(
        "ignore:\n"
        "  - kind: operationId.changed\n"
        "    where: 'GET /communications/calls/*'\n"
        "    match: GetCalls\n"
        "    reason: upstream renames\n"
        "  - kind: operationId.changed\n"
        "    where: 'POST *'\n"
        "    match: nothing-matches-this\n"
        "    reason: never used\n",
        encoding="utf-8",
    )
    base = drift.snapshot(upstream_module(op_ids="a"), metadata(), TINY_RULES, "base")
    target = drift.snapshot(upstream_module(op_ids="b"), metadata(), TINY_RULES, "target")
    report = drift.compare(base, target, TINY_RULES, drift.load_allowlist(allowlist))
    assert [c.where for c in report.changes] == [f"POST {CALL}/participants/invite"]
    [ignored] = report.ignored
    assert (ignored.cls, ignored.where) == ("ignored", f"GET {CALL}")
    assert ignored.reason == "upstream renames (would be cosmetic)"
    assert "ignored (allowlisted) (1):" in report.to_text()


def test_only_ignored_changes_exit_zero(tmp_path: Path) -> None:
    allowlist = tmp_path / "allow.yml"
    allowlist.write_text("ignore:\n  - {kind: '*', where: '*', reason: all noise}\n", encoding="utf-8")
    base = drift.snapshot(upstream_module(op_ids="a"), metadata(), TINY_RULES)
    target = drift.snapshot(upstream_module(op_ids="b"), metadata(), TINY_RULES)
    assert drift.compare(base, target, TINY_RULES, drift.load_allowlist(allowlist)).exit_code == 0


def test_allowlist_entries_need_a_reason(tmp_path: Path) -> None:
    allowlist = tmp_path / "allow.yml"
    allowlist.write_text("ignore:\n  - {kind: '*', where: '*'}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="reason"):
        drift.load_allowlist(allowlist)


def test_the_project_allowlist_loads() -> None:
    assert isinstance(drift.load_allowlist(), list)


# ---------------------------------------------------------------------------------- report format


def report_of(old: Spec, new: Spec) -> drift.Report:
    return drift.Report("old.yml", "new.yml", tuple(diff_specs(old, new)))


def test_text_groups_by_class_with_cosmetic_last() -> None:
    old, new = every_kind_pair()
    lines = report_of(old, new).to_text().splitlines()
    headers = [line.split(" (")[0] for line in lines if line.endswith("):")]
    assert headers == ["breaking", "additive", "cosmetic"]
    assert "  property.renamed  MainError  innererror → innerError (InnerError | null) — " in "\n".join(lines)


def test_json_changes_are_a_stable_sorted_list_of_five_keys() -> None:
    old, new = every_kind_pair()
    first, second = report_of(old, new).to_json(), report_of(copy.deepcopy(old), copy.deepcopy(new)).to_json()
    assert first == second
    entries = json.loads(first)["changes"]
    assert all(list(e) == ["class", "kind", "where", "detail", "reason"] for e in entries)
    classes = [e["class"] for e in entries]
    assert classes == sorted(classes, key=["breaking", "additive", "cosmetic"].index)


@pytest.mark.parametrize(
    ("found", "code"),
    [((), 0), (("cosmetic",), 1), (("additive", "cosmetic"), 1), (("cosmetic", "breaking"), 2)],
)
def test_exit_code(found: tuple[str, ...], code: int) -> None:
    changes = tuple(Change(cls, "keyword.changed", "x", reason="r") for cls in found)
    assert drift.Report("a", "b", changes).exit_code == code


# -------------------------------------------------------------------------- (b, d, e, f) real snapshots


@pytest.fixture(scope="module")
def real_reports() -> dict[str, drift.Report]:
    if not all(p.is_file() for p in (MODULE_2022, MODULE_2023, METADATA_2023, *SNAPSHOT_2024)):
        pytest.skip("the upstream snapshots are read from ../shared/upstream")
    rules, allowlist, now = load_rules(), drift.load_allowlist(), SNAPSHOT_2024
    return {
        "2023-12-07-to-2024-09-25": drift.report_from_files(
            (MODULE_2023, METADATA_2023), now, rules, allowlist
        ),
        "2022-11-29-to-2024-09-25": drift.report_from_files(
            (MODULE_2022, METADATA_2023), now, rules, allowlist
        ),
        "2024-09-25-to-2022-11-29": drift.report_from_files(
            now, (MODULE_2022, METADATA_2023), rules, allowlist
        ),
    }


def rows_of(report: drift.Report) -> set[Row]:
    return {(c.cls, c.kind, c.where, c.detail) for c in report.changes}


SEND_DTMF = f"POST {CALL}/sendDtmfTones"


def test_the_pin_compared_with_itself_has_no_difference(pinned_paths: tuple[Path, Path]) -> None:
    report = drift.report_from_files(pinned_paths, pinned_paths, load_rules(), drift.load_allowlist())
    assert report.changes == ()
    assert report.exit_code == 0
    assert cli.main(["diff"]) == 0


@needs_snapshots
def test_2023_12_07_to_2024_09_25_adds_send_dtmf_tones(real_reports: dict[str, drift.Report]) -> None:
    report = real_reports["2023-12-07-to-2024-09-25"]
    found = rows_of(report)
    assert ("additive", "operation.added", SEND_DTMF, "calls_send_dtmf_tones") in found
    assert ("additive", "schema.added", "sendDtmfTonesOperation", "extends commsOperation") in found
    # ... with its body, completion reason, and a new branch wherever a commsOperation is returned.
    assert ("additive", "schema.added", "CallsSendDtmfTonesBody", "object (3 properties)") in found
    assert ("additive", "schema.added", "sendDtmfCompletionReason", "enum (4 members)") in found
    assert ("additive", "subtype.added", "commsOperation", "sendDtmfTonesOperation") in found
    # Everything else is documentation: text edits upstream, including two property descriptions added.
    rest = {r for r in found if r[0] != "additive"}
    assert {r[1] for r in rest} == {"description.changed"}
    assert len(rest) == 8
    assert report.exit_code == 1


@needs_snapshots
def test_2022_11_29_to_2024_09_25(real_reports: dict[str, drift.Report]) -> None:
    report = real_reports["2022-11-29-to-2024-09-25"]
    found = rows_of(report)
    rename = ("breaking", "property.renamed", "MainError", "innererror → innerError (InnerError | null)")
    # PATCH audioRoutingGroup declared 204 with no body; now every 2xx answer is decoded as the group.
    patch = f"PATCH {CALL}/audioRoutingGroups/{{audioRoutingGroup-id}}"
    body_appears = ("breaking", "response.status.changed", patch, "204 → 2XX")
    assert {r for r in found if r[0] == "breaking"} == {rename, body_appears}
    assert (
        "additive",
        "response.content.added",
        f"{patch} (response success)",
        "application/json audioRoutingGroup",
    ) in found
    assert ("additive", "operation.added", SEND_DTMF, "calls_send_dtmf_tones") in found
    # The 2022 module lacks participant.removedState (and two more), but the base's 2023 metadata declares
    # them: they are in both built specs, so nothing is reported about them.
    assert not [r for r in found if r[2].startswith("participant.") and r[1] == "property.added"]
    moves = {r[2]: (r[0], r[3]) for r in found if r[1] == "response.status.changed"}
    assert moves[f"POST {CALL}/answer"] == ("additive", "204 → 2XX")
    assert moves[f"GET {CALL}"] == ("additive", "200 → 2XX")
    assert moves["POST /communications/calls"] == ("additive", "201 → 2XX")
    assert len(moves) == 33
    # 21 reference links only moved from docs.microsoft.com to learn.microsoft.com (the same page,
    # redirected): not reported; the links upstream added are.
    links = [r for r in found if r[1] == "externalDocs.changed"]
    assert len(links) == 11
    assert all(r[3].startswith("(none) → https://learn.microsoft.com/graph/api/") for r in links)
    assert len([r for r in found if r[1] == "operationId.changed"]) == 33
    assert report.exit_code == 2


@needs_snapshots
def test_real_reports_mirror(real_reports: dict[str, drift.Report]) -> None:
    forward, backward = real_reports["2022-11-29-to-2024-09-25"], real_reports["2024-09-25-to-2022-11-29"]
    assert_mirrored(list(forward.changes), list(backward.changes))
    found = rows_of(backward)
    assert ("breaking", "operation.removed", SEND_DTMF, "calls_send_dtmf_tones") in found
    assert (
        "breaking",
        "property.renamed",
        "MainError",
        "innerError → innererror (InnerError | null)",
    ) in found


@needs_snapshots
@pytest.mark.parametrize("name", ["2023-12-07-to-2024-09-25", "2022-11-29-to-2024-09-25"])
def test_golden_reports_are_reproduced(real_reports: dict[str, drift.Report], name: str) -> None:
    """To refresh after a reviewed change: see openapi/README.md, "Drift reports"."""
    assert real_reports[name].to_text() == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


@needs_snapshots
def test_real_report_needs_no_network(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def offline(*args: object, **kwargs: object) -> None:
        raise AssertionError("no network expected")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    base = ["--base", str(MODULE_2022), "--base-metadata", str(METADATA_2023)]
    code = cli.main(["diff", *base, "--module", str(MODULE_2024), "--metadata", str(METADATA_2024), "--json"])
    assert code == 2
    document = json.loads(capsys.readouterr().out)
    assert (document["exit_status"], document["summary"]["breaking"]) == (2, 2)
    assert "property.renamed" in [c["kind"] for c in document["changes"] if c["class"] == "breaking"]


def test_diff_cli_reports_unreadable_input_with_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["diff", "--module", str(tmp_path / "missing.yml")]) == 3
    assert "missing.yml" in capsys.readouterr().err


def test_an_ad_hoc_url_is_downloaded_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Response:
        def __enter__(self) -> Response:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def read(self) -> bytes:
            return b"openapi: 3.0.1\n"

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: Response())
    path = inputs.fetch("https://example.invalid/main/CloudCommunications.yml", cache_dir=tmp_path)
    assert path.parent == tmp_path / "adhoc"
    assert path.name.endswith("-CloudCommunications.yml")
    assert path.read_bytes() == b"openapi: 3.0.1\n"
