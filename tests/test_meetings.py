"""graph_calls.meetings: join URLs and join meeting ids → the documented create-call bodies, and a real join.

The reference bodies are Examples 5-8 of Graph's ``application-post-calls.md``
(``tests/fixtures/graph_reference/application-post-calls.json``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_calls import AsyncGraphCalls, GraphCalls
from graph_calls import models as m
from graph_calls.errors import InvalidInputError
from graph_calls.meetings import MeetingJoinInfo, join_meeting_call, meeting_id_info, parse_join_url
from graph_calls.testing.simulator import GraphSimulator

REFERENCE = Path(__file__).parent / "fixtures" / "graph_reference" / "application-post-calls.json"
CALLBACK = "https://bot.contoso.com/callback"
THREAD = "19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2"
ORGANIZER = "5810cede-f3cc-42eb-b2c1-e9bd5d53ec96"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
# Examples 5, 7 and 8 print tenant "86dc81db-c112-4228-9222-63f3esaa1edb", which is not a GUID ("s"); the
# comparisons use this GUID in its place, and a test shows the printed one is refused.
DOC_TENANT = "86dc81db-c112-4228-9222-63f3esaa1edb"
FIXED_DOC_TENANT = "86dc81db-c112-4228-9222-63f3e5aa1edb"


def classic_url(
    *,
    thread: str = THREAD,
    tenant: str = TENANT,
    organizer: str = ORGANIZER,
    host: str = "teams.microsoft.com",
) -> str:
    """A join URL as Teams prints it: thread and context percent-encoded with lower-case hex."""
    context = json.dumps({"Tid": tenant, "Oid": organizer}, separators=(",", ":"))
    return f"https://{host}/l/meetup-join/{_encode(thread)}/0?context={_encode(context)}"


def _encode(text: str) -> str:
    return re.sub("%[0-9A-F]{2}", lambda escape: escape.group().lower(), quote(text, safe=""))


def reference(name: str) -> dict[str, Any]:
    examples = json.loads(REFERENCE.read_text(encoding="utf-8"))["examples"]
    (body,) = [e["request"]["body"] for e in examples if e["name"].startswith(name + ":")]
    return copy.deepcopy(body)


def wire(call: Any) -> Any:
    """What the client sends: the model's JSON, through a JSON round trip."""
    return json.loads(json.dumps(call.to_dict()))


def error_of(action: Any) -> str:
    with pytest.raises(InvalidInputError) as caught:
        action()
    return str(caught.value)


# -- the classic URL shape -----------------------------------------------------------------------------


def test_a_classic_url_gives_thread_message_organizer_and_tenant() -> None:
    info = parse_join_url(classic_url())
    assert info == MeetingJoinInfo(thread_id=THREAD, message_id="0", organizer_id=ORGANIZER, tenant_id=TENANT)
    assert info.join_meeting_id is None
    assert info.passcode is None


def test_a_classic_url_reads_the_same_unencoded() -> None:
    url = f'https://teams.microsoft.com/l/meetup-join/{THREAD}/0?context={{"Tid":"{TENANT}","Oid":"{ORGANIZER}"}}'
    assert parse_join_url(url) == parse_join_url(classic_url())


def test_a_doubly_encoded_context_and_thread_are_decoded() -> None:
    context = quote(quote(json.dumps({"Tid": TENANT, "Oid": ORGANIZER}), safe=""), safe="")
    thread = quote(quote(THREAD, safe=""), safe="")
    url = f"https://teams.microsoft.com/l/meetup-join/{thread}/0?context={context}"
    assert parse_join_url(url) == parse_join_url(classic_url())


def test_extra_parameters_a_trailing_slash_and_surrounding_spaces_are_ignored() -> None:
    url = classic_url().replace("/0?context=", "/0/?deeplinkId=abc&anon=true&context=") + "&directDl=true"
    assert parse_join_url(f"  {url}\n") == parse_join_url(classic_url())


def test_context_keys_are_read_whatever_their_case_and_other_keys_are_ignored() -> None:
    context = quote(json.dumps({"tid": TENANT, "OID": ORGANIZER, "IsBroadcastMeeting": False}))
    url = f"https://teams.microsoft.com/l/meetup-join/{quote(THREAD)}/0?context={context}"
    assert parse_join_url(url) == parse_join_url(classic_url())


@pytest.mark.parametrize(
    "host", ["teams.microsoft.com", "teams.microsoft.us", "gov.teams.microsoft.us", "dod.teams.microsoft.us"]
)
def test_every_teams_cloud_host_is_read(host: str) -> None:
    assert parse_join_url(classic_url(host=host)).tenant_id == TENANT
    assert parse_join_url(classic_url(host=host.upper())).tenant_id == TENANT


def test_a_channel_meeting_url_keeps_its_message_and_reply_chain_ids() -> None:
    thread = "19:cd9ce3da56624fe69c9d7cd026f9126d@thread.tacv2"
    context = quote(json.dumps({"Tid": TENANT, "Oid": ORGANIZER, "MessageId": "1536978844957"}))
    info = parse_join_url(
        f"https://teams.microsoft.com/l/meetup-join/{quote(thread)}/1509579179399?context={context}"
    )
    assert (info.thread_id, info.message_id, info.reply_chain_message_id) == (
        thread,
        "1509579179399",
        "1536978844957",
    )
    call = join_meeting_call(info, callback_uri=CALLBACK)
    assert wire(call)["chatInfo"] == {
        "@odata.type": "#microsoft.graph.chatInfo",
        "threadId": thread,
        "messageId": "1509579179399",
        "replyChainMessageId": "1536978844957",
    }


# -- the /meet/ shape and join meeting ids ---------------------------------------------------------------


def test_a_meet_url_gives_the_join_meeting_id_and_passcode() -> None:
    info = parse_join_url("https://teams.microsoft.com/meet/2414128301281?p=NzhDLMLT8b07DrkwkE")
    assert info == MeetingJoinInfo(join_meeting_id="2414128301281", passcode="NzhDLMLT8b07DrkwkE")
    assert info.tenant_id is None


@pytest.mark.parametrize(
    ("url", "passcode"),
    [
        ("https://teams.microsoft.com/meet/2414128301281", None),
        ("https://teams.microsoft.com/meet/2414128301281/?p=abc%2Bx&launch=true", "abc+x"),
        ("https://gov.teams.microsoft.us/meet/2414128301281?anon=1&p=abc", "abc"),
    ],
)
def test_a_meet_url_without_passcode_or_with_extra_parameters(url: str, passcode: str | None) -> None:
    assert parse_join_url(url) == MeetingJoinInfo(join_meeting_id="2414128301281", passcode=passcode)


def test_a_join_meeting_id_may_be_written_with_spaces_as_invitations_print_it() -> None:
    assert meeting_id_info("231 045 254 323", "mKBhMi") == MeetingJoinInfo(
        join_meeting_id="231045254323", passcode="mKBhMi"
    )


def test_the_passcode_is_not_in_the_repr() -> None:
    info = meeting_id_info("1234567", "psw123")
    assert "psw123" not in repr(info)
    assert "1234567" in repr(info)


# -- bad input: one clear InvalidInputError each ---------------------------------------------------------

GOOD_CONTEXT = quote(json.dumps({"Tid": TENANT, "Oid": ORGANIZER}))
MEETUP = f"https://teams.microsoft.com/l/meetup-join/{quote(THREAD)}/0"


def _with_context(context: object) -> str:
    return f"{MEETUP}?context={quote(json.dumps(context))}"


BAD_URLS = [
    ("", "empty"),
    ("   ", "empty"),
    ("1234 5678 9012", "join meeting id, not a join URL: use meeting_id_info"),
    (f"teams.microsoft.com/l/meetup-join/{quote(THREAD)}/0?context={GOOD_CONTEXT}", "absolute https:// URL"),
    (
        f"http://teams.microsoft.com/l/meetup-join/{quote(THREAD)}/0?context={GOOD_CONTEXT}",
        "absolute https:// URL",
    ),
    (f"ftp://teams.microsoft.com/l/meetup-join/x/0?context={GOOD_CONTEXT}", "absolute https:// URL"),
    (
        f"https://example.com/l/meetup-join/{quote(THREAD)}/0?context={GOOD_CONTEXT}",
        "not a Teams meeting host",
    ),
    ("https://teams.microsoft.com.evil.example/l/meetup-join/x/0", "not a Teams meeting host"),
    ("https://teams.microsoft.com:8443/l/meetup-join/x/0", "not a Teams meeting host"),
    ("https://someone@teams.microsoft.com/l/meetup-join/x/0", "not a Teams meeting host"),
    ("https://teams.live.com/meet/9876543210?p=abc", "Teams (free)"),
    ("https://[::1/l/meetup-join", "cannot be parsed"),
    ("https://teams.microsoft.com/", "path is not /l/meetup-join/<thread id>/<message id>"),
    ("https://teams.microsoft.com/l/channel/19%3aabc%40thread.tacv2/General", "path is not"),
    (f"https://teams.microsoft.com/_#/l/meetup-join/{quote(THREAD)}/0", "path is not"),
    (f"https://teams.microsoft.com/l/meetup-join/{quote(THREAD)}?context={GOOD_CONTEXT}", "<message id>"),
    (f"{MEETUP}/extra?context={GOOD_CONTEXT}", "<thread id>/<message id>"),
    (MEETUP, "no context parameter"),
    (f"{MEETUP}?context=", "no context parameter"),
    (f"{MEETUP}?context={GOOD_CONTEXT}&context={GOOD_CONTEXT}", "2 'context' parameters"),
    (f"{MEETUP}?context=Tid%3d{TENANT}", "context parameter is not JSON"),
    (f"{MEETUP}?context=%7b%22Tid%22", "context parameter is not JSON"),
    (f"{MEETUP}?context=" + "%5b" * 200_000, "context parameter is not JSON"),
    (_with_context([TENANT, ORGANIZER]), "not a JSON object"),
    (_with_context({"Oid": ORGANIZER}), "context has no Tid"),
    (_with_context({"Tid": TENANT}), "context has no Oid"),
    (_with_context({"Tid": "", "Oid": ORGANIZER}), "context has no Tid"),
    (_with_context({"Tid": 5, "Oid": ORGANIZER}), "context has no Tid (a string)"),
    (_with_context({"Tid": TENANT, "Oid": ORGANIZER, "MessageId": ["x"]}), "MessageId must be a string"),
    (_with_context({"Tid": "contoso.onmicrosoft.com", "Oid": ORGANIZER}), "tenant_id (Tid) 'contoso"),
    (
        _with_context({"Tid": TENANT, "Oid": "bob@contoso.com"}),
        "organizer_id (Oid) 'bob@contoso.com' is not a GUID",
    ),
    (
        f"https://teams.microsoft.com/l/meetup-join/meeting_123/0?context={GOOD_CONTEXT}",
        "not a Teams thread id",
    ),
    (
        f"https://teams.microsoft.com/l/meetup-join/{quote(THREAD)}/zero?context={GOOD_CONTEXT}",
        "must be digits",
    ),
    ("https://teams.microsoft.com/meet/", "/meet/ URL must go on with the join meeting id"),
    ("https://teams.microsoft.com/meet/123/456", "/meet/ URL must go on with the join meeting id"),
    ("https://teams.microsoft.com/meet/12ab34?p=x", "join_meeting_id '12ab34' must be digits only"),
    ("https://teams.microsoft.com/meet/1234?p=", "passcode must be non-empty"),
    ("https://teams.microsoft.com/meet/1234?p=a&p=b", "2 'p' parameters"),
]


@pytest.mark.parametrize(("url", "message"), BAD_URLS, ids=[f"{i}:{m}" for i, (_, m) in enumerate(BAD_URLS)])
def test_a_bad_join_url_is_refused_saying_what_is_wrong(url: str, message: str) -> None:
    assert message in error_of(lambda: parse_join_url(url))


def test_a_bad_passcode_is_refused_without_repeating_it() -> None:
    text = error_of(lambda: parse_join_url("https://teams.microsoft.com/meet/1234?p=top%20secret"))
    assert "passcode" in text
    assert "secret" not in text


def test_a_user_password_in_the_host_is_not_repeated() -> None:
    text = error_of(lambda: parse_join_url("https://bob:hunter2@example.com/l/meetup-join/x/0"))
    assert "'example.com' is not a Teams meeting host" in text
    assert "hunter2" not in text


def test_a_url_that_is_not_a_string_is_refused() -> None:
    assert "url must be str, not bytes" in error_of(lambda: parse_join_url(b"https://teams.microsoft.com"))  # type: ignore[arg-type]
    assert "url is required" in error_of(lambda: parse_join_url(None))  # type: ignore[arg-type]
    assert "join_meeting_id is required" in error_of(lambda: meeting_id_info(None))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"join_meeting_id": ""}, "join_meeting_id must not be empty"),
        ({"join_meeting_id": " \t"}, "join_meeting_id must not be empty"),
        ({"join_meeting_id": "١٢٣"}, "must be digits only"),  # Arabic-Indic digits are not Teams ids
        ({"join_meeting_id": "123-456"}, "must be digits only"),
        ({"join_meeting_id": 1234567}, "join_meeting_id must be str, not int"),
        ({"join_meeting_id": "1234567", "passcode": ""}, "passcode must be non-empty"),
        ({"join_meeting_id": "1234567", "passcode": "a\x00b"}, "control characters"),
        ({"join_meeting_id": "1234567", "passcode": 42}, "passcode must be str, not int"),
    ],
)
def test_a_bad_join_meeting_id_or_passcode_is_refused(kwargs: dict[str, Any], message: str) -> None:
    assert message in error_of(lambda: meeting_id_info(**kwargs))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "missing thread_id, message_id, organizer_id, tenant_id"),
        ({"thread_id": THREAD, "message_id": "0", "organizer_id": ORGANIZER}, "missing tenant_id"),
        (
            {"join_meeting_id": "123", "thread_id": THREAD},
            "join_meeting_id cannot be combined with thread_id",
        ),
        (
            {
                "thread_id": THREAD,
                "message_id": "0",
                "organizer_id": ORGANIZER,
                "tenant_id": TENANT,
                "passcode": "x",
            },
            "a passcode goes with join_meeting_id",
        ),
        ({"join_meeting_id": "123", "tenant_id": "tenant-1"}, "tenant_id (Tid) 'tenant-1' is not a GUID"),
        ({"join_meeting_id": "123", "tenant_id": 7}, "tenant_id must be str, not int"),
    ],
)
def test_a_meeting_join_info_is_always_one_of_the_two_shapes(kwargs: dict[str, Any], message: str) -> None:
    assert message in error_of(lambda: MeetingJoinInfo(**kwargs))


# -- join_meeting_call: the tenant and the other arguments -----------------------------------------------


def test_the_tenant_given_must_be_the_one_in_the_url() -> None:
    other = "aa67bd4c-8475-432d-bd41-39f255720e0a"
    text = error_of(lambda: join_meeting_call(classic_url(), callback_uri=CALLBACK, tenant_id=other))
    assert other in text
    assert TENANT in text
    assert "tenant mismatch" in text


def test_the_tenant_given_matches_the_url_whatever_its_case() -> None:
    call = join_meeting_call(classic_url(), callback_uri=CALLBACK, tenant_id=TENANT.upper())
    assert call.tenant_id == TENANT


def test_a_join_meeting_id_join_needs_a_tenant() -> None:
    text = error_of(lambda: join_meeting_call(meeting_id_info("1234567"), callback_uri=CALLBACK))
    assert "pass tenant_id=" in text
    meet_url = "https://teams.microsoft.com/meet/1234567?p=abc"
    assert "pass tenant_id=" in error_of(lambda: join_meeting_call(meet_url, callback_uri=CALLBACK))
    assert join_meeting_call(meet_url, callback_uri=CALLBACK, tenant_id=TENANT).tenant_id == TENANT


def test_the_tenant_printed_in_the_reference_is_refused_as_not_a_guid() -> None:
    text = error_of(
        lambda: join_meeting_call(meeting_id_info("1234567"), callback_uri=CALLBACK, tenant_id=DOC_TENANT)
    )
    assert f"tenant_id '{DOC_TENANT}' is not a GUID" in text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"callback_uri": ""}, "callback_uri '' must be an https URL"),
        ({"callback_uri": "http://bot.contoso.com/callback"}, "must be an https URL"),
        ({"callback_uri": "bot.contoso.com/callback"}, "must be an https URL"),
        ({"callback_uri": "https://[::1/cb"}, "must be an https URL"),
        ({"callback_uri": None}, "callback_uri is required"),
        ({"callback_uri": b"https://bot.contoso.com"}, "callback_uri must be str, not bytes"),
        ({"requested_modalities": "audio"}, "requested_modalities must be a list, not str"),
        ({"requested_modalities": []}, "requested_modalities must name one or more modalities"),
        ({"requested_modalities": ["audio", "audio"]}, "each once"),
        ({"requested_modalities": ["hologram"]}, "requested_modalities: 'hologram' is not audio or video"),
        ({"requested_modalities": ["unknownFutureValue"]}, "'unknownFutureValue' is not"),
        ({"media_config": m.MediaInfo(uri="https://x/a.wav")}, "media_config must be"),
        ({"subject": 5}, "subject must be str, not int"),
        ({"tenant_id": "contoso.onmicrosoft.com"}, "tenant_id 'contoso.onmicrosoft.com' is not a GUID"),
    ],
)
def test_bad_join_call_arguments_are_refused(kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {"callback_uri": CALLBACK, **kwargs}
    assert message in error_of(lambda: join_meeting_call(classic_url(), **arguments))


def test_a_meeting_that_is_neither_a_url_nor_a_join_info_is_refused() -> None:
    assert "not int" in error_of(lambda: join_meeting_call(1234567, callback_uri=CALLBACK))  # type: ignore[arg-type]


def test_a_loopback_http_callback_is_let_through_for_local_receivers() -> None:
    call = join_meeting_call(classic_url(), callback_uri="http://127.0.0.1:8080/api/calls")
    assert call.callback_uri == "http://127.0.0.1:8080/api/calls"


def test_defaults_are_service_hosted_media_audio_and_no_subject() -> None:
    body = wire(join_meeting_call(classic_url(), callback_uri=CALLBACK))
    assert body["mediaConfig"] == {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}
    assert body["requestedModalities"] == ["audio"]
    assert "subject" not in body
    custom = join_meeting_call(
        classic_url(),
        callback_uri=CALLBACK,
        media_config=m.AppHostedMediaConfig(blob="<blob>"),
        requested_modalities=["audio", "video"],
        subject="Standup",
    )
    assert wire(custom)["mediaConfig"] == {
        "@odata.type": "#microsoft.graph.appHostedMediaConfig",
        "blob": "<blob>",
    }
    assert (custom.requested_modalities, custom.subject) == (["audio", "video"], "Standup")


# -- the documented request bodies ------------------------------------------------------------------------


def test_example_5_body_from_the_equivalent_join_url() -> None:
    expected = reference("Example 5")
    expected["tenantId"] = FIXED_DOC_TENANT
    user = expected["meetingInfo"]["organizer"]["user"]
    user["tenantId"] = FIXED_DOC_TENANT
    # A join URL does not carry the organizer's display name; Graph does not need it.
    assert user.pop("displayName") == "Bob"
    url = classic_url(thread=expected["chatInfo"]["threadId"], tenant=FIXED_DOC_TENANT, organizer=user["id"])
    call = join_meeting_call(
        url,
        callback_uri=expected["callbackUri"],
        media_config=m.ServiceHostedMediaConfig.from_dict(expected["mediaConfig"]),
        requested_modalities=expected["requestedModalities"],
    )
    assert wire(call) == expected


def test_example_6_body_from_the_equivalent_join_url_with_app_hosted_media() -> None:
    expected = reference("Example 6")
    # Graph sets the direction of a call the bot creates; Example 5 does not send it either.
    assert expected.pop("direction") == "outgoing"
    user = expected["meetingInfo"]["organizer"]["user"]
    assert user.pop("displayName") == "Bob"
    url = classic_url(
        thread=expected["chatInfo"]["threadId"], tenant=expected["tenantId"], organizer=user["id"]
    )
    call = join_meeting_call(url, callback_uri=expected["callbackUri"], media_config=m.AppHostedMediaConfig())
    assert wire(call) == expected


@pytest.mark.parametrize(
    ("example", "meeting"),
    [
        ("Example 7", meeting_id_info("1234567", "psw123")),
        ("Example 7", parse_join_url("https://teams.microsoft.com/meet/1234567?p=psw123")),
        ("Example 8", meeting_id_info("1234567")),
        ("Example 8", parse_join_url("https://teams.microsoft.com/meet/1234567")),
    ],
)
def test_examples_7_and_8_bodies_from_a_join_meeting_id(example: str, meeting: MeetingJoinInfo) -> None:
    expected = reference(example)
    expected["tenantId"] = FIXED_DOC_TENANT
    call = join_meeting_call(
        meeting,
        callback_uri=expected["callbackUri"],
        tenant_id=FIXED_DOC_TENANT,
        media_config=m.ServiceHostedMediaConfig.from_dict(expected["mediaConfig"]),
        requested_modalities=expected["requestedModalities"],
    )
    assert wire(call) == expected  # Example 8 sends "passcode": null


# -- no other exception escapes, whatever the string ---------------------------------------------------

URL_PIECES = st.sampled_from(
    [
        "https://",
        "http://",
        "teams.microsoft.com",
        "dod.teams.microsoft.us",
        "/l/meetup-join/",
        "/meet/",
        "19%3ameeting_",
        "%40thread.v2",
        "19:",
        "@thread.v2",
        "/0",
        "?context=",
        "&context=",
        "?p=",
        "%7b%22Tid%22%3a%22",
        '{"Tid":"',
        '","Oid":"',
        '"}',
        TENANT,
        "%25",
        "%",
        "[",
        ":",
        "#",
        "0",
        "1234",
        " ",
    ]
)
URLISH = st.lists(st.one_of(URL_PIECES, st.text(max_size=8)), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(), URLISH))
def test_any_string_either_parses_or_raises_invalid_input(text: str) -> None:
    try:
        info = parse_join_url(text)
    except InvalidInputError:
        return
    assert isinstance(info, MeetingJoinInfo)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(), URLISH), tenant=st.one_of(st.none(), st.text(max_size=40), st.just(TENANT)))
def test_any_string_meeting_and_tenant_either_build_a_call_or_raise_invalid_input(
    text: str, tenant: str | None
) -> None:
    try:
        call = join_meeting_call(text, callback_uri=CALLBACK, tenant_id=tenant)
    except InvalidInputError:
        return
    assert isinstance(call, m.Call)


@settings(max_examples=200, deadline=None)
@given(join_id=st.text(), passcode=st.one_of(st.none(), st.text()))
def test_any_join_meeting_id_and_passcode_either_parse_or_raise_invalid_input(
    join_id: str, passcode: str | None
) -> None:
    try:
        meeting_id_info(join_id, passcode)
    except InvalidInputError:
        return


# -- through the real client, to the simulator ------------------------------------------------------


def _sent_body(sim: GraphSimulator) -> Any:
    request = sim.last_request
    assert request is not None
    assert (request.method, request.raw_path, request.status) == ("POST", "/v1.0/communications/calls", 201)
    return json.loads(request.body)


def test_joining_a_meeting_from_its_url_through_the_client(
    graph_sim: GraphSimulator, graph_client: GraphCalls
) -> None:
    call = join_meeting_call(classic_url(), callback_uri=CALLBACK)

    created = graph_client.calls.create(call)

    assert _sent_body(graph_sim) == wire(call)
    assert isinstance(created, m.Call)
    assert isinstance(created.meeting_info, m.OrganizerMeetingInfo)
    assert isinstance(created.chat_info, m.ChatInfo)
    assert created.chat_info.thread_id == THREAD
    assert created.tenant_id == TENANT
    stored = graph_sim.call(created.id or "")
    assert stored["meetingInfo"]["organizer"]["user"]["id"] == ORGANIZER
    assert stored["state"] in ("establishing", "established")
    assert graph_sim.contract_violations == []


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_joining_by_join_meeting_id_through_the_async_client(
    graph_sim: GraphSimulator, async_graph_client: AsyncGraphCalls
) -> None:
    call = join_meeting_call(meeting_id_info("1234567", "psw123"), callback_uri=CALLBACK, tenant_id=TENANT)

    created = await async_graph_client.calls.create(call)

    assert _sent_body(graph_sim) == wire(call)
    assert isinstance(created.meeting_info, m.JoinMeetingIdMeetingInfo)
    assert (created.meeting_info.join_meeting_id, created.meeting_info.passcode) == ("1234567", "psw123")
    assert graph_sim.contract_violations == []
