"""One call as a ``CallRegistry`` holds it, and the roster and content-sharing rules that change it.

A :class:`CallRecord` keeps the call's latest state and ``Call`` model, who is present (in join order),
the removals it remembers (a bounded :class:`~graph_calls.notifications._retention.Retention`: the
sequence number of each, so an older entry arriving late cannot bring a participant back) and the
content-sharing sessions. The rules are the ones the ``state`` module documents; the registry holds the
lock, and decides when a record is made, ended and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph_calls.notifications._retention import Retention

if TYPE_CHECKING:
    from graph_calls.notifications.parsing import Notification
    from graph_calls_generated.models.call import Call
    from graph_calls_generated.models.content_sharing_session import ContentSharingSession
    from graph_calls_generated.models.participant import Participant

__all__ = ["CallRecord", "RosterEntry", "id_key"]


def id_key(identifier: str) -> str:
    """The form ids are compared in: lower case, without hyphens."""
    return identifier.replace("-", "").lower()


@dataclass(slots=True)
class RosterEntry:
    """A participant present in the call, and the last roster sequence number applied for it."""

    participant_id: str
    participant: Participant
    sequence: int | None


@dataclass(slots=True)
class CallRecord:
    """What the notifications said about one call so far (mutable; the registry's lock guards it)."""

    call_id: str
    # Participant key → the sequence number of its removal, oldest removal first. Only removals that
    # had a number are kept: without one, a removal orders nothing.
    removed: Retention[str, int]
    state: str | None = None
    call: Call | None = None
    ended: bool = False
    roster: dict[str, RosterEntry] = field(default_factory=dict)  # participants present, in join order
    sessions: dict[str, tuple[str, ContentSharingSession | None]] = field(default_factory=dict)

    def apply_roster(self, notification: Notification, now: float) -> None:
        """Apply a ``participants`` or ``participant`` notification received at ``now``."""
        self.removed.expire(now)
        removed_by_change = notification.change_type == "deleted"
        for participant in notification.participants:
            participant_id = participant.id if isinstance(participant.id, str) and participant.id else None
            if participant_id is None:
                participant_id = notification.participant_id if len(notification.participants) == 1 else None
            if participant_id is None:
                continue  # nothing to key it by (participant-invite Example 2 sends "id": null)
            sequence = participant.roster_sequence_number
            sequence = sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else None
            removed = removed_by_change or participant.removed_state not in (None, _unset())
            self._apply_roster_entry(participant_id, None if removed else participant, sequence, now)
        if removed_by_change and not notification.participants and notification.participant_id:
            self._apply_roster_entry(notification.participant_id, None, None, now)

    def _apply_roster_entry(
        self,
        participant_id: str,
        participant: Participant | None,  # None: removed
        sequence: int | None,
        now: float,
    ) -> None:
        key = id_key(participant_id)
        previous = self.roster.get(key)
        last_sequence = previous.sequence if previous is not None else self.removed.get(key)
        if sequence is not None and last_sequence is not None and sequence <= last_sequence:
            return  # older than (or the same as) what was applied for this participant
        sequence = _max(sequence, last_sequence)
        if participant is None:
            self.roster.pop(key, None)
            if sequence is not None:
                self.removed.add(key, sequence, now)
            return
        self.removed.discard(key)
        # An update keeps the participant's place in the roster; (re)joining goes to the end.
        self.roster[key] = RosterEntry(participant_id, participant, sequence)

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


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _unset() -> object:
    from graph_calls_generated.types import UNSET

    return UNSET
