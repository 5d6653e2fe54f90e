"""What the Redis store sends its scripts and reads back: notifications in, snapshots and outcomes out.

:func:`encode` turns a batch of :class:`~graph_calls.notifications.Notification` into the JSON the
``APPLY`` script reads: per notification its kind, call, the facts the rules need (state, participant
ids, sequence numbers, removals) and each resource as the JSON Graph sent, read from the parsed
notification's cells without building a model. :func:`decode_call` and :func:`decode_outcome` read them
back into generated models through the parser's own path (:class:`~graph_calls.notifications._resources.
ResourceCell`: the payload quirks fixed, then ``from_dict``).

A notification's content hash (the dedupe key) covers the call it is about and the commsNotification as
received: a redelivery hashes the same, and a notification made by hand without ``raw`` gets none (it is
never taken for a redelivery).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, cast

from graph_calls import waiting
from graph_calls.notifications._records import CallSnapshot, id_key
from graph_calls.notifications._resources import ResourceCell, call_state, roster_facts
from graph_calls.notifications.parsing import is_operation_model, resource_cell, resource_cells

if TYPE_CHECKING:
    from graph_calls.notifications.parsing import AnyOperation, Notification
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.content_sharing_session import ContentSharingSession
    from graph_calls_generated.models.participant import Participant

__all__ = ["decode_call", "decode_outcome", "encode", "text"]

_ROSTER_KINDS: Final = frozenset({"participants", "participant"})
_SESSION_KINDS: Final = frozenset({"content_sharing_sessions", "content_sharing_session"})
_NOWHERE: Final = (0, None)  # where a stored resource "is" for a parse error's message


def text(value: str | bytes) -> str:
    """A reply as text, whether the client decodes responses or not."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _cell_json(cell: ResourceCell) -> Any:
    data = cell.data  # read once: another thread may build the model and drop it meanwhile
    if data is not None:
        return data
    return cast("Any", cell.get()).to_dict()


def _content_hash(call_key: str, raw: Mapping[str, Any]) -> str:
    if not raw:
        return ""
    try:
        content = _dumps(raw)
    except (TypeError, ValueError):  # a caller's own Mapping types: no dedupe rather than a failure
        return ""
    digest = hashlib.blake2b(f"{call_key}\n{content}".encode(), digest_size=16)
    return digest.hexdigest()


def encode(notifications: Sequence[Notification]) -> tuple[list[dict[str, Any]], set[str]]:
    """The script's batch, and the keys of the calls it touches."""
    batch: list[dict[str, Any]] = []
    touched: set[str] = set()
    for notification in notifications:
        if notification.kind == "operation":
            if notification.is_operation_finished:
                batch.append(_operation(notification))
            continue
        if notification.call_id is None:
            continue
        key = id_key(notification.call_id)
        touched.add(key)
        entry: dict[str, Any] = {
            "c": key,
            "id": notification.call_id,
            "d": _content_hash(key, notification.raw),
            "del": notification.change_type == "deleted",
        }
        if notification.kind == "call":
            entry.update(_call(notification))
        elif notification.kind in _ROSTER_KINDS:
            entry.update(_roster(notification))
        elif notification.kind in _SESSION_KINDS:
            entry.update(_sessions(notification))
        else:
            entry["t"] = "touch"  # an unknown resource of a call: the call is known all the same
        batch.append(entry)
    return batch, touched


def _call(notification: Notification) -> dict[str, Any]:
    cell = resource_cell(notification, "Call")
    if cell is None:
        return {"t": "call", "s": "", "j": ""}
    return {"t": "call", "s": call_state(cell) or "", "j": _dumps(_cell_json(cell))}


def _roster(notification: Notification) -> dict[str, Any]:
    removed_by_change = notification.change_type == "deleted"
    cells = resource_cells(notification, "Participant")
    entries: list[list[Any]] = []
    for cell, (participant_id, sequence, removed) in zip(cells, roster_facts(cells), strict=True):
        if participant_id is None:
            participant_id = notification.participant_id if len(cells) == 1 else None
            if participant_id is None:
                continue  # nothing to key it by (participant-invite Example 2 sends "id": null)
        seq = "" if sequence is None else str(sequence)
        if removed_by_change or removed:
            entries.append([id_key(participant_id), seq, True, ""])
        else:
            value = _dumps([participant_id, _cell_json(cell)])
            entries.append([id_key(participant_id), seq, False, value])
    by_url = notification.participant_id if removed_by_change and not cells else None
    return {"t": "roster", "e": entries, "x": id_key(by_url) if by_url else ""}


def _sessions(notification: Notification) -> dict[str, Any]:
    entries: list[list[str]] = []
    for cell in resource_cells(notification, "ContentSharingSession"):
        data = _cell_json(cell)
        session_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(session_id, str) and session_id:
            entries.append([id_key(session_id), _dumps([session_id, data])])
    if not entries and notification.content_sharing_session_id:
        session_id = notification.content_sharing_session_id
        entries.append([id_key(session_id), _dumps([session_id, None])])
    return {"t": "sessions", "e": entries}


def _operation(notification: Notification) -> dict[str, Any]:
    sent = notification.resource_data
    if is_operation_model(sent):
        model_name = type(sent).__name__
        raw = notification.raw.get("resourceData")
        data: Any = sent.to_dict()
        if isinstance(raw, dict) and raw.get("id") == sent.id:  # as Graph sent it, its type as parsed
            data = {**raw, "@odata.type": data.get("@odata.type", raw.get("@odata.type"))}
        operation_id = sent.id
    else:  # a completion without the operation (or with something else) still ends it
        model_name, operation_id = "CommsOperation", notification.operation_id
        data = {"id": operation_id, "status": waiting.COMPLETED}
    ids = {notification.operation_id, operation_id}
    keys = sorted({id_key(i) for i in ids if isinstance(i, str) and i})
    try:
        stored = _dumps([model_name, data])
    except (TypeError, ValueError):
        stored = _dumps([model_name, cast("Any", sent).to_dict()])
    return {"t": "op", "k": keys, "j": stored}


def decode_outcome(stored: str) -> AnyOperation:
    """An operation's stored outcome as its generated model."""
    model_name, data = json.loads(stored)
    return cast("AnyOperation", ResourceCell(model_name, data, _NOWHERE).get())


def _pairs(flat: Sequence[Any]) -> dict[str, str]:
    return {text(flat[i]): text(flat[i + 1]) for i in range(0, len(flat), 2)}


def decode_call(found: Sequence[Any]) -> CallSnapshot:
    """A call as the ``READ`` script returned it: ``[key, meta, order, roster, sessions]``."""
    _, meta_flat, order, roster_flat, sessions_flat = found
    meta = _pairs(meta_flat)
    roster = _pairs(roster_flat)
    participants: dict[str, Participant] = {}
    for participant_key in order:
        stored = roster.get(text(participant_key))
        if stored is not None:
            participant_id, data = json.loads(stored)
            participants[participant_id] = cast(
                "Participant", ResourceCell("Participant", data, _NOWHERE).get()
            )
    sessions: dict[str, ContentSharingSession | None] = {}
    for stored in _pairs(sessions_flat).values():
        session_id, data = json.loads(stored)
        sessions[session_id] = (
            None
            if data is None
            else cast("ContentSharingSession", ResourceCell("ContentSharingSession", data, _NOWHERE).get())
        )
    call_json = meta.get("call")
    call = (
        None
        if call_json is None
        else cast("Call", ResourceCell("Call", json.loads(call_json), _NOWHERE).get())
    )
    return CallSnapshot(
        call_id=meta["id"],
        state=meta.get("state"),
        call=call,
        ended=meta.get("ended") == "1",
        participants=MappingProxyType(participants),
        content_sharing_sessions=MappingProxyType(sessions),
    )
