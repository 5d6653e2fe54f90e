"""What the scenario tests share: a bot that hears notifications, and one way to drive either client.

- :class:`Bot`: a :class:`~graph_calls.notifications.NotificationReceiver` served over TLS on
  127.0.0.1 (the simulator's CA), keeping every notification it accepted, per call, in arrival
  order; tests wait on it (a condition, no sleeps) and assert the sequence.
- :class:`Api`: runs ``lambda graph: graph.calls[...]...`` on ``GraphCalls`` (sync) or on
  ``AsyncGraphCalls`` (awaited on an event loop of its own), so one test body proves both twins.
- :func:`steps`: a call's notifications as ``(changeType, kind, state or status)`` rows.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, Literal

import pytest

from graph_calls import identities, models
from graph_calls.notifications import CallbackTokenValidator, Notification, NotificationReceiver
from graph_calls.paging import AsyncPager, Pager
from graph_calls.testing import ServerThread
from graph_calls.testing.simulator import GraphSimulator

TIMEOUT_S = 10.0
MEDIA = models.ServiceHostedMediaConfig()
GOOD_PROMPT_URI = "https://cdn.contoso.com/beep.wav"
ClientKind = Literal["sync", "async"]


class Bot:
    """A bot's callback endpoint (TLS on 127.0.0.1) that keeps every notification it accepted."""

    def __init__(self, sim: GraphSimulator) -> None:
        self._cond = threading.Condition()
        self._received: list[Notification] = []
        validator = CallbackTokenValidator(
            sim.client_id, openid_config_url=sim.idp.callback_openid_config_url, verify=sim.ca_bundle
        )
        self.receiver = NotificationReceiver(sim.client_id, validator=validator, on_notifications=self._keep)
        self.server = ServerThread(
            self.receiver.asgi_app(), certfile=sim.ca.server_certfile, keyfile=sim.ca.server_keyfile
        )

    def _keep(self, notifications: list[Notification]) -> None:
        with self._cond:
            self._received.extend(notifications)
            self._cond.notify_all()

    @property
    def callback_uri(self) -> str:
        return f"{self.server.base_url}/api/calls"

    def of_call(self, call_id: str) -> list[Notification]:
        """The notifications about ``call_id`` received so far, in arrival order."""
        with self._cond:
            return [n for n in self._received if n.call_id == call_id]

    def wait_for(
        self, call_id: str, until: Callable[[list[Notification]], bool], timeout: float = TIMEOUT_S
    ) -> list[Notification]:
        """The call's notifications, once ``until`` holds for them (fails after ``timeout`` s)."""
        with self._cond:
            arrived = self._cond.wait_for(
                lambda: until([n for n in self._received if n.call_id == call_id]), timeout
            )
            received = [n for n in self._received if n.call_id == call_id]
        assert arrived, f"still waiting after {timeout} s; call {call_id} got: {steps(received)}"
        return received

    def quiet(self, sim: GraphSimulator, call_id: str) -> list[Notification]:
        """The call's notifications, once everything due was delivered and handled."""
        sim.settle()
        assert self.receiver.wait_idle(TIMEOUT_S)
        return self.of_call(call_id)

    def wait_for_steps(self, call_id: str, n: int, timeout: float = TIMEOUT_S) -> list[tuple[str, str, Any]]:
        """The first ``n`` steps of the call, once they arrived."""
        return steps(self.wait_for(call_id, lambda received: len(received) >= n, timeout)[:n])


def detail(notification: Notification) -> Any:
    """A call's ``state``, an operation's ``status``, or a roster update's number of participants."""
    data = notification.raw.get("resourceData")
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        return data.get("state") or data.get("status")
    return None


def steps(notifications: list[Notification]) -> list[tuple[str, str, Any]]:
    """``(changeType, kind, state | status | roster size)`` of each notification."""
    return [(n.change_type, n.kind, detail(n)) for n in notifications]


def result_of(notification: Notification) -> tuple[Any, Any, Any]:
    """``(code, subcode, message)`` of the ``resultInfo`` a notification carries."""
    info = notification.raw["resourceData"]["resultInfo"]
    return info["code"], info["subcode"], info["message"]


def roster_entries(notification: Notification) -> list[dict[str, Any]]:
    """The participants of a roster update, as sent."""
    entries: list[dict[str, Any]] = notification.raw["resourceData"]
    return entries


class Api:
    """Runs client calls on ``GraphCalls`` or on ``AsyncGraphCalls`` (on an event loop thread of its own)."""

    def __init__(self, sim: GraphSimulator, kind: ClientKind) -> None:
        self.kind = kind
        self._sim = sim
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._graph: Any = None

    def __enter__(self) -> Api:
        if self.kind == "sync":
            self._graph = self._sim.client().__enter__()
            return self
        loop = self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=loop.run_forever, name="scenario-async-client", daemon=True)
        self._thread.start()

        async def open_client() -> Any:
            return await self._sim.async_client().__aenter__()

        self._graph = self._on_loop(open_client())
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.kind == "sync":
            self._graph.__exit__(None, None, None)
            return
        assert self._loop is not None
        assert self._thread is not None
        try:
            self._on_loop(self._graph.__aexit__(None, None, None))
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._loop.close()

    def __call__(self, action: Callable[[Any], Any]) -> Any:
        """``action(graph)``'s result: awaited (or collected, for a list) with the async client."""
        result = action(self._graph)
        if self.kind == "sync":
            return list(result) if isinstance(result, Pager) else result
        if isinstance(result, AsyncPager):
            return self._on_loop(result.collect())
        assert inspect.isawaitable(result), f"the async client returned {result!r}, not an awaitable"
        return self._on_loop(_awaited(result))

    def _on_loop(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(TIMEOUT_S)


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, graph_sim: GraphSimulator) -> Iterator[Api]:
    """The simulator's default app, through ``GraphCalls`` and then ``AsyncGraphCalls``."""
    with Api(graph_sim, request.param) as client:
        yield client


@pytest.fixture
def bot(graph_sim: GraphSimulator) -> Iterator[Bot]:
    """A bot listening for the simulator's notifications; every one it got was accepted."""
    the_bot = Bot(graph_sim)
    with the_bot.server:
        yield the_bot
        graph_sim.settle()  # what is due is delivered while the bot still listens
    the_bot.receiver.close()
    assert [d.status for d in graph_sim.notification_failures] == []
    graph_sim.assert_no_contract_violations()  # every notification met the spec


def answer(api: Api, bot: Bot, call_id: str) -> None:
    """The bot answers ``call_id`` (audio, service-hosted media), its notifications to ``bot``."""
    api(
        lambda graph: graph.calls[call_id].answer(
            callback_uri=bot.callback_uri, media_config=MEDIA, accepted_modalities=["audio"]
        )
    )


def user(user_id: str, name: str | None = None) -> Any:
    """An Entra user's identitySet, as the client builds it."""
    return identities.user(user_id, identity_provider="AAD", display_name=name)


def invitee(identity: Any, **extra: Any) -> models.InvitationParticipantInfo:
    return models.InvitationParticipantInfo(identity=identity, **extra)
