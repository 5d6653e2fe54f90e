"""Run an ASGI app with uvicorn on 127.0.0.1 in a background thread, for tests and demos."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import TracebackType
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

__all__ = ["ServerThread"]

HOST = "127.0.0.1"
STARTUP_POLL_S = 0.005
# On top of the graceful-shutdown window: time for uvicorn's exit tick and lifespan shutdown.
STOP_MARGIN_S = 5.0
REAP_INTERVAL_S = 0.01


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
        server = _Server(self._config())
        thread = threading.Thread(
            target=self._serve, args=(server,), name=f"ServerThread-{id(self):x}", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        try:
            self._wait_until_listening(server, thread)
        except RuntimeError:
            self.stop()
            raise
        self._port = _listening_port(server)
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
        server.should_exit = True
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

    def _serve(self, server: _Server) -> None:
        # uvicorn installs no signal handlers off the main thread. On a startup failure it calls
        # sys.exit(); keep that (or any crash) for start() to report instead of printing it.
        try:
            server.run()
        except BaseException as exc:
            self._failure = exc

    def _wait_until_listening(self, server: _Server, thread: threading.Thread) -> None:
        deadline = time.monotonic() + self._startup_timeout_s
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"server failed to start: {self._failure!r}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not listening after {self._startup_timeout_s} s")
            time.sleep(STARTUP_POLL_S)


def _listening_port(server: uvicorn.Server) -> int:
    sockets = server.servers[0].sockets
    port: int = sockets[0].getsockname()[1]
    return port


class _Server(uvicorn.Server):
    """uvicorn's server, minus a wait on idle TLS connections at shutdown.

    uvicorn closes idle keep-alive connections when it shuts down, but asyncio's TLS transport
    then waits for the client's close_notify, which an idle client (a pooled requests or httpx
    connection) never sends; every stop() would sit out the whole graceful-shutdown window. So
    while shutting down, connections already closing with nothing left to send are aborted.
    """

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        reaper = asyncio.create_task(self._abort_closing_connections())
        try:
            await super().shutdown(sockets)
        finally:
            reaper.cancel()

    async def _abort_closing_connections(self) -> None:
        while True:
            for connection in list(self.server_state.connections):
                transport = getattr(connection, "transport", None)
                if (
                    isinstance(transport, asyncio.WriteTransport)
                    and transport.is_closing()
                    and transport.get_write_buffer_size() == 0
                ):
                    transport.abort()
            await asyncio.sleep(REAP_INTERVAL_S)
