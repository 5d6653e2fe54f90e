"""``make upstream-diff``: the report on stdout, a last status line on stderr, success on exit 0 and 1 (no
difference, additive/cosmetic only) and failure on 2 and 3 (breaking, could not compare).

Runs the repository's Makefile in a subprocess against the snapshots in ../shared/upstream. The target
writes nothing; ``-o .venv/.installed`` keeps make from reinstalling the virtualenv whatever its timestamps.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO_ROOT
from .test_drift import METADATA_2023, METADATA_2024, MODULE_2023, MODULE_2024, needs_snapshots

STATUS = re.compile(r"^drift report exit status: (\d) \(0 none, 1 additive/cosmetic, 2 breaking, 3 error\)$")
pytestmark = [
    needs_snapshots,
    pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make"),
]


def upstream_diff(**variables: str | Path) -> tuple[int, str, int]:
    """``make -s upstream-diff VAR=value...``: make's exit code, the report (stdout), the printed status."""
    assignments = [f"{name}={value}" for name, value in variables.items()]
    completed = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "upstream-diff", *assignments],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    statuses = [int(m.group(1)) for m in map(STATUS.match, completed.stderr.splitlines()) if m]
    assert len(statuses) == 1, completed.stderr
    return completed.returncode, completed.stdout, statuses[0]


def test_no_difference_succeeds_with_status_0(pinned_paths: tuple[Path, Path]) -> None:
    code, report, status = upstream_diff(UPSTREAM=pinned_paths[0], METADATA=pinned_paths[1])
    assert (code, status) == (0, 0)
    assert "→ exit 0" in report


def test_additive_and_cosmetic_changes_succeed_with_status_1() -> None:
    code, report, status = upstream_diff(
        BASE=MODULE_2023, BASE_METADATA=METADATA_2023, UPSTREAM=MODULE_2024, METADATA=METADATA_2024
    )
    assert (code, status) == (0, 1)
    assert "0 breaking, 5 additive" in report


def test_breaking_changes_fail_with_status_2() -> None:
    # pin → 2023-12-07: sendDtmfTones and its models disappear.
    code, report, status = upstream_diff(UPSTREAM=MODULE_2023, METADATA=METADATA_2023)
    assert code != 0
    assert status == 2
    assert "operation.removed" in report


def test_inputs_that_cannot_be_compared_fail_with_status_3(tmp_path: Path) -> None:
    code, report, status = upstream_diff(UPSTREAM=tmp_path / "missing.yml")
    assert code != 0
    assert status == 3
    assert report == ""


def test_json_and_markdown_keep_stdout_to_the_report() -> None:
    base = {
        "BASE": MODULE_2023,
        "BASE_METADATA": METADATA_2023,
        "UPSTREAM": MODULE_2024,
        "METADATA": METADATA_2024,
    }
    code, report, status = upstream_diff(**base, FORMAT="json")
    assert (code, status) == (0, 1)
    assert json.loads(report)["exit_status"] == 1
    code, report, status = upstream_diff(**base, FORMAT="markdown")
    assert (code, status) == (0, 1)
    assert report.startswith("# Upstream drift report\n")
