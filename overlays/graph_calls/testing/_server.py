"""Run an ASGI app with uvicorn on 127.0.0.1 in a background thread, for tests and demos."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from types import TracebackType
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

__all__ = ["ServerThread"]

HOST = "127.0.0.1"
# On top of the graceful-shutdown window: time for uvicorn's exit tick and lifespan shutdown.
STOP_MARGIN_S = 5.0
# While stopping: how often to look whether the open connections are gone.
DRAIN_POLL_S = 0.001
# uvicorn's tick (it refreshes the Date header every tenth); a stop request wakes it at once.
TICK_S = 0.1
BACKLOG = 2048


class ServerThread:
    """An ASGI app served by uvicorn on ``127.0.0.1`` from a daemon thread, optionally over TLS.

    Port 0 (the default) picks a free ephemeral port; :attr:`port` holds the real one once started.
    Each instance has its own uvicorn server and event loop, so several can run in one process, and
    an instance can be started again after :meth:`stop` (on a new ephemeral port if ``port=0``).

    Example::

        with ServerThread(app) as server:
            httpx.get(f"{server.base_url}/health")
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        port: int = 0,
        certfile: str | None = None,
        keyfile: str | None = None,
        startup_timeout_s: float = 10.0,
        graceful_shutdown_s: int = 2,
        lifespan: Literal["auto", "on", "off"] = "auto",
    ) -> None:
        if (certfile is None) != (keyfile is None):
            raise ValueError("certfile and keyfile must be given together")
        self._app = app
        self._requested_port = port
        self._certfile = certfile
        self._keyfile = keyfile
        self._startup_timeout_s = startup_timeout_s
        self._graceful_shutdown_s = graceful_shutdown_s
        self._lifespan: Literal["auto", "on", "off"] = lifespan
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None
        self._failure: BaseException | None = None

    def __repr__(self) -> str:
        where = self.base_url if self.running else "stopped"
        return f"ServerThread({where})"

    @property
    def running(self) -> bool:
        """Whether the server has started and not been stopped."""
        return self._port is not None

    @property
    def port(self) -> int:
        """The TCP port the server listens on. Raises ``RuntimeError`` unless running."""
        if self._port is None:
            raise RuntimeError("ServerThread is not running")
        return self._port

    @property
    def base_url(self) -> str:
        """``https://127.0.0.1:PORT`` with TLS, else ``http://127.0.0.1:PORT``."""
        scheme = "https" if self._certfile else "http"
        return f"{scheme}://{HOST}:{self.port}"

    def start(self) -> ServerThread:
        """Start serving; return once the socket is listening.

        Raises ``RuntimeError`` if the server fails to start (port in use, lifespan startup error)
        or is not listening within ``startup_timeout_s``.
        """
        if self._thread is not None:
            raise RuntimeError("ServerThread is already running")
        self._failure = None
        # Bound and listening here, so the port is known (and connections queue) at once.
        try:
            listener = _listening_socket(self._requested_port)
        except OSError as exc:
            raise RuntimeError(f"server failed to start: {exc!r}") from exc
        server = _Server(self._config())
        thread = threading.Thread(
            target=self._serve, args=(server, listener), name=f"ServerThread-{id(self):x}", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        try:
            self._wait_until_started(server)
        except RuntimeError:
            self.stop()
            listener.close()
            raise
        self._port = listener.getsockname()[1]
        return self

    def stop(self) -> None:
        """Stop accepting connections, finish or cancel open requests and join the thread.

        Safe to call twice, or on a server that was never started.
        """
        server, thread = self._server, self._thread
        self._server = self._thread = None
        self._port = None
        if server is None or thread is None:
            return
        server.request_exit()
        thread.join(self._graceful_shutdown_s + STOP_MARGIN_S)
        if thread.is_alive():
            server.force_exit = True
            thread.join(STOP_MARGIN_S)
        if thread.is_alive():
            raise RuntimeError("ServerThread did not stop")

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _config(self) -> uvicorn.Config:
        return uvicorn.Config(
            self._app,
            host=HOST,
            port=self._requested_port,
            ssl_certfile=self._certfile,
            ssl_keyfile=self._keyfile,
            lifespan=self._lifespan,
            log_config=None,  # leave the process's logging configuration alone
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=self._graceful_shutdown_s,
        )

    def _serve(self, server: _Server, listener: socket.socket) -> None:
        # uvicorn installs no signal handlers off the main thread. On a startup failure it calls
        # sys.exit(); keep that (or any crash) for start() to report instead of printing it.
        try:
            server.run(sockets=[listener])
        except BaseException as exc:
            self._failure = exc
        finally:
            listener.close()
            server.ready.set()

    def _wait_until_started(self, server: _Server) -> None:
        if not server.ready.wait(self._startup_timeout_s):
            raise RuntimeError(f"server not listening after {self._startup_timeout_s} s")
        if not server.started:
            raise RuntimeError(f"server failed to start: {self._failure!r}")


def _listening_socket(port: int) -> socket.socket:
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and without
    # it every answer sits out a delayed ACK (~40 ms).
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio's create_server
        listener.bind((HOST, port))
        listener.listen(BACKLOG)
    except OSError:
        listener.close()
        raise
    return listener


class _Server(uvicorn.Server):
    """uvicorn's server, told when it has started and stopped instead of polling for either.

    - :attr:`ready` is set once startup has finished (or, by the thread, failed): ``start()``
      waits on it.
    - :meth:`request_exit` wakes the main loop at once, where uvicorn would notice
      ``should_exit`` on its next tick (up to 0.1 s later).
    - Shutdown waits for the open connections to go (checking every millisecond) instead of
      uvicorn's fixed 0.1 s pause and 0.1 s polls; and connections already closing with nothing
      left to send are aborted: asyncio's TLS transport would otherwise wait for the client's
      close_notify, which an idle client (a pooled requests or httpx connection) never sends,
      and every stop would sit out the whole graceful-shutdown window.
    """

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        await super().startup(sockets)
        # On a failure (uvicorn raises SystemExit) the thread sets it, once it has kept the reason.
        self.ready.set()

    def request_exit(self) -> None:
        """Ask the server to shut down (from any thread)."""
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(wake.set)

    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            if self._wake is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), TICK_S)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        try:
            await asyncio.wait_for(self._drain(), timeout=self.config.timeout_graceful_shutdown)
        except TimeoutError:
            for task in self.server_state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()

    async def _drain(self) -> None:
        """Wait until the open connections and the tasks answering them are done."""
        state = self.server_state
        while state.connections and not self.force_exit:
            self._abort_closing_connections()
            await asyncio.sleep(DRAIN_POLL_S)
        while state.tasks and not self.force_exit:
            await asyncio.sleep(DRAIN_POLL_S)
        for server in self.servers:
            await server.wait_closed()

    def _abort_closing_connections(self) -> None:
        for connection in list(self.server_state.connections):
            transport = getattr(connection, "transport", None)
            if not isinstance(transport, asyncio.WriteTransport) or not transport.is_closing():
                continue
            try:
                drained = transport.get_write_buffer_size() == 0
            except AttributeError:  # a TLS transport whose connection is already gone: nothing to abort
                continue
            if drained:
                transport.abort()
