"""One call as a ``CallRegistry`` holds it, and the roster and content-sharing rules that change it.

A :class:`CallRecord` keeps the call's latest state and ``Call`` model, who is present (in join order),
the removals it remembers (a bounded :class:`~graph_calls.notifications._retention.Retention`: the
sequence number of each, so an older entry arriving late cannot bring a participant back) and the
content-sharing sessions. The rules are the ones the ``state`` module documents; the registry holds the
lock, and decides when a record is made, ended and dropped.

A roster is applied from the participants' JSON (their id, sequence number and removal), without
building their models: each entry keeps the participant's :class:`ResourceCell`, shared with the
notification, and the model is built when a snapshot first shows it.

:class:`CallSnapshot` is what every store gives back when a call is read: a copy, whatever the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from graph_calls.notifications._resources import ResourceCell, roster_facts
from graph_calls.notifications._retention import Retention
from graph_calls.notifications.parsing import resource_cells

if TYPE_CHECKING:
    from graph_calls.notifications.parsing import Notification
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.content_sharing_session import ContentSharingSession
    from graph_calls_generated.models.participant import Participant

__all__ = ["CallRecord", "CallSnapshot", "RosterEntry", "id_key", "snapshot"]


def id_key(identifier: str) -> str:
    """The form ids are compared in: lower case, without hyphens."""
    return identifier.replace("-", "").lower()


@dataclass(frozen=True)
class CallSnapshot:
    """A call as the notifications received so far describe it (a copy; later notifications don't change it).

    Attributes:
        call_id: the call's id, as first seen.
        state: the call's state as last accepted (``establishing``, ``established``, ``terminated``...),
            or None if no notification said.
        call: the latest ``Call`` model a call notification carried (None if none did yet).
        ended: whether the call ended (a ``deleted`` notification on it, or state ``terminated``).
        participants: the roster, participant id → ``Participant``, in the order they joined.
        content_sharing_sessions: session id → ``ContentSharingSession`` (None when the notification
            named the session without carrying it).

    The models are shared with the registry, which replaces them but never changes them: treat them
    as read-only.
    """

    call_id: str
    state: str | None
    call: Call | None
    ended: bool
    participants: Mapping[str, Participant]
    content_sharing_sessions: Mapping[str, ContentSharingSession | None] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def participant(self, participant_id: str) -> Participant | None:
        """The participant with this id (compared without case and hyphens), or None."""
        wanted = id_key(participant_id)
        return next((p for pid, p in self.participants.items() if id_key(pid) == wanted), None)

    def participant_with_identity(self, identity_id: str) -> Participant | None:
        """The participant whose identity (user, application, phone, guest...) has this id, or None.

        Example: ``call.participant_with_identity(user_id)`` tells whether an invited user joined.
        """
        return next((p for p in self.participants.values() if identity_id in _identity_ids(p)), None)


def _identity_ids(participant: Participant) -> set[str]:
    """The ids of every identity in a participant's ``info.identity`` set."""
    identity_set = getattr(getattr(participant, "info", None), "identity", None)
    to_dict = getattr(identity_set, "to_dict", None)
    if to_dict is None:
        return set()
    identities = to_dict().values()
    return {i["id"] for i in identities if isinstance(i, dict) and isinstance(i.get("id"), str)}


def snapshot(record: CallRecord) -> CallSnapshot:
    """A copy of what ``record`` holds (the caller holds the registry's lock)."""
    participants = {e.participant_id: e.participant for e in record.roster.values()}
    return CallSnapshot(
        call_id=record.call_id,
        state=record.state,
        call=None if record.call is None else cast("Call", record.call.get()),
        ended=record.ended,
        participants=MappingProxyType(participants),
        content_sharing_sessions=MappingProxyType(dict(record.sessions.values())),
    )


@dataclass(slots=True)
class RosterEntry:
    """A participant present in the call, and the last roster sequence number applied for it."""

    participant_id: str
    cell: ResourceCell  # the participant, built on first read
    sequence: int | None

    @property
    def participant(self) -> Participant:
        """The participant model (built now if no one read it yet)."""
        return cast("Participant", self.cell.get())


@dataclass(slots=True)
class CallRecord:
    """What the notifications said about one call so far (mutable; the registry's lock guards it)."""

    call_id: str
    # Participant key → the sequence number of its removal, oldest removal first. Only removals that
    # had a number are kept: without one, a removal orders nothing.
    removed: Retention[str, int]
    state: str | None = None
    call: ResourceCell | None = None  # the latest Call, built on first read
    ended: bool = False
    roster: dict[str, RosterEntry] = field(default_factory=dict)  # participants present, in join order
    sessions: dict[str, tuple[str, ContentSharingSession | None]] = field(default_factory=dict)

    def apply_roster(self, notification: Notification, now: float) -> None:
        """Apply a ``participants`` or ``participant`` notification received at ``now``."""
        self.removed.expire(now)
        removed_by_change = notification.change_type == "deleted"
        cells = resource_cells(notification, "Participant")
        for cell, (participant_id, sequence, removed) in zip(cells, roster_facts(cells), strict=True):
            if participant_id is None:
                participant_id = notification.participant_id if len(cells) == 1 else None
                if participant_id is None:
                    continue  # nothing to key it by (participant-invite Example 2 sends "id": null)
            if removed_by_change or removed:
                self._remove(participant_id, sequence, now)
                continue
            # Inlined: it runs for each participant of every roster update.
            key = participant_id.replace("-", "").lower()  # id_key
            previous = self.roster.get(key)
            if previous is None:
                self._join(key, participant_id, cell, sequence)
                continue
            last_sequence = previous.sequence
            if last_sequence is not None:
                if sequence is None:
                    sequence = last_sequence
                elif sequence <= last_sequence:
                    continue  # older than (or the same as) what was applied for this participant
            # An update keeps the participant's place in the roster.
            previous.participant_id = participant_id
            previous.cell = cell
            previous.sequence = sequence
        if removed_by_change and not cells and notification.participant_id:
            self._remove(notification.participant_id, None, now)

    def _join(self, key: str, participant_id: str, cell: ResourceCell, sequence: int | None) -> None:
        """Add a participant not present; (re)joining goes to the end of the roster."""
        last_sequence = self.removed.get(key) if self.removed else None
        if last_sequence is not None:
            if sequence is None:
                sequence = last_sequence
            elif sequence <= last_sequence:
                return  # older than (or the same as) its removal
            self.removed.discard(key)
        self.roster[key] = RosterEntry(participant_id, cell, sequence)

    def _remove(self, participant_id: str, sequence: int | None, now: float) -> None:
        """Remove a participant; the removal's sequence number is kept, so an older entry cannot undo it."""
        key = id_key(participant_id)
        previous = self.roster.get(key)
        last_sequence = previous.sequence if previous is not None else self.removed.get(key)
        if last_sequence is not None:
            if sequence is None:
                sequence = last_sequence
            elif sequence <= last_sequence:
                return  # older than (or the same as) what was applied for this participant
        if previous is not None:
            del self.roster[key]
        if sequence is not None:
            self.removed.add(key, sequence, now)

    def apply_sessions(self, notification: Notification) -> None:
        """Apply a ``content_sharing_sessions`` or ``content_sharing_session`` notification."""
        sessions: list[tuple[str, ContentSharingSession | None]] = [
            (s.id, s) for s in notification.content_sharing_sessions if isinstance(s.id, str) and s.id
        ]
        if not sessions and notification.content_sharing_session_id:
            sessions = [(notification.content_sharing_session_id, None)]
        for session_id, session in sessions:
            key = id_key(session_id)
            if notification.change_type == "deleted":
                self.sessions.pop(key, None)
            else:
                self.sessions[key] = (session_id, session)
