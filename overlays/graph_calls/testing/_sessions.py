"""Content sharing sessions: ``.../contentSharingSessions``, read-only over HTTP.

:class:`ContentSharingSessions` lists and reads them; sessions appear only when a test seeds one
(someone starts sharing), which notifies the bot if the call enabled content sharing
notifications.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from graph_calls.testing._contract import GraphError
from graph_calls.testing._records import SESSION_TYPE
from graph_calls.testing._store import CallStore, page

__all__ = ["ContentSharingSessions"]


class ContentSharingSessions:
    """The content sharing sessions of every call in a :class:`~graph_calls.testing._store.CallStore`."""

    def __init__(self, store: CallStore) -> None:
        self._store = store

    def list_window(self, call_id: str, window: slice) -> tuple[int, list[dict[str, Any]]]:
        """How many there are on the call, and copies of those in ``window``."""
        with self._store.lock:
            return page(self._store.active_call(call_id).sessions.values(), window)

    def get(self, call_id: str, session_id: str) -> dict[str, Any]:
        with self._store.lock:
            call = self._store.active_call(call_id)
            session = call.sessions.get(session_id)
            if session is None:
                raise GraphError(
                    404, "itemNotFound", f"Content sharing session '{session_id}' was not found."
                )
            return copy.deepcopy(session)

    def seed(self, call_id: str, session_id: str | None) -> str:
        """Someone starts sharing: a session, and a ``created`` notification if the call asked for them."""
        with self._store.lock:
            call = self._store.call_record(call_id)
            session = {"@odata.type": SESSION_TYPE, "id": session_id or uuid.uuid4().hex.upper()}
            call.sessions[session["id"]] = session
            options = call.resource.get("callOptions") or {}
            if options.get("isContentSharingNotificationEnabled"):
                self._store.notify(
                    call, "created", f"{call.url}/contentsharingsessions", [copy.deepcopy(session)]
                )
            return str(session["id"])
