"""Where a burst's CPU goes: one contender of the burst matrix, in-process, under cProfile.

Run by hand (not by ``make bench``), with the interpreter whose packages you want to look at, e.g. the
bench's fresh install::

    .bench/venvs/graph-calls/bin/python bench/profile_burst.py --client graph-calls --mode async \\
        --latency 200 --size 1000

It starts the bench server (its own process, on its own CPU when there are two), builds the contender's
client exactly as the matrix does (``make_ops`` of ``bench/contenders/*``), warms it with one burst of
``--pool`` invites, runs ``--bursts`` timed bursts and profiles the last one. The profile counts each
thread's CPU time (``time.thread_time``), so waiting does not count; with ``--mode sync`` every thread of
the pool is profiled and the profiles are merged. It prints the bursts (wall, CPU, invites/s), the profiled
burst's own CPU by package (whose code burns it: graph-calls, httpx, httpcore, h11, anyio, asyncio, the
threads' locks...), the CPU under a few functions that matter for bursts, and the top functions. cProfile
slows Python code down (more for many small calls), so read shares, not absolute times.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import CLIENT_CPU, SERVER_CPU, child_env, pin
from bench.server import ServerProcess

CONTENDERS_DIR = Path(__file__).resolve().parent / "contenders"
# Own time is charged to the first package whose marker is in the function's file name.
PACKAGES = (
    ("graph-calls generated models", "/graph_calls_generated/"),
    ("graph-calls", "/graph_calls/"),
    ("httpcore", "/httpcore/"),
    ("httpx", "/httpx/"),
    ("h11", "/h11/"),
    ("anyio", "/anyio/"),
    ("attrs", "/attr/"),
    ("asyncio", "/asyncio/"),
    ("threads and their locks", "/threading.py"),
    ("threads and their locks", "/concurrent/"),
    ("json", "/json/"),
    ("the bench's contender code", "/bench/"),
)
BUILTINS = "C built-ins (sockets, select, locks, str/dict ops...)"
OTHER = "other Python (stdlib...)"
# Functions whose inclusive CPU tells where a burst's time goes (file marker, function name).
KEY_FUNCTIONS = (
    ("/httpcore/", "_assign_requests_to_connections"),
    ("/httpcore/", "has_expired"),
    ("/httpcore/", "is_idle"),
    ("/graph_calls/_core/slots.py", "acquire"),
    ("/graph_calls/_core/transport.py", "_attempt"),
    ("/graph_calls/_core/transport.py", "__init__"),
)


def package_of(filename: str) -> str:
    """The :data:`PACKAGES` name of a profiled function's file (``~``: a C function)."""
    if filename == "~":
        return BUILTINS
    normalised = filename.replace("\\", "/")
    return next((name for name, marker in PACKAGES if marker in normalised), OTHER)


FunctionKey = tuple[str, int, str]  # pstats' (file, line, function)
StatsTable = Mapping[FunctionKey, tuple[Any, ...]]  # pstats' (cc, nc, tottime, cumtime, callers)


def own_time_by_package(stats: StatsTable) -> dict[str, float]:
    """Own time (pstats' ``tottime``) summed per package, largest first."""
    totals: dict[str, float] = {}
    for (filename, _line, _function), (_cc, _nc, tottime, _cumtime, _callers) in stats.items():
        package = package_of(filename)
        totals[package] = totals.get(package, 0.0) + tottime
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def inclusive_time(
    stats: Mapping[FunctionKey, tuple[Any, ...]], marker: str, function: str
) -> tuple[float, int]:
    """``(cumtime, calls)`` summed over the functions named ``function`` in files containing ``marker``.

    A recursive or re-entered function would be counted more than once; the key functions are neither.
    """
    cumulative, calls = 0.0, 0
    for (filename, _line, name), (_cc, primitive_calls, _tottime, cumtime, _callers) in stats.items():
        if name == function and marker in filename.replace("\\", "/"):
            cumulative += cumtime
            calls += primitive_calls
    return cumulative, calls


@dataclass(frozen=True)
class BurstRun:
    """One burst: its wall and CPU seconds, and how many invites completed."""

    size: int
    wall_s: float
    cpu_s: float
    ok: int


def _contender(client: str, mode: str, base_url: str, pool: int) -> tuple[dict[str, Any], Callable[[], Any]]:
    sys.path.insert(0, str(CONTENDERS_DIR))
    if client == "graph-calls":
        module = __import__(f"graph_calls_{mode}")
        ops, close = module.make_ops(base_url)
    else:
        module = __import__(f"httpx_{mode}")
        ops, close = module.make_ops(base_url, pool)
    return ops, close


def _count_ok(outcomes: Iterable[object]) -> int:
    return sum(1 for outcome in outcomes if not isinstance(outcome, BaseException))


async def _async_bursts(
    op: Callable[[], Any], close: Callable[[], Any], sizes: list[int], profile: cProfile.Profile
) -> list[BurstRun]:
    runs = []
    for index, size in enumerate(sizes):
        profiled = index == len(sizes) - 1
        c0, w0 = time.process_time(), time.perf_counter()
        if profiled:
            profile.enable()
        outcomes = await asyncio.gather(*(op() for _ in range(size)), return_exceptions=True)
        if profiled:
            profile.disable()
        runs.append(BurstRun(size, time.perf_counter() - w0, time.process_time() - c0, _count_ok(outcomes)))
    await close()
    return runs


def _sync_bursts(op: Callable[[], Any], sizes: list[int], threads: int) -> tuple[list[BurstRun], list[Any]]:
    local = threading.local()
    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()

    def start_thread() -> None:
        local.profile = cProfile.Profile(time.thread_time)
        with lock:
            profiles.append(local.profile)

    def call(_: int) -> object:
        try:
            return op()
        except Exception as error:
            return error

    def switch_all(pool: ThreadPoolExecutor, on: bool) -> None:
        barrier = threading.Barrier(threads)  # one task per thread: each waits until all threads have one

        def switch(_: int) -> None:
            barrier.wait()
            local.profile.enable() if on else local.profile.disable()

        list(pool.map(switch, range(threads)))

    runs = []
    with ThreadPoolExecutor(threads, initializer=start_thread) as pool:
        for index, size in enumerate(sizes):
            profiled = index == len(sizes) - 1
            if profiled:
                switch_all(pool, on=True)
            c0, w0 = time.process_time(), time.perf_counter()
            outcomes = list(pool.map(call, range(size)))
            wall_s, cpu_s = time.perf_counter() - w0, time.process_time() - c0
            if profiled:
                switch_all(pool, on=False)
            runs.append(BurstRun(size, wall_s, cpu_s, _count_ok(outcomes)))
    return runs, profiles


def _print_report(title: str, runs: list[BurstRun], stats: pstats.Stats, top: int) -> None:
    table: StatsTable = stats.stats  # type: ignore[attr-defined]
    print(title)
    for number, run in enumerate(runs):
        kind = "warm-up" if number == 0 else ("profiled" if number == len(runs) - 1 else "timed")
        print(
            f"  burst {number} ({kind}): {run.ok:,} of {run.size:,} ok, {run.wall_s:.2f} s wall, "
            f"{run.ok / run.wall_s:,.0f} invites/s, {run.cpu_s / run.size * 1000:.2f} ms CPU per invite"
        )
    by_package = own_time_by_package(table)
    total = sum(by_package.values())
    invites = runs[-1].size
    print(f"\nOwn CPU of the profiled burst by package ({total:.2f} s under cProfile, all threads):")
    for package, seconds in by_package.items():
        share, per_invite_ms = seconds / total * 100, seconds / invites * 1000
        print(f"  {seconds:8.3f} s {share:5.1f} %  {per_invite_ms:7.3f} ms/invite  {package}")
    print("\nCPU under key functions (inclusive):")
    for marker, function in KEY_FUNCTIONS:
        seconds, calls = inclusive_time(table, marker, function)
        if calls:
            print(
                f"  {seconds:8.3f} s {seconds / total * 100:5.1f} %  {calls / invites:9.1f} calls/invite  "
                f"{marker.strip('/')}: {function}"
            )
    print(f"\nTop {top} functions by own CPU:")
    stats.sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docs."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--client", choices=("graph-calls", "httpx"), required=True)
    parser.add_argument("--mode", choices=("async", "sync"), required=True)
    parser.add_argument("--latency", type=int, default=0, help="service latency, ms")
    parser.add_argument("--size", type=int, default=1000, help="invites per burst")
    parser.add_argument("--bursts", type=int, default=2, help="timed bursts (the last is profiled)")
    parser.add_argument("--pool", type=int, default=100, help="raw httpx's cap; threads for sync")
    parser.add_argument("--top", type=int, default=25, help="functions listed")
    args = parser.parse_args(argv)

    with ServerProcess(sys.executable, env=child_env()) as server:
        pin(server.pid, SERVER_CPU)
        pin(os.getpid(), CLIENT_CPU)
        ops, close = _contender(args.client, args.mode, server.base_url_with_latency(args.latency), args.pool)
        sizes = [args.pool] + [args.size] * args.bursts
        if args.mode == "async":
            profile = cProfile.Profile(time.thread_time)
            runs = asyncio.run(_async_bursts(ops["invite"], close, sizes, profile))
            stats = pstats.Stats(profile)
        else:
            runs, profiles = _sync_bursts(ops["invite"], sizes, args.pool)
            close()
            stats = pstats.Stats(*profiles)
    title = f"{args.client} {args.mode}, {args.latency} ms service, bursts of {args.size:,} invites"
    _print_report(title, runs, stats, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
