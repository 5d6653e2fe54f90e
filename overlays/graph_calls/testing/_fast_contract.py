"""The contract's fast path: "this request (or response) conforms", decided with precompiled checks.

:class:`FastContract` answers True only when openapi-core, given the same request or response,
would find nothing wrong: the same response lookup (status, then ``2XX``, then ``default``), the
same media-type match and JSON decoding, the same parameter casts, and each schema checked by
its :mod:`~graph_calls.testing._schema_checks` twin. Anything else (a value that fails, a
parameter it would have to cast in an unusual way, an operation whose schemas do not compile)
is False: "ask openapi-core", which then says exactly what is wrong, or that nothing is.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from graph_calls.testing._schema_checks import Check, SchemaCompiler, Unsupported

__all__ = ["FastContract"]

_JSON: Final = "application/json"
_BOOLEAN_WORDS: Final = frozenset({"true", "false"})


@dataclass(frozen=True)
class _Parameter:
    kind: str
    """``string``, ``integer`` or ``boolean``: how openapi-core casts the raw text."""
    check: Check


@dataclass(frozen=True)
class _Operation:
    path_params: frozenset[str]
    query: Mapping[str, _Parameter]
    headers: frozenset[str]
    """Declared header parameters (lower case): a request carrying one takes the slow path."""
    body: Check | None
    """The request body's check (None: the operation takes no body)."""
    responses: Mapping[str, Check | None] = field(default_factory=dict)
    """By response key (``200``, ``2XX``, ``default``): the body's check, None for no content."""


class FastContract:
    """Precompiled checks of every operation of one (OpenAPI 3.0) spec, built on first use."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

        self._spec = spec
        # openapi-core checks requests with the write validator and responses with the read one.
        self._write = SchemaCompiler(
            spec,
            validating_keywords=OAS30WriteValidator.VALIDATORS,
            format_checker=OAS30WriteValidator.FORMAT_CHECKER,
        )
        self._read = SchemaCompiler(
            spec,
            validating_keywords=OAS30ReadValidator.VALIDATORS,
            format_checker=OAS30ReadValidator.FORMAT_CHECKER,
        )
        self._lock = threading.Lock()
        self._operations: dict[str, _Operation | None] = {}
        self._schemas: dict[str, Check] = {}
        self._unsupported: dict[str, str] = {}
        self._locations = {
            item[method]["operationId"]: (item, item[method])
            for item in spec.get("paths", {}).values()
            for method in ("get", "put", "post", "delete", "patch")
            if isinstance(item.get(method), Mapping) and "operationId" in item[method]
        }

    def request_conforms(
        self,
        operation_id: str,
        *,
        path_params: Mapping[str, str],
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes | None,
        content_type: str,
    ) -> bool:
        """True if openapi-core would find no problem with this request (``query`` without empty values)."""
        operation = self._operation(operation_id)
        if operation is None:
            return False
        if any(not path_params.get(name) for name in operation.path_params):
            return False
        if operation.headers and any(name.lower() in operation.headers for name in headers):
            return False
        if not _query_conforms(operation.query, query):
            return False
        if operation.body is None:
            return True
        return _json_body_conforms(operation.body, body, content_type)

    def response_conforms(
        self, operation_id: str, *, status: int, body: bytes | None, content_type: str
    ) -> bool:
        """True if openapi-core would find no problem with this response."""
        operation = self._operation(operation_id)
        if operation is None:
            return False
        code = str(status)
        for key in (code, f"{code[0]}XX", "default"):
            if key in operation.responses:
                check = operation.responses[key]
                break
        else:
            return False
        if check is None:
            return True  # no content declared: openapi-core looks at no body
        return _json_body_conforms(check, body, content_type)

    def schema_conforms(self, schema_name: str, value: Any) -> bool:
        """True if ``value`` is a valid ``components/schemas/<schema_name>`` (as a response part)."""
        check = self._schemas.get(schema_name)
        if check is None:
            with self._lock:
                try:
                    check = self._read.ref(
                        f"#/components/schemas/{schema_name.replace('~', '~0').replace('/', '~1')}"
                    )
                except Unsupported:
                    check = _never
                self._schemas[schema_name] = check
        return check(value)

    # -- compiling -------------------------------------------------------------------------------

    def _operation(self, operation_id: str) -> _Operation | None:
        try:
            return self._operations[operation_id]
        except KeyError:
            pass
        with self._lock:
            if operation_id not in self._operations:
                try:
                    self._operations[operation_id] = self._compile(operation_id)
                except Unsupported as exc:
                    self._operations[operation_id] = None
                    self._unsupported[operation_id] = str(exc)
            return self._operations[operation_id]

    def uncompiled(self) -> dict[str, str]:
        """The operations left to openapi-core alone (a schema did not compile), with the reason."""
        for operation_id in self._locations:
            self._operation(operation_id)
        return dict(self._unsupported)

    def _compile(self, operation_id: str) -> _Operation:
        location = self._locations.get(operation_id)
        if location is None:
            raise Unsupported(f"no operation {operation_id}")
        path_item, operation = location
        if "security" in operation or "servers" in operation:
            raise Unsupported("per-operation security or servers")
        path_params: set[str] = set()
        query: dict[str, _Parameter] = {}
        headers: set[str] = set()
        seen: set[tuple[str, str]] = set()
        for raw in [*operation.get("parameters", ()), *path_item.get("parameters", ())]:
            parameter = self._deref(raw)
            name, where = str(parameter.get("name")), str(parameter.get("in"))
            if (name, where) in seen:
                continue  # an operation's parameter overrides the path item's
            seen.add((name, where))
            if "content" in parameter or "default" in parameter.get("schema", {}):
                raise Unsupported(f"parameter {name}")
            if where == "path":
                if parameter.get("schema") != {"type": "string"}:
                    raise Unsupported(f"path parameter {name}")
                path_params.add(name)
            elif where == "query" and not parameter.get("required"):
                query[name] = self._query_parameter(parameter)
            elif where == "header" and not parameter.get("required"):
                headers.add(str(name).lower())
            else:
                raise Unsupported(f"parameter {name} in {where}")
        return _Operation(
            path_params=frozenset(path_params),
            query=query,
            headers=frozenset(headers),
            body=self._request_body(operation),
            responses={
                str(key): self._response(response) for key, response in operation.get("responses", {}).items()
            },
        )

    def _query_parameter(self, parameter: Mapping[str, Any]) -> _Parameter:
        schema = self._deref(parameter.get("schema", {}))
        kind = schema.get("type")
        style, explode = parameter.get("style", "form"), parameter.get("explode", True)
        if kind not in ("string", "integer", "boolean") or style != "form" or explode:
            raise Unsupported(f"query parameter {parameter.get('name')}")
        return _Parameter(kind, self._write.compile(schema))

    def _request_body(self, operation: Mapping[str, Any]) -> Check | None:
        if "requestBody" not in operation:
            return None
        request_body = self._deref(operation["requestBody"])
        return self._json_schema_check(request_body.get("content", {}), self._write)

    def _response(self, response: Any) -> Check | None:
        response = self._deref(response)
        if "headers" in response:
            raise Unsupported("response headers")
        if "content" not in response:
            return None
        return self._json_schema_check(response["content"], self._read)

    def _json_schema_check(self, content: Mapping[str, Any], compiler: SchemaCompiler) -> Check:
        media_type = content.get(_JSON)
        if not isinstance(media_type, Mapping):
            raise Unsupported("no application/json content")
        if "schema" not in media_type:
            return lambda value: True
        return compiler.compile(media_type["schema"])

    def _deref(self, node: Any) -> Mapping[str, Any]:
        seen = 0
        while isinstance(node, Mapping) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/") or seen > 8:
                raise Unsupported(f"$ref {ref!r}")
            node = self._spec
            for part in ref[2:].split("/"):
                node = (
                    node.get(part.replace("~1", "/").replace("~0", "~"), {})
                    if isinstance(node, Mapping)
                    else {}
                )
            seen += 1
        if not isinstance(node, Mapping):
            raise Unsupported("parameter, body or response is not an object")
        return node


def _never(value: Any) -> bool:
    return False


def _query_conforms(declared: Mapping[str, _Parameter], query: Sequence[tuple[str, str]]) -> bool:
    counted: set[str] = set()
    for name, value in query:
        parameter = declared.get(name)
        if parameter is None:
            continue  # openapi-core reads only the declared parameters
        if name in counted:
            return False  # repeated: which value openapi-core takes is its business
        counted.add(name)
        if parameter.kind == "string":
            cast: Any = value
        elif parameter.kind == "integer":
            if not (value.isascii() and value.isdigit()):
                return False
            cast = int(value)
        elif value.lower() in _BOOLEAN_WORDS:
            cast = value.lower() == "true"
        else:
            return False
        if not parameter.check(cast):
            return False
    return True


def _media_type_is_json(content_type: str) -> bool:
    """Whether openapi-core's media-type finder takes ``content_type`` as ``application/json``."""
    mime_type, *parameters = content_type.split(";")
    return mime_type.lower().rstrip() == _JSON and all(parameter.count("=") == 1 for parameter in parameters)


def _json_body_conforms(check: Check, body: bytes | None, content_type: str) -> bool:
    """A JSON body openapi-core would find, decode and pass (it reports an empty one as missing)."""
    if not body or not _media_type_is_json(content_type):
        return False
    try:
        value = json.loads(body)
    except ValueError:
        return False
    return check(value)
