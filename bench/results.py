"""What one benchmark run measured: raw samples, grouped the way the report reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bench.measure import ColdSample, Summary, summarize

OPS = ("invite", "delete", "get", "list", "list_1000", "list_5000")
OP_LABELS = {
    "invite": "invite",
    "delete": "delete",
    "get": "get participant",
    "list": "list 100 participants",
    "list_1000": "full list of 1,000 participants",
    "list_5000": "full list of 5,000 participants",
}
# The full-list ops: participants listed, and the pages of 100 the server answers them in.
LIST_OPS = {"list": 100, "list_1000": 1_000, "list_5000": 5_000}
PAGE_SIZE = 100


def pages(op: str) -> int:
    """Requests one call of ``op`` makes: a page per 100 participants for a list, else one."""
    return -(-LIST_OPS[op] // PAGE_SIZE) if op in LIST_OPS else 1


@dataclass
class OpSamples:
    """One contender's calls of one operation: every call, and each slice's median (one slice a round)."""

    cpu_s: list[float] = field(default_factory=list)
    wall_s: list[float] = field(default_factory=list)
    slice_cpu_s: list[float] = field(default_factory=list)
    slice_wall_s: list[float] = field(default_factory=list)

    def add_slice(self, cpu_s: list[float], wall_s: list[float]) -> None:
        """Record one slice of calls."""
        self.cpu_s.extend(cpu_s)
        self.wall_s.extend(wall_s)
        self.slice_cpu_s.append(summarize(cpu_s).median)
        self.slice_wall_s.append(summarize(wall_s).median)

    def cpu(self) -> Summary:
        """CPU seconds per call, over every call."""
        return summarize(self.cpu_s)

    def wall(self) -> Summary:
        """Wall seconds per call, over every call."""
        return summarize(self.wall_s)


@dataclass(frozen=True)
class Burst:
    """``concurrency`` calls started together: how long until all were done, and the CPU they took."""

    wall_s: float
    cpu_s: float


# The burst matrix: per mode, graph-calls' contender and the raw httpx one it is measured against.
MATRIX_PAIRS: Mapping[str, tuple[str, str]] = {
    "async": ("graph-calls async", "httpx async, capped"),
    "sync": ("graph-calls sync, threads", "httpx sync, threads"),
}


@dataclass(frozen=True)
class BurstOutcome:
    """One burst of the matrix: ``size`` invites started together, and how they ended."""

    size: int
    wall_s: float
    cpu_s: float
    ok: int
    errors: Mapping[str, int] = field(default_factory=dict)  # exception name → how many

    @property
    def error_count(self) -> int:
        """Invites that raised."""
        return sum(self.errors.values())

    def throughput(self) -> float:
        """Completed invites per second of the burst."""
        return self.ok / self.wall_s

    def cpu_per_call_s(self) -> float:
        """The burst's CPU (all threads of the process) per invite started."""
        return self.cpu_s / self.size


@dataclass
class MatrixCell:
    """One (mode, latency, size) cell: graph-calls' bursts and raw httpx's, paired round by round."""

    mode: str  # a key of MATRIX_PAIRS
    latency_ms: int
    size: int
    ours: list[BurstOutcome] = field(default_factory=list)
    theirs: list[BurstOutcome] = field(default_factory=list)

    @property
    def labels(self) -> tuple[str, str]:
        """The two contenders' labels."""
        return MATRIX_PAIRS[self.mode]


@dataclass
class ServerCost:
    """What the bench server spent answering one operation's requests."""

    requests: int = 0
    cpu_s: float = 0.0

    def per_request_s(self) -> float | None:
        """CPU seconds per request, or None before any request."""
        return self.cpu_s / self.requests if self.requests else None


@dataclass
class Results:
    """Everything one run measured, plus where and when."""

    started_at: str
    machine: dict[str, str]
    versions: dict[str, dict[str, str]]
    unavailable: dict[str, str]
    duration_s: float = 0.0
    budgets: dict[str, float] = field(default_factory=dict)
    cold_imports: dict[str, list[ColdSample]] = field(default_factory=dict)
    cold_invites: dict[str, list[ColdSample]] = field(default_factory=dict)
    per_call: dict[str, dict[str, OpSamples]] = field(default_factory=dict)
    worker_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    server_cost: dict[str, ServerCost] = field(default_factory=dict)
    concurrency: int = 200
    bursts: dict[str, list[Burst]] = field(default_factory=dict)
    burst_matrix: list[MatrixCell] = field(default_factory=list)
    matrix_settings: dict[str, Any] = field(default_factory=dict)  # pool size, threads, sizes, latencies
    tracked_calls: dict[str, Any] | None = None  # what bench/tracked_calls.py printed
    token_race: dict[str, Any] | None = None
    footprint_kib: dict[str, int] = field(default_factory=dict)
    dist_counts: dict[str, int] = field(default_factory=dict)
    notifications: dict[str, Any] | None = None  # what bench/notification_speed.py printed
    simulator: dict[str, Any] | None = None  # what bench/simulator_speed.py printed
    redis: dict[str, Any] | None = None  # what bench/redis_speed.py printed
    part_s: dict[str, float] = field(default_factory=dict)  # wall seconds each part of the run took
