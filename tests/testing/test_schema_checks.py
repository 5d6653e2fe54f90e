"""SchemaCompiler: yes/no checks with the semantics of openapi-core's OAS 3.0 validator, or none at all.

Each schema here is also run through ``OAS30ReadValidator`` (what openapi-core uses), so every
verdict below is checked against the reference, not against what we think it says.
"""

from __future__ import annotations

from typing import Any, Final

import pytest
from openapi_schema_validator import OAS30ReadValidator

from graph_calls.testing._fast_contract import FastContract
from graph_calls.testing._schema_checks import SchemaCompiler, Unsupported

SCHEMAS: Final[dict[str, Any]] = {
    "tree": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/x/tree"}},
        },
    },
    "nullableRef": {"anyOf": [{"$ref": "#/x/tree"}, {"nullable": True, "enum": [None]}]},
    "small": {"type": "integer", "format": "int32", "minimum": 0},
    "closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
    "notCall": {"not": {"required": ["@odata.type"], "properties": {"@odata.type": {"enum": ["#call"]}}}},
    "refWithSibling": {"$ref": "#/x/small", "maximum": 10},
    "guid": {"type": "string", "format": "uuid", "pattern": "^[0-9a-f-]+$"},
    "oneOf": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    "usesOneOf": {"type": "object", "properties": {"v": {"$ref": "#/x/oneOf"}}},
    "loopsIntoOneOf": {
        "type": "object",
        "properties": {"me": {"$ref": "#/x/loopsIntoOneOf"}, "v": {"$ref": "#/x/oneOf"}},
    },
}
SPEC: Final = {"x": SCHEMAS}


def compiler() -> SchemaCompiler:
    return SchemaCompiler(
        SPEC,
        validating_keywords=OAS30ReadValidator.VALIDATORS,
        format_checker=OAS30ReadValidator.FORMAT_CHECKER,
    )


def reference_verdict(name: str, value: Any) -> bool:
    schema = {"$ref": f"#/x/{name}", "x": SCHEMAS}
    validator = OAS30ReadValidator(schema, format_checker=OAS30ReadValidator.FORMAT_CHECKER)
    return bool(validator.is_valid(value))


@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [
        ("tree", {"name": "a", "children": [{"name": "b", "children": []}]}, True),
        ("tree", {"name": "a", "children": [{"name": 1}]}, False),
        ("tree", None, False),
        ("nullableRef", None, True),
        ("nullableRef", {"children": "no"}, False),
        ("small", 5, True),
        ("small", -1, False),
        ("small", 2**31, False),
        ("small", True, False),
        ("small", 5.0, False),
        ("closed", {"a": "x"}, True),
        ("closed", {"a": "x", "b": 1}, False),
        ("closed", "not an object", False),
        ("notCall", {"@odata.type": "#call"}, False),
        ("notCall", {"@odata.type": "#other"}, True),
        ("notCall", {}, True),
        ("refWithSibling", 10, True),
        ("refWithSibling", 11, False),  # keywords next to $ref still apply in OAS 3.0 here
        ("refWithSibling", -1, False),
        ("guid", "0b2e8a1c-0000-4000-8000-000000000000", True),
        ("guid", "0b2e8a1c", False),
        ("guid", "0B2E8A1C-0000-4000-8000-000000000000", False),
    ],
)
def test_verdicts_match_openapi_cores_validator(name: str, value: Any, valid: bool) -> None:
    check = compiler().ref(f"#/x/{name}")

    assert check(value) is valid
    assert reference_verdict(name, value) is valid


def test_nullable_only_counts_next_to_a_type() -> None:
    checks = compiler()
    typed = checks.compile({"type": "string", "nullable": True, "enum": ["a"]})
    untyped = checks.compile({"nullable": True})

    assert typed(None) is False  # the type lets null through, the enum does not
    assert untyped(None) is True
    assert checks.compile({"type": "string", "nullable": True})(None) is True


@pytest.mark.parametrize("name", ["oneOf", "usesOneOf", "loopsIntoOneOf"])
def test_a_keyword_it_cannot_check_exactly_is_refused_at_compile_time(name: str) -> None:
    with pytest.raises(Unsupported):
        compiler().ref(f"#/x/{name}")


def test_a_refused_recursive_schema_leaves_no_half_compiled_reference_behind() -> None:
    checks = compiler()
    with pytest.raises(Unsupported):
        checks.ref("#/x/loopsIntoOneOf")

    assert checks.ref("#/x/tree")({"name": "a", "children": []}) is True
    with pytest.raises(Unsupported):  # still refused, not served from a broken cache
        checks.ref("#/x/loopsIntoOneOf")


def test_an_operation_whose_schema_does_not_compile_is_left_to_openapi_core() -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "things_get",
                    "responses": {
                        "2XX": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/one"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"one": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}},
    }
    fast = FastContract(spec)

    assert (
        fast.response_conforms("things_get", status=200, body=b'"x"', content_type="application/json")
        is False
    )
    assert "oneOf" in fast.uncompiled()["things_get"]
