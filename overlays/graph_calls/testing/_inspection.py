"""Inspection: what a test reads back from a running simulator.

:class:`SimulatorInspection` gives :class:`~graph_calls.testing.GraphSimulator` its read-only
views: the calls, rosters, operations and sub-collections as the service holds them (copies, in
any call state), the requests it received, the notifications it posted, and the contract
violations it recorded.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeVar

from graph_calls.testing._parts import SimulatorParts

if TYPE_CHECKING:
    from graph_calls.testing._contract import ContractViolation
    from graph_calls.testing._http import RecordedRequest
    from graph_calls.testing._notifier import NotificationDelivery

__all__ = ["SimulatorInspection"]

_T = TypeVar("_T")


class SimulatorInspection(SimulatorParts):
    """The inspection methods of :class:`~graph_calls.testing.GraphSimulator`."""

    def call(self, call_id: str) -> dict[str, Any]:
        """The call as the service holds it, in any state (``KeyError`` if unknown)."""
        state = self._require(self._state)
        with state.lock:
            return _copy(state.call_record(call_id).resource)

    def calls(self) -> list[dict[str, Any]]:
        """Every call the simulator knows, in any state, oldest first."""
        state = self._require(self._state)
        with state.lock:
            return _copy([state.call_record(call_id).resource for call_id in state.call_ids()])

    def keep_alive_at(self, call_id: str) -> float:
        """When the call was last kept alive (its start, or the last ``keepAlive``), as a timestamp."""
        state = self._require(self._state)
        with state.lock:
            return state.call_record(call_id).keep_alive_at

    def participants(self, call_id: str) -> list[dict[str, Any]]:
        """The call's roster, bot first."""
        state = self._require(self._state)
        with state.lock:
            return _copy(list(state.call_record(call_id).participants.values()))

    def operation(self, call_id: str, operation_id: str) -> dict[str, Any]:
        """One operation of a call, as ``GET .../operations/{id}`` would show it."""
        state = self._require(self._state)
        with state.lock:
            return _copy(state.call_record(call_id).operations[operation_id])

    def operations(self, call_id: str) -> list[dict[str, Any]]:
        """Every operation of a call, oldest first."""
        state = self._require(self._state)
        with state.lock:
            return _copy(list(state.call_record(call_id).operations.values()))

    def audio_routing_groups(self, call_id: str) -> list[dict[str, Any]]:
        state = self._require(self._state)
        with state.lock:
            return _copy(list(state.call_record(call_id).groups.values()))

    def content_sharing_sessions(self, call_id: str) -> list[dict[str, Any]]:
        state = self._require(self._state)
        with state.lock:
            return _copy(list(state.call_record(call_id).sessions.values()))

    @property
    def device_quality_reports(self) -> list[dict[str, Any]]:
        """The ``quality`` bodies received by ``logTeleconferenceDeviceQuality``."""
        state = self._require(self._state)
        with state.lock:
            return _copy(state.device_quality_reports)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since start or reset, oldest first."""
        return self._require(self._app).requests

    @property
    def last_request(self) -> RecordedRequest | None:
        requests = self.requests
        return requests[-1] if requests else None

    @property
    def contract_violations(self) -> list[ContractViolation]:
        """Responses (and notification payloads) the simulator sent that the spec does not allow."""
        return self._require(self._app).violations

    def assert_no_contract_violations(self) -> None:
        """Raise ``AssertionError`` listing the violations, if any were recorded."""
        violations = self.contract_violations
        if violations:
            lines = "\n".join(f"  - {violation}" for violation in violations)
            raise AssertionError(f"the simulator broke the spec {len(violations)} time(s):\n{lines}")

    @property
    def notifications_sent(self) -> list[NotificationDelivery]:
        """Every notification POST attempted since start or reset, in delivery order."""
        return self._require(self._notifier).deliveries

    @property
    def notification_failures(self) -> list[NotificationDelivery]:
        """The notification POSTs that failed (connection error or non-2xx answer)."""
        return [delivery for delivery in self.notifications_sent if not delivery.ok]


def _copy(value: _T) -> _T:
    copied: _T = json.loads(json.dumps(value))
    return copied
