"""``make bench``: graph-calls against raw httpx and msgraph-sdk, side by side, in one run.

Usage: ``python -m bench.run [--scale 1.0] [--output BENCHMARKS.md] [--no-write] [--only PART,...]``

1. Builds (or reuses) the venvs under ``.bench/venvs`` (see :mod:`bench.venvs`).
2. Starts the bench server (:mod:`bench.server`) as its own process, pinned to its own CPU.
3. Measures, each for a time budget (``--scale`` multiplies them all), interleaving the contenders round
   by round so drift hits them all alike: cold imports, cold process to first invite, per-call CPU and
   wall time (full lists of 100, 1,000 and 5,000 participants among the ops), 200 concurrent invites, the
   burst matrix (100, 1,000 and 5,000 concurrent invites at 0 and 200 ms of service latency, async and in
   threads, against raw httpx capped at its pool size), the memory per tracked call, notifications
   (parse and receiver), the simulator and notifications through the Redis store against the in-memory
   one (:mod:`bench.speed_scripts`), the token race, the install footprint; and how long each part took.
4. Prints the report and writes it to ``BENCHMARKS.md`` (the same text).

``--only bursts,memory`` runs those parts alone (see ``PARTS``) and writes nothing: a partial report must
not replace the whole one. ``--burst-sizes`` and ``--burst-latencies`` change the matrix, for a quick look
while developing; ``--scale`` only shortens how often each burst is repeated, never its size.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bursts import measure_burst_matrix, measure_tracked_calls
from bench.lineup import (
    BURST_CONTENDERS,
    BURST_LATENCIES_MS,
    BURST_SIZES,
    CONTENDERS,
    CONTENDERS_DIR,
    EXPECTED_RESULTS,
    IMPORT_CASES,
    INVITE_ID,
    POOL_SIZE,
    TRACKED_CALLS,
    ImportCase,
)
from bench.machine import collect_versions, describe_machine
from bench.measure import (
    CLIENT_CPU,
    MIN_ROUNDS,
    REPORT_LINE,
    SERVER_CPU,
    ColdSample,
    Worker,
    child_env,
    log,
    pin,
    rounds_within,
    run_cold,
)
from bench.report import render
from bench.results import OPS, Burst, OpSamples, Results, ServerCost
from bench.server import ServerProcess
from bench.speed_scripts import measure_notifications, measure_redis, measure_simulator
from bench.venvs import REPO_ROOT, Venv, distributions, du_kib, ensure_venvs

MAX_CALLS_PER_SLICE = 20_000
# A slice of the 5,000 list takes at least this many calls, whatever its budget (one call is ~0.1 s), so
# that its median is not one call's (which a full collection of the garbage collector may or may not hit).
MIN_CALLS_PER_SLICE = {"list_5000": 5}
# bench/redis_speed.py's p99 needs at least this many waits per store, whatever the scale.
MIN_REDIS_WAITS = 100


@dataclass(frozen=True)
class Budgets:
    """Seconds each measurement may take (whole rounds only, at least ``bench.measure.MIN_ROUNDS``)."""

    cold_imports_s: float = 25.0
    cold_invites_s: float = 40.0
    per_call_s: float = 110.0
    slice_s: float = 0.25
    concurrency_s: float = 25.0
    burst_cell_s: float = 10.0  # per cell of the burst matrix (at least one round, whatever its length)
    speed_script_rounds: int = 15  # rounds of bench/notification_speed.py, simulator_speed.py, redis_speed.py
    simulator_invites_s: float = 4.0  # how long bench/simulator_speed.py invites for
    redis_waits: int = 500  # waits per store bench/redis_speed.py times (notification → resolved wait)

    def scaled(self, factor: float) -> Budgets:
        """Every budget times ``factor`` (slices keep a floor so one call still fits)."""
        return Budgets(
            cold_imports_s=self.cold_imports_s * factor,
            cold_invites_s=self.cold_invites_s * factor,
            per_call_s=self.per_call_s * factor,
            slice_s=max(0.02, self.slice_s * min(1.0, factor)),
            concurrency_s=self.concurrency_s * factor,
            burst_cell_s=self.burst_cell_s * factor,
            speed_script_rounds=max(MIN_ROUNDS, round(self.speed_script_rounds * factor)),
            simulator_invites_s=max(2.0, self.simulator_invites_s * factor),
            redis_waits=max(MIN_REDIS_WAITS, round(self.redis_waits * factor)),
        )


PARTS = (
    "imports",
    "first-invite",
    "per-call",
    "bursts",
    "memory",
    "notifications",
    "simulator",
    "redis",
    "token-race",
)


# -- measurements ----------------------------------------------------------------------------------------


def measure_cold_imports(venvs: dict[str, Venv], budget_s: float) -> dict[str, list[ColdSample]]:
    """Each import statement in a fresh interpreter, round after round, in shuffled order."""
    cases = [c for c in IMPORT_CASES if venvs[c.venv].available]

    def argv(case: ImportCase) -> list[str]:
        return [venvs[case.venv].python, "-c", f"{case.statement}\n{REPORT_LINE}"]

    for case in cases:  # warm the page cache (and check the statement runs)
        run_cold(argv(case), cpu=CLIENT_CPU)
    samples: dict[str, list[ColdSample]] = {c.label: [] for c in cases}

    def one_round(_: int) -> None:
        for case in random.sample(cases, len(cases)):
            samples[case.label].append(run_cold(argv(case), cpu=CLIENT_CPU))

    rounds = rounds_within(budget_s, one_round)
    log(f"cold imports: {rounds} rounds")
    return samples


def measure_cold_invites(
    venvs: dict[str, Venv], server: ServerProcess, budget_s: float
) -> dict[str, list[ColdSample]]:
    """Spawn → first completed invite, for graph-calls (sync and async) and msgraph-sdk."""
    cases: dict[str, list[str]] = {}
    if venvs["graph-calls"].available:
        script = str(CONTENDERS_DIR / "cold_invite_graph_calls.py")
        for mode in ("sync", "async"):
            cases[f"graph-calls {mode}"] = [venvs["graph-calls"].python, script, mode, server.base_url]
    if venvs["msgraph"].available:
        script = str(CONTENDERS_DIR / "cold_invite_msgraph.py")
        cases["msgraph-sdk"] = [venvs["msgraph"].python, script, server.base_url]
    for argv in cases.values():
        run_cold(argv, cpu=CLIENT_CPU)
    samples: dict[str, list[ColdSample]] = {label: [] for label in cases}

    def one_round(_: int) -> None:
        for label in random.sample(list(cases), len(cases)):
            samples[label].append(run_cold(cases[label], cpu=CLIENT_CPU))

    rounds = rounds_within(budget_s, one_round)
    log(f"cold first invite: {rounds} rounds")
    return samples


def start_workers(venvs: dict[str, Venv], server: ServerProcess) -> dict[str, Worker]:
    """One warmed-up worker process per available contender; checks every op's answer once."""
    workers: dict[str, Worker] = {}
    try:
        for contender in CONTENDERS:
            if not venvs[contender.venv].available:
                continue
            argv = [venvs[contender.venv].python, str(CONTENDERS_DIR / contender.script), server.base_url]
            worker = Worker(contender.label, argv, cwd=CONTENDERS_DIR, cpu=CLIENT_CPU)
            workers[contender.label] = worker
            for op in contender.ops:
                result = worker.ask(cmd="warm", op=op, calls=contender.warm_calls_of(op))["result"]
                if result != EXPECTED_RESULTS[op]:
                    raise RuntimeError(
                        f"{contender.label} {op} answered {result!r}, not {EXPECTED_RESULTS[op]!r}"
                    )
    except BaseException:
        for worker in workers.values():
            worker.close()
        raise
    return workers


def measure_per_call(
    workers: dict[str, Worker], server: ServerProcess, budgets: Budgets
) -> tuple[dict[str, dict[str, OpSamples]], dict[str, ServerCost]]:
    """Sequential calls, one slice per contender and op per round, in shuffled order.

    A contender runs the ops it has (msgraph-sdk no full lists longer than a page); the others' samples
    of that op stay empty.
    """
    samples = {label: {op: OpSamples() for op in OPS} for label in workers}
    server_cost = {op: ServerCost() for op in OPS}
    ops_of = {c.label: c.ops for c in CONTENDERS}

    def one_round(_: int) -> None:
        for op in random.sample(OPS, len(OPS)):
            labels = [label for label in workers if op in ops_of[label]]
            for label in random.sample(labels, len(labels)):
                before = server.stats()
                answer = workers[label].ask(
                    cmd="slice",
                    op=op,
                    budget_s=budgets.slice_s,
                    max_calls=MAX_CALLS_PER_SLICE,
                    min_calls=MIN_CALLS_PER_SLICE.get(op, 1),
                )
                after = server.stats()
                samples[label][op].add_slice(answer["cpu_s"], answer["wall_s"])
                server_cost[op].requests += after.requests - before.requests
                server_cost[op].cpu_s += after.cpu_s - before.cpu_s

    rounds = rounds_within(budgets.per_call_s, one_round)
    log(f"per call: {rounds} rounds of {budgets.slice_s:.2f} s slices")
    return samples, server_cost


def measure_bursts(workers: dict[str, Worker], concurrency: int, budget_s: float) -> dict[str, list[Burst]]:
    """``concurrency`` invites at once, per async contender, round after round in shuffled order."""
    labels = [label for label in BURST_CONTENDERS if label in workers]
    for label in labels:  # open the pools' connections before timing
        workers[label].ask(cmd="burst", op="invite", concurrency=concurrency)
    bursts: dict[str, list[Burst]] = {label: [] for label in labels}

    def one_round(_: int) -> None:
        for label in random.sample(labels, len(labels)):
            answer = workers[label].ask(cmd="burst", op="invite", concurrency=concurrency)
            if answer["errors"] or answer["result"] != INVITE_ID:
                raise RuntimeError(f"{label} burst: {answer['errors'] or answer['result']!r}")
            bursts[label].append(Burst(wall_s=answer["wall_s"], cpu_s=answer["cpu_s"]))

    rounds = rounds_within(budget_s, one_round)
    log(f"{concurrency} concurrent invites: {rounds} rounds")
    return bursts


def measure_token_race(server: ServerProcess) -> dict[str, Any]:
    """Runs ``token_race.py`` with this interpreter (the dev venv has ``graph-calls[testing]``)."""
    completed = subprocess.run(
        [sys.executable, str(CONTENDERS_DIR / "token_race.py"), server.base_url],
        capture_output=True,
        text=True,
        cwd=CONTENDERS_DIR,
        env=child_env(),
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": completed.stderr.strip().splitlines()[-1:] or [f"exit {completed.returncode}"]}
    outcome: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return outcome


def measure_footprint(venvs: dict[str, Venv]) -> tuple[dict[str, int], dict[str, int]]:
    """``du`` of each venv's site-packages (KiB), and how many distributions each holds."""
    sizes: dict[str, int] = {}
    counts: dict[str, int] = {}
    for name, venv in venvs.items():
        if venv.available:
            sizes[name] = du_kib(venv.site_packages())
            counts[name] = len(distributions(venv))
    return sizes, counts


# -- the run ---------------------------------------------------------------------------------------------


def run(
    budgets: Budgets,
    *,
    concurrency: int,
    parts: Sequence[str] = PARTS,
    burst_sizes: Sequence[int] = BURST_SIZES,
    burst_latencies_ms: Sequence[int] = BURST_LATENCIES_MS,
) -> Results:
    """Every measurement in ``parts`` (all of them: the report), in one run, against one server."""
    started = time.perf_counter()
    started_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    venvs = ensure_venvs(log=log)
    if not venvs["graph-calls"].available:
        raise SystemExit(f"cannot install graph-calls into a fresh venv: {venvs['graph-calls'].error}")
    results = Results(
        started_at=started_at,
        machine=describe_machine(),
        versions=collect_versions(venvs),
        unavailable={name: venv.error for name, venv in venvs.items() if venv.error is not None},
        budgets={k: float(v) for k, v in vars(budgets).items()},
        concurrency=concurrency,
    )
    results.footprint_kib, results.dist_counts = measure_footprint(venvs)
    results.part_s["venvs, versions, footprint"] = time.perf_counter() - started
    results.matrix_settings = {
        "pool_size": POOL_SIZE,
        "sizes": list(burst_sizes),
        "latencies_ms": list(burst_latencies_ms),
    }
    with ServerProcess(venvs["graph-calls"].python, env=child_env()) as server:
        pin(server.pid, SERVER_CPU)
        for part in parts:
            part_started = time.perf_counter()
            _run_part(part, results, venvs, server, budgets, burst_sizes, burst_latencies_ms)
            results.part_s[part] = time.perf_counter() - part_started
    results.machine["load_end"] = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    results.duration_s = time.perf_counter() - started
    return results


def _run_part(
    part: str,
    results: Results,
    venvs: dict[str, Venv],
    server: ServerProcess,
    budgets: Budgets,
    burst_sizes: Sequence[int],
    burst_latencies_ms: Sequence[int],
) -> None:
    """Measure one of ``PARTS`` into ``results``."""
    if part == "imports":
        results.cold_imports = measure_cold_imports(venvs, budgets.cold_imports_s)
    elif part == "first-invite":
        results.cold_invites = measure_cold_invites(venvs, server, budgets.cold_invites_s)
    elif part == "per-call":
        workers = start_workers(venvs, server)
        try:
            results.per_call, results.server_cost = measure_per_call(workers, server, budgets)
            results.bursts = measure_bursts(workers, results.concurrency, budgets.concurrency_s)
            results.worker_info = {label: worker.ask(cmd="info") for label, worker in workers.items()}
        finally:
            for worker in workers.values():
                worker.close()
    elif part == "bursts":
        results.burst_matrix = measure_burst_matrix(
            venvs, server, budgets.burst_cell_s, sizes=burst_sizes, latencies_ms=burst_latencies_ms
        )
    elif part == "memory":
        log(f"memory of {TRACKED_CALLS:,} tracked calls")
        results.tracked_calls = measure_tracked_calls(venvs)
    elif part == "notifications":
        log(f"notifications: {budgets.speed_script_rounds} rounds")
        results.notifications = measure_notifications(budgets.speed_script_rounds)
    elif part == "simulator":
        log(f"simulator: {budgets.speed_script_rounds} rounds, {budgets.simulator_invites_s:g} s of invites")
        results.simulator = measure_simulator(budgets.speed_script_rounds, budgets.simulator_invites_s)
    elif part == "redis":
        log(f"redis: {budgets.speed_script_rounds} rounds, {budgets.redis_waits} waits per store")
        results.redis = measure_redis(budgets.speed_script_rounds, budgets.redis_waits)
    elif part == "token-race":
        log("token race")
        results.token_race = measure_token_race(server)


def parts_list(text: str) -> tuple[str, ...]:
    """``--only``'s value: known part names, comma-separated, in ``PARTS`` order."""
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    unknown = wanted - set(PARTS)
    if unknown or not wanted:
        raise argparse.ArgumentTypeError(f"parts are {', '.join(PARTS)}; not {', '.join(sorted(unknown))}")
    return tuple(part for part in PARTS if part in wanted)


def numbers_list(text: str) -> tuple[int, ...]:
    """``--burst-sizes``' or ``--burst-latencies``' value: non-negative integers, comma-separated."""
    try:
        numbers = tuple(int(item.replace("_", "")) for item in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not numbers or any(n < 0 for n in numbers):
        raise argparse.ArgumentTypeError(f"not a list of non-negative integers: {text!r}")
    return numbers


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the report, write ``BENCHMARKS.md``."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every time budget (0.1: smoke run)"
    )
    parser.add_argument("--concurrency", type=int, default=200, help="invites started together")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    parser.add_argument(
        "--only", type=parts_list, default=PARTS, help=f"run these parts only, no write ({','.join(PARTS)})"
    )
    parser.add_argument(
        "--burst-sizes", type=numbers_list, default=BURST_SIZES, help="invites per burst in the matrix"
    )
    parser.add_argument(
        "--burst-latencies", type=numbers_list, default=BURST_LATENCIES_MS, help="service latencies, ms"
    )
    args = parser.parse_args(argv)
    results = run(
        Budgets().scaled(args.scale),
        concurrency=args.concurrency,
        parts=args.only,
        burst_sizes=args.burst_sizes,
        burst_latencies_ms=args.burst_latencies,
    )
    text = render(results)
    print(text, end="")
    if args.only != PARTS:
        log(f"ran {', '.join(args.only)} only: {args.output} left as it was")
    elif not args.no_write:
        args.output.write_text(text, encoding="utf-8")
        log(f"wrote {args.output} ({results.duration_s:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
