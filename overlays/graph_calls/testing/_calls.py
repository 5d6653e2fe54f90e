"""Calls: ``/communications/calls`` and the call actions that change a call's state.

:class:`Calls` creates, seeds, answers, rejects, redirects, transfers and hangs up calls, moving
each through the states the Graph reference documents (``establishing`` -> ``established`` ->
``terminating`` -> ``terminated``, ``transferring`` -> ``transferAccepted``, or back to
``established`` when the transfer target does not accept), and reports every state change
through the store's ``notify`` callback, in the order the reference shows. A call that rang the
bot (``sim.ring``) brings its caller into the roster when the bot answers. Call actions answered
with an operation (playPrompt, mute, ...) are in ``_operations``; what the other side does (ring,
hang up, join, leave) is in ``_remote``.
"""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from graph_calls.testing._checks import (
    check_client_context,
    require,
    require_callback_uri,
    require_state,
)
from graph_calls.testing._people import TRANSFER_FAILURE_MESSAGES
from graph_calls.testing._records import (
    CALL_ENDED,
    CALL_STATES,
    CALL_TYPE,
    INVITATION_INFO_TYPE,
    MEDIA_STREAM_TYPE,
    PARTICIPANT_INFO_TYPE,
    TRANSFERRED,
    CallRecord,
    add_generated_participants,
    app_identity,
    new_call_record,
    new_participant,
    participant_from_seed,
    result_info,
    user_identity,
)
from graph_calls.testing._store import CallStore

__all__ = ["Calls"]

# The properties of a POST /communications/calls body that become the call's.
_CALL_INPUTS: Final = frozenset(
    {
        "callbackUri",
        "callOptions",
        "chatInfo",
        "mediaConfig",
        "meetingInfo",
        "requestedModalities",
        "source",
        "subject",
        "targets",
        "tenantId",
        "transcription",
    }
)


class Calls:
    """The calls of a :class:`~graph_calls.testing._store.CallStore`, and their state changes."""

    def __init__(self, store: CallStore) -> None:
        self._store = store

    # -- creating calls --------------------------------------------------------------------------

    def create(self, body: Mapping[str, Any], *, app_id: str) -> dict[str, Any]:
        """``POST /communications/calls``: a new outgoing call, ``establishing``."""
        require_callback_uri(body.get("callbackUri"), required=True)
        require(body.get("mediaConfig") is not None, "mediaConfig is required.")
        check_client_context(body)
        with self._store.lock:
            call = self._new_call(
                app_id=app_id,
                state="establishing",
                direction="outgoing",
                properties={key: copy.deepcopy(value) for key, value in body.items() if key in _CALL_INPUTS},
            )
            self._notify_state(call, "updated")
            self._store.later(self._store.establish_delay_s, lambda: self._establish(call))
            return copy.deepcopy(call.resource)

    def seed(
        self,
        *,
        app_id: str,
        call_id: str | None,
        state: str,
        direction: str | None,
        callback_uri: str | None,
        participants: Sequence[Any] | int | None,
        properties: Mapping[str, Any],
    ) -> str:
        """A call that already exists, in ``state``, with a roster of the bot plus ``participants``."""
        if state not in CALL_STATES:
            raise ValueError(f"unknown call state {state!r}; one of: {', '.join(CALL_STATES)}")
        if callback_uri is not None:
            require_callback_uri(callback_uri, required=True)
        props = dict(copy.deepcopy(dict(properties)))
        if callback_uri is not None:
            props["callbackUri"] = callback_uri
        with self._store.lock:
            call = self._new_call(
                app_id=app_id,
                state=state,
                direction=direction or ("incoming" if state == "incoming" else "outgoing"),
                properties=props,
                call_id=call_id,
            )
            if state == "incoming":
                call.participants.clear()  # the bot joins the roster when it answers
                if "source" not in props:
                    call.resource["source"] = {
                        "@odata.type": PARTICIPANT_INFO_TYPE,
                        "identity": user_identity(str(uuid.uuid4()), "Caller"),
                        "region": None,
                        "languageId": None,
                    }
                if "targets" not in props:
                    call.resource["targets"] = [
                        {"@odata.type": INVITATION_INFO_TYPE, "identity": app_identity(app_id)}
                    ]
            if isinstance(participants, int):
                add_generated_participants(call, participants)
            elif participants:
                for item in participants:
                    participant = participant_from_seed(item, next(call.source_ids))
                    call.participants[participant["id"]] = participant
            call.roster_sequence = 1
            for participant in call.participants.values():
                participant["rosterSequenceNumber"] = call.roster_sequence
            if state == "establishing":
                self._store.later(self._store.establish_delay_s, lambda: self._establish(call))
            return call.id

    def _new_call(
        self,
        *,
        app_id: str,
        state: str,
        direction: str,
        properties: Mapping[str, Any],
        call_id: str | None = None,
    ) -> CallRecord:
        call = new_call_record(
            call_id=call_id or str(uuid.uuid4()),
            app_id=app_id,
            tenant_id=self._store.tenant_id,
            state=state,
            direction=direction,
            properties=properties,
        )
        self._store.add(call)
        return call

    def _establish(self, call: CallRecord) -> None:
        if call.state != "establishing":
            return
        call.resource["state"] = "established"
        self._notify_state(call, "updated", direction=True)
        if call.caller is not None and call.caller["id"] not in call.participants:
            # The caller of a call that rang the bot is in the roster once the bot answered.
            caller, call.caller = call.caller, None
            call.participants[caller["id"]] = caller
            bot = call.participants.get(call.bot_participant_id or "")
            self._store.roster_update(call, [p for p in (bot, caller) if p is not None])
        joined = []
        # The targets of an outgoing call join it; an incoming call's target is the bot itself.
        targets = (call.resource.get("targets") or []) if call.resource.get("direction") == "outgoing" else []
        for target in targets:
            identity = target.get("identity") if isinstance(target, dict) else None
            pid = (target.get("participantId") if isinstance(target, dict) else None) or str(uuid.uuid4())
            if pid in call.participants:
                continue
            participant = new_participant(pid, identity, next(call.source_ids))
            call.participants[pid] = participant
            joined.append(participant)
        if joined:
            # Roster notifications come for group calls and meetings, not for peer-to-peer calls.
            self._store.roster_update(call, joined, notify=call.is_group_call)

    # -- reading and ending calls ----------------------------------------------------------------

    def get(self, call_id: str) -> dict[str, Any]:
        with self._store.lock:
            return copy.deepcopy(self._store.active_call(call_id).resource)

    def delete(self, call_id: str) -> None:
        """Hang up: ``terminating`` then ``terminated`` (the call is gone for HTTP afterwards)."""
        with self._store.lock:
            call = self._store.active_call(call_id)
            call.resource["state"] = "terminating"
            self._notify_state(call, "updated")
            self.terminate(call, CALL_ENDED)

    def terminate(
        self,
        call: CallRecord,
        result: Mapping[str, Any] | None,
        *,
        callback_uri: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """End the call (``deleted``, state ``terminated``, with ``result`` as its ``resultInfo``)."""
        call.resource["state"] = "terminated"
        if result is not None:
            call.resource["resultInfo"] = result_info(result)
        data = self._call_data(call, "resultInfo" if result is not None else None)
        data.update(extra or {})
        self._store.notify(call, "deleted", call.url, data, callback_uri)

    # -- call actions ----------------------------------------------------------------------------

    def answer(self, call_id: str, body: Mapping[str, Any]) -> None:
        require(bool(body.get("acceptedModalities")), "acceptedModalities is required.")
        require(body.get("mediaConfig") is not None, "mediaConfig is required.")
        require_callback_uri(body.get("callbackUri"), required=False)
        with self._store.lock:
            call = self._store.active_call(call_id)
            require_state(call, "incoming", "answer")
            if body.get("callbackUri"):
                call.resource["callbackUri"] = body["callbackUri"]
            call.resource["mediaConfig"] = copy.deepcopy(body["mediaConfig"])
            call.resource["requestedModalities"] = list(body["acceptedModalities"])
            if body.get("callOptions") is not None:
                call.resource["callOptions"] = copy.deepcopy(body["callOptions"])
            call.resource["state"] = "establishing"
            bot_id = call.bot_participant_id
            if bot_id and bot_id not in call.participants:
                call.participants[bot_id] = new_participant(
                    bot_id, app_identity(call.app_id), next(call.source_ids)
                )
            self._notify_state(call, "updated")
            self._store.later(self._store.establish_delay_s, lambda: self._establish(call))

    def reject(self, call_id: str, body: Mapping[str, Any]) -> None:
        require_callback_uri(body.get("callbackUri"), required=False)
        with self._store.lock:
            call = self._store.active_call(call_id)
            require_state(call, "incoming", "reject")
            self.terminate(call, None, callback_uri=body.get("callbackUri") or None)

    def redirect(self, call_id: str, body: Mapping[str, Any]) -> None:
        targets = body.get("targets")
        require(bool(targets), "targets is required.")
        require(len(targets or []) <= 25, "At most 25 redirect targets are allowed.")
        timeout = body.get("timeout")
        require(timeout is None or 15 <= timeout <= 90, "timeout must be between 15 and 90 seconds.")
        require_callback_uri(body.get("callbackUri"), required=False)
        with self._store.lock:
            call = self._store.active_call(call_id)
            require_state(call, "incoming", "redirect")
            self.terminate(call, None, callback_uri=body.get("callbackUri") or None)

    def transfer(self, call_id: str, body: Mapping[str, Any]) -> None:
        require(body.get("transferTarget") is not None, "transferTarget is required.")
        check_client_context(body)
        store = self._store
        with store.lock:
            call = store.active_call(call_id)
            require_state(call, "established", "transfer")
            call.resource["state"] = "transferring"
            self._notify_state(call, "updated")
            target = body["transferTarget"]
            identity = target.get("identity") if isinstance(target, Mapping) else None
            answer = store.people.transfer_answer(identity)
            consultative = isinstance(target, Mapping) and bool(target.get("replacesCallId"))

            def accepted() -> None:
                if call.state == "transferring":
                    call.resource["state"] = "transferAccepted"
                    self._notify_state(call, "updated")
                    store.later(store.operation_delay_s, completed)

            def completed() -> None:
                if call.state == "transferAccepted":
                    self.terminate(call, TRANSFERRED)

            def failed() -> None:
                # call: transfer, "Notification - transfer failed": back to established, with 500/7000
                # (500/7700 for a consultative transfer).
                if call.state == "transferring":
                    call.resource["state"] = "established"
                    subcode = 7700 if consultative else 7000
                    message = TRANSFER_FAILURE_MESSAGES[answer.response]
                    call.resource["resultInfo"] = result_info(
                        {"code": 500, "subcode": subcode, "message": message}
                    )
                    self._notify_state(call, "updated", "resultInfo")

            delay_s = answer.delay_s(store.operation_delay_s)
            if answer.response == "accept":
                store.later(delay_s, accepted)
            else:
                store.later(delay_s, failed, timeout=answer.response == "no-answer")

    def keep_alive(self, call_id: str) -> None:
        with self._store.lock:
            self._store.active_call(call_id).keep_alive_at = time.time()

    def log_device_quality(self, body: Mapping[str, Any]) -> None:
        require(body.get("quality") is not None, "quality is required.")
        with self._store.lock:
            self._store.device_quality_reports.append(copy.deepcopy(dict(body["quality"])))

    def change_screen_sharing_role(self, call_id: str, body: Mapping[str, Any]) -> None:
        role = body.get("role")
        require(role is not None, "role is required.")
        with self._store.lock:
            call = self._store.active_call(call_id)
            bot = call.participants.get(call.bot_participant_id or "")

            def change() -> None:
                if bot is None or not call.active:
                    return
                streams = [
                    s
                    for s in bot.get("mediaStreams") or []
                    if s.get("mediaType") != "videoBasedScreenSharing"
                ]
                streams.append(
                    {
                        "@odata.type": MEDIA_STREAM_TYPE,
                        "mediaType": "videoBasedScreenSharing",
                        "label": "applicationsharing-video",
                        "sourceId": str(next(call.source_ids)),
                        "direction": "sendOnly" if role == "sharer" else "receiveOnly",
                        "serverMuted": False,
                    }
                )
                bot["mediaStreams"] = streams
                self._store.roster_update(call, [bot])

            self._store.later(self._store.operation_delay_s, change)

    def press_tone(self, call_id: str, tone: str) -> None:
        """A caller pressed a key: a call ``updated`` notification with ``toneInfo`` (if subscribed)."""
        with self._store.lock:
            call = self._store.active_call(call_id)
            if not call.tones_subscribed:
                raise ValueError("the bot has not subscribed to tones on this call (subscribeToTone)")
            self.post_tone(call, tone)

    def post_tone(self, call: CallRecord, tone: str) -> None:
        """Report a pressed key as ``toneInfo`` on the call (call: subscribeToTone). Under the lock."""
        call.tone_sequence += 1
        tone_info = {
            "@odata.type": "#microsoft.graph.toneInfo",
            "sequenceId": call.tone_sequence,
            "tone": tone,
        }
        call.resource["toneInfo"] = tone_info
        data = self._call_data(call)
        data["toneInfo"] = copy.deepcopy(tone_info)
        self._store.notify(call, "updated", call.url, data)

    # -- notifications ---------------------------------------------------------------------------

    def _call_data(self, call: CallRecord, *extra_keys: str | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@odata.type": CALL_TYPE,
            "@odata.id": call.url,
            "id": call.id,
            "state": call.state,
        }
        for key in extra_keys:
            if key is not None:
                data[key] = copy.deepcopy(call.resource.get(key))
        return data

    def _notify_state(
        self, call: CallRecord, change_type: str, *extra_keys: str, direction: bool = False
    ) -> None:
        keys = ("direction", *extra_keys) if direction else extra_keys
        self._store.notify(call, change_type, call.url, self._call_data(call, *keys))
