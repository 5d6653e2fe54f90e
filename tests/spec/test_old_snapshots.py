"""The pipeline on older upstream states: the 2023-12-07 and 2022-11-29 modules with the 2023-12-06 metadata.

Both lack ``sendDtmfTones`` (January 2024): a warning for a non-pinned input, not an error. The 2022 module
still has concrete success codes (200/204) instead of ``2XX`` and ``innererror`` instead of ``innerError``;
the same transforms still give a client that generates without warnings and parses Graph payloads. It also
lags the metadata by three ``participant`` properties, which the metadata supplies.

The snapshots are Microsoft's files in ../shared/upstream; without them these tests are skipped. That the
trim CLI only warns about the missing operation (exit 0, the warning on stderr, 33 operations on stdout) is
proved for these pairs among every module and metadata pair by
``test_upstream_snapshots.test_every_module_with_every_metadata_trims_with_no_warning_but_its_missing_operations``.
That module generates the same two clients (each module with its own metadata, the 2023-12-06 one):
``SharedGenerations`` (conftest.py) runs each generation once a test run.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph_calls_spec import inputs, pipeline, transforms
from graph_calls_spec.rules import Rules, canonical_key

from .conftest import BuildSpec, GenerateClients, GeneratedClient

TypeErrors = Callable[[Any], list[str]]
METADATA = "cleanMetadata.v1.0.2023-12-06-3a01466e.xml"
MODULES = {
    "2023-12-07": "CloudCommunications.v1.0.2023-12-07-98b7a26c.yml",
    "2022-11-29": "CloudCommunications.v1.0.2022-11-29-84e7c8e9.yml",
}
SEND_DTMF_TONES = ("POST", "/communications/calls/{call-id}/sendDtmfTones")
CALL_ID = "2f1a1100-b174-40a0-aba7-0b405e01ed92"
pytestmark = pytest.mark.skipif(
    not all((inputs.SHARED_UPSTREAM / name).is_file() for name in [METADATA, *MODULES.values()]),
    reason="the older snapshots are not in ../shared/upstream",
)


def upstream(name: str) -> Path:
    return inputs.SHARED_UPSTREAM / name


@pytest.fixture(scope="module")
def old_builds(pinned_rules: Rules) -> dict[str, pipeline.BuildResult]:
    return {
        date: pipeline.build_from_files(
            upstream(module), upstream(METADATA), pinned_rules, fatal_missing=False
        )
        for date, module in MODULES.items()
    }


@pytest.fixture(scope="module")
def old_clients(
    old_builds: dict[str, pipeline.BuildResult], generate_clients: GenerateClients
) -> dict[str, GeneratedClient]:
    return generate_clients({f"upstream_{date}": build.spec for date, build in old_builds.items()})


@pytest.mark.parametrize("date", sorted(MODULES))
def test_old_module_gives_33_operations_lacking_only_send_dtmf_tones(
    date: str, old_builds: dict[str, pipeline.BuildResult], pinned_rules: Rules
) -> None:
    build = old_builds[date]
    assert build.missing == [SEND_DTMF_TONES]
    keys = {canonical_key(m, p) for m, p, _ in transforms.iter_operations(build.spec)}
    assert len(keys) == 33
    assert keys == set(pinned_rules.keep_keys) - {canonical_key(*SEND_DTMF_TONES)}


@pytest.mark.parametrize("date", sorted(MODULES))
def test_old_module_regenerates_without_warnings(date: str, old_clients: dict[str, GeneratedClient]) -> None:
    client = old_clients[f"upstream_{date}"]
    assert client.error is None, client.error  # run_generator runs with --fail-on-warning
    modules = sorted(p.stem for p in client.package_dir.glob("api/*/*.py") if p.stem != "__init__")
    assert len(modules) == 33
    assert "calls_send_dtmf_tones" not in modules


def test_derived_operation_ids_are_stable_where_upstream_rewrote_them(
    old_builds: dict[str, pipeline.BuildResult], build_spec: BuildSpec, pinned_module: dict[str, Any]
) -> None:
    def by_key(spec: dict[str, Any]) -> dict[tuple[str, str], str]:
        return {canonical_key(m, p): op["operationId"] for m, p, op in transforms.iter_operations(spec)}

    pinned = by_key(build_spec().spec)
    for build in old_builds.values():
        old = by_key(build.spec)
        assert old == {key: pinned[key] for key in old}
    # upstream renamed every operation in 2023-04: the 2022 module's ids differ from the pin's
    upstream_2022 = by_key(pipeline.load_module(upstream(MODULES["2022-11-29"])))
    upstream_pin = by_key(pinned_module)
    invite = canonical_key("POST", "/communications/calls/{id}/participants/invite")
    assert upstream_2022[invite] == "communications.calls.participants_invite"
    assert upstream_pin[invite] == "communication.call.participant_invite"
    assert pinned[invite] == "participants_invite"


PARTICIPANT = {
    "@odata.type": "#microsoft.graph.participant",
    "id": "0d7664b6-6432-43ed-8d15-7ac7cab70c8c",
    "info": {
        "@odata.type": "#microsoft.graph.participantInfo",
        "identity": {
            "@odata.type": "#microsoft.graph.identitySet",
            "user": {
                "@odata.type": "#microsoft.graph.communicationsUserIdentity",
                "id": "550fae72-d251-43ec-868c-373732c2704f",
                "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                "displayName": "Heidi Steen",
            },
        },
        "endpointType": "default",
    },
    "mediaStreams": [
        {
            "@odata.type": "#microsoft.graph.mediaStream",
            "sourceId": "1",
            "direction": "sendReceive",
            "mediaType": "audio",
            "serverMuted": False,
        }
    ],
    "isInLobby": False,
    "isMuted": False,
}
INVITE_RESPONSE = {
    "@odata.type": "#microsoft.graph.inviteParticipantsOperation",
    "id": "eec3812a-fdc3-4fb4-825c-a06c9f35414e",
    "status": "running",
    "clientContext": "f2fa86af-3c51-4bc2-8fc0-475452d9764f",
    "resultInfo": None,
}


def test_the_2022_module_gains_the_participant_properties_the_newer_metadata_declares(
    old_builds: dict[str, pipeline.BuildResult],
    old_clients: dict[str, GeneratedClient],
    type_errors: TypeErrors,
) -> None:
    assert old_builds["2022-11-29"].from_metadata == [
        "participant.removedState",
        "participant.restrictedExperience",
        "participant.rosterSequenceNumber",
    ]
    assert old_builds["2023-12-07"].from_metadata == []  # that module has them itself
    client = old_clients["upstream_2022-11-29"]
    payload = {**copy.deepcopy(PARTICIPANT), "rosterSequenceNumber": 42, "removedState": {"reason": "left"}}
    parsed = client.parse("participants_get", copy.deepcopy(payload))
    assert parsed.roster_sequence_number == 42
    assert parsed.removed_state.reason == "left"
    assert "rosterSequenceNumber" not in parsed.additional_properties
    assert type_errors(parsed) == []
    assert parsed.to_dict() == payload


def error_body(inner_key: str) -> dict[str, Any]:
    return {
        "error": {
            "code": "itemNotFound",
            "message": "Unknown participant.",
            inner_key: {"request-id": "b5b7ab24-4e8e-4d5c", "date": "2022-11-29T10:11:12"},
        }
    }


@pytest.mark.parametrize(
    ("date", "inner_key", "inner_attribute"),
    [
        ("2023-12-07", "innerError", "inner_error"),
        ("2022-11-29", "innererror", "innererror"),
    ],
)
def test_payloads_round_trip_through_the_old_client(
    date: str,
    inner_key: str,
    inner_attribute: str,
    old_clients: dict[str, GeneratedClient],
    type_errors: TypeErrors,
) -> None:
    client = old_clients[f"upstream_{date}"]
    participant = client.parse("participants_get", copy.deepcopy(PARTICIPANT))
    assert type(participant.info.identity.user).__name__ == "CommunicationsUserIdentity"
    assert type_errors(participant) == []
    assert participant.to_dict() == PARTICIPANT

    invite = client.parse("participants_invite", copy.deepcopy(INVITE_RESPONSE))
    assert type(invite).__name__ == "InviteParticipantsOperation"
    assert invite.result_info is None
    assert type_errors(invite) == []
    assert invite.to_dict() == INVITE_RESPONSE

    error = client.parse("participants_get", error_body(inner_key), status=404)
    assert type(error).__name__ == "ODataError"
    inner = getattr(error.error, inner_attribute)
    assert inner.additional_properties["request-id"] == "b5b7ab24-4e8e-4d5c"
    assert type_errors(error) == []
    assert error.to_dict() == error_body(inner_key)


def test_concrete_success_codes_send_an_undeclared_success_to_the_error_branch(
    old_clients: dict[str, GeneratedClient],
) -> None:
    # 2022-11-29 declares keepAlive's success as 204; the reference page documents 200 OK with no body.
    # A 200 then falls to `default` and the error model is parsed from an empty body. `2XX` (2023 on) is fine.
    old = old_clients["upstream_2022-11-29"]
    keep_alive = old.endpoint("calls_keep_alive")
    response = httpx.Response(200, content=b"")
    with pytest.raises(json.JSONDecodeError):
        keep_alive._parse_response(client=old.http_client(), response=response)
    newer = old_clients["upstream_2023-12-07"]
    assert (
        newer.endpoint("calls_keep_alive")._parse_response(client=newer.http_client(), response=response)
        is None
    )
