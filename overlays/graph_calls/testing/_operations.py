"""Operations: what call and participant actions answer with, and how they complete.

:class:`Operations` creates the ``commsOperation`` a call action returns, schedules its
completion (IVR media operations queue one after another), applies what the completed action
changes (a mute, a recording, the recording status) and reports the finished operation. It also
serves ``GET .../operations/{id}`` and the recordings that ``recordResponse`` leaves behind. A
recording ends as the test scripted it (``sim.end_recordings_by(...)``: its maximum duration, or
a stop tone), or on a stop tone the caller presses (:meth:`Operations.stop_recordings`).
:data:`OPERATION_TYPES` maps each action to its operation's ``@odata.type``.
"""

from __future__ import annotations

import copy
import secrets
import urllib.parse
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

from graph_calls.testing._checks import check_action_input, check_client_context
from graph_calls.testing._contract import GraphError
from graph_calls.testing._records import (
    CANCELLED,
    MAX_RECORD_DURATION,
    SUCCESS,
    CallRecord,
    app_identity,
    json_copy,
    new_id,
    result_info,
    set_muted,
)
from graph_calls.testing._store import CallStore
from graph_calls_generated.operations import ACTION_OPERATIONS

__all__ = ["OPERATION_TYPES", "Operations"]

# The action that creates an operation -> the operation's @odata.type, derived from the spec when the
# client is generated (graph_calls_spec.operation_index).
OPERATION_TYPES: Final[Mapping[str, str]] = MappingProxyType(ACTION_OPERATIONS)
# Operations the service queues one after another (IVR media): playPrompt and recordResponse.
_MEDIA_ACTIONS: Final = frozenset({"playPrompt", "recordResponse"})
# stopTones may name keys as characters (the recordResponse example: "#", "1", "*") or as tones.
_TONE_NAMES: Final = {"#": "pound", "*": "star", **{str(digit): f"tone{digit}" for digit in range(10)}}

Effect = Callable[[], list[dict[str, Any]]]
"""What completing an operation changes; returns the participants to report in the roster."""


class Operations:
    """The operations of every call in a :class:`~graph_calls.testing._store.CallStore`."""

    def __init__(self, store: CallStore) -> None:
        self._store = store

    def get(self, call_id: str, operation_id: str) -> dict[str, Any]:
        with self._store.lock:
            call = self._store.active_call(call_id)
            operation = call.operations.get(operation_id)
            if operation is None:
                raise GraphError(404, "itemNotFound", f"Operation '{operation_id}' was not found.")
            return copy.deepcopy(operation)

    def start(self, call_id: str, action: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """A call action answered with a running (or, for subscribeToTone, completed) operation."""
        check_client_context(body)
        check_action_input(action, body, prompt_media_required=self._store.require_prompt_media)
        with self._store.lock:
            call = self._store.active_call(call_id)
            if action == "cancelMediaProcessing":
                self._cancel_media(call)
            if action == "subscribeToTone":
                call.tones_subscribed = True
                operation = self.new(call, action, body, status="completed")
                operation["resultInfo"] = result_info(SUCCESS)
                return json_copy(operation)
            extra: dict[str, Any] = {}
            if action == "recordResponse":
                extra = {"recordingLocation": None, "recordingAccessToken": None}
            operation = self.new(call, action, body, extra=extra)
            if action == "recordResponse":
                tones = body.get("stopTones") or []
                call.stop_tones[operation["id"]] = frozenset(_tone(t) for t in tones if isinstance(t, str))
            self.complete_later(call, operation, action, body)
            return json_copy(operation)

    def seed(self, call_id: str, action: str, *, status: str, client_context: str | None) -> str:
        """An operation that exists already (no completion is scheduled, nothing is posted)."""
        if action not in OPERATION_TYPES:
            raise ValueError(
                f"unknown operation kind {action!r}; known: {', '.join(sorted(OPERATION_TYPES))}"
            )
        with self._store.lock:
            call = self._store.call_record(call_id)
            operation = self.new(call, action, {"clientContext": client_context}, status=status)
            if status.lower() == "completed":
                operation["resultInfo"] = result_info(SUCCESS)
            return str(operation["id"])

    def recording_token(self, call_id: str, operation_id: str) -> str | None:
        """The bearer token that fetches a ``recordResponse`` recording, or None if there is none."""
        with self._store.lock:
            call = self._store.find(call_id)
            return None if call is None else call.recordings.get(operation_id)

    # -- for the resource modules (called under the store's lock) --------------------------------

    def new(
        self,
        call: CallRecord,
        action: str,
        body: Mapping[str, Any],
        *,
        status: str = "running",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A new operation of the ``action`` kind on ``call``."""
        operation: dict[str, Any] = {
            "@odata.type": OPERATION_TYPES[action],
            "id": new_id(),
            "status": status,
            "clientContext": body.get("clientContext"),
            "resultInfo": None,
        }
        operation.update(extra or {})
        call.operations[operation["id"]] = operation
        return operation

    def complete_later(
        self,
        call: CallRecord,
        operation: dict[str, Any],
        action: str,
        body: Mapping[str, Any],
        effect: Effect | None = None,
    ) -> None:
        """Complete ``operation`` after the operation delay: apply ``effect``, then report it."""
        store = self._store
        delay_s = store.operation_delay_s
        if action in _MEDIA_ACTIONS:  # queued behind the call's other media operations
            now = store.now()
            done_at = max(now, call.media_free_at) + store.operation_delay_s
            call.media_free_at = done_at
            delay_s = done_at - now

        def complete() -> None:
            if operation["status"] not in ("running", "Running") or not call.active:
                return
            operation["status"] = "completed"
            operation["resultInfo"] = result_info(SUCCESS)
            changed = effect() if effect is not None else self._effect(call, operation, action, body)
            self.notify_finished(call, operation)
            if changed:
                store.roster_update(call, changed)

        store.later(delay_s, complete)

    def notify_finished(self, call: CallRecord, operation: Mapping[str, Any]) -> None:
        """Report an operation that completed or failed (a ``deleted`` notification)."""
        if not call.callback_uri:
            return  # nobody to tell: skip building the notification
        url = f"{call.url}/operations/{operation['id']}"
        data = json_copy(dict(operation))
        data["@odata.id"] = url
        self._store.notify(call, "deleted", url, data)

    # -- what call actions do --------------------------------------------------------------------

    def _effect(
        self, call: CallRecord, operation: dict[str, Any], action: str, body: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """What a completed call action changes; returns the participants to report in the roster."""
        bot = call.participants.get(call.bot_participant_id or "")
        if action in ("mute", "unmute") and bot is not None:
            set_muted(bot, action == "mute")
            return [bot]
        if action == "sendDtmfTones":
            operation["completionReason"] = "completedSuccessfully"
        elif action == "recordResponse":
            self._keep_recording(call, operation, self._store.people.recording_end(call.id))
        elif action == "updateRecordingStatus" and bot is not None:
            bot["recordingInfo"] = {
                "@odata.type": "#microsoft.graph.recordingInfo",
                "initiator": app_identity(call.app_id),
                "recordingStatus": body.get("status"),
            }
            return [bot]
        return []

    def _keep_recording(self, call: CallRecord, operation: dict[str, Any], end: str | None) -> None:
        """A completed recording: where to fetch it, with which token, and why it ended."""
        token = secrets.token_urlsafe(24)
        call.recordings[operation["id"]] = token
        quoted_call = urllib.parse.quote(call.id, safe="")
        location = f"{self._store.public_origin}/recordings/{quoted_call}/{operation['id']}"
        operation["recordingLocation"] = location
        operation["recordingAccessToken"] = token
        call.stop_tones.pop(operation["id"], None)
        if end is not None:
            # completionReason is on the record operation in the reference's examples (an open type).
            operation["completionReason"] = end
        if end == "maxRecordDurationReached":
            operation["resultInfo"] = result_info(MAX_RECORD_DURATION)

    def stop_recordings(self, call: CallRecord, tone: str) -> bool:
        """The caller pressed ``tone``: running recordings that stop on it complete now.

        Returns whether one did. Called under the store's lock.
        """
        pressed = _tone(tone)
        stopped = False
        for operation_id, tones in list(call.stop_tones.items()):
            operation = call.operations.get(operation_id)
            if operation is None or operation["status"] != "running" or pressed not in tones:
                continue
            operation["status"] = "completed"
            operation["resultInfo"] = result_info(SUCCESS)
            self._keep_recording(call, operation, "stopToneDetected")
            self.notify_finished(call, operation)
            stopped = True
        return stopped

    def _cancel_media(self, call: CallRecord) -> None:
        """cancelMediaProcessing: running playPrompt/recordResponse operations fail with 400/8508."""
        media_types = {OPERATION_TYPES[action] for action in _MEDIA_ACTIONS}
        for operation in call.operations.values():
            if operation["@odata.type"] in media_types and operation["status"] == "running":
                operation["status"] = "failed"
                operation["resultInfo"] = result_info(CANCELLED)
                if operation["@odata.type"] == OPERATION_TYPES["recordResponse"]:
                    # The reference's example carries this on the record operation (an open type).
                    operation["completionReason"] = "operationCanceled"
                self.notify_finished(call, operation)
        call.media_free_at = 0.0


def _tone(tone: str) -> str:
    return _TONE_NAMES.get(tone, tone.lower())
