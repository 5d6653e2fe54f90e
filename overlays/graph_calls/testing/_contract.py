"""The simulator's contract: openapi-core checks of every request and response, and Graph-shaped errors.

:class:`SpecContract` wraps openapi-core around the packaged validation spec
(``graph-calls.validation.yml``, loaded with ``importlib.resources``: an installed package has no
``openapi/`` folder). The simulator routes paths itself and hands the validator the *templated*
path plus the decoded ids, so an id holding a percent-encoded ``/`` (``%2F``) is validated like
any other id instead of failing openapi-core's own path matching with ``PathNotFound``.

Problems come back as short strings that name the field, e.g.
``participants/0/hidden: 'yes' is not of type 'boolean'``.

Every check first asks the precompiled :class:`~graph_calls.testing._fast_contract.FastContract`
(microseconds for a conforming value); openapi-core runs only for what that does not pass, so a
problem is found, and described, exactly as openapi-core finds and describes it.
"""

from __future__ import annotations

import datetime
import functools
import importlib.resources
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

import yaml
from jsonschema.exceptions import ValidationError as SchemaError  # type: ignore[import-untyped]  # no stubs
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from graph_calls.testing._fast_contract import FastContract

__all__ = [
    "API_PREFIX",
    "SPEC_RESOURCE",
    "ContractViolation",
    "GraphError",
    "SpecContract",
    "error_body",
]

SPEC_RESOURCE: Final = "graph-calls.validation.yml"
API_PREFIX: Final = "/v1.0"
# Any absolute origin works: the spec's server is the relative "/v1.0".
_VALIDATION_HOST: Final = "https://graph.simulator.invalid"
_HTTP_METHODS: Final = ("get", "put", "post", "delete", "patch")


class GraphError(Exception):
    """An error answer in Graph's shape: HTTP status, OData ``code`` and ``message``."""

    def __init__(
        self, status: int, code: str, message: str, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers: dict[str, str] = dict(headers or {})


def error_body(code: str, message: str, *, request_id: str, client_request_id: str) -> dict[str, Any]:
    """``{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}``."""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    return {
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": now.isoformat(),
                "request-id": request_id,
                "client-request-id": client_request_id,
            },
        }
    }


@dataclass(frozen=True)
class ContractViolation:
    """Something the simulator sent that the spec does not allow."""

    kind: str
    """``"response"`` (an HTTP answer) or ``"notification"`` (a callback's ``resourceData``)."""
    operation: str
    """The operationId (for a notification: the schema checked)."""
    method: str
    path: str
    status: int
    problems: tuple[str, ...]
    body: Any = field(default=None, repr=False)

    def __str__(self) -> str:
        where = f"{self.method} {self.path} -> {self.status}" if self.method else self.path
        return f"{self.kind} of {self.operation} ({where}): " + "; ".join(self.problems)


@dataclass(frozen=True)
class SpecOperation:
    """One operation of the spec: its method and its path template under ``/v1.0``."""

    operation_id: str
    method: str
    path: str
    has_request_body: bool


@dataclass
class _SpecRequest:
    """What openapi-core's ``Request`` and ``SupportsPathPattern`` protocols read."""

    method: str
    path_pattern: str
    parameters: RequestParameters
    body: bytes | None
    content_type: str
    host_url: str = _VALIDATION_HOST

    @property
    def path(self) -> str:
        return self.path_pattern


@dataclass
class _SpecResponse:
    status_code: int
    data: bytes | None
    content_type: str
    headers: Headers


class SpecContract:
    """openapi-core on the packaged validation spec, with Graph-friendly problem messages.

    Example::

        contract = SpecContract.load()
        problems = contract.check_request("participants_invite", path_params={"call-id": "c1"},
                                          body=b'{"participants": [{"hidden": "yes"}]}')
        # ["participants/0/hidden: 'yes' is not of type 'boolean'"]
    """

    def __init__(self, spec: Mapping[str, Any], *, check_spec: bool = True, precompiled: bool = True) -> None:
        """``check_spec=False`` skips validating the spec itself; ``precompiled=False`` checks with
        openapi-core alone (the reference the precompiled checks are tested against)."""
        spec = dict(spec)
        # The simulator checks tokens itself; openapi-core cannot check oauth2 anyway and would
        # warn "Unsupported scheme type" on every request.
        spec.pop("security", None)
        self._spec = spec
        # Checking the spec itself costs ~0.2 s; the packaged one is checked when it is built.
        config = Config() if check_spec else Config(spec_validator_cls=None)
        self._api = OpenAPI.from_dict(spec, config=config)
        self._fast = FastContract(spec) if precompiled else None

    @classmethod
    def load(cls) -> SpecContract:
        """The contract of the spec shipped in ``graph_calls.testing``.

        Parsed once per process and shared: it holds nothing that changes, and loading it is most
        of what starting a simulator would otherwise cost.
        """
        return _packaged_contract()

    @property
    def spec(self) -> Mapping[str, Any]:
        """The parsed spec (without its ``security`` requirement)."""
        return self._spec

    @cached_property
    def operations(self) -> Mapping[str, SpecOperation]:
        """Every operation of the spec by operationId."""
        found: dict[str, SpecOperation] = {}
        for path, item in self._spec["paths"].items():
            for method in _HTTP_METHODS:
                operation = item.get(method)
                if operation is not None:
                    found[operation["operationId"]] = SpecOperation(
                        operation["operationId"], method.upper(), path, "requestBody" in operation
                    )
        return found

    def check_request(
        self,
        operation_id: str,
        *,
        path_params: Mapping[str, str] | None = None,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        content_type: str = "",
    ) -> list[str]:
        """The problems of a request for ``operation_id`` (empty when it conforms)."""
        if body and content_type.split(";")[0].strip().lower() == "application/json":
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return ["the request body is not UTF-8 encoded JSON"]
        query = [(name, value) for name, value in query if value != ""]
        if self._fast is not None and self._fast.request_conforms(
            operation_id,
            path_params=path_params or {},
            query=query,
            headers=headers or {},
            body=body,
            content_type=content_type,
        ):
            return []
        request = self._request(operation_id, path_params, query, headers, body, content_type)
        # Validation only: openapi-core's unmarshalling (building Python values) is ten times slower.
        try:
            errors = list(self._api.iter_request_errors(request))
        except Exception as exc:  # a validator crash must not become a 500 of the simulator
            return [f"request could not be validated: {exc}"]
        return _dedupe(problem for error in errors for problem in _request_problems(error))

    def check_response(
        self,
        operation_id: str,
        *,
        status: int,
        body: bytes | None,
        content_type: str = "",
        headers: Mapping[str, str] | None = None,
        path_params: Mapping[str, str] | None = None,
    ) -> list[str]:
        """The problems of a response to ``operation_id`` (empty when it conforms)."""
        fast = self._fast
        if fast is not None and fast.response_conforms(
            operation_id, status=status, body=body, content_type=content_type
        ):
            return []
        request = self._request(operation_id, path_params, (), None, None, "")
        response = _SpecResponse(status, body or None, content_type, Headers(dict(headers or {})))
        try:
            errors = list(self._api.iter_response_errors(request, response))
        except Exception as exc:
            return [f"response could not be validated: {exc}"]
        return _dedupe(problem for error in errors for problem in _problems(error))

    def check_schema(self, schema_name: str, value: Any) -> list[str]:
        """The problems of ``value`` as an instance of ``components/schemas/<schema_name>``."""
        if self._fast is not None and self._fast.schema_conforms(schema_name, value):
            return []
        validator = self._schema_validators.get(schema_name)
        if validator is None:
            from openapi_core.validation.schemas import oas30_read_schema_validators_factory

            spec = self._api.spec
            validator = oas30_read_schema_validators_factory.create(
                spec, spec / "components" / "schemas" / schema_name
            )
            self._schema_validators[schema_name] = validator
        try:
            validator.validate(value)
        except Exception as exc:
            return _dedupe(_problems(exc))
        return []

    @cached_property
    def _schema_validators(self) -> dict[str, Any]:
        return {}

    def _request(
        self,
        operation_id: str,
        path_params: Mapping[str, str] | None,
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str] | None,
        body: bytes | None,
        content_type: str,
    ) -> _SpecRequest:
        operation = self.operations[operation_id]
        # openapi-core rejects empty query values ("$search="); Graph ignores them.
        query_values = [(name, value) for name, value in query if value != ""]
        parameters = RequestParameters(
            path=dict(path_params or {}),
            query=ImmutableMultiDict(query_values),
            header=Headers(dict(headers or {})),
            cookie=ImmutableMultiDict(),
        )
        return _SpecRequest(
            method=operation.method.lower(),
            path_pattern=API_PREFIX + operation.path,
            parameters=parameters,
            body=body if body else None,
            content_type=content_type,
        )


@functools.cache
def _packaged_contract() -> SpecContract:
    text = importlib.resources.files("graph_calls.testing").joinpath(SPEC_RESOURCE).read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: 8x faster when present
    return SpecContract(yaml.load(text, Loader=loader), check_spec=False)  # noqa: S506 - a safe loader


def _request_problems(error: BaseException) -> list[str]:
    from openapi_core.casting.schemas.exceptions import CastError
    from openapi_core.deserializing.media_types.exceptions import MediaTypeDeserializeError
    from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
    from openapi_core.validation.request.exceptions import (
        MissingRequestBody,
        MissingRequiredRequestBody,
        ParameterValidationError,
    )

    cause = error.__cause__
    if isinstance(error, MissingRequiredRequestBody | MissingRequestBody):
        return ["a JSON request body is required"]
    if isinstance(cause, MediaTypeNotFound):
        return [f"unsupported Content-Type {cause.mimetype!r}; expected application/json"]
    if isinstance(cause, MediaTypeDeserializeError):
        return ["the request body is not valid JSON"]
    if isinstance(error, ParameterValidationError):
        name = getattr(error, "name", "") or "parameter"
        if isinstance(cause, CastError):
            return [f"{name}: {cause.value!r} is not a valid {cause.type}"]
        inner = _problems(cause) if cause is not None else [str(error)]
        return [f"{name}: {problem}" for problem in inner]
    return _problems(error)


def _problems(error: BaseException | None) -> list[str]:
    """Readable problems of an openapi-core error: one per schema error, naming the field."""
    if error is None:
        return []
    schema_errors = getattr(error, "schema_errors", None)
    if schema_errors is None and error.__cause__ is not None:
        schema_errors = getattr(error.__cause__, "schema_errors", None)
    if schema_errors:
        return [_describe(schema_error) for schema_error in schema_errors]
    if isinstance(error, SchemaError):
        return [_describe(error)]
    return [str(error)]


def _describe(error: SchemaError) -> str:
    """``path/to/field: message`` for the most telling leaf of a (possibly nested) schema error.

    The spec's ``anyOf`` branches (subtypes, ``nullable``, "not one of the other subtypes") each
    fail on their own; the deepest failure that is not one of those alternatives says what is
    actually wrong.
    """
    leaf = max(_leaves(error), key=_telling)
    path = "/".join(str(part) for part in leaf.absolute_path)
    return f"{path}: {leaf.message}" if path else leaf.message


def _leaves(error: SchemaError) -> Iterator[SchemaError]:
    if error.context:
        for child in error.context:
            yield from _leaves(child)
    else:
        yield error


def _telling(error: SchemaError) -> tuple[int, bool, bool]:
    path = list(error.absolute_path)
    is_alternative = error.validator == "not" or (
        error.validator == "enum" and error.validator_value == [None]
    )
    is_discriminator = bool(path) and path[-1] == "@odata.type"
    return (len(path), not is_alternative, not is_discriminator)


def _dedupe(problems: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(problems))


def new_request_id() -> str:
    """A fresh ``request-id``."""
    return str(uuid.uuid4())


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON, as Graph sends it (escaped ASCII if a string holds a lone surrogate)."""
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("ascii")
