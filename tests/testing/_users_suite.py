"""Running a user's own pytest suite in a subprocess, as the user would on their machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# pytest prints failure messages in full in its short summary when it believes it runs on CI (either
# variable set): what a user's suite prints would then depend on where our tests run.
_CI_MARKERS = ("CI", "BUILD_NUMBER")


def run_pytest(
    project: Path, *args: str, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    """pytest run quietly on ``project`` (its own rootdir, no cache), summary lines up to 250 columns."""
    environment = {name: value for name, value in os.environ.items() if name not in _CI_MARKERS}
    environment.update(COLUMNS="250", **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(project), *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=environment,
    )


def printed_by_pytest(project: Path, *args: str) -> str:
    """Everything :func:`run_pytest` printed, stdout then stderr."""
    run = run_pytest(project, *args)
    return run.stdout + run.stderr
