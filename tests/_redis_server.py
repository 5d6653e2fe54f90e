"""A throwaway ``redis-server`` on a free 127.0.0.1 port, for the tests of the Redis store.

:func:`redis_server_binary` finds Debian's ``redis-server``, installing the package with ``apt-get`` the
first time a session needs it (the tests run as root; the apt registry is reachable). If that fails the
tests fail, saying why: a store test that skips proves nothing.

:class:`RedisServer` runs one server with its arguments as its whole configuration (no config file, so a
packaged service on 6379 never matters): ``--bind 127.0.0.1``, a temporary ``--dir``, no RDB snapshots, and
the append-only file only when a test asks for it (``appendonly=True``, fsync on every write: what a restart
test needs to find every stored outcome again). It can be killed (SIGKILL, as a crash) and started again
on the same port and directory. The server gets SIGTERM if the test process dies first.

Example::

    with RedisServer(tmp_path) as server:
        client = redis.Redis.from_url(server.url)
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph_calls.notifications import CallRegistry
    from graph_calls.notifications.stores import RedisStore

__all__ = ["RedisServer", "RedisStores", "redis_server_binary"]

_CANDIDATES = ("/usr/bin/redis-server", "/usr/local/bin/redis-server")
_APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}
_READY_TIMEOUT_S = 10.0
_STOP_TIMEOUT_S = 10.0
_PORT_ATTEMPTS = 5
_PR_SET_PDEATHSIG = 1


@functools.cache
def redis_server_binary() -> str:
    """The path of ``redis-server``; installs Debian's package once per session when it is missing."""
    found = _find()
    if found is not None:
        return found
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=120", "-q", "-y"]
    env = {**os.environ, **_APT_ENV}
    outputs: list[str] = []
    for update_first in (False, True):  # the package lists may be missing or stale: update, then retry
        if update_first:
            update = subprocess.run([*apt, "update"], capture_output=True, text=True, env=env, check=False)
            outputs.append(update.stdout[-2000:] + update.stderr[-2000:])
        install = [*apt, "install", "--no-install-recommends", "redis-server"]
        result = subprocess.run(install, capture_output=True, text=True, env=env, check=False)
        outputs.append(result.stdout[-2000:] + result.stderr[-2000:])
        found = _find()
        if result.returncode == 0 and found is not None:
            return found
    raise RuntimeError(
        "redis-server is missing and `apt-get install redis-server` failed; the Redis store tests need a"
        " real server. apt-get said:\n" + "\n".join(outputs)
    )


def _find() -> str | None:
    found = shutil.which("redis-server")
    if found is not None:
        return found
    return next((path for path in _CANDIDATES if os.access(path, os.X_OK)), None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _die_with_parent() -> None:
    # PR_SET_PDEATHSIG: a server started by a test process that is killed does not outlive it.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _send(port: int, command: bytes, timeout_s: float = 1.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as connection:
        connection.sendall(command)
        return connection.recv(64)


class RedisServer:
    """One ``redis-server`` process on ``127.0.0.1:port``, its data under ``directory``."""

    def __init__(self, directory: Path, *, appendonly: bool = False, port: int | None = None) -> None:
        self.directory = directory
        self.appendonly = appendonly
        self.port = port or 0
        self._process: subprocess.Popen[bytes] | None = None

    def __repr__(self) -> str:
        return f"RedisServer(127.0.0.1:{self.port}, {'running' if self.running else 'stopped'})"

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:PORT/0``."""
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> RedisServer:
        """Start the server (on the same port as before, if it ran before); return once it answers PING."""
        if self.running:
            raise RuntimeError(f"{self!r} is already running")
        self.directory.mkdir(parents=True, exist_ok=True)
        binary = redis_server_binary()
        fixed_port = self.port != 0
        for _ in range(1 if fixed_port else _PORT_ATTEMPTS):
            port = self.port if fixed_port else _free_port()
            process = self._spawn(binary, port)
            if self._wait_ready(process, port):
                self.port, self._process = port, process
                return self
            # Another process took the free port between the probe and the bind: try another one.
        log = (self.directory / "redis.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"redis-server did not start on 127.0.0.1:{self.port or 'a free port'}:\n{log}")

    def _spawn(self, binary: str, port: int) -> subprocess.Popen[bytes]:
        arguments = [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--save",
            "",
            "--appendonly",
            "yes" if self.appendonly else "no",
            "--appendfsync",
            "always",
            "--logfile",
            str(self.directory / "redis.log"),
        ]
        return subprocess.Popen(
            arguments,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )

    @staticmethod
    def _wait_ready(process: subprocess.Popen[bytes], port: int) -> bool:
        deadline = time.monotonic() + _READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False  # exited: the port was taken, or the arguments are wrong (the log says)
            with contextlib.suppress(OSError):
                if _send(port, b"PING\r\n").startswith(b"+PONG"):
                    return True
            time.sleep(0.005)
        process.kill()
        process.wait(_STOP_TIMEOUT_S)
        return False

    def stop(self) -> None:
        """Shut the server down cleanly (the append-only file, if any, is flushed). Safe to call twice."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(OSError):
            _send(self.port, b"SHUTDOWN NOSAVE\r\n")
        try:
            process.wait(_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(_STOP_TIMEOUT_S)

    def kill(self) -> None:
        """SIGKILL the server, as a crash: what was not written to the append-only file is lost."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(_STOP_TIMEOUT_S)

    def restart(self) -> RedisServer:
        """Kill the server and start it again on the same port and directory."""
        self.kill()
        return self.start()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class RedisStores:
    """Stores on one server, each namespace fresh per test; :meth:`close_all` closes what it made."""

    def __init__(self, server: RedisServer) -> None:
        self.server = server
        self.namespace = f"test-{uuid.uuid4().hex}"
        self._stores: list[RedisStore] = []

    def store(self, namespace: str | None = None, **options: Any) -> RedisStore:
        """A new store (another "instance") on the test's namespace, or on ``namespace``."""
        from graph_calls.notifications.stores import RedisStore

        made = RedisStore(self.server.url, namespace=namespace or self.namespace, **options)
        self._stores.append(made)
        return made

    def registry(self, **options: Any) -> CallRegistry:
        """A registry on a new store: one bot instance."""
        from graph_calls.notifications import CallRegistry

        return CallRegistry(store=self.store(), **options)

    def close_all(self) -> None:
        for made in self._stores:
            made.close()
