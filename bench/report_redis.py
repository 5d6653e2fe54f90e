"""The report's "Notifications through Redis" section, from what ``bench/redis_speed.py`` printed.

Two tables: notifications per second through ``CallRegistry(store=RedisStore(...))`` against
``CallRegistry()`` (``apply_all`` alone, and the whole receiver), medians of the per-round rates with
their p25–p75 and the per-round ratio; and the latency from a completion applied on one instance to the
wait resolved on another (p50 with p25–p75, p99, the slowest), with the in-memory registry as the
baseline. :mod:`bench.report_scale` puts the section after the simulator's.
"""

from __future__ import annotations

from typing import Any

from bench.measure import paired_ratios, percentile, summarize
from bench.report_format import number, ratio, spread, table
from bench.results import Results

STORES = (("memory", "in memory"), ("redis", "Redis"))
PATHS = (
    ("apply", "`apply_all`, one thread"),
    ("receiver", "receiver: `asgi_app()`, token checked"),
)
WAIT_ROWS = {
    "memory": "in memory: one registry, A waiting on another thread",
    "redis": "Redis: A and B two registries on two stores, one namespace (pub/sub)",
}


def rate_rows(figures: dict[str, Any]) -> list[list[str]]:
    """Per path and store: notifications/s, µs a notification, in-memory rate ÷ this one, rounds."""
    rounds = figures["rounds"]
    rows = []
    for path, path_label in PATHS:
        memory = rounds[f"{path}_memory_per_s"]
        for store, store_label in STORES:
            rates = rounds[f"{path}_{store}_per_s"]
            slower = "(baseline)" if store == "memory" else ratio(summarize(paired_ratios(memory, rates)))
            rows.append(
                [
                    path_label,
                    store_label,
                    spread(summarize(rates), "/s"),
                    spread(summarize([1e6 / rate for rate in rates]), " µs"),
                    slower,
                    str(len(rates)),
                ]
            )
    return rows


def wait_rows(figures: dict[str, Any]) -> list[list[str]]:
    """Per store: notification → resolved wait p50 (p25–p75), p99 and the slowest; B's apply; waits."""
    waits = figures["waits"]
    rows = []
    for store, label in WAIT_ROWS.items():
        latencies, applies = waits[f"{store}_ms"], waits[f"{store}_apply_ms"]
        rows.append(
            [
                label,
                spread(summarize(latencies), " ms"),
                f"{number(percentile(latencies, 0.99))} ms",
                f"{number(max(latencies))} ms",
                f"{number(percentile(applies, 0.5))} ms",
                f"{len(latencies):,}",
            ]
        )
    return rows


def redis_section(results: Results) -> list[str]:
    """``## Notifications through Redis``: how it was measured, the two tables and the machine's load."""
    figures = results.redis or {}
    lines = ["## Notifications through Redis", ""]
    if "rounds" not in figures or "waits" not in figures:
        return [*lines, f"Not measured: {figures.get('error', 'no result')}.", ""]
    kinds = figures["mix"]
    rounds = len(figures["rounds"]["apply_memory_per_s"])
    return [
        *lines,
        f"`bench/redis_speed.py` in one fresh process of the repository's `.venv` (redis-py "
        f"{figures['redis_py']}, the `[testing]` extra for the fake identity platform), pinned to the "
        f"measured CPU; it starts its own `redis-server` {figures['redis_server']} on 127.0.0.1 (no "
        "persistence), pinned to the server CPU, and stops it at the end. Each round applies "
        f"{figures['notifications_per_round']:,} notifications of {figures['calls_per_round']} calls, "
        f"interleaved as they arrive ({kinds.get('roster', 0)} roster updates of 1 to 4 participants, "
        f"{kinds.get('operation', 0)} operation completions, {kinds.get('call', 0)} call-state updates; "
        f"{figures['mean_body_bytes']:,} bytes a body on average), one request (one notification) at a "
        "time on one thread, to a fresh registry: `CallRegistry()` or `CallRegistry(store=RedisStore(url, "
        "namespace=...))` on a fresh namespace. *`apply_all`* times the registry alone (the bodies parsed "
        "before the clock starts); *receiver* times each whole request through `asgi_app()` (token seen "
        "before, parse, apply, 202), driven in-process as in the notifications section. The four "
        f"contenders run interleaved in shuffled order, {rounds} rounds; *in memory ÷ this* is the "
        "in-memory rate ÷ this one, per round (how many times slower).",
        "",
        *table(
            ["path", "store", "notifications/s", "per notification", "in memory ÷ this", "rounds"],
            rate_rows(figures),
        ),
        "",
        "From a completion notification applied on instance B (`apply_all` called) to "
        "`wait_for_operation` returning on instance A, which was already waiting on another thread (B "
        f"applies {number(figures['wait_head_start_ms'])} ms after A began its wait, so it is subscribed "
        "and blocked by then): with Redis the outcome is stored by B's script and published, and A's "
        f"listener thread wakes the wait. The two stores take turns, in shuffled order, over "
        f"{figures.get('wait_rounds', '?')} rounds; the percentiles are over every wait.",
        "",
        *table(
            [
                "notification → resolved wait",
                "p50 (p25–p75)",
                "p99",
                "slowest",
                "B's `apply_all`, p50",
                "waits",
            ],
            wait_rows(figures),
        ),
        "",
        f"Load average (1, 5, 15 min) when the script started {figures['load_start']}, when it ended "
        f"{figures['load_end']}: the 2 cores are shared (the bench server, idle meanwhile, and whatever "
        "else runs on the machine), and another busy process widens the p25–p75 and above all the p99. "
        f"The script took {number(figures['wall_s'])} s.",
        "",
    ]
