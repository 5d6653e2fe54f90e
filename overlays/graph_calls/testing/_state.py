"""The simulated service's state: calls, rosters, operations, audio routing groups, sharing sessions.

:class:`SimState` holds every call the simulator knows and moves it through the states the Graph
reference documents. Asynchronous outcomes (a call becoming established, an operation
completing) run later on a :class:`Scheduler` thread; each one changes the state and then reports
the change through the ``notify`` callback, in the order the reference shows. Every method raises
:class:`~graph_calls.testing._contract.GraphError` for what the service would refuse (unknown
ids: 404; missing or impossible input: 400).
"""

from __future__ import annotations

import copy
import heapq
import itertools
import logging
import secrets
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from graph_calls.testing._contract import GraphError

__all__ = ["CallRecord", "Scheduler", "SimState"]

_log = logging.getLogger(__name__)

CALL_TYPE: Final = "#microsoft.graph.call"
PARTICIPANT_TYPE: Final = "#microsoft.graph.participant"
PARTICIPANT_INFO_TYPE: Final = "#microsoft.graph.participantInfo"
INVITATION_INFO_TYPE: Final = "#microsoft.graph.invitationParticipantInfo"
IDENTITY_SET_TYPE: Final = "#microsoft.graph.identitySet"
IDENTITY_TYPE: Final = "#microsoft.graph.identity"
MEDIA_STREAM_TYPE: Final = "#microsoft.graph.mediaStream"
RESULT_INFO_TYPE: Final = "#microsoft.graph.resultInfo"
GROUP_TYPE: Final = "#microsoft.graph.audioRoutingGroup"
SESSION_TYPE: Final = "#microsoft.graph.contentSharingSession"

# The action that creates an operation -> the operation's @odata.type (the schema name follows "graph.").
OPERATION_TYPES: Final[Mapping[str, str]] = {
    "addLargeGalleryView": "#microsoft.graph.addLargeGalleryViewOperation",
    "cancelMediaProcessing": "#microsoft.graph.cancelMediaProcessingOperation",
    "invite": "#microsoft.graph.inviteParticipantsOperation",
    "mute": "#microsoft.graph.muteParticipantOperation",
    "playPrompt": "#microsoft.graph.playPromptOperation",
    "recordResponse": "#microsoft.graph.recordOperation",
    "sendDtmfTones": "#microsoft.graph.sendDtmfTonesOperation",
    "startHoldMusic": "#microsoft.graph.startHoldMusicOperation",
    "stopHoldMusic": "#microsoft.graph.stopHoldMusicOperation",
    "subscribeToTone": "#microsoft.graph.subscribeToToneOperation",
    "unmute": "#microsoft.graph.unmuteParticipantOperation",
    "updateRecordingStatus": "#microsoft.graph.updateRecordingStatusOperation",
}
# Operations the service queues one after another (IVR media): playPrompt and recordResponse.
_MEDIA_ACTIONS: Final = frozenset({"playPrompt", "recordResponse"})
CALL_STATES: Final = (
    "incoming",
    "establishing",
    "established",
    "hold",
    "transferring",
    "transferAccepted",
    "redirecting",
    "terminating",
    "terminated",
)
_ACTIVE_STATES: Final = frozenset(
    {"incoming", "establishing", "established", "hold", "transferring", "transferAccepted"}
)
_LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_CLIENT_CONTEXT: Final = 256
MAX_PROMPTS: Final = 20
BOT_DISPLAY_NAME: Final = "Calling Bot"

SUCCESS: Final = {"code": 200, "subcode": 0, "message": "Action completed successfully."}
CANCELLED: Final = {"code": 400, "subcode": 8508, "message": "Action failed, the operation was cancelled."}
INVITE_CANCELLED: Final = {"code": 487, "subcode": 0, "message": "The invitation was cancelled."}
CALL_ENDED: Final = {"code": 200, "subcode": 5001, "message": "The conversation has ended."}
TRANSFERRED: Final = {"code": 0, "subcode": 7015, "message": "GracefulTransferCompleted"}


class Notify(Protocol):
    """Reports one change: ``(call, changeType, resourceUrl, resourceData, callbackUri override)``."""

    def __call__(
        self,
        call: CallRecord,
        change_type: str,
        resource_url: str,
        resource_data: Any,
        callback_uri: str | None = None,
    ) -> None: ...


# -- the scheduler ---------------------------------------------------------------------------------


class Scheduler:
    """Runs callbacks after a delay, in due order, on one background thread."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._counter = itertools.count()
        self._running = 0
        self._thread: threading.Thread | None = None
        self._stopping = False

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="graph-sim-scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        with self._cond:
            self._stopping = True
            self._heap.clear()
            self._cond.notify_all()
        thread.join(5)

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> None:
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + max(0.0, delay_s), next(self._counter), callback))
            self._cond.notify_all()

    def clear(self) -> None:
        """Drop every job not yet started."""
        with self._cond:
            self._heap.clear()
            self._cond.notify_all()

    @property
    def idle(self) -> bool:
        with self._cond:
            return not self._heap and self._running == 0

    def wait_idle(self, timeout_s: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._heap and self._running == 0, timeout_s)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    if self._heap and self._heap[0][0] <= time.monotonic():
                        break
                    timeout = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._cond.wait(timeout)
                if self._stopping:
                    return
                _, _, callback = heapq.heappop(self._heap)
                self._running += 1
            try:
                callback()
            except Exception:  # a broken job must not stop the simulator's clock
                _log.exception("simulator job failed")
            finally:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()


# -- records ---------------------------------------------------------------------------------------


@dataclass
class CallRecord:
    """One call: the resource as served, its roster, its operations and its sub-collections."""

    id: str
    app_id: str
    resource: dict[str, Any]
    participants: dict[str, dict[str, Any]] = field(default_factory=dict)
    # invited participant id -> the invite operation's id, until the invitee joins
    pending_invites: dict[str, str] = field(default_factory=dict)
    invitees: dict[str, dict[str, Any]] = field(default_factory=dict)
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    roster_sequence: int = 0
    source_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    tones_subscribed: bool = False
    tone_sequence: int = 0
    held_participant: str | None = None
    media_free_at: float = 0.0
    keep_alive_at: float = field(default_factory=time.time)
    recordings: dict[str, str] = field(default_factory=dict)  # operation id -> access token
    device_quality: list[dict[str, Any]] = field(default_factory=list)

    @property
    def state(self) -> str:
        return str(self.resource.get("state"))

    @property
    def active(self) -> bool:
        return self.state in _ACTIVE_STATES

    @property
    def callback_uri(self) -> str | None:
        uri = self.resource.get("callbackUri")
        return uri if isinstance(uri, str) and uri else None

    @property
    def bot_participant_id(self) -> str | None:
        pid = self.resource.get("myParticipantId")
        return pid if isinstance(pid, str) else None

    @property
    def url(self) -> str:
        return f"/communications/calls/{self.id}"

    @property
    def is_group_call(self) -> bool:
        targets = self.resource.get("targets") or []
        return bool(self.resource.get("chatInfo") or self.resource.get("meetingInfo") or len(targets) > 1)


# -- the state -------------------------------------------------------------------------------------


class SimState:
    """Every call the simulator knows, and the rules that change them."""

    def __init__(
        self,
        *,
        scheduler: Scheduler,
        notify: Notify,
        tenant_id: str,
        operation_delay_s: float,
        establish_delay_s: float,
    ) -> None:
        self.lock = threading.RLock()
        self._scheduler = scheduler
        self._notify = notify
        self.tenant_id = tenant_id
        self.operation_delay_s = operation_delay_s
        self.establish_delay_s = establish_delay_s
        self.public_origin = ""
        """``https://127.0.0.1:PORT``, set once the server listens (for recording locations)."""
        self._calls: dict[str, CallRecord] = {}
        self._generation = 0
        self.device_quality_reports: list[dict[str, Any]] = []

    def reset(self) -> None:
        """Forget every call; jobs already scheduled become no-ops."""
        with self.lock:
            self._generation += 1
            self._calls.clear()
            self.device_quality_reports.clear()

    # -- scheduling ------------------------------------------------------------------------------

    def _later(self, delay_s: float, job: Callable[[], None]) -> None:
        generation = self._generation

        def run() -> None:
            with self.lock:
                if generation == self._generation:
                    job()

        self._scheduler.call_later(delay_s, run)

    # -- lookups ---------------------------------------------------------------------------------

    def call_record(self, call_id: str) -> CallRecord:
        """The record of a call in any state (``KeyError`` if unknown)."""
        with self.lock:
            return self._calls[call_id]

    def call_ids(self) -> list[str]:
        with self.lock:
            return list(self._calls)

    def _active_call(self, call_id: str) -> CallRecord:
        call = self._calls.get(call_id)
        if call is None or not call.active:
            raise GraphError(404, "itemNotFound", f"Call '{call_id}' was not found.")
        return call

    def _participant(self, call: CallRecord, participant_id: str) -> dict[str, Any]:
        participant = call.participants.get(participant_id)
        if participant is None:
            raise GraphError(
                404, "itemNotFound", f"Participant '{participant_id}' was not found in call '{call.id}'."
            )
        return participant

    # -- calls -----------------------------------------------------------------------------------

    def create_call(self, body: Mapping[str, Any], *, app_id: str) -> dict[str, Any]:
        """``POST /communications/calls``: a new outgoing call, ``establishing``."""
        _require_callback_uri(body.get("callbackUri"), required=True)
        _require(body.get("mediaConfig") is not None, "mediaConfig is required.")
        _check_client_context(body)
        with self.lock:
            call = self._new_call(
                app_id=app_id,
                state="establishing",
                direction="outgoing",
                properties={key: copy.deepcopy(value) for key, value in body.items() if key in _CALL_INPUTS},
            )
            self._notify_call_state(call, "updated")
            self._later(self.establish_delay_s, lambda: self._establish(call))
            return copy.deepcopy(call.resource)

    def seed_call(
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
            _require_callback_uri(callback_uri, required=True)
        props = dict(copy.deepcopy(dict(properties)))
        if callback_uri is not None:
            props["callbackUri"] = callback_uri
        with self.lock:
            if call_id is not None and call_id in self._calls:
                raise ValueError(f"a call with id {call_id!r} exists already")
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
                        "identity": _user_identity(str(uuid.uuid4()), "Caller"),
                        "region": None,
                        "languageId": None,
                    }
                if "targets" not in props:
                    call.resource["targets"] = [
                        {"@odata.type": INVITATION_INFO_TYPE, "identity": _app_identity(app_id)}
                    ]
            if isinstance(participants, int):
                self._seed_participants(call, participants)
            elif participants:
                for item in participants:
                    participant = _participant_from_seed(item, next(call.source_ids))
                    call.participants[participant["id"]] = participant
            call.roster_sequence = 1
            for participant in call.participants.values():
                participant["rosterSequenceNumber"] = call.roster_sequence
            if state == "establishing":
                self._later(self.establish_delay_s, lambda: self._establish(call))
            return call.id

    def seed_participants(self, call_id: str, n: int) -> list[str]:
        with self.lock:
            call = self._calls[call_id]
            added = self._seed_participants(call, n)
            self._roster_update(call, [call.participants[pid] for pid in added], notify=False)
            return added

    def _seed_participants(self, call: CallRecord, n: int) -> list[str]:
        added = []
        start = len(call.participants)
        for index in range(n):
            identity = _user_identity(str(uuid.uuid4()), f"Participant {start + index + 1}")
            participant = _new_participant(str(uuid.uuid4()), identity, next(call.source_ids))
            participant["rosterSequenceNumber"] = call.roster_sequence
            call.participants[participant["id"]] = participant
            added.append(participant["id"])
        return added

    def _new_call(
        self,
        *,
        app_id: str,
        state: str,
        direction: str,
        properties: Mapping[str, Any],
        call_id: str | None = None,
    ) -> CallRecord:
        call_id = call_id or str(uuid.uuid4())
        bot_id = str(uuid.uuid4())
        bot_identity = {
            "@odata.type": IDENTITY_SET_TYPE,
            "application": {"@odata.type": IDENTITY_TYPE, "displayName": BOT_DISPLAY_NAME, "id": app_id},
        }
        resource: dict[str, Any] = {
            "@odata.type": CALL_TYPE,
            "id": call_id,
            "state": state,
            "direction": direction,
            "callChainId": str(uuid.uuid4()),
            "source": {
                "@odata.type": PARTICIPANT_INFO_TYPE,
                "identity": bot_identity,
                "countryCode": None,
                "endpointType": None,
                "region": None,
                "languageId": None,
            },
            "targets": [],
            "requestedModalities": ["audio"],
            "mediaConfig": None,
            "myParticipantId": bot_id,
            "subject": None,
            "tenantId": self.tenant_id,
            "resultInfo": None,
            "chatInfo": None,
            "meetingInfo": None,
            "mediaState": None,
            "toneInfo": None,
            "transcription": None,
        }
        resource.update(properties)
        resource["id"] = call_id
        call = CallRecord(id=call_id, app_id=app_id, resource=resource, roster_sequence=1)
        call.participants[bot_id] = _new_participant(bot_id, bot_identity, next(call.source_ids))
        call.participants[bot_id]["rosterSequenceNumber"] = call.roster_sequence
        self._calls[call_id] = call
        return call

    def _establish(self, call: CallRecord) -> None:
        if call.state != "establishing":
            return
        call.resource["state"] = "established"
        self._notify_call_state(call, "updated", direction=True)
        joined = []
        # The targets of an outgoing call join it; an incoming call's target is the bot itself.
        targets = (call.resource.get("targets") or []) if call.resource.get("direction") == "outgoing" else []
        for target in targets:
            identity = target.get("identity") if isinstance(target, dict) else None
            pid = (target.get("participantId") if isinstance(target, dict) else None) or str(uuid.uuid4())
            if pid in call.participants:
                continue
            participant = _new_participant(pid, identity, next(call.source_ids))
            call.participants[pid] = participant
            joined.append(participant)
        if joined:
            # Roster notifications come for group calls and meetings, not for peer-to-peer calls.
            self._roster_update(call, joined, notify=call.is_group_call)

    def get_call(self, call_id: str) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self._active_call(call_id).resource)

    def delete_call(self, call_id: str) -> None:
        """Hang up: ``terminating`` then ``terminated`` (the call is gone for HTTP afterwards)."""
        with self.lock:
            call = self._active_call(call_id)
            call.resource["state"] = "terminating"
            self._notify_call_state(call, "updated")
            self._terminate(call, CALL_ENDED)

    def _terminate(
        self,
        call: CallRecord,
        result: Mapping[str, Any] | None,
        *,
        callback_uri: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        call.resource["state"] = "terminated"
        if result is not None:
            call.resource["resultInfo"] = _result_info(result)
        data = self._call_data(call, "resultInfo" if result is not None else None)
        data.update(extra or {})
        self._notify(call, "deleted", call.url, data, callback_uri)

    def answer(self, call_id: str, body: Mapping[str, Any]) -> None:
        _require(bool(body.get("acceptedModalities")), "acceptedModalities is required.")
        _require(body.get("mediaConfig") is not None, "mediaConfig is required.")
        _require_callback_uri(body.get("callbackUri"), required=False)
        with self.lock:
            call = self._active_call(call_id)
            _require_state(call, "incoming", "answer")
            if body.get("callbackUri"):
                call.resource["callbackUri"] = body["callbackUri"]
            call.resource["mediaConfig"] = copy.deepcopy(body["mediaConfig"])
            call.resource["requestedModalities"] = list(body["acceptedModalities"])
            if body.get("callOptions") is not None:
                call.resource["callOptions"] = copy.deepcopy(body["callOptions"])
            call.resource["state"] = "establishing"
            bot_id = call.bot_participant_id
            if bot_id and bot_id not in call.participants:
                call.participants[bot_id] = _new_participant(
                    bot_id, _app_identity(call.app_id), next(call.source_ids)
                )
            self._notify_call_state(call, "updated")
            self._later(self.establish_delay_s, lambda: self._establish(call))

    def reject(self, call_id: str, body: Mapping[str, Any]) -> None:
        _require_callback_uri(body.get("callbackUri"), required=False)
        with self.lock:
            call = self._active_call(call_id)
            _require_state(call, "incoming", "reject")
            self._terminate(call, None, callback_uri=body.get("callbackUri") or None)

    def redirect(self, call_id: str, body: Mapping[str, Any]) -> None:
        targets = body.get("targets")
        _require(bool(targets), "targets is required.")
        _require(len(targets or []) <= 25, "At most 25 redirect targets are allowed.")
        timeout = body.get("timeout")
        _require(timeout is None or 15 <= timeout <= 90, "timeout must be between 15 and 90 seconds.")
        _require_callback_uri(body.get("callbackUri"), required=False)
        with self.lock:
            call = self._active_call(call_id)
            _require_state(call, "incoming", "redirect")
            self._terminate(call, None, callback_uri=body.get("callbackUri") or None)

    def transfer(self, call_id: str, body: Mapping[str, Any]) -> None:
        _require(body.get("transferTarget") is not None, "transferTarget is required.")
        _check_client_context(body)
        with self.lock:
            call = self._active_call(call_id)
            _require_state(call, "established", "transfer")
            call.resource["state"] = "transferring"
            self._notify_call_state(call, "updated")

            def accepted() -> None:
                if call.state == "transferring":
                    call.resource["state"] = "transferAccepted"
                    self._notify_call_state(call, "updated")
                    self._later(self.operation_delay_s, completed)

            def completed() -> None:
                if call.state == "transferAccepted":
                    self._terminate(call, TRANSFERRED)

            self._later(self.operation_delay_s, accepted)

    def keep_alive(self, call_id: str) -> None:
        with self.lock:
            self._active_call(call_id).keep_alive_at = time.time()

    def log_device_quality(self, body: Mapping[str, Any]) -> None:
        _require(body.get("quality") is not None, "quality is required.")
        with self.lock:
            self.device_quality_reports.append(copy.deepcopy(dict(body["quality"])))

    def change_screen_sharing_role(self, call_id: str, body: Mapping[str, Any]) -> None:
        role = body.get("role")
        _require(role is not None, "role is required.")
        with self.lock:
            call = self._active_call(call_id)
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
                self._roster_update(call, [bot])

            self._later(self.operation_delay_s, change)

    def press_tone(self, call_id: str, tone: str) -> None:
        """A caller pressed a key: a call ``updated`` notification with ``toneInfo`` (if subscribed)."""
        with self.lock:
            call = self._active_call(call_id)
            if not call.tones_subscribed:
                raise ValueError("the bot has not subscribed to tones on this call (subscribeToTone)")
            call.tone_sequence += 1
            tone_info = {
                "@odata.type": "#microsoft.graph.toneInfo",
                "sequenceId": call.tone_sequence,
                "tone": tone,
            }
            call.resource["toneInfo"] = tone_info
            data = self._call_data(call)
            data["toneInfo"] = copy.deepcopy(tone_info)
            self._notify(call, "updated", call.url, data)

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

    def _notify_call_state(self, call: CallRecord, change_type: str, *, direction: bool = False) -> None:
        self._notify(call, change_type, call.url, self._call_data(call, "direction" if direction else None))

    # -- operations ------------------------------------------------------------------------------

    def get_operation(self, call_id: str, operation_id: str) -> dict[str, Any]:
        with self.lock:
            call = self._active_call(call_id)
            operation = call.operations.get(operation_id)
            if operation is None:
                raise GraphError(404, "itemNotFound", f"Operation '{operation_id}' was not found.")
            return copy.deepcopy(operation)

    def start_operation(self, call_id: str, action: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """A call action answered with a running (or, for subscribeToTone, completed) operation."""
        _check_client_context(body)
        _check_action_input(action, body)
        with self.lock:
            call = self._active_call(call_id)
            if action == "cancelMediaProcessing":
                self._cancel_media(call)
            if action == "subscribeToTone":
                call.tones_subscribed = True
                operation = self._new_operation(call, action, body, status="completed")
                operation["resultInfo"] = _result_info(SUCCESS)
                return copy.deepcopy(operation)
            extra: dict[str, Any] = {}
            if action == "recordResponse":
                extra = {"recordingLocation": None, "recordingAccessToken": None}
            operation = self._new_operation(call, action, body, extra=extra)
            self._complete_later(call, operation, action, body)
            return copy.deepcopy(operation)

    def seed_operation(self, call_id: str, action: str, *, status: str, client_context: str | None) -> str:
        """An operation that exists already (no completion is scheduled, nothing is posted)."""
        if action not in OPERATION_TYPES:
            raise ValueError(
                f"unknown operation kind {action!r}; known: {', '.join(sorted(OPERATION_TYPES))}"
            )
        with self.lock:
            call = self._calls[call_id]
            operation = self._new_operation(call, action, {"clientContext": client_context}, status=status)
            if status.lower() == "completed":
                operation["resultInfo"] = _result_info(SUCCESS)
            return str(operation["id"])

    def _new_operation(
        self,
        call: CallRecord,
        action: str,
        body: Mapping[str, Any],
        *,
        status: str = "running",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        operation: dict[str, Any] = {
            "@odata.type": OPERATION_TYPES[action],
            "id": str(uuid.uuid4()),
            "status": status,
            "clientContext": body.get("clientContext"),
            "resultInfo": None,
        }
        operation.update(extra or {})
        call.operations[operation["id"]] = operation
        return operation

    def _complete_later(
        self,
        call: CallRecord,
        operation: dict[str, Any],
        action: str,
        body: Mapping[str, Any],
        effect: Callable[[], list[dict[str, Any]]] | None = None,
    ) -> None:
        delay_s = self.operation_delay_s
        if action in _MEDIA_ACTIONS:  # queued behind the call's other media operations
            now = time.monotonic()
            done_at = max(now, call.media_free_at) + self.operation_delay_s
            call.media_free_at = done_at
            delay_s = done_at - now

        def complete() -> None:
            if operation["status"] not in ("running", "Running") or not call.active:
                return
            operation["status"] = "completed"
            operation["resultInfo"] = _result_info(SUCCESS)
            changed = effect() if effect is not None else self._effect(call, operation, action, body)
            self._notify_operation(call, operation)
            if changed:
                self._roster_update(call, changed)

        self._later(delay_s, complete)

    def _effect(
        self, call: CallRecord, operation: dict[str, Any], action: str, body: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """What a completed call action changes; returns the participants to report in the roster."""
        bot = call.participants.get(call.bot_participant_id or "")
        if action in ("mute", "unmute") and bot is not None:
            _set_muted(bot, action == "mute")
            return [bot]
        if action == "sendDtmfTones":
            operation["completionReason"] = "completedSuccessfully"
        elif action == "recordResponse":
            token = secrets.token_urlsafe(24)
            call.recordings[operation["id"]] = token
            operation["recordingLocation"] = (
                f"{self.public_origin}/recordings/{urllib.parse.quote(call.id, safe='')}/{operation['id']}"
            )
            operation["recordingAccessToken"] = token
        elif action == "updateRecordingStatus" and bot is not None:
            bot["recordingInfo"] = {
                "@odata.type": "#microsoft.graph.recordingInfo",
                "initiator": _app_identity(call.app_id),
                "recordingStatus": body.get("status"),
            }
            return [bot]
        return []

    def _cancel_media(self, call: CallRecord) -> None:
        """cancelMediaProcessing: running playPrompt/recordResponse operations fail with 400/8508."""
        media_types = {OPERATION_TYPES[action] for action in _MEDIA_ACTIONS}
        for operation in call.operations.values():
            if operation["@odata.type"] in media_types and operation["status"] == "running":
                operation["status"] = "failed"
                operation["resultInfo"] = _result_info(CANCELLED)
                if operation["@odata.type"] == OPERATION_TYPES["recordResponse"]:
                    # The reference's example carries this on the record operation (an open type).
                    operation["completionReason"] = "operationCanceled"
                self._notify_operation(call, operation)
        call.media_free_at = 0.0

    def _notify_operation(self, call: CallRecord, operation: Mapping[str, Any]) -> None:
        url = f"{call.url}/operations/{operation['id']}"
        data = copy.deepcopy(dict(operation))
        data["@odata.id"] = url
        self._notify(call, "deleted", url, data)

    # -- participants ----------------------------------------------------------------------------

    def list_participants(self, call_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(list(self._active_call(call_id).participants.values()))

    def get_participant(self, call_id: str, participant_id: str) -> dict[str, Any]:
        with self.lock:
            call = self._active_call(call_id)
            return copy.deepcopy(self._participant(call, participant_id))

    def invite(self, call_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """``participants/invite``: a ``Running`` operation; the invitees join when it completes."""
        invitees = body.get("participants")
        _require(bool(invitees), "participants is required.")
        _check_client_context(body)
        with self.lock:
            call = self._active_call(call_id)
            operation = self._new_operation(call, "invite", body, status="Running")
            operation["participants"] = copy.deepcopy(list(invitees or []))
            invited: list[str] = []
            for invitee in invitees or []:
                pid = invitee.get("participantId") or str(uuid.uuid4())
                call.pending_invites[pid] = operation["id"]
                call.invitees[pid] = _new_participant(pid, invitee.get("identity"), next(call.source_ids))
                invited.append(pid)

            def join() -> list[dict[str, Any]]:
                joined = []
                for pid in invited:
                    if call.pending_invites.get(pid) != operation["id"]:
                        continue  # cancelled by a DELETE of the participant
                    del call.pending_invites[pid]
                    participant = call.invitees.pop(pid)
                    call.participants[pid] = participant
                    joined.append(participant)
                return joined

            self._complete_later(call, operation, "invite", body, effect=join)
            return copy.deepcopy(operation)

    def delete_participant(self, call_id: str, participant_id: str) -> None:
        """Remove a participant; for an invitee who has not joined, cancel the invitation."""
        with self.lock:
            call = self._active_call(call_id)
            operation_id = call.pending_invites.pop(participant_id, None)
            if operation_id is not None:
                call.invitees.pop(participant_id, None)
                if operation_id not in call.pending_invites.values():
                    operation = call.operations[operation_id]
                    operation["status"] = "failed"
                    operation["resultInfo"] = _result_info(INVITE_CANCELLED)
                    self._notify_operation(call, operation)
                return
            self._participant(call, participant_id)
            # The reference: an active participant is dropped with no notification.
            del call.participants[participant_id]
            if call.held_participant == participant_id:
                call.held_participant = None

    def mute_participant(self, call_id: str, participant_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        _check_client_context(body)
        with self.lock:
            call = self._active_call(call_id)
            participant = self._participant(call, participant_id)
            operation = self._new_operation(call, "mute", body)

            def mute() -> list[dict[str, Any]]:
                if participant_id not in call.participants:
                    return []
                _set_muted(participant, True)
                return [participant]

            self._complete_later(call, operation, "mute", body, effect=mute)
            return copy.deepcopy(operation)

    def hold_music(
        self, call_id: str, participant_id: str, body: Mapping[str, Any], *, start: bool
    ) -> dict[str, Any]:
        _check_client_context(body)
        with self.lock:
            call = self._active_call(call_id)
            self._participant(call, participant_id)
            if start:
                held = call.held_participant
                _require(
                    held is None or held == participant_id,
                    "Only one participant can be on hold at a time.",
                )
                call.held_participant = participant_id
            elif call.held_participant == participant_id:
                call.held_participant = None
            action = "startHoldMusic" if start else "stopHoldMusic"
            operation = self._new_operation(call, action, body)
            self._complete_later(call, operation, action, body, effect=list)
            return copy.deepcopy(operation)

    def _roster_update(
        self, call: CallRecord, changed: Iterable[dict[str, Any]], *, notify: bool = True
    ) -> None:
        """Stamp the changed participants with the next roster sequence number and report them."""
        call.roster_sequence += 1
        data = []
        for participant in changed:
            participant["rosterSequenceNumber"] = call.roster_sequence
            data.append(copy.deepcopy(participant))
        if notify:
            self._notify(call, "updated", f"{call.url}/participants", data)

    # -- audio routing groups --------------------------------------------------------------------

    def list_groups(self, call_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(list(self._active_call(call_id).groups.values()))

    def get_group(self, call_id: str, group_id: str) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self._group(self._active_call(call_id), group_id))

    def create_group(self, call_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        with self.lock:
            call = self._active_call(call_id)
            group_id = body.get("id") or str(uuid.uuid4())
            if group_id in call.groups:
                raise GraphError(
                    409, "Conflict", f"An audio routing group with id '{group_id}' exists already."
                )
            group = {
                "@odata.type": GROUP_TYPE,
                "id": group_id,
                "routingMode": body.get("routingMode"),
                "sources": list(body.get("sources") or []),
                "receivers": list(body.get("receivers") or []),
            }
            call.groups[group_id] = group
            return copy.deepcopy(group)

    def update_group(self, call_id: str, group_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        with self.lock:
            group = self._group(self._active_call(call_id), group_id)
            for key in ("routingMode", "sources", "receivers"):
                if key in body:
                    group[key] = copy.deepcopy(body[key])
            return copy.deepcopy(group)

    def delete_group(self, call_id: str, group_id: str) -> None:
        with self.lock:
            call = self._active_call(call_id)
            self._group(call, group_id)
            del call.groups[group_id]

    def _group(self, call: CallRecord, group_id: str) -> dict[str, Any]:
        group = call.groups.get(group_id)
        if group is None:
            raise GraphError(404, "itemNotFound", f"Audio routing group '{group_id}' was not found.")
        return group

    # -- content sharing sessions ----------------------------------------------------------------

    def list_sessions(self, call_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(list(self._active_call(call_id).sessions.values()))

    def get_session(self, call_id: str, session_id: str) -> dict[str, Any]:
        with self.lock:
            call = self._active_call(call_id)
            session = call.sessions.get(session_id)
            if session is None:
                raise GraphError(
                    404, "itemNotFound", f"Content sharing session '{session_id}' was not found."
                )
            return copy.deepcopy(session)

    def seed_session(self, call_id: str, session_id: str | None) -> str:
        """Someone starts sharing: a session, and a ``created`` notification if the call asked for them."""
        with self.lock:
            call = self._calls[call_id]
            session = {"@odata.type": SESSION_TYPE, "id": session_id or uuid.uuid4().hex.upper()}
            call.sessions[session["id"]] = session
            options = call.resource.get("callOptions") or {}
            if options.get("isContentSharingNotificationEnabled"):
                self._notify(call, "created", f"{call.url}/contentsharingsessions", [copy.deepcopy(session)])
            return str(session["id"])

    # -- recordings ------------------------------------------------------------------------------

    def recording_token(self, call_id: str, operation_id: str) -> str | None:
        with self.lock:
            call = self._calls.get(call_id)
            return None if call is None else call.recordings.get(operation_id)


# -- helpers ---------------------------------------------------------------------------------------

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


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise GraphError(400, "BadRequest", message)


def _require_state(call: CallRecord, state: str, action: str) -> None:
    _require(call.state == state, f"Cannot {action} call '{call.id}' in state '{call.state}'.")


def _require_callback_uri(value: Any, *, required: bool) -> None:
    if value is None or value == "":
        _require(not required, "callbackUri is required.")
        return
    parts = urllib.parse.urlsplit(str(value))
    loopback_http = parts.scheme == "http" and (parts.hostname or "") in _LOOPBACK_HOSTS
    _require(
        (parts.scheme == "https" and bool(parts.hostname)) or loopback_http,
        "callbackUri must be an https URL.",
    )


def _check_client_context(body: Mapping[str, Any]) -> None:
    context = body.get("clientContext")
    _require(
        context is None or len(str(context)) <= MAX_CLIENT_CONTEXT,
        f"clientContext must be at most {MAX_CLIENT_CONTEXT} characters.",
    )


def _check_action_input(action: str, body: Mapping[str, Any]) -> None:
    if action == "playPrompt":
        prompts = body.get("prompts") or []
        _require(bool(prompts), "prompts is required.")
        _require(len(prompts) <= MAX_PROMPTS, f"At most {MAX_PROMPTS} prompts are allowed.")
    elif action == "recordResponse":
        _require(len(body.get("prompts") or []) <= 1, "At most one prompt is allowed.")
        for name in (
            "initialSilenceTimeoutInSeconds",
            "maxSilenceTimeoutInSeconds",
            "maxRecordDurationInSeconds",
        ):
            value = body.get(name)
            _require(value is None or 1 <= value <= 120, f"{name} must be between 1 and 120.")
    elif action == "sendDtmfTones":
        _require(bool(body.get("tones")), "tones is required.")
    elif action == "updateRecordingStatus":
        _require(body.get("status") is not None, "status is required.")


def _result_info(result: Mapping[str, Any]) -> dict[str, Any]:
    return {"@odata.type": RESULT_INFO_TYPE, **result}


def _user_identity(user_id: str, display_name: str) -> dict[str, Any]:
    return {
        "@odata.type": IDENTITY_SET_TYPE,
        "user": {"@odata.type": IDENTITY_TYPE, "id": user_id, "displayName": display_name},
    }


def _app_identity(app_id: str) -> dict[str, Any]:
    return {
        "@odata.type": IDENTITY_SET_TYPE,
        "application": {"@odata.type": IDENTITY_TYPE, "id": app_id, "displayName": BOT_DISPLAY_NAME},
    }


def _new_participant(participant_id: str, identity: Any, source_id: int) -> dict[str, Any]:
    return {
        "@odata.type": PARTICIPANT_TYPE,
        "id": participant_id,
        "info": {
            "@odata.type": PARTICIPANT_INFO_TYPE,
            "identity": copy.deepcopy(identity),
            "endpointType": "default",
            "participantId": participant_id,
        },
        "mediaStreams": [
            {
                "@odata.type": MEDIA_STREAM_TYPE,
                "mediaType": "audio",
                "label": "main-audio",
                "sourceId": str(source_id),
                "direction": "sendReceive",
                "serverMuted": False,
            }
        ],
        "isMuted": False,
        "isInLobby": False,
        "metadata": None,
        "rosterSequenceNumber": None,
    }


def _participant_from_seed(item: Any, source_id: int) -> dict[str, Any]:
    """A roster entry from a seed: a display name, a participant dict, or an identitySet dict."""
    if isinstance(item, str):
        return _new_participant(str(uuid.uuid4()), _user_identity(str(uuid.uuid4()), item), source_id)
    if not isinstance(item, Mapping):
        raise TypeError(f"a seeded participant is a display name or a dict, not {type(item).__name__}")
    if "info" in item or "id" in item or item.get("@odata.type") == PARTICIPANT_TYPE:
        pid = str(item.get("id") or uuid.uuid4())
        info = item.get("info") or {}
        participant = _new_participant(pid, info.get("identity"), source_id)
        participant.update(copy.deepcopy(dict(item)))
        participant["id"] = pid
        return participant
    return _new_participant(str(uuid.uuid4()), dict(item), source_id)


def _set_muted(participant: dict[str, Any], muted: bool) -> None:
    participant["isMuted"] = muted
    for stream in participant.get("mediaStreams") or []:
        if stream.get("mediaType") == "audio":
            stream["serverMuted"] = muted
