"""Notification payloads for the notification tests: the Graph reference examples, and small builders."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "graph_reference"
CALL_ID = "421f0500-2a2b-4c51-94cd-9b3c2b1bd5b1"
APP_ID = "8d4b0f2c-5a8e-4c71-9d7e-2b1f3c4d5e6f"  # the bot the callback tokens are minted for


@dataclass(frozen=True)
class ReferencePayload:
    """One ``commsNotifications`` payload printed on a Graph reference page."""

    page: str
    example: int
    index: int
    example_name: str
    payload: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.page}-ex{self.example}-n{self.index}"


def reference_payloads() -> Iterator[ReferencePayload]:
    """Every notification payload of every reference fixture, in page order."""
    for path in sorted(REFERENCE_DIR.glob("*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        for example_index, example in enumerate(page["examples"]):
            for index, payload in enumerate(example.get("notifications") or []):
                yield ReferencePayload(path.stem, example_index, index, example["name"], payload)


def reference(page: str, example: int, index: int) -> dict[str, Any]:
    """One reference payload (a fresh copy)."""
    for found in reference_payloads():
        if (found.page, found.example, found.index) == (page, example, index):
            return found.payload
    raise LookupError(f"no notification {page} example {example} #{index}")


def reference_response(page: str, example: int) -> dict[str, Any]:
    """The response body of a reference example (a fresh copy)."""
    body: dict[str, Any] = json.loads((REFERENCE_DIR / f"{page}.json").read_text(encoding="utf-8"))[
        "examples"
    ][example]["response"]["body"]
    return body


def payload(*notifications: dict[str, Any]) -> dict[str, Any]:
    return {"@odata.type": "#microsoft.graph.commsNotifications", "value": list(notifications)}


def body(*notifications: dict[str, Any]) -> bytes:
    return json.dumps(payload(*notifications)).encode("utf-8")


def notification(
    change_type: str, path: str = "", resource_data: Any = None, *, call_id: str = CALL_ID
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@odata.type": "#microsoft.graph.commsNotification",
        "changeType": change_type,
        "resourceUrl": f"/communications/calls/{call_id}{path}",
    }
    if resource_data is not None:
        item["resourceData"] = resource_data
    return item


def call_data(state: str | None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"@odata.type": "#microsoft.graph.call", **extra}
    if state is not None:
        data["state"] = state
    return data


def participant_data(
    participant_id: str | None,
    *,
    sequence: int | None = None,
    muted: bool = False,
    in_lobby: bool = False,
    removed: str | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@odata.type": "#microsoft.graph.participant",
        "id": participant_id,
        "info": {
            "@odata.type": "#microsoft.graph.participantInfo",
            "identity": {
                "@odata.type": "#microsoft.graph.identitySet",
                "user": {"@odata.type": "#microsoft.graph.identity", "id": f"user-{participant_id}"},
            },
        },
        "isMuted": muted,
        "isInLobby": in_lobby,
        "mediaStreams": [
            {
                "@odata.type": "#microsoft.graph.mediaStream",
                "mediaType": "audio",
                "sourceId": "1",
                "direction": "sendReceive",
                "serverMuted": False,
            }
        ],
    }
    if name is not None:
        data["info"]["identity"]["user"]["displayName"] = name
    if sequence is not None:
        data["rosterSequenceNumber"] = sequence
    if removed is not None:
        data["removedState"] = {"@odata.type": "#microsoft.graph.removedState", "reason": removed}
    return data


def roster(change_type: str, *participants: dict[str, Any], call_id: str = CALL_ID) -> dict[str, Any]:
    return notification(change_type, "/participants", list(participants), call_id=call_id)


def operation_data(
    operation_id: str | None,
    status: str,
    *,
    odata_type: str = "#microsoft.graph.inviteParticipantsOperation",
    code: Any = None,
    subcode: Any = None,
    message: str | None = None,
    client_context: str | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {"@odata.type": odata_type, "id": operation_id, "status": status}
    if code is not None or subcode is not None or message is not None:
        data["resultInfo"] = {"@odata.type": "#microsoft.graph.resultInfo"}
        if code is not None:
            data["resultInfo"]["code"] = code
        if subcode is not None:
            data["resultInfo"]["subcode"] = subcode
        if message is not None:
            data["resultInfo"]["message"] = message
    if client_context is not None:
        data["clientContext"] = client_context
    return data


def operation_done(
    operation_id: str, status: str = "completed", *, call_id: str = CALL_ID, **fields: Any
) -> dict[str, Any]:
    return notification(
        "deleted",
        f"/operations/{operation_id}",
        operation_data(operation_id, status, **fields),
        call_id=call_id,
    )


ESTABLISHED = body(notification("updated", "", call_data("established")))
