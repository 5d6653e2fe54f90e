"""The burst matrix and the memory per tracked call: running them, and checking what the workers answer.

The matrix: bursts of each size at each service latency, graph-calls against raw httpx capped at its pool,
async and in threads (the contenders and sizes are in :mod:`bench.lineup`). The memory: ``tracked_calls.py``
in a fresh interpreter of the graph-calls venv. :mod:`bench.run` calls both; :mod:`bench.report_bursts`
renders what they measured.
"""

from __future__ import annotations

import functools
import json
import random
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.lineup import (
    BURST_LATENCIES_MS,
    BURST_SIZES,
    CONTENDERS_DIR,
    INVITE_ID,
    MATRIX_CONTENDERS,
    POOL_SIZE,
    TRACED_CALLS,
    TRACKED_CALLS,
)
from bench.measure import CLIENT_CPU, Worker, child_env, log, rounds_within
from bench.results import MATRIX_PAIRS, BurstOutcome, MatrixCell
from bench.server import ServerProcess
from bench.venvs import Venv


def burst_outcome(size: int, answer: dict[str, Any]) -> BurstOutcome:
    """A worker's answer to a matrix burst, checked: every invite accounted for, successes answered right."""
    errors = {str(name): int(count) for name, count in answer["errors"].items()}
    if answer["ok"] + sum(errors.values()) != size:
        raise RuntimeError(f"a burst of {size} accounted for {answer['ok']} ok and {errors} errors")
    if answer["ok"] and answer["result"] != INVITE_ID:
        raise RuntimeError(f"a burst's invites answered {answer['result']!r}")
    return BurstOutcome(size, answer["wall_s"], answer["cpu_s"], answer["ok"], errors)


def measure_burst_matrix(
    venvs: dict[str, Venv],
    server: ServerProcess,
    cell_budget_s: float,
    *,
    sizes: Sequence[int] = BURST_SIZES,
    latencies_ms: Sequence[int] = BURST_LATENCIES_MS,
) -> list[MatrixCell]:
    """Bursts of each size at each service latency, per mode: graph-calls and raw httpx, side by side.

    Per latency, fresh workers (their clients' base URL asks the server for that latency), warmed by one
    burst of ``POOL_SIZE`` invites each (pools full, threads started); then, per size, rounds of one burst
    per contender in shuffled order, until the cell's budget is spent (at least one round).
    """
    cells: list[MatrixCell] = []
    for latency_ms in latencies_ms:
        base_url = server.base_url_with_latency(latency_ms)
        workers: dict[str, Worker] = {}
        try:
            for contender in MATRIX_CONTENDERS:
                argv = [venvs["graph-calls"].python, str(CONTENDERS_DIR / contender.script), base_url]
                workers[contender.label] = Worker(
                    contender.label, [*argv, *contender.args], cwd=CONTENDERS_DIR, cpu=CLIENT_CPU
                )
            for contender in MATRIX_CONTENDERS:
                answer = workers[contender.label].ask(**contender.burst_command(POOL_SIZE))
                if burst_outcome(POOL_SIZE, answer).errors:
                    log(f"{contender.label} warm-up at {latency_ms} ms: errors {answer['errors']}")
            for size in sizes:
                by_mode = {mode: MatrixCell(mode, latency_ms, size) for mode in MATRIX_PAIRS}
                one_round = functools.partial(_matrix_round, workers, by_mode)
                rounds = rounds_within(cell_budget_s, one_round, min_rounds=1)
                log(f"{size:,} concurrent invites at {latency_ms} ms: {rounds} rounds")
                cells.extend(by_mode.values())
        finally:
            for worker in workers.values():
                worker.close()
    return cells


def _matrix_round(workers: dict[str, Worker], by_mode: dict[str, MatrixCell], _: int) -> None:
    """One burst per contender, in shuffled order, each outcome added to its cell."""
    size = next(iter(by_mode.values())).size
    outcomes: dict[str, BurstOutcome] = {}
    for contender in random.sample(MATRIX_CONTENDERS, len(MATRIX_CONTENDERS)):
        answer = workers[contender.label].ask(**contender.burst_command(size))
        outcomes[contender.label] = burst_outcome(size, answer)
    for mode, cell in by_mode.items():
        ours, theirs = MATRIX_PAIRS[mode]
        cell.ours.append(outcomes[ours])
        cell.theirs.append(outcomes[theirs])


def measure_tracked_calls(venvs: dict[str, Venv]) -> dict[str, Any]:
    """Runs ``bench/tracked_calls.py`` in a fresh interpreter of the graph-calls venv (what users install)."""
    script = Path(__file__).resolve().parent / "tracked_calls.py"
    argv = [venvs["graph-calls"].python, str(script), "--calls", str(TRACKED_CALLS)]
    completed = subprocess.run(
        [*argv, "--traced-calls", str(TRACED_CALLS)],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": (completed.stderr.strip().splitlines() or [f"exit {completed.returncode}"])[-1]}
    outcome: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return outcome
