"""Running a user's own pytest suite in a subprocess, as the user would on their machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# pytest prints failure messages in full in its short summary when it believes it runs on CI (either
# variable set): what a user's suite prints would then depend on where our tests run.
_CI_MARKERS = ("CI", "BUILD_NUMBER")
# pytest plugins of our development environment that `pip install graph-calls[testing]` does not bring: a
# user's suite runs without them. Loading them cost each run ~0.5 s of CPU (schemathesis' plugin imports
# hypothesis and requests).
DEV_ONLY_PLUGINS = ("schemathesis", "hypothesispytest", "xdist", "xdist.looponfail")


def run_pytest(
    project: Path, *args: str, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    """pytest run quietly on ``project`` (its own rootdir, no cache, none of :data:`DEV_ONLY_PLUGINS`),
    summary lines up to 250 columns."""
    environment = {name: value for name, value in os.environ.items() if name not in _CI_MARKERS}
    environment.update(COLUMNS="250", **env)
    blocked = [option for name in DEV_ONLY_PLUGINS for option in ("-p", f"no:{name}")]
    options = ["-q", "-p", "no:cacheprovider", *blocked, "--rootdir", str(project), *args]
    return subprocess.run(
        [sys.executable, "-m", "pytest", *options],
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


def outcomes_by_test(printed: str, module: str | None = None) -> dict[str, list[str]]:
    """What a ``-rA`` summary says of each test: ``{"test_x.py::test_y": ["PASSED", "ERROR"]}``; with
    ``module`` (``"test_x.py"``), that module's tests alone, by name (``{"test_y": [...]}``).

    A test whose body passed and whose teardown failed is listed twice (PASSED, then ERROR).
    """
    outcomes: dict[str, list[str]] = {}
    for line in printed.splitlines():
        word, _, rest = line.partition(" ")
        if word in ("PASSED", "FAILED", "ERROR", "SKIPPED", "XFAIL", "XPASS") and "::" in rest:
            outcomes.setdefault(rest.split(" - ", 1)[0].strip(), []).append(word)
    if module is None:
        return outcomes
    prefix = f"{module}::"
    return {test.removeprefix(prefix): seen for test, seen in outcomes.items() if test.startswith(prefix)}
