"""A bounded schemathesis run against the running simulator, from the packaged validation spec.

Each of the 34 operations gets a few generated (schema-valid) requests, sent with a real bearer
token to a freshly seeded call, participant, operation, group and sharing session, so they reach
the real handlers. Per operation: at least ``MIN_SUCCESS_SHARE`` of the answers are 2xx, none is
5xx, and every answer passes schemathesis' response checks (and the simulator's own contract
check, via ``graph_sim``). Derandomized: the same cases every run.
"""

from __future__ import annotations

import copy
import importlib.resources
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final

import pytest
import requests
import schemathesis
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from graph_calls.testing._contract import SPEC_RESOURCE, SpecContract
from graph_calls.testing.simulator import GraphSimulator

EXAMPLES_PER_OPERATION: Final = 12
MIN_SUCCESS_SHARE: Final = 0.3
# Checks run on every answer. Left out, and why:
# - positive_data_acceptance: the spec marks no property required, but the service requires some
#   (callbackUri, prompts, tones, ...) and answers 400 without them; the simulator does the same.
# - negative_data_rejection, missing_required_header: only positive (schema-valid) data is sent
#   here; malformed requests are covered by test_simulator_contract.py.
# - use_after_free, ensure_resource_availability: checks of stateful (linked-operation) runs.
# - ignored_auth: every case carries a valid token; auth has its own tests.
# - unsupported_method, allow_header_conformance: no undeclared method is sent.
# - max_response_time: timing is not part of the contract.
CHECKS: Final = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
USER = {"user": {"id": "fuzz-user", "displayName": "Fuzz"}}
MEDIA = {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}
PROMPT = {"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.example/a.wav"}}
INCOMING_CALL_OPERATIONS: Final = frozenset({"calls_answer", "calls_reject", "calls_redirect"})


def _for_generation(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the spec the generator works well with: inheritance flattened, types closed.

    Graph's types are open (``additionalProperties: true``), and the generator would otherwise
    spend its budget on random extra keys (and be ten times slower) instead of the declared
    properties. Closing an ``allOf: [base, subtype]`` as is would leave only objects valid under
    both closed halves (nearly empty ones), so each such schema first becomes one object with the
    properties of both. Answers are still checked against the real (open) spec.
    """
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]

    def properties_of(name: str) -> tuple[dict[str, Any], list[str]]:
        schema = schemas[name]
        if "allOf" not in schema:
            return dict(schema.get("properties", {})), list(schema.get("required", []))
        properties: dict[str, Any] = {}
        required: list[str] = []
        for part in schema["allOf"]:
            if "$ref" in part:
                base_properties, base_required = properties_of(part["$ref"].rsplit("/", 1)[-1])
            else:
                base_properties, base_required = part.get("properties", {}), part.get("required", [])
            properties.update(base_properties)
            required += base_required
        return properties, required

    flattened = {}
    for name, schema in schemas.items():
        if "allOf" in schema:
            properties, required = properties_of(name)
            flattened[name] = {"type": "object", "properties": properties, "additionalProperties": False}
            if required:
                flattened[name]["required"] = sorted(set(required))
    schemas.update(flattened)
    closed: dict[str, Any] = _closed(spec)
    return closed


def _closed(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (False if key == "additionalProperties" and value is True else _closed(value))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_closed(value) for value in node]
    return node


# Parametrized at collection, by every test worker: from the simulator's parsed copy of the packaged spec
# (loaded once per process, and already by the contract tests), not from a parse of its own.
OPERATIONS: Final = {
    operation.operation_id: (operation.path, operation.method)
    for operation in SpecContract.load().operations.values()
}


def _packaged_spec() -> dict[str, Any]:
    """The packaged validation spec, parsed anew: schemathesis gets a copy no simulator shares."""
    text = importlib.resources.files("graph_calls.testing").joinpath(SPEC_RESOURCE).read_text("utf-8")
    spec: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return spec


def _valid_callback(body: dict[str, Any]) -> None:
    if "callbackUri" in body:
        body["callbackUri"] = "https://bot.example/api/calls"


def _truncate(body: dict[str, Any], name: str, at_most: int) -> None:
    if isinstance(body.get(name), list):
        body[name] = body[name][:at_most]


def _within(body: dict[str, Any], low: int, high: int, *names: str) -> None:
    for name in names:
        if body.get(name) is not None and not low <= body[name] <= high:
            del body[name]


def _default(body: dict[str, Any], name: str, value: Any) -> None:
    if not body.get(name):
        body[name] = copy.deepcopy(value)


# What the service requires beyond the spec (the reference pages), filled in only when the
# generated body lacks it, so the rest of the generated data still reaches the handler.
COMPLETIONS: Final[dict[str, Callable[[dict[str, Any]], None]]] = {
    "calls_create": lambda body: (
        body.update(callbackUri="https://bot.example/api/calls"),
        _default(body, "mediaConfig", MEDIA),
    ),
    "calls_answer": lambda body: (
        _valid_callback(body),
        _default(body, "acceptedModalities", ["audio"]),
        _default(body, "mediaConfig", MEDIA),
    ),
    "calls_reject": _valid_callback,
    "calls_redirect": lambda body: (
        _valid_callback(body),
        _default(body, "targets", [{"identity": USER}]),
        _truncate(body, "targets", 25),
        _within(body, 15, 90, "timeout"),
    ),
    "calls_transfer": lambda body: _default(body, "transferTarget", {"identity": USER}),
    "calls_play_prompt": lambda body: (_default(body, "prompts", [PROMPT]), _truncate(body, "prompts", 20)),
    "calls_record_response": lambda body: (
        _truncate(body, "prompts", 1),
        _within(body, 1, 120, "initialSilenceTimeoutInSeconds", "maxSilenceTimeoutInSeconds"),
        _within(body, 1, 120, "maxRecordDurationInSeconds"),
    ),
    "calls_send_dtmf_tones": lambda body: _default(body, "tones", ["tone1"]),
    "calls_update_recording_status": lambda body: _default(body, "status", "recording"),
    "calls_change_screen_sharing_role": lambda body: _default(body, "role", "viewer"),
    "calls_log_teleconference_device_quality": lambda body: _default(body, "quality", {"deviceName": "fuzz"}),
    "participants_invite": lambda body: _default(body, "participants", [{"identity": USER}]),
}


def _seed_ids(sim: GraphSimulator, operation_id: str) -> dict[str, str]:
    """A fresh call (and everything under it) for one case: no case sees another's changes."""
    state = "incoming" if operation_id in INCOMING_CALL_OPERATIONS else "established"
    call_id = sim.seed_call(state=state, participants=2)
    ids = {"call-id": call_id, "participant-id": sim.participants(call_id)[-1]["id"]}
    if state == "established":
        ids["commsOperation-id"] = sim.seed_operation(call_id, "playPrompt")
        ids["audioRoutingGroup-id"] = sim.seed_audio_routing_group(call_id)
        ids["contentSharingSession-id"] = sim.seed_content_sharing_session(call_id)
    return ids


@dataclass(frozen=True)
class Fuzzing:
    """What every operation's run shares, built once (not at collection): the two schemas, one connection."""

    generation_schema: BaseSchema  # cases come from the closed copy ...
    schema: BaseSchema  # ... and are sent, and their answers checked, through the real spec
    http: requests.Session  # one kept-alive connection, instead of a TLS handshake per case


@pytest.fixture(scope="module")
def fuzzing() -> Iterator[Fuzzing]:
    """Built by the first operation's run: collection (in every test worker) pays none of it."""
    spec = _packaged_spec()
    with requests.Session() as http:
        yield Fuzzing(
            schemathesis.openapi.from_dict(_for_generation(spec)), schemathesis.openapi.from_dict(spec), http
        )


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_generated_requests_reach_the_handlers_and_answers_meet_the_spec(
    graph_sim: GraphSimulator, graph_token: str, fuzzing: Fuzzing, operation_id: str
) -> None:
    path, method = OPERATIONS[operation_id]
    operation = fuzzing.schema[path][method]
    generated_from = fuzzing.generation_schema[path][method]
    statuses: Counter[int] = Counter()
    headers = {"Authorization": f"Bearer {graph_token}"}

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: keep the run bounded
        suppress_health_check=list(HealthCheck),
    )
    @given(generated=generated_from.as_strategy())
    def send(generated: Any) -> None:
        ids = _seed_ids(graph_sim, operation_id)
        body = generated.body
        if isinstance(body, dict):
            if isinstance(body.get("clientContext"), str):
                body["clientContext"] = body["clientContext"][:256]
            COMPLETIONS.get(operation_id, lambda body: None)(body)
        case = operation.Case(
            path_parameters={name: ids[name] for name in generated.path_parameters or {}},
            headers=generated.headers,
            query=generated.query,
            body=body,
            media_type=generated.media_type,
        )
        response = case.call(
            base_url=graph_sim.base_url,
            session=fuzzing.http,
            headers=headers,
            verify=graph_sim.ca_bundle,
            timeout=10,
        )
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    send()

    answered = sum(statuses.values())
    succeeded = sum(count for status, count in statuses.items() if 200 <= status < 300)
    assert not [status for status in statuses if status >= 500], statuses
    assert succeeded / answered >= MIN_SUCCESS_SHARE, f"{operation_id}: {dict(statuses)}"
    assert graph_sim.contract_violations == []
