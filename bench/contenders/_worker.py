"""The command loop each per-call contender runs in its own process (stdlib only: any venv can load it).

The harness writes one JSON command per line on the worker's stdin and reads one JSON answer per line from
its stdout, so it can interleave contenders slice by slice. Commands:

- ``{"cmd": "warm", "op": "invite", "calls": 20}`` → ``{"result": <what the last call returned>}``
- ``{"cmd": "slice", "op": "invite", "budget_s": 0.3, "max_calls": 5000}`` → ``{"cpu_s": [...], "wall_s":
  [...]}``: one sample per call, as many calls as fit in the budget (at least one, or ``"min_calls"``).
- ``{"cmd": "burst", "op": "invite", "concurrency": 200}`` → ``{"wall_s": …, "cpu_s": …, "ok": …, "errors":
  {"ReadError": 2, …}, "error_sample": …, "result": …}`` for that many calls started together: async
  contenders ``asyncio.gather`` them on their one client; sync ones also need ``"threads": 100``, the size
  of a thread pool (kept for the next bursts) whose threads share the one client. A call that raises is
  counted under its exception's class name (and its ``__cause__``'s, with its package), not re-raised.
- ``{"cmd": "info"}`` → ``{"modules": …, "peak_rss_kib": …}``; ``{"cmd": "quit"}`` ends the process.

Also the request data every contender sends, so they all send the same thing.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
import traceback
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

TOKEN = "bench-static-token"  # a static credential's token: no token request is ever timed
CALL_ID = "7531d31f-d10d-44de-802f-c569dbca451c"
PARTICIPANT_ID = "7e1b4346-85a6-4bdd-abe3-d11c5d420efe"
INVITEE_USER_ID = "278405a3-f568-4b3e-b684-009193463064"
INVITEE_PARTICIPANT_ID = "a7ebfb2d-871e-419c-87af-27290b22e8db"
CLIENT_CONTEXT = "f2fa86af-3c51-4bc2-8fc0-475452d9764f"
PARTICIPANTS_PATH = f"/communications/calls/{CALL_ID}/participants"
# The full-list ops and the call whose roster each lists: ``CALL_ID``'s is one page of 100; the others are
# rosters of 1,000 and 5,000 in pages of 100 (``bench/server.py``'s ``roster_call_id``: the last group of
# the id is the size).
LIST_CALL_IDS = {
    "list": CALL_ID,
    "list_1000": "7531d31f-d10d-44de-802f-000000001000",
    "list_5000": "7531d31f-d10d-44de-802f-000000005000",
}
PARTICIPANT_PATH = f"{PARTICIPANTS_PATH}/{PARTICIPANT_ID}"
INVITE_PATH = f"{PARTICIPANTS_PATH}/invite"

SyncOp = Callable[[], object]
AsyncOp = Callable[[], Awaitable[object]]


def invite_json() -> dict[str, Any]:
    """The invite body graph-calls sends for the reference page's invitee (raw contenders send this)."""
    return {
        "participants": [
            {
                "identity": {"user": {"identityProvider": "AAD", "id": INVITEE_USER_ID}},
                "participantId": INVITEE_PARTICIPANT_ID,
            }
        ],
        "clientContext": CLIENT_CONTEXT,
    }


def describe(result: object) -> object:
    """A JSON-able summary of an op's result, for the harness to check: an id, a count, or None."""
    if result is None:
        return None
    if isinstance(result, list):
        return len(result)
    if isinstance(result, dict):
        value = result.get("value")
        return len(value) if isinstance(value, list) else result.get("id")
    value = getattr(result, "value", None)
    if isinstance(value, list):
        return len(value)
    return getattr(result, "id", repr(result)[:80])


def error_name(error: BaseException) -> str:
    """``ReadError``, or ``GraphConnectionError (httpx.ReadError)`` for an error raised from another."""
    name = type(error).__name__
    if error.__cause__ is None:
        return name
    cause = type(error.__cause__)
    package = cause.__module__.split(".")[0]
    return f"{name} ({cause.__name__})" if package == "builtins" else f"{name} ({package}.{cause.__name__})"


def burst_answer(outcomes: Sequence[object], wall_s: float, cpu_s: float) -> dict[str, Any]:
    """A burst's answer: its times, how many calls succeeded, and the errors by name (see the docs above)."""
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    results = [o for o in outcomes if not isinstance(o, BaseException)]
    return {
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "ok": len(results),
        "errors": dict(Counter(error_name(e) for e in errors)),
        "error_sample": repr(errors[0])[:300] if errors else None,
        "result": describe(results[-1]) if results else None,
    }


def _reply(answer: Mapping[str, Any]) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def _commands() -> Any:
    for line in sys.stdin:
        if line.strip():
            yield json.loads(line)


def peak_rss_kib() -> int:
    """This process image's peak RSS (VmHWM; ru_maxrss would include the parent's memory before exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _info() -> dict[str, Any]:
    return {"modules": len(sys.modules), "peak_rss_kib": peak_rss_kib()}


def serve_sync(ops: Mapping[str, SyncOp], close: Callable[[], object] = lambda: None) -> None:
    """Answer the harness's commands with the synchronous ``ops`` until it says quit."""
    clock, cpu_clock = time.perf_counter, time.process_time
    pools: dict[int, ThreadPoolExecutor] = {}

    def guarded(op: SyncOp) -> Callable[[int], object]:
        def call(_: int) -> object:
            try:
                return op()
            except Exception as error:
                return error

        return call

    try:
        for command in _commands():
            try:
                name = command["cmd"]
                if name == "quit":
                    break
                if name == "info":
                    _reply(_info())
                    continue
                op = ops[command["op"]]
                if name == "warm":
                    result: object = None
                    for _ in range(command["calls"]):
                        result = op()
                    _reply({"result": describe(result)})
                elif name == "slice":
                    cpu: list[float] = []
                    wall: list[float] = []
                    end = clock() + command["budget_s"]
                    max_calls = command["max_calls"]
                    min_calls = command.get("min_calls", 1)
                    while True:
                        c0, w0 = cpu_clock(), clock()
                        op()
                        w1, c1 = clock(), cpu_clock()
                        cpu.append(c1 - c0)
                        wall.append(w1 - w0)
                        if (w1 >= end and len(cpu) >= min_calls) or len(cpu) >= max_calls:
                            break
                    _reply({"cpu_s": cpu, "wall_s": wall})
                elif name == "burst":
                    threads = command["threads"]
                    pool = pools.get(threads)
                    if pool is None:
                        pool = pools[threads] = ThreadPoolExecutor(threads, thread_name_prefix="burst")
                    c0, w0 = cpu_clock(), clock()
                    outcomes = list(pool.map(guarded(op), range(command["concurrency"])))
                    w1, c1 = clock(), cpu_clock()
                    _reply(burst_answer(outcomes, w1 - w0, c1 - c0))
                else:
                    _reply({"error": f"unknown command {name!r}"})
            except Exception:
                _reply({"error": traceback.format_exc()})
    finally:
        for pool in pools.values():
            pool.shutdown()
        close()


async def serve_async(ops: Mapping[str, AsyncOp], close: Callable[[], Awaitable[object]]) -> None:
    """Async twin of :func:`serve_sync`; a ``burst`` gathers its calls on this event loop.

    Reading a command blocks the event loop, which is idle between commands anyway.
    """
    clock, cpu_clock = time.perf_counter, time.process_time
    try:
        for command in _commands():
            try:
                name = command["cmd"]
                if name == "quit":
                    break
                if name == "info":
                    _reply(_info())
                    continue
                op = ops[command["op"]]
                if name == "warm":
                    result: object = None
                    for _ in range(command["calls"]):
                        result = await op()
                    _reply({"result": describe(result)})
                elif name == "slice":
                    cpu: list[float] = []
                    wall: list[float] = []
                    end = clock() + command["budget_s"]
                    max_calls = command["max_calls"]
                    min_calls = command.get("min_calls", 1)
                    while True:
                        c0, w0 = cpu_clock(), clock()
                        await op()
                        w1, c1 = clock(), cpu_clock()
                        cpu.append(c1 - c0)
                        wall.append(w1 - w0)
                        if (w1 >= end and len(cpu) >= min_calls) or len(cpu) >= max_calls:
                            break
                    _reply({"cpu_s": cpu, "wall_s": wall})
                elif name == "burst":
                    c0, w0 = cpu_clock(), clock()
                    outcomes = await asyncio.gather(
                        *(op() for _ in range(command["concurrency"])), return_exceptions=True
                    )
                    w1, c1 = clock(), cpu_clock()
                    _reply(burst_answer(outcomes, w1 - w0, c1 - c0))
                else:
                    _reply({"error": f"unknown command {name!r}"})
            except Exception:
                _reply({"error": traceback.format_exc()})
    finally:
        await close()
