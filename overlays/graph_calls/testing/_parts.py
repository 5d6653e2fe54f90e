"""What a running :class:`~graph_calls.testing.GraphSimulator` is made of, declared once.

``GraphSimulator`` is assembled from classes by concern (``_seeding``: what a test puts in
place and makes happen; ``_inspection``: what a test reads back; ``simulator``: lifecycle,
endpoints and credentials). :class:`SimulatorParts`, their common base, declares the parts they
share (each None while the simulator is stopped) and the check that it is running.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from graph_calls.testing._contract import SpecContract
    from graph_calls.testing._graph_app import GraphApp
    from graph_calls.testing._notifier import Notifier
    from graph_calls.testing._scheduler import Scheduler
    from graph_calls.testing._server import ServerThread
    from graph_calls.testing._state import SimState
    from graph_calls.testing._tls import TestCA
    from graph_calls.testing.identity import FakeIdentityPlatform

__all__ = ["SimulatorParts"]

_T = TypeVar("_T")


class SimulatorParts:
    """The parts of a running simulator, set by ``GraphSimulator.start`` (None while stopped)."""

    _ca: TestCA | None
    _idp: FakeIdentityPlatform | None
    _server: ServerThread | None
    _scheduler: Scheduler | None
    _notifier: Notifier | None
    _state: SimState | None
    _app: GraphApp | None
    _contract: SpecContract | None

    if TYPE_CHECKING:
        # Defined by GraphSimulator; declared here for the classes it is built from.
        @property
        def client_id(self) -> str: ...

    def _require(self, value: _T | None) -> _T:
        if value is None:
            raise RuntimeError("GraphSimulator is not running (use start() or a with block)")
        return value
