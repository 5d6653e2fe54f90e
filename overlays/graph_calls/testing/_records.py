"""What the simulated service stores: :class:`CallRecord`, and the Graph-shaped dicts it is made of.

A call's resource, roster entries, identities and ``resultInfo`` values are plain dicts, built
here with the ``@odata.type`` names and fields the Graph reference shows, so every resource
module builds them the same way. Nothing here takes a lock or sends a notification.
"""

from __future__ import annotations

import copy
import itertools
import os
import random
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

__all__ = [
    "CallRecord",
    "add_generated_participants",
    "app_identity",
    "json_copy",
    "new_call_record",
    "new_id",
    "new_participant",
    "participant_from_seed",
    "result_info",
    "set_muted",
    "user_identity",
]

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
BOT_DISPLAY_NAME: Final = "Calling Bot"

SUCCESS: Final = {"code": 200, "subcode": 0, "message": "Action completed successfully."}
CANCELLED: Final = {"code": 400, "subcode": 8508, "message": "Action failed, the operation was cancelled."}
INVITE_CANCELLED: Final = {"code": 487, "subcode": 0, "message": "The invitation was cancelled."}
CALL_ENDED: Final = {"code": 200, "subcode": 5001, "message": "The conversation has ended."}
TRANSFERRED: Final = {"code": 0, "subcode": 7015, "message": "GracefulTransferCompleted"}
# Call end reason codes (the Delete call page) for the other side hanging up or leaving.
PEER_HUNG_UP: Final = {
    "code": 200,
    "subcode": 4521,
    "message": "Call ended by the other participant in peer-to-peer call.",
}
PSTN_HUNG_UP: Final = {"code": 200, "subcode": 540000, "message": "Call ended by the PSTN User."}
ALL_LEFT: Final = {
    "code": 200,
    "subcode": 5002,
    "message": "The conversation has ended as all other participants have left the call.",
}
REMOVED_STATE_TYPE: Final = "#microsoft.graph.removedState"
# recordResponse's completion notification (call: recordResponse, Example 1).
MAX_RECORD_DURATION: Final = {
    "code": 200,
    "subcode": 8515,
    "message": "Action completed, max record duration reached.",
}


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
    # ring(): the caller, who joins the roster when the bot answers
    caller: dict[str, Any] | None = None
    stop_tones: dict[str, frozenset[str]] = field(default_factory=dict)  # record operation id -> tones
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


def new_call_record(
    *,
    call_id: str,
    app_id: str,
    tenant_id: str,
    state: str,
    direction: str,
    properties: Mapping[str, Any],
) -> CallRecord:
    """A call as the service first serves it, with the bot alone on the roster."""
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
        "tenantId": tenant_id,
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
    call.participants[bot_id] = new_participant(bot_id, bot_identity, next(call.source_ids))
    call.participants[bot_id]["rosterSequenceNumber"] = call.roster_sequence
    return call


_T = TypeVar("_T")
# Ids need to be unique, not secret: a private generator (seeded from the OS once, untouched by a
# test's random.seed) spares each id a system call that also hands the GIL to another thread.
_IDS = random.Random()
os.register_at_fork(after_in_child=_IDS.seed)  # a forked child must not repeat its parent's ids


def new_id() -> str:
    """A random GUID (version 4), as Graph's ids and request-ids are."""
    return str(uuid.UUID(int=_IDS.getrandbits(128), version=4))


def json_copy(value: _T) -> _T:
    """A deep copy of JSON-shaped data (dicts, lists, scalars): four times faster than ``copy.deepcopy``."""
    copied: _T = _copy_json(value)
    return copied


def _copy_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_copy_json(item) for item in value)
    return value


def result_info(result: Mapping[str, Any]) -> dict[str, Any]:
    return {"@odata.type": RESULT_INFO_TYPE, **result}


def user_identity(user_id: str, display_name: str) -> dict[str, Any]:
    return {
        "@odata.type": IDENTITY_SET_TYPE,
        "user": {"@odata.type": IDENTITY_TYPE, "id": user_id, "displayName": display_name},
    }


def app_identity(app_id: str) -> dict[str, Any]:
    return {
        "@odata.type": IDENTITY_SET_TYPE,
        "application": {"@odata.type": IDENTITY_TYPE, "id": app_id, "displayName": BOT_DISPLAY_NAME},
    }


def new_participant(participant_id: str, identity: Any, source_id: int) -> dict[str, Any]:
    return {
        "@odata.type": PARTICIPANT_TYPE,
        "id": participant_id,
        "info": {
            "@odata.type": PARTICIPANT_INFO_TYPE,
            "identity": json_copy(identity),
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


def participant_from_seed(item: Any, source_id: int) -> dict[str, Any]:
    """A roster entry from a seed: a display name, a participant dict, or an identitySet dict."""
    if isinstance(item, str):
        return new_participant(str(uuid.uuid4()), user_identity(str(uuid.uuid4()), item), source_id)
    if not isinstance(item, Mapping):
        raise TypeError(f"a seeded participant is a display name or a dict, not {type(item).__name__}")
    if "info" in item or "id" in item or item.get("@odata.type") == PARTICIPANT_TYPE:
        pid = str(item.get("id") or uuid.uuid4())
        info = item.get("info") or {}
        participant = new_participant(pid, info.get("identity"), source_id)
        participant.update(copy.deepcopy(dict(item)))
        participant["id"] = pid
        return participant
    return new_participant(str(uuid.uuid4()), dict(item), source_id)


def add_generated_participants(call: CallRecord, n: int) -> list[str]:
    """Put ``n`` generated users ("Participant 2", ...) on the roster, at its current sequence number."""
    added = []
    start = len(call.participants)
    for index in range(n):
        identity = user_identity(str(uuid.uuid4()), f"Participant {start + index + 1}")
        participant = new_participant(str(uuid.uuid4()), identity, next(call.source_ids))
        participant["rosterSequenceNumber"] = call.roster_sequence
        call.participants[participant["id"]] = participant
        added.append(participant["id"])
    return added


def set_muted(participant: dict[str, Any], muted: bool) -> None:
    participant["isMuted"] = muted
    for stream in participant.get("mediaStreams") or []:
        if stream.get("mediaType") == "audio":
            stream["serverMuted"] = muted
