"""The standalone speed scripts ``make bench`` runs as children: notifications, the simulator, Redis.

All need ``graph_calls.testing`` (the ``[testing]`` extra: uvicorn, starlette, openapi-core, trustme, PyJWT),
and the Redis one redis-py too (the ``[redis]`` extra), which the graph-calls bench venv leaves out so that
its footprint stays what ``pip install graph-calls`` adds. So they run in the repository's ``.venv``
(``sys.executable`` under ``make bench``: the same sources, installed editable with the ``[testing]``
extra, redis-py from ``requirements-dev.txt``, and the same httpx as the graph-calls venv; the report lists
its versions), pinned to the measured processes' CPU like every other measured child. Each prints one JSON
object as its last stdout line; a script that fails is reported with the end of its stderr, not raised.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from bench.measure import CLIENT_CPU, child_env, pin
from bench.venvs import REPO_ROOT

SCRIPT_TIMEOUT_S = 300


def run_script(
    module: str, args: Sequence[str] = (), *, python: str = sys.executable, cpu: int | None = CLIENT_CPU
) -> dict[str, Any]:
    """``python -m <module> <args>`` from the repository root; its last stdout line, parsed (or an error)."""
    process = subprocess.Popen(
        [python, "-m", module, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env=child_env(),
    )
    if cpu is not None:
        pin(process.pid, cpu)
    try:
        stdout, stderr = process.communicate(timeout=SCRIPT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"error": f"{module} took over {SCRIPT_TIMEOUT_S} s"}
    lines = stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        tail = stderr.strip().splitlines()[-1:] or [f"exit {process.returncode}"]
        return {"error": f"{module}: {tail[0]}"}
    try:
        outcome: dict[str, Any] = json.loads(lines[-1])
    except json.JSONDecodeError:
        return {"error": f"{module} printed no JSON last: {lines[-1][:200]!r}"}
    return outcome


def measure_notifications(rounds: int) -> dict[str, Any]:
    """``bench/notification_speed.py``: parse ÷ ``json.loads`` and receiver ÷ bare ASGI, per round."""
    return run_script("bench.notification_speed", ["--rounds", str(rounds)])


def measure_simulator(rounds: int, invite_s: float) -> dict[str, Any]:
    """``bench/simulator_speed.py``: start+stop, a 1,000-participant list, invites per second."""
    return run_script("bench.simulator_speed", ["--rounds", str(rounds), "--seconds", f"{invite_s:g}"])


def measure_redis(rounds: int, waits: int) -> dict[str, Any]:
    """``bench/redis_speed.py``: notifications/s, Redis store and in memory; notification → resolved wait."""
    return run_script("bench.redis_speed", ["--rounds", str(rounds), "--waits", str(waits)])
