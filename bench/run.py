"""``make bench``: graph-calls against raw httpx and msgraph-sdk, side by side, in one run.

Usage: ``python -m bench.run [--scale 1.0] [--output BENCHMARKS.md] [--no-write]``

1. Builds (or reuses) the venvs under ``.bench/venvs`` (see :mod:`bench.venvs`).
2. Starts the bench server (:mod:`bench.server`) as its own process, pinned to its own CPU.
3. Measures, each for a time budget (``--scale`` multiplies them all), interleaving the contenders round
   by round so drift hits them all alike: cold imports, cold process to first invite, per-call CPU and
   wall time, 200 concurrent invites, the token race, the install footprint.
4. Prints the report and writes it to ``BENCHMARKS.md`` (the same text).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import CLIENT_CPU, REPORT_LINE, SERVER_CPU, ColdSample, Worker, child_env, pin, run_cold
from bench.report import render
from bench.results import OPS, Burst, OpSamples, Results, ServerCost
from bench.server import ServerProcess
from bench.venvs import REPO_ROOT, Venv, distributions, du_kib, ensure_venvs

CONTENDERS_DIR = Path(__file__).resolve().parent / "contenders"
INVITE_ID = "eec3812a-fdc3-4fb4-825c-a06c9f35414e"
PARTICIPANT_ID = "7e1b4346-85a6-4bdd-abe3-d11c5d420efe"
EXPECTED_RESULTS: dict[str, object] = {
    "invite": INVITE_ID,
    "delete": None,
    "get": PARTICIPANT_ID,
    "list": 100,
}
MAX_CALLS_PER_SLICE = 20_000
MIN_ROUNDS = 3


@dataclass(frozen=True)
class Budgets:
    """Seconds each measurement may take (whole rounds only, at least ``MIN_ROUNDS``)."""

    cold_imports_s: float = 25.0
    cold_invites_s: float = 40.0
    per_call_s: float = 110.0
    slice_s: float = 0.25
    concurrency_s: float = 25.0

    def scaled(self, factor: float) -> Budgets:
        """Every budget times ``factor`` (slices keep a floor so one call still fits)."""
        return Budgets(
            cold_imports_s=self.cold_imports_s * factor,
            cold_invites_s=self.cold_invites_s * factor,
            per_call_s=self.per_call_s * factor,
            slice_s=max(0.02, self.slice_s * min(1.0, factor)),
            concurrency_s=self.concurrency_s * factor,
        )


@dataclass(frozen=True)
class ImportCase:
    """A cold ``python -c <statement>`` in one venv."""

    label: str
    venv: str
    statement: str


IMPORT_CASES = (
    ImportCase("python -c pass", "graph-calls", "pass"),
    ImportCase("import httpx", "graph-calls", "import httpx"),
    ImportCase("import graph_calls", "graph-calls", "import graph_calls"),
    ImportCase(
        "GraphCalls + the models an invite needs",
        "graph-calls",
        "from graph_calls import GraphCalls, identities\n"
        "from graph_calls.models import InvitationParticipantInfo, IdentitySet, Identity",
    ),
    ImportCase("from msgraph import GraphServiceClient", "msgraph", "from msgraph import GraphServiceClient"),
    ImportCase(
        "GraphServiceClient + the models an invite needs",
        "msgraph",
        "from msgraph import GraphServiceClient\n"
        "from msgraph.generated.communications.calls.item.participants.invite.invite_post_request_body"
        " import InvitePostRequestBody\n"
        "from msgraph.generated.models.invitation_participant_info import InvitationParticipantInfo\n"
        "from msgraph.generated.models.identity_set import IdentitySet\n"
        "from msgraph.generated.models.identity import Identity",
    ),
)


@dataclass(frozen=True)
class Contender:
    """A per-call contender: its script, venv and whether it is async."""

    label: str
    venv: str
    script: str
    is_async: bool
    warm_calls: int = 30


CONTENDERS = (
    Contender("graph-calls sync", "graph-calls", "graph_calls_sync.py", is_async=False),
    Contender("httpx sync", "graph-calls", "httpx_sync.py", is_async=False),
    Contender("graph-calls async", "graph-calls", "graph_calls_async.py", is_async=True),
    Contender("httpx async", "graph-calls", "httpx_async.py", is_async=True),
    Contender("msgraph-sdk", "msgraph", "msgraph_async.py", is_async=True, warm_calls=3),
)
BURST_CONTENDERS = ("graph-calls async", "httpx async", "msgraph-sdk")
GRAPH_CALLS_DISTS = ("graph-calls", "httpx", "httpcore", "h11", "anyio", "attrs", "msal", "python-dateutil")
MSGRAPH_DISTS = (
    "msgraph-sdk",
    "msgraph-core",
    "microsoft-kiota-abstractions",
    "microsoft-kiota-http",
    "microsoft-kiota-serialization-json",
    "azure-identity",
    "azure-core",
    "httpx",
)


def log(message: str) -> None:
    """Progress, on stderr (stdout carries the report)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def rounds_within(budget_s: float, run_round: Callable[[int], None], *, min_rounds: int = MIN_ROUNDS) -> int:
    """Run whole rounds until ``budget_s`` is spent (at least ``min_rounds``); return how many ran."""
    started = time.perf_counter()
    count = 0
    while count < min_rounds or time.perf_counter() - started < budget_s:
        run_round(count)
        count += 1
    return count


# -- the machine --------------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.system()


def _git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "overlays", "generated", "pyproject.toml"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes to the package)" if dirty else head


def describe_machine() -> dict[str, str]:
    """CPU, cores, OS, kernel, Python, load and commit: the context of the absolute figures."""
    virtualization = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in lscpu.splitlines():
            if line.startswith("Hypervisor vendor:"):
                virtualization = f", {line.split(':', 1)[1].strip()} guest"
    except OSError:
        pass
    return {
        "cpu": f"{_cpu_model()}, {os.cpu_count()} CPUs{virtualization}",
        "os": f"{_os_name()}, Linux {platform.release()}" if sys.platform == "linux" else platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_start": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
        "commit": _git_revision(),
        "pinning": (
            f"server on CPU {SERVER_CPU}, measured processes on CPU {CLIENT_CPU}"
            if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2
            else "none (fewer than 2 CPUs)"
        ),
    }


def collect_versions(venvs: dict[str, Venv]) -> dict[str, dict[str, str]]:
    """The versions that matter, per venv."""
    wanted = {"graph-calls": GRAPH_CALLS_DISTS, "msgraph": MSGRAPH_DISTS}
    versions: dict[str, dict[str, str]] = {}
    for name, dists in wanted.items():
        if venvs[name].available:
            found = {k.lower(): v for k, v in distributions(venvs[name]).items()}
            versions[name] = {d: found.get(d, "missing") for d in dists}
    return versions


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
            for op in OPS:
                result = worker.ask(cmd="warm", op=op, calls=contender.warm_calls)["result"]
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
    """Sequential calls, one slice per contender and op per round, in shuffled order."""
    samples = {label: {op: OpSamples() for op in OPS} for label in workers}
    server_cost = {op: ServerCost() for op in OPS}

    def one_round(_: int) -> None:
        for op in random.sample(OPS, len(OPS)):
            for label in random.sample(list(workers), len(workers)):
                before = server.stats()
                answer = workers[label].ask(
                    cmd="slice", op=op, budget_s=budgets.slice_s, max_calls=MAX_CALLS_PER_SLICE
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
            if answer["result"] != INVITE_ID:
                raise RuntimeError(f"{label} burst answered {answer['result']!r}")
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


def run(budgets: Budgets, *, concurrency: int) -> Results:
    """Every measurement, in one run, against one server."""
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
    with ServerProcess(venvs["graph-calls"].python, env=child_env()) as server:
        pin(server.pid, SERVER_CPU)
        results.cold_imports = measure_cold_imports(venvs, budgets.cold_imports_s)
        results.cold_invites = measure_cold_invites(venvs, server, budgets.cold_invites_s)
        workers = start_workers(venvs, server)
        try:
            results.per_call, results.server_cost = measure_per_call(workers, server, budgets)
            results.bursts = measure_bursts(workers, concurrency, budgets.concurrency_s)
            results.worker_info = {label: worker.ask(cmd="info") for label, worker in workers.items()}
        finally:
            for worker in workers.values():
                worker.close()
        log("token race")
        results.token_race = measure_token_race(server)
    results.machine["load_end"] = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    results.duration_s = time.perf_counter() - started
    return results


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
    args = parser.parse_args(argv)
    results = run(Budgets().scaled(args.scale), concurrency=args.concurrency)
    text = render(results)
    print(text, end="")
    if not args.no_write:
        args.output.write_text(text, encoding="utf-8")
        log(f"wrote {args.output} ({results.duration_s:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
