"""Precompiled yes/no checks of OpenAPI 3.0 schemas: the simulator's fast contract path.

openapi-core interprets a schema afresh for every value it validates (about 30 ms for a page of 100
participants). :class:`SchemaCompiler` turns each schema of the spec, once, into nested Python
closures that only answer "valid or not", with the exact semantics of the validators openapi-core
uses (``openapi_schema_validator.OAS30ReadValidator``/``OAS30WriteValidator``: ``nullable`` only
inside ``type``, keywords next to ``$ref`` still apply, the same format checker). The contract
runs these first and asks openapi-core only when they say no, for its readable problems; so
a valid value costs microseconds, and a broken one is described exactly as before.

A keyword it does not know to check exactly (``oneOf``, ``discriminator``, ``minLength``, a
remote ``$ref``...) raises :class:`Unsupported` at compile time, and the contract keeps using
openapi-core for that operation: slower, never less strict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

__all__ = ["Check", "SchemaCompiler", "Unsupported"]

Check = Callable[[Any], bool]
"""Whether a (JSON-decoded) value conforms to one schema."""

# Keywords with no say on validity, for the OAS 3.0 validators openapi-core uses.
_ANNOTATIONS: Final = frozenset(
    {"description", "title", "default", "example", "externalDocs", "deprecated", "xml", "nullable"}
)


class Unsupported(Exception):
    """A schema uses a keyword (or a form of one) this compiler does not check exactly."""


def _always(value: Any) -> bool:
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_TYPES: Final[Mapping[str, Check]] = {
    "string": lambda value: isinstance(value, str),
    "number": _is_number,
    "integer": _is_integer,
    "boolean": lambda value: isinstance(value, bool),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


class SchemaCompiler:
    """Compiles the schemas of one spec (resolving its local ``$ref``s) into :data:`Check`\\ s.

    ``validating_keywords`` are the keywords the reference validator acts on (its ``VALIDATORS``);
    any other key is an annotation. ``format_checker`` is the reference validator's
    ``FORMAT_CHECKER``, whose ``conforms`` is called as is.
    """

    def __init__(self, spec: Mapping[str, Any], *, validating_keywords: Any, format_checker: Any) -> None:
        self._spec = spec
        self._validating = frozenset(validating_keywords)
        self._format_checker = format_checker
        self._refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        """The check of ``schema``; raises :class:`Unsupported` if it cannot be exact."""
        if not isinstance(schema, Mapping):
            raise Unsupported(f"schema is a {type(schema).__name__}")
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword not in self._validating or keyword in _ANNOTATIONS:
                continue
            compile_keyword = _KEYWORDS.get(keyword)
            if compile_keyword is None:
                raise Unsupported(f"keyword {keyword!r}")
            check = compile_keyword(self, value, schema)
            if check is not _always:
                checks.append(check)
        return _all_of(checks)

    def ref(self, ref: Any) -> Check:
        """The check of the schema a local ``$ref`` points to (recursive schemas included)."""
        if not isinstance(ref, str) or not ref.startswith("#/") or "%" in ref:
            raise Unsupported(f"$ref {ref!r}")
        known = self._refs.get(ref)
        if known is not None:
            return known
        # A schema may reach itself: point at a cell first, fill it once compiled.
        cell: list[Check] = []
        known_before = set(self._refs)
        self._refs[ref] = lambda value: cell[0](value)
        try:
            check = self.compile(self._resolve(ref))
        except Unsupported:
            # Forget what was compiled meanwhile: some of it may point at this empty cell.
            for added in set(self._refs) - known_before:
                del self._refs[added]
            raise
        cell.append(check)
        self._refs[ref] = check
        return check

    def _resolve(self, ref: str) -> Any:
        node: Any = self._spec
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, Mapping) or key not in node:
                raise Unsupported(f"unresolvable $ref {ref!r}")
            node = node[key]
        return node

    def format(self, name: str) -> Check | None:
        """The format check, or None when the checker does not know the format (then it passes)."""
        if name not in self._format_checker.checkers:
            return None
        conforms = self._format_checker.conforms
        return lambda value: conforms(value, name)


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    frozen = tuple(checks)

    def all_pass(value: Any) -> bool:
        for check in frozen:  # noqa: SIM110 - twice as fast as all(<generator>), per value per schema
            if not check(value):
                return False
        return True

    return all_pass


# -- one compiler per keyword: (compiler, the keyword's value, the whole schema) -> check ------------


def _type(compiler: SchemaCompiler, name: Any, schema: Mapping[str, Any]) -> Check:
    if not isinstance(name, str) or name not in _TYPES:
        raise Unsupported(f"type {name!r}")
    if name == "string" and schema.get("format") == "binary":
        raise Unsupported("binary strings")  # the reference also accepts bytes there
    is_type = _TYPES[name]
    if schema.get("nullable") is True:
        return lambda value: value is None or is_type(value)
    return is_type


def _format(compiler: SchemaCompiler, name: Any, schema: Mapping[str, Any]) -> Check:
    if not isinstance(name, str):
        raise Unsupported(f"format {name!r}")
    conforms = compiler.format(name)
    if conforms is None:
        return _always
    return lambda value: value is None or conforms(value)


def _enum(compiler: SchemaCompiler, values: Any, schema: Mapping[str, Any]) -> Check:
    if not isinstance(values, list) or not all(value is None or isinstance(value, str) for value in values):
        raise Unsupported("enum of other than strings and null")
    strings = frozenset(value for value in values if value is not None)
    if None in values:
        return lambda value: value is None or (isinstance(value, str) and value in strings)
    return lambda value: isinstance(value, str) and value in strings


def _properties(compiler: SchemaCompiler, properties: Any, schema: Mapping[str, Any]) -> Check:
    if not isinstance(properties, Mapping):
        raise Unsupported("properties")
    compiled = tuple(
        (name, check)
        for name, subschema in properties.items()
        if (check := compiler.compile(subschema)) is not _always
    )

    def properties_pass(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name, check_property in compiled:
            if name in value and not check_property(value[name]):
                return False
        return True

    return properties_pass


def _required(compiler: SchemaCompiler, names: Any, schema: Mapping[str, Any]) -> Check:
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise Unsupported("required")
    properties = schema.get("properties") or {}
    if any(
        isinstance(properties.get(name), Mapping)
        and (properties[name].get("readOnly") or properties[name].get("writeOnly"))
        for name in names
    ):
        raise Unsupported("required readOnly/writeOnly properties")
    wanted = tuple(names)
    return lambda value: not isinstance(value, dict) or all(name in value for name in wanted)


def _additional_properties(compiler: SchemaCompiler, allowed: Any, schema: Mapping[str, Any]) -> Check:
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")
    if allowed is True:
        return _always
    declared = frozenset(schema.get("properties") or ())
    if allowed is False:
        return lambda value: not isinstance(value, dict) or all(key in declared for key in value)
    extra_check = compiler.compile(allowed)
    return lambda value: (
        not isinstance(value, dict)
        or all(extra_check(item) for key, item in value.items() if key not in declared)
    )


def _items(compiler: SchemaCompiler, items: Any, schema: Mapping[str, Any]) -> Check:
    check_item = compiler.compile(items)  # a list (tuple validation) is Unsupported there
    if check_item is _always:
        return _always

    def items_pass(value: Any) -> bool:
        if isinstance(value, list):
            for item in value:
                if not check_item(item):
                    return False
        return True

    return items_pass


def _any_of(compiler: SchemaCompiler, schemas: Any, schema: Mapping[str, Any]) -> Check:
    if "discriminator" in schema or not isinstance(schemas, list) or not schemas:
        raise Unsupported("anyOf")
    checks = tuple(compiler.compile(subschema) for subschema in schemas)
    if any(check is _always for check in checks):
        return _always

    def any_passes(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - as above
            if check(value):
                return True
        return False

    return any_passes


def _all_of_keyword(compiler: SchemaCompiler, schemas: Any, schema: Mapping[str, Any]) -> Check:
    if "discriminator" in schema or not isinstance(schemas, list):
        raise Unsupported("allOf")
    return _all_of([check for sub in schemas if (check := compiler.compile(sub)) is not _always])


def _not(compiler: SchemaCompiler, negated: Any, schema: Mapping[str, Any]) -> Check:
    check = compiler.compile(negated)
    return lambda value: not check(value)


def _ref(compiler: SchemaCompiler, ref: Any, schema: Mapping[str, Any]) -> Check:
    return compiler.ref(ref)


def _pattern(compiler: SchemaCompiler, pattern: Any, schema: Mapping[str, Any]) -> Check:
    from openapi_schema_validator._regex import has_ecma_regex

    if not isinstance(pattern, str) or has_ecma_regex():
        raise Unsupported("pattern")  # with `regress` installed the reference uses ECMA regexes
    search = re.compile(pattern).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _bound(is_minimum: bool) -> Callable[[SchemaCompiler, Any, Mapping[str, Any]], Check]:
    def compile_bound(compiler: SchemaCompiler, limit: Any, schema: Mapping[str, Any]) -> Check:
        if not _is_number(limit):
            raise Unsupported("minimum/maximum")
        exclusive = bool(schema.get("exclusiveMinimum" if is_minimum else "exclusiveMaximum", False))
        inside: Check
        if is_minimum:
            inside = (lambda v: bool(v > limit)) if exclusive else (lambda v: bool(v >= limit))
        else:
            inside = (lambda v: bool(v < limit)) if exclusive else (lambda v: bool(v <= limit))
        return lambda value: not _is_number(value) or inside(value)

    return compile_bound


def _read_or_write_only(compiler: SchemaCompiler, flag: Any, schema: Mapping[str, Any]) -> Check:
    if flag:
        raise Unsupported("readOnly/writeOnly")
    return _always


_KEYWORDS: Final[Mapping[str, Callable[[SchemaCompiler, Any, Mapping[str, Any]], Check]]] = {
    "type": _type,
    "format": _format,
    "enum": _enum,
    "properties": _properties,
    "required": _required,
    "additionalProperties": _additional_properties,
    "items": _items,
    "anyOf": _any_of,
    "allOf": _all_of_keyword,
    "not": _not,
    "$ref": _ref,
    "pattern": _pattern,
    "minimum": _bound(is_minimum=True),
    "maximum": _bound(is_minimum=False),
    "readOnly": _read_or_write_only,
    "writeOnly": _read_or_write_only,
}
