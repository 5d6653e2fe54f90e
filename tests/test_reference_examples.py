"""Every request/response example of the Graph v1.0 reference goes through the public API, sync and async.

For each documented Graph request (``tests/fixtures/graph_reference/*.json``, one file per reference page) the
arguments of the public method are built from the documented body with the public models, sent by
``GraphCalls`` and by ``AsyncGraphCalls`` over a real socket to a local HTTP server that answers with the
documented response; the server's record must be the documented request (method, path, headers, JSON body)
and the method must return the documented response as the right model (None for a body-less answer).

Nothing is adapted silently. Each departure from the page is a table, and a test keeps each table exact:
``EXTRA_BODY`` (documented properties the SDK does not model), ``PATH_ALIASES`` (a path the page spells
differently from the spec), ``PLACEHOLDERS`` (doc placeholders the SDK refuses before sending),
``PLACEHOLDER_STRINGS`` (free-form placeholders it cannot tell from values), ``REQUEST_DIFFERENCES`` and
``RESPONSE_RESPELLINGS`` (what the SDK sends or returns differently from the page), and the two skip lists.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from graph_calls import AccessToken, AsyncGraphCalls, GraphCalls, InvalidInputError
from graph_calls import models as m
from graph_calls.paging import AsyncPager, Pager

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "graph_reference"
SPEC = REPO / "openapi" / "graph-calls.yml"
TOKEN = "reference-examples-token"

Json = Any  # a value parsed from a fixture or a request body
Key = tuple[str, str]  # (page, example label), e.g. ("call-redirect", "Example 2")
Ids = Mapping[str, str]  # spec path parameter ("call-id") -> the id sent
Graph = GraphCalls | AsyncGraphCalls
Convert = Callable[[Json], object]

# --------------------------------------------------------------------------------------- what is not sent

# Examples that show a request, but not to Graph: not an SDK operation.
NOT_GRAPH_REQUESTS: dict[Key, str] = {
    ("call-record", "Example 2"): (
        "downloads the recording from the operation's recordingLocation (https://file.location/...) with "
        "its recordingAccessToken as bearer: not a Graph URL (the page marks both blocks 'ignored')"
    ),
}
# Examples with no request at all: a notification only.
NO_REQUEST: set[Key] = {("call-answer", "Example 3")}

# ------------------------------------------------------------------------------------------- the paths

# Concrete ids for the pages' ``{id}`` placeholders, by spec path parameter; the same in every example.
PLACEHOLDER_IDS = {
    "call-id": "2f1a1100-b174-40a0-aba7-0b405e01ed92",
    "participant-id": "0d7664b6-6432-43ed-8d15-7ac7cab70c8c",
    "audioRoutingGroup-id": "oneToOne",  # a group's id is its routing mode (the pages' bodies say so)
}
# Where the page's example path is not the spec's: (page spelling, spec spelling); the SDK sends the spec's.
# sendDtmfTones: the example calls the namespace-qualified action; the same page's "HTTP request" section
# gives `POST /communications/calls/{id}/sendDtmfTones`, as the spec does (OData takes both spellings).
PATH_ALIASES: dict[Key, tuple[str, str]] = {
    ("call-senddtmftones", "Example"): ("/microsoft.graph.sendDtmfTones", "/sendDtmfTones"),
}
# Documented request headers not compared, and why.
NOT_COMPARED_HEADERS = {
    "content-length": (
        "the pages' values do not fit their own bodies (call-addlargegalleryview: 46 for a 56-byte body, "
        "call-transfer: 430 for each of three bodies); httpx sends the real length"
    ),
}
# Response headers the local server does not repeat: it frames the body it sends itself.
FRAMING_HEADERS = {"content-length", "transfer-encoding"}

# ------------------------------------------------------------------------------- the public API, per op

ROUTES: dict[str, Callable[[Graph, Ids], Callable[..., object]]] = {
    "calls_create": lambda g, i: g.calls.create,
    "calls_log_teleconference_device_quality": lambda g, i: g.calls.log_teleconference_device_quality,
    "calls_get": lambda g, i: g.calls[i["call-id"]].get,
    "calls_delete": lambda g, i: g.calls[i["call-id"]].delete,
    "calls_answer": lambda g, i: g.calls[i["call-id"]].answer,
    "calls_reject": lambda g, i: g.calls[i["call-id"]].reject,
    "calls_redirect": lambda g, i: g.calls[i["call-id"]].redirect,
    "calls_transfer": lambda g, i: g.calls[i["call-id"]].transfer,
    "calls_keep_alive": lambda g, i: g.calls[i["call-id"]].keep_alive,
    "calls_mute": lambda g, i: g.calls[i["call-id"]].mute,
    "calls_unmute": lambda g, i: g.calls[i["call-id"]].unmute,
    "calls_play_prompt": lambda g, i: g.calls[i["call-id"]].play_prompt,
    "calls_record_response": lambda g, i: g.calls[i["call-id"]].record_response,
    "calls_cancel_media_processing": lambda g, i: g.calls[i["call-id"]].cancel_media_processing,
    "calls_subscribe_to_tone": lambda g, i: g.calls[i["call-id"]].subscribe_to_tone,
    "calls_send_dtmf_tones": lambda g, i: g.calls[i["call-id"]].send_dtmf_tones,
    "calls_change_screen_sharing_role": lambda g, i: g.calls[i["call-id"]].change_screen_sharing_role,
    "calls_update_recording_status": lambda g, i: g.calls[i["call-id"]].update_recording_status,
    "calls_add_large_gallery_view": lambda g, i: g.calls[i["call-id"]].add_large_gallery_view,
    "participants_list": lambda g, i: g.calls[i["call-id"]].participants.list,
    "participants_invite": lambda g, i: g.calls[i["call-id"]].participants.invite,
    "participants_get": lambda g, i: g.calls[i["call-id"]].participants[i["participant-id"]].get,
    "participants_delete": lambda g, i: g.calls[i["call-id"]].participants[i["participant-id"]].delete,
    "participants_mute": lambda g, i: g.calls[i["call-id"]].participants[i["participant-id"]].mute,
    "participants_start_hold_music": (
        lambda g, i: g.calls[i["call-id"]].participants[i["participant-id"]].start_hold_music
    ),
    "participants_stop_hold_music": (
        lambda g, i: g.calls[i["call-id"]].participants[i["participant-id"]].stop_hold_music
    ),
    "audio_routing_groups_list": lambda g, i: g.calls[i["call-id"]].audio_routing_groups.list,
    "audio_routing_groups_create": lambda g, i: g.calls[i["call-id"]].audio_routing_groups.create,
    "audio_routing_groups_get": (
        lambda g, i: g.calls[i["call-id"]].audio_routing_groups[i["audioRoutingGroup-id"]].get
    ),
    "audio_routing_groups_update": (
        lambda g, i: g.calls[i["call-id"]].audio_routing_groups[i["audioRoutingGroup-id"]].update
    ),
    "audio_routing_groups_delete": (
        lambda g, i: g.calls[i["call-id"]].audio_routing_groups[i["audioRoutingGroup-id"]].delete
    ),
    "content_sharing_sessions_list": lambda g, i: g.calls[i["call-id"]].content_sharing_sessions.list,
    "content_sharing_sessions_get": (
        lambda g, i: g.calls[i["call-id"]].content_sharing_sessions[i["contentSharingSession-id"]].get
    ),
}


def _model(name: str) -> Convert:
    """The documented value as the public model ``models.<name>``."""
    return lambda value: getattr(m, name).from_dict(copy.deepcopy(value))


def _models(name: str) -> Convert:
    return lambda values: [_model(name)(value) for value in values]


def _by_odata_type(value: Json) -> object:
    """A union-typed argument (``media_config``): the model its ``@odata.type`` names."""
    name = value["@odata.type"].removeprefix("#microsoft.graph.")
    return _model(name[:1].upper() + name[1:])(value)


def _as_is(value: Json) -> object:
    return copy.deepcopy(value)


# Operations whose documented body is the one positional model.
WHOLE_BODY = {
    "calls_create": "Call",
    "audio_routing_groups_create": "AudioRoutingGroup",
    "audio_routing_groups_update": "AudioRoutingGroup",
}
CLIENT_CONTEXT: dict[str, tuple[str, Convert]] = {"clientContext": ("client_context", _as_is)}
# The actions: documented top-level property -> (the method's parameter, the argument made from its value).
KEYWORDS: dict[str, dict[str, tuple[str, Convert]]] = {
    "calls_answer": {
        "callbackUri": ("callback_uri", _as_is),
        "mediaConfig": ("media_config", _by_odata_type),
        "acceptedModalities": ("accepted_modalities", _as_is),
        "participantCapacity": ("participant_capacity", _as_is),
        "callOptions": ("call_options", _model("IncomingCallOptions")),
    },
    "calls_reject": {"reason": ("reason", _as_is), "callbackUri": ("callback_uri", _as_is)},
    "calls_redirect": {
        "targets": ("targets", _models("InvitationParticipantInfo")),
        "timeout": ("redirect_timeout_s", _as_is),  # no page example sets it
        "callbackUri": ("callback_uri", _as_is),
    },
    "calls_transfer": {
        "transferTarget": ("transfer_target", _model("InvitationParticipantInfo")),
        "transferee": ("transferee", _model("ParticipantInfo")),
    },
    "calls_mute": CLIENT_CONTEXT,
    "calls_unmute": CLIENT_CONTEXT,
    "calls_play_prompt": {"prompts": ("prompts", _models("MediaPrompt")), **CLIENT_CONTEXT},
    "calls_record_response": {
        "prompts": ("prompts", _models("MediaPrompt")),
        "bargeInAllowed": ("barge_in_allowed", _as_is),
        "initialSilenceTimeoutInSeconds": ("initial_silence_timeout_in_seconds", _as_is),
        "maxSilenceTimeoutInSeconds": ("max_silence_timeout_in_seconds", _as_is),
        "maxRecordDurationInSeconds": ("max_record_duration_in_seconds", _as_is),
        "playBeep": ("play_beep", _as_is),
        "stopTones": ("stop_tones", _as_is),
        **CLIENT_CONTEXT,
    },
    "calls_cancel_media_processing": CLIENT_CONTEXT,
    "calls_subscribe_to_tone": CLIENT_CONTEXT,
    "calls_send_dtmf_tones": {
        "tones": ("tones", _as_is),
        "delayBetweenTonesMs": ("delay_between_tones_ms", _as_is),
        **CLIENT_CONTEXT,
    },
    "calls_change_screen_sharing_role": {"role": ("role", _as_is)},
    "calls_update_recording_status": {"status": ("status", _as_is), **CLIENT_CONTEXT},
    "calls_add_large_gallery_view": CLIENT_CONTEXT,
    "calls_log_teleconference_device_quality": {
        "quality": ("quality", _model("TeleconferenceDeviceQuality"))
    },
    "participants_invite": {
        "participants": ("participants", _models("InvitationParticipantInfo")),
        **CLIENT_CONTEXT,
    },
    "participants_mute": CLIENT_CONTEXT,
    "participants_start_hold_music": {
        "customPrompt": ("custom_prompt", _model("MediaPrompt")),
        **CLIENT_CONTEXT,
    },
    "participants_stop_hold_music": CLIENT_CONTEXT,
}
# Parameters passed by position (the one primary body); every other parameter is keyword-only.
POSITIONAL = {("participants_invite", "participants")}
# Parameters not named as the snake_case of their Graph property, and why.
RENAMED = {("calls_redirect", "timeout"): "redirect_timeout_s"}  # `timeout` is every method's request timeout

# Documented properties the SDK does not model (not in v1.0's OpenAPI description): sent with extra_body.
EXTRA_BODY: dict[Key, list[str]] = {
    ("call-redirect", "Example 2"): ["routingPolicies"],
    ("call-transfer", "Example 3"): ["clientContext"],
    ("call-transfer", "Example 4"): ["clientContext"],
}
# Doc placeholders the service never takes: (property, the values it stands for). The SDK refuses the
# placeholder before sending; each value is sent instead.
PLACEHOLDERS: dict[Key, tuple[str, tuple[str, ...]]] = {
    ("call-updaterecordingstatus", "Example"): ("status", ("notRecording", "recording", "failed")),
}
# Free-form placeholders in documented bodies: the v1.0 type is a plain string, so the SDK cannot tell them
# from values and sends them as printed (the service would refuse "callbackUri-value", which is no URL).
PLACEHOLDER_STRINGS = {
    "callbackUri-value",
    "clientContext-value",
    "languageId-value",
    "region-value",
    "<Media Session Configuration>",
    "<Media Session Configuration Blob>",
}
# What the SDK sends differently from the documented body: {json pointer: (page's value, sent value)}.
# None today: every documented body reaches the wire as printed (key order aside; JSON objects are unordered).
REQUEST_DIFFERENCES: dict[Key, dict[str, tuple[Json, Json]]] = {}
# What the returned model says differently from the documented response (``model.to_dict()``).
RESPONSE_RESPELLINGS: dict[Key, dict[str, tuple[Json, Json]]] = {
    # The generated model parses the timestamp to a datetime; isoformat() spells UTC "+00:00", not "Z".
    ("call-get", "Example 2"): {
        "/transcription/lastModifiedDateTime": (
            "2020-05-28T00:10:54.104318Z",
            "2020-05-28T00:10:54.104318+00:00",
        )
    },
}

# What each operation returns: the model (for a list, of each item), or None (no body).
RETURNS: dict[str, type[Any] | None] = {
    "calls_create": m.Call,
    "calls_get": m.Call,
    "calls_mute": m.MuteParticipantOperation,
    "calls_unmute": m.UnmuteParticipantOperation,
    "calls_play_prompt": m.PlayPromptOperation,
    "calls_record_response": m.RecordOperation,
    "calls_cancel_media_processing": m.CancelMediaProcessingOperation,
    "calls_subscribe_to_tone": m.SubscribeToToneOperation,
    "calls_send_dtmf_tones": m.SendDtmfTonesOperation,
    "calls_update_recording_status": m.UpdateRecordingStatusOperation,
    "calls_add_large_gallery_view": m.AddLargeGalleryViewOperation,
    "participants_list": m.Participant,
    "participants_get": m.Participant,
    "participants_invite": m.InviteParticipantsOperation,
    "participants_mute": m.MuteParticipantOperation,
    "participants_start_hold_music": m.StartHoldMusicOperation,
    "participants_stop_hold_music": m.StopHoldMusicOperation,
    "audio_routing_groups_list": m.AudioRoutingGroup,
    "audio_routing_groups_create": m.AudioRoutingGroup,
    "audio_routing_groups_get": m.AudioRoutingGroup,
    "audio_routing_groups_update": m.AudioRoutingGroup,
    "content_sharing_sessions_list": m.ContentSharingSession,
    "content_sharing_sessions_get": m.ContentSharingSession,
    **dict.fromkeys(
        [
            "calls_delete",
            "calls_answer",
            "calls_reject",
            "calls_redirect",
            "calls_transfer",
            "calls_keep_alive",
            "calls_change_screen_sharing_role",
            "calls_log_teleconference_device_quality",
            "participants_delete",
            "audio_routing_groups_delete",
        ]
    ),
}
LISTS = {"participants_list", "audio_routing_groups_list", "content_sharing_sessions_list"}

# ------------------------------------------------------------------------------------------- the cases


def _spec_operations() -> list[tuple[str, str, str]]:
    """(METHOD, path template, operationId) of the committed trimmed spec."""
    spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return [
        (method.upper(), path, operation["operationId"])
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    ]


SPEC_OPERATIONS = _spec_operations()


def _label(name: str) -> str:
    """An example's short name: "Example 2" (and "step 1" for the split multi-step examples)."""
    label = name.split(":")[0]
    step = re.search(r"\(step (\d+)", name)
    return f"{label} step {step.group(1)}" if step else label


def _match(method: str, path: str) -> tuple[str, dict[str, str], str, str]:
    """(operationId, ids, spec path, documented path) of a documented request path.

    The ids are the page's own, or PLACEHOLDER_IDS for its ``{id}``s; both paths carry them.
    """
    segments = path.strip("/").split("/")
    for spec_method, template, operation_id in SPEC_OPERATIONS:
        parts = template.strip("/").split("/")
        if spec_method != method or len(parts) != len(segments):
            continue
        pairs = list(zip(parts, segments, strict=True))
        if all(p.startswith("{") or p == s.removeprefix("microsoft.graph.") for p, s in pairs):
            ids = {
                p[1:-1]: PLACEHOLDER_IDS[p[1:-1]] if s == "{id}" else s for p, s in pairs if p.startswith("{")
            }
            spec_path = "".join(f"/{ids[p[1:-1]]}" if p.startswith("{") else f"/{p}" for p in parts)
            documented = "".join(f"/{ids[p[1:-1]]}" if p.startswith("{") else f"/{s}" for p, s in pairs)
            return operation_id, ids, spec_path, documented
    raise AssertionError(f"no spec operation for {method} {path}")


@dataclass(frozen=True)
class Case:
    """One documented Graph request (for a placeholder, with one real value in its place)."""

    page: str
    label: str
    example: dict[str, Json]
    operation: str
    ids: dict[str, str]
    spec_path: str  # the spec's path template with the ids
    documented_path: str  # the page's path (percent-decoded) with the ids
    variant: tuple[str, str] | None = None  # (property, value) replacing a doc placeholder

    @property
    def key(self) -> Key:
        return (self.page, self.label)

    @property
    def request(self) -> dict[str, Json]:
        return cast(dict[str, Json], self.example["request"])

    @property
    def response(self) -> dict[str, Json]:
        return cast(dict[str, Json], self.example["response"])

    @property
    def body(self) -> Json:
        """The documented body, with the variant's value in place of the placeholder."""
        body: Json = copy.deepcopy(self.request["body"])
        if self.variant is not None:
            body[self.variant[0]] = self.variant[1]
        return body

    @property
    def test_id(self) -> str:
        suffix = f"-{self.variant[0]}={self.variant[1]}" if self.variant else ""
        label = self.label.lower().replace(" step ", "-step").replace(" ", "")
        return f"{self.page}-{label}{suffix}"


def _examples() -> Iterator[tuple[str, str, dict[str, Json]]]:
    for path in sorted(FIXTURES.glob("*.json")):
        for example in json.loads(path.read_text(encoding="utf-8"))["examples"]:
            yield path.stem, _label(example["name"]), example


def _cases() -> list[Case]:
    cases = []
    for page, label, example in _examples():
        request = example["request"]
        if request is None or not request["path"].startswith("/communications/"):
            continue  # NO_REQUEST, NOT_GRAPH_REQUESTS (test_only_the_listed_examples_are_not_sent)
        path = urllib.parse.unquote(urllib.parse.urlsplit(request["path"]).path)
        case = Case(page, label, example, *_match(request["method"], path))
        if case.key in PLACEHOLDERS:
            name, values = PLACEHOLDERS[case.key]
            cases += [dataclasses.replace(case, variant=(name, value)) for value in values]
        else:
            cases.append(case)
    return cases


CASES = _cases()
CASE_PARAMS = [pytest.param(case, id=case.test_id) for case in CASES]


def _arguments(case: Case, body: Json) -> tuple[list[object], dict[str, object]]:
    """The public method's arguments for ``body``: models built from it, EXTRA_BODY in ``extra_body``."""
    if body is None:
        return [], {}
    if case.operation in WHOLE_BODY:
        return [_model(WHOLE_BODY[case.operation])(body)], {}
    parameters = KEYWORDS[case.operation]
    args: list[object] = []
    kwargs: dict[str, object] = {}
    extra: dict[str, object] = {}
    for name, value in body.items():
        if name in parameters:
            parameter, convert = parameters[name]
            if (case.operation, parameter) in POSITIONAL:
                args.append(convert(value))
            else:
                kwargs[parameter] = convert(value)
        elif name in EXTRA_BODY.get(case.key, []):
            extra[name] = copy.deepcopy(value)
        else:
            raise AssertionError(f"{case.test_id}: {name} has no parameter and is not in EXTRA_BODY")
    if extra:
        kwargs["extra_body"] = extra
    return args, kwargs


# ------------------------------------------------------------------------------------------ the server


@dataclass(frozen=True)
class Received:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        server = cast(_ReferenceServer, self.server)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server.received.append(Received(self.command, self.path, list(self.headers.items()), body))
        status, reason, headers, payload = server.answer
        self.send_response(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


class _ReferenceServer(ThreadingHTTPServer):
    """Records every request and answers each with the response set by ``answer_with``."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[Received] = []
        self.answer: tuple[int, str, list[tuple[str, str]], bytes] = (500, "Not Set", [], b"")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1.0"

    def answer_with(self, response: Mapping[str, Json]) -> None:
        """The documented response: status, reason, headers (not framing), the JSON body or none."""
        headers = [(k, v) for k, v in response["headers"].items() if k.lower() not in FRAMING_HEADERS]
        body = response["body"]
        payload = b"" if body is None else json.dumps(body).encode()
        self.received = []
        self.answer = (response["status"], response.get("reason") or "", headers, payload)


@pytest.fixture(scope="module")
def reference_server() -> Iterator[_ReferenceServer]:
    server = _ReferenceServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def server(reference_server: _ReferenceServer) -> _ReferenceServer:
    reference_server.answer_with({"status": 500, "reason": "Not Set", "headers": {}, "body": None})
    return reference_server


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class _Credential:
    def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
        return AccessToken(TOKEN, int(time.time()) + 3600)


# ------------------------------------------------------------------------------------------ the checks


ABSENT = "<absent>"


def _differences(documented: Json, sent: Json, pointer: str = "") -> dict[str, tuple[Json, Json]]:
    """{json pointer: (documented, sent)} wherever the two differ (a JSON type change counts)."""
    if isinstance(documented, dict) and isinstance(sent, dict):
        found: dict[str, tuple[Json, Json]] = {}
        for name in [*documented, *(k for k in sent if k not in documented)]:
            found |= _differences(documented.get(name, ABSENT), sent.get(name, ABSENT), f"{pointer}/{name}")
        return found
    if isinstance(documented, list) and isinstance(sent, list) and len(documented) == len(sent):
        found = {}
        for index, (a, b) in enumerate(zip(documented, sent, strict=True)):
            found |= _differences(a, b, f"{pointer}/{index}")
        return found
    same = documented == sent and type(documented) is type(sent)
    return {} if same else {pointer: (documented, sent)}


def _check_request(case: Case, received: list[Received]) -> None:
    assert len(received) == 1, [r.target for r in received]
    (sent,) = received
    assert sent.method == case.request["method"]
    path, _, query = sent.target.partition("?")
    path = urllib.parse.unquote(path)
    assert path == "/v1.0" + case.spec_path
    page_spelling, spec_spelling = PATH_ALIASES.get(case.key, ("", ""))
    assert path == "/v1.0" + case.documented_path.replace(page_spelling, spec_spelling)
    assert query == urllib.parse.urlsplit(case.request["path"]).query
    for name, value in case.request["headers"].items():
        if name.lower() not in NOT_COMPARED_HEADERS:
            assert sent.header(name) == [value], name
    assert sent.header("Authorization") == [f"Bearer {TOKEN}"]
    if case.body is None:
        assert sent.body == b""
    else:
        assert _differences(case.body, json.loads(sent.body)) == REQUEST_DIFFERENCES.get(case.key, {})


def _check_result(case: Case, result: object) -> None:
    documented = case.response["body"]
    model = RETURNS[case.operation]
    if model is None or documented is None:
        assert (model, documented, result) == (None, None, None)
        return
    respellings = RESPONSE_RESPELLINGS.get(case.key, {})
    if case.operation in LISTS:
        assert isinstance(result, list)
        assert all(isinstance(item, model) for item in result)
        assert [item.id for item in result] == [item.get("id") for item in documented["value"]]
        returned = [item.to_dict() for item in result]
        assert _differences(documented["value"], returned, "/value") == respellings
        return
    assert isinstance(result, model), type(result).__name__
    assert result.to_dict().get("@odata.type") == documented.get("@odata.type")
    assert result.id == documented["id"]
    if "status" in documented:
        assert result.status == documented["status"]
    assert _differences(documented, result.to_dict()) == respellings


def _client_options(server: _ReferenceServer) -> dict[str, Any]:
    return {"credential": _Credential(), "base_url": server.base_url, "max_retries": 0}


def _send_sync(server: _ReferenceServer, case: Case, args: list[object], kwargs: dict[str, object]) -> object:
    with GraphCalls(**_client_options(server)) as graph:
        returned = ROUTES[case.operation](graph, case.ids)(*args, **kwargs)
        return returned.collect() if isinstance(returned, Pager) else returned


async def _send_async(
    server: _ReferenceServer, case: Case, args: list[object], kwargs: dict[str, object]
) -> object:
    async with AsyncGraphCalls(**_client_options(server)) as graph:
        returned = ROUTES[case.operation](graph, case.ids)(*args, **kwargs)
        if isinstance(returned, AsyncPager):
            return await returned.collect()
        assert inspect.isawaitable(returned)
        return await returned


# ------------------------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_sync_client_sends_the_documented_request_and_returns_the_documented_response(
    case: Case, server: _ReferenceServer
) -> None:
    server.answer_with(case.response)
    args, kwargs = _arguments(case, case.body)
    result = _send_sync(server, case, args, kwargs)
    _check_request(case, server.received)
    _check_result(case, result)


@pytest.mark.anyio
@pytest.mark.parametrize("case", CASE_PARAMS)
async def test_async_client_sends_the_documented_request_and_returns_the_documented_response(
    case: Case, server: _ReferenceServer
) -> None:
    server.answer_with(case.response)
    args, kwargs = _arguments(case, case.body)
    result = await _send_async(server, case, args, kwargs)
    _check_request(case, server.received)
    _check_result(case, result)


# One case per documented placeholder; the tests send the documented body itself, placeholder included.
PLACEHOLDER_PARAMS = [
    pytest.param(case, id=f"{case.page}-{case.variant[0]}")
    for case in CASES
    if case.variant is not None and case.variant[1] == PLACEHOLDERS[case.key][1][0]
]


@pytest.mark.parametrize("case", PLACEHOLDER_PARAMS)
def test_sync_client_refuses_a_doc_placeholder_before_sending(case: Case, server: _ReferenceServer) -> None:
    server.answer_with(case.response)
    args, kwargs = _arguments(case, case.request["body"])
    with pytest.raises(InvalidInputError, match=PLACEHOLDERS[case.key][0]):
        _send_sync(server, case, args, kwargs)
    assert server.received == []


@pytest.mark.anyio
@pytest.mark.parametrize("case", PLACEHOLDER_PARAMS)
async def test_async_client_refuses_a_doc_placeholder_before_sending(
    case: Case, server: _ReferenceServer
) -> None:
    server.answer_with(case.response)
    args, kwargs = _arguments(case, case.request["body"])
    with pytest.raises(InvalidInputError, match=PLACEHOLDERS[case.key][0]):
        await _send_async(server, case, args, kwargs)
    assert server.received == []


# ------------------------------------------------------------------------------- the tables are exact


def _strings(value: Json) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_only_the_listed_examples_are_not_sent() -> None:
    sent = {case.key for case in CASES}
    not_sent = {(page, label): example for page, label, example in _examples() if (page, label) not in sent}
    assert set(not_sent) == set(NOT_GRAPH_REQUESTS) | NO_REQUEST
    for key in NO_REQUEST:
        assert not_sent[key]["request"] is None
    for key in NOT_GRAPH_REQUESTS:
        url = urllib.parse.urlsplit(not_sent[key]["request"]["url"])
        assert url.hostname != "graph.microsoft.com"
    assert len({case.test_id for case in CASES}) == len(CASES)


def test_every_operation_of_the_spec_with_a_reference_page_is_sent() -> None:
    operations = {operation_id for _, _, operation_id in SPEC_OPERATIONS}
    assert (
        {case.operation for case in CASES} == set(ROUTES) == set(RETURNS) == operations - {"operations_get"}
    )
    assert {op for op, model in RETURNS.items() if model is not None} >= LISTS


def test_extra_body_is_exactly_the_documented_properties_the_sdk_does_not_model() -> None:
    needed: dict[Key, list[str]] = {}
    for case in CASES:
        body = case.request.get("body")
        if body is not None and case.operation not in WHOLE_BODY:
            unmodelled = [name for name in body if name not in KEYWORDS[case.operation]]
            if unmodelled:
                needed[case.key] = unmodelled
                # The generated body model does not declare them either: they would be additional properties.
                body_model = getattr(m, "".join(w.title() for w in case.operation.split("_")) + "Body")
                assert set(body_model.from_dict(copy.deepcopy(body)).additional_properties) == set(unmodelled)
    assert needed == EXTRA_BODY


def test_path_aliases_are_exactly_the_pages_that_spell_the_path_differently_from_the_spec() -> None:
    differing = {case.key for case in CASES if case.documented_path != case.spec_path}
    assert differing == set(PATH_ALIASES)


def test_placeholders_are_exactly_the_documented_alternatives() -> None:
    found: dict[Key, tuple[str, tuple[str, ...]]] = {}
    for case in CASES:
        for name, value in (case.request.get("body") or {}).items():
            if isinstance(value, str) and " | " in value:
                found[case.key] = (name, tuple(value.split(" | ")))
    assert found == PLACEHOLDERS


def test_free_form_placeholder_strings_are_exactly_the_listed_ones() -> None:
    placeholder = re.compile(r"^<.*>$|-value$")
    found = {s for case in CASES for s in _strings(case.request.get("body")) if placeholder.search(s)}
    assert found == PLACEHOLDER_STRINGS


def test_difference_tables_name_examples_that_are_sent() -> None:
    keys = {case.key for case in CASES}
    for table in (EXTRA_BODY, PATH_ALIASES, PLACEHOLDERS, REQUEST_DIFFERENCES, RESPONSE_RESPELLINGS):
        assert set(table) <= keys


def _check_signatures(graph: Graph) -> None:
    ids = dict.fromkeys(
        ["call-id", "participant-id", "audioRoutingGroup-id", "contentSharingSession-id"], "x"
    )
    for operation, parameters in KEYWORDS.items():
        signature = inspect.signature(ROUTES[operation](graph, ids)).parameters
        for name, (parameter, _) in parameters.items():
            snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
            assert parameter == RENAMED.get((operation, name), snake)
            positional = (operation, parameter) in POSITIONAL
            kind = inspect.Parameter.POSITIONAL_OR_KEYWORD if positional else inspect.Parameter.KEYWORD_ONLY
            assert signature[parameter].kind == kind, (operation, parameter)
    for operation in WHOLE_BODY:
        first, *_ = inspect.signature(ROUTES[operation](graph, ids)).parameters.values()
        assert first.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD, operation


def test_sync_parameters_are_the_graph_properties_in_snake_case(server: _ReferenceServer) -> None:
    with GraphCalls(**_client_options(server)) as graph:
        _check_signatures(graph)


@pytest.mark.anyio
async def test_async_parameters_are_the_graph_properties_in_snake_case(server: _ReferenceServer) -> None:
    async with AsyncGraphCalls(**_client_options(server)) as graph:
        _check_signatures(graph)
