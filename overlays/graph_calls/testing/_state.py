"""The simulated service's state: :class:`SimState`, a call store with one collaborator per resource.

:class:`SimState` is the :class:`~graph_calls.testing._store.CallStore` (every call, its lock,
the timing settings) plus the rules that change it, split by resource: ``state.calls``,
``state.operations``, ``state.participants``, ``state.groups`` (audio routing groups),
``state.sessions`` (content sharing sessions), and ``state.remote``: what the people on the
other side do (ring the bot, hang up, join, leave), answering as ``state.people`` says.
Asynchronous outcomes (a call becoming established, an operation completing) run later on a
:class:`~graph_calls.testing._scheduler.Scheduler` thread; each one changes the state and then
reports the change through the ``notify`` callback, in the order the reference shows. Every
method the HTTP face calls raises :class:`~graph_calls.testing._contract.GraphError` for what
the service would refuse (unknown ids: 404; missing or impossible input: 400).
"""

from __future__ import annotations

from graph_calls.testing._calls import Calls
from graph_calls.testing._groups import AudioRoutingGroups
from graph_calls.testing._operations import Operations
from graph_calls.testing._participants import Participants
from graph_calls.testing._remote import RemoteParties
from graph_calls.testing._scheduler import Scheduler
from graph_calls.testing._sessions import ContentSharingSessions
from graph_calls.testing._store import CallStore, Notify

__all__ = ["SimState"]


class SimState(CallStore):
    """Every call the simulator knows, and the rules that change them, by resource."""

    def __init__(
        self,
        *,
        scheduler: Scheduler,
        notify: Notify,
        tenant_id: str,
        operation_delay_s: float,
        establish_delay_s: float,
    ) -> None:
        super().__init__(
            scheduler=scheduler,
            notify=notify,
            tenant_id=tenant_id,
            operation_delay_s=operation_delay_s,
            establish_delay_s=establish_delay_s,
        )
        self.calls = Calls(self)
        self.operations = Operations(self)
        self.participants = Participants(self, self.operations)
        self.groups = AudioRoutingGroups(self)
        self.sessions = ContentSharingSessions(self)
        self.remote = RemoteParties(self, self.calls, self.operations)
