"""Turn a run's :class:`~bench.results.Results` into the report (Markdown), targets first.

The same text goes to stdout and to ``BENCHMARKS.md``, so the file holds exactly the printed numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.measure import ColdSample, paired_differences, paired_ratios, summarize
from bench.report_bursts import matrix_section, matrix_targets, memory_section, memory_target
from bench.report_format import MIB, Target, number, ratio, signed_ms, spread, table
from bench.report_scale import PAIRS, cpu_ratio, gap_notes, scale_sections, scale_targets, timing_lines
from bench.results import OP_LABELS, OPS, Results, pages

FOOTPRINT_LIMIT_MB = 35.0
IMPORT_MARGIN_S = 0.040
COLD_INVITE_MIN_SPEEDUP = 6.0
INVITE_MAX_CPU_RATIO = 1.3
LIST_MAX_CPU_RATIO = 3.0
BURST_MIN_THROUGHPUT_RATIO = 0.8
RUN_LIMIT_S = 8 * 60.0  # a whole `make bench` on 2 cores


def _exit_s(samples: Sequence[ColdSample]) -> list[float]:
    return [s.exit_s for s in samples]


def _first_line_s(samples: Sequence[ColdSample]) -> list[float]:
    return [s.first_line_s for s in samples]


def _ms(values: Sequence[float]) -> str:
    return spread(summarize(values).scaled(1000), " ms")


# -- targets -----------------------------------------------------------------------------------------


def import_targets(results: Results) -> list[Target]:
    """``import graph_calls`` ≤ ``import httpx`` + 40 ms (the client + invite models: a scale goal)."""
    cold = results.cold_imports
    httpx_s = _exit_s(cold.get("import httpx", []))
    ours = _exit_s(cold.get("import graph_calls", []))
    claim = "cold `import graph_calls` − cold `import httpx` (fresh venv, wall to exit)"
    goal = f"≤ +{IMPORT_MARGIN_S * 1000:.0f} ms"
    if not ours or not httpx_s:
        return [Target(claim, "—", "—", "not measured", goal, None)]
    difference = summarize(paired_differences(ours, httpx_s))
    return [
        Target(
            claim, _ms(ours), _ms(httpx_s), signed_ms(difference), goal, difference.median <= IMPORT_MARGIN_S
        )
    ]


def cold_invite_targets(results: Results) -> list[Target]:
    """Cold process → first completed invite: msgraph-sdk ≥ 6× slower than graph-calls."""
    theirs = _first_line_s(results.cold_invites.get("msgraph-sdk", []))
    targets = []
    for mode in ("sync", "async"):
        ours = _first_line_s(results.cold_invites.get(f"graph-calls {mode}", []))
        claim = f"cold process → first invite, msgraph-sdk ÷ graph-calls {mode}"
        goal = f"≥ {COLD_INVITE_MIN_SPEEDUP:.0f}× faster"
        if not ours or not theirs:
            targets.append(Target(claim, _ms(ours) if ours else "—", "—", _unavailable(results), goal, None))
            continue
        speedup = summarize(paired_ratios(theirs, ours))
        targets.append(
            Target(
                claim,
                _ms(ours),
                _ms(theirs) + " (msgraph-sdk)",
                ratio(speedup) + " faster",
                goal,
                speedup.median >= COLD_INVITE_MIN_SPEEDUP,
            )
        )
    return targets


def per_call_targets(results: Results) -> list[Target]:
    """Invite ≤ 1.3× and list-100 ≤ 3× raw httpx CPU per call, sync vs sync and async vs async."""
    targets = []
    for op, limit in (("invite", INVITE_MAX_CPU_RATIO), ("list", LIST_MAX_CPU_RATIO)):
        for ours, theirs in PAIRS:
            summary = cpu_ratio(results, ours, theirs, op)
            claim = f"CPU per {OP_LABELS[op]}, {ours} ÷ {theirs}" + (" + json" if op == "list" else "")
            if summary is None:
                targets.append(Target(claim, "—", "—", "not measured", f"≤ {limit}×", None))
                continue
            targets.append(
                Target(
                    claim,
                    spread(results.per_call[ours][op].cpu().scaled(1000), " ms"),
                    spread(results.per_call[theirs][op].cpu().scaled(1000), " ms"),
                    ratio(summary),
                    f"≤ {limit}×",
                    summary.median <= limit,
                )
            )
    return targets


def throughput(results: Results, label: str) -> list[float]:
    """Invites per second of each burst."""
    return [results.concurrency / b.wall_s for b in results.bursts.get(label, [])]


def burst_target(results: Results) -> Target:
    """``concurrency`` async invites: AsyncGraphCalls ≥ 0.8× the throughput of raw httpx.AsyncClient."""
    ours, theirs = throughput(results, "graph-calls async"), throughput(results, "httpx async")
    claim = f"{results.concurrency} concurrent invites, AsyncGraphCalls ÷ httpx.AsyncClient throughput"
    goal = f"≥ {BURST_MIN_THROUGHPUT_RATIO}×"
    if not ours or not theirs:
        return Target(claim, "—", "—", "not measured", goal, None)
    summary = summarize(paired_ratios(ours, theirs))
    return Target(
        claim,
        spread(summarize(ours), " req/s"),
        spread(summarize(theirs), " req/s"),
        ratio(summary),
        goal,
        summary.median >= BURST_MIN_THROUGHPUT_RATIO,
    )


def token_target(results: Results) -> Target:
    """20 racing first calls make one token request (threads and tasks, every round)."""
    race = results.token_race or {}
    rounds = race.get("rounds")
    claim = f"token requests made by {race.get('calls', 20)} racing first calls (threads; tasks)"
    if not rounds:
        return Target(claim, "—", "—", f"not measured: {race.get('error', 'no result')}", "= 1", None)
    counts = {
        mode: [r["token_requests"] for r in rounds if r["mode"] == mode] for mode in ("threads", "tasks")
    }
    all_completed = all(r["completed"] == race["calls"] for r in rounds)
    measured = "; ".join(", ".join(str(c) for c in counts[mode]) for mode in ("threads", "tasks"))
    spread_ms = max(r["start_spread_s"] or 0 for r in rounds) * 1000
    return Target(
        claim,
        f"{measured} (calls started within {number(spread_ms)} ms; token delay "
        f"{number(race['token_delay_s'] * 1000)} ms)",
        "—",
        measured,
        "= 1",
        all_completed and all(c == 1 for values in counts.values() for c in values),
    )


def footprint_target(results: Results) -> Target:
    """What a fresh install adds to an empty venv: ≤ 35 MB (msgraph-sdk + azure-identity: ~447 MB)."""
    sizes = results.footprint_kib
    empty = sizes.get("empty")
    claim = "site-packages a fresh install adds to an empty venv (du, MB = MiB)"
    goal = f"≤ {FOOTPRINT_LIMIT_MB:.0f} MB"
    if empty is None or "graph-calls" not in sizes:
        return Target(claim, "—", "—", "not measured", goal, None)
    ours = (sizes["graph-calls"] - empty) / MIB
    theirs = (
        f"{number((sizes['msgraph'] - empty) / MIB)} MB (msgraph-sdk + azure-identity)"
        if "msgraph" in sizes
        else "—"
    )
    return Target(claim, f"{number(ours)} MB", theirs, f"{number(ours)} MB", goal, ours <= FOOTPRINT_LIMIT_MB)


def earlier_targets(results: Results) -> list[Target]:
    """The claims of the earlier issues, in their order."""
    return [
        *import_targets(results),
        *cold_invite_targets(results),
        *per_call_targets(results),
        burst_target(results),
        *matrix_targets(results),
        memory_target(results),
        token_target(results),
        footprint_target(results),
    ]


def targets(results: Results) -> list[Target]:
    """Every claim: the "speed at scale" goals, then the earlier ones."""
    return [*scale_targets(results), *earlier_targets(results)]


def _unavailable(results: Results) -> str:
    reason = results.unavailable.get("msgraph")
    return f"msgraph-sdk not installable: {reason}" if reason else "not measured"


# -- tables ------------------------------------------------------------------------------------------


def _cold_rows(samples: dict[str, list[ColdSample]], *, to_first_line: bool) -> list[list[str]]:
    rows = []
    for label, runs in samples.items():
        if not runs:
            continue
        row = [label]
        if to_first_line:
            row.append(_ms(_first_line_s(runs)))
        row += [
            _ms(_exit_s(runs)),
            _ms([s.cpu_s for s in runs]),
            spread(summarize([s.peak_rss_kib / MIB for s in runs]), " MB"),
            str(int(summarize([float(s.modules) for s in runs]).median)),
            str(len(runs)),
        ]
        rows.append(row)
    return rows


def _baseline_of(label: str) -> str | None:
    if label == "msgraph-sdk":
        return "httpx async"
    for ours, theirs in PAIRS:
        if label == ours:
            return theirs
    return None


def per_call_rows(results: Results) -> list[list[str]]:
    """op × contender: CPU and wall per call, calls per second, CPU ratio to raw httpx of the same mode."""
    rows = []
    for op in OPS:
        for label, by_op in results.per_call.items():
            samples = by_op[op]
            if not samples.cpu_s:
                continue
            baseline = _baseline_of(label)
            versus = cpu_ratio(results, label, baseline, op) if baseline else None
            wall = samples.wall()
            rows.append(
                [
                    OP_LABELS[op],
                    label,
                    spread(samples.cpu().scaled(1000)),
                    spread(wall.scaled(1000)),
                    f"{1 / wall.median:,.0f}",
                    ratio(versus) + f" {baseline}" if versus else "(baseline)",
                    f"{len(samples.cpu_s):,}",
                ]
            )
    return rows


def burst_rows(results: Results) -> list[list[str]]:
    """Per async contender: throughput, burst duration and CPU per invite."""
    rows = []
    raw = throughput(results, "httpx async")
    for label, bursts in results.bursts.items():
        if not bursts:
            continue
        ours = throughput(results, label)
        versus = (
            ratio(summarize(paired_ratios(ours, raw))) if raw and label != "httpx async" else "(baseline)"
        )
        rows.append(
            [
                label,
                spread(summarize(ours)),
                _ms([b.wall_s for b in bursts]),
                spread(summarize([b.cpu_s / results.concurrency * 1000 for b in bursts]), " ms"),
                versus,
                str(len(bursts)),
            ]
        )
    return rows


def server_rows(results: Results) -> list[list[str]]:
    """The bench server's CPU per request, next to the fastest contender's wall time per call."""
    rows = []
    for op in OPS:
        cost = results.server_cost.get(op)
        per_request = cost.per_request_s() if cost else None
        walls = [by_op[op].wall().median for by_op in results.per_call.values() if by_op[op].wall_s]
        if per_request is None or not walls or cost is None:
            continue
        rows.append(
            [
                OP_LABELS[op],
                f"{cost.requests:,}",
                f"{per_request * 1e6:,.0f} µs",
                f"{number(min(walls) * 1000)} ms",
                f"{per_request * pages(op) / min(walls) * 100:.0f} %",
            ]
        )
    return rows


def footprint_rows(results: Results) -> list[list[str]]:
    """Per venv: site-packages size, distributions, growth over the empty venv."""
    empty = results.footprint_kib.get("empty", 0)
    what = {
        "empty": "`python -m venv` (pip, setuptools)",
        "graph-calls": "`pip install <repo>` (not editable, no extras)",
        "msgraph": "`pip install msgraph-sdk azure-identity`",
    }
    return [
        [
            what.get(name, name),
            f"{number(kib / MIB)} MB",
            str(results.dist_counts.get(name, "?")),
            "—" if name == "empty" else f"{number((kib - empty) / MIB)} MB",
        ]
        for name, kib in results.footprint_kib.items()
    ]


def render(results: Results) -> str:
    """The whole report, Markdown."""
    machine, budgets = results.machine, results.budgets
    scale, earlier = scale_targets(results), earlier_targets(results)
    found = [*scale, *earlier]
    met = sum(1 for t in found if t.met)
    judged = sum(1 for t in found if t.met is not None)
    scale_met = sum(1 for t in scale if t.met)
    scale_judged = sum(1 for t in scale if t.met is not None)
    header = ["claim", "graph-calls", "baseline", "measured", "target", ""]
    gaps = gap_notes(scale)
    lines = [
        "# Benchmarks",
        "",
        f"`make bench` ({'`python -m bench.run`'}) on {results.started_at}, commit {machine['commit']}; "
        f"the whole run took {results.duration_s:.0f} s. Numbers are medians with their p25–p75 in "
        "parentheses; a ratio's spread is that of the per-round ratios (the contenders run side by side, "
        "interleaved in shuffled order each round).",
        "",
        f"- Machine: {machine['cpu']}; {machine['os']}; {machine['python']}.",
        f"- CPU pinning: {machine['pinning']}. Load average (1, 5, 15 min) at the start "
        f"{machine['load_start']}, at the end {machine.get('load_end', '?')}.",
    ]
    for venv, versions in results.versions.items():
        listed = ", ".join(f"{name} {version}" for name, version in versions.items())
        lines.append(f"- `{venv}` venv: {listed}.")
    for venv, reason in results.unavailable.items():
        lines.append(f"- `{venv}` venv could not be built: {reason}")
    lines += [
        httpx_line(results),
        "",
        f"## Targets: {met} of {judged} met",
        "",
        f"### Speed at scale: {scale_met} of {scale_judged} met",
        "",
        *table(
            header, [[t.claim, t.graph_calls, t.baseline, t.measured, t.goal, t.verdict()] for t in scale]
        ),
        "",
        *(["Goals missed, and why (from profiles of the same code paths):", "", *gaps, ""] if gaps else []),
        "### Earlier targets",
        "",
        *table(
            header, [[t.claim, t.graph_calls, t.baseline, t.measured, t.goal, t.verdict()] for t in earlier]
        ),
        "",
        "## Cold processes",
        "",
        "Import: `python -c '<statement>'` in a fresh interpreter, timed from spawn to exit; graph-calls and "
        "httpx in the fresh, non-editable venv, msgraph-sdk in its own. Peak RSS and CPU from `os.wait4`.",
        "",
        *table(
            ["statement", "wall ms", "CPU ms", "peak RSS", "modules", "runs"],
            _cold_rows(results.cold_imports, to_first_line=False),
        ),
        "",
        "First invite: a fresh interpreter imports the client, builds it with a static credential (no token "
        "request), invites one participant and prints; timed from spawn to that line (and to exit).",
        "",
        *table(
            ["client", "to first invite", "to exit", "CPU ms", "peak RSS", "modules", "runs"],
            _cold_rows(results.cold_invites, to_first_line=True),
        ),
        "",
        "## Per call",
        "",
        f"Sequential calls over one keep-alive connection, {budgets.get('slice_s', 0):.2f} s slices; CPU is "
        "`time.process_time()` of the calling process around each call (the server runs on the other CPU). "
        "Raw httpx sends the same JSON (`json=`) and parses answers with `json.loads`; each client builds "
        "its request body on every call, as an application does. msgraph-sdk is async only.",
        "",
        *table(
            ["operation", "client", "CPU ms/call", "wall ms/call", "calls/s", "CPU ÷ raw httpx", "calls"],
            per_call_rows(results),
        ),
        "",
        "Worker processes after the run: "
        + "; ".join(
            f"{label} {number(info['peak_rss_kib'] / MIB)} MB peak RSS, {info['modules']} modules"
            for label, info in results.worker_info.items()
        )
        + ".",
        "",
        f"## {results.concurrency} concurrent invites",
        "",
        f"`asyncio.gather` of {results.concurrency} invites on one client, each with its default pool: "
        "AsyncGraphCalls its in-flight cap (`max_concurrency`, 100), one kept-alive connection per request; "
        "raw httpx and msgraph-sdk httpx's default (100 connections, 20 kept alive) and no cap.",
        "",
        *table(
            ["client", "invites/s", "burst wall", "CPU per invite", "÷ httpx.AsyncClient", "bursts"],
            burst_rows(results),
        ),
        "",
        *scale_sections(results),
        *matrix_section(results),
        *memory_section(results),
        "## The bench server's own cost",
        "",
        "CPU the server process spent per request (from its `/_stats`), against the fastest contender's "
        "median wall time per call: the server is not the bottleneck when the share is small.",
        "",
        *table(
            ["operation", "requests", "server CPU/request", "fastest wall/call", "share"],
            server_rows(results),
        ),
        "",
        "## Install footprint",
        "",
        *table(["venv", "site-packages (du)", "distributions", "added"], footprint_rows(results)),
        "",
        "## Budgets",
        "",
        "Each measurement ran whole rounds until its time budget was spent (at least 3 rounds): "
        + ", ".join(
            f"{name.removesuffix('_s').replace('_', ' ')} {value:g}{' s' if name.endswith('_s') else ''}"
            for name, value in budgets.items()
        )
        + ".",
        "",
        *timing_lines(results, RUN_LIMIT_S),
    ]
    return "\n".join(lines)


def httpx_line(results: Results) -> str:
    """Whether every venv measured runs the same httpx (the msgraph venv is pinned to graph-calls')."""
    found = {venv: versions["httpx"] for venv, versions in results.versions.items() if "httpx" in versions}
    listed = ", ".join(f"`{venv}` {version}" for venv, version in found.items())
    if len(set(found.values())) == 1:
        return f"- httpx: the same {next(iter(found.values()))} in every venv ({listed})."
    return f"- httpx: **not the same in every venv**: {listed}." if found else "- httpx: versions unknown."
