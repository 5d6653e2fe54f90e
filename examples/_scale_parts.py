"""The pieces of ``demo_scale.py`` that are not graph-calls: a throwaway Redis and a round-robin front.

- :class:`ThrowawayRedis`: Debian's ``redis-server`` on a free 127.0.0.1 port, its arguments as its whole
  configuration (no snapshots, data in a temporary directory), stopped at the end. When the binary is
  missing and we run as root, ``apt-get install redis-server`` first (what the test suite does too).
- :func:`front_app`: what a load balancer does for the bot's callback URL, in a dozen lines of Starlette:
  each POST goes to the next instance in turn; an instance that does not answer (killed, restarting) is
  skipped and the POST goes to the next one, so no notification is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections import Counter
from typing import Any

_READY_TIMEOUT_S = 10.0
_FORWARD_TIMEOUT_S = 10.0
_FORWARD_ROUNDS = 20  # each instance tried this many times (50 ms apart) before the front gives up: 503


def redis_server_binary() -> str:
    """``redis-server``'s path; installs Debian's package first if it is missing and we are root."""
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.access("/usr/bin/redis-server", os.X_OK) else None
    )
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("demo-scale needs redis-server: sudo apt-get install redis-server")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=120", "-q", "-y"]
    for command in ([*apt, "install", "redis-server"], [*apt, "update"], [*apt, "install", "redis-server"]):
        subprocess.run(command, env=env, capture_output=True, check=False)  # noqa: S603 - apt-get
        if shutil.which("redis-server"):
            return "redis-server"
    raise SystemExit("demo-scale needs redis-server and `apt-get install redis-server` failed")


def die_with_parent() -> None:
    """In a child, before exec: SIGTERM when the parent dies (PR_SET_PDEATHSIG), so nothing lingers."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, timeout_s: float = _READY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class ThrowawayRedis:
    """``redis-server`` on a free loopback port, data in a temporary directory; a context manager."""

    def __init__(self) -> None:
        self.port = free_port()
        self._directory = tempfile.TemporaryDirectory(prefix="demo-scale-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> ThrowawayRedis:
        arguments = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self._process = subprocess.Popen(  # noqa: S603 - redis-server, our own arguments
            [redis_server_binary(), *arguments, "--dir", self._directory.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        wait_for_port(self.port)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None:
            self._process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(10)
        self._directory.cleanup()


def front_app(upstreams: list[str], spread: Counter[str]) -> Any:
    """The round-robin front: an ASGI app forwarding each POST to the next of ``upstreams``.

    ``spread`` counts the POSTs each upstream accepted, and ``"retried"`` the attempts that found an
    instance gone (connection refused or reset) and moved on to the next.
    """
    import httpx
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    turn = itertools.count()
    clients: list[httpx.AsyncClient] = []  # made on the server's own event loop, at the first POST

    async def forward(request: Request) -> Response:
        if not clients:
            clients.append(httpx.AsyncClient(timeout=_FORWARD_TIMEOUT_S))
        body = await request.body()
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("authorization", "content-type")}
        first = next(turn)
        for attempt in range(len(upstreams) * _FORWARD_ROUNDS):
            upstream = upstreams[(first + attempt) % len(upstreams)]
            try:
                answer = await clients[0].post(upstream, content=body, headers=headers)
            except httpx.TransportError:
                spread["retried"] += 1
                if attempt % len(upstreams) == len(upstreams) - 1:
                    await asyncio.sleep(0.05)  # every instance refused: one is restarting
                continue
            spread[upstream] += 1
            return Response(answer.content, status_code=answer.status_code)
        return Response(status_code=503)

    return Starlette(routes=[Route("/callback", forward, methods=["POST"])])
