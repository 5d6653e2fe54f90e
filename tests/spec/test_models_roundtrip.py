"""Graph-shaped payloads through the committed generated models: parse, type-check, serialize back.

Every parsed model is walked by ``type_errors`` (conftest): each attribute's value must fit its annotation.
The generated union parsers fall back to an unchecked ``cast``, so without this walk a value that matched no
branch would pass unnoticed. ``to_dict`` must give the input back; where the generator changes something
(datetime and UUID spelling, key order) the test says exactly what.

The second half runs every request, response and notification body of the reference-page fixtures
(``tests/fixtures/graph_reference/*.json``, one file per Graph reference page) through the matching model.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import typing
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from .conftest import REPO_ROOT, GeneratedClient

TypeErrors = Callable[[Any], list[str]]
CALL_ID = "2f1a1100-b174-40a0-aba7-0b405e01ed92"
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "graph_reference"

# ------------------------------------------------------------------------- payloads from the reference

# participant-invite (the reference's request, identity with identityProvider as in its SDK snippets)
INVITE_REQUEST = {
    "participants": [
        {
            "@odata.type": "#microsoft.graph.invitationParticipantInfo",
            "identity": {
                "@odata.type": "#microsoft.graph.identitySet",
                "user": {
                    "@odata.type": "#microsoft.graph.identity",
                    "id": "278405a3-f568-4b3e-b684-009193463064",
                    "identityProvider": "AAD",
                },
            },
            "participantId": "a7ebfb2d-871e-419c-87af-27290b22e8db",
        }
    ],
    "clientContext": "f2fa86af-3c51-4bc2-8fc0-475452d9764f",
}
INVITE_RESPONSE = {
    "@odata.type": "#microsoft.graph.inviteParticipantsOperation",
    "id": "eec3812a-fdc3-4fb4-825c-a06c9f35414e",
    "status": "Running",
    "clientContext": "f2fa86af-3c51-4bc2-8fc0-475452d9764f",
    "resultInfo": None,
    "participants": [
        {
            "@odata.type": "#microsoft.graph.invitationParticipantInfo",
            "endpointType": None,
            "replacesCallId": None,
            "identity": {
                "@odata.type": "#microsoft.graph.identitySet",
                "user": {
                    "@odata.type": "#microsoft.graph.identity",
                    "id": "278405a3-f568-4b3e-b684-009193463064",
                    "identityProvider": "AAD",
                },
                "application": None,
                "device": None,
                "phone": None,
            },
            "participantId": "a7ebfb2d-871e-419c-87af-27290b22e8db",
        }
    ],
}

# participant-get, with a property v1.0 does not declare yet and an enum member it does not list yet
PARTICIPANT = {
    "@odata.context": (
        f"https://graph.microsoft.com/v1.0/$metadata#communications/calls('{CALL_ID}')/participants/$entity"
    ),
    "@odata.type": "#microsoft.graph.participant",
    "id": "0d7664b6-6432-43ed-8d15-7ac7cab70c8c",
    "info": {
        "@odata.type": "#microsoft.graph.participantInfo",
        "identity": {
            "@odata.type": "#microsoft.graph.identitySet",
            "user": {
                "@odata.type": "#microsoft.graph.identity",
                "id": "550fae72-d251-43ec-868c-373732c2704f",
                "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                "displayName": "Heidi Steen",
            },
        },
        "endpointType": "default",
        "languageId": "en-US",
        "region": "amer",
    },
    "mediaStreams": [
        {
            "@odata.type": "#microsoft.graph.mediaStream",
            "sourceId": "1",
            "direction": "sendReceive",
            "label": "main-audio",
            "mediaType": "audio",
            "serverMuted": False,
        },
        {
            "@odata.type": "#microsoft.graph.mediaStream",
            "sourceId": "2",
            "direction": "receiveOnly",
            "label": "main-hologram",
            "mediaType": "hologram",  # not in modality (yet): kept as a string
            "serverMuted": False,
        },
    ],
    "isInLobby": False,
    "isMuted": True,
    "metadata": "metadata-value",
    "recordingInfo": {
        "@odata.type": "#microsoft.graph.recordingInfo",
        "initiator": {
            "@odata.type": "#microsoft.graph.identitySet",
            "user": {
                "@odata.type": "#microsoft.graph.identity",
                "id": "550fae72-d251-43ec-868c-373732c2704f",
            },
        },
        "recordingStatus": "recordingCapable",  # a member v1.0's recordingStatus lacks
    },
    "rosterSequenceNumber": 9007199254740993,  # int64 beyond a double's precision
    "preferredDisplayName": "Heidi (Contoso)",  # a property v1.0 does not declare
}

# call-get, group call with service-hosted media and an organizer meeting info
CALL = {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#communications/calls/$entity",
    "@odata.type": "#microsoft.graph.call",
    "id": CALL_ID,
    "state": "established",
    "direction": "outgoing",
    "callbackUri": "https://bot.contoso.com/callback",
    "callChainId": "d8217646-3110-40b1-bae6-e9ac6c3a9f74",
    "myParticipantId": "05491616-385f-44a8-9974-18cc5f9933c1",
    "source": {
        "@odata.type": "#microsoft.graph.participantInfo",
        "identity": {
            "@odata.type": "#microsoft.graph.identitySet",
            "application": {
                "@odata.type": "#microsoft.graph.identity",
                "displayName": "Calling Bot",
                "id": "2891555a-92ff-42e6-80fa-6e1300c6b5c6",
            },
        },
        "region": None,
        "languageId": None,
    },
    "targets": [],
    "requestedModalities": ["audio", "hologram"],
    "mediaConfig": {
        "@odata.type": "#microsoft.graph.serviceHostedMediaConfig",
        "preFetchMedia": [
            {"uri": "https://cdn.contoso.com/beep.wav", "resourceId": "f8971b04-b53e-418c-9222-c82ce681a582"},
            {"uri": "https://cdn.contoso.com/cool.wav", "resourceId": "86dc814b-c172-4428-9112-60f8ecae1edb"},
        ],
    },
    "chatInfo": {
        "@odata.type": "#microsoft.graph.chatInfo",
        "threadId": "19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2",
        "messageId": "0",
        "replyChainMessageId": None,
    },
    "meetingInfo": {
        "@odata.type": "#microsoft.graph.organizerMeetingInfo",
        "organizer": {
            "@odata.type": "#microsoft.graph.identitySet",
            "user": {
                "@odata.type": "#microsoft.graph.identity",
                "id": "5810cede-f3cc-42eb-b2c1-e9bd5d53ec96",
                "displayName": None,
            },
        },
        "allowConversationWithoutHost": True,
    },
    "transcription": {
        "@odata.type": "#microsoft.graph.callTranscriptionInfo",
        "state": "inactive",
        "lastModifiedDateTime": "2020-05-28T00:10:54.104318Z",
    },
    "subject": None,
    "resultInfo": None,
    "toneInfo": None,
    "answeredBy": None,  # not in v1.0
    "ringingTimeoutInSeconds": None,  # not in v1.0
}


def operation(status: str, **changes: Any) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.playPromptOperation",
        "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
        "status": status,
        "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
        "resultInfo": None,
    } | changes


ERROR_404 = {
    "error": {
        "code": "itemNotFound",
        "message": "Unknown participant.",
        "innerError": {
            "date": "2024-09-25T10:11:12",
            "request-id": "b5b7ab24-4e8e-4d5c-9b6e-1b0f4d39b0a9",
            "client-request-id": "0d4d6e5c-3e6e-4bd1-9b3e-6a7f5e2c1d0b",
        },
    }
}

# (operation, status, payload): responses parsed as the generated endpoint would
RESPONSES = {
    "invite": ("participants_invite", 200, INVITE_RESPONSE),
    "participant": ("participants_get", 200, PARTICIPANT),
    "participants-page": (
        "participants_list",
        200,
        {
            "@odata.context": PARTICIPANT["@odata.context"].removesuffix("/$entity"),
            "@odata.nextLink": f"https://graph.microsoft.com/v1.0/communications/calls/{CALL_ID}/participants?$skiptoken=x",
            "value": [{k: v for k, v in PARTICIPANT.items() if k != "@odata.context"}],
        },
    ),
    "operation-running": ("operations_get", 200, operation("running")),
    "operation-Running": ("operations_get", 200, operation("Running")),
    "operation-completed": (
        "operations_get",
        200,
        operation(
            "completed",
            resultInfo={
                "@odata.type": "#microsoft.graph.resultInfo",
                "code": 200,
                "subcode": 8510,
                "message": "Action completed, max prompt limit reached.",
            },
        ),
    ),
    "operation-unknown-status": ("operations_get", 200, operation("paused")),
    "error-404": ("participants_get", 404, ERROR_404),
}


def canonical(value: Any) -> Any:
    """``value`` with datetimes and UUIDs spelled one way (the generator normalizes both)."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value)) if len(value) == 36 else dt.datetime.fromisoformat(value).isoformat()
        except ValueError:
            return value
    return value


# ------------------------------------------------------------------------------------------ round trips


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_parses_type_checks_and_round_trips(
    name: str, installed_client: GeneratedClient, type_errors: TypeErrors
) -> None:
    operation_id, status, payload = RESPONSES[name]
    parsed = installed_client.parse(operation_id, copy.deepcopy(payload), status=status)
    assert type_errors(parsed) == []
    assert parsed.to_dict() == payload


def test_invite_request_round_trips_with_the_identity_provider_as_an_extra(
    installed_client: GeneratedClient, type_errors: TypeErrors
) -> None:
    body = installed_client.models.ParticipantsInviteBody.from_dict(copy.deepcopy(INVITE_REQUEST))
    user = body.participants[0].identity.user
    assert type(user).__name__ == "Identity"
    assert user.additional_properties == {"identityProvider": "AAD"}
    assert type_errors(body) == []
    assert body.to_dict() == INVITE_REQUEST
    request = installed_client.request("participants_invite", CALL_ID, body=body)
    assert json.loads(request.content) == INVITE_REQUEST


def test_unknown_property_enum_member_and_status_are_kept(installed_client: GeneratedClient) -> None:
    participant = installed_client.parse("participants_get", copy.deepcopy(PARTICIPANT))
    assert participant.additional_properties["preferredDisplayName"] == "Heidi (Contoso)"
    assert participant.media_streams[1].media_type == "hologram"
    assert participant.recording_info.recording_status == "recordingCapable"
    paused = installed_client.parse("operations_get", operation("paused"))
    assert type(paused).__name__ == "PlayPromptOperation"
    assert paused.status == "paused"


def test_call_round_trip_respells_the_datetime_and_keeps_everything_else(
    installed_client: GeneratedClient, type_errors: TypeErrors
) -> None:
    call = installed_client.parse("calls_get", copy.deepcopy(CALL))
    assert type(call.media_config).__name__ == "ServiceHostedMediaConfig"
    assert type(call.meeting_info).__name__ == "OrganizerMeetingInfo"
    assert call.meeting_info.additional_properties == {"allowConversationWithoutHost": True}
    assert call.requested_modalities == ["audio", "hologram"]
    assert call.transcription.last_modified_date_time == dt.datetime(
        2020, 5, 28, 0, 10, 54, 104318, tzinfo=dt.UTC
    )
    assert type_errors(call) == []

    out = call.to_dict()
    # the one change: isoformat() writes UTC as +00:00 where Graph wrote Z
    assert out["transcription"]["lastModifiedDateTime"] == "2020-05-28T00:10:54.104318+00:00"
    out["transcription"]["lastModifiedDateTime"] = CALL["transcription"]["lastModifiedDateTime"]
    assert out == CALL


def test_round_trip_lowercases_uuids(installed_client: GeneratedClient, type_errors: TypeErrors) -> None:
    quality = {
        "quality": {
            "@odata.type": "#microsoft.graph.teleconferenceDeviceQuality",
            "callChainId": "0622673D-9F69-49B3-9D4F-5EC64F2ECBBB",
            "participantId": "ea078c8b-2018-4b61-8d22-3a6d6ec1e9ed",
            "mediaLegId": "bd9ee398-4b9d-42c7-8b8d-4e8efad9435f",
            "deviceName": "TestAgent",
            "mediaQualityList": [],
        }
    }
    body = installed_client.models.CallsLogTeleconferenceDeviceQualityBody.from_dict(copy.deepcopy(quality))
    assert isinstance(body.quality.call_chain_id, uuid.UUID)
    assert type_errors(body) == []
    out = body.to_dict()
    assert out["quality"]["callChainId"] == "0622673d-9f69-49b3-9d4f-5ec64f2ecbbb"
    assert canonical(out) == canonical(quality)


def test_round_trip_puts_extras_first_then_declared_properties_in_spec_order(
    installed_client: GeneratedClient,
) -> None:
    payload = {
        "status": "running",
        "id": "op-1",
        "newField": 1,
        "@odata.type": "#microsoft.graph.commsOperation",
    }
    out = installed_client.models.CommsOperation.from_dict(payload).to_dict()
    assert out == payload
    assert list(out) == ["newField", "@odata.type", "id", "status"]


# ------------------------------------------------------------------------------- the checker can fail


def test_type_checker_flags_values_that_do_not_fit_their_annotation(
    installed_client: GeneratedClient, type_errors: TypeErrors
) -> None:
    models = installed_client.models
    identity = models.Identity(id=5)
    assert type_errors(identity) == ["$.id: 5 is not None | str | Unset"]

    guest = models.CommunicationsGuestIdentity()
    guest.odata_type = "#microsoft.graph.communicationsUserIdentity"
    assert "is not one of ('#microsoft.graph.communicationsGuestIdentity',)" in type_errors(guest)[0]

    identity_set = models.IdentitySet.from_dict({"user": {"id": "u"}})
    identity_set.user = {"id": "u"}  # what the union parser's final cast leaves when no branch fits
    assert type_errors(identity_set)[0].startswith("$.user: {'id': 'u'} is not ")

    transcription = models.CallTranscriptionInfo(last_modified_date_time="2020-05-28T00:10:54Z")
    assert type_errors(transcription) == [
        "$.last_modified_date_time: '2020-05-28T00:10:54Z' is not datetime | None | Unset"
    ]

    page = models.ParticipantCollectionResponse.from_dict({"value": [{"id": "p1"}]})
    page.value[0].is_muted = "no"
    assert type_errors(page) == ["$.value[0].is_muted: 'no' is not bool | Unset"]


# ------------------------------------------------------------------------------- reference-page fixtures


def spec_operations() -> list[tuple[str, list[str], str]]:
    """(METHOD, path segments, operationId) of the committed trimmed spec."""
    spec = yaml.load(
        (REPO_ROOT / "openapi" / "graph-calls.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    return [
        (method.upper(), path.strip("/").split("/"), op["operationId"])
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    ]


def operation_of(request: dict[str, Any], operations: list[tuple[str, list[str], str]]) -> str | None:
    """The operationId a documented request calls (pages show ids, ``{id}`` or the qualified action)."""
    path = request.get("path") or ""
    if not path.startswith("/communications/"):
        return None  # e.g. the recording download of call-record, not a Graph call
    segments = [s.removeprefix("microsoft.graph.") for s in path.split("?")[0].strip("/").split("/")]
    candidates = [
        (sum(t == s for t, s in zip(template, segments, strict=True)), operation_id)
        for method, template, operation_id in operations
        if method == request.get("method")
        and len(template) == len(segments)
        and all(t.startswith("{") or t == s for t, s in zip(template, segments, strict=True))
    ]
    return max(candidates)[1] if candidates else None


# Where a reference page and v1.0 disagree and the client keeps the page's value under the wrong annotation.
# Strict: when the spec or an overlay starts handling it, the test says so.
DOCUMENTED_MISTYPINGS = {
    "call-delete-0-n1": (
        "the call-delete notification sends resultInfo.code/subcode as strings ('200', '5001'); v1.0 says "
        "int32, and the generated ResultInfo keeps the strings under an int annotation"
    ),
}


def fixture_cases() -> list[Any]:
    """(file, example, part, operation) for every body in the reference-page fixtures.

    A multi-step example calls other operations than its page's (participant-delete first invites), so the
    operation comes from the documented request. Notifications without ``resourceData`` have nothing to parse.
    """
    operations = spec_operations() if FIXTURES.is_dir() else []
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        examples = json.loads(path.read_text(encoding="utf-8"))["examples"]
        for index, example in enumerate(examples):
            operation_id = operation_of(example.get("request") or {}, operations)
            stem = f"{path.stem}-{index}"
            if operation_id and (example["request"].get("body") is not None):
                cases.append(pytest.param(path.name, index, "request", operation_id, id=f"{stem}-request"))
            if operation_id and isinstance((example.get("response") or {}).get("body"), dict | list):
                cases.append(pytest.param(path.name, index, "response", operation_id, id=f"{stem}-response"))
            for n, notification in enumerate(example.get("notifications") or []):
                if any("resourceData" in item for item in notification.get("value", [])):
                    case_id = f"{stem}-n{n}"
                    reason = DOCUMENTED_MISTYPINGS.get(case_id)
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    cases.append(
                        pytest.param(path.name, index, f"notification{n}", "", id=case_id, marks=marks)
                    )
    if not cases:
        cases.append(
            pytest.param("", 0, "", "", marks=pytest.mark.skip(reason=f"no fixtures in {FIXTURES} yet"))
        )
    return cases


def model_for_odata_type(client: GeneratedClient, odata_type: str) -> Any:
    name = odata_type.removeprefix("#microsoft.graph.")
    return getattr(client.models, name[:1].upper() + name[1:], None)


def check_round_trip(parsed: Any, payload: Any, type_errors: TypeErrors) -> None:
    assert type_errors(parsed) == []
    assert canonical(parsed.to_dict()) == canonical(payload)


@pytest.mark.parametrize(("file", "index", "part", "operation_id"), fixture_cases())
def test_reference_page_body_parses_into_the_matching_model(
    file: str,
    index: int,
    part: str,
    operation_id: str,
    installed_client: GeneratedClient,
    type_errors: TypeErrors,
) -> None:
    example = json.loads((FIXTURES / file).read_text(encoding="utf-8"))["examples"][index]
    if part == "request":
        endpoint = installed_client.endpoint(operation_id)
        body_class = typing.get_type_hints(endpoint._get_kwargs)["body"]
        payload = example["request"]["body"]
        check_round_trip(body_class.from_dict(copy.deepcopy(payload)), payload, type_errors)
    elif part == "response":
        payload, status = example["response"]["body"], example["response"]["status"]
        parsed = installed_client.parse(operation_id, copy.deepcopy(payload), status=status)
        assert (type(parsed).__name__ == "ODataError") == (status >= 400)
        check_round_trip(parsed, payload, type_errors)
    else:
        notification = example["notifications"][int(part.removeprefix("notification"))]
        checked = 0
        for item in notification["value"]:
            resources = item.get("resourceData", [])
            for resource in resources if isinstance(resources, list) else [resources]:
                model = model_for_odata_type(installed_client, resource.get("@odata.type", ""))
                assert model is not None, f"no model for {resource.get('@odata.type')}"
                check_round_trip(model.from_dict(copy.deepcopy(resource)), resource, type_errors)
                checked += 1
        assert checked
