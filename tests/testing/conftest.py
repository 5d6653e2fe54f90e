"""Fixtures for the simulator's own tests.

The simulator fixtures come from ``graph_calls.testing.fixtures``, pulled in by ``tests/conftest.py``.
These tests talk to the simulator with raw httpx and a real token from the fake identity
platform, never through the graph-calls client, so they prove the simulator on its own.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from graph_calls.testing._server import ServerThread
from graph_calls.testing.simulator import GraphSimulator

SERVICE_HOSTED_MEDIA = {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}


@dataclass(frozen=True)
class Received:
    """One POST the callback receiver got."""

    path: str
    headers: dict[str, str]
    body: Any

    @property
    def notification(self) -> dict[str, Any]:
        """The single ``commsNotification`` of the payload."""
        items: list[dict[str, Any]] = self.body["value"]
        assert len(items) == 1
        return items[0]


class CallbackReceiver:
    """A bot's notification endpoint on 127.0.0.1 that records what it is sent."""

    def __init__(self) -> None:
        self.status = 202
        self._received: list[Received] = []
        self._cond = threading.Condition()
        self.server: ServerThread | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {key.decode(): value.decode() for key, value in scope["headers"]}
        with self._cond:
            self._received.append(Received(scope["path"], headers, json.loads(body)))
            self._cond.notify_all()
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"{self.server.base_url}/api/calls"

    @property
    def received(self) -> list[Received]:
        with self._cond:
            return list(self._received)

    def wait_for(self, n: int, timeout: float = 5.0) -> list[Received]:
        """The first ``n`` POSTs, once they arrived."""
        with self._cond:
            arrived = self._cond.wait_for(lambda: len(self._received) >= n, timeout)
            assert arrived, f"expected {n} notifications, got {len(self._received)}"
            return list(self._received[:n])

    def reset(self) -> None:
        with self._cond:
            self._received.clear()
        self.status = 202


@pytest.fixture(scope="session")
def callback_receiver() -> Iterator[CallbackReceiver]:
    receiver = CallbackReceiver()
    with ServerThread(receiver, lifespan="off") as server:
        receiver.server = server
        yield receiver


@pytest.fixture
def callback(callback_receiver: CallbackReceiver) -> CallbackReceiver:
    """A fresh (emptied) plain-HTTP notification receiver on 127.0.0.1."""
    callback_receiver.reset()
    return callback_receiver


@pytest.fixture(scope="session")
def graph_token(graph_simulator: GraphSimulator) -> str:
    """An access token of the simulator's default app (every calling permission)."""
    return graph_simulator.access_token()


def http_client(sim: GraphSimulator, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=sim.base_url, verify=sim.ssl_context(), headers=headers, timeout=10)


@pytest.fixture
def graph_http(graph_sim: GraphSimulator, graph_token: str) -> Iterator[httpx.Client]:
    """Raw httpx on the simulator's ``/v1.0``, with the default app's bearer token."""
    with http_client(graph_sim, graph_token) as client:
        yield client


@pytest.fixture
def make_http(graph_sim: GraphSimulator) -> Iterator[Callable[[str | None], httpx.Client]]:
    """Raw httpx clients with another token (or none)."""
    clients: list[httpx.Client] = []

    def make(token: str | None) -> httpx.Client:
        client = http_client(graph_sim, token)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``condition`` until true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)
