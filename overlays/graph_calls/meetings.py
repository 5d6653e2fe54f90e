"""Join a Teams meeting: read a join URL (or take a join meeting id) and build the call that joins it.

Example::

    graph.calls.create(join_meeting_call(join_url, callback_uri="https://bot.contoso.com/callback"))

The bodies are those of Graph's ``application-post-calls.md`` (Examples 5-8). Join URL shapes:

- ``https://teams.microsoft.com/l/meetup-join/<thread id>/<message id>?context={"Tid":...,"Oid":...}``,
  encoded or not (``context`` once or twice): ``chatInfo`` + ``organizerMeetingInfo``; tenant ``Tid``.
- ``https://teams.microsoft.com/meet/<join meeting id>?p=<passcode>``: ``joinMeetingIdMeetingInfo``.

Hosts: :data:`TEAMS_HOSTS` (commercial, GCC, GCC High, DoD); Graph bots cannot join ``teams.live.com`` (Teams
free) meetings. Bad input raises :class:`InvalidInputError`, whose message never holds a passcode.
Vocabulary layer: imports errors, models, _validate, the standard library (generated models: type hints only).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qsl, unquote, urlsplit

from graph_calls import models
from graph_calls._validate import expect, expect_list
from graph_calls.errors import InvalidInputError

if TYPE_CHECKING:
    from graph_calls_generated.models.app_hosted_media_config import AppHostedMediaConfig
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.join_meeting_id_meeting_info import JoinMeetingIdMeetingInfo
    from graph_calls_generated.models.modality import Modality
    from graph_calls_generated.models.organizer_meeting_info import OrganizerMeetingInfo
    from graph_calls_generated.models.service_hosted_media_config import ServiceHostedMediaConfig

__all__ = ["TEAMS_HOSTS", "MeetingJoinInfo", "join_meeting_call", "meeting_id_info", "parse_join_url"]

TEAMS_HOSTS: Final = frozenset(
    {"teams.microsoft.com", "teams.microsoft.us", "gov.teams.microsoft.us", "dod.teams.microsoft.us"}
)
_CONSUMER_HOSTS: Final = frozenset({"teams.live.com"})
_LOOPBACK_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1"})
# Modality minus unknownFutureValue, the enum's evolvability marker, which is nothing to request.
_MODALITIES: Final = ("audio", "video", "videoBasedScreenSharing", "data")
# Mail and chat clients sometimes encode the context twice; more rounds than this is not a join URL.
_MAX_DECODE_ROUNDS: Final = 3
_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_THREAD_ID = re.compile(r"19:[^\s/]+@thread\.[A-Za-z0-9]+")  # 19:meeting_...@thread.v2, ...@thread.tacv2
_DIGITS = re.compile(r"[0-9]+")
_ORGANIZER_FIELDS: Final = ("thread_id", "message_id", "reply_chain_message_id", "organizer_id")
_SHAPES: Final = "/l/meetup-join/<thread id>/<message id>?context=... or /meet/<join meeting id>?p=<passcode>"


def _show(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "...")


def _required(name: str, value: object) -> None:
    if value is None:
        raise InvalidInputError(f"{name} is required")
    expect(name, value, str)


def _check_guid(label: str, value: str) -> None:
    if not _GUID.fullmatch(value):
        raise InvalidInputError(f"{label} {_show(value)} is not a GUID (like 72f988bf-...-2d7cd011db47)")


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingJoinInfo:
    """What a join URL or id says about a meeting: ``thread_id``, ``message_id``, ``organizer_id`` and
    ``tenant_id`` (+ ``reply_chain_message_id`` for channel meetings), or ``join_meeting_id`` (digits),
    ``passcode`` if any and ``tenant_id`` if known. ``repr`` hides the passcode: it lets anyone join.
    """

    thread_id: str | None = None
    message_id: str | None = None
    reply_chain_message_id: str | None = None
    organizer_id: str | None = None
    tenant_id: str | None = None
    join_meeting_id: str | None = None
    passcode: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for item in fields(self):
            expect(item.name, getattr(self, item.name), str)
        if self.tenant_id is not None:
            _check_guid("tenant_id (Tid)", self.tenant_id)
        thread, message, organizer = self.thread_id, self.message_id, self.organizer_id
        if self.join_meeting_id is not None:
            given = [name for name in _ORGANIZER_FIELDS if getattr(self, name) is not None]
            if given:
                raise InvalidInputError(f"join_meeting_id cannot be combined with {', '.join(given)}")
            if not _DIGITS.fullmatch(self.join_meeting_id):
                raise InvalidInputError(f"join_meeting_id {_show(self.join_meeting_id)} must be digits only")
            passcode = self.passcode
            if passcode is not None and (passcode.split() != [passcode] or not passcode.isprintable()):
                # The message does not repeat the passcode: it is a credential for the meeting.
                raise InvalidInputError("passcode must be non-empty, without spaces or control characters")
            return
        if not (thread and message and organizer and self.tenant_id):
            needed = ("thread_id", "message_id", "organizer_id", "tenant_id")
            missing = ", ".join(name for name in needed if not getattr(self, name))
            raise InvalidInputError(f"missing {missing} (or give join_meeting_id instead)")
        if not _THREAD_ID.fullmatch(thread):
            raise InvalidInputError(f"thread_id {_show(thread)} is not a Teams thread id (19:...@thread.v2)")
        if not _DIGITS.fullmatch(message):
            raise InvalidInputError(f"message_id {_show(message)} must be digits (usually '0')")
        _check_guid("organizer_id (Oid)", organizer)
        if self.reply_chain_message_id == "":
            raise InvalidInputError("reply_chain_message_id must not be empty")
        if self.passcode is not None:
            raise InvalidInputError("a passcode goes with join_meeting_id, not with an organizer and thread")


def meeting_id_info(join_meeting_id: str, passcode: str | None = None) -> MeetingJoinInfo:
    """A meeting given by its join meeting id (spaces allowed: ``"231 045 254 323"``) and passcode, if any."""
    _required("join_meeting_id", join_meeting_id)
    expect("passcode", passcode, str)
    digits = "".join(join_meeting_id.split())
    if not digits:
        raise InvalidInputError("join_meeting_id must not be empty")
    return MeetingJoinInfo(join_meeting_id=digits, passcode=passcode)


def parse_join_url(url: str) -> MeetingJoinInfo:
    """Read a Teams join URL (either shape, see the module docstring) into a :class:`MeetingJoinInfo`."""
    _required("url", url)
    text = url.strip()
    if not text:
        raise InvalidInputError("the join URL is empty")
    if _DIGITS.fullmatch("".join(text.split())):
        raise InvalidInputError("this is a join meeting id, not a join URL: use meeting_id_info(...)")
    try:
        parts = urlsplit(text)
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError as exc:  # e.g. a broken [IPv6] host
        raise InvalidInputError(f"the join URL cannot be parsed: {exc}") from None
    if parts.scheme != "https" or not parts.netloc:
        raise InvalidInputError("the join URL must be an absolute https:// URL")
    host = parts.netloc.lower()  # with a port or a user name it is not a Teams link either
    if host in _CONSUMER_HOSTS:
        raise InvalidInputError(f"{host} links are Teams (free) meetings, which Graph bots cannot join")
    if host not in TEAMS_HOSTS:
        hosts = ", ".join(sorted(TEAMS_HOSTS))
        shown = _show(host.rpartition("@")[2])  # never a user:password
        raise InvalidInputError(f"{shown} is not a Teams meeting host (expected one of {hosts})")
    segments = parts.path.split("/")[1:]
    if segments and not segments[-1]:
        segments.pop()  # one trailing slash
    head = [segment.lower() for segment in segments[:2]]
    if head == ["l", "meetup-join"]:
        return _organizer_url(segments[2:], query)
    if head[:1] == ["meet"]:
        if len(segments) != 2 or not segments[1]:
            raise InvalidInputError("a /meet/ URL must go on with the join meeting id: /meet/<digits>?p=...")
        return meeting_id_info(_decode(segments[1]), _param(query, "p"))
    raise InvalidInputError(f"the join URL's path is not {_SHAPES}")


def _decode(value: str) -> str:
    for _ in range(_MAX_DECODE_ROUNDS):
        if "%" not in value:
            break
        value = unquote(value)
    return value


def _param(query: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in query if key.lower() == name]
    if len(values) > 1:
        raise InvalidInputError(f"the join URL has {len(values)} {name!r} parameters; expected one")
    return values[0] if values else None


def _organizer_url(rest: list[str], query: list[tuple[str, str]]) -> MeetingJoinInfo:
    if len(rest) != 2 or not all(rest):
        raise InvalidInputError("a /l/meetup-join/ URL must go on with <thread id>/<message id> (e.g. .../0)")
    text = (_param(query, "context") or "").strip()
    if not text:
        raise InvalidInputError("the join URL has no context parameter (the meeting's Tid and organizer Oid)")
    for _ in range(_MAX_DECODE_ROUNDS):  # parse_qsl decoded it once
        if not text.startswith("{"):
            text = unquote(text).strip()
    try:
        context = json.loads(text)
    except (ValueError, RecursionError):
        raise InvalidInputError("the join URL's context parameter is not JSON") from None
    if not isinstance(context, dict):
        raise InvalidInputError("the join URL's context parameter is not a JSON object")
    values = {str(key).lower(): value for key, value in context.items()}
    for key in ("Tid", "Oid"):
        if not (values.get(key.lower()) and isinstance(values[key.lower()], str)):
            raise InvalidInputError(f"the join URL's context has no {key} (a string)")
    reply = values.get("messageid")  # channel meetings: the channel message the meeting hangs off
    if isinstance(reply, bool) or not isinstance(reply, str | int | None):
        raise InvalidInputError("the join URL's context MessageId must be a string")
    return MeetingJoinInfo(
        thread_id=_decode(rest[0]),
        message_id=_decode(rest[1]),
        reply_chain_message_id=None if reply in (None, "") else str(reply),
        organizer_id=values["oid"],
        tenant_id=values["tid"],
    )


def join_meeting_call(
    meeting: str | MeetingJoinInfo,
    *,
    callback_uri: str,
    tenant_id: str | None = None,
    media_config: ServiceHostedMediaConfig | AppHostedMediaConfig | None = None,
    requested_modalities: Sequence[Modality] = ("audio",),
    subject: str | None = None,
) -> Call:
    """The :class:`Call` that joins ``meeting`` (a join URL, or a :class:`MeetingJoinInfo`) when created.

    ``tenant_id`` is the meeting's tenant: required with a join meeting id; a classic URL carries it (``Tid``)
    and another ``tenant_id`` is refused. ``media_config`` defaults to service-hosted media. Organizer joins
    send ``allowConversationWithoutHost: true`` as Graph's examples do (the model returned can be changed).
    """
    if not isinstance(meeting, str | MeetingJoinInfo):
        raise InvalidInputError(f"meeting must be a str or MeetingJoinInfo, not {type(meeting).__name__}")
    info = parse_join_url(meeting) if isinstance(meeting, str) else meeting
    tenant = _tenant(info, tenant_id)
    _check_callback_uri(callback_uri)
    config = models.ServiceHostedMediaConfig() if media_config is None else media_config
    expect("media_config", config, models.ServiceHostedMediaConfig, models.AppHostedMediaConfig)
    modalities = _modalities(requested_modalities)
    expect("subject", subject, str)
    call = models.Call(
        odata_type="#microsoft.graph.call",
        callback_uri=callback_uri,
        requested_modalities=modalities,
        media_config=config,
        meeting_info=_meeting_info(info),
        tenant_id=tenant,
        subject=models.UNSET if subject is None else subject,
    )
    if info.join_meeting_id is None:
        reply = models.UNSET if info.reply_chain_message_id is None else info.reply_chain_message_id
        chat = {"thread_id": info.thread_id, "message_id": info.message_id, "reply_chain_message_id": reply}
        call.chat_info = models.ChatInfo(odata_type="#microsoft.graph.chatInfo", **chat)
    return call


def _tenant(info: MeetingJoinInfo, tenant_id: str | None) -> str:
    expect("tenant_id", tenant_id, str)
    if tenant_id is not None:
        _check_guid("tenant_id", tenant_id)
    if info.tenant_id is not None and tenant_id is not None and info.tenant_id.lower() != tenant_id.lower():
        raise InvalidInputError(
            f"tenant_id {tenant_id} is not the meeting's tenant {info.tenant_id} (the join URL's Tid); "
            "Graph would refuse the join with a tenant mismatch"
        )
    tenant = info.tenant_id or tenant_id
    if tenant is None:
        raise InvalidInputError("a join meeting id does not say the meeting's tenant: pass tenant_id=")
    return tenant


def _check_callback_uri(callback_uri: str) -> None:
    _required("callback_uri", callback_uri)
    try:
        parts = urlsplit(callback_uri)
        scheme, host = parts.scheme, parts.hostname or ""
    except ValueError:
        scheme = host = ""
    # Graph calls back https URLs only; plain http is let through for a receiver on this machine (simulator).
    if not ((scheme == "https" and host) or (scheme == "http" and host in _LOOPBACK_HOSTS)):
        raise InvalidInputError(f"callback_uri {_show(callback_uri)} must be an https URL")


def _modalities(requested: object) -> list[Any]:
    items = expect_list("requested_modalities", requested, str, required=True) or []
    if not items or len(set(items)) != len(items):
        raise InvalidInputError("requested_modalities must name one or more modalities, each once")
    for item in items:
        if item not in _MODALITIES:
            raise InvalidInputError(f"requested_modalities: {_show(item)} is not {' or '.join(_MODALITIES)}")
    return items


def _meeting_info(info: MeetingJoinInfo) -> OrganizerMeetingInfo | JoinMeetingIdMeetingInfo:
    if info.join_meeting_id is not None:
        # No passcode is sent as null, as in Graph's Example 8.
        return models.JoinMeetingIdMeetingInfo(join_meeting_id=info.join_meeting_id, passcode=info.passcode)
    user = models.Identity(odata_type="#microsoft.graph.identity", id=info.organizer_id)
    user["tenantId"] = info.tenant_id  # not declared on the v1.0 identity; Graph's Examples 5 and 6 send it
    organizer = models.IdentitySet(odata_type="#microsoft.graph.identitySet", user=user)
    meeting = models.OrganizerMeetingInfo(organizer=organizer)
    meeting["allowConversationWithoutHost"] = True  # not in the v1.0 schema; Examples 5 and 6 send it
    return meeting
