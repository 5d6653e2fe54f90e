"""Each spec transform, shown by the runtime failure it prevents.

The pattern: run the pipeline on the pinned module once with every transform and once with one of them
skipped (``build_spec(without=...)`` patches it to a no-op), generate a client from each with
``regen.run_generator`` (any generator warning is an error), and show the client without the transform
failing on a Graph-shaped payload where the client with it succeeds. For the transforms that exist for the
sake of validation, openapi-core on the two specs does the same job. All clients are generated once, in
parallel, by the module fixture ``clients``.

Letters follow transforms.py: a closure, b names, c open types, d nullable references, e polymorphism,
f derived types, g OData query options, h operation ids, i action paths, j docs, k enum casing,
l service quirks (null ids, folded identity sets, two-level inheritance), m the validation-only variant.
"""

from __future__ import annotations

import copy
import inspect
import json
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import openapi_spec_validator
import pytest
import yaml
from openapi_spec_validator.validation.exceptions import DuplicateOperationIDError

from graph_calls_spec import cli, inputs, pipeline, transforms
from graph_calls_spec.csdl import Csdl
from graph_calls_spec.rules import Rules, canonical_key

from .conftest import REPO_ROOT, BuildSpec, GenerateClients, GeneratedClient, SpecValidator, load_yaml

pytestmark = pytest.mark.slow  # generates a client per transform left out

SEND_DTMF_TONES = ("POST", "/communications/calls/{call-id}/sendDtmfTones")
CALL_RECORDS_PARTICIPANTS = ("GET", "/communications/callRecords/{callRecord-id}/participants_v2")
CALL_ID = "2f1a1100-b174-40a0-aba7-0b405e01ed92"
TypeErrors = Callable[[Any], list[str]]

# ------------------------------------------------------------------------------------ realistic payloads
# Shaped like the examples of the v1.0 Graph reference pages (participant-get, participant-invite,
# call-answer, call-playprompt, application-post-calls, call-logteleconferencedevicequality, the
# commsOperation subtypes).

RESULT_INFO_OK = {
    "@odata.type": "#microsoft.graph.resultInfo",
    "code": 200,
    "subcode": 8505,
    "message": "Action completed successfully.",
}


def identity(odata_type: str | None, **fields: Any) -> dict[str, Any]:
    return ({"@odata.type": odata_type} if odata_type else {}) | fields


def participant(
    identity_set: dict[str, Any], *, participant_id: str | None = "0d7664b6-6432"
) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.participant",
        "id": participant_id,
        "info": {
            "@odata.type": "#microsoft.graph.participantInfo",
            "identity": identity_set,
            "endpointType": "default",
            "languageId": "en-US",
            "region": "amer",
        },
        "mediaStreams": [
            {
                "@odata.type": "#microsoft.graph.mediaStream",
                "mediaType": "audio",
                "label": "main-audio",
                "sourceId": "1",
                "direction": "sendReceive",
                "serverMuted": False,
            }
        ],
        "isMuted": False,
        "isInLobby": False,
        "metadata": None,
    }


def invite_response(**changes: Any) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.inviteParticipantsOperation",
        "id": "eec3812a-fdc3-4fb4-825c-a06c9f35414e",
        "status": "Running",
        "clientContext": "f2fa86af-3c51-4bc2-8fc0-475452d9764f",
        "resultInfo": None,
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
    } | changes


PRE_FETCH_MEDIA = [
    {
        "@odata.type": "#microsoft.graph.mediaInfo",
        "uri": "https://cdn.contoso.com/beep.wav",
        "resourceId": "1D6DE2D4-CD51-4309-8DAA-70768651088E",
    }
]
SERVICE_HOSTED = {
    "@odata.type": "#microsoft.graph.serviceHostedMediaConfig",
    "preFetchMedia": PRE_FETCH_MEDIA,
}
APP_HOSTED = {"@odata.type": "#microsoft.graph.appHostedMediaConfig", "blob": "<Media Session Configuration>"}


def answer_body(media_config: dict[str, Any]) -> dict[str, Any]:
    return {
        "callbackUri": "https://bot.contoso.com/api/calls",
        "acceptedModalities": ["audio"],
        "mediaConfig": media_config,
    }


PLAY_PROMPT_BODY = {
    "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
    "prompts": [
        {
            "@odata.type": "#microsoft.graph.mediaPrompt",
            "mediaInfo": {
                "@odata.type": "#microsoft.graph.mediaInfo",
                "uri": "https://cdn.contoso.com/beep.wav",
                "resourceId": "1D6DE2D4-CD51-4309-8DAA-70768651088E",
            },
        }
    ],
}

MEETING_INFOS = {
    "OrganizerMeetingInfo": {
        "@odata.type": "#microsoft.graph.organizerMeetingInfo",
        "organizer": {
            "@odata.type": "#microsoft.graph.identitySet",
            "user": {
                "@odata.type": "#microsoft.graph.identity",
                "id": "5810cede-f3cc-42eb-b2c1-e9bd5d53ec96",
                "tenantId": "aa67bd4c-8475-432d-bd41-39f255720e0a",
                "displayName": "Bob",
            },
        },
        "allowConversationWithoutHost": True,
    },
    "TokenMeetingInfo": {"@odata.type": "#microsoft.graph.tokenMeetingInfo", "token": "eyJ0eXAiOiJKV1Qi..."},
    "JoinMeetingIdMeetingInfo": {
        "@odata.type": "#microsoft.graph.joinMeetingIdMeetingInfo",
        "joinMeetingId": "1234567",
        "passcode": "psw123",
    },
}


def create_call_body(meeting_info: dict[str, Any]) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.call",
        "callbackUri": "https://bot.contoso.com/callback",
        "requestedModalities": ["audio"],
        "mediaConfig": SERVICE_HOSTED,
        "chatInfo": {
            "@odata.type": "#microsoft.graph.chatInfo",
            "threadId": "19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2",
            "messageId": "0",
        },
        "meetingInfo": meeting_info,
        "tenantId": "aa67bd4c-8475-432d-bd41-39f255720e0a",
    }


def media_quality(kind: str, **extra: Any) -> dict[str, Any]:
    return {
        "@odata.type": f"#microsoft.graph.teleconferenceDevice{kind}Quality",
        "channelIndex": 1,
        "mediaDuration": "PT20M",
        "networkLinkSpeedInBytes": 13000,
        "localIPAddress": "127.0.0.1",
        "localPort": 6300,
        "remoteIPAddress": "102.1.1.101",
        "remotePort": 6301,
        "inboundPackets": 5500,
        "outboundPackets": 5400,
        "averageInboundPacketLossRateInPercentage": 0.01,
        "averageOutboundPacketLossRateInPercentage": 0.02,
        "averageInboundRoundTripDelay": "PT0.03S",
        "averageInboundJitter": "PT0.01S",
    } | extra


VIDEO_RATES = {
    "averageInboundBitRate": 1.2e6,
    "averageInboundFrameRate": 30,
    "averageOutboundBitRate": 1.1e6,
    "averageOutboundFrameRate": 29.5,
}
DEVICE_QUALITY_BODY = {
    "quality": {
        "@odata.type": "#microsoft.graph.teleconferenceDeviceQuality",
        "callChainId": "0622673d-9f69-49b3-9d4f-5ec64f2ecbbb",
        "participantId": "ea078c8b-2018-4b61-8d22-3a6d6ec1e9ed",
        "mediaLegId": "bd9ee398-4b9d-42c7-8b8d-4e8efad9435f",
        "deviceName": "TestAgent",
        "deviceDescription": "TestDescription",
        "mediaQualityList": [
            media_quality("Audio"),
            media_quality("Video", **VIDEO_RATES),
            media_quality("ScreenSharing", **VIDEO_RATES),
        ],
    }
}


def comms_operation(name: str, status: str = "completed") -> dict[str, Any]:
    return {
        "@odata.type": f"#microsoft.graph.{name}",
        "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
        "status": status,
        "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
        "resultInfo": RESULT_INFO_OK,
    }


def list_page(*participants: dict[str, Any]) -> dict[str, Any]:
    return {
        "@odata.context": (
            f"https://graph.microsoft.com/v1.0/$metadata#communications/calls('{CALL_ID}')/participants"
        ),
        "value": list(participants),
    }


USER_SET = {
    "@odata.type": "#microsoft.graph.identitySet",
    "user": {"@odata.type": "#microsoft.graph.identity", "id": "550fae72-d251", "displayName": "Heidi Steen"},
}

# ---------------------------------------------------------------------------------------------- fixtures


def rename_keeping_titles(original: Callable[..., None]) -> Callable[..., None]:
    """``rename_components`` that renames keys but puts the components' titles back (b, negative run)."""

    def rename(spec: dict[str, Any], prefixes: Any) -> None:
        titles = {
            (section, name): value["title"]
            for section in transforms.COMPONENT_SECTIONS
            for name, value in spec.get("components", {}).get(section, {}).items()
            if isinstance(value, dict) and "title" in value
        }
        original(spec, prefixes)
        ordered = sorted(prefixes, key=len, reverse=True)
        for (section, name), title in titles.items():
            short = next((name[len(p) :] for p in ordered if name.startswith(p)), name)
            spec["components"][section][short]["title"] = title

    return rename


@pytest.fixture(scope="module")
def builds(build_spec: BuildSpec, pinned_rules: Rules) -> dict[str, pipeline.BuildResult]:
    """The pipeline with every transform, and once per transform (group) left out."""
    with_call_records = (*pinned_rules.keep, CALL_RECORDS_PARTICIPANTS)
    with mock.patch.object(
        transforms, "rename_components", rename_keeping_titles(transforms.rename_components)
    ):
        titles_kept = build_spec(keep=with_call_records)
    return {
        "all": build_spec(),
        "no_open_additional_properties": build_spec(without=["open_additional_properties"]),
        "no_nullable_references": build_spec(without=["nullable_references"]),
        "no_mark_subtypes": build_spec(without=["mark_subtypes"]),
        "no_polymorphic_unions": build_spec(without=["polymorphic_unions"]),
        "no_enum_aliases": build_spec(without=["add_enum_aliases"]),
        "no_nullable_properties": build_spec(without=["make_properties_nullable"]),
        # These six act on disjoint parts of the output, so one client serves their six negative runs:
        # query parameters (odata_query_as_strings), action URLs (strip_action_namespace), docstrings
        # (doc_fixes), body defaults (drop_value_defaults), the subtypes only the metadata defines
        # (add_derived_types: serviceHostedMediaConfig, the teleconference qualities...) and the properties
        # folded into identitySet (fold_into_base: phone, guest...). Each negative test looks only at its
        # own part, which the others leave as it is: its assertions about this client fail once its own
        # transform runs, the others still left out (checked when they were merged).
        "no_disjoint_transforms": build_spec(
            without=["odata_query_as_strings", "drop_value_defaults", "add_derived_types", "fold_into_base"],
            strip_action_namespace=False,
            doc_fixes=(),
        ),
        "call_records_titles_kept": titles_kept,
        "call_records": build_spec(keep=with_call_records),
    }


GENERATED = (
    "no_open_additional_properties",
    "no_nullable_references",
    "no_mark_subtypes",
    "no_disjoint_transforms",
    "call_records_titles_kept",
    "call_records",
)


@pytest.fixture(scope="module")
def clients(
    builds: dict[str, pipeline.BuildResult], generate_clients: GenerateClients
) -> dict[str, GeneratedClient]:
    return generate_clients({name: builds[name].spec for name in GENERATED})


@pytest.fixture(scope="module")
def full(builds: dict[str, pipeline.BuildResult], installed_client: GeneratedClient) -> GeneratedClient:
    """The client generated with every transform: the committed one, since this is the committed spec.

    ``make check`` proves the committed package is what generating that spec gives (with no warning), so
    it is not generated once more here. Only ``info`` differs (``make spec`` names the pinned files in its
    description), and the generator writes it nowhere without ``--meta``.
    """
    committed = load_yaml(REPO_ROOT / "openapi" / pipeline.SPEC_NAME)
    assert {**builds["all"].spec, "info": None} == {**committed, "info": None}
    assert committed["info"]["description"] not in "".join(
        path.read_text(encoding="utf-8") for path in installed_client.package_dir.rglob("*.py")
    )
    return installed_client


@pytest.fixture(scope="module")
def validators(
    builds: dict[str, pipeline.BuildResult], spec_validator: Callable[[dict[str, Any]], SpecValidator]
) -> dict[str, SpecValidator]:
    return {
        "generator": spec_validator(builds["all"].spec),
        "validation": spec_validator(builds["all"].validation_spec),
    }


# ----------------------------------------------------------------------------------------------- a. trim


def test_trimmed_spec_is_exactly_the_ref_closure_of_its_operations(
    builds: dict[str, pipeline.BuildResult],
) -> None:
    for spec in (builds["all"].spec, builds["all"].validation_spec):
        components = spec["components"]
        defined = {
            f"#/components/{s}/{n}" for s in transforms.COMPONENT_SECTIONS for n in components.get(s, {})
        }
        reachable: set[str] = set()
        pending = list(transforms.iter_refs(spec["paths"]))
        while pending:
            ref = pending.pop()
            if ref not in reachable:
                reachable.add(ref)
                assert ref in defined, f"dangling {ref}"
                section, _, name = ref.removeprefix("#/components/").partition("/")
                pending.extend(transforms.iter_refs(components[section][name]))
        assert defined == reachable, f"unreachable: {sorted(defined - reachable)}"


def test_a_dangling_ref_is_fatal() -> None:
    spec = {
        "paths": {"/x": {"get": {"responses": {"200": {"$ref": "#/components/responses/gone"}}}}},
        "components": {"schemas": {"unused": {"type": "object"}}},
    }
    with pytest.raises(transforms.SpecError, match=r"dangling .*responses/gone"):
        transforms.prune_components(spec)


@pytest.fixture(scope="module")
def module_without_send_dtmf_tones(
    pinned_module: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A copy of the pinned module lacking one keep-list operation (as the 2023 modules do)."""
    module = copy.deepcopy(pinned_module)
    item = module["paths"]["/communications/calls/{call-id}/microsoft.graph.sendDtmfTones"]
    del item["post"]
    path = tmp_path_factory.mktemp("module") / "CloudCommunications.without-sendDtmfTones.yml"
    path.write_text(yaml.dump(module, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
    return path


def test_keep_list_operation_missing_from_the_pin_is_fatal(
    module_without_send_dtmf_tones: Path,
    pinned_paths: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = inputs.load_lock()
    pinned = {lock.module.file: module_without_send_dtmf_tones, lock.metadata.file: pinned_paths[1]}
    monkeypatch.setattr(inputs, "resolve", lambda pin, **_: pinned[pin.file])

    code = cli.main(["trim", "--out-dir", str(tmp_path), "--package-data-dir", ""])

    assert code == 1
    err = capsys.readouterr().err
    assert "error:" in err
    assert "lacks keep-list operations: POST /communications/calls/{call-id}/sendDtmfTones" in err
    assert not (tmp_path / pipeline.SPEC_NAME).exists()


def test_keep_list_operation_missing_from_another_input_is_a_warning(
    module_without_send_dtmf_tones: Path,
    pinned_paths: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["trim", "--module", str(module_without_send_dtmf_tones), "--metadata", str(pinned_paths[1])]
    code = cli.main([*argv, "--out-dir", str(tmp_path), "--package-data-dir", ""])

    assert code == 0
    assert "warning: CloudCommunications.without-sendDtmfTones.yml lacks POST" in capsys.readouterr().err
    spec = load_yaml(tmp_path / pipeline.SPEC_NAME)
    keys = {canonical_key(m, p) for m, p, _ in transforms.iter_operations(spec)}
    assert len(keys) == 33
    assert canonical_key(*SEND_DTMF_TONES) not in keys


# ---------------------------------------------------------------------------------------------- b. names


def test_colliding_titles_drop_the_participants_list_response_without_renaming(
    clients: dict[str, GeneratedClient],
) -> None:
    # With one callRecords operation kept, callRecords.participantCollectionResponse is in the closure; it
    # has the same title as the calls one ("Collection of participant").
    titles_kept, renamed = clients["call_records_titles_kept"], clients["call_records"]
    assert titles_kept.error is not None
    assert 'duplicate models with name "CollectionOfParticipant"' in titles_kept.error
    assert "GET /communications/calls/{call-id}/participants" in titles_kept.error
    page = list_page(participant(USER_SET))
    # The generator still wrote the client; its participants list treats a 200 page as the error body.
    with pytest.raises(KeyError, match="error"):
        titles_kept.parse("participants_list", page)

    assert renamed.error is None
    parsed = renamed.parse("participants_list", page)
    assert type(parsed).__name__ == "ParticipantCollectionResponse"
    assert parsed.value[0].info.identity.user.display_name == "Heidi Steen"


def string_titles(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["title"]] if isinstance(node.get("title"), str) else []
        return own + [t for v in node.values() for t in string_titles(v)]
    if isinstance(node, list):
        return [t for v in node for t in string_titles(v)]
    return []


def test_component_names_lose_the_namespace_and_no_title_is_left(
    builds: dict[str, pipeline.BuildResult],
) -> None:
    spec = builds["all"].spec
    for section, entries in spec["components"].items():
        assert not [n for n in entries if n.startswith("microsoft.graph.")], section
    assert not string_titles(spec["components"])
    assert not string_titles(spec["paths"])
    assert string_titles(builds["call_records_titles_kept"].spec["components"])  # the negative run has them
    assert {"participant", "ODataError", "MainError", "participantCollectionResponse"} <= set(
        spec["components"]["schemas"]
    )


def test_two_components_shortening_to_one_name_is_fatal() -> None:
    spec = {"paths": {}, "components": {"schemas": {"microsoft.graph.identity": {}, "identity": {}}}}
    with pytest.raises(transforms.SpecError, match="both become identity"):
        transforms.rename_components(spec, ["microsoft.graph."])


# ------------------------------------------------------------------------------------- c. open types


def test_odata_context_on_a_list_page_crashes_without_open_additional_properties(
    clients: dict[str, GeneratedClient], full: GeneratedClient
) -> None:
    page = list_page(participant(USER_SET))
    with pytest.raises(ValueError, match="dictionary update sequence"):
        clients["no_open_additional_properties"].parse("participants_list", page)

    parsed = full.parse("participants_list", page)
    assert parsed.additional_properties == {"@odata.context": page["@odata.context"]}
    assert parsed.to_dict() == page


def test_string_extra_leaves_the_identity_an_untyped_dict_without_open_additional_properties(
    clients: dict[str, GeneratedClient], full: GeneratedClient, type_errors: TypeErrors
) -> None:
    # identityProvider is not in v1.0's identity; the invite docs send it.
    body = invite_response(resultInfo=RESULT_INFO_OK)
    without = clients["no_open_additional_properties"].parse("participants_invite", body)
    user = without.participants[0].identity.user
    assert type(user) is dict  # the union parser's try/except swallowed the crash and cast the raw dict
    assert any(".participants[0].identity.user" in e for e in type_errors(without))

    parsed = full.parse("participants_invite", body)
    user = parsed.participants[0].identity.user
    assert type(user).__name__ == "Identity"
    assert user.additional_properties == {"identityProvider": "AAD"}
    assert type_errors(parsed) == []
    assert parsed.to_dict() == body


def test_openapi_core_rejects_every_graph_entity_without_open_additional_properties(
    builds: dict[str, pipeline.BuildResult], validators: dict[str, SpecValidator]
) -> None:
    # `additionalProperties: {type: object}` on the allOf part makes every inherited property an
    # "additional" one that must be an object.
    closed = SpecValidator(builds["no_open_additional_properties"].spec)
    path = f"/communications/calls/{CALL_ID}/participants/0d7664b6-6432"
    body = participant(USER_SET)
    assert "is not of type 'object'" in (closed.response_errors("GET", path, body) or "")
    assert validators["generator"].response_errors("GET", path, body) is None


# ----------------------------------------------------------------------------------- d. nullable refs


def test_resultinfo_null_crashes_without_nullable_references(
    clients: dict[str, GeneratedClient], full: GeneratedClient, type_errors: TypeErrors
) -> None:
    body = invite_response()
    assert body["resultInfo"] is None
    with pytest.raises(TypeError, match="'NoneType' object is not iterable"):
        clients["no_nullable_references"].parse("participants_invite", body)

    parsed = full.parse("participants_invite", body)
    assert parsed.result_info is None
    assert type_errors(parsed) == []
    assert parsed.to_dict() == body


def test_openapi_core_accepts_resultinfo_null_only_with_nullable_references(
    builds: dict[str, pipeline.BuildResult], validators: dict[str, SpecValidator]
) -> None:
    path = f"/communications/calls/{CALL_ID}/participants/invite"
    without = SpecValidator(builds["no_nullable_references"].spec)
    assert "None for not nullable" in (without.response_errors("POST", path, invite_response()) or "")
    for validator in validators.values():
        assert validator.response_errors("POST", path, invite_response()) is None
        assert validator.response_errors("POST", path, invite_response(resultInfo=RESULT_INFO_OK)) is None
        bad = invite_response(resultInfo={"code": "two hundred"})
        assert validator.response_errors("POST", path, bad) is not None  # null is allowed, garbage is not


# ------------------------------------------------------------------------------------- e. polymorphism

IDENTITY_CASES = {
    # identitySet property: (payload, expected class)
    "guest": (
        identity("#microsoft.graph.communicationsGuestIdentity", id="d1b8f7f3-guest", displayName="Guest"),
        "CommunicationsGuestIdentity",
    ),
    "user": (
        identity(
            "#microsoft.graph.communicationsUserIdentity",
            id="550fae72-d251-43ec-868c-373732c2704f",
            displayName="Heidi Steen",
            tenantId="72f988bf-86f1-41af-91ab-2d7cd011db47",
        ),
        "CommunicationsUserIdentity",
    ),
    "application": (
        identity(None, id="2891555a-92ff-42e6-80fa-6e1300c6b5c6", displayName="Calling Bot"),
        "Identity",
    ),
    "phone": (
        identity("#microsoft.graph.somethingNew", id="+12345678901", futureField={"nested": [1, 2]}),
        "Identity",
    ),
    "device": (None, "NoneType"),
}


def identity_cases_set() -> dict[str, Any]:
    return {"@odata.type": "#microsoft.graph.identitySet"} | {k: v for k, (v, _) in IDENTITY_CASES.items()}


def test_identities_dispatch_on_odata_type(full: GeneratedClient, type_errors: TypeErrors) -> None:
    body = participant(identity_cases_set())
    parsed = full.parse("participants_get", body)
    identity_set = parsed.info.identity
    got = {key: type(getattr(identity_set, key)).__name__ for key in IDENTITY_CASES}
    assert got == {key: expected for key, (_, expected) in IDENTITY_CASES.items()}
    unknown = identity_set.phone
    assert unknown.odata_type == "#microsoft.graph.somethingNew"
    assert unknown.additional_properties == {"futureField": {"nested": [1, 2]}}
    assert type_errors(parsed) == []
    assert parsed.to_dict() == body


def test_media_configs_prompts_and_meeting_infos_dispatch_on_odata_type(
    full: GeneratedClient, type_errors: TypeErrors
) -> None:
    models = full.models
    for media_config, expected in (
        (SERVICE_HOSTED, "ServiceHostedMediaConfig"),
        (APP_HOSTED, "AppHostedMediaConfig"),
    ):
        body = models.CallsAnswerBody.from_dict(answer_body(media_config))
        assert type(body.media_config).__name__ == expected
        assert type_errors(body) == []
        assert body.to_dict() == answer_body(media_config)
    assert type(body.media_config.blob) is str
    shmc = models.CallsAnswerBody.from_dict(answer_body(SERVICE_HOSTED)).media_config
    assert type(shmc.pre_fetch_media[0]).__name__ == "MediaInfo"

    prompts = models.CallsPlayPromptBody.from_dict(PLAY_PROMPT_BODY)
    assert type(prompts.prompts[0]).__name__ == "MediaPrompt"
    assert prompts.prompts[0].media_info.uri == "https://cdn.contoso.com/beep.wav"
    assert type_errors(prompts) == []
    assert prompts.to_dict() == PLAY_PROMPT_BODY

    for expected, meeting_info in MEETING_INFOS.items():
        call = models.Call.from_dict(create_call_body(meeting_info))
        assert type(call.meeting_info).__name__ == expected
        assert type(call.media_config).__name__ == "ServiceHostedMediaConfig"
        assert type_errors(call) == []
        assert call.to_dict() == create_call_body(meeting_info)


def comms_operation_subtypes(spec: dict[str, Any], csdl: Csdl) -> list[str]:
    return transforms.polymorphic_subtypes(spec, csdl, "commsOperation")


def test_operations_get_returns_the_comms_operation_subtype(
    full: GeneratedClient, builds: dict[str, pipeline.BuildResult], pinned_csdl: Csdl, type_errors: TypeErrors
) -> None:
    subtypes = comms_operation_subtypes(builds["all"].spec, pinned_csdl)
    assert len(subtypes) == 12
    assert "inviteParticipantsOperation" in subtypes
    for name in subtypes:
        parsed = full.parse("operations_get", comms_operation(name))
        assert type(parsed).__name__ == name[0].upper() + name[1:]
        assert type_errors(parsed) == []
        assert parsed.to_dict() == comms_operation(name)
    for untyped in (comms_operation("somethingNewOperation"), {"id": "x", "status": "running"}):
        parsed = full.parse("operations_get", untyped)
        assert type(parsed).__name__ == "CommsOperation"
        assert parsed.to_dict() == untyped


def test_every_subtype_to_dict_emits_its_odata_type(
    full: GeneratedClient, builds: dict[str, pipeline.BuildResult]
) -> None:
    spec = builds["all"].spec
    checked = []
    for name, schema in spec["components"]["schemas"].items():
        part = transforms.object_part(schema)
        if transforms.ODATA_TYPE not in part.get("required", []):
            continue
        cls = getattr(full.models, name[0].upper() + name[1:])
        assert cls().to_dict() == {"@odata.type": f"#microsoft.graph.{name}"}
        checked.append(name)
    assert {"serviceHostedMediaConfig", "communicationsGuestIdentity", "mediaPrompt"} <= set(checked)
    assert len(checked) == 30


def test_openapi_core_accepts_the_polymorphic_payloads(
    validators: dict[str, SpecValidator], builds: dict[str, pipeline.BuildResult], pinned_csdl: Csdl
) -> None:
    calls = "/communications/calls"
    for kind, validator in validators.items():
        errors = [
            validator.response_errors(
                "GET", f"{calls}/{CALL_ID}/participants/p1", participant(identity_cases_set())
            ),
            validator.request_errors("POST", f"{calls}/{CALL_ID}/answer", answer_body(SERVICE_HOSTED)),
            validator.request_errors("POST", f"{calls}/{CALL_ID}/answer", answer_body(APP_HOSTED)),
            validator.request_errors("POST", f"{calls}/{CALL_ID}/playPrompt", PLAY_PROMPT_BODY),
            *(validator.request_errors("POST", calls, create_call_body(m)) for m in MEETING_INFOS.values()),
            *(
                validator.response_errors("GET", f"{calls}/{CALL_ID}/operations/o1", comms_operation(name))
                for name in [
                    *comms_operation_subtypes(builds["all"].spec, pinned_csdl),
                    "somethingNewOperation",
                ]
            ),
        ]
        assert errors == [None] * len(errors), kind


def test_without_mark_subtypes_every_identity_parses_as_the_first_union_member(
    clients: dict[str, GeneratedClient],
) -> None:
    without = clients["no_mark_subtypes"]
    identity_set = without.parse("participants_get", participant(identity_cases_set())).info.identity
    # Each slot's union (narrowed to the slot's own subtype, then the base) takes its first member:
    # an untyped application and an unknown #…somethingNew phone should both be plain Identity.
    assert type(identity_set.application).__name__ == "CommunicationsApplicationIdentity"
    assert type(identity_set.phone).__name__ == "CommunicationsPhoneIdentity"
    media_config = without.models.CallsAnswerBody.from_dict(answer_body(SERVICE_HOSTED)).media_config
    assert type(media_config).__name__ == "AppHostedMediaConfig"  # preFetchMedia lands in the extras
    assert media_config.additional_properties == {"preFetchMedia": PRE_FETCH_MEDIA}
    # and a subtype built in code would not say what it is:
    assert without.models.CommunicationsUserIdentity(id="u1").to_dict() == {"id": "u1"}


def test_without_polymorphic_unions_the_derived_types_are_unreachable_and_pruned(
    builds: dict[str, pipeline.BuildResult], pinned_rules: Rules
) -> None:
    schemas = builds["no_polymorphic_unions"].spec["components"]["schemas"]
    assert set(pinned_rules.derived_types).isdisjoint(schemas)
    assert set(pinned_rules.derived_types) <= set(builds["all"].spec["components"]["schemas"])


# ----------------------------------------------------------------------------------- f. derived types


def csdl_property_names(csdl: Csdl, name: str) -> set[str]:
    chain = [name, *csdl.ancestors(name)]
    return {p.name for t in chain for p in csdl.types[t].properties}


def spec_property_names(spec: dict[str, Any], name: str) -> set[str]:
    schema = spec["components"]["schemas"][name]
    names: set[str] = set()
    for part in schema.get("allOf", [schema]):
        ref = transforms.ref_name(part)
        names |= spec_property_names(spec, ref) if ref else set(part.get("properties", {}))
    return names


def test_derived_types_have_the_properties_of_the_pinned_metadata(
    builds: dict[str, pipeline.BuildResult], pinned_csdl: Csdl, pinned_rules: Rules
) -> None:
    spec = builds["all"].spec
    added = builds["all"].derived
    assert set(pinned_rules.derived_types) <= set(added)
    assert {"mediaInfo"} <= set(added)  # referenced by serviceHostedMediaConfig and mediaPrompt
    for name in added:
        assert spec_property_names(spec, name) == csdl_property_names(pinned_csdl, name) | {"@odata.type"}, (
            name
        )
    pre_fetch = transforms.object_part(spec["components"]["schemas"]["serviceHostedMediaConfig"])[
        "properties"
    ]
    assert pre_fetch["preFetchMedia"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/mediaInfo"},
    }


def test_without_derived_types_service_hosted_media_config_does_not_exist(
    clients: dict[str, GeneratedClient], full: GeneratedClient
) -> None:
    without = clients["no_disjoint_transforms"]  # no add_derived_types
    assert not hasattr(without.models, "ServiceHostedMediaConfig")
    assert not hasattr(without.models, "TeleconferenceDeviceVideoQuality")
    media_config = without.models.CallsAnswerBody.from_dict(answer_body(SERVICE_HOSTED)).media_config
    assert type(media_config).__name__ == "MediaConfig"
    assert media_config.additional_properties == {"preFetchMedia": PRE_FETCH_MEDIA}  # untyped

    media_config = full.models.CallsAnswerBody.from_dict(answer_body(SERVICE_HOSTED)).media_config
    assert type(media_config).__name__ == "ServiceHostedMediaConfig"
    assert type(media_config.pre_fetch_media[0]).__name__ == "MediaInfo"


# ------------------------------------------------------------------------------------ g. query options


def test_select_is_sent_once_comma_separated(
    clients: dict[str, GeneratedClient], full: GeneratedClient
) -> None:
    request = full.request("participants_list", CALL_ID, select="id,info", top=5)
    assert request.url.query == b"%24top=5&%24select=id%2Cinfo"

    without = clients["no_disjoint_transforms"]
    request = without.request("participants_list", CALL_ID, select=["id", "info"], top=5)
    assert request.url.query == b"%24top=5&%24select=id&%24select=info"  # OData allows an option once

    # Either client sends whatever it is given, so what tells them apart is the type each asks for.
    def select_type(client: GeneratedClient) -> Any:
        parameters = inspect.signature(client.endpoint("participants_list").sync).parameters
        return typing.get_args(parameters["select"].annotation)[0]  # `X | Unset`

    assert select_type(full) is str
    assert select_type(without) == list[str]


# ----------------------------------------------------------------------------------------- body defaults


def test_unset_record_response_options_are_not_sent_without_being_asked(
    builds: dict[str, pipeline.BuildResult], clients: dict[str, GeneratedClient], full: GeneratedClient
) -> None:
    # Upstream declares `default: false` on playBeep and bargeInAllowed; the generator turns a default into
    # an attrs default that every request sends, overriding the service's own default.
    request = full.request("calls_record_response", CALL_ID, body=full.models.CallsRecordResponseBody())
    assert json.loads(request.content) == {}

    without = clients["no_disjoint_transforms"]
    body = without.models.CallsRecordResponseBody()
    request = without.request("calls_record_response", CALL_ID, body=body)
    assert json.loads(request.content) == {"bargeInAllowed": False, "playBeep": False}

    defaults = [
        (name, prop)
        for name, schema in builds["all"].spec["components"]["schemas"].items()
        for prop, value in transforms.object_part(schema).get("properties", {}).items()
        if "default" in value and prop != transforms.ODATA_TYPE
    ]
    assert defaults == []


# ------------------------------------------------------------------------------------- h. operation ids


def test_operation_ids_are_unique_resource_verb_and_name_the_modules(
    builds: dict[str, pipeline.BuildResult], full: GeneratedClient
) -> None:
    ops = list(transforms.iter_operations(builds["all"].spec))
    ids = [op["operationId"] for _, _, op in ops]
    assert len(ids) == len(set(ids)) == 34
    for _method, _path, op in ops:
        (tag,) = op["tags"]
        assert op["operationId"].startswith(f"{tag}_"), op["operationId"]
        assert (full.package_dir / "api" / tag / f"{op['operationId']}.py").is_file()
    modules = sorted(p.stem for p in full.package_dir.glob("api/*/*.py") if p.stem != "__init__")
    assert modules == sorted(ids)


def test_request_bodies_are_hoisted_into_named_components(
    builds: dict[str, pipeline.BuildResult], full: GeneratedClient
) -> None:
    spec = builds["all"].spec
    hoisted = 0
    for _method, _path, op in transforms.iter_operations(spec):
        schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            continue
        name = transforms.ref_name(schema)
        assert name in spec["components"]["schemas"], op["operationId"]
        if name == transforms.pascal(op["operationId"]) + "Body":
            hoisted += 1
            assert hasattr(full.models, name)
    assert hoisted == 19


def test_openapi_core_refuses_duplicate_operation_ids(builds: dict[str, pipeline.BuildResult]) -> None:
    from openapi_core import OpenAPI

    spec = copy.deepcopy(builds["all"].spec)
    (_, _, first), (_, _, second), *_ = transforms.iter_operations(spec)
    second["operationId"] = first["operationId"]
    with pytest.raises(DuplicateOperationIDError):
        OpenAPI.from_dict(spec)
    with pytest.raises(DuplicateOperationIDError):
        openapi_spec_validator.validate(spec)


def test_two_operations_deriving_one_operation_id_is_fatal() -> None:
    op = {"responses": {"2XX": {"description": "ok"}}}
    spec = {
        "paths": {
            "/communications/calls/{call-id}/participants": {"get": dict(op)},
            "/communications/onlineMeetings/{id}/participants": {"get": dict(op)},
        }
    }
    with pytest.raises(transforms.SpecError, match="both map to participants_list"):
        transforms.derive_operation_ids(spec)


# ------------------------------------------------------------------------------------ i. action paths


def test_action_urls_have_no_namespace_qualifier_unless_switched_off(
    builds: dict[str, pipeline.BuildResult], clients: dict[str, GeneratedClient], full: GeneratedClient
) -> None:
    assert not [p for p in builds["all"].spec["paths"] if "microsoft.graph." in p]
    body = full.models.ParticipantsInviteBody.from_dict({"participants": []})
    request = full.request("participants_invite", CALL_ID, body=body)
    assert request.url.path == f"/v1.0/communications/calls/{CALL_ID}/participants/invite"

    without = clients["no_disjoint_transforms"]
    body = without.models.ParticipantsInviteBody.from_dict({"participants": []})
    request = without.request("participants_invite", CALL_ID, body=body)
    assert request.url.path == f"/v1.0/communications/calls/{CALL_ID}/participants/microsoft.graph.invite"


# --------------------------------------------------------------------------------------------- j. docs


def test_invite_docstring_is_the_invite_text_whatever_upstream_says(
    builds: dict[str, pipeline.BuildResult],
    clients: dict[str, GeneratedClient],
    full: GeneratedClient,
    pinned_module: dict[str, Any],
) -> None:
    doc = full.endpoint("participants_invite").sync.__doc__
    assert doc.lstrip().startswith("Invite participants")
    assert "Delete a specific participant" not in doc
    assert "participant-invite" in invite_docs_url(builds["all"].spec)

    # Without the fix the docstring is upstream's own text, whichever page it carries this week (it flips
    # between the invite and the participant-delete text): the fix is what makes it right.
    upstream_op = pinned_module["paths"][
        "/communications/calls/{call-id}/participants/microsoft.graph.invite"
    ]["post"]
    upstream_doc = clients["no_disjoint_transforms"].endpoint("participants_invite").sync.__doc__
    first_sentence = upstream_op["description"].split(".")[0]
    assert first_sentence in " ".join(upstream_doc.split())


def invite_docs_url(spec: dict[str, Any]) -> str:
    op = spec["paths"]["/communications/calls/{call-id}/participants/invite"]["post"]
    return str(op["externalDocs"]["url"])


# ------------------------------------------------------------------------------------ k. enum casing


def test_both_status_casings_parse_and_are_kept(full: GeneratedClient, type_errors: TypeErrors) -> None:
    for status in ("running", "Running", "completed", "Completed", "notStarted", "failed"):
        parsed = full.parse("participants_invite", invite_response(status=status))
        assert parsed.status == status
        assert type_errors(parsed) == []
        assert parsed.to_dict()["status"] == status


def test_generated_status_literal_includes_both_casings(full: GeneratedClient) -> None:
    literal = full.module("models.operation_status").OperationStatus
    assert set(literal.__args__) == {
        "NotStarted",
        "Running",
        "Completed",
        "Failed",
        "notStarted",
        "running",
        "completed",
        "failed",
    }


def test_unknown_status_is_kept_as_str_not_an_error(
    clients: dict[str, GeneratedClient], full: GeneratedClient, type_errors: TypeErrors
) -> None:
    parsed = full.parse("operations_get", comms_operation("playPromptOperation", status="weird"))
    assert parsed.status == "weird"
    assert type_errors(parsed) == []
    # nullable_references adds the open `{type: string}` branch; without it the Literal check raises.
    with pytest.raises(TypeError, match="Unexpected value 'weird'"):
        clients["no_nullable_references"].models.CommsOperation.from_dict({"status": "weird"})


def test_validation_spec_rejects_lowercase_status_without_enum_aliases(
    builds: dict[str, pipeline.BuildResult], validators: dict[str, SpecValidator]
) -> None:
    # The generator spec accepts any status string (nullable_references' open branch); the validation spec
    # drops that branch, so the members it lists are all that passes.
    path = f"/communications/calls/{CALL_ID}/participants/invite"
    without = SpecValidator(builds["no_enum_aliases"].validation_spec)
    assert without.response_errors("POST", path, invite_response(status="Running")) is None
    errors = without.response_errors("POST", path, invite_response(status="running")) or ""
    assert "'running' is not valid under any of the given schemas" in errors
    assert validators["validation"].response_errors("POST", path, invite_response(status="running")) is None
    # and it stays strict about members nobody sends
    assert validators["validation"].response_errors("POST", path, invite_response(status="weird")) is not None


# ------------------------------------------------------------------------------------ l. service quirks


def test_null_participant_id_parses_and_validates_only_with_nullable_properties(
    full: GeneratedClient,
    builds: dict[str, pipeline.BuildResult],
    validators: dict[str, SpecValidator],
    type_errors: TypeErrors,
) -> None:
    roster = participant(USER_SET, participant_id=None)  # as in the roster notifications of the docs
    parsed = full.parse("participants_get", roster)
    assert parsed.id is None
    assert type_errors(parsed) == []

    path = f"/communications/calls/{CALL_ID}/participants/p1"
    without = SpecValidator(builds["no_nullable_properties"].spec)
    assert "None for not nullable" in (without.response_errors("GET", path, roster) or "")
    for validator in validators.values():
        assert validator.response_errors("GET", path, roster) is None


def test_phone_and_guest_on_a_plain_identity_set_are_typed_fields(
    clients: dict[str, GeneratedClient], full: GeneratedClient, type_errors: TypeErrors
) -> None:
    # PSTN and guest participants: the docs label the set plain identitySet and the entries plain identity.
    identity_set = {
        "@odata.type": "#microsoft.graph.identitySet",
        "phone": {"@odata.type": "#microsoft.graph.identity", "id": "+12345678901"},
        "guest": {"@odata.type": "#microsoft.graph.identity", "id": "d1b8f7f3", "displayName": "Guest"},
    }
    parsed = full.parse("participants_get", participant(identity_set)).info.identity
    assert type(parsed.phone).__name__ == "Identity"
    assert parsed.phone.id == "+12345678901"
    assert type(parsed.guest).__name__ == "Identity"
    assert parsed.additional_properties == {}
    assert type_errors(parsed) == []

    without_fold = clients["no_disjoint_transforms"]  # no fold_into_base
    without = without_fold.parse("participants_get", participant(identity_set)).info.identity
    assert not hasattr(without, "phone")
    assert without.additional_properties == {"phone": identity_set["phone"], "guest": identity_set["guest"]}


def test_teleconference_media_qualities_dispatch_two_levels_deep(
    full: GeneratedClient, validators: dict[str, SpecValidator], type_errors: TypeErrors
) -> None:
    # screenSharing derives from video, which derives from teleconferenceDeviceMediaQuality.
    body = full.models.CallsLogTeleconferenceDeviceQualityBody.from_dict(DEVICE_QUALITY_BODY)
    kinds = [type(q).__name__ for q in body.quality.media_quality_list]
    assert kinds == [
        "TeleconferenceDeviceAudioQuality",
        "TeleconferenceDeviceVideoQuality",
        "TeleconferenceDeviceScreenSharingQuality",
    ]
    screen_sharing = body.quality.media_quality_list[2]
    assert screen_sharing.average_inbound_frame_rate == 30  # the video level's property, typed
    assert screen_sharing.additional_properties == {}
    assert type_errors(body) == []
    assert body.to_dict() == DEVICE_QUALITY_BODY
    path = "/communications/calls/logTeleconferenceDeviceQuality"
    for validator in validators.values():
        assert validator.request_errors("POST", path, DEVICE_QUALITY_BODY) is None


# ---------------------------------------------------------------------------------- m. validation only


def test_validation_spec_rejects_a_malformed_service_hosted_media_config_the_open_base_accepts(
    validators: dict[str, SpecValidator], full: GeneratedClient
) -> None:
    path = f"/communications/calls/{CALL_ID}/answer"
    malformed = answer_body(
        {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig", "preFetchMedia": "x"}
    )
    assert validators["generator"].request_errors("POST", path, malformed) is None  # matched as mediaConfig
    assert "is not valid under any of the given schemas" in (
        validators["validation"].request_errors("POST", path, malformed) or ""
    )
    # and the generated client, like the generator spec, files it under the open base
    parsed = full.models.CallsAnswerBody.from_dict(malformed).media_config
    assert type(parsed).__name__ == "MediaConfig"


def has_key(node: Any, key: str) -> bool:
    if isinstance(node, dict):
        return key in node or any(has_key(v, key) for v in node.values())
    return isinstance(node, list) and any(has_key(v, key) for v in node)


def test_generator_spec_has_no_not_keyword_and_the_validation_spec_does(
    builds: dict[str, pipeline.BuildResult],
) -> None:
    # The generator turns `not` into anonymous classes: it must never reach the generator spec.
    assert not has_key(builds["all"].spec, "not")
    assert has_key(builds["all"].validation_spec, "not")
    assert builds["all"].validation_spec["servers"] == [{"url": "/v1.0"}]


def test_validation_spec_still_accepts_every_valid_payload(validators: dict[str, SpecValidator]) -> None:
    calls = f"/communications/calls/{CALL_ID}"
    checks = [
        (
            "response",
            "GET",
            f"{calls}/participants",
            list_page(participant(USER_SET), participant(USER_SET, participant_id=None)),
        ),
        ("response", "POST", f"{calls}/participants/invite", invite_response()),
        (
            "response",
            "POST",
            f"{calls}/participants/invite",
            invite_response(status="running", resultInfo=RESULT_INFO_OK),
        ),
        (
            "request",
            "POST",
            f"{calls}/participants/invite",
            {"participants": invite_response()["participants"]},
        ),
        ("request", "POST", "/communications/calls/logTeleconferenceDeviceQuality", DEVICE_QUALITY_BODY),
        ("request", "POST", f"{calls}/answer", answer_body(SERVICE_HOSTED)),
        ("request", "POST", f"{calls}/playPrompt", PLAY_PROMPT_BODY),
        ("response", "GET", f"{calls}/participants/p1", participant(identity_cases_set())),
    ]
    validator = validators["validation"]
    for kind, method, path, body in checks:
        if kind == "request":
            assert validator.request_errors(method, path, body) is None, (method, path)
        else:
            assert validator.response_errors(method, path, body) is None, (method, path)
