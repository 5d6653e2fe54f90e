"""The burst matrix and the memory per tracked call in the report: their targets, tables and sections.

What :mod:`bench.bursts` measured, judged (a matrix cell is met with 0 graph-calls errors and a median
paired throughput ≥ 0.9× raw httpx's) and rendered; :mod:`bench.report` puts it in the whole report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.measure import Summary, paired_ratios, summarize
from bench.report_format import KIB, MIB, Target, kib, number, ratio, spread, table
from bench.results import BurstOutcome, MatrixCell, Results

MATRIX_MIN_THROUGHPUT_RATIO = 0.9


@dataclass(frozen=True)
class CellSummary:
    """A burst-matrix cell, judged: throughputs, their paired ratio, errors, and whether the goal is met."""

    cell: MatrixCell
    ours: Summary  # invites completed per second, one sample per burst
    theirs: Summary
    ratio: Summary | None  # per round, ours ÷ theirs; None when raw httpx completed nothing
    our_errors: dict[str, int]
    their_errors: dict[str, int]

    @property
    def met(self) -> bool:
        """No graph-calls invite failed, and its median throughput is ≥ 0.9× raw httpx's (paired)."""
        return (
            not self.our_errors
            and self.ratio is not None
            and self.ratio.median >= MATRIX_MIN_THROUGHPUT_RATIO
        )


def _errors(bursts: Sequence[BurstOutcome]) -> dict[str, int]:
    total: dict[str, int] = {}
    for burst in bursts:
        for name, count in burst.errors.items():
            total[name] = total.get(name, 0) + count
    return total


def summarize_cell(cell: MatrixCell) -> CellSummary | None:
    """The cell's summary, or None before any round."""
    if not cell.ours or not cell.theirs:
        return None
    ours = [b.throughput() for b in cell.ours]
    theirs = [b.throughput() for b in cell.theirs]
    paired = [(o, t) for o, t in zip(ours, theirs, strict=True) if t > 0]
    return CellSummary(
        cell=cell,
        ours=summarize(ours),
        theirs=summarize(theirs),
        ratio=summarize(paired_ratios(*zip(*paired, strict=True))) if paired else None,
        our_errors=_errors(cell.ours),
        their_errors=_errors(cell.theirs),
    )


def errors_text(errors: dict[str, int]) -> str:
    """``0``, or ``ReadError 3, PoolTimeout 1`` (most frequent first)."""
    if not errors:
        return "0"
    return ", ".join(f"{name} {count:,}" for name, count in sorted(errors.items(), key=lambda e: -e[1]))


_MODE_CLAIMS = {
    "async": "AsyncGraphCalls (`gather`) ÷ raw `httpx.AsyncClient` capped at its pool",
    "sync": "GraphCalls in threads ÷ raw `httpx.Client` in as many",
}


def matrix_targets(results: Results) -> list[Target]:
    """Per mode and service latency: every size with 0 graph-calls errors and ≥ 0.9× raw httpx."""
    found = []
    by_key: dict[tuple[str, int], list[CellSummary]] = {}
    for cell in results.burst_matrix:
        summary = summarize_cell(cell)
        if summary is not None:
            by_key.setdefault((cell.mode, cell.latency_ms), []).append(summary)
    goal = f"0 errors, ≥ {MATRIX_MIN_THROUGHPUT_RATIO}× at every size"
    for (mode, latency_ms), summaries in by_key.items():
        sizes = " / ".join(f"{s.cell.size:,}" for s in summaries)
        claim = f"bursts of {sizes} invites, {latency_ms} ms service: {_MODE_CLAIMS[mode]}"
        errors = errors_text(_errors([burst for s in summaries for burst in s.cell.ours]))
        found.append(
            Target(
                claim,
                f"{' / '.join(number(s.ours.median) for s in summaries)} req/s, errors: {errors}",
                " / ".join(number(s.theirs.median) for s in summaries) + " req/s",
                " / ".join(f"{number(s.ratio.median)}×" if s.ratio else "—" for s in summaries),
                goal,
                all(s.met for s in summaries),
            )
        )
    if not found:
        found.append(Target("burst matrix", "—", "—", "not measured", goal, None))
    return found


def memory_target(results: Results) -> Target:
    """Memory per tracked call (reported): the RSS growth of a CallRegistry of 10,000 calls, per call."""
    tracked = results.tracked_calls or {}
    claim = "memory per call a `CallRegistry` tracks (RSS growth, calls in progress, 3 participants each)"
    if "rss_growth_bytes" not in tracked:
        return Target(claim, "—", "—", f"not measured: {tracked.get('error', 'no result')}", "reported", None)
    per_call = tracked["rss_growth_bytes"] / tracked["calls"]
    whole = f"{number(tracked['rss_growth_bytes'] / MIB / MIB)} MB per {tracked['calls']:,} calls"
    return Target(claim, f"{kib(per_call)} ({whole})", "—", kib(per_call), "reported", None)


def _ideal_share(throughput: float, latency_ms: int, pool_size: int) -> str:
    """Throughput as a share of ``pool_size`` requests in flight, each ``latency_ms`` long (— at 0 ms)."""
    if latency_ms <= 0:
        return "—"
    return f"{throughput / (pool_size / (latency_ms / 1000)) * 100:.0f} %"


def matrix_rows(results: Results) -> list[list[str]]:
    """Per cell, graph-calls' row (with the ratio and verdict) then raw httpx's."""
    pool = int(results.matrix_settings.get("pool_size", 100))
    rows = []
    cells = sorted(results.burst_matrix, key=lambda c: (c.mode != "async", c.latency_ms, c.size))
    for cell in cells:
        summary = summarize_cell(cell)
        if summary is None:
            continue
        ours_label, theirs_label = cell.labels
        for label, bursts, throughput, errors in (
            (ours_label, cell.ours, summary.ours, summary.our_errors),
            (theirs_label, cell.theirs, summary.theirs, summary.their_errors),
        ):
            is_ours = label == ours_label
            rows.append(
                [
                    f"{cell.latency_ms} ms",
                    f"{cell.size:,}",
                    label,
                    f"{sum(b.ok for b in bursts):,} of {sum(b.size for b in bursts):,}",
                    errors_text(errors),
                    spread(throughput),
                    spread(summarize([b.wall_s for b in bursts]), " s"),
                    spread(summarize([b.cpu_per_call_s() * 1000 for b in bursts]), " ms"),
                    _ideal_share(throughput.median, cell.latency_ms, pool),
                    (ratio(summary.ratio) if summary.ratio else "—") if is_ours else "(baseline)",
                    str(len(bursts)),
                    ("met" if summary.met else "**NOT MET**") if is_ours else "",
                ]
            )
    return rows


def memory_rows(results: Results) -> list[list[str]]:
    """RSS growth for the whole registry, then tracemalloc's by allocator, then the CPU to fill it."""
    tracked = results.tracked_calls or {}
    if "rss_growth_bytes" not in tracked:
        return []
    calls, traced_calls = tracked["calls"], tracked["traced_calls"]
    rows = [
        [
            "RSS growth (VmRSS), allocator overhead included",
            f"{calls:,}",
            f"{number(tracked['rss_growth_bytes'] / MIB / MIB)} MB",
            kib(tracked["rss_growth_bytes"] / calls),
        ]
    ]
    by_allocator: dict[str, int] = tracked["traced_bytes_by_allocator"]
    for name, size in by_allocator.items():
        rows.append([f"tracemalloc: {name}", f"{traced_calls:,}", kib(size), kib(size / traced_calls)])
    total = sum(by_allocator.values())
    rows.append(["tracemalloc: all", f"{traced_calls:,}", kib(total), kib(total / traced_calls)])
    rows.append(
        [
            f"CPU to parse and apply the {tracked['notifications_per_call']} notifications",
            f"{calls:,}",
            f"{number(tracked['apply_cpu_s'])} s",
            f"{number(tracked['apply_cpu_s'] / calls * 1000)} ms",
        ]
    )
    return rows


def matrix_section(results: Results) -> list[str]:
    settings = results.matrix_settings
    pool = settings.get("pool_size", 100)
    sizes = ", ".join(f"{size:,}" for size in settings.get("sizes", []))
    latencies = " and ".join(f"{latency} ms" for latency in settings.get("latencies_ms", []))
    return [
        f"## Bursts: {sizes} concurrent invites, {latencies} of service latency",
        "",
        f"Each burst starts that many invites at once on one client and waits for all. Async: "
        f"`asyncio.gather` on one AsyncGraphCalls (default `max_concurrency`, {pool}: one kept-alive "
        f"connection per request in flight) vs one `httpx.AsyncClient` capped at its pool size: "
        f"`Limits(max_connections={pool})` (20 kept alive, httpx's default; all {pool} kept alive is slower, "
        f"see `bench/contenders/httpx_async.py`) and an `asyncio.Semaphore({pool})` around `client.post`. "
        "Sync: "
        f"a pool of {pool} threads sharing one GraphCalls vs {pool} threads sharing one `httpx.Client` with "
        "the same limits. The server delays each answer by the latency (a timer, no CPU). Per latency the "
        "workers are fresh and warmed by one burst of "
        f"{pool}; then the four contenders take turns, in shuffled order, a round at a time (at least one "
        "round per size). Throughput counts completed invites; the ratio is graph-calls ÷ raw httpx of the "
        "same round; CPU is the client process's (all threads) per invite; *of ideal* is the throughput "
        f"as a share of {pool} in flight, each taking the latency. Goal per cell: 0 graph-calls errors and "
        f"a median ratio ≥ {MATRIX_MIN_THROUGHPUT_RATIO}×.",
        "",
        *table(
            [
                "latency",
                "invites",
                "client",
                "completed",
                "errors",
                "invites/s",
                "burst wall",
                "CPU per invite",
                "of ideal",
                "÷ raw httpx",
                "bursts",
                "goal",
            ],
            matrix_rows(results),
        ),
        "",
    ]


def memory_section(results: Results) -> list[str]:
    tracked = results.tracked_calls or {}
    if "rss_growth_bytes" not in tracked:
        return ["## Memory per tracked call", "", f"Not measured: {tracked.get('error', 'no result')}.", ""]
    body_kib = number(tracked["body_bytes_per_call"] / KIB)
    return [
        "## Memory per tracked call",
        "",
        f"A fresh interpreter (the graph-calls venv) feeds one `CallRegistry` {tracked['calls']:,} calls in "
        f"progress through the public API (`apply_all(parse_notifications(body))`), "
        f"{tracked['notifications_per_call']} notifications each ({body_kib} KiB of JSON, built on the Graph "
        "reference examples: the incoming call with all its details, "
        f"`established`, a roster of {tracked['participants_per_call']} participants), with unique ids. RSS "
        "is measured around that registry after `gc.collect()`; tracemalloc on a second registry of "
        f"{tracked['traced_calls']:,} calls tells who allocated what it holds (`bench/tracked_calls.py`).",
        "",
        *table(["measure", "calls", "growth", "per call"], memory_rows(results)),
        "",
    ]
