"""The context of the absolute figures: the machine, the commit, and the versions each venv holds."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from bench.measure import CLIENT_CPU, SERVER_CPU
from bench.venvs import REPO_ROOT, Venv, distributions

GRAPH_CALLS_DISTS = (
    "graph-calls",
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "sniffio",
    "attrs",
    "msal",
    "pyjwt",
    "cryptography",
)
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
# The repository's own venv (``make bench`` runs in it): the speed scripts that need the [testing] extra.
REPO_VENV = "repo .venv"
REPO_VENV_DISTS = (
    "graph-calls",
    "httpx",
    "httpcore",
    "uvicorn",
    "starlette",
    "openapi-core",
    "trustme",
    "pyjwt",
)


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
    """The versions that matter, per venv: the bench venvs, and the repository's (this interpreter's)."""
    wanted = {"graph-calls": GRAPH_CALLS_DISTS, "msgraph": MSGRAPH_DISTS}
    everywhere = {**venvs, REPO_VENV: Venv(REPO_VENV, Path(sys.prefix))}
    versions: dict[str, dict[str, str]] = {}
    for name, dists in {**wanted, REPO_VENV: REPO_VENV_DISTS}.items():
        if everywhere[name].available:
            found = {k.lower(): v for k, v in distributions(everywhere[name]).items()}
            versions[name] = {d: found.get(d, "missing") for d in dists}
    return versions
