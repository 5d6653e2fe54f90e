"""Read the ``commsNotifications`` payloads Graph POSTs to a bot's callback URL into typed objects.

A payload is ``{"value": [commsNotification, ...]}``. Each commsNotification names the resource that
changed (``resourceUrl``), how (``changeType``: ``created``, ``updated``, ``deleted``) and usually carries
the resource itself (``resourceData``: an object, or an array for a roster update).
:func:`parse_notifications` turns each one into a :class:`Notification` whose ``resource_data`` is the
generated model: a ``Call``, a list of ``Participant``, the operation's own subtype
(``InviteParticipantsOperation``...), a ``ContentSharingSession``.

The documented payloads are not consistent, so the parser is lenient where Graph's own examples differ
(see the fixtures' README): a ``resourceUrl`` without its leading slash, only the deprecated
``resource`` (``/app/calls/...``), ``subCode`` for ``subcode``, result codes as strings (``"200"``),
``resourceData`` as an object or an array, properties nobody documented. It is strict about the shape:
anything that is not a JSON object with a ``value`` array of objects raises
:class:`~graph_calls.errors.NotificationParseError`, and nothing is returned unless every notification
parsed. So does a body whose arrays and objects nest deeper than ``NOTIFICATION_MAX_JSON_DEPTH`` (64)
levels: Graph's own nest 8, and the depth is checked, without recursion, before anything recurses into
the body, so a hostile body nested thousands deep is refused like any malformed one.

Example::

    for notification in parse_notifications(request_body):
        if notification.kind == "operation" and notification.is_operation_finished:
            print(notification.operation_id, notification.resource_data.status)
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeGuard
from urllib.parse import urlsplit

from graph_calls._constants import NOTIFICATION_MAX_JSON_DEPTH
from graph_calls.errors import NotificationParseError

if TYPE_CHECKING:
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.content_sharing_session import ContentSharingSession
    from graph_calls_generated.models.participant import Participant
    from graph_calls_generated.operations import AnyOperation as AnyOperation

    ResourceModel: TypeAlias = Call | Participant | ContentSharingSession | AnyOperation
    ResourceData: TypeAlias = ResourceModel | dict[str, Any] | list[ResourceModel | dict[str, Any]] | None

__all__ = [
    "OPERATION_MODELS",  # noqa: F822 - module __getattr__ reads it from the generated index on first use
    "ChangeType",
    "Notification",
    "NotificationKind",
    "is_operation_model",
    "parse_notifications",
]

ChangeType: TypeAlias = Literal["created", "updated", "deleted"]
NotificationKind: TypeAlias = Literal[
    "call",
    "participants",
    "participant",
    "operation",
    "content_sharing_sessions",
    "content_sharing_session",
    "unknown",
]

_OTHER_MODELS: Final = ("Call", "Participant", "ContentSharingSession")
_ODATA_PREFIX: Final = "#microsoft.graph."


def __getattr__(name: str) -> Any:
    if name == "OPERATION_MODELS":  # read from the generated index on first use: importing stays cheap
        return tuple(_operation_types())[1:]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _operation_types() -> Mapping[str, str]:
    """``CommsOperation`` first, then every subtype: class name → ``@odata.type`` (derived from the spec)."""
    from graph_calls_generated.operations import OPERATION_TYPES

    return MappingProxyType(OPERATION_TYPES)


@functools.cache
def _known_types() -> Mapping[str, tuple[str, str]]:
    """Known ``@odata.type``s, lower-cased and without the "#" → (generated model name, exact spelling)."""
    known = {_ODATA_PREFIX + name[0].lower() + name[1:]: name for name in _OTHER_MODELS}
    known.update({odata_type: name for name, odata_type in _operation_types().items()})
    return MappingProxyType({odata[1:].lower(): (name, odata) for odata, name in known.items()})


@functools.cache
def _operation_classes() -> tuple[type, ...]:
    from graph_calls import models

    return tuple(getattr(models, name) for name in _operation_types())


# The model a resource falls back to when its `@odata.type` is missing or unknown, by URL kind.
_BASE_MODEL: Final[Mapping[str, str]] = {
    "call": "Call",
    "participants": "Participant",
    "participant": "Participant",
    "operation": "CommsOperation",
    "content_sharing_sessions": "ContentSharingSession",
    "content_sharing_session": "ContentSharingSession",
}
_KNOWN_CHANGE_TYPES: Final = frozenset({"created", "updated", "deleted"})
_FINISHED_STATUSES: Final = frozenset({"completed", "failed"})
# An integer sent as a JSON string ("200", "-1"), as call-delete's resultInfo does.
_INT_STRING: Final = re.compile(r"\s*[-+]?\d+\s*")
_API_VERSIONS: Final = frozenset({"v1.0", "beta"})
# A tuple, not dict | list: isinstance is about twice as fast with it, and the depth walk runs per body.
_CONTAINERS: Final = (dict, list)


@dataclass(frozen=True)
class Notification:
    """One ``commsNotification``: what changed, where, and the resource as a generated model.

    Attributes:
        change_type: ``created``, ``updated`` or ``deleted`` (lower-cased; another value is kept as sent).
        resource_url: the changed resource's path, normalised: ``/communications/calls/{id}/...``
            (leading slash added; derived from the deprecated ``resource`` when ``resourceUrl`` is absent).
        call_id: the call the resource belongs to, as the URL spells it; None if the URL names no call.
        kind: what the URL points at: ``call``, ``participants`` (the roster), ``participant``,
            ``operation``, ``content_sharing_sessions``, ``content_sharing_session`` or ``unknown``.
            One documented quirk is read from the data instead: a roster update (an array of
            participants) posted on an ``.../operations/...`` URL is ``participants``.
        resource_data: the resource: a ``Call``; a list of ``Participant`` (a roster update); the
            operation as its subtype (``InviteParticipantsOperation``...) or ``CommsOperation``; a
            ``ContentSharingSession`` or a list of them; ``None`` when the notification carries none.
            An unknown ``@odata.type`` parses to the URL's base model, the type kept in ``odata_type``;
            on an ``unknown`` URL the data stays a plain dict (or list of dicts). Unknown properties
            are in each model's ``additional_properties``.
        raw: the commsNotification object as received (never modified).
        operation_id: the operation's id when the URL is ``.../operations/{id}``.
        participant_id: the participant's id when the URL is ``.../participants/{id}``.
        content_sharing_session_id: the session's id when the URL is ``.../contentSharingSessions/{id}``.
        raw_resource_url: ``resourceUrl`` exactly as sent (None when absent).
        raw_resource: the deprecated ``resource`` exactly as sent (None when absent).
        tenant_id: the tenant of the call, from the verified callback token (set by
            :class:`~graph_calls.notifications.NotificationReceiver`; None from :func:`parse_notifications`).

    Example::

        n = parse_notifications(body)[0]
        if n.kind == "participants":
            for participant in n.participants:
                print(participant.id, participant.is_muted)
    """

    change_type: str
    resource_url: str
    call_id: str | None
    kind: NotificationKind
    resource_data: ResourceData
    raw: Mapping[str, Any] = field(repr=False, compare=False)
    operation_id: str | None = None
    participant_id: str | None = None
    content_sharing_session_id: str | None = None
    raw_resource_url: str | None = field(default=None, repr=False)
    raw_resource: str | None = field(default=None, repr=False)
    tenant_id: str | None = None

    @property
    def participants(self) -> list[Participant]:
        """The participants a roster (or participant) notification carries; ``[]`` for other kinds."""
        if self.kind not in ("participants", "participant"):
            return []
        from graph_calls import models

        return [p for p in _as_list(self.resource_data) if isinstance(p, models.Participant)]

    @property
    def content_sharing_sessions(self) -> list[ContentSharingSession]:
        """The sessions a content-sharing notification carries (may be ``[]`` even for that kind)."""
        if self.kind not in ("content_sharing_sessions", "content_sharing_session"):
            return []
        from graph_calls import models

        return [s for s in _as_list(self.resource_data) if isinstance(s, models.ContentSharingSession)]

    @property
    def is_operation_finished(self) -> bool:
        """Whether this notification reports the end of an operation.

        Graph reports an operation's outcome as ``deleted`` on ``.../operations/{id}``; a status of
        ``completed`` or ``failed`` (either casing) counts as well.
        """
        if self.kind != "operation":
            return False
        if self.change_type == "deleted":
            return True
        status = getattr(self.resource_data, "status", None)
        return isinstance(status, str) and status.lower() in _FINISHED_STATUSES


def is_operation_model(value: object) -> TypeGuard[AnyOperation]:
    """Whether ``value`` is a generated comms operation model (``CommsOperation`` or a subtype)."""
    return isinstance(value, _operation_classes())


def parse_notifications(body: bytes | bytearray | str | Mapping[str, Any]) -> list[Notification]:
    """Parse a ``commsNotifications`` payload (the raw request body, or the decoded JSON object).

    Returns the notifications in the order they were sent. Raises
    :class:`~graph_calls.errors.NotificationParseError` when the body is not JSON, not an object, has
    no ``value`` array, nests arrays and objects deeper than ``NOTIFICATION_MAX_JSON_DEPTH`` (64) levels,
    or one of its notifications is not a well-formed commsNotification; no notification is returned in
    that case. The input is never modified.

    Example::

        notifications = parse_notifications(b'{"value": [{"changeType": "deleted", '
                                            b'"resourceUrl": "/communications/calls/c1"}]}')
        assert notifications[0].kind == "call"
    """
    payload = _decode(body)
    if _nests_deeper_than(payload, NOTIFICATION_MAX_JSON_DEPTH):
        raise _too_deep()
    items = payload.get("value")
    if not isinstance(items, list):
        found = "no" if items is None else f"a {_json_type(items)}"
        raise NotificationParseError(
            f"the notification body has {found} 'value'; a commsNotifications payload needs a 'value' array"
        )
    return [_parse_one(index, item) for index, item in enumerate(items)]


# Decoding


def _decode(body: object) -> Mapping[str, Any]:
    if isinstance(body, Mapping):
        return body
    if isinstance(body, bytes | bytearray):
        try:
            text = bytes(body).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise NotificationParseError(f"the notification body is not UTF-8 ({exc.reason})") from None
    elif isinstance(body, str):
        text = body
    else:
        raise NotificationParseError(
            f"a notification body must be bytes, str or a mapping, not {type(body).__name__}"
        )
    if not text.strip():
        raise NotificationParseError("the notification body is empty")
    try:
        payload = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise NotificationParseError(f"the notification body is not valid JSON ({exc})") from None
    except RecursionError:  # nested deeper than the interpreter's recursion limit (about 1,000)
        raise _too_deep() from None
    if not isinstance(payload, dict):
        raise NotificationParseError(
            f"the notification body is a JSON {_json_type(payload)}; a commsNotifications object was expected"
        )
    return payload


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _nests_deeper_than(payload: Mapping[str, Any], limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels (the payload itself is level 1).

    Level by level, without recursion, so any depth is safe to check; on a 100-participant roster the
    walk costs under a tenth of the parse (0.2 of 2.3 ms). Only dicts and lists (what ``json.loads``
    makes) are descended into.
    """
    level = [child for child in payload.values() if isinstance(child, _CONTAINERS)]
    depth = 2
    while level:
        if depth > limit:
            return True
        below: list[Any] = []
        for node in level:
            for child in node.values() if isinstance(node, dict) else node:
                if isinstance(child, _CONTAINERS):
                    below.append(child)
        level = below
        depth += 1
    return False


def _too_deep() -> NotificationParseError:
    return NotificationParseError(
        f"the notification body nests arrays and objects deeper than {NOTIFICATION_MAX_JSON_DEPTH} levels;"
        " a commsNotifications payload needs far fewer"
    )


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "null" if value is None else type(value).__name__


# One notification


@dataclass(frozen=True)
class _Location:
    resource_url: str
    call_id: str | None
    kind: NotificationKind
    operation_id: str | None = None
    participant_id: str | None = None
    content_sharing_session_id: str | None = None


def _parse_one(index: int, item: object) -> Notification:
    where = f"value[{index}]"
    if not isinstance(item, Mapping):
        raise NotificationParseError(f"{where} is a JSON {_json_type(item)}, not a commsNotification object")
    change_type = item.get("changeType")
    if not isinstance(change_type, str) or not change_type.strip():
        raise NotificationParseError(f"{where} has no changeType")
    lowered = change_type.strip().lower()
    change_type = lowered if lowered in _KNOWN_CHANGE_TYPES else change_type

    raw_url = item.get("resourceUrl")
    raw_resource = item.get("resource")
    raw_url = raw_url if isinstance(raw_url, str) else None
    raw_resource = raw_resource if isinstance(raw_resource, str) else None
    url = raw_url if raw_url and raw_url.strip() else raw_resource
    if url is None or not url.strip():
        raise NotificationParseError(f"{where} has neither a resourceUrl nor a resource")
    location = _locate(url)

    data = item.get("resourceData")
    kind = location.kind
    if kind in ("operation", "unknown") and _is_participant_array(data):
        kind = "participants"  # participant-invite Example 2 posts its roster update on .../operations/...
    resource_data = _parse_resource_data(f"{where}.resourceData", kind, data)

    return Notification(
        change_type=change_type,
        resource_url=location.resource_url,
        call_id=location.call_id,
        kind=kind,
        resource_data=resource_data,
        raw=item,
        operation_id=location.operation_id,
        participant_id=location.participant_id,
        content_sharing_session_id=location.content_sharing_session_id,
        raw_resource_url=raw_url,
        raw_resource=raw_resource,
    )


def _locate(url: str) -> _Location:
    """Normalise a resourceUrl (or legacy resource) and read the call, kind and ids from it."""
    path = url.strip()
    if "://" in path:
        path = urlsplit(path).path
    path = path.split("?", 1)[0].split("#", 1)[0]
    segments = [s for s in path.split("/") if s]
    if segments and segments[0].lower() in _API_VERSIONS:
        segments = segments[1:]
    if len(segments) >= 2 and segments[0].lower() == "app" and segments[1].lower() == "calls":
        segments = ["communications", "calls", *segments[2:]]  # the deprecated /app/calls/... form
    resource_url = "/" + "/".join(segments)
    if len(segments) < 3 or segments[0].lower() != "communications" or segments[1].lower() != "calls":
        return _Location(resource_url, None, "unknown")

    call_id, rest = segments[2], segments[3:]
    head = rest[0].lower() if rest else None
    if head is None:
        return _Location(resource_url, call_id, "call")
    if head == "participants" and len(rest) == 1:
        return _Location(resource_url, call_id, "participants")
    if head == "participants" and len(rest) == 2:
        return _Location(resource_url, call_id, "participant", participant_id=rest[1])
    if head == "operations" and len(rest) == 2:
        return _Location(resource_url, call_id, "operation", operation_id=rest[1])
    if head == "contentsharingsessions" and len(rest) == 1:
        return _Location(resource_url, call_id, "content_sharing_sessions")
    if head == "contentsharingsessions" and len(rest) == 2:
        return _Location(resource_url, call_id, "content_sharing_session", content_sharing_session_id=rest[1])
    return _Location(resource_url, call_id, "unknown")


def _is_participant_array(data: object) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and all(
            isinstance(d, Mapping) and _known_type(d.get("@odata.type"))[0] == "Participant" for d in data
        )
    )


# resourceData


def _parse_resource_data(where: str, kind: NotificationKind, data: object) -> ResourceData:
    if data is None:
        return None
    if isinstance(data, Mapping):
        return _parse_resource(where, kind, data)
    if isinstance(data, list):
        return [_parse_resource(f"{where}[{i}]", kind, entry) for i, entry in enumerate(data)]
    raise NotificationParseError(f"{where} is a JSON {_json_type(data)}; an object or an array was expected")


def _parse_resource(where: str, kind: NotificationKind, data: object) -> ResourceModel | dict[str, Any]:
    if not isinstance(data, Mapping):
        raise NotificationParseError(f"{where} is a JSON {_json_type(data)}, not an object")
    fixed = _normalised(data)
    odata_type = fixed.get("@odata.type")
    name, exact = _known_type(odata_type)
    if name is not None:
        fixed["@odata.type"] = exact  # the generated subtypes check the exact spelling
    else:
        name = _BASE_MODEL.get(kind)
        if name is None:
            return fixed  # an unknown resource at an unknown URL: keep the JSON
    from graph_calls import models

    model = getattr(models, name)
    try:
        parsed: ResourceModel = model.from_dict(fixed)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise NotificationParseError(
            f"{where} cannot be read as {name} ({type(exc).__name__}: {exc})"
        ) from None
    except RecursionError:  # only a caller's own Mapping types can nest past the depth check
        raise NotificationParseError(f"{where} nests too deep to be read as {name}") from None
    return parsed


def _known_type(odata_type: object) -> tuple[str | None, str | None]:
    """The model for a known ``@odata.type`` (any casing, with or without ``#``), and its exact spelling."""
    if not isinstance(odata_type, str):
        return None, None
    return _known_types().get(odata_type.strip().lstrip("#").lower(), (None, None))


def _normalised(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with the documented payload quirks fixed for the generated models.

    Every dict and list is copied (the models keep parts of what they are given, and ``raw`` must stay
    as received); other values are immutable JSON scalars and are shared. One pass, about five times
    faster than ``copy.deepcopy`` followed by the fixes. It recurses, but only into bodies that passed
    the depth check.
    """
    fixed: dict[str, Any] = {}
    for key, entry in data.items():
        if isinstance(entry, dict):
            entry = _normalised(entry)
            if key == "resultInfo":
                _fix_result_info(entry)
        elif isinstance(entry, list):
            entry = _normalised_list(entry)
        elif key == "rosterSequenceNumber":
            entry = _as_int(entry)
        fixed[key] = entry
    return fixed


def _normalised_list(data: list[Any]) -> list[Any]:
    return [
        _normalised(entry)
        if isinstance(entry, dict)
        else _normalised_list(entry)
        if isinstance(entry, list)
        else entry
        for entry in data
    ]


def _fix_result_info(info: dict[str, Any]) -> None:
    # call-transfer's failure notifications spell it subCode; the schema says subcode.
    if "subCode" in info:
        sub_code = info.pop("subCode")
        info.setdefault("subcode", sub_code)
    for key in ("code", "subcode"):
        if key in info:
            info[key] = _as_int(info[key])


def _as_int(value: object) -> object:
    """``"200"`` → 200 (call-delete sends its result codes as strings); anything else unchanged."""
    if isinstance(value, str) and _INT_STRING.fullmatch(value):
        return int(value)
    return value


# Helpers


def _as_list(data: object) -> list[Any]:
    if data is None:
        return []
    return list(data) if isinstance(data, list) else [data]
