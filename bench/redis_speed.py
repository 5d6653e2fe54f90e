"""Notifications through the Redis store against the in-memory one, and notification → resolved wait.

Run by hand or from ``make bench``: ``.venv/bin/python -m bench.redis_speed [--rounds 15] [--waits 500]``.
It needs ``redis-server`` (Debian's package, which the store tests install) and the ``[redis]`` and
``[testing]`` extras (the repository's ``.venv`` has both). It starts its own ``redis-server`` on a free
127.0.0.1 port (its arguments its whole configuration: no snapshots, no append-only file, data in a
temporary directory), pinned to the server CPU like the bench server, and stops it at the end. Both
stores are measured in this one process, round by round, in shuffled order.

1. **apply**: notifications per second a ``CallRegistry`` applies, one request's batch at a time
   (``apply_all``) on one thread, ``CallRegistry(store=RedisStore(...))`` against ``CallRegistry()``. The
   mix is what a bot's calls send: per call, ``established``, five roster updates of 1 to 4 participants
   (shaped as in ``bench/parse_cost.py``, with rising ``rosterSequenceNumber``) and two operation
   completions (invite, playPrompt); ``CALLS`` calls a round, their notifications interleaved as they
   arrive, the bodies parsed (``parse_notifications``) before the round's clock starts. Each round gets
   a fresh registry (for Redis: a fresh store on a fresh namespace), warmed by one notification about
   another call.
2. **receiver**: the same bodies through ``NotificationReceiver(...).asgi_app()`` on either store, driven
   in-process as ``bench/notification_speed.py`` does (token validated, keys fetched once beforehand from
   a local fake identity platform; the same token every request): parse, apply, 202.
3. **wait**: how long from ``apply_all`` called on instance B (a completion) to ``wait_for_operation``
   returning on instance A, which was already waiting on another thread: with Redis, A and B are two
   registries on two stores (two connections) on one namespace, and the outcome travels by pub/sub;
   in memory (the baseline), A and B are one registry. B applies ``WAIT_HEAD_START_S`` after A began
   waiting, so the wait is subscribed and blocked by then. ``--waits`` per store, in ``WAIT_ROUNDS``
   interleaved rounds; p50 and p99 over every wait.

The last line printed is one JSON object: the per-round rates (``rounds``), every wait's latency and
B's apply time in ms (``waits``), the mix, the versions and the load average at the start and the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import json
import os
import queue
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.measure import SERVER_CPU, percentile, pin
from bench.notification_speed import APP_ID, App, _scope, call_app, per_round_ratios
from bench.parse_cost import participant

CALLS = 100
WAIT_ROUNDS = 10
WAIT_HEAD_START_S = 0.002
WAIT_TIMEOUT_S = 10.0
OPERATION_TYPES = ("inviteParticipantsOperation", "playPromptOperation")
_READY_TIMEOUT_S = 10.0
_STOP_TIMEOUT_S = 10.0


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# A throwaway redis-server


def _die_with_parent() -> None:
    # PR_SET_PDEATHSIG: if this script is killed, the server it started goes too.
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _send(port: int, command: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=1.0) as connection:
        connection.sendall(command)
        return connection.recv(64)


class RedisServerProcess:
    """``redis-server`` on a free 127.0.0.1 port, pinned to ``cpu``; a context manager that stops it."""

    def __init__(self, cpu: int | None = SERVER_CPU) -> None:
        self.cpu = cpu
        self.port = _free_port()
        self._directory = tempfile.TemporaryDirectory(prefix="bench-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:PORT/0``."""
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> RedisServerProcess:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.access(binary, os.X_OK):
            self._directory.cleanup()
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        arguments = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self._process = subprocess.Popen(
            [binary, *arguments, "--dir", self._directory.name],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        if self.cpu is not None:
            pin(self._process.pid, self.cpu)
        deadline = time.monotonic() + _READY_TIMEOUT_S
        while True:
            with contextlib.suppress(OSError):
                if _send(self.port, b"PING\r\n").startswith(b"+PONG"):
                    return self
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"redis-server did not answer PING on 127.0.0.1:{self.port}")
            time.sleep(0.01)

    def __exit__(self, *exc_info: object) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                _send(self.port, b"SHUTDOWN NOSAVE\r\n")
            try:
                process.wait(_STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(_STOP_TIMEOUT_S)
        self._directory.cleanup()


# Bodies


def _notification(call_id: str, change_type: str, path: str, resource_data: Any) -> bytes:
    notification = {
        "@odata.type": "#microsoft.graph.commsNotification",
        "changeType": change_type,
        "resourceUrl": f"/communications/calls/{call_id}{path}",
        "resourceData": resource_data,
    }
    return json.dumps(
        {"@odata.type": "#microsoft.graph.commsNotifications", "value": [notification]}
    ).encode()


def _established(call_id: str) -> bytes:
    return _notification(
        call_id, "updated", "", {"@odata.type": "#microsoft.graph.call", "state": "established"}
    )


def _roster(call_id: str, numbers: Sequence[int], sequence: int, *, muted: bool | None = None) -> bytes:
    entries = []
    for offset, n in enumerate(numbers):
        entry = participant(n)
        entry["rosterSequenceNumber"] = sequence + offset
        if muted is not None:
            entry["isMuted"] = muted
        entries.append(entry)
    return _notification(call_id, "updated", "/participants", entries)


def completion_body(call_id: str, operation_id: str, odata_type: str = OPERATION_TYPES[0]) -> bytes:
    """A commsNotifications payload: the operation finished (``deleted`` on ``.../operations/{id}``)."""
    operation = {
        "@odata.type": f"#microsoft.graph.{odata_type}",
        "id": operation_id,
        "status": "completed",
        "clientContext": f"bench-{operation_id[-6:]}",
        "resultInfo": {"@odata.type": "#microsoft.graph.resultInfo", "code": 200, "subcode": 0},
    }
    return _notification(call_id, "deleted", f"/operations/{operation_id}", operation)


def call_id_of(number: int) -> str:
    """The id of the ``number``-th call of the workload."""
    return f"5e1d0c00-0000-4000-8000-{number:012d}"


def call_bodies(number: int) -> list[bytes]:
    """One call's notifications, in the order Graph posts them (one a request): 8 bodies.

    ``established``; the bot and two users join; the invite completes; the invitee joins; one is muted;
    a prompt finishes playing; the roster again with everyone unmuted.
    """
    call_id = call_id_of(number)
    return [
        _established(call_id),
        _roster(call_id, (1, 0, 4), 100),
        completion_body(call_id, f"0c1a0000-0000-4000-8000-{2 * number:012d}", OPERATION_TYPES[0]),
        _roster(call_id, (1, 0, 4, 8), 200),
        _roster(call_id, (4,), 300, muted=True),
        completion_body(call_id, f"0c1a0000-0000-4000-8000-{2 * number + 1:012d}", OPERATION_TYPES[1]),
        _roster(call_id, (1, 0, 4, 8), 400, muted=False),
        _roster(call_id, (8,), 500, muted=True),
    ]


def workload(calls: int = CALLS) -> list[bytes]:
    """Every call's bodies, interleaved: each call's first, then each call's second, and so on."""
    per_call = [call_bodies(n) for n in range(calls)]
    return [bodies[step] for step in range(len(per_call[0])) for bodies in per_call]


def mix(bodies: Sequence[bytes]) -> dict[str, int]:
    """How many notifications of each kind ``bodies`` hold (``roster``, ``operation``, ``call``)."""
    from graph_calls.notifications import parse_notifications

    counts: dict[str, int] = {}
    for body in bodies:
        for notification in parse_notifications(body):
            kind = {"participants": "roster"}.get(notification.kind, notification.kind)
            counts[kind] = counts.get(kind, 0) + 1
    return counts


# Throughput


def _fresh_registry(store: str, url: str) -> tuple[Any, Callable[[], None]]:
    """A new registry on ``store`` ("memory" or "redis": a fresh namespace), and what closes it."""
    from graph_calls.notifications import CallRegistry
    from graph_calls.notifications.stores import RedisStore

    if store == "memory":
        return CallRegistry(), lambda: None
    redis_store = RedisStore(url, namespace=f"bench-{uuid.uuid4().hex}")
    return CallRegistry(store=redis_store), redis_store.close


@dataclass(frozen=True)
class Workload:
    """What every round applies: the bodies, and the receivers' token and validator."""

    bodies: list[bytes]
    token: str
    validator: Any


async def _round_rate(contender: str, url: str, work: Workload) -> float:
    """Notifications per second of one round: a fresh registry, warmed (untimed), then every batch.

    ``apply`` parses the bodies before the clock starts (afresh each round, so that nothing a parsed
    notification caches is carried from one round to the next); ``receiver`` parses them as it answers.
    """
    from graph_calls.notifications import NotificationReceiver, parse_notifications

    path, store = contender.split("_")
    registry, close = _fresh_registry(store, url)
    parsed = [parse_notifications(body) for body in work.bodies] if path == "apply" else []
    warm = _established(call_id_of(10**9))  # another call: connects (and loads the scripts the first time)
    try:
        if path == "apply":
            registry.apply_all(parse_notifications(warm))
            started = time.perf_counter()
            for batch in parsed:
                registry.apply_all(batch)
            elapsed = time.perf_counter() - started
        else:
            app: App = NotificationReceiver(APP_ID, validator=work.validator, registry=registry).asgi_app()
            scope = _scope(work.token)
            await call_app(app, scope, warm)
            started = time.perf_counter()
            for body in work.bodies:
                if await call_app(app, scope, body) != 202:
                    raise RuntimeError(f"the receiver on {store} did not answer 202")
            elapsed = time.perf_counter() - started
        count = len(work.bodies)  # one notification a body
        if len(registry.calls()) != CALLS + 1:
            raise RuntimeError(f"the {store} registry holds {len(registry.calls())} calls, not {CALLS + 1}")
    finally:
        close()
    return count / elapsed


RATE_CONTENDERS = ("apply_memory", "apply_redis", "receiver_memory", "receiver_redis")


async def _rates(url: str, rounds: int, work: Workload) -> dict[str, list[float]]:
    rates: dict[str, list[float]] = {name: [] for name in RATE_CONTENDERS}
    for name in RATE_CONTENDERS:  # warm up: imports, caches
        await _round_rate(name, url, work)
    for _ in range(rounds):
        for name in random.sample(RATE_CONTENDERS, len(RATE_CONTENDERS)):
            rates[name].append(await _round_rate(name, url, work))
    return rates


def measure_rates(url: str, rounds: int) -> dict[str, list[float]]:
    """Notifications per second of each contender, one value per round (``<path>_<store>_per_s``)."""
    from graph_calls.notifications import CallbackTokenValidator
    from graph_calls.testing import FakeIdentityPlatform, TestCA

    bodies = workload()
    with TestCA() as ca, FakeIdentityPlatform(ca=ca) as idp:
        validator = CallbackTokenValidator(
            APP_ID, openid_config_url=idp.callback_openid_config_url, verify=ca.ca_bundle
        )
        token = idp.mint_callback_token(audience=APP_ID, tenant_id=idp.tenant_id)
        validator.validate(f"Bearer {token}")  # fetches the keys once, as a running bot has them
        work = Workload(bodies, token, validator)
        rates = asyncio.run(_rates(url, rounds, work))
    return {f"{name}_per_s": [round(rate, 1) for rate in values] for name, values in rates.items()}


# Notification → resolved wait


def _waits(waiter: Any, applier: Any, completions: list[tuple[str, list[Any]]]) -> list[tuple[float, float]]:
    """Per operation: (B's ``apply_all`` s, s from that call to A's wait returning), A on a thread."""
    asks: queue.Queue[str | None] = queue.Queue()
    answers: queue.Queue[tuple[float, Any]] = queue.Queue()
    waiting = threading.Event()

    def wait_each() -> None:
        while (operation_id := asks.get()) is not None:
            waiting.set()
            try:
                outcome: Any = waiter.wait_for_operation(operation_id, timeout=WAIT_TIMEOUT_S)
            except Exception as exc:  # reported to the main thread, which fails the run
                outcome = exc
            answers.put((time.perf_counter(), outcome))

    thread = threading.Thread(target=wait_each, name="bench-waiter", daemon=True)
    thread.start()
    timings = []
    try:
        for operation_id, batch in completions:
            waiting.clear()
            asks.put(operation_id)
            waiting.wait()
            time.sleep(WAIT_HEAD_START_S)
            started = time.perf_counter()
            applier.apply_all(batch)
            applied = time.perf_counter()
            resolved, outcome = answers.get(timeout=WAIT_TIMEOUT_S + 5)
            if isinstance(outcome, Exception) or getattr(outcome, "id", None) != operation_id:
                raise RuntimeError(f"the wait for {operation_id} ended with {outcome!r}")
            timings.append((applied - started, resolved - started))
    finally:
        asks.put(None)
        thread.join(WAIT_TIMEOUT_S)
    return timings


def measure_waits(url: str, waits: int) -> dict[str, list[float]]:
    """ms from a completion applied on B to the wait resolved on A, and B's apply, per store."""
    from graph_calls.notifications import CallRegistry, parse_notifications
    from graph_calls.notifications.stores import RedisStore

    call_id = call_id_of(10**9 + 1)
    per_round = max(1, -(-waits // WAIT_ROUNDS))
    completions = [
        (op_id, parse_notifications(completion_body(call_id, op_id)))
        for op_id in (f"0c1a0000-0000-4000-9000-{n:012d}" for n in range(per_round * (WAIT_ROUNDS + 1)))
    ]
    namespace = f"bench-waits-{uuid.uuid4().hex}"
    memory = CallRegistry()
    with RedisStore(url, namespace=namespace) as store_a, RedisStore(url, namespace=namespace) as store_b:
        pairs = {
            "memory": (memory, memory),
            "redis": (CallRegistry(store=store_a), CallRegistry(store=store_b)),
        }
        for waiter, applier in pairs.values():  # warm up: the subscription, connections, threads
            _waits(waiter, applier, completions[:per_round])
        timings: dict[str, list[tuple[float, float]]] = {name: [] for name in pairs}
        for n in range(1, WAIT_ROUNDS + 1):
            for name in random.sample(list(pairs), len(pairs)):
                timings[name] += _waits(*pairs[name], completions[n * per_round : (n + 1) * per_round])
    figures: dict[str, list[float]] = {}
    for name, values in timings.items():
        figures[f"{name}_ms"] = [round(resolved * 1000, 4) for _, resolved in values]
        figures[f"{name}_apply_ms"] = [round(applied * 1000, 4) for applied, _ in values]
    return figures


# The figures


def _versions() -> dict[str, str]:
    import redis

    version = subprocess.run(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found = next((part[2:] for part in version.split() if part.startswith("v=")), "?")
    return {"redis_server": found, "redis_py": redis.__version__}


def _load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def measure(rounds: int, waits: int) -> dict[str, Any]:
    """Every figure of the module docs, with a redis-server started for them."""
    started, load_start = time.perf_counter(), _load()
    bodies = workload()
    kinds = mix(bodies)
    if sum(kinds.values()) != len(bodies):  # the rates count one notification a body
        raise RuntimeError(f"{len(bodies)} bodies hold {sum(kinds.values())} notifications")
    with RedisServerProcess() as server:
        _log(f"redis-server on {server.url}: {rounds} rounds of {len(bodies)} notifications")
        rates = measure_rates(server.url, rounds)
        _log(f"waits: {waits} per store")
        latencies = measure_waits(server.url, waits)
    return {
        **_versions(),
        "calls_per_round": CALLS,
        "notifications_per_round": len(bodies),
        "mix": kinds,
        "mean_body_bytes": round(sum(map(len, bodies)) / len(bodies)),
        "wait_head_start_ms": WAIT_HEAD_START_S * 1000,
        "wait_rounds": WAIT_ROUNDS,
        "rounds": rates,
        "waits": latencies,
        "load_start": load_start,
        "load_end": _load(),
        "wall_s": round(time.perf_counter() - started, 1),
    }


def summary_lines(figures: dict[str, Any]) -> list[str]:
    """The human summary: median rates and their ratio, p50 and p99 of the waits."""
    rounds, waits = figures["rounds"], figures["waits"]
    lines = []
    for path in ("apply", "receiver"):
        memory, redis = rounds[f"{path}_memory_per_s"], rounds[f"{path}_redis_per_s"]
        slower = percentile(per_round_ratios(memory, redis), 0.5)
        lines.append(
            f"{path}: in memory {percentile(memory, 0.5):,.0f}/s, Redis {percentile(redis, 0.5):,.0f}/s"
            f" ({slower:.2f}x slower)"
        )
    for store in ("memory", "redis"):
        values = waits[f"{store}_ms"]
        lines.append(
            f"notification -> resolved wait, {store}: p50 {percentile(values, 0.5):.3f} ms,"
            f" p99 {percentile(values, 0.99):.3f} ms ({len(values)} waits)"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds of the rates")
    parser.add_argument("--waits", type=int, default=500, help="waits per store")
    args = parser.parse_args(argv)
    figures = measure(args.rounds, args.waits)
    for line in summary_lines(figures):
        print(line)
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
