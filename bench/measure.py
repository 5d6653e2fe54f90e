"""Measuring helpers: medians and spreads, rounds within a budget, cold children, per-call workers.

Everything here is stdlib and free of benchmark policy (which contenders, which budgets): that lives in
``bench/lineup.py`` and ``bench/run.py``.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

# Children that measure run on this CPU; the bench server gets its own (see pin()).
CLIENT_CPU = 0
SERVER_CPU = 1
# Whole rounds a measurement runs at the least, whatever its budget.
MIN_ROUNDS = 3


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile (0..1) of ``values``, interpolating linearly between closest ranks.

    >>> percentile([1, 2, 3, 4], 0.5)
    2.5
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be within 0..1, not {fraction}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """The median of some samples and their spread."""

    median: float
    p25: float
    p75: float
    minimum: float
    maximum: float
    count: int

    def scaled(self, factor: float) -> Summary:
        """The same summary in other units (``factor`` > 0), e.g. seconds to milliseconds."""
        return Summary(
            self.median * factor,
            self.p25 * factor,
            self.p75 * factor,
            self.minimum * factor,
            self.maximum * factor,
            self.count,
        )


def summarize(values: Iterable[float]) -> Summary:
    """Median, quartiles, min and max of ``values`` (at least one)."""
    samples = list(values)
    if not samples:
        raise ValueError("summary of no values")
    return Summary(
        median=percentile(samples, 0.5),
        p25=percentile(samples, 0.25),
        p75=percentile(samples, 0.75),
        minimum=min(samples),
        maximum=max(samples),
        count=len(samples),
    )


def paired_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """``numerators[i] / denominators[i]``: ratios of measurements taken side by side, round by round."""
    if len(numerators) != len(denominators):
        raise ValueError("paired measurements must come in pairs")
    return [n / d for n, d in zip(numerators, denominators, strict=True)]


def paired_differences(minuends: Sequence[float], subtrahends: Sequence[float]) -> list[float]:
    """``minuends[i] - subtrahends[i]``, round by round."""
    if len(minuends) != len(subtrahends):
        raise ValueError("paired measurements must come in pairs")
    return [a - b for a, b in zip(minuends, subtrahends, strict=True)]


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


def pin(pid: int, cpu: int) -> None:
    """Run process ``pid`` on one CPU, when the machine has two or more; otherwise leave it be."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2:
        os.sched_setaffinity(pid, {cpu})


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for measured children: this one without ``PYTHON*`` variables or a venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    env.update(extra or {})
    return env


# The line a cold child prints when done: modules loaded and peak RSS (KiB). VmHWM is the high-water mark
# of this process image only; rusage's ru_maxrss would also count the harness's memory from before exec.
REPORT_LINE = (
    "import sys\n"
    "_hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
    "print(len(sys.modules), _hwm[0] if _hwm else 0, flush=True)\n"
)


@dataclass(frozen=True)
class ColdSample:
    """One child process, from spawn: when its report line arrived, when it exited, what it used."""

    first_line_s: float
    exit_s: float
    cpu_s: float
    peak_rss_kib: int
    modules: int


def parse_report_line(line: str) -> tuple[int, int]:
    """``(modules, peak_rss_kib)`` from a cold child's ``REPORT_LINE`` output."""
    fields = line.split()
    if len(fields) != 2 or not all(f.isdigit() for f in fields):
        raise ValueError(f"not a report line: {line!r}")
    return int(fields[0]), int(fields[1])


class ChildFailed(RuntimeError):
    """A measured child process failed; the message carries the end of its stderr."""


def _tail(handle: IO[bytes], limit: int = 2000) -> str:
    handle.seek(0)
    return handle.read().decode(errors="replace")[-limit:]


def run_cold(
    argv: Sequence[str], *, env: Mapping[str, str] | None = None, cpu: int | None = None
) -> ColdSample:
    """Start ``argv`` and time it until its first stdout line and until it exits (``os.wait4`` rusage).

    The child is expected to print :data:`REPORT_LINE`'s line when done, then exit 0.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, env=dict(env or child_env()))
        if cpu is not None:
            pin(process.pid, cpu)
        assert process.stdout is not None
        first_line = process.stdout.readline()
        first_line_s = time.perf_counter() - started
        process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        exit_s = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stdout.close()
        if process.returncode != 0:
            raise ChildFailed(f"{' '.join(argv)} exited {process.returncode}: {_tail(errors)}")
    modules, peak_rss_kib = parse_report_line(first_line.decode(errors="replace"))
    return ColdSample(
        first_line_s=first_line_s,
        exit_s=exit_s,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_kib=peak_rss_kib,
        modules=modules,
    )


class Worker:
    """A contender's process, driven with one JSON command per line (see ``bench/contenders/_worker.py``).

    Example::

        with Worker("httpx sync", [python, "bench/contenders/httpx_sync.py", base_url]) as worker:
            samples = worker.ask(cmd="slice", op="invite", budget_s=0.3, max_calls=5000)
    """

    def __init__(self, name: str, argv: Sequence[str], *, cwd: Path | None = None, cpu: int | None = None):
        self.name = name
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker; closed in close()
        self._process = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            env=child_env(),
            cwd=cwd,
            text=True,
            bufsize=1,
        )
        if cpu is not None:
            pin(self._process.pid, cpu)

    def ask(self, **command: Any) -> dict[str, Any]:
        """Send one command and return the worker's answer; raise :class:`ChildFailed` on an error."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None
        assert stdout is not None
        try:
            stdin.write(json.dumps(command) + "\n")
            stdin.flush()
        except BrokenPipeError:
            raise ChildFailed(f"{self.name} died: {_tail(self._errors)}") from None
        line = stdout.readline()
        if not line:
            raise ChildFailed(f"{self.name} died: {_tail(self._errors)}")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise ChildFailed(f"{self.name}: {answer['error']}")
        return answer

    def close(self) -> None:
        """Ask the worker to quit and reap it (killing it if it does not go)."""
        if self._process.poll() is None:
            try:
                assert self._process.stdin is not None
                self._process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                self._process.stdin.close()
                self._process.wait(10)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._errors.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
