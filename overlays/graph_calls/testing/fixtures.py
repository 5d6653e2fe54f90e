"""pytest fixtures for testing code that uses graph-calls against the local simulator.

Nothing registers itself: pull the fixtures into a ``conftest.py`` with either ::

    from graph_calls.testing.fixtures import *  # noqa: F403

or, in the root ``conftest.py``, ::

    pytest_plugins = ["graph_calls.testing.fixtures"]

Fixtures:

- ``graph_simulator`` (session): one running :class:`~graph_calls.testing.GraphSimulator`.
- ``graph_sim``: that simulator, reset for this test; the test fails if the simulator sent
  anything the spec does not allow while it ran.
- ``graph_client``: a :class:`graph_calls.GraphCalls` pointed at ``graph_sim``.
- ``async_graph_client``: the :class:`graph_calls.AsyncGraphCalls` twin, for async tests run by
  anyio (``@pytest.mark.anyio`` and an ``anyio_backend`` fixture).

Example::

    def test_invite_adds_the_invitee(graph_sim, graph_client):
        call_id = graph_sim.seed_call(participants=1)
        ...
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Final

import pytest

from graph_calls.testing.simulator import GraphSimulator

if TYPE_CHECKING:
    from graph_calls.client import AsyncGraphCalls, GraphCalls

__all__ = ["async_graph_client", "check_contract", "graph_client", "graph_sim", "graph_simulator"]

# At teardown, time for notifications still in flight to be sent (and their payloads checked).
SETTLE_AT_TEARDOWN_S: Final = 0.5


def check_contract(sim: GraphSimulator) -> None:
    """Fail the running test if ``sim`` recorded contract violations (what ``graph_sim`` runs last)."""
    violations = sim.contract_violations
    if violations:
        lines = "\n".join(f"  - {violation}" for violation in violations)
        pytest.fail(
            f"the Graph simulator sent {len(violations)} answer(s) the spec does not allow:\n{lines}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def graph_simulator() -> Iterator[GraphSimulator]:
    """One simulator (and fake identity platform) for the whole test session."""
    with GraphSimulator() as sim:
        yield sim


@pytest.fixture
def graph_sim(graph_simulator: GraphSimulator) -> Iterator[GraphSimulator]:
    """The session simulator, reset; fails the test if a contract violation was recorded."""
    graph_simulator.reset()
    yield graph_simulator
    # A test that leaves slow operations behind is not a contract problem.
    with contextlib.suppress(TimeoutError):
        graph_simulator.settle(SETTLE_AT_TEARDOWN_S)
    check_contract(graph_simulator)


@pytest.fixture
def graph_client(graph_sim: GraphSimulator) -> Iterator[GraphCalls]:
    """A sync client for the simulator's default app (every calling permission)."""
    with graph_sim.client() as client:
        yield client


@pytest.fixture
async def async_graph_client(graph_sim: GraphSimulator) -> AsyncIterator[AsyncGraphCalls]:
    """An async client for the simulator's default app."""
    async with graph_sim.async_client() as client:
        yield client
