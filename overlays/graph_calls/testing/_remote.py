"""The other side of a call: :class:`RemoteParties` rings, hangs up, joins, leaves, mutes, waits in the lobby.

What people do on their own, as opposed to what the bot asks of the service (``_calls``,
``_participants``, ``_operations``). Each change is reported to the bot as the reference shows:

- **ring**: a ``created`` notification on ``/communications/calls/{id}`` carrying the ``call``
  (``state: incoming``, ``direction: incoming``, ``source`` = the caller, ``targets`` = the bot),
  as in the ``call: answer`` and ``call: reject`` examples. Once the bot answers, the caller joins
  the roster (a roster update with the bot and the caller). Not answered, rejected or redirected
  within the ring timeout (15 s, ``call: answer``), the call ends: ``deleted``, ``terminated``,
  ``408/10057``.
- **hang up**: the caller of a peer-to-peer call ends it (``deleted``, ``terminated``, with
  ``200/4521``, or ``200/540000`` from a phone). In a group call the participant leaves, and when
  nobody but the bot is left the call ends with ``200/5002``.
- **join, leave, mute themselves, wait in the lobby**: a roster update (``updated`` on
  ``.../participants``) with the participant as it now is; one who left carries a
  ``removedState``.
- **press a key**: ``toneInfo`` on the call (after ``subscribeToTone``), and a running recording
  whose ``stopTones`` include the key ends (``completionReason: stopToneDetected``).

Methods raise ``KeyError`` for an unknown call or participant and ``ValueError`` for what cannot
happen (a call that has ended, a key nobody listens to).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph_calls.testing._calls import Calls
from graph_calls.testing._operations import Operations
from graph_calls.testing._people import NOT_ANSWERED, identity_set, is_phone
from graph_calls.testing._records import (
    ALL_LEFT,
    PARTICIPANT_INFO_TYPE,
    PEER_HUNG_UP,
    PSTN_HUNG_UP,
    REMOVED_STATE_TYPE,
    CallRecord,
    json_copy,
    new_id,
    new_participant,
)
from graph_calls.testing._store import CallStore

__all__ = ["RemoteParties"]

LEFT_REASON = "Participant left the call."


class RemoteParties:
    """What the people on the other side of the calls in a store do."""

    def __init__(self, store: CallStore, calls: Calls, operations: Operations) -> None:
        self._store = store
        self._calls = calls
        self._operations = operations

    # -- incoming calls --------------------------------------------------------------------------

    def ring(
        self,
        *,
        app_id: str,
        callback_uri: str,
        caller: Any | None,
        call_id: str | None,
        timeout_s: float | None,
        properties: Mapping[str, Any],
    ) -> str:
        """Ring the bot from ``caller``; returns the incoming call's id."""
        if caller is not None and "source" in properties:
            raise ValueError("give the caller either as caller= or as source=, not both")
        if timeout_s is not None and timeout_s < 0:
            raise ValueError(f"timeout_s must not be negative, not {timeout_s}")
        props = dict(properties)
        identity = identity_set(caller) if caller is not None else None
        if identity is not None:
            props["source"] = {
                "@odata.type": PARTICIPANT_INFO_TYPE,
                "identity": identity,
                "region": None,
                "languageId": None,
            }
        store = self._store
        with store.lock:
            new_call_id = self._calls.seed(
                app_id=app_id,
                call_id=call_id,
                state="incoming",
                direction="incoming",
                callback_uri=callback_uri,
                participants=None,
                properties=props,
            )
            call = store.call_record(new_call_id)
            source = call.resource.get("source") or {}
            call.caller = new_participant(new_id(), source.get("identity"), next(call.source_ids))
            data = json_copy(call.resource)
            data["@odata.id"] = call.url
            store.notify(call, "created", call.url, data)
            if timeout_s is not None:

                def ring_out() -> None:
                    if call.state == "incoming":  # neither answered, rejected nor redirected
                        self._calls.terminate(call, NOT_ANSWERED)

                store.later(timeout_s, ring_out, timeout=True)
            return new_call_id

    # -- people hanging up and leaving -----------------------------------------------------------

    def hang_up(self, call_id: str, participant_id: str | None) -> None:
        """The caller (or ``participant_id``) hangs up: a peer-to-peer call ends; a group call goes on
        without them, and ends once only the bot is left."""
        with self._store.lock:
            call = self._live_call(call_id)
            if not call.is_group_call or call.state == "incoming":
                if participant_id is not None:
                    identity = _identity_of(self._participant(call, participant_id))
                elif call.caller is not None:
                    identity = _identity_of(call.caller)
                else:
                    identity = (call.resource.get("source") or {}).get("identity")
                call.caller = None
                self._calls.terminate(call, PSTN_HUNG_UP if is_phone(identity) else PEER_HUNG_UP)
                return
            participant = self._other_party(call, participant_id)
            self._leave(call, participant)
            if all(pid == call.bot_participant_id for pid in call.participants):
                self._calls.terminate(call, ALL_LEFT)

    def leave(self, call_id: str, participant_id: str) -> None:
        """A participant leaves (a roster update carrying its ``removedState``); the call goes on."""
        with self._store.lock:
            call = self._live_call(call_id)
            participant = self._participant(call, participant_id)
            if participant_id == call.bot_participant_id:
                raise ValueError("the bot leaves a call by hanging up (DELETE the call), not by leave()")
            self._leave(call, participant)

    def _leave(self, call: CallRecord, participant: dict[str, Any]) -> None:
        del call.participants[participant["id"]]
        if call.held_participant == participant["id"]:
            call.held_participant = None
        participant["removedState"] = {"@odata.type": REMOVED_STATE_TYPE, "reason": LEFT_REASON}
        self._store.roster_update(call, [participant])

    # -- people joining and changing -------------------------------------------------------------

    def join(
        self,
        call_id: str,
        identity: Any,
        *,
        participant_id: str | None,
        in_lobby: bool,
        muted: bool,
    ) -> str:
        """Someone joins (or waits in the lobby of) a call; returns their participant id."""
        who = identity_set(identity)
        with self._store.lock:
            call = self._live_call(call_id)
            if call.state == "incoming":
                raise ValueError(f"call {call_id!r} is still ringing: nobody joins before the bot answers")
            pid = participant_id or new_id()
            if pid in call.participants:
                raise ValueError(f"participant {pid!r} is in call {call_id!r} already")
            participant = new_participant(pid, who, next(call.source_ids))
            participant["isInLobby"] = in_lobby
            participant["isMuted"] = muted
            call.participants[pid] = participant
            self._store.roster_update(call, [participant])
            return pid

    def mute_self(self, call_id: str, participant_id: str, muted: bool) -> None:
        """A participant mutes (or unmutes) their own microphone: ``isMuted`` changes, no server mute."""
        with self._store.lock:
            call = self._live_call(call_id)
            participant = self._participant(call, participant_id)
            participant["isMuted"] = muted
            self._store.roster_update(call, [participant])

    def admit(self, call_id: str, participant_id: str) -> None:
        """Someone in the meeting admits a participant waiting in the lobby (``isInLobby`` false)."""
        with self._store.lock:
            call = self._live_call(call_id)
            participant = self._participant(call, participant_id)
            if not participant.get("isInLobby"):
                raise ValueError(f"participant {participant_id!r} is not waiting in the lobby")
            participant["isInLobby"] = False
            self._store.roster_update(call, [participant])

    def press_tone(self, call_id: str, tone: str) -> None:
        """A caller presses a key: ``toneInfo`` if the bot subscribed; a recording it stops ends."""
        with self._store.lock:
            call = self._live_call(call_id)
            subscribed = call.tones_subscribed
            if subscribed:
                self._calls.post_tone(call, tone)
            stopped = self._operations.stop_recordings(call, tone)
            if not (subscribed or stopped):
                raise ValueError(
                    "the bot has not subscribed to tones on this call (subscribeToTone), "
                    f"and no running recording stops on {tone!r}"
                )

    # -- lookups ---------------------------------------------------------------------------------

    def _live_call(self, call_id: str) -> CallRecord:
        call = self._store.call_record(call_id)  # KeyError if unknown
        if not call.active:
            raise ValueError(f"call {call_id!r} has ended ({call.state})")
        return call

    @staticmethod
    def _participant(call: CallRecord, participant_id: str) -> dict[str, Any]:
        participant = call.participants.get(participant_id)
        if participant is None:
            raise KeyError(f"participant {participant_id!r} is not in call {call.id!r}")
        return participant

    def _other_party(self, call: CallRecord, participant_id: str | None) -> dict[str, Any]:
        """The participant given, else the one who called the bot, else the first one but the bot."""
        if participant_id is not None:
            return self._participant(call, participant_id)
        wanted = (call.resource.get("source") or {}).get("identity")
        others = [p for pid, p in call.participants.items() if pid != call.bot_participant_id]
        for participant in others:
            if _identity_of(participant) == wanted:
                return participant
        if others:
            return others[0]
        raise ValueError(f"nobody but the bot is in call {call.id!r}")


def _identity_of(participant: Mapping[str, Any]) -> Any:
    return (participant.get("info") or {}).get("identity")
