"""Run a :class:`~graph_calls._core.plan.Plan` through the generated client, sync or async.

Three steps, each with its own failure: the generated endpoint builds the request (a model the caller built
wrong, e.g. ``AudioRoutingGroup(sources=5)``, fails here: :class:`~graph_calls.errors.InvalidInputError`,
nothing sent); the transport sends it and turns every non-2xx answer into a typed error; the generated
parser reads the success body (a body that does not parse as the documented type is
:class:`~graph_calls.errors.ResponseParseError` about that response, unless it only lacks the
``@odata.type`` of the one type the operation declares, which is filled in). The steps are the generated
module's own ``_get_kwargs`` and ``_build_response``, which its ``sync_detailed`` calls in the same order.
"""

from __future__ import annotations

import functools
import json
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    import httpx

from graph_calls._core.context import CURRENT_OPERATION
from graph_calls._core.plan import Plan, endpoint_of
from graph_calls._core.request_options import NO_EXTRAS, Extras
from graph_calls.errors import InvalidInputError, ResponseParseError

T = TypeVar("T")
# RecursionError: a pathologically nested body (a 100,000-deep JSON array) is a bad body, not a crash.
_PARSE_ERRORS = (KeyError, ValueError, TypeError, AttributeError, RecursionError)


@contextmanager
def operation_context(operation: str) -> Iterator[None]:
    """Tell the transport which operation a request belongs to (it names permissions on a 403)."""
    token = CURRENT_OPERATION.set(operation)
    try:
        yield
    finally:
        CURRENT_OPERATION.reset(token)


ODATA_TYPE = "@odata.type"


@functools.cache
def _declared_subtype(operation: str) -> tuple[Any, str] | None:
    """The subtype model an operation's success body is declared as, and its ``@odata.type`` value.

    ``None`` unless the endpoint returns one model whose ``@odata.type`` is required (the spec makes
    every subtype require its own, so unions can dispatch on it).
    """
    import attrs

    declared = typing.get_type_hints(endpoint_of(operation).sync).get("return")
    for model in typing.get_args(declared):
        if attrs.has(model) and hasattr(attrs.fields(model), "odata_type"):
            default = attrs.fields(model).odata_type.default
            if isinstance(default, str) and default.startswith("#microsoft.graph."):
                return model, default
    return None


def _untyped_subtype(operation: str, response: httpx.Response, exc: Exception) -> Any | None:
    """Parse a body that left out the ``@odata.type`` of the subtype it is declared as; None if not that.

    The service's documented answers carry it (``#microsoft.graph.inviteParticipantsOperation``), but an
    answer without it is still unambiguous: the operation declares one type. Without this, a valid
    operation would surface as a parse error.
    """
    if not (isinstance(exc, KeyError) and exc.args == (ODATA_TYPE,)):
        return None
    declared = _declared_subtype(operation)
    if declared is None:
        return None
    try:
        payload = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict) or ODATA_TYPE in payload:
        return None
    model, odata_type = declared
    try:
        return model.from_dict({**payload, ODATA_TYPE: odata_type})
    except _PARSE_ERRORS:
        return None


def _parse_error(
    operation: str, exc: Exception, response: httpx.Response | None = None
) -> ResponseParseError:
    detail = str(exc)[:300]
    token = _sent_token(response)
    if token:  # the parser quotes values of the body, and a hostile server may echo the request's token
        detail = detail.replace(token, "<redacted>")
    return ResponseParseError(
        f"{operation}: the response body does not match the documented type ({type(exc).__name__}: {detail})"
    )


def _sent_token(response: httpx.Response | None) -> str | None:
    if response is None:
        return None
    try:
        authorization = response.request.headers.get("Authorization", "")
    except RuntimeError:  # a response built without its request
        return None
    scheme, _, token = authorization.partition(" ")
    return token if scheme.lower() == "bearer" and len(token) >= 8 else None


def request_of(plan: Plan[Any], extras: Extras) -> dict[str, Any]:
    """The generated endpoint's request for ``plan``, with ``extras`` merged in.

    A model that cannot be serialised is the caller's mistake, not the service's.
    """
    try:
        request: dict[str, Any] = plan.endpoint._get_kwargs(**plan.kwargs)
    except _PARSE_ERRORS as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise InvalidInputError(
            f"{plan.operation}: the request cannot be built from what was passed ({reason}); nothing was sent"
        ) from None
    return extras.apply(plan.operation, request) if extras is not NO_EXTRAS else request


def _parsed(api: Any, plan: Plan[T], response: httpx.Response) -> T:
    try:
        return cast(T, plan.endpoint._build_response(client=api, response=response).parsed)
    except _PARSE_ERRORS as exc:
        recovered = _untyped_subtype(plan.operation, response, exc)
        if recovered is None:
            raise _parse_error(plan.operation, exc, response) from None
        return cast(T, recovered)


def run(api: Any, plan: Plan[T], extras: Extras = NO_EXTRAS) -> T:
    """Send ``plan`` (with ``extras``) with the generated sync client ``api`` and return the parsed body."""
    request = request_of(plan, extras)
    token = CURRENT_OPERATION.set(plan.operation)  # not operation_context(): ~1.5 µs less per call
    try:
        response = api.get_httpx_client().request(**request)
    finally:
        CURRENT_OPERATION.reset(token)
    return _parsed(api, plan, response)


async def arun(api: Any, plan: Plan[T], extras: Extras = NO_EXTRAS) -> T:
    """Async twin of :func:`run`."""
    request = request_of(plan, extras)
    token = CURRENT_OPERATION.set(plan.operation)
    try:
        response = await api.get_async_httpx_client().request(**request)
    finally:
        CURRENT_OPERATION.reset(token)
    return _parsed(api, plan, response)


def parse_page(operation: str, page_model: Any, payload: Any) -> Any:
    """Parse a next page (fetched by URL, outside the generated endpoint) as ``page_model``."""
    try:
        return page_model.from_dict(payload)
    except _PARSE_ERRORS as exc:
        raise _parse_error(operation, exc) from exc
