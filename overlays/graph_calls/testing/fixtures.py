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
- ``graph_callback_validator``: a ``CallbackTokenValidator`` for the simulator's app, fetching the
  signing keys of the simulator's identity platform: give it to your bot's ``NotificationReceiver``.
- ``serve_bot``: serves your bot's ASGI app (or an ``on_notifications`` function) on 127.0.0.1 over
  HTTPS as its callback URL, and returns a :class:`ServedBot`: ``bot.callback_url``, ``bot.wait_quiet()``,
  ``bot.wait_for_call(...)``. The test fails when the bot answers a notification with anything but
  ``2xx`` (a redirect included), raises, or its ``on_notifications`` raises.
- ``async_serve_bot``: the same for async tests (``bot = await async_serve_bot(app)``): the bot runs
  on the test's event loop, so it can share ``async_graph_client``; wait with ``await bot.await_quiet()``.

Also: with the fixtures pulled in, a test that fails on a timeout (``GraphTimeoutError``,
``TimeoutError``) gets the simulator's deliveries during the test appended to the error.

Example::

    def test_the_bot_answers(graph_sim, graph_client, graph_callback_validator, serve_bot):
        bot = serve_bot(create_app(graph_client, graph_sim.client_id, graph_callback_validator))
        call_id = graph_sim.ring(bot.callback_url)
        bot.wait_quiet()
        assert graph_sim.call(call_id)["state"] == "established"
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

import pytest

from graph_calls.errors import GraphTimeoutError
from graph_calls.testing._bot_explain import log_summary
from graph_calls.testing._bot_server import (
    BotFailed,
    ServedBot,
    SupportsWaitIdle,
    callback_validator,
    wait_quiet,
)
from graph_calls.testing.simulator import GraphSimulator

if TYPE_CHECKING:
    from starlette.types import ASGIApp

    from graph_calls.client import AsyncGraphCalls, GraphCalls
    from graph_calls.notifications.handler import NotificationReceiver, OnNotifications
    from graph_calls.notifications.validation import CallbackTokenValidator

__all__ = [
    "AsyncServeBot",
    "BotFailed",
    "ServeBot",
    "ServedBot",
    "async_graph_client",
    "async_serve_bot",
    "check_contract",
    "graph_callback_validator",
    "graph_client",
    "graph_sim",
    "graph_simulator",
    "pytest_runtest_makereport",
    "serve_bot",
    "wait_quiet",
]

# At teardown, time for notifications still in flight to be sent (and their payloads checked).
SETTLE_AT_TEARDOWN_S: Final = 0.5
# When the test's use of the simulator began, for the timeout explanations.
_STARTED: Final = pytest.StashKey[float]()


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
def graph_sim(graph_simulator: GraphSimulator, request: pytest.FixtureRequest) -> Iterator[GraphSimulator]:
    """The session simulator, reset; fails the test if a contract violation was recorded."""
    graph_simulator.reset()
    request.node.stash[_STARTED] = time.time()
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


@pytest.fixture
def graph_callback_validator(graph_sim: GraphSimulator) -> CallbackTokenValidator:
    """Validates the callback tokens ``graph_sim`` signs, for its default app (``graph_sim.client_id``)."""
    return callback_validator(graph_sim)


# -- serving the bot -----------------------------------------------------------------------------


class ServeBot(Protocol):
    """What ``serve_bot`` is: call it with your bot's ASGI app (or ``on_notifications=``)."""

    def __call__(
        self,
        app: ASGIApp | None = None,
        *,
        on_notifications: OnNotifications | None = None,
        path: str = "/callback",
        receivers: Sequence[SupportsWaitIdle] = (),
        max_workers: int | None = None,
    ) -> ServedBot:
        """Serve ``app`` (or a receiver calling ``on_notifications``) until the test ends.

        ``path`` is the callback route in ``app``; ``receivers`` what ``wait_quiet`` waits on (by
        default the ``NotificationReceiver`` objects found in ``app``'s routes); ``max_workers`` is
        passed to the receiver made for ``on_notifications``.
        """
        ...


class AsyncServeBot(Protocol):
    """What ``async_serve_bot`` is: ``bot = await async_serve_bot(app)``."""

    def __call__(
        self,
        app: ASGIApp | None = None,
        *,
        on_notifications: OnNotifications | None = None,
        path: str = "/callback",
        receivers: Sequence[SupportsWaitIdle] = (),
        max_workers: int | None = None,
    ) -> Awaitable[ServedBot]:
        """:class:`ServeBot`, serving on the test's event loop."""
        ...


def _bot(
    sim: GraphSimulator,
    app: ASGIApp | None,
    on_notifications: OnNotifications | None,
    path: str,
    receivers: Sequence[SupportsWaitIdle],
    max_workers: int | None,
) -> tuple[ServedBot, NotificationReceiver | None]:
    if (app is None) == (on_notifications is None):
        raise TypeError("serve the bot's ASGI app, or a receiver calling on_notifications=: one of the two")
    if app is not None:
        return ServedBot(sim, app, path=path, receivers=receivers), None
    from graph_calls.notifications.handler import NotificationReceiver

    options: dict[str, Any] = {} if max_workers is None else {"max_workers": max_workers}
    receiver = NotificationReceiver(
        sim.client_id, validator=callback_validator(sim), on_notifications=on_notifications, **options
    )
    return ServedBot(sim, receiver.asgi_app(), path=path, receivers=receivers or (receiver,)), receiver


def _report(messages: list[str]) -> None:
    if messages:
        pytest.fail("\n".join(messages), pytrace=False)


@pytest.fixture
def serve_bot(graph_sim: GraphSimulator) -> Iterator[ServeBot]:
    """Serve your bot on 127.0.0.1 as its callback URL; the test fails if the bot fails a notification.

    Example: ``bot = serve_bot(app); call_id = graph_sim.ring(bot.callback_url); bot.wait_quiet()``.
    """
    served: list[tuple[ServedBot, NotificationReceiver | None]] = []

    def serve(
        app: ASGIApp | None = None,
        *,
        on_notifications: OnNotifications | None = None,
        path: str = "/callback",
        receivers: Sequence[SupportsWaitIdle] = (),
        max_workers: int | None = None,
    ) -> ServedBot:
        bot, receiver = _bot(graph_sim, app, on_notifications, path, receivers, max_workers)
        served.append((bot.start(), receiver))
        return bot

    yield serve
    messages = []
    for bot, receiver in reversed(served):
        try:
            with contextlib.suppress(TimeoutError):  # what the test left running is not a failure
                bot.wait_quiet(SETTLE_AT_TEARDOWN_S, check=False)
        finally:
            bot.stop()  # answers the requests in progress: what they do is recorded before the check
            if receiver is not None:
                receiver.close()
        try:
            bot.check(unreported_only=True)
        except BotFailed as failure:
            messages.append(str(failure))
    _report(messages)


@pytest.fixture
async def async_serve_bot(graph_sim: GraphSimulator) -> AsyncIterator[AsyncServeBot]:
    """``serve_bot`` for async tests (asyncio): ``bot = await async_serve_bot(app)``, on the test's loop."""
    served: list[tuple[ServedBot, NotificationReceiver | None]] = []

    async def serve(
        app: ASGIApp | None = None,
        *,
        on_notifications: OnNotifications | None = None,
        path: str = "/callback",
        receivers: Sequence[SupportsWaitIdle] = (),
        max_workers: int | None = None,
    ) -> ServedBot:
        bot, receiver = _bot(graph_sim, app, on_notifications, path, receivers, max_workers)
        served.append((await bot.astart(), receiver))
        return bot

    yield serve
    messages = []
    for bot, receiver in reversed(served):
        try:
            with contextlib.suppress(TimeoutError):
                await bot.await_quiet(SETTLE_AT_TEARDOWN_S, check=False)
        finally:
            await bot.astop()
            if receiver is not None:
                receiver.close()
        try:
            bot.check(unreported_only=True)
        except BotFailed as failure:
            messages.append(str(failure))
    _report(messages)


# -- timeouts that explain themselves --------------------------------------------------------------

_EXPLAINED_MARK: Final = "notifications the simulator delivered during the test:"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """A test that failed on a timeout gets, in its error, what the simulator delivered during it."""
    if call.when == "call" and call.excinfo is not None:
        _explain_timeout(item, call.excinfo.value)
    yield


def _explain_timeout(item: pytest.Item, error: BaseException) -> None:
    if not isinstance(error, TimeoutError | GraphTimeoutError):
        return
    sim = getattr(item, "funcargs", {}).get("graph_sim")
    started = item.stash.get(_STARTED, None)
    if not isinstance(sim, GraphSimulator) or started is None:
        return
    if len(error.args) != 1 or not isinstance(error.args[0], str):
        return
    if _EXPLAINED_MARK in error.args[0] or "delivered to https://" in error.args[0]:
        return  # explained already (by ServedBot's waits, or by this hook)
    with contextlib.suppress(Exception):  # the simulator may be stopped: keep the error as it was
        lines = log_summary(sim.notifications_sent, since=started)
        # The report is made from this exception after this hook: its message is what the test shows.
        error.args = (f"{error.args[0]}\n{_EXPLAINED_MARK}\n" + "\n".join(f"  {line}" for line in lines),)
