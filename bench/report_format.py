"""The report's vocabulary: a claim row (:class:`Target`), numbers, spreads, ratios, sizes and tables.

Shared by :mod:`bench.report` and :mod:`bench.report_bursts`; knows nothing of what was measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.measure import Summary

MIB = 1024.0
KIB = 1024.0


@dataclass(frozen=True)
class Target:
    """One row of the claims table."""

    claim: str
    graph_calls: str
    baseline: str
    measured: str
    goal: str
    met: bool | None  # None: reported only, or could not be measured

    def verdict(self) -> str:
        """``met``, ``NOT MET`` or ``—``."""
        return "—" if self.met is None else ("met" if self.met else "**NOT MET**")


def number(value: float) -> str:
    """Three significant figures, thousands separated: 0.412, 4.12, 41.2, 412, 1,254."""
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def spread(summary: Summary, unit: str = "") -> str:
    """``median (p25–p75)`` with a unit after each number."""
    return f"{number(summary.median)}{unit} ({number(summary.p25)}–{number(summary.p75)})"


def ratio(summary: Summary) -> str:
    """``1.42× (1.38–1.47)``."""
    return spread(summary, "×")


def signed(value: float) -> str:
    """``+12.3`` or ``-4.56``: a difference, always with its sign."""
    return ("+" if value >= 0 else "-") + number(abs(value))


def signed_ms(summary: Summary) -> str:
    """A difference in seconds as ``+12.3 ms (+8.1 to +15.0)``: median (p25 to p75)."""
    ms = summary.scaled(1000)
    return f"{signed(ms.median)} ms ({signed(ms.p25)} to {signed(ms.p75)})"


def kib(value_bytes: float) -> str:
    """Bytes as ``12.3 KiB``."""
    return f"{number(value_bytes / KIB)} KiB"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table's lines."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
