"""Per-call options every operation takes: ``extra_headers``, ``extra_query``, ``extra_body`` and ``timeout``.

The escape hatch for what the service takes beyond its OpenAPI description (Graph's own examples redirect
with ``routingPolicies`` and transfer with ``clientContext``), named as in openai-python and other Stainless
SDKs::

    graph.calls[call_id].redirect(targets=[...], extra_body={"routingPolicies": ["disableForwarding"]})

Each is checked before anything is sent (:class:`~graph_calls.errors.InvalidInputError`), then merged into the
request the generated endpoint built: extra values win over the modelled ones.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import httpx

from graph_calls._constants import DEFAULT_CONNECT_TIMEOUT_S
from graph_calls._validate import check_headers
from graph_calls.errors import InvalidInputError

QueryValue = str | int | float | bool


class RequestOptions(TypedDict, total=False):
    """The keyword arguments every operation method accepts besides its own (all optional).

    - ``extra_headers``: more request headers (not ``Authorization``, ``Host`` or framing headers); a
      ``client-request-id`` given here is used instead of a generated one.
    - ``extra_query``: more query parameters (``True``/``False`` are sent as ``true``/``false``).
    - ``extra_body``: more top-level JSON properties, merged into the body the method builds (shallow; a key
      here replaces the modelled one). Values must be JSON-serialisable.
    - ``timeout``: seconds each attempt of this call may take, instead of the client's ``timeout``.
    """

    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, QueryValue]
    extra_body: Mapping[str, object]
    timeout: float


@dataclass(frozen=True, slots=True)
class Extras:
    """Checked :class:`RequestOptions`, ready to merge into one request."""

    headers: dict[str, str]
    query: dict[str, str]
    body: dict[str, Any]
    timeout: httpx.Timeout | None

    def apply(self, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        """``request`` (the generated endpoint's ``_get_kwargs``) with the extras merged in."""
        merged = dict(request)
        if self.body:
            body = request.get("json")
            if not isinstance(body, dict):
                raise InvalidInputError(f"{operation} sends no JSON object body; extra_body cannot be sent")
            merged["json"] = {**body, **self.body}
        if self.query:
            merged["params"] = {**(request.get("params") or {}), **self.query}
        if self.headers:
            merged["headers"] = {**(request.get("headers") or {}), **self.headers}
        if self.timeout is not None:
            merged["timeout"] = self.timeout
        return merged


NO_EXTRAS = Extras({}, {}, {}, None)
_KNOWN = frozenset(RequestOptions.__annotations__)


def extras_of(options: Mapping[str, Any]) -> Extras:
    """Check ``options`` (an operation method's ``**options``); InvalidInputError on anything wrong."""
    if not options:
        return NO_EXTRAS
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        known = ", ".join(sorted(_KNOWN))
        raise InvalidInputError(f"unexpected keyword argument(s) {', '.join(unknown)}; options are: {known}")
    headers = options.get("extra_headers")
    query = options.get("extra_query")
    body = options.get("extra_body")
    timeout = options.get("timeout")
    return Extras(
        headers={} if headers is None else check_headers("extra_headers", headers),
        query={} if query is None else _query(query),
        body={} if body is None else _body(body),
        timeout=None if timeout is None else request_timeout("timeout", timeout),
    )


def request_timeout(name: str, seconds: object) -> httpx.Timeout:
    """``seconds`` as an httpx timeout (connecting gets at most the default connect timeout)."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not (0 < seconds < math.inf):
        raise InvalidInputError(f"{name} must be a positive number of seconds, not {seconds!r}")
    return httpx.Timeout(float(seconds), connect=min(float(seconds), DEFAULT_CONNECT_TIMEOUT_S))


def _query(query: object) -> dict[str, str]:
    if not isinstance(query, Mapping):
        raise InvalidInputError(f"extra_query must be a mapping, not {type(query).__name__}")
    checked: dict[str, str] = {}
    for key, value in query.items():
        if not isinstance(key, str) or not key:
            raise InvalidInputError(f"extra_query: {key!r} is not a parameter name")
        if isinstance(value, bool):
            checked[key] = "true" if value else "false"
        elif isinstance(value, (str, int)) or (isinstance(value, float) and math.isfinite(value)):
            checked[key] = str(value)
        else:
            raise InvalidInputError(f"extra_query: the value of {key} must be a str, int, float or bool")
    return checked


def _body(body: object) -> dict[str, Any]:
    if not isinstance(body, Mapping):
        raise InvalidInputError(f"extra_body must be a mapping of JSON properties, not {type(body).__name__}")
    for key, value in body.items():
        if not isinstance(key, str) or not key:
            raise InvalidInputError(f"extra_body: {key!r} is not a JSON property name")
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise InvalidInputError(f"extra_body: the value of {key} is not JSON ({exc})") from None
    return dict(body)
