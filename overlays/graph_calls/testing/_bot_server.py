"""Serve a bot's app as its callback URL, next to the simulator: :class:`ServedBot`.

The bot's ASGI app (or a plain ``on_notifications`` function, behind a
:class:`~graph_calls.notifications.NotificationReceiver`) is served over HTTPS on ``127.0.0.1``, with a
certificate of the simulator's test CA, so the simulator's notifications reach it as Graph's would. Each
exchange is recorded (:class:`~graph_calls.testing._bot_exchanges.BotExchange`); a bot that answers
anything but ``2xx``, redirects, raises, or whose ``on_notifications`` raises has *failed*, and
:meth:`ServedBot.check` (run by :meth:`~ServedBot.wait_quiet` and by the fixtures at teardown) says so.

Two ways to serve:

- :meth:`ServedBot.start`: uvicorn on its own thread and event loop. The bot's plain callbacks run on
  the receiver's worker threads; use it from sync tests.
- :meth:`ServedBot.astart`: uvicorn as a task on the *running* loop (an async test's), so the bot's
  coroutine callbacks and an async client made in the test share one loop: a client bound to one loop
  and used from another fails, and closing it after that loop closed raises ``Event loop is closed``.
  Wait with the ``await_*`` methods there: a blocking wait would stall the bot.

**Quiet** (:meth:`ServedBot.wait_quiet`) means: nothing is queued or in flight in the simulator (no
pending operation, transition or notification) and the bot's receivers have no callback running, all at
once. It is decided by events, not sleeps: the simulator's queues and the receivers' counts are waited
on, then checked again, and the round repeats if a notification was delivered meanwhile (a callback
that called Graph may have started more).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

import uvicorn
from starlette.types import ASGIApp

from graph_calls import waiting
from graph_calls.errors import GraphTimeoutError
from graph_calls.notifications.handler import NotificationApp, NotificationReceiver
from graph_calls.testing._bot_exchanges import BotExchange, ErrorLog, RecordingApp, local_time
from graph_calls.testing._bot_explain import call_states, delivery_summary, reaches
from graph_calls.testing._server import HOST, _listening_socket, _Server

if TYPE_CHECKING:
    from graph_calls.notifications.state import CallRegistry, CallSnapshot
    from graph_calls.notifications.validation import CallbackTokenValidator
    from graph_calls.testing.simulator import GraphSimulator
    from graph_calls_generated.operations import AnyOperation

__all__ = ["BotFailed", "ServedBot", "SupportsWaitIdle", "callback_validator", "find_receivers", "wait_quiet"]

DEFAULT_WAIT_S: Final = 10.0
_STOP_TIMEOUT_S: Final = 10.0
_GRACEFUL_SHUTDOWN_S: Final = 2
# How deep find_receivers looks into an app's routes, mounts and wrappers.
_MAX_DEPTH: Final = 8


class SupportsWaitIdle(Protocol):
    """What quiet waits on besides the simulator: ``NotificationReceiver.wait_idle``."""

    def wait_idle(self, timeout: float | None = None) -> bool: ...


class BotFailed(AssertionError):
    """The served bot answered a notification with anything but ``2xx``, or it (or its callback) raised."""


def find_receivers(app: object) -> list[NotificationReceiver]:
    """The :class:`NotificationReceiver` behind ``app``: its ``asgi_app()``, in Starlette (or FastAPI)
    routes and mounts, or behind wrappers that keep the app as ``.app``."""
    found: list[NotificationReceiver] = []
    seen: set[int] = set()

    def visit(node: object, depth: int) -> None:
        if node is None or id(node) in seen or depth > _MAX_DEPTH:
            return
        seen.add(id(node))
        if isinstance(node, NotificationApp):
            if node.receiver not in found:
                found.append(node.receiver)
            return
        for name in ("app", "endpoint", "router"):
            visit(getattr(node, name, None), depth + 1)
        routes = getattr(node, "routes", None)
        if isinstance(routes, list):
            for route in routes:
                visit(route, depth + 1)

    visit(app, 0)
    return found


def callback_validator(sim: GraphSimulator, app_id: str | None = None) -> CallbackTokenValidator:
    """A :class:`CallbackTokenValidator` for ``app_id`` (the simulator's default app unless given) that
    fetches the signing keys of the simulator's identity platform: what a bot under test validates with.

    Example: ``NotificationReceiver(sim.client_id, validator=callback_validator(sim), ...)``.
    """
    from graph_calls.notifications.validation import CallbackTokenValidator

    return CallbackTokenValidator(
        app_id or sim.client_id, openid_config_url=sim.idp.callback_openid_config_url, verify=sim.ca_bundle
    )


class ServedBot:
    """A bot's app served on ``127.0.0.1`` as its callback URL; what it was posted and answered.

    Args:
        sim: the running simulator whose notifications the bot receives.
        app: the bot's ASGI app (Starlette, FastAPI, ``receiver.asgi_app()``...).
        path: the callback route in ``app``: :attr:`callback_url` is the served origin plus ``path``.
        receivers: what :meth:`wait_quiet` waits on besides the simulator (``wait_idle``); by default
            the :class:`NotificationReceiver` objects found in ``app``'s routes.

    Made by the ``serve_bot`` / ``async_serve_bot`` fixtures; usable on its own::

        with ServedBot(sim, app).start() as bot:
            call_id = sim.ring(bot.callback_url)
            bot.wait_quiet()
    """

    def __init__(
        self,
        sim: GraphSimulator,
        app: ASGIApp,
        *,
        path: str = "/callback",
        receivers: Sequence[SupportsWaitIdle] = (),
    ) -> None:
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/', not {path!r}")
        self.sim: Final = sim
        self.app: Final = app
        self.path: Final = path
        self.receivers: Final[tuple[SupportsWaitIdle, ...]] = tuple(receivers) or tuple(find_receivers(app))
        self._exchanges: list[BotExchange] = []
        self._lock = threading.Lock()
        self._errors = ErrorLog()
        self._served = RecordingApp(app, self._record)
        self._thread: _ThreadServer | None = None
        self._loop_server: _LoopServer | None = None
        self._base_url: str | None = None
        self._origin: str | None = None  # where it was served, kept after stop()
        self._reported = 0
        self.started_at: float = 0.0
        """When serving began (``time.time()``): deliveries before it are not the bot's."""

    def __repr__(self) -> str:
        return f"ServedBot({self.callback_url if self._base_url is not None else 'stopped'})"

    # -- serving ---------------------------------------------------------------------------------

    def start(self) -> ServedBot:
        """Serve on a thread (and event loop) of its own; return once the socket listens."""
        self._starting()
        ca = self.sim.ca
        self._thread = _ThreadServer(self._served, certfile=ca.server_certfile, keyfile=ca.server_keyfile)
        self._base_url = self._origin = f"https://{HOST}:{self._thread.start()}"
        return self

    async def astart(self) -> ServedBot:
        """Serve on the running event loop; return once the socket listens."""
        self._starting()
        ca = self.sim.ca
        self._loop_server = _LoopServer(self._served, certfile=ca.server_certfile, keyfile=ca.server_keyfile)
        port = await self._loop_server.start()
        self._base_url = self._origin = f"https://{HOST}:{port}"
        return self

    def _starting(self) -> None:
        if self._base_url is not None:
            raise RuntimeError("this bot is already served")
        self.started_at = time.time()
        self._errors.install()

    def stop(self) -> None:
        """Stop serving (a thread-served bot). Safe to call twice."""
        thread, self._thread = self._thread, None
        try:
            if thread is not None:
                thread.stop()
        finally:
            self._stopped()

    async def astop(self) -> None:
        """Stop serving (either kind). Safe to call twice."""
        server, self._loop_server = self._loop_server, None
        try:
            if server is not None:
                await server.stop()
            elif self._thread is not None:
                await asyncio.to_thread(self.stop)
        finally:
            self._stopped()

    def _stopped(self) -> None:
        self._errors.uninstall()
        self._base_url = None  # what failed while served is still in failures (kept by _origin)

    def __enter__(self) -> ServedBot:
        return self if self._base_url is not None else self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> ServedBot:
        return self if self._base_url is not None else await self.astart()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.astop()

    # -- where -----------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``https://127.0.0.1:PORT``: the origin the bot is served on."""
        if self._base_url is None:
            raise RuntimeError("this bot is not served: start() or astart() it first")
        return self._base_url

    @property
    def callback_url(self) -> str:
        """``https://127.0.0.1:PORT/callback``: the ``callbackUri`` that reaches the bot's route."""
        return self.base_url + self.path

    @property
    def receiver(self) -> NotificationReceiver:
        """The bot's one :class:`NotificationReceiver` (``ValueError`` unless exactly one was found)."""
        receivers = [r for r in self.receivers if isinstance(r, NotificationReceiver)]
        if len(receivers) != 1:
            raise ValueError(
                f"the bot has {len(receivers)} NotificationReceiver(s) the fixture could find; pass the"
                " one to wait on as receivers=[...]"
            )
        return receivers[0]

    @property
    def registry(self) -> CallRegistry:
        """The bot's receiver's :class:`~graph_calls.notifications.CallRegistry`."""
        return self.receiver.registry

    # -- what happened ---------------------------------------------------------------------------

    def _record(self, exchange: BotExchange) -> None:
        with self._lock:
            self._exchanges.append(exchange)

    @property
    def exchanges(self) -> list[BotExchange]:
        """Every request the bot answered, oldest first."""
        with self._lock:
            return list(self._exchanges)

    @property
    def failures(self) -> list[str]:
        """What went wrong, one description each: non-2xx answers, redirects, exceptions, errors its
        receivers logged (``on_notifications`` raised), deliveries that got no answer."""
        found = [exchange.describe() for exchange in self.exchanges if not exchange.ok]
        found += [f"logged by graph_calls.notifications: {record}" for record in self._errors.records]
        origin = self._origin
        if origin is not None:
            for delivery in self.sim.notification_failures:
                if reaches(delivery.url, origin) and delivery.status is None:
                    found.append(
                        f"{local_time(delivery.sent_at)} the simulator got no answer from {delivery.url}:"
                        f" {delivery.error}"
                    )
        return found

    def check(self, *, unreported_only: bool = False) -> None:
        """Raise :class:`BotFailed` describing every failure so far (see :attr:`failures`), if any.

        ``unreported_only``: only if there are failures no earlier ``check`` raised for (the fixtures'
        teardown uses it, so a test that failed on them does not fail again at teardown).
        """
        failures = self.failures
        if unreported_only and len(failures) <= self._reported:
            return
        self._reported = len(failures)
        if failures:
            where = self._origin + self.path if self._origin is not None else "the served bot"
            listed = "\n".join(f"  - {failure}" for failure in failures)
            raise BotFailed(f"the bot at {where} failed {len(failures)} time(s):\n{listed}")

    # -- waiting ---------------------------------------------------------------------------------

    def wait_quiet(self, timeout: float = DEFAULT_WAIT_S, *, check: bool = True) -> None:
        """Block until the simulator and the bot are quiet (see the module docs), then :meth:`check`
        (unless ``check=False``).

        Raises ``TimeoutError`` saying what was still busy after ``timeout`` seconds, and
        :class:`BotFailed` if the bot failed meanwhile.
        """
        try:
            wait_quiet(self.sim, self._served, *self.receivers, timeout=timeout)
        except TimeoutError as exc:
            raise waiting.explained(exc, self.explain()) from None
        if check:
            self.check()

    async def await_quiet(self, timeout: float = DEFAULT_WAIT_S, *, check: bool = True) -> None:
        """Async twin of :meth:`wait_quiet` (the loop, and a bot served on it, keep running)."""
        await asyncio.to_thread(functools.partial(self.wait_quiet, timeout, check=check))

    def wait_for_call(
        self, call_id: str, until: Callable[[CallSnapshot], bool], *, timeout: float = DEFAULT_WAIT_S
    ) -> CallSnapshot:
        """:meth:`CallRegistry.wait_for_call` on the bot's registry; a timeout explains itself.

        Example: ``bot.wait_for_call(call_id, lambda c: c.state == "established")``.
        """
        try:
            return self.registry.wait_for_call(call_id, until, timeout=timeout)
        except GraphTimeoutError as exc:
            raise waiting.explained(exc, self.explain(call_id=call_id)) from None

    async def await_call(
        self, call_id: str, until: Callable[[CallSnapshot], bool], *, timeout: float = DEFAULT_WAIT_S
    ) -> CallSnapshot:
        """Async twin of :meth:`wait_for_call`."""
        try:
            return await self.registry.await_call(call_id, until, timeout=timeout)
        except GraphTimeoutError as exc:
            raise waiting.explained(exc, self.explain(call_id=call_id)) from None

    def wait_for_operation(self, operation: Any, *, timeout: float = DEFAULT_WAIT_S) -> AnyOperation:
        """:meth:`CallRegistry.wait_for_operation` on the bot's registry; a timeout explains itself."""
        try:
            return self.registry.wait_for_operation(operation, timeout=timeout)
        except GraphTimeoutError as exc:
            raise waiting.explained(exc, self.explain()) from None

    async def await_operation(self, operation: Any, *, timeout: float = DEFAULT_WAIT_S) -> AnyOperation:
        """Async twin of :meth:`wait_for_operation`."""
        try:
            return await self.registry.await_operation(operation, timeout=timeout)
        except GraphTimeoutError as exc:
            raise waiting.explained(exc, self.explain()) from None

    def explain(self, *, call_id: str | None = None) -> str:
        """What the simulator delivered to the bot since it was served, how the bot took it, and (for
        ``call_id``) the call's state in the simulator: the lines a timeout ends with."""
        lines = []
        if call_id is not None:
            lines.append(call_states(self.sim, call_id))
        lines.append(self._delivered(self.started_at))
        lines += self._failure_lines()
        return "\n".join(f"  {line}" for line in lines)

    def _delivered(self, since: float) -> str:
        return delivery_summary(self.sim.notifications_sent, to=self.base_url, since=since)

    def _failure_lines(self) -> list[str]:
        failures = self.failures
        return [f"the bot failed {len(failures)} time(s), first: {failures[0]}"] if failures else []


def wait_quiet(sim: GraphSimulator, *receivers: SupportsWaitIdle, timeout: float = DEFAULT_WAIT_S) -> None:
    """Block until nothing is queued or in flight in ``sim`` and no callback of ``receivers`` runs.

    Decided by events, not sleeps (see the module docs). Raises ``TimeoutError`` naming what was still
    busy after ``timeout`` seconds.

    Example (a bot served by other means than the fixtures)::

        sim.ring(callback_url)
        wait_quiet(sim, receiver)
    """
    deadline = time.monotonic() + timeout
    while True:
        delivered = len(sim.notifications_sent)
        for receiver in receivers:
            if not receiver.wait_idle(_left(deadline)):
                doing = "still runs callbacks" if isinstance(receiver, NotificationReceiver) else "is busy"
                raise TimeoutError(f"not quiet within {timeout} s: {receiver!r} {doing}")
        try:
            sim.settle(_left(deadline))
        except TimeoutError:
            raise TimeoutError(
                f"not quiet within {timeout} s: the simulator still has operations, transitions or"
                " notifications queued"
            ) from None
        if len(sim.notifications_sent) == delivered and all(r.wait_idle(0) for r in receivers):
            return  # nothing was delivered while we looked: no callback can have started meanwhile
        if time.monotonic() >= deadline:
            raise TimeoutError(f"not quiet within {timeout} s: notifications kept coming")


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


class _LoopUvicorn(_Server):
    """uvicorn on the caller's loop: leaves the process's signal handlers alone, says when it listens."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.listening = asyncio.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # Ctrl-C stays the test runner's

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        self.listening.set()

    def _abort_closing_connections(self) -> None:
        # Works around _server._Server: a TLS transport whose connection is already lost has no protocol
        # left, and its get_write_buffer_size() raises AttributeError; it needs no abort. The drain loop
        # looks again a millisecond later. (Can go once _Server skips such transports itself.)
        with contextlib.suppress(AttributeError):
            super()._abort_closing_connections()


class _LoopServer:
    """An ASGI app served by uvicorn as a task on the running event loop."""

    def __init__(self, app: ASGIApp, *, certfile: str, keyfile: str) -> None:
        self._config = uvicorn.Config(
            app,
            host=HOST,
            port=0,
            ssl_certfile=certfile,
            ssl_keyfile=keyfile,
            log_config=None,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN_S,
        )
        self._server = _LoopUvicorn(self._config)
        self._task: asyncio.Task[None] | None = None
        self._failure: BaseException | None = None

    async def start(self) -> int:
        listener = _listening_socket(0)
        port: int = listener.getsockname()[1]
        self._task = asyncio.get_running_loop().create_task(self._serve(listener))
        listening = asyncio.ensure_future(self._server.listening.wait())
        await asyncio.wait({self._task, listening}, return_when=asyncio.FIRST_COMPLETED)
        listening.cancel()
        if not self._server.started:
            await self.stop()
            raise RuntimeError(f"the bot's server failed to start: {self._failure!r}")
        return port

    async def _serve(self, listener: Any) -> None:
        try:
            await self._server.serve(sockets=[listener])
        except (Exception, SystemExit) as exc:  # uvicorn exits with SystemExit on a startup failure
            self._failure = exc
        finally:
            listener.close()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        self._server.request_exit()
        try:
            await asyncio.wait_for(asyncio.shield(task), _STOP_TIMEOUT_S)
        except TimeoutError:
            self._server.force_exit = True
            await task


class _ThreadServer:
    """A :class:`_LoopServer` on an event loop of its own, run by a daemon thread."""

    def __init__(self, app: ASGIApp, *, certfile: str, keyfile: str) -> None:
        self._server = _LoopServer(app, certfile=certfile, keyfile=keyfile)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="graph-sim-bot", daemon=True)

    def start(self) -> int:
        """Start the loop and the server on it; return the port once it listens."""
        self._thread.start()
        try:
            return asyncio.run_coroutine_threadsafe(self._server.start(), self._loop).result(_STOP_TIMEOUT_S)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server, then the loop and its thread."""
        if self._loop.is_closed():
            return
        try:
            if self._thread.is_alive():
                stopping = asyncio.run_coroutine_threadsafe(self._stop(), self._loop)
                stopping.result(_STOP_TIMEOUT_S * 2)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(_STOP_TIMEOUT_S)
            if not self._thread.is_alive():
                self._loop.close()

    async def _stop(self) -> None:
        await self._server.stop()
        # What the bot left running on this loop (a coroutine callback still waiting) ends with it.
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
