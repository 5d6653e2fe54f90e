"""parse_notifications: every notification printed on the Graph reference pages, the documented quirks, and
what must be refused."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

import graph_calls_generated.models as generated_models
from graph_calls import models
from graph_calls.errors import NotificationParseError
from graph_calls.notifications import Notification, parse_notifications
from graph_calls.notifications.parsing import OPERATION_MODELS, is_operation_model
from graph_calls_generated.types import Unset

from ._payloads import (
    CALL_ID,
    ReferencePayload,
    body,
    call_data,
    notification,
    operation_data,
    participant_data,
    payload,
    reference,
    reference_payloads,
    roster,
)

REFERENCE = list(reference_payloads())
ODATA_PREFIX = "#microsoft.graph."
KIND_BY_TAIL = {
    "": "call",
    "participants": "participants",
    "operations": "operation",
    "contentsharingsessions": "content_sharing_sessions",
}


def plain(value: Any) -> Any:
    """A model attribute, with the generated UNSET read as None."""
    return None if isinstance(value, Unset) else value


def model_name(odata_type: str) -> str:
    """``#microsoft.graph.playPromptOperation`` → ``PlayPromptOperation``."""
    name = odata_type.removeprefix(ODATA_PREFIX)
    return name[0].upper() + name[1:]


def expected_kind(raw: dict[str, Any]) -> str:
    """The kind the URL names, read independently of the parser."""
    url = raw.get("resourceUrl") or raw["resource"]
    tail = url.strip("/").split("/")[3:]
    data = raw.get("resourceData")
    if tail[:1] == ["operations"] and isinstance(data, list):
        return "participants"  # participant-invite Example 2: a roster update on .../operations/...
    if len(tail) == 2 and tail[0].lower() == "contentsharingsessions":
        return "content_sharing_session"
    if len(tail) == 2 and tail[0] == "participants":
        return "participant"
    return KIND_BY_TAIL[tail[0].lower() if tail else ""]


def expected_class(kind: str, item: dict[str, Any]) -> str:
    """The generated model an entry of resourceData must become."""
    odata_type = item.get("@odata.type")
    if odata_type:
        return model_name(odata_type)
    return {
        "call": "Call",
        "participants": "Participant",
        "operation": "CommsOperation",
        "content_sharing_sessions": "ContentSharingSession",
    }[kind]


# Every reference example


def test_the_reference_fixtures_hold_notifications_of_every_kind() -> None:
    kinds = {expected_kind(item) for ref in REFERENCE for item in ref.payload["value"]}

    assert len(REFERENCE) >= 60
    assert kinds == {
        "call",
        "participants",
        "operation",
        "content_sharing_sessions",
        "content_sharing_session",
    }


@pytest.mark.parametrize("ref", REFERENCE, ids=lambda ref: ref.id)
def test_every_reference_notification_parses_to_the_model_of_its_kind(ref: ReferencePayload) -> None:
    original = copy.deepcopy(ref.payload)

    parsed = parse_notifications(json.dumps(ref.payload).encode("utf-8"))

    assert len(parsed) == len(ref.payload["value"])
    for notification_, raw in zip(parsed, ref.payload["value"], strict=True):
        kind = expected_kind(raw)
        assert notification_.kind == kind
        assert notification_.change_type == raw["changeType"]
        assert notification_.raw == raw
        assert notification_.resource_url.startswith("/communications/calls/")
        assert notification_.call_id is not None
        assert notification_.call_id in notification_.resource_url
        data = raw.get("resourceData")
        if kind in ("participants", "participant", "content_sharing_sessions"):
            assert isinstance(notification_.resource_data, list)
            assert [type(m).__name__ for m in notification_.resource_data] == [
                expected_class(kind, item) for item in data
            ]
            assert [plain(m.id) for m in notification_.resource_data] == [item.get("id") for item in data]
        elif data is None:
            assert notification_.resource_data is None
        else:
            assert type(notification_.resource_data).__name__ == expected_class(kind, data)
            assert plain(notification_.resource_data.id) == data.get("id")
        if kind == "operation":
            assert is_operation_model(notification_.resource_data)
            assert notification_.operation_id == raw["resourceUrl"].rsplit("/", 1)[1]
            assert notification_.is_operation_finished
        if kind == "call":
            assert isinstance(notification_.resource_data, models.Call)
            assert plain(notification_.resource_data.state) == data.get("state")
    assert ref.payload == original  # the parser never modifies its input


@pytest.mark.parametrize("ref", REFERENCE[:5], ids=lambda ref: ref.id)
def test_accepts_bytes_str_and_an_already_decoded_mapping(ref: ReferencePayload) -> None:
    as_bytes = parse_notifications(json.dumps(ref.payload).encode("utf-8"))
    as_str = parse_notifications(json.dumps(ref.payload))
    as_mapping = parse_notifications(ref.payload)

    assert as_bytes == as_str == as_mapping


def test_a_utf8_byte_order_mark_is_tolerated() -> None:
    parsed = parse_notifications(b"\xef\xbb\xbf" + body(notification("deleted", "", call_data(None))))

    assert parsed[0].kind == "call"


# Documented quirks


def test_hold_music_resource_url_without_leading_slash_is_normalised() -> None:
    raw = reference("participant-startholdmusic", 0, 0)["value"][0]
    assert not raw["resourceUrl"].startswith("/")

    [parsed] = parse_notifications(payload(raw))

    assert parsed.resource_url == "/" + raw["resourceUrl"]
    assert parsed.raw_resource_url == raw["resourceUrl"]
    assert parsed.kind == "operation"
    assert parsed.call_id == "e141b67c-90fd-455d-858b-b48a40b9cc8d"
    assert parsed.operation_id == "0fe0623f-d628-42ed-b4bd-8ac290072cc5"
    assert isinstance(parsed.resource_data, models.StartHoldMusicOperation)


def test_only_the_deprecated_resource_derives_the_communications_url() -> None:
    raw = reference("participant-invite", 0, 0)["value"][0]
    legacy = raw["resource"]
    del raw["resourceUrl"]

    [parsed] = parse_notifications(payload(raw))

    assert legacy.startswith("/app/calls/")
    assert parsed.resource_url == legacy.replace("/app/calls/", "/communications/calls/")
    assert parsed.raw_resource == legacy
    assert parsed.raw_resource_url is None
    assert parsed.kind == "operation"
    assert parsed.operation_id == "eec3812a-fdc3-4fb4-825c-a06c9f35414e"
    assert isinstance(parsed.resource_data, models.InviteParticipantsOperation)


def test_resource_url_wins_over_the_deprecated_resource() -> None:
    raw = reference("participant-invite", 0, 1)["value"][0]

    [parsed] = parse_notifications(payload(raw))

    assert parsed.resource_url == raw["resourceUrl"]
    assert parsed.raw_resource == raw["resource"]


def test_transfer_failure_sub_code_with_capital_c_becomes_subcode() -> None:
    raw = reference("call-transfer", 0, 3)["value"][0]
    assert "subCode" in raw["resourceData"]["resultInfo"]

    [parsed] = parse_notifications(payload(raw))

    info = parsed.resource_data.result_info
    assert isinstance(info, models.ResultInfo)
    assert (info.code, info.subcode) == (500, 7000)
    assert "subCode" not in info.additional_properties
    assert "subCode" in raw["resourceData"]["resultInfo"]  # on a copy, not the caller's dict


def test_result_codes_sent_as_strings_become_integers() -> None:
    raw = reference("call-delete", 0, 1)["value"][0]
    assert raw["resourceData"]["resultInfo"]["code"] == "200"

    [parsed] = parse_notifications(payload(raw))

    info = parsed.resource_data.result_info
    assert (info.code, info.subcode, info.message) == (
        200,
        5001,
        raw["resourceData"]["resultInfo"]["message"],
    )
    assert raw["resourceData"]["resultInfo"]["code"] == "200"


def test_non_numeric_codes_are_left_as_sent() -> None:
    data = call_data("terminated", resultInfo={"code": "n/a", "subCode": 12})

    [parsed] = parse_notifications(payload(notification("deleted", "", data)))

    assert (parsed.resource_data.result_info.code, parsed.resource_data.result_info.subcode) == ("n/a", 12)


def test_roster_sequence_numbers_sent_as_strings_become_integers() -> None:
    entry = participant_data("p1")
    entry["rosterSequenceNumber"] = "17"

    [parsed] = parse_notifications(payload(roster("updated", entry)))

    assert parsed.participants[0].roster_sequence_number == 17


def test_roster_resource_data_is_a_list_and_a_single_participant_object_too() -> None:
    as_array = roster("updated", participant_data("p1"), participant_data("p2"))
    as_object = notification("updated", "/participants/p3", participant_data("p3"))

    [array_n, object_n] = parse_notifications(payload(as_array, as_object))

    assert array_n.kind == "participants"
    assert [p.id for p in array_n.participants] == ["p1", "p2"]
    assert object_n.kind == "participant"
    assert object_n.participant_id == "p3"
    assert isinstance(object_n.resource_data, models.Participant)
    assert [p.id for p in object_n.participants] == ["p3"]


def test_invite_example_2_null_ids_and_roster_on_an_operations_url() -> None:
    completion = reference("participant-invite", 1, 0)["value"][0]
    roster_update = reference("participant-invite", 1, 1)["value"][0]

    done, update = parse_notifications(payload(completion, roster_update))

    assert done.kind == "operation"
    assert done.operation_id == "participants"
    assert isinstance(done.resource_data, models.InviteParticipantsOperation)
    assert done.resource_data.id is None
    assert update.kind == "participants"
    assert [p.id for p in update.participants] == [None, None]


def test_content_sharing_session_url_without_resource_data() -> None:
    raw = reference("call-answer", 2, 3)["value"][0]

    [parsed] = parse_notifications(payload(raw))

    assert parsed.kind == "content_sharing_session"
    assert parsed.content_sharing_session_id == "2765eb15-01f8-47c6-b12b-c32111a4a86f"
    assert parsed.resource_data is None
    assert parsed.content_sharing_sessions == []


def test_content_sharing_sessions_url_with_an_array() -> None:
    raw = reference("application-post-calls", 0, 2)["value"][0]

    [parsed] = parse_notifications(payload(raw))

    assert parsed.kind == "content_sharing_sessions"
    assert [type(s).__name__ for s in parsed.content_sharing_sessions] == ["ContentSharingSession"]


def test_unknown_properties_are_kept_on_the_notification_and_the_models() -> None:
    data = call_data("established", futureProperty={"nested": True})
    raw = notification("updated", "", data)
    raw["callbackUri"] = "https://bot.contoso.com/callback"

    [parsed] = parse_notifications(payload(raw))

    assert parsed.resource_data.additional_properties == {"futureProperty": {"nested": True}}
    assert parsed.raw["callbackUri"] == "https://bot.contoso.com/callback"


def test_an_unknown_operation_type_parses_to_comms_operation_keeping_type_and_extras() -> None:
    data = operation_data("op-9", "completed", odata_type="#microsoft.graph.futureOperation")
    data["futureField"] = [1, 2]

    [parsed] = parse_notifications(payload(notification("deleted", "/operations/op-9", data)))

    assert type(parsed.resource_data) is models.CommsOperation
    assert parsed.resource_data.odata_type == "#microsoft.graph.futureOperation"
    assert parsed.resource_data.additional_properties == {"futureField": [1, 2]}
    assert parsed.is_operation_finished


def test_an_operation_without_odata_type_parses_to_comms_operation() -> None:
    data = {"id": "op-1", "status": "failed", "resultInfo": {"code": 400, "subcode": 8508}}

    [parsed] = parse_notifications(payload(notification("deleted", "/operations/op-1", data)))

    assert type(parsed.resource_data) is models.CommsOperation
    assert parsed.resource_data.result_info.subcode == 8508


def test_odata_type_is_matched_without_case_or_hash() -> None:
    data = operation_data("op-1", "completed", odata_type="Microsoft.Graph.PlayPromptOperation")

    [parsed] = parse_notifications(payload(notification("deleted", "/operations/op-1", data)))

    assert isinstance(parsed.resource_data, models.PlayPromptOperation)
    assert parsed.resource_data.odata_type == "#microsoft.graph.playPromptOperation"


def test_an_unknown_resource_at_an_unknown_url_stays_json() -> None:
    raw = notification("updated", "/audioRoutingGroups/g1", {"id": "g1", "routingMode": "oneToOne"})

    [parsed] = parse_notifications(payload(raw))

    assert parsed.kind == "unknown"
    assert parsed.call_id == CALL_ID
    assert parsed.resource_data == {"id": "g1", "routingMode": "oneToOne"}


def test_a_url_outside_communications_calls_has_no_call() -> None:
    raw = {"changeType": "updated", "resourceUrl": "/users/u1", "resourceData": {"id": "u1"}}

    [parsed] = parse_notifications(payload(raw))

    assert (parsed.kind, parsed.call_id, parsed.resource_url) == ("unknown", None, "/users/u1")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://graph.microsoft.com/v1.0/communications/calls/c1/participants",
            "/communications/calls/c1/participants",
        ),
        ("/beta/communications/calls/c1", "/communications/calls/c1"),
        ("/app/calls/c1/operations/o1", "/communications/calls/c1/operations/o1"),
        ("communications/calls/c1/", "/communications/calls/c1"),
        ("  /communications/calls/c1  ", "/communications/calls/c1"),
        (
            "/communications/calls/c1/contentSharingSessions/s1",
            "/communications/calls/c1/contentSharingSessions/s1",
        ),
    ],
)
def test_resource_urls_are_normalised(url: str, expected: str) -> None:
    [parsed] = parse_notifications(payload({"changeType": "updated", "resourceUrl": url}))

    assert parsed.resource_url == expected
    assert parsed.call_id == "c1"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("Updated", "updated"), ("DELETED", "deleted"), (" created ", "created"), ("Frobbed", "Frobbed")],
)
def test_change_type_is_lower_cased_and_an_unknown_one_kept(sent: str, kept: str) -> None:
    [parsed] = parse_notifications(payload(notification(sent, "", call_data("established"))))

    assert parsed.change_type == kept


def test_an_updated_operation_with_a_final_status_in_any_casing_is_finished() -> None:
    running, completed = parse_notifications(
        payload(
            notification("updated", "/operations/o1", operation_data("o1", "Running")),
            notification("updated", "/operations/o1", operation_data("o1", "Completed")),
        )
    )

    assert not running.is_operation_finished
    assert completed.is_operation_finished


def test_notification_is_a_frozen_value() -> None:
    [parsed] = parse_notifications(payload(notification("updated", "", call_data("established"))))

    with pytest.raises(AttributeError):
        parsed.kind = "participants"  # type: ignore[misc]
    assert isinstance(parsed, Notification)
    assert "raw" not in repr(parsed)


def test_operation_model_table_lists_every_generated_operation_subtype() -> None:
    generated = {name for name in generated_models.__all__ if name.endswith("Operation")}

    assert generated - {"CommsOperation"} == set(OPERATION_MODELS)


# Refused payloads

MALFORMED: list[tuple[str, Any, str]] = [
    ("not-json", b"{not json", "not valid JSON"),
    ("empty", b"", "empty"),
    ("blank", b"  \n", "empty"),
    ("not-utf8", b'{"value": ["\xff"]}', "not UTF-8"),
    ("array", b"[]", "JSON array"),
    ("string", b'"value"', "JSON string"),
    ("null", b"null", "JSON null"),
    ("no-value", b'{"@odata.type": "#microsoft.graph.commsNotifications"}', "no 'value'"),
    ("value-object", b'{"value": {}}', "a object 'value'"),
    ("value-string", b'{"value": "x"}', "a string 'value'"),
    ("item-number", b'{"value": [1]}', "value[0] is a JSON number"),
    ("item-null", b'{"value": [null]}', "value[0] is a JSON null"),
    ("no-change-type", body({"resourceUrl": "/communications/calls/c1"}), "value[0] has no changeType"),
    (
        "change-type-number",
        body({"changeType": 3, "resourceUrl": "/communications/calls/c1"}),
        "no changeType",
    ),
    ("no-url", body({"changeType": "updated"}), "neither a resourceUrl nor a resource"),
    ("blank-url", body({"changeType": "updated", "resourceUrl": " "}), "neither a resourceUrl"),
    (
        "resource-data-string",
        body(notification("updated", "", "established")),
        "value[0].resourceData is a JSON string",
    ),
    (
        "resource-data-array-of-numbers",
        body(roster("updated", participant_data("p1"), 5)),  # type: ignore[arg-type]
        "value[0].resourceData[1] is a JSON number",
    ),
    (
        "wrong-nested-type",
        body(roster("updated", {**participant_data("p1"), "mediaStreams": 5})),
        "value[0].resourceData[0] cannot be read as Participant",
    ),
    (
        "comment",
        b'{"value": [{"changeType": "updated", // set on mute\n "resourceUrl": "/communications/calls/c"}]}',
        "not valid JSON",
    ),
    (
        "nan",
        b'{"value": [{"changeType": "updated", "resourceUrl": "/c", "resourceData": {"x": NaN}}]}',
        "NaN",
    ),
    (
        "second-bad",
        body(notification("updated", "", call_data("established")), {"changeType": "x"}),
        "value[1]",
    ),
]


@pytest.mark.parametrize(
    ("raw_body", "message"), [(b, m) for _, b, m in MALFORMED], ids=[n for n, _, _ in MALFORMED]
)
def test_malformed_payloads_raise_notification_parse_error(raw_body: bytes, message: str) -> None:
    with pytest.raises(NotificationParseError) as caught:
        parse_notifications(raw_body)

    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_body_of_another_type_is_refused() -> None:
    with pytest.raises(NotificationParseError, match="bytes, str or a mapping"):
        parse_notifications(42)  # type: ignore[arg-type]


def test_an_empty_value_array_is_no_notification() -> None:
    assert parse_notifications(b'{"value": []}') == []
