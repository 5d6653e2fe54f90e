"""Test your bot offline: a local Graph calls simulator, a fake identity platform, HTTPS test servers.

Installed with the ``graph-calls[testing]`` extra (the client never imports it). Names load on first use,
so importing this package stays cheap::

    from graph_calls.testing import GraphSimulator

    with GraphSimulator() as sim, sim.client() as graph:
        call_id = sim.seed_call(participants=2)
        graph.calls[call_id].participants.list()

pytest fixtures (``graph_sim``, ``graph_client``, ``async_graph_client``, and ``serve_bot``,
``async_serve_bot`` and ``graph_callback_validator`` to serve your bot's app as the callback, failing the test
when it answers a notification with anything but success) are in :mod:`graph_calls.testing.fixtures`;
``python -m graph_calls.testing serve`` runs the simulator by hand, and can ring a bot and play a scenario.

Layout: :mod:`.simulator` (the public ``GraphSimulator``) over the HTTP face (``_graph_app``, ``_handlers``,
``_http``, ``_contract``, ``_faults``), the simulated state (``_state`` and one module per resource), the
notifier, and the fake identity platform (:mod:`.identity` over ``_idp_*``).

May import: anything public of ``graph_calls``, the generated package, and the server libraries of the
extra. Nothing outside this package imports it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph_calls.testing._bot_server import BotFailed, ServedBot
    from graph_calls.testing._clock import SimClock
    from graph_calls.testing._server import ServerThread
    from graph_calls.testing._tls import TestCA
    from graph_calls.testing.identity import FakeIdentityPlatform
    from graph_calls.testing.simulator import (
        ContractViolation,
        GraphSimulator,
        NotificationDelivery,
        RecordedRequest,
    )

__all__ = [
    "BotFailed",
    "ContractViolation",
    "FakeIdentityPlatform",
    "GraphSimulator",
    "NotificationDelivery",
    "RecordedRequest",
    "ServedBot",
    "ServerThread",
    "SimClock",
    "TestCA",
]

_LAZY_EXPORTS = {
    "BotFailed": "graph_calls.testing._bot_server",
    "ServedBot": "graph_calls.testing._bot_server",
    "FakeIdentityPlatform": "graph_calls.testing.identity",
    "ServerThread": "graph_calls.testing._server",
    "SimClock": "graph_calls.testing._clock",
    "TestCA": "graph_calls.testing._tls",
    "GraphSimulator": "graph_calls.testing.simulator",
    "ContractViolation": "graph_calls.testing.simulator",
    "NotificationDelivery": "graph_calls.testing.simulator",
    "RecordedRequest": "graph_calls.testing.simulator",
}


def __getattr__(name: str) -> Any:
    """Import an exported name on first access."""
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module_name), name)
