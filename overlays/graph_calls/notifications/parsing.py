"""Read the ``commsNotifications`` payloads Graph POSTs to a bot's callback URL into typed objects.

A payload is ``{"value": [commsNotification, ...]}``. Each commsNotification names the resource that
changed (``resourceUrl``), how (``changeType``: ``created``, ``updated``, ``deleted``) and usually carries
the resource itself (``resourceData``: an object, or an array for a roster update).
:func:`parse_notifications` turns each one into a :class:`Notification` whose ``resource_data`` is the
generated model: a ``Call``, a list of ``Participant``, the operation's own subtype
(``InviteParticipantsOperation``...), a ``ContentSharingSession``. Each model is built the first time
it is read, then kept: a receiver applying a 100-participant roster update to its registry needs only
ids and sequence numbers, which it reads from the JSON, and most of those models are never read.
Whether each resource can be read as its model is settled here all the same, so a body that cannot is
refused at once (``_resources``, ``_model_accepts``).

The documented payloads are not consistent, so the parser is lenient where Graph's own examples differ
(see the fixtures' README): a ``resourceUrl`` without its leading slash, only the deprecated
``resource`` (``/app/calls/...``), ``subCode`` for ``subcode``, result codes as strings (``"200"``),
``resourceData`` as an object or an array, properties nobody documented. It is strict about the shape:
anything that is not a JSON object with a ``value`` array of objects raises
:class:`~graph_calls.errors.NotificationParseError`, and nothing is returned unless every notification
parsed. So does a body whose arrays and objects nest deeper than ``NOTIFICATION_MAX_JSON_DEPTH`` (64)
levels: Graph's own nest 8, and the depth is checked, without recursion (on the JSON text, ``_depth``),
before anything recurses into the body, so a hostile body nested thousands deep is refused like any
malformed one.

Example::

    for notification in parse_notifications(request_body):
        if notification.kind == "operation" and notification.is_operation_finished:
            print(notification.operation_id, notification.resource_data.status)
"""

from __future__ import annotations

import codecs
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, TypeAlias, TypeGuard, cast
from urllib.parse import urlsplit

from graph_calls._constants import NOTIFICATION_MAX_JSON_DEPTH
from graph_calls.errors import NotificationParseError
from graph_calls.notifications._depth import nests_deeper_than, text_nests_deeper_than
from graph_calls.notifications._resources import (
    DeferredField,
    Pending,
    ResourceCell,
    describe,
    model_class,
    normalised,
    read_resource,
    settle,
)

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
def _exact_types() -> Mapping[str, tuple[str, str]]:
    """The known ``@odata.type``s spelled exactly → (generated model name, exact spelling)."""
    return MappingProxyType({exact: (name, exact) for name, exact in _known_types().values()})


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
_API_VERSIONS: Final = frozenset({"v1.0", "beta"})
_ROSTER_KINDS: Final = frozenset({"participants", "participant"})
_SESSION_KINDS: Final = frozenset({"content_sharing_sessions", "content_sharing_session"})


# The descriptor behind `Notification.resource_data`: the models are built when first read.
_RESOURCE_DATA: Final = DeferredField()


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
            are in each model's ``additional_properties``. Each model is built the first time it is
            read (``resource_data``, :attr:`participants`, a registry snapshot), then kept: most of a
            roster update is never read. Whether it can be read was settled by the parser.
        raw: the commsNotification object as received (never modified; don't modify it either).
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
    if TYPE_CHECKING:
        resource_data: ResourceData
    else:  # a descriptor: a Pending given to it resolves on first read (it is no default)
        resource_data: ResourceData = _RESOURCE_DATA
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
        if self.kind not in _ROSTER_KINDS:
            return []
        return [cast("Participant", cell.get()) for cell in resource_cells(self, "Participant")]

    @property
    def content_sharing_sessions(self) -> list[ContentSharingSession]:
        """The sessions a content-sharing notification carries (may be ``[]`` even for that kind)."""
        if self.kind not in _SESSION_KINDS:
            return []
        cells = resource_cells(self, "ContentSharingSession")
        return [cast("ContentSharingSession", cell.get()) for cell in cells]

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


def resource_cells(notification: Notification, model_name: str) -> list[ResourceCell]:
    """The resources of ``notification`` that read as ``model_name``, as cells, built or not.

    The registry reads a roster through them, so it never builds a model only to read its id.
    """
    pending = _RESOURCE_DATA.pending(notification)
    if pending is not None:
        return [c for c in pending.items if type(c) is ResourceCell and c.model_name == model_name]
    from graph_calls import models

    model = getattr(models, model_name)
    return [ResourceCell.built(m) for m in _as_list(notification.resource_data) if isinstance(m, model)]


def resource_cell(notification: Notification, model_name: str) -> ResourceCell | None:
    """The resource of ``notification`` as a cell, built or not, if it is one ``model_name`` (no list)."""
    pending = _RESOURCE_DATA.pending(notification)
    if pending is not None:
        if pending.is_list:
            return None
        (item,) = pending.items
        return item if type(item) is ResourceCell and item.model_name == model_name else None
    data = notification.resource_data
    return ResourceCell.built(data) if isinstance(data, model_class(model_name)) else None


def is_operation_model(value: object) -> TypeGuard[AnyOperation]:
    """Whether ``value`` is a generated comms operation model (``CommsOperation`` or a subtype)."""
    return isinstance(value, _operation_classes())


def parse_notifications(body: bytes | bytearray | str | Mapping[str, Any]) -> list[Notification]:
    """Parse a ``commsNotifications`` payload (the raw request body, or the decoded JSON object).

    Returns the notifications in the order they were sent. Raises
    :class:`~graph_calls.errors.NotificationParseError` when the body is not JSON, not an object, has
    no ``value`` array, nests arrays and objects deeper than ``NOTIFICATION_MAX_JSON_DEPTH`` (64) levels,
    or one of its notifications is not a well-formed commsNotification (its ``resourceData`` included:
    what cannot be read as its model is refused here, not when it is read); no notification is returned
    in that case. The input is never modified.

    Example::

        notifications = parse_notifications(b'{"value": [{"changeType": "deleted", '
                                            b'"resourceUrl": "/communications/calls/c1"}]}')
        assert notifications[0].kind == "call"
    """
    return parse_body(body, tenant_id=None)


def parse_body(
    body: bytes | bytearray | str | Mapping[str, Any], *, tenant_id: str | None
) -> list[Notification]:
    """:func:`parse_notifications`, each notification carrying ``tenant_id`` (from the receiver's token)."""
    payload, owned = _decode(body)
    items = payload.get("value")
    if not isinstance(items, list):
        found = "no" if items is None else f"a {_json_type(items)}"
        raise NotificationParseError(
            f"the notification body has {found} 'value'; a commsNotifications payload needs a 'value' array"
        )
    return [_parse_one(index, item, owned, tenant_id) for index, item in enumerate(items)]


# Decoding


@functools.cache
def _json_decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_constant=_reject_constant)


def _decode(body: object) -> tuple[Mapping[str, Any], bool]:
    """The payload, checked for depth, and whether it is ours (decoded here) rather than the caller's."""
    if isinstance(body, Mapping):
        if nests_deeper_than(body, NOTIFICATION_MAX_JSON_DEPTH):
            raise _too_deep()
        return body, False
    if isinstance(body, bytes | bytearray):
        encoded = bytes(body)
        try:  # what "utf-8-sig" does, without its Python-level codec
            text = (encoded[3:] if encoded.startswith(codecs.BOM_UTF8) else encoded).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotificationParseError(f"the notification body is not UTF-8 ({exc.reason})") from None
    elif isinstance(body, str):
        text = body
        encoded = body.encode("utf-8", "surrogatepass")  # only its brackets and quotes are read
    else:
        raise NotificationParseError(
            f"a notification body must be bytes, str or a mapping, not {type(body).__name__}"
        )
    if not text or text.isspace():
        raise NotificationParseError("the notification body is empty")
    try:
        if text.startswith("\ufeff"):  # what json.loads refuses before decoding
            json.loads(text)
        payload = _json_decoder().decode(text)
    except ValueError as exc:
        raise NotificationParseError(f"the notification body is not valid JSON ({exc})") from None
    except RecursionError:  # nested deeper than the interpreter's recursion limit (about 1,000)
        raise _too_deep() from None
    if not isinstance(payload, dict):
        raise NotificationParseError(
            f"the notification body is a JSON {_json_type(payload)}; a commsNotifications object was expected"
        )
    if text_nests_deeper_than(encoded, NOTIFICATION_MAX_JSON_DEPTH):
        raise _too_deep()
    return payload, True


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


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


class _Location(NamedTuple):  # a tuple: a frozen dataclass costs a microsecond a notification
    resource_url: str
    call_id: str | None
    kind: NotificationKind
    operation_id: str | None = None
    participant_id: str | None = None
    content_sharing_session_id: str | None = None


def _parse_one(index: int, item: object, owned: bool, tenant_id: str | None) -> Notification:
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
    resource_data = _parse_resource_data(index, kind, data, owned)

    return Notification(
        change_type=change_type,
        resource_url=location.resource_url,
        call_id=location.call_id,
        kind=kind,
        resource_data=resource_data,  # type: ignore[arg-type]  # a Pending resolves on first read
        raw=item,
        operation_id=location.operation_id,
        participant_id=location.participant_id,
        content_sharing_session_id=location.content_sharing_session_id,
        raw_resource_url=raw_url,
        raw_resource=raw_resource,
        tenant_id=tenant_id,
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


def _parse_resource_data(
    index: int, kind: NotificationKind, data: object, owned: bool
) -> Pending | ResourceData:
    if data is None:
        return None
    if isinstance(data, Mapping):
        resource = _parse_resource((index, None), kind, data, owned)
        return Pending([resource], is_list=False) if isinstance(resource, ResourceCell) else resource
    if isinstance(data, list):
        return Pending(_parse_resources(index, kind, data, owned), is_list=True)
    raise NotificationParseError(
        f"value[{index}].resourceData is a JSON {_json_type(data)}; an object or an array was expected"
    )


def _parse_resources(
    index: int, kind: NotificationKind, entries: list[Any], owned: bool
) -> list[ResourceCell | dict[str, Any]]:
    """:func:`_parse_resource` of each entry of a ``resourceData`` array (a roster update names hundreds).

    What Graph sends, JSON objects whose ``@odata.type`` is spelled exactly, takes a short way, with
    the same outcome: they are checked together at the end (:func:`settle`), and before a later entry's
    error is raised, so the first entry that cannot be read is still the one refused.
    """
    exact_types = _exact_types()
    resources: list[ResourceCell | dict[str, Any]] = []
    # Model name → the cells of the short way and their JSON (one model, usually: kept at hand).
    groups: dict[str, tuple[list[ResourceCell], list[dict[str, Any]]]] = {}
    group_name: str | None = None
    group_cells: list[ResourceCell] = []
    group_data: list[dict[str, Any]] = []
    for i, entry in enumerate(entries):
        if owned and type(entry) is dict:
            odata_type = entry.get("@odata.type")
            known = exact_types.get(odata_type) if type(odata_type) is str else None
            if known is not None:
                name = known[0]
                if name is not group_name:
                    group_cells, group_data = groups.setdefault(name, ([], []))
                    group_name = name
                cell = ResourceCell(name, entry, (index, i))
                group_cells.append(cell)
                group_data.append(entry)
                resources.append(cell)
                continue
        try:
            resources.append(_parse_resource((index, i), kind, entry, owned))
        except NotificationParseError:
            settle(groups)  # an earlier entry's error comes first
            raise
    settle(groups)
    return resources


def _parse_resource(
    where: tuple[int, int | None], kind: NotificationKind, data: object, owned: bool
) -> ResourceCell | dict[str, Any]:
    """A cell reading ``data`` as its model (built already if not surely readable), or the plain JSON."""
    if type(data) is not dict and not isinstance(data, Mapping):
        raise NotificationParseError(f"{describe(where)} is a JSON {_json_type(data)}, not an object")
    name, exact = _known_type(data.get("@odata.type"))
    if name is None:
        name = _BASE_MODEL.get(kind)
        if name is None:
            return normalised(data)  # an unknown resource at an unknown URL: keep the JSON
    if not owned or type(data) is not dict:
        data = normalised(data)  # the caller's: read a copy, whatever becomes of theirs
    return read_resource(where, name, exact, data)


def _known_type(odata_type: object) -> tuple[str | None, str | None]:
    """The model for a known ``@odata.type`` (any casing, with or without ``#``), and its exact spelling."""
    if not isinstance(odata_type, str):
        return None, None
    exact = _exact_types().get(odata_type)  # how Graph sends them
    if exact is not None:
        return exact
    return _known_types().get(odata_type.strip().lstrip("#").lower(), (None, None))


# Helpers


def _as_list(data: object) -> list[Any]:
    if data is None:
        return []
    return list(data) if isinstance(data, list) else [data]
