"""Participants: a call's roster, invitations, mutes and hold music.

:class:`Participants` serves ``.../participants`` and its actions. Invitees answer as the test
scripted (``sim.respond_to_invites``: accept by default, or decline, busy, no answer): those who
accept join the roster when their invite operation completes, and one who does not fails it
with the ``resultInfo`` of :mod:`~graph_calls.testing._people`. A ``DELETE`` before the answer
cancels the invitation. A mute or hold music is an operation too, completed by
:class:`~graph_calls.testing._operations.Operations`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from graph_calls.testing._checks import check_client_context, check_prompt, require
from graph_calls.testing._contract import GraphError
from graph_calls.testing._operations import Operations
from graph_calls.testing._people import INVITE_FAILURES, Answer
from graph_calls.testing._records import (
    INVITE_CANCELLED,
    SUCCESS,
    CallRecord,
    add_generated_participants,
    json_copy,
    new_id,
    new_participant,
    result_info,
    set_muted,
)
from graph_calls.testing._store import CallStore, page

__all__ = ["Participants"]


class Participants:
    """The rosters of every call in a :class:`~graph_calls.testing._store.CallStore`."""

    def __init__(self, store: CallStore, operations: Operations) -> None:
        self._store = store
        self._operations = operations

    def list_window(self, call_id: str, window: slice) -> tuple[int, list[dict[str, Any]]]:
        """How many there are on the call, and copies of those in ``window``."""
        with self._store.lock:
            return page(self._store.active_call(call_id).participants.values(), window)

    def get(self, call_id: str, participant_id: str) -> dict[str, Any]:
        with self._store.lock:
            call = self._store.active_call(call_id)
            return copy.deepcopy(_participant(call, participant_id))

    def seed(self, call_id: str, n: int) -> list[str]:
        """Add ``n`` generated users to the roster, with no notification; returns their ids."""
        with self._store.lock:
            call = self._store.call_record(call_id)
            added = add_generated_participants(call, n)
            self._store.roster_update(call, [call.participants[pid] for pid in added], notify=False)
            return added

    def invite(self, call_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """``participants/invite``: a ``Running`` operation; it ends when the last invitee answered."""
        invitees = body.get("participants")
        require(bool(invitees), "participants is required.")
        check_client_context(body)
        store = self._store
        with store.lock:
            call = store.active_call(call_id)
            operation = self._operations.new(call, "invite", body, status="Running")
            operation["participants"] = json_copy(list(invitees or []))
            answers: dict[str, Answer] = {}
            for invitee in invitees or []:
                pid = invitee.get("participantId") or new_id()
                call.pending_invites[pid] = operation["id"]
                call.invitees[pid] = new_participant(pid, invitee.get("identity"), next(call.source_ids))
                answers[pid] = store.people.invite_answer(invitee.get("identity"))

            def join() -> list[dict[str, Any]]:
                joined = []
                for pid, answer in answers.items():
                    if call.pending_invites.get(pid) != operation["id"]:
                        continue  # cancelled by a DELETE of the participant
                    del call.pending_invites[pid]
                    participant = call.invitees.pop(pid)
                    if answer.response == "accept":
                        call.participants[pid] = participant
                        joined.append(participant)
                return joined

            if all(answer == Answer() for answer in answers.values()):
                # Everyone accepts at once (the default): the operation completes as any other.
                self._operations.complete_later(call, operation, "invite", body, effect=join)
            else:
                delay_s = max(answer.delay_s(store.operation_delay_s) for answer in answers.values())
                failure = next((a.response for a in answers.values() if a.response != "accept"), None)
                # Nobody answering is a timeout: settle() does not wait for it in real time.
                waits_for_timeout = any(a.response == "no-answer" for a in answers.values())
                store.later(
                    delay_s, lambda: self._answered(call, operation, join, failure), timeout=waits_for_timeout
                )
            return json_copy(operation)

    def _answered(
        self,
        call: CallRecord,
        operation: dict[str, Any],
        join: Callable[[], list[dict[str, Any]]],
        failure: str | None,
    ) -> None:
        """Every invitee answered: who accepted joins; one who did not fails the operation."""
        if operation["status"] not in ("running", "Running") or not call.active:
            return  # cancelled meanwhile, or the call ended
        joined = join()
        if failure is None:
            operation["status"] = "completed"
            operation["resultInfo"] = result_info(SUCCESS)
        else:
            operation["status"] = "failed"
            operation["resultInfo"] = result_info(INVITE_FAILURES[failure])
        self._operations.notify_finished(call, operation)
        if joined:
            self._store.roster_update(call, joined)

    def delete(self, call_id: str, participant_id: str) -> None:
        """Remove a participant; for an invitee who has not joined, cancel the invitation."""
        with self._store.lock:
            call = self._store.active_call(call_id)
            operation_id = call.pending_invites.pop(participant_id, None)
            if operation_id is not None:
                call.invitees.pop(participant_id, None)
                if operation_id not in call.pending_invites.values():
                    operation = call.operations[operation_id]
                    operation["status"] = "failed"
                    operation["resultInfo"] = result_info(INVITE_CANCELLED)
                    self._operations.notify_finished(call, operation)
                return
            _participant(call, participant_id)
            # The reference: an active participant is dropped with no notification.
            del call.participants[participant_id]
            if call.held_participant == participant_id:
                call.held_participant = None

    def mute(self, call_id: str, participant_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        check_client_context(body)
        with self._store.lock:
            call = self._store.active_call(call_id)
            participant = _participant(call, participant_id)
            operation = self._operations.new(call, "mute", body)

            def mute() -> list[dict[str, Any]]:
                if participant_id not in call.participants:
                    return []
                set_muted(participant, True)
                return [participant]

            self._operations.complete_later(call, operation, "mute", body, effect=mute)
            return json_copy(operation)

    def hold_music(
        self, call_id: str, participant_id: str, body: Mapping[str, Any], *, start: bool
    ) -> dict[str, Any]:
        check_client_context(body)
        if start and body.get("customPrompt") is not None and self._store.require_prompt_media:
            check_prompt(body["customPrompt"], "customPrompt")
        with self._store.lock:
            call = self._store.active_call(call_id)
            _participant(call, participant_id)
            if start:
                held = call.held_participant
                require(
                    held is None or held == participant_id,
                    "Only one participant can be on hold at a time.",
                )
                call.held_participant = participant_id
            elif call.held_participant == participant_id:
                call.held_participant = None
            action = "startHoldMusic" if start else "stopHoldMusic"
            operation = self._operations.new(call, action, body)
            self._operations.complete_later(call, operation, action, body, effect=list)
            return json_copy(operation)


def _participant(call: CallRecord, participant_id: str) -> dict[str, Any]:
    participant = call.participants.get(participant_id)
    if participant is None:
        raise GraphError(
            404, "itemNotFound", f"Participant '{participant_id}' was not found in call '{call.id}'."
        )
    return participant
