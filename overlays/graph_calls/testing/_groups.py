"""Audio routing groups: ``.../audioRoutingGroups``, a plain collection on each active call.

:class:`AudioRoutingGroups` creates, reads, updates and deletes them; the simulator routes no
audio, so a group is only what was stored (``routingMode``, ``sources``, ``receivers``).
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping
from typing import Any

from graph_calls.testing._contract import GraphError
from graph_calls.testing._records import GROUP_TYPE, CallRecord
from graph_calls.testing._store import CallStore, page

__all__ = ["AudioRoutingGroups"]


class AudioRoutingGroups:
    """The audio routing groups of every call in a :class:`~graph_calls.testing._store.CallStore`."""

    def __init__(self, store: CallStore) -> None:
        self._store = store

    def list_window(self, call_id: str, window: slice) -> tuple[int, list[dict[str, Any]]]:
        """How many there are on the call, and copies of those in ``window``."""
        with self._store.lock:
            return page(self._store.active_call(call_id).groups.values(), window)

    def get(self, call_id: str, group_id: str) -> dict[str, Any]:
        with self._store.lock:
            return copy.deepcopy(_group(self._store.active_call(call_id), group_id))

    def create(self, call_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        with self._store.lock:
            call = self._store.active_call(call_id)
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

    def update(self, call_id: str, group_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        with self._store.lock:
            group = _group(self._store.active_call(call_id), group_id)
            for key in ("routingMode", "sources", "receivers"):
                if key in body:
                    group[key] = copy.deepcopy(body[key])
            return copy.deepcopy(group)

    def delete(self, call_id: str, group_id: str) -> None:
        with self._store.lock:
            call = self._store.active_call(call_id)
            _group(call, group_id)
            del call.groups[group_id]


def _group(call: CallRecord, group_id: str) -> dict[str, Any]:
    group = call.groups.get(group_id)
    if group is None:
        raise GraphError(404, "itemNotFound", f"Audio routing group '{group_id}' was not found.")
    return group
